/**
 * The Wire plugin's server: Strapi's layers (content types, services, controllers, routes) around a
 * core of pure modules (formats/, agencies/, normalise/, ingest/, serve/).
 */
import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import middlewares from './middlewares';
import feedToken from './middlewares/feed-token';
import routes from './routes';
import services from './services';
import { registerFeedSecrets } from './feed-secrets';

export default {
  register({ strapi }) {
    registerFeedSecrets(strapi);
    // Before routing, so the token it moves into the header is seen by authentication.
    strapi.server.use(feedToken());
  },
  bootstrap,
  config,
  contentTypes,
  controllers,
  middlewares,
  routes,
  services,
};
