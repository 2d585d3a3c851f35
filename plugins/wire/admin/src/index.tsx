/**
 * The Wire plugin's admin: one menu link to the editors' desk, whose pages (desk, feeds, articles,
 * licences, partners) are loaded on first visit.
 */
import { Globe } from '@strapi/icons';
import { ACTIONS, PLUGIN_ID } from './pluginId';

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Globe,
      intlLabel: { id: `${PLUGIN_ID}.menu.desk`, defaultMessage: 'Wire desk' },
      permissions: [{ action: ACTIONS.readDesk, subject: null }],
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Wire' });
  },
};
