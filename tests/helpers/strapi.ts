/**
 * Boots a real Strapi (the app as built into .tmp/test-dist) on a fresh database: a new SQLite file,
 * or, when DATABASE_CLIENT=postgres, a new PostgreSQL database that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';
import { Client } from 'pg';
import { wire } from '../../plugins/wire/server/src/services/wire';
import { settleConnections } from '../../plugins/wire/server/src/database/settle';

export const APP_DIR = path.resolve(__dirname, '../..');
export const DIST_DIR = path.join(APP_DIR, '.tmp/test-dist');
export const FIXTURES = path.join(APP_DIR, 'tests/fixtures');

export interface TestApp {
  strapi: Core.Strapi;
  /** Environment for child processes (the CLI) that must use the same database. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

function pgAdminConfig() {
  return {
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'postgres',
    password: process.env.DATABASE_PASSWORD ?? undefined,
    database: 'postgres',
  };
}

async function pgAdmin(sql: string) {
  const client = new Client(pgAdminConfig());
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Saves and restores process listeners: strapi.destroy() removes them all, Jest needs its own. */
export function keepProcessListeners() {
  const events = ['exit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection', 'message'] as const;
  const saved = events.map((e) => [e, process.listeners(e as any)] as const);
  return () => {
    for (const [event, listeners] of saved) {
      for (const l of listeners) if (!process.listeners(event as any).includes(l)) process.on(event as any, l as any);
    }
  };
}

/** `serveAdminPanel` serves the admin built into .tmp/test-dist/build (tests/helpers/admin-build.js). */
export async function startStrapi(
  extraEnv: Record<string, string> = {},
  options: { serveAdminPanel?: boolean } = {},
): Promise<TestApp> {
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const dbEnv: Record<string, string> = {};
  let cleanup = async () => {};
  if (isPostgres()) {
    const name = `wire_test_${id}`;
    await pgAdmin(`CREATE DATABASE ${name}`);
    dbEnv.DATABASE_NAME = name;
    cleanup = () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const file = path.join(os.tmpdir(), `wire-test-${id}.db`);
    dbEnv.DATABASE_CLIENT = 'sqlite';
    dbEnv.DATABASE_FILENAME = file;
    cleanup = async () => {
      await Promise.all(['', '-wal', '-shm'].map((suffix) => fs.rm(file + suffix, { force: true })));
    };
  }
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    APP_KEYS: 'testKeyA,testKeyB',
    API_TOKEN_SALT: 'test-api-token-salt',
    ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
    TRANSFER_TOKEN_SALT: 'test-transfer-salt',
    JWT_SECRET: 'test-jwt-secret',
    ENCRYPTION_KEY: 'test-encryption-key',
    STRAPI_TELEMETRY_DISABLED: 'true',
    WIRE_SEED_DEMO: 'false',
    WIRE_POLL_ENABLED: 'false',
    WIRE_LOG_LEVEL: 'error',
    ...dbEnv,
    ...extraEnv,
  };
  Object.assign(process.env, env);
  const restore = keepProcessListeners();
  const strapi = await createStrapi({
    appDir: APP_DIR,
    distDir: DIST_DIR,
    autoReload: false,
    serveAdminPanel: !!options.serveAdminPanel,
  }).load();
  await strapi.server.mount();
  const app: TestApp = {
    strapi,
    env: { ...process.env, ...env, WIRE_DIST_DIR: DIST_DIR },
    async stop() {
      // A test may have restarted Strapi: stop whichever instance is current. Strapi finishes some
      // work after a response is sent or an entry is created (webhook and event bookkeeping):
      // destroying the pool under it fails later (database/settle.ts).
      await settleConnections(app.strapi, { timeoutMs: 5000 });
      await app.strapi.destroy();
      restore();
      await cleanup();
    },
  };
  return app;
}

/**
 * A partner token made the way `npm run wire -- token create` makes it. A push token without
 * agencies is made for every agency (`--any-agency`) unless `anyAgency: false` is given.
 */
export async function partnerToken(
  strapi: Core.Strapi,
  name: string,
  access: 'full' | 'quote',
  extra: { agencies?: string[]; ingest?: boolean; anyAgency?: boolean } = {},
) {
  const anyAgency = extra.anyAgency ?? (!!extra.ingest && !extra.agencies?.length);
  const { accessKey } = await wire(strapi)
    .service('partners')
    .createPartnerToken({ name, access, ...extra, anyAgency });
  return accessKey as string;
}

/** A plain Strapi API token with no partner record (as an admin would make in Settings). */
export async function plainToken(strapi: Core.Strapi, name: string, type: 'read-only' | 'full-access' = 'read-only') {
  const token = await strapi
    .service('admin::api-token')
    .create({ name, type, kind: 'content-api', lifespan: null, description: '' });
  return token.accessKey as string;
}
