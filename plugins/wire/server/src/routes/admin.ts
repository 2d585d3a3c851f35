import { ACTIONS } from '../bootstrap';

const guard = (actions: string[]) => [{ name: 'admin::hasPermissions', config: { actions } }];

/** Editors' routes, under /wire in the admin API; each checks the editor's permissions. */
export default {
  type: 'admin',
  routes: [
    { method: 'POST', path: '/feeds/:id/poll', handler: 'feed.poll', config: { policies: guard([ACTIONS.manageFeeds]) } },
    { method: 'GET', path: '/feeds/:id/runs', handler: 'feed.runs', config: { policies: guard([ACTIONS.readDesk]) } },
  ],
};
