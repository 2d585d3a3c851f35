import path from 'node:path';

export default ({ env }) => ({
  // Strapi's own default, sendmail, named by its package: Strapi prints its advice to use an SMTP relay
  // only for the short name "sendmail", on every start and CLI command. Mail goes out only for admin
  // password resets; an operator with a relay installs @strapi/provider-email-nodemailer and sets it
  // here (docs/operations.md).
  email: {
    config: { provider: '@strapi/provider-email-sendmail' },
  },
  // The Wire plugin, installed as a host app installs it (the strapi-plugin-wire package, here the
  // workspace in plugins/wire). Every other setting has its default in the plugin, read from its
  // WIRE_* variable (.env.example, docs/operations.md); any of them may be set here instead.
  wire: {
    enabled: true,
    config: {
      // Ingest the demo feeds in database/seed when the database has no articles yet (development).
      demoFolder: env.bool('WIRE_SEED_DEMO', env('NODE_ENV', 'development') === 'development')
        ? path.join(process.cwd(), 'database/seed')
        : null,
    },
  },
});
