// Builds the plugin and compiles the app into .tmp/test-dist once per run (not dist/, which
// `strapi develop` owns and wipes on reload).
const path = require('node:path');
const { buildServer } = require('../../scripts/build-server');

module.exports = async () => {
  const appDir = path.resolve(__dirname, '../..');
  await buildServer(appDir, { quiet: true, outDir: path.join(appDir, '.tmp/test-dist') });
};
