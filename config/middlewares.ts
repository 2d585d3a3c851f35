export default () => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  // gzip for partner responses (lists and feeds compress about tenfold).
  'strapi::compression',
  'strapi::query',
  // POST /api/wire/ingest takes large bodies (WIRE_PUSH_LIMIT) as raw bytes for the feed parser;
  // it hides that one body from strapi::body, which keeps Strapi's default limits for every route.
  'plugin::wire.push-body',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
