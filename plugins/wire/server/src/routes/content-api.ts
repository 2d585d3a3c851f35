/** Partner-facing routes, served under /api/wire. Each handler is its own API-token scope. */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/articles', handler: 'article.find', config: { policies: [] } },
    { method: 'GET', path: '/articles/:id', handler: 'article.findOne', config: { policies: [] } },
    // `version.find`: a read scope, so read-only tokens may list versions.
    { method: 'GET', path: '/articles/:id/versions', handler: 'version.find', config: { policies: [] } },
    { method: 'POST', path: '/ingest', handler: 'ingest.push', config: { policies: [] } },
  ],
};
