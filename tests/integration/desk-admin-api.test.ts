/**
 * The editors' desk over the admin API, on a real Strapi: each area's routes refuse editors whose
 * role lacks its permission (server-side, not only in the menu), and do their job for those who have it:
 * add and test a feed against a local feed server, run it, read the article as partners see it,
 * correct a licence, create a partner whose token then works on the REST API, and revoke it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { expectError } from '../helpers/errors';
import adminRoutes from '../../plugins/wire/server/src/routes/admin';
import { ALLOW_LOOPBACK, makeDropRoot, rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { FIXTURES, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let http: any;
let feeds: FeedServer;
const token: Record<string, string> = {};

const USPA_FOOTER =
  'This article may be quoted as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named via hyperlink.';
const longBody = (topic: string) =>
  `${Array.from({ length: 12 }, (_, i) => `Sentence ${i + 1} about the ${topic} has several plain words in it.`).join(' ')}</p><p>${USPA_FOOTER}`;

const api = (method: 'get' | 'post' | 'put', path: string, who: string, body?: unknown) => {
  const req = request(http)[method](`/wire${path}`).set('Authorization', `Bearer ${token[who]}`);
  return body === undefined ? req : req.send(body as object);
};

let dropRoot: string;

beforeAll(async () => {
  dropRoot = await makeDropRoot();
  app = await startStrapi({ ...ALLOW_LOOPBACK, WIRE_DROP_ROOT: dropRoot });
  http = app.strapi.server.httpServer;
  feeds = await startFeedServer();
  feeds.routes.set('/desk.rss', {
    body: rssFeed([
      { guid: 'desk-1', title: 'Glacier retreat measured in the Alps', body: longBody('glacier') },
      { guid: 'desk-2', title: 'Harbour strike ends after talks', body: longBody('harbour') },
    ]),
  });
  const s = app.strapi;
  await createAdmin(s, 'chief@desk.test', [(await superAdminRole(s)).id]);
  await createAdmin(s, 'reader@desk.test', [(await createRole(s, 'Desk reader', [WIRE_ACTIONS.readDesk])).id]);
  await createAdmin(s, 'feeds@desk.test', [
    (await createRole(s, 'Feed editor', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageFeeds])).id,
  ]);
  await createAdmin(s, 'nobody@desk.test', [(await createRole(s, 'No Wire', [])).id]);
  for (const who of ['chief', 'reader', 'feeds', 'nobody']) token[who] = await adminToken(http, `${who}@desk.test`);
});

afterAll(async () => {
  await feeds?.close();
  await app?.stop();
  if (dropRoot) await fs.rm(dropRoot, { recursive: true, force: true });
});

describe('permissions are checked on the server', () => {
  it('refuses every admin route without a login', async () => {
    expectError(await request(http).get('/wire/desk'), 401, 'UnauthorizedError');
    expectError(
      await request(http)
        .post('/wire/feeds')
        .send({ name: 'x', source: feeds.url('/desk.rss') }),
      401,
      'UnauthorizedError',
    );
  });

  it('lets an editor without "manage feeds" read the desk but not add, test, run or pause a feed', async () => {
    expect((await api('get', '/desk', 'reader')).status).toBe(200);
    expect((await api('get', '/feeds', 'reader')).status).toBe(200);
    const add = await api('post', '/feeds', 'reader', { name: 'Sneaky', source: feeds.url('/desk.rss') });
    expectError(add, 403, 'PolicyError');
    expect((await api('post', '/feeds/test', 'reader', { source: feeds.url('/desk.rss') })).status).toBe(403);
    expect(await app.strapi.db.query('plugin::wire.feed').count({ where: { name: 'Sneaky' } })).toBe(0);
  });

  it('refuses licence corrections and partner management to editors without those permissions', async () => {
    for (const who of ['reader', 'feeds']) {
      expect((await api('put', '/licences/any', who, { quoteLimitPercent: 50 })).status).toBe(403);
      expect((await api('get', '/partners', who)).status).toBe(403);
      expect((await api('post', '/partners', who, { name: `p-${who}`, access: 'full' })).status).toBe(403);
      expect((await api('post', '/partners/any/revoke', who)).status).toBe(403);
    }
    expect(await app.strapi.db.query('plugin::wire.partner').count()).toBe(0);
  });

  it('refuses the desk itself to an admin whose role has no Wire permission', async () => {
    expect((await api('get', '/desk', 'nobody')).status).toBe(403);
    expect((await api('get', '/articles', 'nobody')).status).toBe(403);
  });
});

/**
 * Every route of routes/admin.ts, read from the file itself (a route added there is checked here
 * without a line of test): refused with 403 to a role holding every Wire permission but the route's
 * own, and let through (its handler answers, whatever it answers) to a role holding only that one.
 * Ids that do not exist and empty bodies: the handlers answer 404 or 400 and nothing is written.
 */
describe('every admin route checks its permission', () => {
  type Route = {
    method: string;
    path: string;
    handler: string;
    config?: { policies?: Array<{ name: string; config?: { actions?: string[] } }> };
  };
  const routes = adminRoutes.routes as Route[];
  /**
   * The permissions a route requires: exactly one guard, either `admin::hasPermissions` with one
   * action, or Wire's `any-permission` (any one of its actions is enough; policies/any-permission.ts).
   */
  const guardOf = (route: Route): { any: boolean; actions: string[] } => {
    const guards = (route.config?.policies ?? []).filter((p) =>
      ['admin::hasPermissions', 'plugin::wire.any-permission'].includes(p.name),
    );
    expect(guards.length).toBe(1);
    const any = guards[0].name === 'plugin::wire.any-permission';
    if (!any) expect(guards[0].config?.actions?.length).toBe(1);
    return { any, actions: [...guards[0].config!.actions!] };
  };
  const actionOf = (route: Route): string | string[] => {
    const guard = guardOf(route);
    return guard.any ? guard.actions : guard.actions[0];
  };
  const actions = [
    ...new Set([
      ...Object.values(WIRE_ACTIONS),
      ...routes.map((r) => (r.config?.policies ?? []).flatMap((p) => p.config?.actions ?? [])).flat(),
    ]),
  ];
  const roleKey = (kind: 'only' | 'without', action: string | string[]) => `${kind}:${[action].flat().join('|')}`;
  /** Routes open to any one of several actions: a role without all of them is refused. */
  const anyOf = [...new Set(routes.filter((r) => guardOf(r).any).map((r) => guardOf(r).actions.join('|')))];
  const call = (route: Route, who: string) => {
    const req = request(http)
      [route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](
        `/wire${route.path.replace(/:[a-z]+/gi, 'no-such-id')}`,
      )
      .set('Authorization', `Bearer ${token[who]}`);
    return route.method === 'GET' ? req : req.send({});
  };

  beforeAll(async () => {
    const s = app.strapi;
    for (const [i, action] of actions.entries()) {
      for (const kind of ['only', 'without'] as const) {
        const held = kind === 'only' ? [action] : actions.filter((a) => a !== action);
        const email = `${kind}-${i}@desk.test`;
        await createAdmin(s, email, [(await createRole(s, `${kind} ${action}`, held)).id]);
        token[roleKey(kind, action)] = await adminToken(http, email);
      }
    }
    for (const [i, group] of anyOf.entries()) {
      const email = `without-any-${i}@desk.test`;
      const held = actions.filter((a) => !group.split('|').includes(a));
      await createAdmin(s, email, [(await createRole(s, `without ${group}`, held)).id]);
      token[roleKey('without', group.split('|'))] = await adminToken(http, email);
    }
  });

  /**
   * Which permission each route needs, said once more here on purpose: a route added to
   * routes/admin.ts without a line here, or guarded by another permission than this says, fails.
   */
  const EXPECTED: Record<string, keyof typeof WIRE_ACTIONS | Array<keyof typeof WIRE_ACTIONS>> = {
    'GET /desk': 'readDesk',
    'GET /agencies': 'readDesk',
    'PUT /agencies/:code': 'manageAgencies',
    'GET /articles': 'readDesk',
    'GET /articles/:id': 'readDesk',
    'GET /articles/:id/compare': 'readDesk',
    'POST /articles/:id/quote': 'readDesk',
    'PUT /articles/:id/embargo': 'manageFeeds',
    'POST /articles/:id/release': ['manageRules', 'manageFeeds'],
    'POST /articles/:id/take': 'takeArticles',
    'POST /articles/:id/pictures': 'fetchPictures',
    'GET /articles/:id/ledger': 'readDesk',
    'POST /articles/:id/ledger/reset': 'managePartners',
    'GET /feeds': 'readDesk',
    'POST /feeds': 'manageFeeds',
    'POST /feeds/test': 'manageFeeds',
    'GET /feeds/:id': 'readDesk',
    'PUT /feeds/:id': 'manageFeeds',
    'POST /feeds/:id/pause': 'manageFeeds',
    'POST /feeds/:id/resume': 'manageFeeds',
    'POST /feeds/:id/poll': 'manageFeeds',
    'GET /feeds/:id/runs': 'readDesk',
    'GET /rules': 'manageRules',
    'POST /rules': 'manageRules',
    'POST /rules/try': 'manageRules',
    'PUT /rules/order': 'manageRules',
    'GET /rules/:id': 'manageRules',
    'PUT /rules/:id': 'manageRules',
    'DELETE /rules/:id': 'manageRules',
    'GET /licences': 'readDesk',
    'PUT /licences/:id': 'manageLicences',
    'GET /partners': 'managePartners',
    'POST /partners': 'managePartners',
    'PUT /partners/:id': 'managePartners',
    'POST /partners/:id/revoke': 'managePartners',
    'POST /partners/:id/keys': 'managePartners',
    'GET /alerts': 'manageAlerts',
    'POST /alerts': 'manageAlerts',
    'GET /alerts/:id': 'manageAlerts',
    'PUT /alerts/:id': 'manageAlerts',
    'DELETE /alerts/:id': 'manageAlerts',
    'GET /alerts/:id/matches': 'manageAlerts',
    'GET /notifications': 'readDesk',
    'POST /notifications/read': 'readDesk',
    'GET /usage': 'readUsage',
    'GET /usage.csv': 'readUsage',
  };

  it('checks the routes the running plugin serves, each guarded by the one Wire permission it should need', () => {
    const routers = Object.values(
      app.strapi.plugin('wire').routes as unknown as Record<string, { type: string; routes: Route[] }>,
    );
    const served = routers.find((router) => router.type === 'admin')?.routes ?? [];
    const key = (r: Route) => `${r.method} ${r.path}`;
    expect(routes.map(key)).toEqual(served.map(key));
    expect(Object.fromEntries(routes.map((r) => [key(r), actionOf(r)]))).toEqual(
      Object.fromEntries(
        Object.entries(EXPECTED).map(([k, a]) => [
          k,
          Array.isArray(a) ? a.map((x) => WIRE_ACTIONS[x]) : WIRE_ACTIONS[a],
        ]),
      ),
    );
  });

  it.each(routes.map((r) => [`${r.method} /wire${r.path}`, r] as const))(
    '%s: 403 without its permission, through with it',
    async (_name, route) => {
      const action = actionOf(route);
      const before =
        (await app.strapi.db.query('plugin::wire.feed').count()) +
        (await app.strapi.db.query('plugin::wire.partner').count()) +
        (await app.strapi.db.query('plugin::wire.rule').count());
      expectError(await call(route, roleKey('without', action)), 403, 'PolicyError');
      // Through with its permission (with each one of them, for a route open to any of several).
      for (const one of [action].flat()) {
        const allowed = await call(route, roleKey('only', one));
        expect([401, 403]).not.toContain(allowed.status);
        expect(allowed.status).toBeLessThan(500);
        if (allowed.status >= 400)
          expect(['NotFoundError', 'ValidationError', 'BadRequestError']).toContain(
            expectError(allowed, allowed.status).name,
          );
      }
      expect(
        (await app.strapi.db.query('plugin::wire.feed').count()) +
          (await app.strapi.db.query('plugin::wire.partner').count()) +
          (await app.strapi.db.query('plugin::wire.rule').count()),
      ).toBe(before);
    },
  );
});

describe('feeds', () => {
  let feedId: string;

  it('tests a feed before it is saved: detected format and the first items as they would be stored', async () => {
    const res = await api('post', '/feeds/test', 'feeds', { source: feeds.url('/desk.rss'), format: 'auto' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ format: 'rss', items: 2, accepted: 2, rejected: [] });
    expect(res.body.data.preview[0]).toMatchObject({
      headline: 'Glacier retreat measured in the Alps',
      agency: 'USPA News (USPA)',
    });
    expect(res.body.data.preview[0].licence.terms).toContain('quotes up to 5% of the text');
    expect(await app.strapi.db.query('plugin::wire.article').count()).toBe(0);
  });

  it('says clearly why a test failed', async () => {
    const res = await api('post', '/feeds/test', 'feeds', { source: feeds.url('/500') });
    expect(expectError(res, 400).message).toMatch(/HTTP 500/);
  });

  it('adds a feed with a password that is never returned, and refuses a duplicate name', async () => {
    const res = await api('post', '/feeds', 'feeds', {
      name: 'Desk RSS',
      source: feeds.url('/desk.rss'),
      pollIntervalMinutes: 10,
      authUsername: 'wire',
      authPassword: 'top-secret',
    });
    expect(res.status).toBe(201);
    feedId = res.body.data.documentId;
    expect(res.body.data).toMatchObject({ name: 'Desk RSS', pollIntervalMinutes: 10, hasPassword: true });
    expect(JSON.stringify(res.body)).not.toContain('top-secret');
    const row = await app.strapi.db.query('plugin::wire.feed').findOne({ where: { documentId: feedId } });
    expect(row.authPassword).toMatch(/^v1:/);
    const again = await api('post', '/feeds', 'feeds', { name: 'Desk RSS', source: feeds.url('/desk.rss') });
    expect(expectError(again, 400, 'ValidationError').message).toMatch(/already exists/);
  });

  it('edits a feed, keeping its stored password when the field is left empty', async () => {
    const res = await api('put', `/feeds/${feedId}`, 'feeds', { pollIntervalMinutes: 30, authPassword: '' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ pollIntervalMinutes: 30, hasPassword: true });
    expect((await api('put', `/feeds/${feedId}`, 'feeds', { pollIntervalMinutes: 0 })).status).toBe(400);
    expect((await api('put', `/feeds/${feedId}`, 'reader', { pollIntervalMinutes: 5 })).status).toBe(403);
  });

  it('tests a drop folder by reading its first waiting file in place', async () => {
    const folder = await fs.mkdtemp(path.join(dropRoot, 'wire-desk-drop-'));
    try {
      await fs.copyFile(path.join(FIXTURES, 'rss/uspa-feed.rss'), path.join(folder, 'a.rss'));
      const res = await api('post', '/feeds/test', 'feeds', { source: folder });
      expect(res.status).toBe(200);
      expect(res.body.data.format).toBe('rss');
      expect(res.body.data.accepted).toBeGreaterThan(0);
      expect(await fs.readdir(folder)).toEqual(['a.rss']);
      const empty = await fs.mkdtemp(path.join(dropRoot, 'wire-desk-empty-'));
      const none = await api('post', '/feeds/test', 'feeds', { source: empty });
      expect(none.status).toBe(400);
      expect(none.body.error.message).toMatch(/no file waiting/);
      await fs.rm(empty, { recursive: true, force: true });
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('runs the feed now and lists the run; pause and resume', async () => {
    const run = await api('post', `/feeds/${feedId}/poll`, 'feeds');
    expect(run.status).toBe(200);
    expect(run.body.data.run).toMatchObject({ status: 'success', created: 2 });
    const runs = await api('get', `/feeds/${feedId}/runs`, 'reader');
    expect(runs.body.data).toHaveLength(1);
    expect(
      (await api('post', `/feeds/${feedId}/pause`, 'feeds', { reason: 'agency maintenance' })).body.data,
    ).toMatchObject({ paused: true, pausedReason: 'agency maintenance' });
    expect((await api('get', '/desk', 'reader')).body.data.attention.map((f: any) => f.name)).toEqual(['Desk RSS']);
    expect((await api('post', `/feeds/${feedId}/resume`, 'feeds')).body.data).toMatchObject({
      paused: false,
      consecutiveFailures: 0,
    });
    const desk = await api('get', '/desk', 'reader');
    expect(desk.body.data.counts.articles).toBe(2);
    expect(desk.body.data.attention).toEqual([]);
    expect((await api('get', '/feeds', 'reader')).body.data[0]).toMatchObject({ name: 'Desk RSS', itemsLast24h: 2 });
  });

  it('answers "Run now" on an unknown feed with 404, and while another process polls the feed with 409, in the one error shape', async () => {
    expect(expectError(await api('post', '/feeds/no-such-feed/poll', 'feeds'), 404, 'NotFoundError').message).toMatch(
      /no feed named "no-such-feed"/,
    );
    const lease = wire(app.strapi).service('lease');
    const holder = await lease.acquire(`feed:${feedId}`, 60_000);
    expect(holder).toEqual(expect.any(String));
    try {
      const busy = await api('post', `/feeds/${feedId}/poll`, 'feeds');
      const error = expectError(busy, 409, 'ConflictError');
      expect(error.message).toMatch(/was not polled: another process is polling this feed/);
      expect(error.details).toEqual({ feed: 'Desk RSS', skipped: 'another process is polling this feed' });
    } finally {
      await lease.release(`feed:${feedId}`, holder as string);
    }
    expect((await api('get', `/feeds/${feedId}/runs`, 'reader')).body.data).toHaveLength(1);
  });

  it('keeps a running run\'s counts up to date for "Run now" progress, leaving it running', async () => {
    const runs = wire(app.strapi).service('runs');
    const run = await runs.start('manual', feeds.url('/desk.rss'), feedId);
    await runs.progress(
      run,
      0,
    )({ source: 'x', format: 'rss', items: 120, created: 40, updated: 5, unchanged: 5, rejected: 0, error: null });
    const live = (await api('get', `/feeds/${feedId}/runs`, 'reader')).body.data.find((r: any) => r.id === run.id);
    expect(live).toMatchObject({ status: 'running', items: 120, created: 40, updated: 5 });
    await runs.finish(run, { status: 'success', summary: null });
  });

  it('shows an article with its licence terms and what quote and full partners receive', async () => {
    const list = await api('get', '/articles?q=Glacier', 'reader');
    expect(list.body.data).toHaveLength(1);
    const res = await api('get', `/articles/${list.body.data[0].documentId}`, 'reader');
    expect(res.status).toBe(200);
    const view = res.body.data;
    expect(view.licence.terms).toContain('quotes up to 5% of the text');
    expect(view.partners.full.usage.mode).toBe('full-text');
    expect(view.partners.quote.usage.mode).toBe('quote');
    expect(view.partners.quote.usage.wordsServed).toBeLessThanOrEqual(view.partners.quote.usage.quoteLimitWords);
  });

  it("says on every article row why it is not served, by the server's visibility rule: an expired story is expired", async () => {
    const row = (await api('get', '/articles?q=Glacier', 'reader')).body.data[0];
    expect(row.unservedReason).toBeNull();
    const articles = app.strapi.db.query('plugin::wire.article');
    await articles.update({
      where: { documentId: row.documentId },
      data: { expiresAt: new Date('2020-01-01T00:00:00Z') },
    });
    try {
      expect((await api('get', '/articles?q=Glacier', 'reader')).body.data[0].unservedReason).toBe('expired');
      expect((await api('get', `/articles/${row.documentId}`, 'reader')).body.data.article.unservedReason).toBe(
        'expired',
      );
      const newest = (await api('get', '/desk', 'reader')).body.data.newest.find(
        (a: { documentId: string }) => a.documentId === row.documentId,
      );
      expect(newest.unservedReason).toBe('expired');
    } finally {
      await articles.update({ where: { documentId: row.documentId }, data: { expiresAt: null } });
    }
  });

  it('refuses a feed the shared form rules refuse, naming the field', async () => {
    const res = await api('post', '/feeds', 'feeds', {
      name: 'Bad interval',
      source: 'https://agency.example/x.rss',
      pollIntervalMinutes: 999999,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['pollIntervalMinutes']);
    expect(
      (
        await api('post', '/feeds', 'feeds', {
          name: 'Alias',
          source: 'https://agency.example/x.rss',
          format: 'uspa-text',
        })
      ).status,
    ).toBe(400);
  });
});

describe('quote helper', () => {
  it('quotes a selected passage within the licence, with attribution and link, and refuses one over it', async () => {
    const list = await api('get', '/articles?q=Harbour', 'reader');
    const id = list.body.data[0].documentId;
    const text: string = (await api('get', `/articles/${id}`, 'reader')).body.data.article.bodyText;
    const from = text.indexOf('Sentence 2');
    expect(from).toBeGreaterThan(-1);
    expectError(await api('post', `/articles/${id}/quote`, 'nobody', { from, to: from + 10 }), 403, 'PolicyError');
    expectError(await api('post', `/articles/${id}/quote`, 'reader', { from: 5, to: 2 }), 400, 'BadRequestError');
    expectError(
      await api('post', '/articles/no-such-article/quote', 'reader', { from: 0, to: 5 }),
      404,
      'NotFoundError',
    );

    const short = await api('post', `/articles/${id}/quote`, 'reader', { from, to: from + 'Sentence 2 about'.length });
    expect(short.status).toBe(200);
    expect(short.body.data).toMatchObject({ ok: true, words: 3, passage: 'Sentence 2 about' });
    expect(short.body.data.words).toBeLessThanOrEqual(short.body.data.limitWords);
    expect(short.body.data.html).toContain('<blockquote>');
    expect(short.body.data.attribution.url).toBe('https://news.example.test/desk-2');

    const long = await api('post', `/articles/${id}/quote`, 'reader', { from: 0, to: text.length });
    expect(long.status).toBe(200);
    expect(long.body.data.ok).toBe(false);
    expect(long.body.data.error).toMatch(/allows quoting at most \d+/);
  });
});

describe('licences and partners', () => {
  it('corrects a licence for every article under it', async () => {
    const list = await api('get', '/licences', 'reader');
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].articles).toBe(2);
    const changeSeqs = async () =>
      (await app.strapi.db.connection('wire_articles').select('change_seq').orderBy('id')).map((r: any) =>
        Number(r.change_seq),
      );
    const before = await changeSeqs();
    const fixed = await api('put', `/licences/${list.body.data[0].documentId}`, 'chief', { quoteLimitPercent: 10 });
    expect(fixed.status).toBe(200);
    expect(fixed.body.data.terms).toContain('quotes up to 10% of the text');
    // Both articles are changes again, after every earlier one, for partners that sync.
    const after = await changeSeqs();
    expect(Math.min(...after)).toBeGreaterThan(Math.max(...before));
    const articles = await api('get', '/articles', 'reader');
    for (const a of articles.body.data) {
      const view = await api('get', `/articles/${a.documentId}`, 'reader');
      expect(view.body.data.partners.quote.usage.quoteLimitPercent).toBe(10);
    }
  });

  it('refuses a partner the desk cannot make with 400 naming the problem, in the one error shape', async () => {
    const noAgencies = await api('post', '/partners', 'chief', { name: 'Pusher', access: 'full', ingest: true });
    expect(expectError(noAgencies, 400, 'ValidationError').message).toMatch(/a push token needs the agencies/);
    const both = await api('post', '/partners', 'chief', {
      name: 'Pusher',
      access: 'full',
      ingest: true,
      anyAgency: true,
      agencies: 'AFP',
    });
    expect(expectError(both, 400, 'ValidationError').message).toMatch(/either agencies or "any agency"/);
    expect(
      expectError(await api('post', '/partners', 'chief', { name: 'Pusher', access: 'all' }), 400, 'ValidationError')
        .message,
    ).toMatch(/access must be one of/);
    expectError(await api('put', '/partners/no-such-partner', 'chief', { access: 'full' }), 404, 'NotFoundError');
    expect(await app.strapi.db.query('plugin::wire.partner').count()).toBe(0);
  });

  it('creates a partner whose token (shown once) reads the REST API, and revokes it', async () => {
    const created = await api('post', '/partners', 'chief', { name: 'Quote Daily', access: 'quote', agencies: 'uspa' });
    expect(created.status).toBe(201);
    const key = created.body.meta.accessKey;
    expect(created.body.data).toMatchObject({
      name: 'Quote Daily',
      access: 'quote',
      agencies: ['USPA'],
      revoked: false,
    });
    const list = await api('get', '/partners', 'chief');
    expect(JSON.stringify(list.body)).not.toContain(key);
    const read = await request(http).get('/api/wire/articles').set('Authorization', `Bearer ${key}`);
    expect(read.status).toBe(200);
    expect(read.body.meta.access).toBe('quote');
    expect(read.body.data).toHaveLength(2);
    // "What a partner sees" on the desk is what the partner API serves, field for field.
    const first = read.body.data[0];
    const desk = await api('get', `/articles/${first.id}`, 'reader');
    const served = await request(http).get(`/api/wire/articles/${first.id}`).set('Authorization', `Bearer ${key}`);
    // The same, but for the partner's own quote budget (the quote ledger), which the desk's preview has not.
    const { budget, ...usage } = served.body.data.usage;
    expect(budget).toMatchObject({ limitWords: usage.quoteLimitWords, spentWords: usage.wordsServed });
    expect(desk.body.data.partners.quote).toEqual({ ...served.body.data, usage });
    const taken = await api('post', '/partners', 'chief', { name: 'Quote Daily', access: 'full' });
    expect(expectError(taken, 400, 'ValidationError').message).toMatch(/already exists/);
    const revoked = await api('post', `/partners/${created.body.data.documentId}/revoke`, 'chief');
    expect(revoked.body.data).toMatchObject({ active: false, revoked: true });
    expectError(
      await request(http).get('/api/wire/articles').set('Authorization', `Bearer ${key}`),
      401,
      'UnauthorizedError',
    );
  });
});
