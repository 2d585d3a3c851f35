#!/usr/bin/env node
// `npm run wire -- <command>`: builds the server side if the sources changed, then runs the CLI
// (plugins/wire/server/src/cli/main.ts) against the same .env and database as the app.
'use strict';
const path = require('node:path');
const { buildServer } = require('./build-server');

const appDir = path.resolve(__dirname, '..');

// node-postgres 8.x warns that a client was queried while busy; the queries are Strapi's and knex's, not
// Wire's, and the warning says nothing an operator can act on. Every other warning is printed as Node
// would print it.
const PG_BUSY_CLIENT = /^Calling client\.query\(\) when the client is already executing a query/;
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'DeprecationWarning' && PG_BUSY_CLIENT.test(warning.message)) return;
  console.error(`(node:${process.pid}) ${warning.name}: ${warning.message}`);
});

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
