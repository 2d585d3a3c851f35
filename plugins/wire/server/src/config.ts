export interface WireConfig {
  /** Folder of demo feeds ingested when the database has no articles yet; null to skip. */
  demoFolder: string | null;
  maxPushBytes: number;
  /** Scheduled polling (Strapi cron), on every node; leases keep each feed to one node at a time. */
  poll: { enabled: boolean; tickSeconds: number };
  /** Limits on fetching a feed over HTTP. */
  http: { timeoutMs: number; maxBytes: number; maxRedirects: number };
  /**
   * Largest item (its XML, in characters) read from a streamed feed; a larger one is rejected, the
   * others still read. Largest document streamed from a file (archives).
   */
  maxItemBytes: number;
  maxDocumentBytes: number;
  /** A feed pauses itself after this many consecutive failed polls. */
  maxConsecutiveFailures: number;
  /** Quote limit (percent) for licences that state none; null serves headline and link only. */
  fallbackQuotePercent: number | null;
  /** Requests per API token per window, on each node; max 0 turns the limit off. */
  rateLimit: { max: number; windowSeconds: number };
  /** `Cache-Control: private, max-age=` for partner responses (they always carry an ETag). */
  cacheMaxAgeSeconds: number;
  /** Public base URL of the API, for links in feeds and ninjs; null: taken from the request. */
  publicUrl: string | null;
}

export default {
  default: {
    demoFolder: null,
    maxPushBytes: 20 * 1024 * 1024,
    poll: { enabled: false, tickSeconds: 30 },
    http: { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, maxRedirects: 5 },
    maxItemBytes: 2 * 1024 * 1024,
    maxDocumentBytes: 1024 * 1024 * 1024,
    maxConsecutiveFailures: 10,
    fallbackQuotePercent: null,
    rateLimit: { max: 600, windowSeconds: 60 },
    cacheMaxAgeSeconds: 0,
    publicUrl: null,
  } satisfies WireConfig,
  validator(config: WireConfig) {
    const fallback = config.fallbackQuotePercent;
    if (fallback !== null && !(typeof fallback === 'number' && fallback >= 0 && fallback <= 100)) {
      throw new Error(`wire.fallbackQuotePercent must be null or a number from 0 to 100 (got "${fallback}")`);
    }
  },
};
