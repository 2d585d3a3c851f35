/**
 * Pictures, video and packages on a real Strapi (issue 26, class 4): a NewsML-G2 package delivered
 * before the items it groups, then a picture and a video, then the text story: each stored as what
 * it is, with its renditions; the desk lists them with their type (and filters by it), shows the
 * package's members in order with their roles, each resolved to the stored item once it arrives;
 * and no partner, however licensed, receives a picture, video or package (no licence's terms say
 * what may be done with media), while the text story is served as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { adminToken, createAdmin, superAdminRole } from '../helpers/admin';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let http: any;
let full: string;
let quote: string;
let editor: string;

const G2 = fs.readFileSync(path.join(__dirname, '../fixtures/media/g2-package-and-media.xml'), 'utf8');
/** The message with only its packageItem, and with only its picture and video. */
const PACKAGE_ONLY = G2.replace(/<newsItem [\s\S]*<\/newsItem>\s*/, '');
const MEDIA_ONLY = G2.replace(/<packageItem [\s\S]*<\/packageItem>\s*/, '');
/** The text story the package names as its sidebar (our kill-story fixture, under that guid). */
const TEXT = fs
  .readFileSync(path.join(__dirname, '../fixtures/newsml-g2/kill-story.xml'), 'utf8')
  .replace('tag:example-wire.test,2026:newsml_KX1RIVER', 'tag:example-wire.test,2026:txt_FLOOD');

const ARTICLE = 'plugin::wire.article';
const partner = (token: string, url: string) => request(http).get(url).set('Authorization', `Bearer ${token}`);
const desk = (url: string) => request(http).get(`/wire${url}`).set('Authorization', `Bearer ${editor}`);
const idOfGuid = async (guid: string) =>
  (await app.strapi.db.query(ARTICLE).findOne({ where: { guid }, select: ['documentId'] }))?.documentId as string;
/** The webhook events Wire emitted (Strapi's event hub, which its webhooks send on), by article. */
const announced: Array<{ event: string; documentId: string; headline: string }> = [];
const ingest = (text: string, name: string) => wire(app.strapi).service('ingest').ingestDocument(text, name);

beforeAll(async () => {
  app = await startStrapi();
  http = app.strapi.server.httpServer;
  full = await partnerToken(app.strapi, 'media-full', 'full');
  quote = await partnerToken(app.strapi, 'media-quote', 'quote');
  await createAdmin(app.strapi, 'media-editor@desk.test', [(await superAdminRole(app.strapi)).id]);
  editor = await adminToken(http, 'media-editor@desk.test');
  for (const event of ['entry.create', 'entry.update', 'entry.publish', 'entry.unpublish'])
    app.strapi.eventHub.on(event, async (payload: any) => {
      if (payload?.uid === ARTICLE) announced.push({ event, ...payload.entry });
    });
});

afterAll(async () => {
  await app?.stop();
});

describe('a package, then its picture and video, then its story', () => {
  it('stores the package before its members have arrived, its members in order with their roles', async () => {
    expect(await ingest(PACKAGE_ONLY, 'package.xml')).toMatchObject({ created: 1, rejected: 0 });
    const id = await idOfGuid('tag:example-wire.test,2026:pkg_FLOOD');
    const view = await desk(`/articles/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.data.article.itemType).toBe('package');
    expect(
      view.body.data.article.members.map((m: any) => [m.order, m.guid, m.role, m.groupRole, m.itemType, m.documentId]),
    ).toEqual([
      [1, 'tag:example-wire.test,2026:pic_FLOOD', 'irel:lead', 'group:main', 'picture', null],
      [2, 'tag:example-wire.test,2026:vid_FLOOD', null, 'group:main', 'video', null],
      [3, 'tag:example-wire.test,2026:txt_FLOOD', 'irel:sidebar', 'group:sidebar', 'text', null],
    ]);
  });

  it('stores the picture and the video with their renditions, caption and credit', async () => {
    expect(await ingest(MEDIA_ONLY, 'media.xml')).toMatchObject({ created: 2, rejected: 0 });
    const picture = await app.strapi.db
      .query(ARTICLE)
      .findOne({ where: { guid: 'tag:example-wire.test,2026:pic_FLOOD' }, populate: { licence: true } });
    expect(picture).toMatchObject({
      itemType: 'picture',
      headline: 'Volunteers fill sandbags in Dresden',
      credit: 'EXAMPLE WIRE/Anna Beispiel',
      byline: 'Anna Beispiel',
    });
    expect(picture.bodyText).toContain('Volunteers fill sandbags on the banks of the Elbe');
    expect(picture.licence.notice).toContain('Editorial use only');
    // The ftp rendition is dropped: http(s) only.
    expect(picture.renditions.map((r: any) => [r.name, r.href, r.width, r.height, r.size])).toEqual([
      ['rnd:highRes', 'https://media.example-wire.test/pic_FLOOD/high.jpg', 4000, 2667, 2400000],
      ['rnd:thumbnail', 'https://media.example-wire.test/pic_FLOOD/thumb.jpg', 200, 133, 9000],
    ]);
    const video = await app.strapi.db
      .query(ARTICLE)
      .findOne({ where: { guid: 'tag:example-wire.test,2026:vid_FLOOD' } });
    expect(video).toMatchObject({ itemType: 'video', headline: 'Video: GERMANY-FLOOD/VIDEO', headlineDerived: true });
    expect(video.renditions[0]).toMatchObject({ contentType: 'video/mp4', duration: 94 });
  });

  it('resolves the package members that have arrived since, the story once it arrives too', async () => {
    expect(await ingest(TEXT, 'story.xml')).toMatchObject({ created: 1, rejected: 0 });
    const id = await idOfGuid('tag:example-wire.test,2026:pkg_FLOOD');
    const members = (await desk(`/articles/${id}`)).body.data.article.members;
    expect(members.map((m: any) => [m.order, m.documentId, m.headline])).toEqual([
      [1, await idOfGuid('tag:example-wire.test,2026:pic_FLOOD'), 'Volunteers fill sandbags in Dresden'],
      [2, await idOfGuid('tag:example-wire.test,2026:vid_FLOOD'), 'Video: GERMANY-FLOOD/VIDEO'],
      [3, await idOfGuid('tag:example-wire.test,2026:txt_FLOOD'), 'River barges stranded as water levels fall'],
    ]);
  });

  it('re-delivers unchanged: nothing created or updated', async () => {
    expect(await ingest(G2, 'again.xml')).toMatchObject({ created: 0, updated: 0, rejected: 0 });
  });
});

describe('the desk', () => {
  it('lists each item with its type, and filters by it', async () => {
    const list = await desk('/articles?pageSize=50');
    expect(list.status).toBe(200);
    const types = Object.fromEntries(list.body.data.map((a: any) => [a.headline, a.itemType]));
    expect(types).toMatchObject({
      'Floods along the Elbe: pictures, video and the story': 'package',
      'Volunteers fill sandbags in Dresden': 'picture',
      'Video: GERMANY-FLOOD/VIDEO': 'video',
      'River barges stranded as water levels fall': 'text',
    });
    const pictures = await desk('/articles?type=picture');
    expect(pictures.body.data.map((a: any) => a.headline)).toEqual(['Volunteers fill sandbags in Dresden']);
    const text = await desk('/articles?type=text');
    expect(text.body.data.map((a: any) => a.headline)).toEqual(['River barges stranded as water levels fall']);
    expect((await desk('/articles?type=poster')).status).toBe(400);
  });

  it('says why a picture is not served to partners', async () => {
    const view = await desk(`/articles/${await idOfGuid('tag:example-wire.test,2026:pic_FLOOD')}`);
    expect(view.body.data.article.unservedReason).toBe('media');
    expect(view.body.data.partners.notServed).toMatch(/picture item: no licence's terms say what a partner may do/);
    expect(view.body.data.partners.quoteServed).toBe(false);
  });
});

describe('partners: text only, however licensed (attack: a full partner asking for the picture by id)', () => {
  it('lists the text story and none of the media items or the package', async () => {
    for (const token of [full, quote]) {
      const list = await partner(token, '/api/wire/articles?pageSize=100');
      expect(list.status).toBe(200);
      expect(list.body.data.map((a: any) => a.headline)).toEqual(['River barges stranded as water levels fall']);
    }
  });

  it('answers 404 for the picture, the video and the package by id, and for their quotes and versions', async () => {
    for (const guid of ['pic_FLOOD', 'vid_FLOOD', 'pkg_FLOOD']) {
      const id = await idOfGuid(`tag:example-wire.test,2026:${guid}`);
      expect(id).toBeTruthy();
      for (const url of [`/api/wire/articles/${id}`, `/api/wire/articles/${id}/versions`])
        expect((await partner(full, url)).status).toBe(404);
    }
  });

  it('leaves them out of the change feed, the webhooks and the RSS feed', async () => {
    const changes = await partner(full, '/api/wire/changes?limit=100');
    expect(changes.status).toBe(200);
    const ids = changes.body.data.map((c: any) => c.id);
    for (const guid of ['pic_FLOOD', 'vid_FLOOD', 'pkg_FLOOD'])
      expect(ids).not.toContain(await idOfGuid(`tag:example-wire.test,2026:${guid}`));
    expect(ids).toContain(await idOfGuid('tag:example-wire.test,2026:txt_FLOOD'));
    // Webhooks: the story is announced, the picture, video and package are not (their headlines included).
    for (let i = 0; i < 50 && !announced.some((a) => a.headline.startsWith('River barges')); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(announced.map((a) => a.headline)).toEqual(['River barges stranded as water levels fall']);
    const rss = (await request(http).get(`/api/wire/feed.rss?token=${full}`)).text;
    expect(rss).toContain('River barges stranded');
    expect(rss).not.toContain('Volunteers fill sandbags');
    expect(rss).not.toContain('media.example-wire.test');
  });
});
