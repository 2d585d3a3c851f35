/** Partner-facing routes, served under /api/wire. Each handler is its own API-token scope. */
const contentApi = {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/articles', handler: 'article.find', config: { policies: [] } },
    { method: 'GET', path: '/articles/:id', handler: 'article.findOne', config: { policies: [] } },
    { method: 'POST', path: '/ingest', handler: 'ingest.push', config: { policies: [] } },
  ],
};

export default { 'content-api': contentApi };
