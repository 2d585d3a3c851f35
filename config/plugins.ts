import path from "node:path";

export default ({ env }) => ({
  wire: {
    enabled: true,
    resolve: './plugins/wire',
    config: {
      // Ingest the demo feeds in database/seed when the database has no articles yet (development).
      demoFolder: env.bool('WIRE_SEED_DEMO', env('NODE_ENV', 'development') === 'development') ? path.join(process.cwd(), 'database/seed') : null,
      // Access level of an API token that is not tied to a partner: the strict one.
      defaultAccess: env('WIRE_DEFAULT_ACCESS', 'quote'),
    },
  },
});
