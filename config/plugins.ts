import path from 'node:path';

/** `20mb`, `512kb`, `1048576`: a size in bytes. */
function byteSize(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(String(value));
  if (!m) throw new Error(`WIRE_PUSH_LIMIT must be a size such as 20mb (got "${value}")`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}

export default ({ env }) => ({
  // Strapi's own default, sendmail, named by its package: Strapi prints its advice to use an SMTP relay
  // only for the short name "sendmail", on every start and CLI command. Mail goes out only for admin
  // password resets; an operator with a relay installs @strapi/provider-email-nodemailer and sets it
  // here (docs/operations.md).
  email: {
    config: { provider: '@strapi/provider-email-sendmail' },
  },
  wire: {
    enabled: true,
    resolve: './plugins/wire',
    config: {
      // Ingest the demo feeds in database/seed when the database has no articles yet (development).
      demoFolder: env.bool('WIRE_SEED_DEMO', env('NODE_ENV', 'development') === 'development')
        ? path.join(process.cwd(), 'database/seed')
        : null,
      // Largest document POST /api/wire/ingest accepts (bytes, or with kb/mb/gb); every other route
      // keeps Strapi's default body limits.
      maxPushBytes: byteSize(env('WIRE_PUSH_LIMIT', '20mb')),
      // Scheduled polling of feeds. Every node runs it; database leases keep each feed to one node.
      poll: {
        enabled: env.bool('WIRE_POLL_ENABLED', true),
        tickSeconds: env.int('WIRE_POLL_TICK_SECONDS', 30),
        // Feeds one node polls at a time; each has its own time limit, so a slow feed delays no other.
        concurrency: env.int('WIRE_POLL_CONCURRENCY', 4),
        // How long one poll may take as a whole, fetching and storing; the next poll goes on from there.
        maxSeconds: env.float('WIRE_POLL_MAX_SECONDS', 900),
      },
      http: {
        timeoutMs: env.int('WIRE_HTTP_TIMEOUT_MS', 30000),
        maxBytes: env.int('WIRE_HTTP_MAX_BYTES', 50 * 1024 * 1024),
        maxRedirects: env.int('WIRE_HTTP_MAX_REDIRECTS', 5),
        // Hosts, addresses and CIDR ranges feeds may be fetched from besides public addresses
        // (loopback, private, link-local... are refused): e.g. "feeds.internal,10.1.0.0/16".
        allow: env.array('WIRE_FEED_ALLOW', []),
      },
      // Drop-folder feeds must live inside this folder (default: drop/ in the app).
      dropRoot: env('WIRE_DROP_ROOT', null),
      // Feeds are read item by item: one item's XML at most this big; a file (archive) at most this big.
      maxItemBytes: env.int('WIRE_MAX_ITEM_BYTES', 2 * 1024 * 1024),
      maxDocumentBytes: env.int('WIRE_MAX_DOCUMENT_BYTES', 1024 * 1024 * 1024),
      maxConsecutiveFailures: env.int('WIRE_MAX_CONSECUTIVE_FAILURES', 10),
      // Quote limit for licences that state none; unset: headline and link only (the strictest).
      fallbackQuotePercent: env('WIRE_FALLBACK_QUOTE_PERCENT') ? env.float('WIRE_FALLBACK_QUOTE_PERCENT') : null,
      // Requests per partner token per window, counted on each node (0 turns it off).
      rateLimit: { max: env.int('WIRE_RATE_LIMIT', 600), windowSeconds: env.int('WIRE_RATE_LIMIT_WINDOW_SECONDS', 60) },
      cacheMaxAgeSeconds: env.int('WIRE_CACHE_MAX_AGE', 0),
      publicUrl: env('WIRE_PUBLIC_URL', null),
    },
  },
});
