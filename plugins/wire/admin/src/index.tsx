/**
 * The Wire plugin's admin: one menu link to the editors' desk, whose pages (desk, feeds, articles,
 * licences, agencies, partners) are loaded on first visit, a widget on the admin's home page that
 * leads there, and the desk's translations.
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
    // The admin's home page greets an editor with what needs doing on the desk, one click from it:
    // first among the widgets (a reducer over those registered before it).
    const deskWidget = {
      icon: Globe,
      title: { id: getTrad('widget.title'), defaultMessage: en['widget.title'] },
      component: async () => (await import('./components/HomeWidget')).HomeWidget,
      pluginId: PLUGIN_ID,
      id: 'desk',
      link: { label: { id: getTrad('widget.open'), defaultMessage: en['widget.open'] }, href: `/plugins/${PLUGIN_ID}` },
      permissions: [{ action: ACTIONS.readDesk }],
    };
    app.widgets?.register((registered: unknown[]) => [deskWidget, ...registered]);
    app.registerPlugin({ id: PLUGIN_ID, name: 'Wire' });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return loadTranslations(locales);
  },
};
