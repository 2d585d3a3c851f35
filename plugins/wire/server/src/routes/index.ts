/** Partner-facing routes, served under /api/wire. Each handler is its own API-token scope. */
const contentApi = {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/articles', handler: 'article.find', config: { policies: [] } },
    { method: 'GET', path: '/articles/:id', handler: 'article.findOne', config: { policies: [] } },
    // `version.find`: a read scope, so read-only tokens may list versions.
    { method: 'GET', path: '/articles/:id/versions', handler: 'version.find', config: { policies: [] } },
    { method: 'POST', path: '/ingest', handler: 'ingest.push', config: { policies: [] } },
  ],
};

const guard = (actions: string[]) => [{ name: 'admin::hasPermissions', config: { actions } }];

/** Editors' routes, under /wire in the admin API; each checks the editor's permissions. */
const admin = {
  type: 'admin',
  routes: [
    { method: 'POST', path: '/feeds/:id/poll', handler: 'feed.poll', config: { policies: guard(['plugin::wire.feeds.manage']) } },
    { method: 'GET', path: '/feeds/:id/runs', handler: 'feed.runs', config: { policies: guard(['plugin::wire.desk.read']) } },
  ],
};

export default { 'content-api': contentApi, admin };
