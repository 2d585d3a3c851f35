export interface WireConfig {
  /** Folder of demo feeds ingested when the database has no articles yet; null to skip. */
  demoFolder: string | null;
  defaultAccess: 'full' | 'quote';
  /** Largest body POST /api/wire/ingest takes (`WIRE_PUSH_LIMIT`); every other route keeps Strapi's defaults. */
  maxPushBytes: number;
  /** Scheduled polling (Strapi cron), on every node; leases keep each feed to one node at a time. */
  poll: { enabled: boolean; tickSeconds: number };
  /** Limits on fetching a feed over HTTP. */
  http: { timeoutMs: number; maxBytes: number; maxRedirects: number };
  /** A feed pauses itself after this many consecutive failed polls. */
  maxConsecutiveFailures: number;
  /** Quote limit (percent) for licences that state none; null serves headline and link only. */
  fallbackQuotePercent: number | null;
  /** Requests per API token per window, on each node; max 0 turns the limit off. */
  rateLimit: { max: number; windowSeconds: number };
  /** `Cache-Control: private, max-age=` for partner responses (they always carry an ETag). */
  cacheMaxAgeSeconds: number;
  /** Public base URL of the API, for links in feeds, OpenAPI and ninjs; null: `server.url` when absolute, else http://localhost:<port> (never the Host header). */
  publicUrl: string | null;
}

export default {
  default: {
    demoFolder: null,
    defaultAccess: 'quote',
    maxPushBytes: 20 * 1024 * 1024,
    poll: { enabled: false, tickSeconds: 30 },
    http: { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, maxRedirects: 5 },
    maxConsecutiveFailures: 10,
    fallbackQuotePercent: null,
    rateLimit: { max: 600, windowSeconds: 60 },
    cacheMaxAgeSeconds: 0,
    publicUrl: null,
  } satisfies WireConfig,
  validator(config: WireConfig) {
    if (!['full', 'quote'].includes(config.defaultAccess)) {
      throw new Error(`wire.defaultAccess must be "full" or "quote" (got "${config.defaultAccess}")`);
    }
    const fallback = config.fallbackQuotePercent;
    if (fallback !== null && !(typeof fallback === 'number' && fallback >= 0 && fallback <= 100)) {
      throw new Error(`wire.fallbackQuotePercent must be null or a number from 0 to 100 (got "${fallback}")`);
    }
  },
};
