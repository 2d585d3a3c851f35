import path from "node:path";

export default ({ env }) => ({
  wire: {
    enabled: true,
    resolve: './plugins/wire',
    config: {
      // Ingest the demo feeds in database/seed when the database has no articles yet (development).
      demoFolder: env.bool('WIRE_SEED_DEMO', env('NODE_ENV', 'development') === 'development') ? path.join(process.cwd(), 'database/seed') : null,
      // Scheduled polling of feeds. Every node runs it; database leases keep each feed to one node.
      poll: {
        enabled: env.bool('WIRE_POLL_ENABLED', true),
        tickSeconds: env.int('WIRE_POLL_TICK_SECONDS', 30),
      },
      http: {
        timeoutMs: env.int('WIRE_HTTP_TIMEOUT_MS', 30000),
        maxBytes: env.int('WIRE_HTTP_MAX_BYTES', 50 * 1024 * 1024),
        maxRedirects: env.int('WIRE_HTTP_MAX_REDIRECTS', 5),
      },
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
