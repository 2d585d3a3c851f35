/**
 * Pictures into the Media Library on a real Strapi (issue 25, item 3): the pictures a story
 * references are fetched from a local test server through the guarded outbound fetch into Strapi's
 * Media Library, with caption, credit and licence notice; a picture over the size limit, of a wrong
 * type, or at a refused address is refused with its reason. The feed's credentials go to the feed's
 * own origin only; each picture is fetched once; partners receive the stored file's URL only under a
 * licence that covers pictures, never the agency's URL or its token. Feeds with `fetchPictures` have
 * theirs fetched by the cron's tick. SQLite by default, PostgreSQL with DATABASE_CLIENT=postgres.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { ALLOW_LOOPBACK, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { GIF_START, HTML_PAGE, JPEG_START, png } from '../helpers/pictures';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const PICTURES = WIRE_ACTIONS.fetchPictures;
const UPLOAD = 'plugin::upload.assets.create';
const COVERED =
  '© 2026 Example Photo Wire. Photos may be published with the story. Quotes up to 10% with a link to the source.';
const NOT_COVERED = '© 2026 Example Photo Wire. Quotes up to 10% with a link to the source.';
const BASIC = `Basic ${Buffer.from('wire:pic-s3cret').toString('base64')}`;

let app: TestApp;
let http: any;
let agency: FeedServer;
let elsewhere: FeedServer;
let quoteKey: string;
const token: Record<string, string> = {};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Pic {
  url: string;
  credit?: string;
  caption?: string;
}

/** An RSS document of one story with its pictures (media:content) under a channel copyright. */
function rss(guid: string, title: string, pictures: Pic[], copyright: string): string {
  const media = pictures
    .map(
      (p) =>
        `<media:content url="${esc(p.url)}" medium="image">${p.credit ? `<media:credit>${esc(p.credit)}</media:credit>` : ''}${p.caption ? `<media:description>${esc(p.caption)}</media:description>` : ''}</media:content>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Example Photo Wire</title><copyright>${esc(copyright)}</copyright><item><title>${esc(title)}</title><guid isPermaLink="false">${guid}</guid><link>https://photo.example.test/${guid}</link><pubDate>Mon, 07 Dec 2026 10:00:00 GMT</pubDate><description>${esc('<p>Snow fell above 1,200 metres overnight, the first of the season, and closed two passes.</p>')}</description>${media}</item></channel></rss>`;
}

const docIdOf = async (guid: string) =>
  (await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid }, select: ['documentId'] }))
    .documentId as string;

async function story(guid: string, pictures: Pic[], options: { copyright?: string; feed?: string } = {}) {
  await wire(app.strapi)
    .service('ingest')
    .ingestDocument(rss(guid, `Snow closes passes ${guid}`, pictures, options.copyright ?? COVERED), `${guid}.rss`, {
      feedDocumentId: options.feed ?? null,
    });
  return docIdOf(guid);
}

const fetchPictures = (id: string, who = 'chief') =>
  request(http).post(`/wire/articles/${id}/pictures`).set('Authorization', `Bearer ${token[who]}`).send({});
const asPartner = (id: string) =>
  request(http).get(`/api/wire/articles/${id}`).set('Authorization', `Bearer ${quoteKey}`);
const fileOf = (id: number) => app.strapi.db.query('plugin::upload.file').findOne({ where: { id } });
const hits = (server: FeedServer, path: string) => server.seen.filter((r) => r.path === path);

let feedId: string;

beforeAll(async () => {
  agency = await startFeedServer();
  elsewhere = await startFeedServer();
  app = await startStrapi({ ...ALLOW_LOOPBACK, WIRE_RATE_LIMIT: '0', WIRE_PICTURE_MAX_BYTES: '20kb' });
  http = app.strapi.server.httpServer;
  const s = app.strapi;
  await createAdmin(s, 'chief@pictures.test', [(await superAdminRole(s)).id]);
  // May fetch pictures and upload to the Media Library.
  const fetcher = await createRole(s, 'Pictures test fetcher', [WIRE_ACTIONS.readDesk, PICTURES, UPLOAD]);
  await createAdmin(s, 'fetcher@pictures.test', [fetcher.id]);
  // May fetch pictures, but may not upload: the button is no side door into the Media Library.
  await createAdmin(s, 'noupload@pictures.test', [
    (await createRole(s, 'Pictures test no upload', [WIRE_ACTIONS.readDesk, PICTURES])).id,
  ]);
  // Every Wire permission but this one, and upload.
  const lesser = await createRole(s, 'Pictures test lesser', [
    ...Object.values(WIRE_ACTIONS).filter((a) => a !== PICTURES),
    UPLOAD,
  ]);
  await createAdmin(s, 'lesser@pictures.test', [lesser.id]);
  for (const who of ['chief', 'fetcher', 'noupload', 'lesser'])
    token[who] = await adminToken(http, `${who}@pictures.test`);
  quoteKey = await partnerToken(s, 'Pictures quote partner', 'quote');

  agency.routes.set('/pics/snow.png', { body: png(12, 8), type: 'image/png' });
  agency.routes.set('/pics/private.png', { body: png(6, 4), type: 'image/png', auth: BASIC });
  agency.routes.set('/pics/huge.png', { body: png(100, 100, true), type: 'image/png' });
  agency.routes.set('/pics/error-page.jpg', { body: HTML_PAGE, type: 'image/jpeg' });
  agency.routes.set('/pics/says-gif.gif', { body: png(4, 4), type: 'image/gif' });
  agency.routes.set('/pics/broken.jpg', { body: Buffer.concat([JPEG_START, Buffer.alloc(64)]), type: 'image/jpeg' });
  agency.routes.set('/pics/shared.png', { body: png(5, 5), type: 'image/png' });
  agency.routes.set('/pics/queued.png', { body: png(7, 3), type: 'image/png' });
  agency.routes.set('/pics/gif.gif', { body: GIF_START, type: 'image/gif' });
  elsewhere.routes.set('/cdn/other.png', { body: png(3, 3), type: 'image/png' });

  const feed = await wire(s)
    .service('feeds')
    .create({
      name: 'Example Photo Wire',
      source: agency.url('/feed.rss'),
      authUsername: 'wire',
      authPassword: 'pic-s3cret',
      requestHeaders: JSON.stringify({ 'X-Api-Key': 'k-pictures' }),
    });
  feedId = feed!.documentId;
}, 120000);

afterAll(async () => {
  // The files this test stored, out of public/uploads again.
  const upload = app?.strapi.plugin('upload').service('upload');
  for (const file of (await app?.strapi.db.query('plugin::upload.file').findMany({})) ?? [])
    await upload.remove(file).catch(() => {});
  await app?.stop();
  await agency?.close();
  await elsewhere?.close();
});

describe('a picture fetched into the Media Library', () => {
  let id: string;
  let stored: Record<string, any>;

  it('stores it with its caption, credit and licence notice, and links it from the article', async () => {
    id = await story('pic-1', [
      {
        url: `${agency.url('/pics/snow.png')}?token=agency-secret-1`,
        credit: 'Jane Roe / Example Photo Wire',
        caption: 'Snow on the pass road on Monday morning.',
      },
    ]);
    const res = await fetchPictures(id);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ stored: 1, refused: 0 });
    const [outcome] = res.body.data.pictures;
    expect(outcome).toMatchObject({ ref: 'images[0]', status: 'stored', reason: null });
    // The agency's token is not repeated, not even to the editor.
    expect(outcome.source).toBe(`${agency.url('/pics/snow.png')}?…`);
    expect(JSON.stringify(res.body)).not.toMatch(/agency-secret-1/);
    stored = await fileOf(outcome.file.id);
    expect(stored).toMatchObject({ mime: 'image/png', width: 12, height: 8, ext: '.png' });
    expect(stored.alternativeText).toBe('Snow on the pass road on Monday morning.');
    expect(stored.caption).toBe(
      `Snow on the pass road on Monday morning. — Credit: Jane Roe / Example Photo Wire — Licence: ${COVERED}`,
    );
    expect(stored.url).toMatch(/^\/uploads\/.+\.png$/);
    const article = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: id } });
    expect(article.pictures).toEqual([
      expect.objectContaining({ ref: 'images[0]', fileId: stored.id, url: stored.url, mime: 'image/png' }),
    ]);
    // The desk's article view shows the stored file beside the reference.
    const desk = await request(http).get(`/wire/articles/${id}`).set('Authorization', `Bearer ${token.chief}`);
    expect(desk.body.data.article.pictures).toEqual([
      expect.objectContaining({
        ref: 'images[0]',
        credit: 'Jane Roe / Example Photo Wire',
        stored: expect.objectContaining({ id: stored.id, url: stored.url }),
      }),
    ]);
    expect(desk.body.data.licence.picturesAllowed).toBe(true);
  });

  it('serves partners the stored file under a licence that covers pictures, never the agency URL', async () => {
    const res = await asPartner(id);
    expect(res.status).toBe(200);
    expect(res.body.data.usage.picturesAllowed).toBe(true);
    expect(res.body.data.images).toEqual([
      {
        url: `http://localhost:${app.strapi.config.get('server.port')}${stored.url}`,
        type: 'image/png',
        caption: 'Snow on the pass road on Monday morning.',
        credit: 'Jane Roe / Example Photo Wire',
        width: 12,
        height: 8,
      },
    ]);
    expect(res.text).not.toMatch(/agency-secret-1|127\.0\.0\.1:\d+\/pics/);
    const ninjs = await asPartner(id).query({ format: 'ninjs' });
    expect(ninjs.text).toContain(stored.url);
    expect(ninjs.text).not.toMatch(/agency-secret-1|\/pics\//);
  });

  it('serves no picture under a licence that does not say pictures are covered', async () => {
    const other = await story('pic-2', [{ url: agency.url('/pics/shared.png'), credit: 'Example Photo Wire' }], {
      copyright: NOT_COVERED,
    });
    expect((await fetchPictures(other)).body.data.stored).toBe(1);
    const res = await asPartner(other);
    expect(res.body.data.usage.picturesAllowed).toBe(false);
    expect(res.body.data.images).toEqual([]);
    expect(res.text).not.toMatch(/\/uploads\/|\/pics\//);
  });

  it('fetches each picture once, for every article that references it and for two editors at once', async () => {
    const third = await story('pic-3', [{ url: agency.url('/pics/shared.png') }]);
    const before = hits(agency, '/pics/shared.png').length;
    expect(before).toBe(1);
    const [a, b] = await Promise.all([fetchPictures(third), fetchPictures(third, 'fetcher')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(hits(agency, '/pics/shared.png')).toHaveLength(1);
    const files = [a, b].map((r) => r.body.data.pictures[0]).filter((p) => p.status === 'stored');
    expect(files.length).toBeGreaterThan(0);
    const first = await app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { guid: 'pic-2' }, select: ['pictures'] });
    expect(files[0].file.id).toBe(first.pictures[0].fileId);
  });
});

describe('pictures refused, each with its reason', () => {
  let id: string;
  let outcomes: Array<Record<string, any>>;

  beforeAll(async () => {
    id = await story('pic-bad', [
      { url: agency.url('/pics/huge.png') },
      { url: agency.url('/pics/error-page.jpg') },
      { url: agency.url('/pics/says-gif.gif') },
      { url: `http://127.0.0.2:${agency.port}/pics/snow.png` },
      { url: agency.url('/pics/broken.jpg') },
      { url: agency.url('/pics/missing.png') },
    ]);
    const res = await fetchPictures(id);
    expect(res.status).toBe(200);
    outcomes = res.body.data.pictures;
    expect(res.body.data).toMatchObject({ stored: 0, refused: 6 });
  });

  it('refuses a picture over the size limit', () => {
    expect(outcomes[0]).toMatchObject({ ref: 'images[0]', status: 'refused', file: null });
    expect(outcomes[0].reason).toMatch(/20480-byte limit/);
  });

  it('refuses a picture of a wrong type, or whose bytes and Content-Type disagree', () => {
    expect(outcomes[1].reason).toBe(
      'not a picture Wire takes (JPEG, PNG, GIF or WebP): its bytes are none of them (declared image/jpeg)',
    );
    expect(outcomes[2].reason).toBe('its Content-Type (image/gif) does not agree with its bytes (image/png)');
    // A JPEG signature with nothing behind it.
    expect(outcomes[4].reason).toBe('its image/jpeg header gives no size in pixels: not a readable picture');
  });

  it('refuses a picture at an address the policy refuses, without connecting', () => {
    expect(outcomes[3].reason).toMatch(
      /^refused to fetch http:\/\/127\.0\.0\.2:\d+\/pics\/snow\.png: its address is loopback, private/,
    );
    expect(agency.seen.some((r) => r.headers.host?.startsWith('127.0.0.2'))).toBe(false);
  });

  it('names what the server answered', () => {
    expect(outcomes[5].reason).toMatch(/^HTTP 404 .*\/pics\/missing\.png/);
  });

  it('stores nothing of them and serves nothing of them', async () => {
    const article = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: id } });
    expect(article.pictures ?? []).toEqual([]);
    expect((await asPartner(id)).body.data.images).toEqual([]);
  });
});

describe("the feed's credentials", () => {
  it("go to the feed's own origin and nowhere else", async () => {
    const id = await story(
      'pic-creds',
      [{ url: agency.url('/pics/private.png') }, { url: elsewhere.url('/cdn/other.png') }],
      { feed: feedId },
    );
    const res = await fetchPictures(id);
    expect(res.body.data.pictures.map((p: any) => p.status)).toEqual(['stored', 'stored']);
    const [own] = hits(agency, '/pics/private.png').filter((r) => r.headers.authorization);
    expect(own.headers).toMatchObject({ authorization: BASIC, 'x-api-key': 'k-pictures' });
    const [other] = hits(elsewhere, '/cdn/other.png');
    expect(other.headers.authorization).toBeUndefined();
    expect(other.headers['x-api-key']).toBeUndefined();
  });

  it('are never sent for a story of no feed', async () => {
    const id = await story('pic-nofeed', [{ url: `${agency.url('/pics/private.png')}?v=2` }]);
    const res = await fetchPictures(id);
    expect(res.body.data.pictures[0].reason).toMatch(/^HTTP 401/);
  });
});

describe('who may fetch pictures', () => {
  let id: string;
  beforeAll(async () => {
    id = await story('pic-perm', [{ url: agency.url('/pics/gif.gif') }]);
  });

  it('needs its own permission', async () => {
    expect((await fetchPictures(id, 'lesser')).status).toBe(403);
  });

  it("and the Media Library's upload permission", async () => {
    const res = await fetchPictures(id, 'noupload');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/may not upload to the Media Library/);
    expect(hits(agency, '/pics/gif.gif')).toHaveLength(0);
  });

  it('with both, the picture is stored', async () => {
    const res = await fetchPictures(id, 'fetcher');
    expect(res.status).toBe(200);
    expect(res.body.data.pictures[0]).toMatchObject({
      status: 'stored',
      file: { mime: 'image/gif', width: 1, height: 1 },
    });
  });

  it('answers 404 for an unknown article', async () => {
    expect((await fetchPictures('no-such-article')).status).toBe(404);
  });

  it('keeps the record server-owned: the Content Manager cannot write it', async () => {
    const before = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: id } });
    await app.strapi.documents('plugin::wire.article').update({
      documentId: id,
      data: { pictures: [{ ref: 'images[0]', href: 'x', fileId: 1, url: 'https://evil.example/x.png' }] } as any,
    });
    const after = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: id } });
    expect(after.pictures).toEqual(before.pictures);
  });
});

describe('feeds that fetch their pictures as they arrive', () => {
  it("queues the feed's new stories and fetches their pictures on the cron's tick", async () => {
    await wire(app.strapi).service('feeds').update(feedId, { fetchPictures: true });
    const id = await story('pic-queued', [{ url: agency.url('/pics/queued.png'), credit: 'Queue Desk' }], {
      feed: feedId,
    });
    // A story of no feed with fetchPictures is left alone.
    await story('pic-unqueued', [{ url: `${agency.url('/pics/queued.png')}?other=1` }]);
    const done = await wire(app.strapi).service('pictures').tick();
    expect(done.fetched).toBe(1);
    expect(hits(agency, '/pics/queued.png')).toHaveLength(1);
    const article = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: id } });
    expect(article.pictures).toEqual([expect.objectContaining({ ref: 'images[0]', mime: 'image/png' })]);
    expect((await fileOf(article.pictures[0].fileId)).caption).toMatch(/Credit: Queue Desk/);
    // Nothing left for the next tick.
    expect(await wire(app.strapi).service('pictures').tick()).toEqual({ queued: expect.any(Number), fetched: 0 });
  });

  it('fetches one batch a tick, by one node at a time (the lease)', async () => {
    const lease = wire(app.strapi).service('lease');
    const held = await lease.acquire('pictures', 60_000);
    expect(held).not.toBeNull();
    await story('pic-held', [{ url: `${agency.url('/pics/queued.png')}?held=1` }], { feed: feedId });
    expect(await wire(app.strapi).service('pictures').tick()).toEqual({ queued: 0, fetched: 0 });
    await lease.release('pictures', held!);
    expect((await wire(app.strapi).service('pictures').tick()).fetched).toBe(1);
  });
});
