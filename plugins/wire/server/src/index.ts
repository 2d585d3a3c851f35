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
import tdm from './middlewares/tdm';
import routes from './routes';
import services from './services';
import { registerFeedSecrets } from './feed-secrets';
import { registerDocumentGuard, relationPickerPolicy, wireServices } from './document-guard';
import { withPushBody } from './middlewares/install';
import { anyPermission } from './policies/any-permission';
import { wire } from './services/wire';

// For the `wire` command (bin/wire.js) and this repository's scripts, which must share this very
// module's state with the plugin Strapi loads (Wire's own writes pass the guard). Not an API.
export { runCli } from './cli/main';
export { asWire } from './document-guard';
export { settleConnections } from './database/settle';

export default {
  register({ strapi }) {
    // First, so that it sees every write before any other middleware acts on it.
    registerDocumentGuard(strapi);
    registerFeedSecrets(strapi);
    // Before routing, so the token it moves into the header is seen by authentication.
    strapi.server.use(feedToken());
    // TDM reservation headers on every partner response, errors included, and /.well-known/tdmrep.json.
    strapi.server.use(tdm(strapi));
    // The push route's raw body, without an edit to the host's config/middlewares.
    strapi.config.set('middlewares', withPushBody(strapi.config.get('middlewares')));
  },
  bootstrap,
  // Before the database closes: this node's usage counts not yet written (services/usage.ts).
  async destroy({ strapi }) {
    await wire(strapi).service('usage').stop();
  },
  config,
  contentTypes,
  controllers,
  middlewares,
  policies: { 'relation-picker': relationPickerPolicy, 'any-permission': anyPermission },
  routes,
  // Every service method runs as Wire's own code: its writes to desk-only types pass the guard.
  services: wireServices(services),
};
