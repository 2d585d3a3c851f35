/** The plugin's id and permissions come from plugins/wire/shared, the same list the server checks. */
import { PLUGIN_ID } from '../../shared/permissions';

export { ACTIONS, PLUGIN_ID } from '../../shared/permissions';

/** Where the plugin's pages live in the admin (react-router's basename is the admin path). */
export const BASE = `/plugins/${PLUGIN_ID}`;
