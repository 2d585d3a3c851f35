/**
 * Partner-facing routes, served under /api/wire. Each handler is its own API-token scope; read
 * scopes end in `find`/`findOne` so read-only tokens may use them. Every route but the OpenAPI
 * document and the TDM policy counts against the partner's limits (middlewares/rate-limit.ts).
 */
// A new object per route: Strapi writes each route's auth scope into its config, and a shared
// object would give every route the scope of the last one.
const limited = () => ({ policies: [], middlewares: ['plugin::wire.rate-limit'] });

export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/articles', handler: 'article.find', config: limited() },
    { method: 'GET', path: '/articles/:id', handler: 'article.findOne', config: limited() },
    { method: 'GET', path: '/articles/:id/versions', handler: 'version.find', config: limited() },
    { method: 'GET', path: '/articles/:id/quote', handler: 'quote.findOne', config: limited() },
    { method: 'GET', path: '/changes', handler: 'change.find', config: limited() },
    { method: 'GET', path: '/feed.rss', handler: 'rss.find', config: limited() },
    { method: 'GET', path: '/feed.atom', handler: 'atom.find', config: limited() },
    { method: 'POST', path: '/ingest', handler: 'ingest.push', config: limited() },
    { method: 'GET', path: '/openapi.json', handler: 'openapi.find', config: { auth: false, policies: [] } },
    { method: 'GET', path: '/licences/:id/policy', handler: 'policy.findOne', config: limited() },
    { method: 'GET', path: '/articles/:id/policy', handler: 'agreement.findOne', config: limited() },
    { method: 'GET', path: '/account', handler: 'account.find', config: limited() },
    // The partner's own usage (controllers/usage.ts).
    { method: 'GET', path: '/usage', handler: 'usage.find', config: limited() },
    { method: 'GET', path: '/usage.csv', handler: 'usageCsv.find', config: limited() },
    { method: 'GET', path: '/tdm-policy', handler: 'tdm.find', config: { auth: false, policies: [] } },
  ],
};
