export interface WireConfig {
  /** Folder of demo feeds ingested when the database has no articles yet; null to skip. */
  demoFolder: string | null;
  defaultAccess: 'full' | 'quote';
  maxPushBytes: number;
}

export default {
  default: {
    demoFolder: null,
    defaultAccess: 'quote',
    maxPushBytes: 20 * 1024 * 1024,
  } satisfies WireConfig,
  validator(config: WireConfig) {
    if (!['full', 'quote'].includes(config.defaultAccess)) {
      throw new Error(`wire.defaultAccess must be "full" or "quote" (got "${config.defaultAccess}")`);
    }
  },
};
