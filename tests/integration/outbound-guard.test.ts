/**
 * Issue 11, rows 1, 2 and 9: an editor with "Manage feeds" (or a feed's own redirect) cannot make
 * Wire reach the server's loopback or private network, cannot send a feed's secrets anywhere but the
 * origin they were given for, and one slow feed delays no other.
 *
 * Everything is on loopback servers this file starts. Traps listen on 127.0.0.1, which is refused;
 * the operator allows 127.0.0.2 only (WIRE_FEED_ALLOW), where the "agency" servers listen. Each
 * refusal is proven by the trap's connection count staying at zero.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { adminToken, createAdmin, createRole, WIRE_ACTIONS } from '../helpers/admin';
import { expectError } from '../helpers/errors';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const AGENCY = '127.0.0.2';
let app: TestApp;
let server: http.Server;
let trap: FeedServer;
let agency: FeedServer;
let other: FeedServer;
let editor: string;

const FEED = rssFeed([
  {
    guid: 'guard-1',
    title: 'Bridge reopens after repairs',
    body: 'The bridge reopened on Monday morning after two weeks of work.',
  },
]);
const api = (method: 'get' | 'post' | 'put', path: string, body?: object) => {
  const req = request(server)[method](`/wire${path}`).set('Authorization', `Bearer ${editor}`);
  return body === undefined ? req : req.send(body);
};
const poller = () => wire(app.strapi).service('poller');
const feedRow = (documentId: string) => app.strapi.db.query('plugin::wire.feed').findOne({ where: { documentId } });

/** A port nothing listens on (allowed address, closed port). */
async function closedPort(host: string): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, host, resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  trap = await startFeedServer('127.0.0.1');
  trap.routes.set('/feed.rss', { body: FEED });
  agency = await startFeedServer(AGENCY);
  other = await startFeedServer(AGENCY);
  app = await startStrapi({ WIRE_FEED_ALLOW: AGENCY, WIRE_HTTP_TIMEOUT_MS: '1500', WIRE_POLL_CONCURRENCY: '4' });
  server = app.strapi.server.httpServer;
  await createAdmin(app.strapi, 'feeds@guard.test', [
    (await createRole(app.strapi, 'Feed editor', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageFeeds])).id,
  ]);
  editor = await adminToken(server, 'feeds@guard.test');
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await Promise.all([trap?.close(), agency?.close(), other?.close()]);
});

describe('outbound requests are guarded', () => {
  const spellings = () => [
    `http://127.0.0.1:${trap.port}/feed.rss`,
    `http://0x7f000001:${trap.port}/feed.rss`,
    `http://2130706433:${trap.port}/feed.rss`,
    `http://0177.0.0.1:${trap.port}/feed.rss`,
    `http://127.1:${trap.port}/feed.rss`,
    `http://[::ffff:127.0.0.1]:${trap.port}/feed.rss`,
    `http://localhost:${trap.port}/feed.rss`,
  ];

  it('Test refuses loopback in every spelling, with one message, and nothing reaches the server', async () => {
    for (const source of spellings()) {
      const res = await api('post', '/feeds/test', { source });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^refused to fetch .*: its address is loopback, private or otherwise not public \(an operator may allow it with WIRE_FEED_ALLOW\)$/,
      );
      expect(JSON.stringify(res.body)).not.toMatch(/Bridge reopens|<rss|ECONN/i);
    }
    expect(trap.connections).toBe(0);
  });

  it('a redirect from an allowed server to a refused one is refused before connecting', async () => {
    agency.routes.set('/to-trap', { redirect: `http://127.0.0.1:${trap.port}/feed.rss` });
    agency.routes.set('/to-trap-hex', { redirect: `http://0x7f000001:${trap.port}/feed.rss` });
    for (const path of ['/to-trap', '/to-trap-hex']) {
      const res = await api('post', '/feeds/test', { source: agency.url(path) });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^refused to fetch http:\/\/127\.0\.0\.1:\d+\/feed\.rss: /);
    }
    expect(agency.seen.filter((r) => r.path.startsWith('/to-trap'))).toHaveLength(2);
    expect(trap.connections).toBe(0);
  });

  it('a saved feed on loopback is refused by the scheduled poll and by Run now, and the run says so', async () => {
    for (const [k, source] of spellings().entries()) {
      const add = await api('post', '/feeds', { name: `trap-${k}`, source, pollIntervalMinutes: 15 });
      expect(add.status).toBe(201);
      const id = add.body.data.documentId;
      const runNow = await api('post', `/feeds/${id}/poll`);
      expect(runNow.status).toBe(200);
      expect(runNow.body.data.run).toMatchObject({ status: 'failed' });
      expect(runNow.body.data.run.error).toMatch(/^refused to fetch /);
      await app.strapi.db.query('plugin::wire.feed').update({ where: { documentId: id }, data: { nextPollAt: null } });
      const scheduled = await poller().pollFeed(id, 'schedule');
      expect(scheduled.run).toMatchObject({ status: 'failed' });
      expect(scheduled.run?.error).toMatch(/^refused to fetch /);
    }
    expect(trap.connections).toBe(0);
    expect(await app.strapi.db.query('plugin::wire.article').count()).toBe(0);
  });

  it('refused destinations read alike whether a port is open or closed', async () => {
    const closed = await closedPort('127.0.0.1');
    const open = await api('post', '/feeds/test', { source: `http://127.0.0.1:${trap.port}/x` });
    const shut = await api('post', '/feeds/test', { source: `http://127.0.0.1:${closed}/x` });
    expect(open.body.error.message.replace(/:\d+\//, ':PORT/')).toBe(
      shut.body.error.message.replace(/:\d+\//, ':PORT/'),
    );
  });

  it('network failures of an allowed server read alike: closed port, silent server, cut-short body', async () => {
    const closed = await closedPort(AGENCY);
    const messages: string[] = [];
    for (const source of [`http://${AGENCY}:${closed}/x`, agency.url('/silent'), agency.url('/truncated')]) {
      const res = await api('post', '/feeds/test', { source });
      expect(res.status).toBe(400);
      messages.push(res.body.error.message.replace(/http:\/\/\S+/, 'URL'));
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toBe(
      'cannot fetch URL the server could not be reached or gave no complete response within 1500 ms',
    );
  }, 20_000);

  it('an allowed server is fetched as before', async () => {
    agency.routes.set('/feed.rss', { body: FEED });
    const res = await api('post', '/feeds/test', { source: agency.url('/feed.rss') });
    expect(res.status).toBe(200);
    expect(res.body.data.preview[0].headline).toBe('Bridge reopens after repairs');
  });
});

describe('URLs that do not parse, or carry credentials (issue 27)', () => {
  it('Test of a URL the parser refuses answers 400 naming the source, never 500; saving one is refused too', async () => {
    for (const source of ['http://127.0.0.1%09:41900/', 'http://[::1/feed', 'https://exa mple.com/']) {
      const test = expectError(await api('post', '/feeds/test', { source }), 400);
      expect(test.details).toMatchObject({ field: 'source' });
      const add = expectError(await api('post', '/feeds', { name: `bad ${source}`, source }), 400);
      expect(JSON.stringify(add.details)).toContain('source');
    }
    expect(await app.strapi.db.query('plugin::wire.feed').count({ where: { name: { $startsWith: 'bad ' } } })).toBe(0);
  });

  it("credentials in a URL are refused and never repeated: Test, saving, and a stored feed's run", async () => {
    const source = `http://wireuser:s3cr3t-pw@${AGENCY}:${agency.port}/feed.rss`;
    agency.routes.set('/feed.rss', { body: FEED });
    const before = agency.connections;
    const test = await api('post', '/feeds/test', { source });
    expect(expectError(test, 400).details).toMatchObject({ field: 'source' });
    expect(test.text).not.toMatch(/wireuser|s3cr3t/);
    expect(test.body.error.message).toContain(`http://***@${AGENCY}:${agency.port}/feed.rss`);
    const add = await api('post', '/feeds', { name: 'creds in url', source });
    expectError(add, 400);
    expect(add.text).not.toMatch(/wireuser|s3cr3t/);
    // A feed stored before this check (written directly): its poll is refused, nothing repeats them.
    const feed = await app.strapi.db.query('plugin::wire.feed').create({
      data: {
        name: 'stored creds',
        source,
        format: 'auto',
        enabled: true,
        pollIntervalMinutes: 15,
        documentId: 'storedcreds0000000000000',
      },
    });
    const run = await api('post', `/feeds/${feed.documentId}/poll`);
    expect(run.status).toBe(200);
    expect(run.body.data.run).toMatchObject({
      status: 'failed',
      source: `http://***@${AGENCY}:${agency.port}/feed.rss`,
    });
    expect(JSON.stringify(run.body)).not.toMatch(/wireuser|s3cr3t/);
    const runs = await api('get', `/feeds/${feed.documentId}/runs`);
    expect(runs.status).toBe(200);
    expect(runs.body.data.length).toBe(1);
    expect(JSON.stringify(runs.body.data)).not.toMatch(/wireuser|s3cr3t/);
    expect(agency.connections).toBe(before);
  });
});

describe('secrets stay with their origin', () => {
  const secretsSeen = (s: FeedServer, path: string) =>
    s.seen
      .filter((r) => r.path === path)
      .map((r) => ({
        authorization: r.headers.authorization ?? null,
        key: r.headers['x-api-key'] ?? null,
        token: r.headers['x-token'] ?? null,
      }));
  let feedId: string;

  beforeAll(async () => {
    agency.routes.set('/private.rss', { body: FEED }); // the server checks wire:s3cret and k-123
    const add = await api('post', '/feeds', {
      name: 'private',
      source: agency.url('/private.rss'),
      authUsername: 'wire',
      authPassword: 's3cret',
      requestHeaders: JSON.stringify({ 'X-Api-Key': 'k-123', 'X-Token': 't-456' }),
    });
    expect(add.status).toBe(201);
    feedId = add.body.data.documentId;
  });

  it('Test with feedId sends the stored secrets to the stored source only', async () => {
    const same = await api('post', '/feeds/test', { feedId, source: agency.url('/private.rss') });
    expect(same.status).toBe(200);
    other.routes.set('/elsewhere.rss', { body: FEED });
    const changed = await api('post', '/feeds/test', { feedId, source: other.url('/elsewhere.rss') });
    expect(changed.status).toBe(200);
    expect(secretsSeen(other, '/elsewhere.rss')).toEqual([{ authorization: null, key: null, token: null }]);
  });

  it('every secret header, not only Authorization, is dropped on a redirect to another origin', async () => {
    other.routes.set('/landing.rss', { body: FEED });
    agency.routes.set('/moved.rss', { redirect: other.url('/landing.rss') });
    agency.routes.set('/moved-here.rss', { redirect: '/private.rss' });
    await wire(app.strapi)
      .service('feeds')
      .update(feedId, {
        source: agency.url('/moved.rss'),
        authPassword: 's3cret',
        requestHeaders: JSON.stringify({ 'X-Api-Key': 'k-123', 'X-Token': 't-456' }),
      });
    const run = await api('post', `/feeds/${feedId}/poll`);
    expect(run.body.data.run).toMatchObject({ status: 'success' });
    expect(secretsSeen(agency, '/moved.rss').at(-1)).toMatchObject({ key: 'k-123', token: 't-456' });
    expect(secretsSeen(other, '/landing.rss')).toEqual([{ authorization: null, key: null, token: null }]);
    // A redirect within the origin keeps them.
    const here = await api('post', '/feeds/test', {
      feedId: null,
      source: agency.url('/moved-here.rss'),
      authUsername: 'wire',
      authPassword: 's3cret',
      requestHeaders: JSON.stringify({ 'X-Api-Key': 'k-123' }),
    });
    expect(here.status).toBe(200);
  });

  it("changing a feed's source clears its secrets unless new ones are given", async () => {
    const moved = await api('put', `/feeds/${feedId}`, { source: other.url('/landing.rss') });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ hasPassword: false, hasRequestHeaders: false, authUsername: null });
    const row = await feedRow(feedId);
    expect(row).toMatchObject({ authPassword: null, requestHeaders: null, authUsername: null });
    const before = other.seen.length;
    await api('post', `/feeds/${feedId}/poll`);
    expect(secretsSeen(other, '/landing.rss').slice(-1)).toEqual([{ authorization: null, key: null, token: null }]);
    expect(other.seen.length).toBe(before + 1);
    // New secrets given with the new source are kept.
    const back = await api('put', `/feeds/${feedId}`, {
      source: agency.url('/private.rss'),
      authUsername: 'wire',
      authPassword: 's3cret',
      requestHeaders: JSON.stringify({ 'X-Api-Key': 'k-123' }),
    });
    expect(back.body.data).toMatchObject({ hasPassword: true, hasRequestHeaders: true, authUsername: 'wire' });
    const run = await api('post', `/feeds/${feedId}/poll`);
    expect(run.body.data.run).toMatchObject({ status: 'success' });
    // The same through the Document Service (as the Content Manager writes): no side door, a feed
    // is written only through Wire's routes.
    await expect(
      app.strapi
        .documents('plugin::wire.feed')
        .update({ documentId: feedId, data: { source: other.url('/landing.rss') } as any }),
    ).rejects.toThrow(/edited only at the Wire desk/);
    expect((await feedRow(feedId)).authPassword).toMatch(/^v1:/);
    // An unchanged source keeps them.
    await api('put', `/feeds/${feedId}`, {
      source: other.url('/landing.rss'),
      authUsername: 'wire',
      authPassword: 'again',
    });
    await api('put', `/feeds/${feedId}`, { source: other.url('/landing.rss'), pollIntervalMinutes: 20 });
    expect((await feedRow(feedId)).authPassword).toMatch(/^v1:/);
  });
});

describe('polls run side by side', () => {
  it("a fast feed's run completes while a slow feed is still being fetched", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    agency.routes.set('/slow.rss', {
      body: rssFeed([{ guid: 'slow-1', title: 'Slow news', body: 'It took a while to arrive at all.' }]),
      hold: held,
    });
    other.routes.set('/fast.rss', {
      body: rssFeed([{ guid: 'fast-1', title: 'Fast news', body: 'It arrived straight away as usual.' }]),
    });
    // Only these two are due: the feeds made above are paused for this test.
    await app.strapi.db.query('plugin::wire.feed').updateMany({ where: {}, data: { enabled: false } });
    const feeds = wire(app.strapi).service('feeds');
    await feeds.create({
      name: 'a-slow',
      source: agency.url('/slow.rss'),
      format: 'auto',
      pollIntervalMinutes: 15,
      enabled: true,
    });
    const fast = (await feeds.create({
      ...{ name: 'b-fast', source: other.url('/fast.rss'), format: 'auto', pollIntervalMinutes: 15 },
      enabled: true,
    }))!;
    const tick = poller().pollDue();
    // The slow server has the request and holds it; the fast feed's run finishes meanwhile.
    let fastRun: any = null;
    for (let i = 0; i < 200 && !fastRun; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      fastRun = await app.strapi.db
        .query('plugin::wire.ingest-run')
        .findOne({ where: { feed: { documentId: fast.documentId }, status: 'success' } });
    }
    expect(fastRun).toMatchObject({ status: 'success', created: 1 });
    expect(agency.seen.some((r) => r.path === '/slow.rss')).toBe(true);
    const slowRuns = await app.strapi.db
      .query('plugin::wire.ingest-run')
      .findMany({ where: { source: agency.url('/slow.rss') } });
    expect(slowRuns.map((r: any) => r.status)).toEqual(['running']);
    // The first tick is done with the fast feed once its lease is free (it writes the feed's next
    // poll time before): only then is moving that time back not overwritten.
    for (let i = 0; i < 200; i += 1) {
      const held = await app.strapi.db
        .connection('wire_leases')
        .where({ name: `feed:${fast.documentId}` })
        .first();
      if (!held) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The next tick does not wait for the slow feed either, and does not start it a second time.
    await app.strapi.db
      .query('plugin::wire.feed')
      .update({ where: { documentId: fast.documentId }, data: { nextPollAt: null } });
    const second = await poller().pollDue();
    expect(second.map((r: any) => [r.feed, r.run?.status])).toEqual([['b-fast', 'success']]);
    expect(agency.seen.filter((r) => r.path === '/slow.rss')).toHaveLength(1);
    release();
    const results = await tick;
    // Which feed a tick lists first is the database's order (PostgreSQL's may differ from SQLite's).
    expect(results.map((r: any) => [r.feed, r.run?.status]).sort()).toEqual([
      ['a-slow', 'success'],
      ['b-fast', 'success'],
    ]);
  }, 30_000);
});
