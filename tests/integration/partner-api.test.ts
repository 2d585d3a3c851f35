/**
 * The foundation end to end: a real Strapi on a fresh database, USPA copy pushed over HTTP and
 * ingested by the CLI (a second process on the same database), read back by partner tokens.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { expectError } from '../helpers/errors';
import { APP_DIR, FIXTURES, partnerToken, plainToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const run = promisify(execFile);
let app: TestApp;
let http: any;
const tokens: Record<string, string> = {};

async function cli(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), ...args], {
      cwd: APP_DIR,
      env: app.env,
      timeout: 120000,
    });
    return { code: 0, stdout };
  } catch (error: any) {
    return { code: error.code as number, stdout: String(error.stdout ?? ''), stderr: String(error.stderr ?? '') };
  }
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').filter(Boolean).pop() as string);
const get = (url: string, token?: string) => {
  const req = request(http).get(url);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};
const push = (body: string, token: string, type = 'application/rss+xml') =>
  request(http).post('/api/wire/ingest').set('Authorization', `Bearer ${token}`).set('Content-Type', type).send(body);

async function fixture(name: string) {
  return fs.readFile(path.join(FIXTURES, name), 'utf8');
}

async function findByHeadline(token: string, words: string) {
  const res = await get(`/api/wire/articles?q=${encodeURIComponent(words)}`, token);
  expect(res.status).toBe(200);
  return res.body.data.find((a: any) => a.headline.includes(words));
}

beforeAll(async () => {
  app = await startStrapi();
  http = app.strapi.server.httpServer;
  tokens.full = await partnerToken(app.strapi, 'full-partner', 'full');
  tokens.quote = await partnerToken(app.strapi, 'quote-partner', 'quote');
  tokens.pusher = await partnerToken(app.strapi, 'agency-push', 'full', { ingest: true, anyAgency: true });
  tokens.afpOnly = await partnerToken(app.strapi, 'afp-only', 'full', { agencies: ['AFP'] });
  tokens.plain = await plainToken(app.strapi, 'admin-made-read-only');
  // USPA's footers demand a link: its plain-text copy (no URL) is quoted only once USPA has a
  // homepage (tests/integration/agencies.test.ts covers the story without one).
  await app.strapi.db
    .query('plugin::wire.agency')
    .update({ where: { code: 'USPA' }, data: { homepage: 'https://uspa.example' } });
});

afterAll(async () => {
  await app?.stop();
});

describe('access', () => {
  it('refuses requests without a token', async () => {
    expectError(await get('/api/wire/articles'), 401, 'UnauthorizedError');
    expectError(await get('/api/wire/articles/anything'), 401, 'UnauthorizedError');
  });

  it('refuses a bad token', async () => {
    expectError(await get('/api/wire/articles', 'not-a-real-token'), 401, 'UnauthorizedError');
  });

  it('lets only tokens granted the ingest action push', async () => {
    const feed = await fixture('rss/uspa-feed.rss');
    expectError(await push(feed, tokens.full), 403, 'ForbiddenError');
    expectError(await push(feed, tokens.plain), 403, 'ForbiddenError');
    expectError(await request(http).post('/api/wire/ingest').send(feed), 401, 'UnauthorizedError');
  });
});

describe('ingest', () => {
  it('takes a pushed RSS feed of USPA articles, and a re-push changes nothing', async () => {
    const feed = await fixture('rss/uspa-feed.rss');
    const first = await push(feed, tokens.pusher);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ items: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    const again = await push(feed, tokens.pusher);
    expect(again.body).toMatchObject({ items: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await app.strapi.db.query('plugin::wire.article').count()).toBe(3);
  });

  it('ingests a file with the CLI while the server runs on the same database', async () => {
    const file = path.join(FIXTURES, 'uspa/harbour-cranes.txt');
    const first = await cli('ingest', file, '--json');
    expect(lastJson(first.stdout)).toMatchObject({ created: 1, unchanged: 0, rejected: 0 });
    const again = await cli('ingest', file, '--json');
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, unchanged: 1 });
    const article = await findByHeadline(tokens.full, 'electric cranes');
    expect(article).toBeDefined();
  });

  it('prints a readable summary without --json, naming what was rejected', async () => {
    const result = await cli('ingest', path.join(FIXTURES, 'rss/one-bad-item.rss'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/4 item\(s\): 2 created, 0 updated, 0 unchanged, 2 rejected/);
    expect(result.stdout).toMatch(
      /one-bad-item\.rss: item 2 \(bad-feed-2\), field headline: missing headline and body/,
    );
    expect(result.stdout).toMatch(/item 3 \(bad-feed-3\), field body: missing body/);
    expect(result.stdout).toMatch(/warning: .*field pubDate: implausible year 3013/);
  });

  it('turns a changed item into a new version of the same article and keeps the old one', async () => {
    const result = await cli('ingest', path.join(FIXTURES, 'uspa/harbour-cranes-corrected.txt'), '--json');
    expect(lastJson(result.stdout)).toMatchObject({ created: 0, updated: 1 });
    const article = await findByHeadline(tokens.full, 'electric cranes');
    expect(article.version).toBe(2);
    expect(article.body).toContain('forty-two fully electric');
    const stored = await app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { documentId: article.id }, populate: { versions: true } });
    expect(stored.versions).toHaveLength(1);
    expect(stored.versions[0]).toMatchObject({ version: 1 });
    expect(stored.versions[0].body).toContain('forty fully electric');
  });

  it('reports an unreadable document with the reason and stores nothing from it', async () => {
    const before = await app.strapi.db.query('plugin::wire.article').count();
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256));
    const res = await request(http)
      .post('/api/wire/ingest')
      .set('Authorization', `Bearer ${tokens.pusher}`)
      .set('Content-Type', 'application/octet-stream')
      .send(garbage);
    // The one error shape: the problem as the message, the run's summary as the details.
    const error = expectError(res, 422, 'UnprocessableEntityError');
    expect(error.message).toMatch(/not a known wire format/);
    expect(error.details).toMatchObject({ items: 0, created: 0 });
    expect(error.details.problems[0]).toMatchObject({ item: 0, field: 'format' });
    expect(error.details.problems[0].reason).toMatch(/not a known wire format/);
    const bomb = await push(await fixture('bad/billion-laughs.xml'), tokens.pusher, 'application/xml');
    expect(expectError(bomb, 422, 'UnprocessableEntityError').details.problems[0].reason).toMatch(
      /entity declarations are refused/,
    );
    expect(await app.strapi.db.query('plugin::wire.article').count()).toBe(before);
  });

  it('ingests the good files of a folder and names the bad ones', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-folder-'));
    await fs.copyFile(path.join(FIXTURES, 'uspa/berlin-tenants.txt'), path.join(folder, 'a-good.txt'));
    await fs.writeFile(
      path.join(folder, 'b-garbage.dat'),
      Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 31 + 7) % 256)),
    );
    await fs.copyFile(path.join(FIXTURES, 'bad/malformed.rss'), path.join(folder, 'c-malformed.rss'));
    const result = await cli('ingest', folder, '--json');
    expect(result.code).toBe(1);
    const summary = lastJson(result.stdout);
    expect(summary).toMatchObject({ files: 3, created: 1, rejected: 0 });
    expect(summary.problems.map((p: any) => [path.basename(p.source), p.field])).toEqual([
      ['b-garbage.dat', 'format'],
      ['c-malformed.rss', null],
    ]);
    expect(summary.problems[1].reason).toMatch(/malformed XML/);
    const missing = await cli('ingest', path.join(folder, 'no-such-file.txt'), '--json');
    expect(lastJson(missing.stdout).problems[0]).toMatchObject({
      field: 'file',
      reason: 'cannot read file: no such file',
    });
    await fs.rm(folder, { recursive: true, force: true });
  });

  it("applies a feed's default agency and licence to copy that names neither", async () => {
    const s = app.strapi;
    const licence = await wire(s)
      .service('store')
      .ensureLicence(
        (await import('../../plugins/wire/server/src/normalise/licence')).parseLicenceNotice(
          'Quotes of up to 10% of the text are permitted; the source must be named.',
          'Example Syndicate',
        ),
      );
    const agency = await s
      .documents('plugin::wire.agency')
      .create({ data: { code: 'EXS', name: 'Example Syndicate' } as any });
    // Through Wire's feeds service, as the desk does: a feed's licence and agency are not set from outside.
    await wire(s).service('feeds').create({
      name: 'example-syndicate',
      source: 'https://feeds.example.test/exs.rss',
      format: 'rss',
      defaultAgency: agency.documentId,
      defaultLicence: licence.documentId,
    });
    const rssText = `<?xml version="1.0"?><rss version="2.0"><channel><title>Syndicate</title>
      <item><title>Harvest festival draws record crowds</title><guid>exs-1</guid><description>&lt;p&gt;Organisers counted more visitors than ever. The weather held.&lt;/p&gt;</description></item>
      </channel></rss>`;
    const file = path.join(os.tmpdir(), `wire-exs-${process.pid}.rss`);
    await fs.writeFile(file, rssText);
    const result = await cli('ingest', file, '--feed', 'example-syndicate', '--json');
    expect(lastJson(result.stdout)).toMatchObject({ created: 1 });
    const a = await findByHeadline(tokens.full, 'Harvest festival');
    expect(a.agency).toEqual({ code: 'EXS', name: 'Example Syndicate' });
    expect(a.licence).toMatchObject({
      source: 'feed',
      holder: 'Example Syndicate',
      terms: { quoteLimitPercent: 10, attributionRequired: true },
    });
    const stored = await s.db
      .query('plugin::wire.article')
      .findOne({ where: { documentId: a.id }, populate: { feed: true } });
    expect(stored.feed.name).toBe('example-syndicate');
    expect((await cli('ingest', file, '--feed', 'no-such-feed')).stderr).toMatch(/no feed named "no-such-feed"/);
    await fs.rm(file, { force: true });
  });

  it('stores one licence record for the same footer seen many times', async () => {
    const licences = await app.strapi.db
      .query('plugin::wire.licence')
      .findMany({ where: { notice: { $contains: 'Liability for this article' } } });
    expect(licences).toHaveLength(1);
    expect(licences[0]).toMatchObject({
      quoteLimitPercent: 5,
      quotesMustBeMarked: true,
      attributionRequired: true,
      hyperlinkRequired: true,
      fullTextAllowed: false,
      holder: 'The author',
    });
  });
});

describe('partner API', () => {
  it('lists articles newest first, as { data, meta } with pagination', async () => {
    const res = await get('/api/wire/articles', tokens.full);
    expect(res.status).toBe(200);
    const dates = res.body.data.map((a: any) => a.versionCreated);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 25, total: res.body.data.length });
    const page = await get('/api/wire/articles?pageSize=2&page=2', tokens.full);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.meta.pagination).toMatchObject({ page: 2, pageSize: 2 });
  });

  it('serves the full article with dateline, agency, clean body and licence to a full partner', async () => {
    const a = await findByHeadline(tokens.full, 'quiet carriages');
    expect(a).toMatchObject({
      guid: 'uspa-test-0001',
      version: 1,
      headline: 'Rail operator trials quiet carriages on commuter line',
      section: 'Transport',
      byline: 'Lena Holm',
      agency: { code: 'USPA', name: 'USPA News' },
      language: 'en-GB',
      keywords: ['Transport', 'Rail'],
      pubStatus: 'usable',
      firstCreated: '2026-11-23T07:30:00.000Z',
      url: 'https://news.example.test/uspa/rail-quiet-carriages',
      dateline: { text: 'OSLO (USPA News) -', place: 'OSLO', agency: 'USPA News' },
      licence: {
        holder: 'The author',
        terms: { quoteLimitPercent: 5, quotesMustBeMarked: true, attributionRequired: true, hyperlinkRequired: true },
      },
      usage: { access: 'full', mode: 'full-text', fullText: true },
    });
    expect(a.body).toMatch(/^<p>A rail operator will test quiet carriages/);
    expect(a.body).not.toMatch(/Liability|USPA News -|<script|onclick/);
    expect(a.body).toContain('<a href="https://example.test/survey">The survey</a>');
    expect(a.licence.notice).toMatch(/^Liability for this article lies with the author/);
    const one = await get(`/api/wire/articles/${a.id}`, tokens.full);
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(a);
  });

  it('applies the channel copyright to an item without a footer of its own', async () => {
    const a = await findByHeadline(tokens.full, 'storm warnings');
    expect(a.licence.notice).toBe('Copyright 2026 USPA News. All rights reserved.');
    expect(a.licence.holder).toBe('USPA News');
    expect(a.licence.terms).toMatchObject({ quoteLimitPercent: null, fullTextAllowed: false });
    expect(a.firstCreated).toBe('2026-11-22T02:10:00.000Z');
  });

  it('gives a quote partner a marked, attributed excerpt within the licence limit', async () => {
    const full = await findByHeadline(tokens.full, 'electric cranes');
    const a = await findByHeadline(tokens.quote, 'electric cranes');
    const limit = Math.floor(0.05 * full.wordCount);
    expect(a.usage).toMatchObject({
      access: 'quote',
      mode: 'quote',
      fullText: false,
      quoteLimitPercent: 5,
      quoteLimitWords: limit,
      quotesMustBeMarked: true,
    });
    expect(a.usage.wordsServed).toBeGreaterThan(0);
    expect(a.usage.wordsServed).toBeLessThanOrEqual(limit);
    expect(a.usage.attribution).toMatchObject({ required: true, hyperlinkRequired: true, text: 'Source: USPA News' });
    expect(a.body).toMatch(/^<blockquote><p>“.+”<\/p><\/blockquote>/s);
    const quoted = /“(.+)”/s.exec(a.body)![1].replace(/…$/, '');
    expect(quoted.split(/\s+/).length).toBeLessThanOrEqual(limit);
    expect(full.body.replace(/<[^>]+>/g, '')).toContain(quoted.slice(0, 30));
    expect(a.body).not.toContain(full.body.slice(3, 200));
  });

  it('links the quote attribution to the original article', async () => {
    const a = await findByHeadline(tokens.quote, 'quiet carriages');
    expect(a.usage.attribution.url).toBe('https://news.example.test/uspa/rail-quiet-carriages');
    expect(a.body).toContain('Source: <a href="https://news.example.test/uspa/rail-quiet-carriages">USPA News</a>');
  });

  it('gives a quote partner headline and link only when the licence sets no quote limit', async () => {
    const a = await findByHeadline(tokens.quote, 'storm warnings');
    expect(a.usage).toMatchObject({ mode: 'headline-only', wordsServed: 0, quoteLimitWords: null });
    expect(a.body).toBe('');
  });

  it('treats an admin-made token without a partner as quote access', async () => {
    const a = await findByHeadline(tokens.plain, 'electric cranes');
    expect(a.usage.access).toBe('quote');
    expect(a.usage.mode).toBe('quote');
  });

  it('filters by agency and searches headline and body', async () => {
    const uspa = await get('/api/wire/articles?agency=uspa', tokens.full);
    expect(uspa.body.data.length).toBeGreaterThan(0);
    expect(uspa.body.data.every((a: any) => a.agency.code === 'USPA')).toBe(true);
    expect((await get('/api/wire/articles?agency=AFP', tokens.full)).body.data).toHaveLength(0);
    const byBody = await get('/api/wire/articles?q=signatures', tokens.full);
    expect(byBody.body.data.map((a: any) => a.headline)).toEqual(['Library extends opening hours during exam season']);
  });

  it('never shows a partner agencies outside its contract', async () => {
    const res = await get('/api/wire/articles?agency=USPA', tokens.afpOnly);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(0);
    const a = await findByHeadline(tokens.full, 'electric cranes');
    expectError(await get(`/api/wire/articles/${a.id}`, tokens.afpOnly), 404, 'NotFoundError');
  });

  it('never serves withdrawn or still-embargoed articles, and serves an embargo once it has passed', async () => {
    const a = await findByHeadline(tokens.full, 'quiet carriages');
    const docs = app.strapi.documents('plugin::wire.article');
    await docs.update({ documentId: a.id, data: { pubStatus: 'canceled' } as any });
    expect((await get(`/api/wire/articles/${a.id}`, tokens.full)).status).toBe(404);
    expect(await findByHeadline(tokens.full, 'quiet carriages')).toBeUndefined();
    await docs.update({
      documentId: a.id,
      data: { pubStatus: 'usable', embargoedUntil: new Date(Date.now() + 3600_000) } as any,
    });
    expect((await get(`/api/wire/articles/${a.id}`, tokens.full)).status).toBe(404);
    await docs.update({ documentId: a.id, data: { embargoedUntil: new Date(Date.now() - 1000) } as any });
    expect((await get(`/api/wire/articles/${a.id}`, tokens.full)).status).toBe(200);
  });

  it('cannot be widened or made to leak internals through the query string', async () => {
    const a = await findByHeadline(tokens.full, 'quiet carriages');
    await app.strapi
      .documents('plugin::wire.article')
      .update({ documentId: a.id, data: { pubStatus: 'canceled', editorNotes: 'internal note' } as any });
    const tries = [
      'filters[pubStatus][$eq]=canceled',
      'status=draft',
      'populate=*',
      'fields[0]=contentHash',
      'fields[0]=editorNotes',
      'publicationState=preview',
      'locale=all',
      'access=full',
      'pubStatus=canceled',
      'filters[agency][code][$eq]=USPA',
    ];
    for (const query of tries) {
      const res = await get(`/api/wire/articles?${query}&pageSize=100`, tokens.quote);
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/contentHash|content_hash|editorNotes|internal note|bodyText|identity|apiTokenId/);
      expect(res.body.data.some((x: any) => x.id === a.id)).toBe(false);
      expect(res.body.data.every((x: any) => x.usage.access === 'quote' && !x.usage.fullText)).toBe(true);
    }
    await app.strapi
      .documents('plugin::wire.article')
      .update({ documentId: a.id, data: { pubStatus: 'usable' } as any });
  });

  it('rejects bad paging with a message naming the parameter', async () => {
    const res = await get('/api/wire/articles?pageSize=1000', tokens.full);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/pageSize may be at most 100/);
    expect((await get('/api/wire/articles?page=0', tokens.full)).body.error.message).toMatch(
      /page must be a whole number/,
    );
  });
});

describe('token CLI', () => {
  it('creates a partner token and prints the key on its last line', async () => {
    const result = await cli('token', 'create', 'cli-partner', '--access', 'quote', '--agencies', 'USPA');
    expect(result.code).toBe(0);
    const key = result.stdout.trim().split('\n').pop() as string;
    expect(key).toMatch(/^[0-9a-f]{64,}$/);
    const res = await get('/api/wire/articles?agency=USPA', key);
    expect(res.status).toBe(200);
    expect(res.body.meta.access).toBe('quote');
    const partner = await app.strapi.db.query('plugin::wire.partner').findOne({ where: { name: 'cli-partner' } });
    expect(partner).toMatchObject({ access: 'quote', agencies: ['USPA'], active: true });
  });

  it("adds a second key to a partner, which reads with the partner's access; deleting the first leaves the second working", async () => {
    const first = (await cli('token', 'create', 'rotating', '--access', 'quote')).stdout
      .trim()
      .split('\n')
      .pop() as string;
    const added = await cli('token', 'add', 'rotating');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Added the API token "rotating \(2\)"/);
    const second = added.stdout.trim().split('\n').pop() as string;
    for (const key of [first, second]) expect((await get('/api/wire/articles', key)).body.meta.access).toBe('quote');
    const old = await app.strapi.db.query('admin::api-token').findOne({ where: { name: 'rotating' } });
    await app.strapi.service('admin::api-token').revoke(old.id);
    expect((await get('/api/wire/articles', first)).status).toBe(401);
    expect((await get('/api/wire/articles', second)).status).toBe(200);
    // Deactivating the partner stops every key it has.
    await app.strapi.db.query('plugin::wire.partner').update({ where: { name: 'rotating' }, data: { active: false } });
    expect(expectError(await get('/api/wire/articles', second), 403, 'ForbiddenError').message).toBe(
      'partner "rotating" is not active',
    );
    expect((await cli('token', 'add', 'nobody')).stderr).toMatch(/no partner named "nobody"/);
  });

  it('refuses a second token of the same name and an unknown access level', async () => {
    expect((await cli('token', 'create', 'cli-partner')).code).toBe(2);
    const bad = await cli('token', 'create', 'other', '--access', 'everything');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/access must be one of full, quote/);
  });
});
