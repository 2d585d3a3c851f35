// Strapi's default list. Wire adds its own (plugin::wire.push-body, just before strapi::body) when it
// registers, as it does in any host app.
export default () => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  // gzip for partner responses (lists and feeds compress about tenfold).
  'strapi::compression',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
