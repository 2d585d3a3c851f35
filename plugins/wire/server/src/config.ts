export interface WireConfig {
  /** Folder of demo feeds ingested when the database has no articles yet; null to skip. */
  demoFolder: string | null;
  defaultAccess: 'full' | 'quote';
  maxPushBytes: number;
  /** Scheduled polling (Strapi cron), on every node; leases keep each feed to one node at a time. */
  poll: { enabled: boolean; tickSeconds: number };
  /** Limits on fetching a feed over HTTP. */
  http: { timeoutMs: number; maxBytes: number; maxRedirects: number };
  /** A feed pauses itself after this many consecutive failed polls. */
  maxConsecutiveFailures: number;
}

export default {
  default: {
    demoFolder: null,
    defaultAccess: 'quote',
    maxPushBytes: 20 * 1024 * 1024,
    poll: { enabled: false, tickSeconds: 30 },
    http: { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, maxRedirects: 5 },
    maxConsecutiveFailures: 10,
  } satisfies WireConfig,
  validator(config: WireConfig) {
    if (!['full', 'quote'].includes(config.defaultAccess)) {
      throw new Error(`wire.defaultAccess must be "full" or "quote" (got "${config.defaultAccess}")`);
    }
  },
};
