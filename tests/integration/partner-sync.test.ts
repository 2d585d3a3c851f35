/**
 * Incremental sync and webhooks on a real Strapi: a partner walks every change by cursor (new,
 * updated, withdrawn as tombstones, embargoes as they lift), never skipping or repeating one while
 * another process ingests; Strapi webhooks announce each change without the article's text.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { walkChanges } from '../helpers/changes';
import { APP_DIR, partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const run = promisify(execFile);
let app: TestApp;
let server: any;
const tokens: Record<string, string> = {};
const hooks: Array<{ event: string; body: any }> = [];
let hookServer: http.Server;

/** A NewsML-G2 item from agency `provider`; `embargo` in ISO when it is embargoed. */
function g2(
  guid: string,
  opts: { provider?: string; version?: number; status?: string; headline?: string; embargo?: string } = {},
) {
  const { provider = 'KT', version = 1, status = 'usable', headline = `Story ${guid}`, embargo } = opts;
  return `<?xml version="1.0"?>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:sync.test:${guid}" version="${version}" xml:lang="en">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:${provider}"/><versionCreated>2026-11-27T10:0${version}:00Z</versionCreated><pubStatus qcode="stat:${status}"/>${embargo ? `<embargoed>${embargo}</embargoed>` : ''}</itemMeta>
      <contentMeta><headline>${headline}</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Text of ${guid}, version ${version}.</p></body></html></inlineXML></contentSet>
    </newsItem>`;
}

const ingest = (xml: string) => wire(app.strapi).service('ingest').ingestDocument(xml, 'sync-test.xml');
const get = (url: string, token: string) => request(server).get(url).set('Authorization', `Bearer ${token}`);

/** Walks the change feed from `cursor` to its end, `limit` at a time. */
const walk = (token: string, cursor: string | null, limit = 2) => walkChanges(get, token, cursor, limit);

async function waitFor(check: () => boolean, ms = 5000) {
  for (let waited = 0; waited < ms && !check(); waited += 50) await new Promise((r) => setTimeout(r, 50));
}

let cursor: string | null = null;
const ids: Record<string, string> = {};

beforeAll(async () => {
  hookServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hooks.push({ event: String(req.headers['x-strapi-event'] ?? ''), body: JSON.parse(body || '{}') });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  app = await startStrapi({ WIRE_RATE_LIMIT: '0' });
  server = app.strapi.server.httpServer;
  tokens.all = await partnerToken(app.strapi, 'sync-all', 'full');
  tokens.kt = await partnerToken(app.strapi, 'sync-kt', 'quote', { agencies: ['KT'] });
  const webhook = await app.strapi.get('webhookStore').createWebhook({
    name: 'partner',
    url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`,
    headers: {},
    events: ['entry.create', 'entry.update', 'entry.unpublish', 'entry.publish'],
    isEnabled: true,
  });
  app.strapi.get('webhookRunner').add(webhook);
});

afterAll(async () => {
  await app?.stop();
  await new Promise((resolve) => hookServer?.close(resolve));
});

it('walks every article once, in order, and only the agencies a token may read', async () => {
  for (const guid of ['a', 'b', 'c']) await ingest(g2(guid));
  await ingest(g2('other', { provider: 'ZZ' }));
  const { changes, cursor: end } = await walk(tokens.all, null);
  expect(changes.map((c) => [c.change, c.article?.headline])).toEqual([
    ['upsert', 'Story a'],
    ['upsert', 'Story b'],
    ['upsert', 'Story c'],
    ['upsert', 'Story other'],
  ]);
  for (const c of changes) ids[c.article.guid.split(':').pop()] = c.id;
  const kt = await walk(tokens.kt, null);
  expect(kt.changes.map((c) => c.id)).toEqual([ids.a, ids.b, ids.c]);
  expect(kt.changes[0].article.usage.access).toBe('quote');
  cursor = end;
  // Nothing new: nothing after it. The cursor comes back sealed afresh (serve/cursor.ts), so it
  // differs from the one sent while naming the same place.
  const again = await get(`/api/wire/changes?cursor=${end}`, tokens.all);
  expect(again.body).toMatchObject({ data: [], meta: { hasMore: false } });
  expect(again.body.meta.cursor).not.toBe(end);
  expect((await walk(tokens.all, again.body.meta.cursor)).changes).toEqual([]);
});

it('returns an updated story once more, and a withdrawn one as a tombstone', async () => {
  await ingest(g2('a', { version: 2, headline: 'Story a, updated' }));
  await ingest(g2('b', { version: 2, status: 'canceled' }));
  const { changes, cursor: end } = await walk(tokens.all, cursor);
  expect(changes).toEqual([
    expect.objectContaining({
      change: 'upsert',
      id: ids.a,
      article: expect.objectContaining({ headline: 'Story a, updated', version: 2 }),
    }),
    expect.objectContaining({ change: 'tombstone', id: ids.b, reason: 'withdrawn' }),
  ]);
  expect(JSON.stringify(changes[1])).not.toMatch(/Story b/);
  cursor = end;
});

it("counts an editor's change at the desk as a change", async () => {
  await app.strapi
    .documents('plugin::wire.article')
    .update({ documentId: ids.c, data: { headline: 'Story c, fixed at the desk' } as any });
  const { changes, cursor: end } = await walk(tokens.all, cursor);
  expect(changes.map((c) => [c.id, c.article?.headline])).toEqual([[ids.c, 'Story c, fixed at the desk']]);
  cursor = end;
});

it('brings an embargoed story once its embargo has passed', async () => {
  const soon = new Date(Date.now() + 1500).toISOString();
  await ingest(g2('embargoed', { embargo: soon }));
  // Embargoed from the start: it never reached anyone, so no tombstone names it (issue 10, item 8).
  const during = await walk(tokens.all, cursor);
  expect(during.changes).toEqual([]);
  await new Promise((r) => setTimeout(r, 1600));
  const after = await walk(tokens.all, during.cursor);
  expect(after.changes.map((c) => [c.change, c.article?.headline])).toEqual([['upsert', 'Story embargoed']]);
  cursor = after.cursor;
});

it('tells a partner nothing of changes it may not see: not by an empty page, nor by its cursor', async () => {
  const start = (await walk(tokens.kt, null)).cursor as string;
  const quiet = await get(`/api/wire/changes?limit=1&cursor=${start}`, tokens.kt);
  // Three stories of the partner's agency change that it may not see yet (embargoed a day ahead),
  // then one it may.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  for (const guid of ['hidden-1', 'hidden-2', 'hidden-3']) await ingest(g2(guid, { embargo: tomorrow }));
  const hidden = await get(`/api/wire/changes?limit=1&cursor=${start}`, tokens.kt);
  // With only hidden changes after it, the answer has the shape of one with nothing new.
  expect(hidden.status).toBe(200);
  expect(hidden.body.data).toEqual([]);
  expect(hidden.body.meta.hasMore).toBe(quiet.body.meta.hasMore);
  expect(hidden.body.meta.cursor.length).toBe(quiet.body.meta.cursor.length);
  for (const c of [start, quiet.body.meta.cursor, hidden.body.meta.cursor]) {
    expect(Buffer.from(c, 'base64url').toString('latin1')).not.toMatch(/^\d+\.\d+$/);
  }
  // A story it may see, after the hidden ones: one request with limit=1 brings it (the hidden
  // ones are read past, not served as an empty page with hasMore).
  await ingest(g2('seen-after-hidden'));
  const next = await get(`/api/wire/changes?limit=1&cursor=${start}`, tokens.kt);
  expect(next.body.data.map((c: any) => c.article?.headline)).toEqual(['Story seen-after-hidden']);
  expect(next.body.meta.hasMore).toBe(false);
  cursor = (await walk(tokens.all, cursor)).cursor;
});

it('refuses a cursor it did not give out, naming it', async () => {
  const res = await get('/api/wire/changes?cursor=bogus', tokens.all);
  expect(res.status).toBe(400);
  expect(res.body.error.message).toBe('cursor "bogus" is not one this API gave out');
});

it('announces changes with Strapi webhooks, naming the article but never its text', async () => {
  await waitFor(() => hooks.some((h) => h.event === 'entry.publish'));
  const seen = hooks.map((h) => [h.event, h.body.wire?.change, h.body.entry?.headline]);
  expect(seen).toEqual(
    expect.arrayContaining([
      ['entry.create', 'created', 'Story a'],
      ['entry.create', 'created', 'Story other'],
      ['entry.update', 'updated', 'Story a, updated'],
      ['entry.unpublish', 'withdrawn', 'Story b'],
      ['entry.publish', 'released', 'Story embargoed'],
    ]),
  );
  // No "created" for the embargoed story: partners hear of it when it may be published.
  expect(seen.filter((s) => s[2] === 'Story embargoed').map((s) => s[0])).toEqual(['entry.publish']);
  const created = hooks.find((h) => h.body.entry?.headline === 'Story a')!.body;
  expect(created).toMatchObject({
    model: 'article',
    uid: 'plugin::wire.article',
    entry: { documentId: ids.a, api: `/api/wire/articles/${ids.a}`, agency: 'KT' },
  });
  expect(JSON.stringify(hooks)).not.toMatch(/Text of a/);
});

it('never skips or repeats a change while another process ingests', async () => {
  const count = 300;
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-sync-'));
  const file = path.join(folder, 'many.xml');
  // One NewsML-G2 newsMessage with many items, ingested by the CLI: a second process, same database.
  const items = Array.from({ length: count }, (_, i) => g2(`bulk-${i}`).replace(/^<\?xml[^>]*\?>/, ''));
  await fs.writeFile(
    file,
    `<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>${items.join('')}</itemSet></newsMessage>`,
  );
  const child = run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), 'ingest', file, '--json'], {
    cwd: APP_DIR,
    env: app.env,
    timeout: 180000,
  });
  let done = false;
  void child.finally(() => (done = true));
  const seen: string[] = [];
  let at = cursor;
  while (!done) {
    const page = await walk(tokens.all, at, 7);
    seen.push(...page.changes.map((c) => c.id));
    at = page.cursor;
    await new Promise((r) => setTimeout(r, 20));
  }
  const { stdout } = await child;
  expect(JSON.parse(stdout.trim().split('\n').pop() as string)).toMatchObject({ created: count, rejected: 0 });
  const rest = await walk(tokens.all, at, 50);
  seen.push(...rest.changes.map((c) => c.id));
  expect(seen).toHaveLength(count);
  expect(new Set(seen).size).toBe(count);
  const stored = await app.strapi.db
    .query('plugin::wire.article')
    .findMany({ where: { guid: { $startsWith: 'urn:newsml:sync.test:bulk-' } }, select: ['documentId'] });
  expect(new Set(seen)).toEqual(new Set(stored.map((s: any) => s.documentId)));
  await fs.rm(folder, { recursive: true, force: true });
});
