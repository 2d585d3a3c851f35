/**
 * Wire reads its own outputs back (issue 12, item 7). A first Wire (its own process and SQLite
 * database) ingests the fixtures and serves them over its partner API as ninjs, RSS and Atom; this
 * test's Wire, on a second, fresh database, ingests those bodies. The copy comes back the same
 * (headline, dateline, agency, byline, body, licence notice, holder and terms) under its original
 * identity (the agency's guid and code, not the first Wire's article id): stored once, unchanged
 * when read again, and a correction becomes a version. The first Wire also reads its own output
 * back (pushed to it as a feed) and finds every story unchanged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { APP_DIR, FIXTURES, partnerToken, startStrapi, type TestApp } from '../helpers/strapi';

type Row = Record<string, any>;

const SOURCES = [
  'rss/uspa-feed.rss',
  'atom/agency-feed.atom',
  'uspa/harbour-cranes.txt',
  'uspa/berlin-tenants.txt',
  'ninjs/v2.json',
  'newsml-g2/news-message.xml',
  'nitf/embargoed.xml',
];
const FORMATS = ['ninjs', 'rss', 'atom'] as const;
type Format = (typeof FORMATS)[number];

let app: TestApp;
let token: string;
let first: { child: ChildProcess; base: string; read: string; push: string; summaries: Row[] };
let tmp: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function startFirstWire(): Promise<typeof first> {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-round-trip-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(APP_DIR, 'tests/helpers/serving-node.js'), ...SOURCES.map((s) => path.join(FIXTURES, s))],
    {
      cwd: APP_DIR,
      env: {
        ...app.env,
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: path.join(tmp, 'first.db'),
        HOST: '127.0.0.1',
        PORT: String(port),
        WIRE_POLL_ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve({ child, base: `http://127.0.0.1:${port}`, ...JSON.parse(line) });
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) =>
      reject(new Error(`the first Wire exited (${code}) before it was ready: ${output.slice(-2000)}`)),
    );
  });
}

/** GET or POST on the first Wire. */
async function onFirst(pathname: string, init: { token: string; body?: string }) {
  const res = await fetch(`${first.base}${pathname}`, {
    method: init.body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${init.token}` },
    body: init.body,
  });
  expect(res.status).toBe(200);
  return res.text();
}

const list = async (): Promise<Row[]> =>
  JSON.parse(await onFirst('/api/wire/articles?pageSize=100', { token: first.read })).data;

/** Everything the first Wire serves, as a ninjs list, RSS and Atom. */
async function serve(): Promise<Record<Format, string>> {
  return {
    ninjs: JSON.stringify(
      JSON.parse(await onFirst('/api/wire/articles?format=ninjs&pageSize=100', { token: first.read })).data,
    ),
    rss: await onFirst('/api/wire/feed.rss?pageSize=100', { token: first.read }),
    atom: await onFirst('/api/wire/feed.atom?pageSize=100', { token: first.read }),
  };
}

/** What must survive the trip. */
function essentials(a: Row) {
  return {
    identity: `${a.agency.code}:${a.guid}`,
    headline: a.headline,
    dateline: a.dateline?.text ?? null,
    agency: a.agency.code,
    byline: a.byline,
    body: a.body,
    notice: a.licence?.notice ?? null,
    holder: a.licence?.holder ?? null,
    terms: a.licence?.terms ?? null,
    language: a.language,
    pubStatus: a.pubStatus,
  };
}

const ingest = (text: string, origin: string) =>
  app.strapi.plugin('wire').service('ingest').ingestDocument(text, origin);
const here = (url: string) => request(app.strapi.server.httpServer).get(url).set('Authorization', `Bearer ${token}`);

let original: Row[];
let served: Record<Format, string>;
/** What the first Wire serves after the agency corrected one story, and that story as it serves it. */
let corrected: Record<Format, string>;
let upstream: Row;

const CRANES = /cranes/i;

beforeAll(async () => {
  app = await startStrapi();
  token = await partnerToken(app.strapi, 'second-reader', 'full');
  first = await startFirstWire();
  // (ninjs/v2.json holds one item that is not an object, on purpose; every file stores stories.)
  for (const s of first.summaries)
    expect({ file: s.file, stored: s.created > 0 }).toEqual({ file: s.file, stored: true });
  original = await list();
  expect(original.length).toBeGreaterThanOrEqual(8);
  served = await serve();
  // The agency corrects one story; the first Wire serves it as the next version.
  const correction = await fs.readFile(path.join(FIXTURES, 'uspa/harbour-cranes-corrected.txt'), 'utf8');
  expect(JSON.parse(await onFirst('/api/wire/ingest', { token: first.push, body: correction }))).toMatchObject({
    updated: 1,
  });
  corrected = await serve();
  upstream = (await list()).find((a) => CRANES.test(a.headline))!;
  expect(essentials(upstream)).not.toEqual(essentials(original.find((a) => CRANES.test(a.headline))!));
}, 120_000);

afterAll(async () => {
  if (first?.child.exitCode === null) {
    await new Promise<void>((resolve) => {
      first.child.on('exit', () => resolve());
      first.child.kill('SIGTERM');
    });
  }
  await app?.stop();
  if (tmp && !process.env.KEEP_ROUND_TRIP) await fs.rm(tmp, { recursive: true, force: true });
});

describe('the first Wire, reading what it served', () => {
  it.each(FORMATS)('%s: every story is recognised by its original identity, none stored twice', async (format) => {
    const before = await list();
    const summary = JSON.parse(await onFirst('/api/wire/ingest', { token: first.push, body: corrected[format] }));
    expect(summary).toMatchObject({ created: 0, rejected: 0 });
    const now = await list();
    expect(now).toHaveLength(original.length);
    for (const story of before) {
      const again = now.find((a) => a.guid === story.guid && a.agency.code === story.agency.code);
      expect(again ? essentials(again) : 'missing').toEqual(essentials(story));
      // ninjs carries the version number: the same version stays the same. (Its content hash still
      // differs where the agency's copy had no number: RSS and Atom carry none, so each read there is
      // counted as the next version, as any unnumbered copy is.)
      if (format === 'ninjs') expect(again!.version).toBe(story.version);
    }
  });
});

describe('a second Wire, reading what the first served', () => {
  const stored = async (): Promise<Row[]> => (await here('/api/wire/articles?pageSize=100')).body.data;
  const versionsOf = async (id: string): Promise<number[]> =>
    (await here(`/api/wire/articles/${id}/versions`)).body.data.map((v: Row) => v.version);

  // In order, on one database: ninjs stores the stories; RSS and Atom then find them by identity.
  it.each(FORMATS)(
    '%s: every story stored once, as it was: headline, dateline, agency, byline, body, licence and identity',
    async (format) => {
      const summary = await ingest(served[format], `first-wire.${format}`);
      expect(summary.problems).toEqual([]);
      expect(summary).toMatchObject({ rejected: 0, created: format === 'ninjs' ? original.length : 0 });
      const now = await stored();
      expect(now).toHaveLength(original.length);
      const byIdentity = new Map(now.map((a) => [`${a.agency.code}:${a.guid}`, a]));
      for (const story of original) {
        const copy = byIdentity.get(`${story.agency.code}:${story.guid}`);
        expect(copy ? essentials(copy) : `${story.agency.code}:${story.guid} missing`).toEqual(essentials(story));
      }
      // Read again: all unchanged.
      expect(await ingest(served[format], `first-wire.${format}`)).toMatchObject({
        created: 0,
        updated: 0,
        rejected: 0,
        unchanged: original.length,
      });
    },
  );

  it.each(FORMATS)(
    "%s: the agency's correction, served by the first Wire, becomes version 2 (on a fresh database)",
    async (format) => {
      await app.strapi.db.query('plugin::wire.article-version').deleteMany({});
      await app.strapi.db.query('plugin::wire.article').deleteMany({});
      expect(await ingest(served[format], `first-wire.${format}`)).toMatchObject({
        created: original.length,
        rejected: 0,
      });
      const story = (await stored()).find((a) => CRANES.test(a.headline))!;
      const summary = await ingest(corrected[format], `first-wire-corrected.${format}`);
      expect(summary).toMatchObject({ created: 0, rejected: 0, updated: 1, unchanged: original.length - 1 });
      expect(await versionsOf(story.id)).toEqual([2, 1]);
      const now = (await here(`/api/wire/articles/${story.id}`)).body.data;
      expect(essentials(now)).toEqual(essentials(upstream));
      expect(await stored()).toHaveLength(original.length);
    },
  );
});
