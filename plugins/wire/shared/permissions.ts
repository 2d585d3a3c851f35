/**
 * The plugin's id and its admin permissions. The server registers these actions and checks them on
 * every admin route; the desk decides which buttons to show from the same list.
 */
export const PLUGIN_ID = 'wire';

export const ACTIONS = {
  readDesk: 'plugin::wire.desk.read',
  manageFeeds: 'plugin::wire.feeds.manage',
  manageLicences: 'plugin::wire.licences.manage',
  managePartners: 'plugin::wire.partners.manage',
  manageAgencies: 'plugin::wire.agencies.manage',
  manageAlerts: 'plugin::wire.alerts.manage',
  manageRules: 'plugin::wire.rules.manage',
  takeArticles: 'plugin::wire.articles.take',
  readUsage: 'plugin::wire.usage.read',
  fetchPictures: 'plugin::wire.articles.pictures',
} as const;

/** The Media Library's own upload action: fetching pictures into it also needs it (services/pictures.ts). */
export const UPLOAD_ACTION = 'plugin::upload.assets.create';

/**
 * Who may release a story a routing rule held for review (POST /wire/articles/:id/release): an
 * editor with either action (the one who manages the rules, or a feed manager, who already releases
 * held embargoes). Either one is enough.
 */
export const RELEASE_ACTIONS = [ACTIONS.manageRules, ACTIONS.manageFeeds] as const;

export type Action = (typeof ACTIONS)[keyof typeof ACTIONS];

/** The action without its `plugin::wire.` prefix, as Strapi's action provider registers it. */
export function actionUid(action: Action): string {
  return action.slice(`plugin::${PLUGIN_ID}.`.length);
}
