/**
 * `wire ingest --dry-run` reads and normalises everything, compares with the database and stores
 * nothing; feeds that are not well-formed are refused with line and column unless marked lenient.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ALLOW_LOOPBACK } from '../helpers/feed-server';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { wire as wireOf } from '../../plugins/wire/server/src/services/wire';

const run = promisify(execFile);
let app: TestApp;
let folder: string;

const item = (guid: string, title: string, body: string) =>
  `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><pubDate>Sun, 01 Nov 2026 09:30:00 GMT</pubDate><description>${body}</description></item>`;
const feed = (...items: string[]) =>
  `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Dry Run News</title><copyright>Copyright Dry Run News</copyright>\n${items.join('\n')}\n</channel></rss>`;

beforeAll(async () => {
  app = await startStrapi();
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-dry-run-'));
  await fs.writeFile(
    path.join(folder, 'first.rss'),
    feed(
      item('dry-1', 'Harbour reopens', 'BERLIN (Dry Run News) - The harbour reopened on Sunday.'),
      item('dry-2', 'Tram line extended', 'BERLIN (Dry Run News) - The tram line now reaches the airport.'),
      item('dry-3', '', ''),
    ),
  );
  await fs.writeFile(
    path.join(folder, 'second.rss'),
    feed(
      item('dry-1', 'Harbour reopens', 'BERLIN (Dry Run News) - The harbour reopened on Sunday after a week.'),
      item('dry-2', 'Tram line extended', 'BERLIN (Dry Run News) - The tram line now reaches the airport.'),
    ),
  );
  // Not well-formed: a bare "&" on line 3.
  await fs.writeFile(
    path.join(folder, 'broken.rss'),
    feed(item('dry-4', 'Fish & chips', 'BERLIN (Dry Run News) - Prices rose.')),
  );
});

afterAll(async () => {
  await app?.stop();
  await fs.rm(folder, { recursive: true, force: true });
});

async function wire(...args: string[]): Promise<string> {
  return wireWith({}, ...args);
}

async function wireWith(env: Record<string, string>, ...args: string[]): Promise<string> {
  const result = await run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), ...args], {
    cwd: APP_DIR,
    env: { ...app.env, ...env },
    timeout: 120_000,
  }).catch((e) => e);
  return String(result.stdout ?? '') + String(result.stderr ?? '');
}

async function counts() {
  const db = app.strapi.db;
  return {
    articles: await db.query('plugin::wire.article').count(),
    versions: await db.query('plugin::wire.article-version').count(),
    agencies: await db.query('plugin::wire.agency').count(),
    licences: await db.query('plugin::wire.licence').count(),
    runs: await db.query('plugin::wire.ingest-run').count(),
  };
}

it('prints what would be created and rejected, and stores nothing', async () => {
  const before = await counts();
  const out = await wire('ingest', path.join(folder, 'first.rss'), '--dry-run');
  expect(out).toMatch(
    /dry run, nothing stored: 1 file\(s\), 3 item\(s\): 2 would be created, 0 would be updated, 0 unchanged, 1 rejected/,
  );
  expect(out).toMatch(/rejected: .*first\.rss: item 3 \(dry-3\), field headline: missing headline and body/);
  expect(await counts()).toEqual(before);
}, 150_000);

it('compares identities with the database: a changed story would be updated', async () => {
  const stored = await wire('ingest', path.join(folder, 'first.rss'));
  expect(stored).toMatch(/2 created/);
  const before = await counts();
  expect(before.articles).toBe(2);
  const out = await wire('ingest', path.join(folder, 'second.rss'), '--dry-run', '--json');
  const summary = JSON.parse(out.trim().split('\n').pop()!);
  expect(summary).toMatchObject({ dryRun: true, items: 2, created: 0, updated: 1, unchanged: 1, rejected: 0 });
  expect(await counts()).toEqual(before);
}, 150_000);

it('refuses XML that is not well-formed with line and column; a lenient feed reads it, with a warning', async () => {
  const strict = await wire('ingest', path.join(folder, 'broken.rss'), '--dry-run');
  expect(strict).toMatch(/rejected: .*broken\.rss: document: malformed XML: .* at line 3, column \d+/);
  expect(strict).toMatch(/0 would be created/);

  // The folder is the test's own, outside the drop root: written straight to the feed, as if it were inside.
  const forgiving = await wireOf(app.strapi)
    .service('feeds')
    .create({ name: 'Forgiving', source: 'https://feed.example.test/forgiving.rss', format: 'auto', lenient: true });
  await app.strapi.db
    .query('plugin::wire.feed')
    .update({ where: { documentId: forgiving!.documentId }, data: { source: folder } });
  const before = await counts();
  const lenient = await wire('ingest', path.join(folder, 'broken.rss'), '--feed', 'Forgiving', '--dry-run');
  expect(lenient).toMatch(/1 item\(s\): 1 would be created/);
  expect(lenient).toMatch(/warning: .*broken\.rss: document, field lenient: the feed is marked lenient/);
  expect(await counts()).toEqual(before);
}, 150_000);

it('streams a file larger than 8 MB from disk item by item; an item over WIRE_MAX_ITEM_BYTES is rejected alone', async () => {
  const file = path.join(folder, 'archive.rss');
  const handle = await fs.open(file, 'w');
  await handle.write('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Dry Run News</title>\n');
  const paragraph = `<p>${'The council met on Sunday and agreed the budget for the coming year. '.repeat(40)}</p>`;
  const count = 3000;
  for (let i = 1; i <= count; i += 1) {
    const body = i === 7 ? paragraph.repeat(40) : paragraph;
    await handle.write(`${item(`arch-${i}`, `Archive story ${i}`, `<![CDATA[BERLIN (Dry Run News) - ${body}]]>`)}\n`);
  }
  await handle.write('</channel></rss>\n');
  await handle.close();
  expect((await fs.stat(file)).size).toBeGreaterThan(8 * 1024 * 1024);

  const before = await counts();
  const out = await wireWith({ WIRE_MAX_ITEM_BYTES: '100000' }, 'ingest', file, '--dry-run');
  expect(out).toMatch(
    new RegExp(`${count} item\\(s\\): ${count - 1} would be created, 0 would be updated, 0 unchanged, 1 rejected`),
  );
  expect(out).toMatch(
    /rejected: .*archive\.rss: item 7, field item: item is \d+ characters of XML, over the 100000-character item limit/,
  );
  expect(await counts()).toEqual(before);
}, 150_000);

it('reads a gzipped HTTP body as it arrives, with the same results', async () => {
  const archive = await fs.readFile(path.join(folder, 'archive.rss'));
  const gz = gzipSync(archive);
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-encoding': 'gzip' });
    // In pieces, as a network delivers it.
    let at = 0;
    const more = () => {
      if (at >= gz.length) return res.end();
      res.write(gz.subarray(at, (at += 64 * 1024)), more);
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as { port: number };
    const before = await counts();
    const out = await wireWith(
      { ...ALLOW_LOOPBACK, WIRE_MAX_ITEM_BYTES: '100000' },
      'ingest',
      `http://127.0.0.1:${port}/archive.rss`,
      '--dry-run',
    );
    expect(out).toMatch(/3000 item\(s\): 2999 would be created, 0 would be updated, 0 unchanged, 1 rejected/);
    expect(out).toMatch(
      /rejected: http:\/\/127\.0\.0\.1:\d+\/archive\.rss: item 7, field item: item is \d+ characters of XML/,
    );
    expect(await counts()).toEqual(before);
  } finally {
    server.close();
  }
}, 150_000);
