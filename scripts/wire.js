#!/usr/bin/env node
// `npm run wire -- <command>` in this repository: rebuilds the plugin and the app when their sources
// changed, then runs the plugin's own `wire` command (plugins/wire/bin/wire.js), as `npx wire` runs
// in any app that installs the package.
'use strict';
const path = require('node:path');
const { buildServer } = require('./build-server');

const appDir = path.resolve(__dirname, '..');

async function main() {
  // Tests point the CLI at their own build (WIRE_DIST_DIR); everyone else gets dist/, rebuilt when stale.
  if (!process.env.WIRE_DIST_DIR) process.env.WIRE_DIST_DIR = await buildServer(appDir, { quiet: true });
  process.chdir(appDir);
  require(path.join(appDir, 'plugins/wire/bin/wire.js'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
