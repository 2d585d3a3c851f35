#!/usr/bin/env node
// `npm run wire -- <command>`: builds the server side if the sources changed, then runs the CLI
// (plugins/wire/server/src/cli/main.ts) against the same .env and database as the app.
'use strict';
const path = require('node:path');
const { buildServer } = require('./build-server');

const appDir = path.resolve(__dirname, '..');

async function main() {
  process.env.WIRE_LOG_LEVEL = process.env.WIRE_LOG_LEVEL || 'warn';
  process.env.WIRE_SEED_DEMO = process.env.WIRE_SEED_DEMO || 'false';
  // Tests point the CLI at their own build (WIRE_DIST_DIR); everyone else gets dist/, rebuilt when stale.
  const distDir = process.env.WIRE_DIST_DIR || (await buildServer(appDir, { quiet: true }));
  const { runCli } = require(path.join(appDir, 'plugins/wire/dist/server/src/cli/main.js'));
  const code = await runCli(process.argv.slice(2), { appDir, distDir });
  process.exit(code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
