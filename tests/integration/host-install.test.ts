/**
 * Wire installed as a newsroom would install it into its own Strapi (issue 22): the plugin packed
 * with `npm pack`, a separate plain-JavaScript Strapi 5 app made in a temporary folder with a
 * content type of its own and content in its database, then the tarball installed with nothing but
 * `wire: { enabled: true }` in its config/plugins. Over HTTP: the host's own type still reads and
 * writes, Wire's partner API serves a story ingested with `npx wire`, a desk route answers an admin,
 * a 3 MB push is taken; then a newer tarball keeps the host's Wire data. On the suite's database:
 * SQLite, or a PostgreSQL database of its own when DATABASE_CLIENT=postgres.
 *
 * Slow (an npm install and an admin build, a few minutes) and it needs the npm registry (or npm's
 * cache): without either it is skipped with one line, and fails under WIRE_REQUIRE_OPTIONAL=1.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { describeIf } from '../helpers/optional';
import { APP_DIR } from '../helpers/strapi';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildPlugin } = require('../../scripts/build-server');

const exec = promisify(execFile);
const PLUGIN_DIR = path.join(APP_DIR, 'plugins/wire');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const STRAPI_VERSION = readJson(path.join(APP_DIR, 'node_modules/@strapi/strapi/package.json')).version as string;

function registryMissing(): string | null {
  try {
    execFileSync('npm', ['ping'], { stdio: 'ignore', timeout: 20_000 });
    return null;
  } catch {
    return 'the npm registry cannot be reached (npm ping failed), so no Strapi app can be installed';
  }
}

const isPostgres = process.env.DATABASE_CLIENT === 'postgres';
const pgConfig = () => ({
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'postgres',
  password: process.env.DATABASE_PASSWORD ?? undefined,
});
async function pg(sql: string) {
  const client = new Client({ ...pgConfig(), database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let work: string;
let host: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess | null = null;
let port = 0;
let dbName = '';
const admin = { email: 'chief@host.example', password: 'Host-app-1234' };

/** The files of a new Strapi 5 app, JavaScript, as `create-strapi-app` would lay it out (trimmed). */
const HOST_FILES: Record<string, string> = {
  'config/server.js': `module.exports = ({ env }) => ({ host: '127.0.0.1', port: env.int('PORT', 1337), app: { keys: env.array('APP_KEYS') } });\n`,
  'config/admin.js': `module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
  serveAdminPanel: env.bool('SERVE_ADMIN', true),
});\n`,
  'config/database.js': `module.exports = ({ env }) =>
  env('DATABASE_CLIENT', 'sqlite') === 'postgres'
    ? { connection: { client: 'postgres', connection: { host: env('DATABASE_HOST'), port: env.int('DATABASE_PORT'), database: env('DATABASE_NAME'), user: env('DATABASE_USERNAME'), password: env('DATABASE_PASSWORD') } } }
    : { connection: { client: 'sqlite', connection: { filename: env('DATABASE_FILENAME', '.tmp/data.db') }, useNullAsDefault: true } };\n`,
  // Strapi's default list, untouched: Wire places its push middleware itself.
  'config/middlewares.js': `module.exports = ['strapi::logger', 'strapi::errors', 'strapi::security', 'strapi::cors', 'strapi::poweredBy', 'strapi::query', 'strapi::body', 'strapi::session', 'strapi::favicon', 'strapi::public'];\n`,
  'config/plugins.js': `module.exports = () => ({});\n`,
  'src/index.js': `module.exports = { register() {}, bootstrap() {} };\n`,
  'src/api/note/content-types/note/schema.json': JSON.stringify({
    kind: 'collectionType',
    collectionName: 'notes',
    info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
    options: { draftAndPublish: false },
    attributes: { title: { type: 'string', required: true }, body: { type: 'text' } },
  }),
  'src/api/note/routes/note.js': `module.exports = require('@strapi/strapi').factories.createCoreRouter('api::note.note');\n`,
  'src/api/note/controllers/note.js': `module.exports = require('@strapi/strapi').factories.createCoreController('api::note.note');\n`,
  'src/api/note/services/note.js': `module.exports = require('@strapi/strapi').factories.createCoreService('api::note.note');\n`,
  'public/robots.txt': '',
  'public/uploads/.gitkeep': '',
};

const run = (cmd: string, args: string[], cwd = host, timeout = 600_000) =>
  exec(cmd, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 });
const npx = (...args: string[]) =>
  run(process.execPath, [path.join(host, 'node_modules/.bin', args[0]), ...args.slice(1)]);

async function start() {
  server = spawn(process.execPath, [path.join(host, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'], {
    cwd: host,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the host app stopped while starting:\n${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/_health`).then(
      (r) => r.status === 204,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the host app did not answer in 180 s:\n${output}`);
}

async function stop() {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
  clearTimeout(timer);
  if (child.exitCode === null) child.kill('SIGKILL');
}

const http = (method: string, url: string, token: string | null, body?: unknown, type = 'application/json') =>
  fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': type } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

async function login(): Promise<string> {
  const res = await http('POST', '/admin/login', null, admin);
  expect(res.status).toBe(200);
  return (await res.json()).data.token;
}

/**
 * `npm pack` of the plugin into `dir`; the tarball's path. The bundles are built first by the same
 * step prepack runs (`strapi-plugin build`), only when stale, and pack skips prepack: a rebuild of
 * plugins/wire/dist while another test run reads it (CI runs SQLite and PostgreSQL side by side)
 * would pull the plugin out from under that run.
 */
async function pack(dir: string, from = PLUGIN_DIR): Promise<string> {
  if (from === PLUGIN_DIR) buildPlugin(APP_DIR, { quiet: true });
  const { stdout } = await exec('npm', ['pack', '--pack-destination', dir, '--ignore-scripts'], {
    cwd: from,
    timeout: 300_000,
  });
  return path.join(dir, stdout.trim().split('\n').pop()!.trim());
}

/**
 * The host's own `npm install` (Strapi and its peers, before Wire): the slowest step by far, and the
 * same for every run with the same dependencies and Node. Its node_modules is kept under
 * .tmp/host-app-cache, keyed by both, and copied in; the first run to need a key installs it while
 * any other waits (a lock directory, so runs side by side install once). Wire's own install, the
 * part under test, is never cached.
 */
async function installHost() {
  const manifest = await fs.readFile(path.join(host, 'package.json'), 'utf8');
  const key = createHash('sha256').update(`${manifest}\n${process.version}\n${process.platform}-${process.arch}`);
  const cache = path.join(APP_DIR, '.tmp/host-app-cache', key.digest('hex').slice(0, 16));
  const done = path.join(cache, '.complete');
  const lock = `${cache}.lock`;
  await fs.mkdir(path.dirname(cache), { recursive: true });
  const deadline = Date.now() + 900_000;
  for (;;) {
    if (existsSync(done)) {
      await run('cp', ['-a', path.join(cache, 'node_modules'), path.join(cache, 'package-lock.json'), host]);
      return;
    }
    const locked = await fs.mkdir(lock).then(
      () => true,
      () => false,
    );
    if (locked) break;
    // A lock older than the longest install belongs to a run that died: take it over.
    const age =
      Date.now() -
      (await fs.stat(lock).then(
        (s) => s.mtimeMs,
        () => Date.now(),
      ));
    if (age > 900_000) await fs.rm(lock, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`the host-app cache ${cache} stayed locked for 15 minutes`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
    const staging = `${cache}.staging-${process.pid}`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(staging);
    await run('cp', ['-a', path.join(host, 'node_modules'), path.join(host, 'package-lock.json'), staging]);
    await fs.writeFile(path.join(staging, '.complete'), new Date().toISOString());
    await fs.rm(cache, { recursive: true, force: true });
    await fs.rename(staging, cache);
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/** The CLI's `--json` summary: its last line. */
function lastJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } catch {
    return null;
  }
}

const NEWSML = (guid: string, headline: string) => `<?xml version="1.0"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:host.test:${guid}" version="1" xml:lang="en">
  <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:HOSTA"/><versionCreated>2026-12-01T09:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta><headline>${headline}</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>The harbour authority opened its new quay on Tuesday.</p></body></html></inlineXML></contentSet>
</newsItem>`;

describeIf('the host-app install test', registryMissing())('Wire installed into a plain Strapi app', () => {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>) => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = (Date.now() - t0) / 1000;
    }
  };
  let tarball: string;
  let partnerKey: string;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-host-'));
    host = path.join(work, 'newsroom-site');
    port = 20_000 + Math.floor(Math.random() * 20_000);
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? work,
      NODE_ENV: 'production',
      CI: 'true',
      STRAPI_TELEMETRY_DISABLED: 'true',
      PORT: String(port),
      APP_KEYS: ['a', 'b'].map(() => randomBytes(16).toString('base64')).join(','),
      API_TOKEN_SALT: randomBytes(16).toString('base64'),
      ADMIN_JWT_SECRET: randomBytes(16).toString('base64'),
      TRANSFER_TOKEN_SALT: randomBytes(16).toString('base64'),
      ENCRYPTION_KEY: randomBytes(16).toString('base64'),
      JWT_SECRET: randomBytes(16).toString('base64'),
    };
    if (isPostgres) {
      dbName = `wire_host_${process.pid}_${randomBytes(3).toString('hex')}`;
      await pg(`CREATE DATABASE ${dbName}`);
      const c = pgConfig();
      Object.assign(env, {
        DATABASE_CLIENT: 'postgres',
        DATABASE_HOST: c.host,
        DATABASE_PORT: String(c.port),
        DATABASE_USERNAME: c.user,
        DATABASE_PASSWORD: c.password ?? '',
        DATABASE_NAME: dbName,
      });
    }
    for (const [file, text] of Object.entries(HOST_FILES)) {
      await fs.mkdir(path.dirname(path.join(host, file)), { recursive: true });
      await fs.writeFile(path.join(host, file), text);
    }
    const deps = (name: string) => readJson(path.join(APP_DIR, 'package.json')).dependencies[name] as string;
    await fs.writeFile(
      path.join(host, 'package.json'),
      JSON.stringify(
        {
          name: 'newsroom-site',
          private: true,
          version: '1.0.0',
          dependencies: {
            '@strapi/strapi': STRAPI_VERSION,
            'better-sqlite3': deps('better-sqlite3'),
            pg: deps('pg'),
            react: deps('react'),
            'react-dom': deps('react-dom'),
            'react-router-dom': deps('react-router-dom'),
            'styled-components': deps('styled-components'),
          },
        },
        null,
        2,
      ),
    );
    // The host as it was before Wire: installed, an admin, notes of its own in its database.
    await timed('host install (npm install, before Wire)', () => installHost());
    await npx(
      'strapi',
      'admin:create-user',
      `--email=${admin.email}`,
      `--password=${admin.password}`,
      '--firstname=Chief',
    );
    env.SERVE_ADMIN = 'false';
    await start();
    const token = await login();
    for (const title of ['Opening hours', 'Contact the newsroom'])
      expect((await http('POST', '/content-manager/collection-types/api::note.note', token, { title })).status).toBe(
        201,
      );
    await stop();
    delete env.SERVE_ADMIN;
  }, 900_000);

  afterAll(async () => {
    await stop();
    if (dbName) await pg(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    if (work) await fs.rm(work, { recursive: true, force: true });
    if (Object.keys(timings).length) process.stdout.write(`host-install timings (s): ${JSON.stringify(timings)}\n`);
  });

  it('packs into a tarball the plugin SDK verifies', async () => {
    tarball = await timed('npm pack (builds the plugin)', () => pack(work));
    // What `npm pack` / `npm publish` run on their own: the same build as above.
    expect(readJson(path.join(PLUGIN_DIR, 'package.json')).scripts.prepack).toBe('strapi-plugin build');
    const size = (await fs.stat(tarball)).size;
    process.stdout.write(`host-install: ${path.basename(tarball)} is ${(size / 1024).toFixed(0)} kB\n`);
    const verified = await exec(process.execPath, [path.join(APP_DIR, 'node_modules/.bin/strapi-plugin'), 'verify'], {
      cwd: PLUGIN_DIR,
    });
    expect(`${verified.stdout}${verified.stderr}`).toMatch(/Verified package\.json/);
    const listed = (await exec('tar', ['-tzf', tarball])).stdout.split('\n');
    expect(listed).toEqual(
      expect.arrayContaining([
        'package/dist/server/index.js',
        'package/dist/admin/index.mjs',
        'package/bin/wire.js',
        'package/README.md',
      ]),
    );
    expect(listed.filter((f) => /\/(server|admin)\/src\//.test(f))).toEqual([]);
  }, 600_000);

  it('installs with only `wire: { enabled: true }`, builds the admin and starts on the existing database', async () => {
    await timed('npm install <tarball>', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball]),
    );
    await fs.writeFile(path.join(host, 'config/plugins.js'), `module.exports = () => ({ wire: { enabled: true } });\n`);
    await timed('strapi build (admin with Wire)', () => npx('strapi', 'build'));
    await timed('first start with Wire', start);
    const token = await login();
    // The host's own type: its notes are there, and it still writes.
    const notes = await http('GET', '/content-manager/collection-types/api::note.note', token);
    expect((await notes.json()).results.map((n: any) => n.title).sort()).toEqual([
      'Contact the newsroom',
      'Opening hours',
    ]);
    expect(
      (await http('POST', '/content-manager/collection-types/api::note.note', token, { title: 'Wire is here' })).status,
    ).toBe(201);
    // Wire's desk answers the admin, whose role has Wire's permissions.
    const desk = await http('GET', '/wire/desk', token);
    expect(desk.status).toBe(200);
    const mine = await (await http('GET', '/admin/users/me/permissions', token)).json();
    expect(mine.data.map((p: any) => p.action)).toEqual(expect.arrayContaining(['plugin::wire.desk.read']));
    // The admin panel served has the Wire desk in it.
    expect((await http('GET', '/admin', null)).status).toBe(200);
    await stop();
  }, 900_000);

  it('runs `npx wire` in the host folder: ingest, a partner token, and the partner API serves the story', async () => {
    const help = await npx('wire', 'help');
    expect(help.stdout).toMatch(/ingest <file\|folder\|url>/);
    await fs.writeFile(path.join(work, 'quay.xml'), NEWSML('quay-1', 'Harbour opens its new quay'));
    const ingested = await timed('npx wire ingest', () =>
      npx(
        'wire',
        'ingest',
        path.join(work, 'quay.xml'),
        '--licence',
        'May be reproduced in full by partners.',
        '--json',
      ),
    );
    expect({ stdout: ingested.stdout, summary: lastJson(ingested.stdout) }).toMatchObject({
      summary: { created: 1, rejected: 0 },
    });
    const created = await npx(
      'wire',
      'token',
      'create',
      'harbour-site',
      '--access',
      'full',
      '--ingest',
      '--any-agency',
    );
    partnerKey = created.stdout.trim().split('\n').pop()!.trim();
    expect(partnerKey).toMatch(/^[0-9a-f]{32,}$/);
    await start();
    const list = await http('GET', '/api/wire/articles', partnerKey);
    expect(list.status).toBe(200);
    expect((await list.json()).data.map((a: any) => a.headline)).toEqual(['Harbour opens its new quay']);
    expect((await http('GET', '/api/wire/articles', null)).status).toBe(401);
  }, 600_000);

  it("takes a 3 MB push on POST /api/wire/ingest without an edit to the host's middlewares", async () => {
    const items = Array.from({ length: 1200 }, (_, i) => ({
      uri: `urn:host.test:push-${i}`,
      type: 'text',
      version: '1',
      versioncreated: '2026-12-01T10:00:00Z',
      pubstatus: 'usable',
      headline: `Pushed story ${i}`,
      body_text: `Paragraph ${i}. `.repeat(170),
      infosources: [{ literal: 'HOSTA' }],
    }));
    const body = JSON.stringify(items);
    expect(body.length).toBeGreaterThan(3 * 1024 * 1024);
    const res = await timed('3 MB push', () => http('POST', '/api/wire/ingest', partnerKey, body));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 1200, rejected: 0 });
    await stop();
  }, 600_000);

  it("keeps the host's Wire data when a newer tarball is installed", async () => {
    // The same package as version 0.1.1-upgrade: unpacked, its version changed, packed again.
    const unpacked = path.join(work, 'newer');
    await fs.mkdir(unpacked);
    await exec('tar', ['-xzf', tarball, '-C', unpacked]);
    const pkgFile = path.join(unpacked, 'package/package.json');
    const pkg = JSON.parse(await fs.readFile(pkgFile, 'utf8'));
    await fs.writeFile(pkgFile, JSON.stringify({ ...pkg, version: `${pkg.version}-upgrade` }, null, 2));
    const newer = await pack(work, path.join(unpacked, 'package'));
    await timed('npm install <newer tarball>', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', newer]),
    );
    const installed = JSON.parse(
      await fs.readFile(path.join(host, 'node_modules/strapi-plugin-wire/package.json'), 'utf8'),
    );
    expect(installed.version).toBe(`${pkg.version}-upgrade`);
    await start();
    const list = await (await http('GET', '/api/wire/articles?limit=5&q=quay', partnerKey)).json();
    expect(list.data.map((a: any) => a.headline)).toEqual(['Harbour opens its new quay']);
    expect((await (await http('GET', '/api/wire/articles?limit=1', partnerKey)).json()).meta.pagination.total).toBe(
      1201,
    );
    const token = await login();
    const notes = await (await http('GET', '/content-manager/collection-types/api::note.note', token)).json();
    expect(notes.results).toHaveLength(3);
    await stop();
  }, 600_000);
});
