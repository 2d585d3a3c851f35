/**
 * A bench's own Strapi: the app as built into `distDir`, on a fresh database made for the run (a
 * new SQLite file, or a new PostgreSQL database when DATABASE_CLIENT=postgres) and dropped after.
 * Before it is destroyed, the queries Strapi still runs on its own are let finish, so several
 * instances can follow each other in one process.
 */
const os = require('node:os');
const path = require('node:path');
const { wireBundle } = require('../scripts/build-server');
const fs = require('node:fs');
const { randomBytes } = require('node:crypto');

/**
 * The plugin Strapi loads is the package `strapi-plugin-wire`, which Strapi requires from its own
 * real path. In a git worktree whose node_modules links to another checkout's, that finds the other
 * checkout's plugin, not this one's: the request is pointed at this app's node_modules instead.
 */
function loadThisPlugin(appDir) {
  const Module = require('node:module');
  const own = fs.realpathSync(path.join(appDir, 'node_modules/strapi-plugin-wire'));
  if (Module._resolveFilename.wireApp === own) return;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'strapi-plugin-wire' || request.startsWith('strapi-plugin-wire/'))
      request = path.join(own, request.slice('strapi-plugin-wire'.length));
    return resolve.call(this, request, ...rest);
  };
  Module._resolveFilename.wireApp = own;
}

async function withStrapi({ appDir, distDir, name, env: extraEnv = {} }, fn) {
  loadThisPlugin(appDir);
  const { Client } = require('pg');
  const postgres = process.env.DATABASE_CLIENT === 'postgres';
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const env = {
    WIRE_SEED_DEMO: 'false',
    WIRE_POLL_ENABLED: 'false',
    WIRE_LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    ...extraEnv,
  };
  for (const key of [
    'APP_KEYS',
    'API_TOKEN_SALT',
    'ADMIN_JWT_SECRET',
    'TRANSFER_TOKEN_SALT',
    'JWT_SECRET',
    'ENCRYPTION_KEY',
  ])
    env[key] = process.env[key] || `bench-${key}`;
  let cleanup = async () => {};
  const admin = () =>
    new Client({
      host: process.env.DATABASE_HOST || '127.0.0.1',
      port: Number(process.env.DATABASE_PORT || 5432),
      user: process.env.DATABASE_USERNAME || 'postgres',
      password: process.env.DATABASE_PASSWORD,
      database: 'postgres',
    });
  const adminQuery = async (sql) => {
    const c = admin();
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  if (postgres) {
    env.DATABASE_NAME = `wire_bench_${id}`;
    await adminQuery(`CREATE DATABASE ${env.DATABASE_NAME}`);
    cleanup = () => adminQuery(`DROP DATABASE IF EXISTS ${env.DATABASE_NAME} WITH (FORCE)`);
  } else {
    env.DATABASE_CLIENT = 'sqlite';
    env.DATABASE_FILENAME = path.join(os.tmpdir(), `${name}-${id}.db`);
    cleanup = async () => ['', '-wal', '-shm'].forEach((s) => fs.rmSync(env.DATABASE_FILENAME + s, { force: true }));
  }
  Object.assign(process.env, env);
  const { createStrapi } = require('@strapi/strapi');
  let strapi;
  try {
    strapi = await createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false }).load();
    return await fn(strapi);
  } finally {
    if (strapi) {
      // Strapi's Document Service may still be sending the events of the last entries created (a
      // populated read of each, not awaited by anything): destroying the pool under it leaves a
      // connection request that fails a minute later and stops this process (database/settle.ts).
      const { settleConnections } = wireBundle(appDir);
      await settleConnections(strapi, { timeoutMs: 60000 });
      await strapi.destroy();
    }
    // WIRE_BENCH_KEEP_DB=1 keeps the database for a look afterwards (EXPLAIN, sizes), named here.
    if (process.env.WIRE_BENCH_KEEP_DB === '1')
      console.log(`kept the database: ${postgres ? env.DATABASE_NAME : env.DATABASE_FILENAME}`);
    else await cleanup();
  }
}

module.exports = { withStrapi };
