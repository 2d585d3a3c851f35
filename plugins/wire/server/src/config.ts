import { parseAllowList } from './ingest/address-policy';

export interface WireConfig {
  /** Folder of demo feeds ingested when the database has no articles yet; null to skip. */
  demoFolder: string | null;
  /** Largest body POST /api/wire/ingest takes (`WIRE_PUSH_LIMIT`); every other route keeps Strapi's defaults. */
  maxPushBytes: number;
  /**
   * Scheduled polling (Strapi cron), on every node; leases keep each feed to one node at a time.
   * `concurrency`: how many feeds one node polls at a time on a tick. `maxSeconds`: how long one
   * poll may take as a whole, fetching and storing (`http.timeoutMs` bounds only the waits on the
   * network); past it the poll stops, keeps what it stored, and the next poll goes on.
   */
  poll: { enabled: boolean; tickSeconds: number; concurrency: number; maxSeconds: number };
  /**
   * Limits on fetching a feed over HTTP. `allow`: hosts, addresses and ranges (CIDR) Wire may fetch
   * from besides public addresses (loopback, private and other special ranges are refused).
   */
  http: { timeoutMs: number; maxBytes: number; maxRedirects: number; allow: string[] };
  /** Folder that every drop-folder feed must live in; null: `drop/` in the app. */
  dropRoot: string | null;
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
  /** Public base URL of the API, for links in feeds, OpenAPI and ninjs; null: `server.url` when absolute, else http://localhost:<port> (never the Host header). */
  publicUrl: string | null;
}

export default {
  default: {
    demoFolder: null,
    maxPushBytes: 20 * 1024 * 1024,
    poll: { enabled: false, tickSeconds: 30, concurrency: 4, maxSeconds: 900 },
    http: { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, maxRedirects: 5, allow: [] },
    dropRoot: null,
    maxItemBytes: 2 * 1024 * 1024,
    maxDocumentBytes: 1024 * 1024 * 1024,
    maxConsecutiveFailures: 10,
    fallbackQuotePercent: null,
    rateLimit: { max: 600, windowSeconds: 60 },
    cacheMaxAgeSeconds: 0,
    publicUrl: null,
  } satisfies WireConfig,
  validator(config: WireConfig) {
    parseAllowList(config.http.allow);
    if (!(Number.isInteger(config.poll.concurrency) && config.poll.concurrency >= 1)) {
      throw new Error(`wire.poll.concurrency must be a whole number, at least 1 (got "${config.poll.concurrency}")`);
    }
    const maxSeconds = config.poll.maxSeconds;
    if (!(typeof maxSeconds === 'number' && maxSeconds > 0)) {
      throw new Error(`wire.poll.maxSeconds must be a number of seconds above 0 (got "${maxSeconds}")`);
    }
    const fallback = config.fallbackQuotePercent;
    if (fallback !== null && !(typeof fallback === 'number' && fallback >= 0 && fallback <= 100)) {
      throw new Error(`wire.fallbackQuotePercent must be null or a number from 0 to 100 (got "${fallback}")`);
    }
  },
};
