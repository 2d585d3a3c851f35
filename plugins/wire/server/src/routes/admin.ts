import { ACTIONS, RELEASE_ACTIONS } from '../../../shared/permissions';

const guard = (actions: string[]) => [{ name: 'admin::hasPermissions', config: { actions } }];
/** Any one of the actions (Strapi's hasPermissions asks for all): policies/any-permission.ts. */
const guardAny = (actions: readonly string[]) => [
  { name: 'plugin::wire.any-permission', config: { actions: [...actions] } },
];
const read = { policies: guard([ACTIONS.readDesk]) };
const feeds = { policies: guard([ACTIONS.manageFeeds]) };
const licences = { policies: guard([ACTIONS.manageLicences]) };
const partners = { policies: guard([ACTIONS.managePartners]) };
const agencies = { policies: guard([ACTIONS.manageAgencies]) };
const alerts = { policies: guard([ACTIONS.manageAlerts]) };
const rules = { policies: guard([ACTIONS.manageRules]) };
const release = { policies: guardAny(RELEASE_ACTIONS) };
const take = { policies: guard([ACTIONS.takeArticles]) };
const usage = { policies: guard([ACTIONS.readUsage]) };
const pictures = { policies: guard([ACTIONS.fetchPictures]) };

/** Editors' routes, under /wire in the admin API; each checks the editor's permissions. */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/desk', handler: 'desk.overview', config: read },
    { method: 'GET', path: '/agencies', handler: 'desk.agencies', config: read },
    { method: 'PUT', path: '/agencies/:code', handler: 'desk.updateAgency', config: agencies },
    { method: 'GET', path: '/articles', handler: 'desk.articles', config: read },
    { method: 'GET', path: '/articles/:id', handler: 'desk.article', config: read },
    { method: 'GET', path: '/articles/:id/compare', handler: 'desk.compare', config: read },
    { method: 'POST', path: '/articles/:id/quote', handler: 'desk.quote', config: read },
    // Releasing a held story or setting its embargo decides what partners receive: feed managers only.
    { method: 'PUT', path: '/articles/:id/embargo', handler: 'desk.embargo', config: feeds },
    // Releasing a story a routing rule held for review: rule managers or feed managers.
    { method: 'POST', path: '/articles/:id/release', handler: 'desk.release', config: release },
    // A draft of the site's own type (services/take.ts); the editor also needs create on that type.
    { method: 'POST', path: '/articles/:id/take', handler: 'desk.take', config: take },
    // The story's pictures into the Media Library (services/pictures.ts); also needs upload there.
    { method: 'POST', path: '/articles/:id/pictures', handler: 'desk.pictures', config: pictures },
    { method: 'GET', path: '/articles/:id/ledger', handler: 'ledger.find', config: read },
    { method: 'POST', path: '/articles/:id/ledger/reset', handler: 'ledger.reset', config: partners },

    { method: 'GET', path: '/feeds', handler: 'feed.find', config: read },
    { method: 'POST', path: '/feeds', handler: 'feed.create', config: feeds },
    // Before /feeds/:id so that "test" is not read as an id.
    { method: 'POST', path: '/feeds/test', handler: 'feed.test', config: feeds },
    { method: 'GET', path: '/feeds/:id', handler: 'feed.findOne', config: read },
    { method: 'PUT', path: '/feeds/:id', handler: 'feed.update', config: feeds },
    { method: 'POST', path: '/feeds/:id/pause', handler: 'feed.pause', config: feeds },
    { method: 'POST', path: '/feeds/:id/resume', handler: 'feed.resume', config: feeds },
    { method: 'POST', path: '/feeds/:id/poll', handler: 'feed.poll', config: feeds },
    { method: 'GET', path: '/feeds/:id/runs', handler: 'feed.runs', config: read },

    // Routing rules: every route, reading included, with rules.manage (a rule says what is held).
    { method: 'GET', path: '/rules', handler: 'rule.find', config: rules },
    { method: 'POST', path: '/rules', handler: 'rule.create', config: rules },
    // Before /rules/:id so that "try" and "order" are not read as ids.
    { method: 'POST', path: '/rules/try', handler: 'rule.try', config: rules },
    { method: 'PUT', path: '/rules/order', handler: 'rule.reorder', config: rules },
    { method: 'GET', path: '/rules/:id', handler: 'rule.findOne', config: rules },
    { method: 'PUT', path: '/rules/:id', handler: 'rule.update', config: rules },
    { method: 'DELETE', path: '/rules/:id', handler: 'rule.delete', config: rules },

    { method: 'GET', path: '/licences', handler: 'licence.find', config: read },
    { method: 'PUT', path: '/licences/:id', handler: 'licence.update', config: licences },

    { method: 'GET', path: '/partners', handler: 'partner.find', config: partners },
    { method: 'POST', path: '/partners', handler: 'partner.create', config: partners },
    { method: 'PUT', path: '/partners/:id', handler: 'partner.update', config: partners },
    { method: 'POST', path: '/partners/:id/revoke', handler: 'partner.revoke', config: partners },
    { method: 'POST', path: '/partners/:id/keys', handler: 'partner.newKey', config: partners },

    // An editor's own alerts (services/alerts.ts); another editor's are not found.
    { method: 'GET', path: '/alerts', handler: 'alert.find', config: alerts },
    { method: 'POST', path: '/alerts', handler: 'alert.create', config: alerts },
    { method: 'GET', path: '/alerts/:id', handler: 'alert.findOne', config: alerts },
    { method: 'PUT', path: '/alerts/:id', handler: 'alert.update', config: alerts },
    { method: 'DELETE', path: '/alerts/:id', handler: 'alert.delete', config: alerts },
    { method: 'GET', path: '/alerts/:id/matches', handler: 'alert.matches', config: alerts },
    // The editor's own desk notifications: alert matches, and feed trouble for feed managers.
    { method: 'GET', path: '/notifications', handler: 'alert.notifications', config: read },
    { method: 'POST', path: '/notifications/read', handler: 'alert.markRead', config: read },

    // Every partner's usage and the royalty report (controllers/usage.ts).
    { method: 'GET', path: '/usage', handler: 'deskUsage.find', config: usage },
    { method: 'GET', path: '/usage.csv', handler: 'deskUsage.csv', config: usage },
  ],
};
