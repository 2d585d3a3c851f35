#!/usr/bin/env node
'use strict';
/**
 * `npx wire <command>`: Wire's command line, run in a Strapi app's folder against that app's own
 * configuration, .env and database. A TypeScript app is compiled first, as `strapi console` does
 * (Strapi's compileStrapi); `npx wire help` lists the commands (server/src/cli/main.ts).
 */
const path = require('node:path');

// node-postgres 8.x warns that a client was queried while busy; the queries are Strapi's and knex's,
// not Wire's, and the warning says nothing an operator can act on. Every other warning is printed as
// Node would print it.
const PG_BUSY_CLIENT = /^Calling client\.query\(\) when the client is already executing a query/;
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'DeprecationWarning' && PG_BUSY_CLIENT.test(warning.message)) return;
  console.error(`(node:${process.pid}) ${warning.name}: ${warning.message}`);
});

async function main() {
  const appDir = process.cwd();
  let strapiModule;
  try {
    strapiModule = require(require.resolve('@strapi/strapi', { paths: [appDir] }));
  } catch {
    console.error(
      `wire: no Strapi app here (${appDir} cannot load @strapi/strapi); run it in your Strapi app's folder`,
    );
    return 2;
  }
  // The CLI's own lines, not Strapi's start-up chatter (an app's logger may read WIRE_LOG_LEVEL).
  process.env.WIRE_LOG_LEVEL = process.env.WIRE_LOG_LEVEL || 'warn';
  // Demo content is for `npm run develop` in Wire's own repository, never for a command.
  process.env.WIRE_SEED_DEMO = process.env.WIRE_SEED_DEMO || 'false';
  const argv = process.argv.slice(2);
  const { runCli } = require(path.join(__dirname, '../dist/server/index.js'));
  if (!argv.length || argv[0] === 'help' || argv[0] === '--help') return runCli(argv, { appDir, distDir: appDir });
  // Tests point the CLI at their own build of the app (WIRE_DIST_DIR, docs/development.md).
  const dirs = process.env.WIRE_DIST_DIR
    ? { appDir, distDir: process.env.WIRE_DIST_DIR }
    : await strapiModule.compileStrapi({ appDir, ignoreDiagnostics: true });
  return runCli(argv, dirs);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
