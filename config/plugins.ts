import path from 'node:path';

export default ({ env }) => ({
  // Strapi's own default, sendmail, named by its package: Strapi prints its advice to use an SMTP relay
  // only for the short name "sendmail", on every start and CLI command. Mail goes out only for admin
  // password resets; an operator with a relay installs @strapi/provider-email-nodemailer and sets it
  // here (docs/operations.md).
  // SMTP_HOST (and SMTP_PORT, default 25) hands every message to that one server instead of each
  // recipient's MX (the provider's own devHost/devPort options: plain SMTP, no login, no TLS), for a
  // relay on the same network or the tests' local SMTP sink. EMAIL_FROM is the default sender.
  email: {
    config: {
      provider: '@strapi/provider-email-sendmail',
      providerOptions: env('SMTP_HOST') ? { devHost: env('SMTP_HOST'), devPort: env.int('SMTP_PORT', 25) } : {},
      ...(env('EMAIL_FROM') ? { settings: { defaultFrom: env('EMAIL_FROM'), defaultReplyTo: env('EMAIL_FROM') } } : {}),
    },
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
      // "Take to site": a wire story as a draft of this app's own Story type (src/api/story).
      take: {
        target: 'api::story.story',
        fields: {
          title: 'title',
          body: 'body',
          byline: 'byline',
          dateline: 'dateline',
          attribution: 'credit',
          sourceUrl: 'sourceLink',
          notice: 'licenceNotice',
        },
      },
    },
  },
});
