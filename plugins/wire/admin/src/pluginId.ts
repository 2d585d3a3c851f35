export const PLUGIN_ID = 'wire';
/** Where the plugin's pages live in the admin (react-router's basename is the admin path). */
export const BASE = `/plugins/${PLUGIN_ID}`;

/** The plugin's admin permissions; the server checks the same actions on every route. */
export const ACTIONS = {
  readDesk: 'plugin::wire.desk.read',
  manageFeeds: 'plugin::wire.feeds.manage',
  manageLicences: 'plugin::wire.licences.manage',
  managePartners: 'plugin::wire.partners.manage',
  manageAgencies: 'plugin::wire.agencies.manage',
} as const;
