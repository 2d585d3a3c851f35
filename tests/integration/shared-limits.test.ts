/**
 * Limits shared by every node (issue 23 item 5): a second Strapi process serves HTTP on the same
 * database (the SQLite file, or PostgreSQL with DATABASE_CLIENT=postgres) beside this one, and a
 * partner's daily quota and the burst limit hold for both together: exactly the limit answered,
 * then 429 with Retry-After and the IETF RateLimit headers, on either node. The partner reads its
 * figures at GET /api/wire/account; another partner is not touched; a counter that cannot be
 * written refuses (503), never serves uncounted.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { APP_DIR, partnerToken, plainToken, startStrapi, type TestApp } from '../helpers/strapi';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { wire } from '../../plugins/wire/server/src/services/wire';

const BURST = 10;
const DAILY = 5;
const run = promisify(execFile);

let app: TestApp;
let other: ChildProcess | undefined;
let otherOrigin: string;

function startListeningNode(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, [path.join(APP_DIR, 'tests/helpers/listening-node.js')], {
    cwd: APP_DIR,
    env: app.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const ready = /ready (\d+)/.exec(output);
      if (ready) resolve({ child, origin: `http://127.0.0.1:${ready[1]}` });
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`node exited (${code}) before it was ready: ${output.slice(-2000)}`)));
  });
}

const stopNode = (child?: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15000);
  });

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: String(BURST), WIRE_RATE_LIMIT_WINDOW_SECONDS: '60' });
  ({ child: other, origin: otherOrigin } = await startListeningNode());
}, 120_000);

afterAll(async () => {
  await stopNode(other);
  await app?.stop();
});

/** Node 0 is this process (supertest), node 1 the other process (over loopback HTTP). */
const nodeAgent = (node: number) => (node === 0 ? request(app.strapi.server.httpServer) : request(otherOrigin));
const get = (node: number, route: string, token: string) =>
  nodeAgent(node).get(route).set('Authorization', `Bearer ${token}`);

/** Waits while `now` is within `marginMs` of the end of a `spanMs` window, so a burst of requests stays inside one. */
async function insideWindow(spanMs: number, marginMs: number) {
  const left = spanMs - (Date.now() % spanMs);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 200));
}

/** `count` requests at once, alternating between the two nodes. */
const burstOf = (count: number, token: string, route = '/api/wire/articles?pageSize=1') =>
  Promise.all(Array.from({ length: count }, (_, i) => get(i % 2, route, token).then((res) => ({ node: i % 2, res }))));

async function setDaily(name: string, dailyRequests: number | null) {
  await app.strapi.db.query('plugin::wire.partner').update({ where: { name }, data: { dailyRequests } });
}

describe('a daily quota across two nodes on one database', () => {
  it(`answers exactly ${DAILY} requests of ${DAILY * 2} sent at once to both nodes, then 429 with Retry-After and RateLimit headers`, async () => {
    const key = await partnerToken(app.strapi, 'quota-site', 'quote');
    await setDaily('quota-site', DAILY);
    const otherSite = await partnerToken(app.strapi, 'unlimited-site', 'full');
    await insideWindow(60_000, 8_000);
    const answers = await burstOf(DAILY * 2, key);
    const ok = answers.filter((a) => a.res.status === 200);
    const refused = answers.filter((a) => a.res.status === 429);
    expect([ok.length, refused.length]).toEqual([DAILY, DAILY]);
    const secondsToMidnight = Math.ceil((86_400_000 - (Date.now() % 86_400_000)) / 1000);
    for (const { res } of refused) {
      expect(res.body.error).toMatchObject({
        status: 429,
        name: 'RateLimitError',
        details: { policy: 'daily', limit: DAILY, windowSeconds: 86_400 },
      });
      expect(res.body.error.message).toMatch(`${DAILY} requests a day (UTC)`);
      const retryAfter = Number(res.headers['retry-after']);
      expect(Math.abs(retryAfter - secondsToMidnight)).toBeLessThanOrEqual(5);
      expect(res.body.error.details.retryAfterSeconds).toBe(retryAfter);
      expect(res.headers['ratelimit-policy']).toBe(`"burst";q=${BURST};w=60, "daily";q=${DAILY};w=86400`);
      expect(res.headers['ratelimit']).toMatch(new RegExp(`^"burst";r=\\d+;t=\\d+, "daily";r=0;t=${retryAfter}$`));
    }
    // What was served says how much was left, each figure once: 4, 3, 2, 1, 0.
    const left = ok.map((a) => Number(/"daily";r=(\d+)/.exec(a.res.headers['ratelimit'])![1])).sort();
    expect(left).toEqual([0, 1, 2, 3, 4]);
    // Still refused on both nodes; the requests refused spent nothing of the burst limit.
    for (const node of [0, 1]) expect((await get(node, '/api/wire/articles', key)).status).toBe(429);
    // Another partner is untouched, on either node.
    for (const node of [0, 1]) {
      const res = await get(node, '/api/wire/articles?pageSize=1', otherSite);
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-policy']).toBe(`"burst";q=${BURST};w=60`);
    }
    // Raising the quota takes effect at the next request, on every node.
    await setDaily('quota-site', DAILY + 1);
    expect((await get(1, '/api/wire/articles?pageSize=1', key)).status).toBe(200);
    expect((await get(0, '/api/wire/articles?pageSize=1', key)).status).toBe(429);
  }, 60_000);

  // Sequential, alternating nodes: counted per node, each would still be under the quota.
  it('counts every key of a partner together, on both nodes', async () => {
    const partners = wire(app.strapi).service('partners');
    const own = (await partners.createPartnerToken({ name: 'two-keys', access: 'quote', dailyRequests: 4 })).accessKey;
    const second = (await partners.addPartnerToken('two-keys')).accessKey;
    const unrelated = await partnerToken(app.strapi, 'two-keys-neighbour', 'quote');
    await insideWindow(60_000, 8_000);
    const statuses = [
      (await get(0, '/api/wire/articles', own)).status,
      (await get(1, '/api/wire/articles', second)).status,
      (await get(0, '/api/wire/articles', second)).status,
      (await get(1, '/api/wire/articles', own)).status,
      (await get(0, '/api/wire/articles', second)).status,
      (await get(1, '/api/wire/articles', own)).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect((await get(1, '/api/wire/articles', unrelated)).status).toBe(200);
  });
});

describe('the burst limit across two nodes', () => {
  it(`answers exactly ${BURST} of ${BURST + 6} requests in one window, then 429 naming the burst policy`, async () => {
    const key = await partnerToken(app.strapi, 'burst-site', 'full');
    await insideWindow(60_000, 10_000);
    const answers = await burstOf(BURST + 6, key);
    const ok = answers.filter((a) => a.res.status === 200);
    const refused = answers.filter((a) => a.res.status === 429);
    expect([ok.length, refused.length]).toEqual([BURST, 6]);
    const secondsToMinute = Math.ceil((60_000 - (Date.now() % 60_000)) / 1000);
    for (const { res } of refused) {
      expect(res.body.error.details).toMatchObject({ policy: 'burst', limit: BURST, windowSeconds: 60 });
      expect(res.body.error.message).toMatch(`${BURST} requests per 60 s`);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(Math.abs(retryAfter - secondsToMinute)).toBeLessThanOrEqual(3);
      expect(res.headers['ratelimit']).toMatch(new RegExp(`^"burst";r=0;t=${retryAfter}$`));
    }
    // The refused requests were given back to the day: it counted the ten served only.
    const day = await wire(app.strapi)
      .service('limits')
      .peek(await partnerDoc('burst-site'), { burst: null, daily: null });
    expect(day.find((s) => s.policy === 'daily')!.used).toBe(BURST);
  }, 60_000);
});

async function partnerDoc(name: string): Promise<string> {
  return (await app.strapi.db.query('plugin::wire.partner').findOne({ where: { name } })).documentId;
}

describe('GET /api/wire/account', () => {
  it("shows the partner's own plan, limits, used and left, the same on both nodes", async () => {
    await wire(app.strapi)
      .service('partners')
      .createPartnerToken({ name: 'account-site', access: 'quote', agencies: ['USPA'], dailyRequests: 20 });
    const key = (await wire(app.strapi).service('partners').addPartnerToken('account-site')).accessKey;
    await insideWindow(60_000, 8_000);
    for (const node of [0, 1, 0]) expect((await get(node, '/api/wire/articles?pageSize=1', key)).status).toBe(200);
    const res = await get(1, '/api/wire/account', key);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const nextMidnight = new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000).toISOString();
    expect(res.body.data).toEqual({
      partner: { name: 'account-site' },
      plan: { access: 'quote', agencies: ['USPA'], push: null },
      limits: {
        burst: {
          limit: BURST,
          windowSeconds: 60,
          used: 4,
          remaining: BURST - 4,
          resetAt: expect.stringMatching(/:00\.000Z$/),
        },
        daily: { limit: 20, windowSeconds: 86_400, used: 4, remaining: 16, resetAt: nextMidnight },
      },
    });
    expect(res.headers['ratelimit']).toMatch(/"daily";r=16;t=\d+$/);
    const again = await get(0, '/api/wire/account', key);
    expect(again.body.data.limits.daily).toMatchObject({ used: 5, remaining: 15 });
  });

  it('for a token without a partner, and without a daily quota, says so', async () => {
    const plain = await plainToken(app.strapi, 'plain-account');
    const res = await get(0, '/api/wire/account', plain);
    expect(res.status).toBe(200);
    expect(res.body.data.partner).toBeNull();
    expect(res.body.data.plan).toEqual({ access: 'quote', agencies: null, push: null });
    expect(res.body.data.limits.daily).toMatchObject({ limit: null, used: 1, remaining: null });
    expect(res.headers['ratelimit-policy']).toBe(`"burst";q=${BURST};w=60`);
    expect((await request(app.strapi.server.httpServer).get('/api/wire/account')).status).toBe(401);
  });

  it('is served to a push token too', async () => {
    const push = await partnerToken(app.strapi, 'push-account', 'full', { ingest: true, agencies: ['USPA'] });
    const res = await get(1, '/api/wire/account', push);
    expect(res.status).toBe(200);
    expect(res.body.data.plan.push).toEqual({ agencies: ['USPA'] });
  });

  it('is served to a push token made before the route existed, once Wire has started again', async () => {
    const push = await partnerToken(app.strapi, 'push-older', 'full', { ingest: true, agencies: ['USPA'] });
    const tokens = app.strapi.service('admin::api-token');
    const partner = await app.strapi.db.query('plugin::wire.partner').findOne({ where: { name: 'push-older' } });
    const before = await tokens.getById(partner.apiTokenId);
    const older = (before.permissions as string[]).filter(
      (a) => !['plugin::wire.account.find', 'plugin::wire.usage.find', 'plugin::wire.usageCsv.find'].includes(a),
    );
    await tokens.update(partner.apiTokenId, { permissions: older });
    expect((await get(1, '/api/wire/account', push)).status).toBe(403);
    // What the bootstrap does at every start.
    expect(await wire(app.strapi).service('partners').upgradePushTokens()).toBe(1);
    expect((await get(1, '/api/wire/account', push)).status).toBe(200);
    const after = (await tokens.getById(partner.apiTokenId)).permissions as string[];
    expect(after).toContain('plugin::wire.ingest.push');
    expect(new Set(after)).toEqual(new Set(before.permissions));
    // Nothing more to give, and read-only tokens are never touched.
    expect(await wire(app.strapi).service('partners').upgradePushTokens()).toBe(0);
  });
});

describe('setting the quota', () => {
  it('on the desk: a whole number from 1 or empty, by who may manage partners only', async () => {
    const http = app.strapi.server.httpServer;
    await createAdmin(app.strapi, 'limits-super@example.com', [(await superAdminRole(app.strapi)).id]);
    const reader = await createRole(app.strapi, 'limits-reader', [WIRE_ACTIONS.readDesk]);
    await createAdmin(app.strapi, 'limits-reader@example.com', [reader.id]);
    const admin = await adminToken(http, 'limits-super@example.com');
    const created = await request(http)
      .post('/wire/partners')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'desk-quota', access: 'quote', dailyRequests: '2' });
    expect(created.status).toBe(201);
    expect(created.body.data.dailyRequests).toBe(2);
    const id = created.body.data.documentId;
    const key = created.body.meta.accessKey;
    for (const bad of ['0', '-3', '2.5', '1e3', 'lots', 3_000_000_000, true]) {
      const res = await request(http)
        .put(`/wire/partners/${id}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ dailyRequests: bad });
      expect([bad, res.status, res.body.error?.details]).toEqual([bad, 400, { field: 'dailyRequests' }]);
      expect(res.body.error.message).toMatch(/^dailyRequests must be a whole number from 1/);
    }
    const refused = await request(http)
      .post('/wire/partners')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'desk-quota-bad', access: 'quote', dailyRequests: 'many' });
    expect(refused.status).toBe(400);
    expect(await app.strapi.db.query('plugin::wire.partner').count({ where: { name: 'desk-quota-bad' } })).toBe(0);
    const readerToken = await adminToken(http, 'limits-reader@example.com');
    const forbidden = await request(http)
      .put(`/wire/partners/${id}`)
      .set('Authorization', `Bearer ${readerToken}`)
      .send({ dailyRequests: '' });
    expect(forbidden.status).toBe(403);
    await insideWindow(60_000, 8_000);
    expect([
      (await get(0, '/api/wire/articles', key)).status,
      (await get(1, '/api/wire/articles', key)).status,
    ]).toEqual([200, 200]);
    expect((await get(0, '/api/wire/articles', key)).status).toBe(429);
    const lifted = await request(http)
      .put(`/wire/partners/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ dailyRequests: '' });
    expect([lifted.status, lifted.body.data.dailyRequests]).toEqual([200, null]);
    expect((await get(1, '/api/wire/articles', key)).status).toBe(200);
  });

  it('with the CLI: token create --daily-requests N, and a wrong N refused naming the field', async () => {
    const cli = (...args: string[]) =>
      run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), 'token', 'create', ...args], {
        cwd: APP_DIR,
        env: app.env,
        timeout: 120_000,
      }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e) => ({ code: e.code as number, out: String(e.stdout) + String(e.stderr) }),
      );
    const made = await cli('cli-quota', '--daily-requests', '3');
    expect(made.code).toBe(0);
    expect(made.out).toMatch('at most 3 requests a day');
    const partner = await app.strapi.db.query('plugin::wire.partner').findOne({ where: { name: 'cli-quota' } });
    expect(partner.dailyRequests).toBe(3);
    const bad = await cli('cli-quota-bad', '--daily-requests', 'ten');
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch('dailyRequests must be a whole number from 1');
    expect(await app.strapi.db.query('plugin::wire.partner').count({ where: { name: 'cli-quota-bad' } })).toBe(0);
  }, 120_000);

  it('reads a stored value that is not a whole number from 1 as no requests at all (fail closed)', async () => {
    const key = await partnerToken(app.strapi, 'broken-quota', 'quote');
    await app.strapi.db.connection('wire_partners').where({ name: 'broken-quota' }).update({ daily_requests: -5 });
    const res = await get(1, '/api/wire/articles', key);
    expect(res.status).toBe(429);
    expect(res.body.error.details).toMatchObject({ policy: 'daily', limit: 0 });
  });
});

describe('fail closed', () => {
  it('answers 503 with Retry-After when the count cannot be written, on every node, and serves again after', async () => {
    const key = await partnerToken(app.strapi, 'no-counter', 'full');
    expect((await get(0, '/api/wire/articles', key)).status).toBe(200);
    await app.strapi.db.connection.raw('DROP TABLE wire_request_counts');
    try {
      for (const node of [0, 1]) {
        const res = await get(node, '/api/wire/articles', key);
        expect([node, res.status]).toEqual([node, 503]);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body.error).toMatchObject({
          status: 503,
          name: 'ServiceUnavailableError',
          details: { retryAfterSeconds: 5 },
        });
        expect(res.body.data).toBeNull();
      }
    } finally {
      await wire(app.strapi).service('limits').ensureTable();
    }
    expect((await get(1, '/api/wire/articles', key)).status).toBe(200);
  });
});
