/**
 * Every format through the real pipeline: pushed over HTTP into a real Strapi, read back over the
 * partner API. What the parsers extract must survive storage and serving.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { FIXTURES, partnerToken, startStrapi, type TestApp } from '../helpers/strapi';

let app: TestApp;
let pusher: string;
let reader: string;

// XML goes as bytes (the NITF fixture is ISO-8859-1); JSON as text (superagent would JSON-encode a Buffer).
const body = (file: string) =>
  file.endsWith('.json') ? readFileSync(path.join(FIXTURES, file), 'utf8') : readFileSync(path.join(FIXTURES, file));
const push = (file: string, type = 'application/xml') =>
  request(app.strapi.server.httpServer)
    .post('/api/wire/ingest')
    .set('Authorization', `Bearer ${pusher}`)
    .set('Content-Type', type)
    .send(body(file));
const list = async (query = '') =>
  (
    await request(app.strapi.server.httpServer)
      .get(`/api/wire/articles?pageSize=100${query}`)
      .set('Authorization', `Bearer ${reader}`)
  ).body;

beforeAll(async () => {
  app = await startStrapi();
  pusher = await partnerToken(app.strapi, 'formats-pusher', 'full', { ingest: true, anyAgency: true });
  reader = await partnerToken(app.strapi, 'formats-reader', 'full');
});

afterAll(async () => {
  await app?.stop();
});

it.each([
  ['atom/agency-feed.atom', 'atom', 2],
  ['newsml-g2/news-message.xml', 'newsml-g2', 2],
  ['nitf/embargoed.xml', 'nitf', 1],
  ['newsml-1.2/item.xml', 'newsml-1.2', 1],
  ['ninjs/v1.json', 'ninjs', 1],
  ['rss/media.rss', 'rss', 1],
])('takes %s in as %s', async (file, format, created) => {
  const res = await push(file, file.endsWith('.json') ? 'application/json' : 'application/xml');
  expect(res.status).toBe(200);
  expect(res.body.reports[0]).toMatchObject({ format, created, rejected: 0 });
});

it('stores images, serves subjects and the licence read from the source', async () => {
  const { data } = await list('&q=first snow');
  expect(data).toHaveLength(1);
  const stored = await app.strapi.db
    .query('plugin::wire.article')
    .findOne({ where: { documentId: data[0].id }, select: ['images'] });
  expect(stored.images[0]).toMatchObject({
    url: 'https://img.example.test/snow-large.jpg',
    credit: 'Jane Roe / Example Photo Wire',
  });
  // Pictures reach partners only from the Media Library, under a licence that covers them (pictures.test.ts).
  expect(data[0].images).toEqual([]);
  expect(data[0].subjects).toEqual([{ code: 'https://photo.example.test/sections:Weather', name: 'Weather' }]);
  const [rates] = (await list('&q=Central bank')).data;
  expect(rates.licence).toMatchObject({ holder: 'Example Press', terms: { archivalUseAllowed: false } });
  expect(rates.agency.code).toBe('EXP');
});

it('keeps a G2 licence in every language it was given', async () => {
  const licence = await app.strapi.db
    .query('plugin::wire.licence')
    .findOne({ where: { holder: 'Example Agency Ltd' } });
  expect(licence.syndicationAllowed).toBe(false);
  expect(licence.translations).toEqual([
    { language: 'de', notice: expect.stringContaining('Veröffentlichung nur mit schriftlicher Genehmigung') },
  ]);
});

it('never serves canceled or still-embargoed copy; serves what is usable', async () => {
  const headlines = (await list()).data.map((a: any) => a.headline);
  expect(headlines).toContain('Museum reopens after roof repair');
  expect(headlines).not.toContain('KILL: Bridge closure story');
  // The G2 budget story is embargoed until 2026-11-28T06:00Z, the NITF strike story until 11:00Z on
  // 2026-11-27: whether each is served depends only on the clock.
  const now = Date.now();
  expect(headlines.includes('Parliament passes budget after all-night session')).toBe(
    now >= Date.parse('2026-11-28T06:00:00Z'),
  );
  const strike = headlines.includes('Harbour strike ends after pay deal');
  expect(strike).toBe(now >= Date.parse('2026-11-27T11:00:00Z') && now < Date.parse('2026-12-27T00:00:00Z'));
  const stored = await app.strapi.db
    .query('plugin::wire.article')
    .findOne({ where: { headline: 'KILL: Bridge closure story' } });
  expect(stored.pubStatus).toBe('canceled');
});

it('reports a format named wrongly, and takes it when named rightly', async () => {
  const file = body('ninjs/v3.json');
  const wrong = await request(app.strapi.server.httpServer)
    .post('/api/wire/ingest?format=nitf')
    .set('Authorization', `Bearer ${pusher}`)
    .set('Content-Type', 'application/json')
    .send(file);
  expect(wrong.status).toBe(422);
  expect(wrong.body.error.details.problems[0].reason).toMatch(/not a NITF document|malformed XML/);
  const right = await request(app.strapi.server.httpServer)
    .post('/api/wire/ingest?format=ninjs')
    .set('Authorization', `Bearer ${pusher}`)
    .set('Content-Type', 'application/json')
    .send(file);
  expect(right.body).toMatchObject({ created: 1 });
});

describe('a kill read from a real feed shape (issue 26, class 3)', () => {
  const story = async () =>
    app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { guid: 'tag:example-wire.test,2026:newsml_KX1RIVER' } });

  it('a G2 pubStatus canceled item without headline or body, sent after the story, withdraws it', async () => {
    expect((await push('newsml-g2/kill-story.xml')).body.reports[0]).toMatchObject({ created: 1, rejected: 0 });
    const served = (await list('&q=barges')).data;
    expect(served.map((a: any) => a.headline)).toEqual(['River barges stranded as water levels fall']);
    const id = served[0].id;

    const kill = await push('newsml-g2/kill-canceled-no-body.xml');
    expect(kill.body.reports[0]).toMatchObject({ updated: 1, rejected: 0 });
    expect((await list('&q=barges')).data).toEqual([]);
    const one = await request(app.strapi.server.httpServer)
      .get(`/api/wire/articles/${id}`)
      .set('Authorization', `Bearer ${reader}`);
    expect(one.status).not.toBe(200);
    // The story is withdrawn; what it said stays for the desk.
    const stored = await story();
    expect(stored).toMatchObject({
      pubStatus: 'canceled',
      version: 987654,
      headline: 'River barges stranded as water levels fall',
      body: expect.stringContaining('Dozens of barges'),
    });
  });

  it('the story sent again after its kill (an older version) stays withdrawn', async () => {
    expect((await push('newsml-g2/kill-story.xml')).body.reports[0]).toMatchObject({ created: 0, updated: 0 });
    expect((await story()).pubStatus).toBe('canceled');
  });
});
