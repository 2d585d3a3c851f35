/**
 * The Wire plugin's admin: one menu link to the editors' desk, whose pages (desk, feeds, articles,
 * licences, agencies, partners) are loaded on first visit, and the desk's translations.
 */
import { Globe } from '@strapi/icons';
import { ACTIONS, PLUGIN_ID } from './pluginId';
import { getTrad, loadTranslations } from './translations';
import en from './translations/en.json';

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Globe,
      intlLabel: { id: getTrad('menu.desk'), defaultMessage: en['menu.desk'] },
      permissions: [{ action: ACTIONS.readDesk, subject: null }],
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Wire' });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return loadTranslations(locales);
  },
};
