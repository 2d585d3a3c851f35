// One more Strapi node for the many-nodes test: boots the test build against the database in its
// environment (with polling on) and runs until it is told to stop.
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '../..');

(async () => {
  const strapi = await createStrapi({
    appDir,
    distDir: path.join(appDir, '.tmp/test-dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  process.stdout.write('ready\n');
  const stop = async () => {
    await strapi.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
