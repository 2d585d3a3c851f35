/**
 * The Wire plugin's server: Strapi's layers (content types, services, controllers, routes) around a
 * core of pure modules (formats/, agencies/, normalise/, ingest/, serve/).
 */
import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import routes from './routes';
import services from './services';
import { registerFeedSecrets } from './feed-secrets';

export default {
  register({ strapi }) {
    registerFeedSecrets(strapi);
  },
  bootstrap,
  config,
  contentTypes,
  controllers,
  routes,
  services,
};
