export default ({ env }) => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  // gzip for partner responses (lists and feeds compress about tenfold).
  'strapi::compression',
  'strapi::query',
  {
    // Agencies push whole feed documents to POST /api/wire/ingest: allow them to be large, and keep
    // the unparsed text so a pushed document is ingested byte for byte.
    name: 'strapi::body',
    config: {
      jsonLimit: env('WIRE_PUSH_LIMIT', '20mb'),
      textLimit: env('WIRE_PUSH_LIMIT', '20mb'),
      formLimit: '1mb',
      includeUnparsed: true,
    },
  },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
