// Another Wire node that serves HTTP, for the shared-limits test: boots the test build on the
// database in its environment, listens on a free loopback port and prints `ready <port>`. Runs
// until it is told to stop.
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
  await new Promise((resolve) => strapi.server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`ready ${strapi.server.httpServer.address().port}\n`);
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
