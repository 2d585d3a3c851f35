/**
 * Take to site on a real Strapi (issue 25, item 2): POST /wire/articles/:id/take makes a draft of the
 * host app's own type (the demo's api::story.story) through the Document Service. A full-access
 * agency's story gives the whole text; a quote-only agency's gives what a quote partner receives (a
 * marked quotation within the licence's limit); a licence that allows no quotation gives the headline,
 * attribution and notice only. The attribution is linked, the notice always there. The article shows
 * where it was taken; taking twice is a conflict unless asked again; a lesser role, or one that may
 * not create the target type, gets 403; the mapping is read from the plugin's config.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { g2Item, QUOTE_TERMS, storyText, tokensOf, type G2Story } from '../helpers/g2-copy';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const TAKE = WIRE_ACTIONS.takeArticles;
const STORY = 'api::story.story';
const CM_CREATE = 'plugin::content-manager.explorer.create';

let app: TestApp;
let http: any;
const token: Record<string, string> = {};

const admin = (method: 'get' | 'post' | 'put', path: string, who: string, body?: unknown) => {
  const req = request(http)[method](`/wire${path}`).set('Authorization', `Bearer ${token[who]}`);
  return body === undefined ? req : req.send(body as object);
};
const ingest = (s: G2Story) => wire(app.strapi).service('ingest').ingestDocument(g2Item(s), `${s.guid}.xml`);
const docIdOf = async (guid: string) =>
  (
    await app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { guid: `urn:newsml:licence.test:${guid}` }, select: ['documentId'] })
  ).documentId as string;
const draftOf = async (documentId: string): Promise<Record<string, any>> => {
  const draft = await app.strapi.documents(STORY as any).findOne({ documentId, status: 'draft' });
  if (!draft) throw new Error(`no draft ${documentId}`);
  return draft;
};
const publishedOf = (documentId: string) =>
  app.strapi.documents(STORY as any).findOne({ documentId, status: 'published' });

const STORIES: Record<string, G2Story> = {
  full: {
    guid: 'take-full',
    agency: 'FUL',
    headline: 'Full access copy',
    seed: 'fulla',
    words: 200,
    terms: QUOTE_TERMS,
  },
  quote: {
    guid: 'take-quote',
    agency: 'QUO',
    headline: 'Quote only copy',
    seed: 'quoteb',
    words: 200,
    terms: QUOTE_TERMS,
  },
  // States no quote limit: a quote partner (and a quote-only newsroom) gets the headline and link only.
  none: {
    guid: 'take-none',
    agency: 'QUO',
    headline: 'Rights reserved copy',
    seed: 'nonec',
    words: 120,
    terms: 'All rights reserved.',
  },
};
const doc: Record<string, string> = {};

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '0' });
  http = app.strapi.server.httpServer;
  const s = app.strapi;
  const roles = s.service('admin::role');
  // May take, and may create stories (every mapped field).
  const taker = await createRole(s, 'Take test taker', [WIRE_ACTIONS.readDesk, TAKE]);
  await roles.addPermissions(taker.id, [
    {
      action: CM_CREATE,
      subject: STORY,
      properties: { fields: ['title', 'body', 'byline', 'dateline', 'credit', 'sourceLink', 'licenceNotice'] },
      conditions: [],
    },
  ]);
  await createAdmin(s, 'taker@take.test', [taker.id]);
  // May take, but may not create stories: Take is no side door.
  await createAdmin(s, 'nocm@take.test', [(await createRole(s, 'Take test no CM', [WIRE_ACTIONS.readDesk, TAKE])).id]);
  // Every Wire permission but Take.
  const lesser = await createRole(
    s,
    'Take test lesser',
    Object.values(WIRE_ACTIONS).filter((a) => a !== TAKE),
  );
  await roles.addPermissions(lesser.id, [
    { action: CM_CREATE, subject: STORY, properties: { fields: ['title', 'body'] }, conditions: [] },
  ]);
  await createAdmin(s, 'lesser@take.test', [lesser.id]);
  await createAdmin(s, 'chief@take.test', [(await superAdminRole(s)).id]);
  for (const who of ['taker', 'nocm', 'lesser', 'chief']) token[who] = await adminToken(http, `${who}@take.test`);
  for (const [key, story] of Object.entries(STORIES)) {
    await ingest(story);
    doc[key] = await docIdOf(story.guid);
  }
  const set = await admin('put', '/agencies/FUL', 'chief', { newsroomAccess: 'full' });
  expect(set.status).toBe(200);
  expect(set.body.data.newsroomAccess).toBe('full');
});

afterAll(async () => {
  await app?.stop();
});

describe("the newsroom's access per agency", () => {
  it('is quote unless set, shown in the directory, and set only with the agencies permission', async () => {
    const list = await admin('get', '/agencies', 'taker');
    const byCode = Object.fromEntries(list.body.data.map((a: any) => [a.code, a.newsroomAccess]));
    expect(byCode).toMatchObject({ FUL: 'full', QUO: 'quote' });
    expect((await admin('put', '/agencies/QUO', 'taker', { newsroomAccess: 'full' })).status).toBe(403);
    expect((await admin('put', '/agencies/QUO', 'chief', { newsroomAccess: 'all' })).status).toBe(400);
  });

  it('cannot be set through the Document Service from outside Wire', async () => {
    const quo = await app.strapi.db.query('plugin::wire.agency').findOne({ where: { code: 'QUO' } });
    await expect(
      app.strapi
        .documents('plugin::wire.agency')
        .update({ documentId: quo.documentId, data: { newsroomAccess: 'full' } as any }),
    ).rejects.toThrow(/newsroomAccess/);
  });
});

describe('taking a story to the site', () => {
  it('is refused to a role without the Take permission, and to one that may not create the target', async () => {
    const lesser = await admin('post', `/articles/${doc.full}/take`, 'lesser');
    expect(lesser.status).toBe(403);
    const nocm = await admin('post', `/articles/${doc.full}/take`, 'nocm');
    expect(nocm.status).toBe(403);
    expect(nocm.body.error.message).toMatch(/may not create api::story\.story/);
    expect((await app.strapi.documents(STORY as any).findMany({})).length).toBe(0);
  });

  it('answers 404 for an unknown article', async () => {
    expect((await admin('post', '/articles/nope/take', 'taker')).status).toBe(404);
  });

  it("takes a full-access agency's story as a draft with the whole text, the attribution linked and the notice", async () => {
    const res = await admin('post', `/articles/${doc.full}/take`, 'taker');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ target: STORY, mode: 'full-text', by: 'taker@take.test', reason: null });
    const draft = await draftOf(res.body.data.documentId);
    expect(draft).toBeTruthy();
    expect(await publishedOf(res.body.data.documentId)).toBeNull();
    expect(draft.title).toBe('Full access copy');
    const all = tokensOf(storyText(STORIES.full), 'fulla');
    expect(tokensOf(draft.body, 'fulla')).toEqual(all);
    expect(draft.body).toContain('Source: <a href="https://agency.example.test/take-full">');
    expect(draft.sourceLink).toBe('https://agency.example.test/take-full');
    expect(draft.credit).toMatch(/^Source: /);
    expect(draft.licenceNotice).toBe(QUOTE_TERMS);
  });

  it("takes a quote-only agency's story as the marked quotation within the licence's limit", async () => {
    const res = await admin('post', `/articles/${doc.quote}/take`, 'taker');
    expect(res.status).toBe(200);
    expect(res.body.data.mode).toBe('quote');
    const draft = await draftOf(res.body.data.documentId);
    // 5 % of 200 words.
    const words = tokensOf(draft.body, 'quoteb').size;
    expect(words).toBeGreaterThan(0);
    expect(words).toBeLessThanOrEqual(10);
    expect(draft.body).toMatch(/^<blockquote><p>“/);
    expect(draft.body).toContain('Source: <a href="https://agency.example.test/take-quote">');
    expect(draft.sourceLink).toBe('https://agency.example.test/take-quote');
    expect(draft.licenceNotice).toBe(QUOTE_TERMS);
    // Exactly what a quote partner receives: the same code decides.
    const view = await admin('get', `/articles/${doc.quote}`, 'taker');
    expect(draft.body).toBe(view.body.data.partners.quote.body);
  });

  it('takes a story whose licence allows no quotation with headline, attribution and notice, and says so', async () => {
    const res = await admin('post', `/articles/${doc.none}/take`, 'taker');
    expect(res.status).toBe(200);
    expect(res.body.data.mode).toBe('headline-only');
    expect(res.body.data.reason).toMatch(/no quotation/);
    const draft = await draftOf(res.body.data.documentId);
    expect(draft.title).toBe('Rights reserved copy');
    expect(draft.body ?? '').toBe('');
    expect(draft.sourceLink).toBe('https://agency.example.test/take-none');
    expect(draft.licenceNotice).toBe('All rights reserved.');
  });

  it('shows on the article where it was taken, which no Document Service write can set', async () => {
    const view = await admin('get', `/articles/${doc.full}`, 'taker');
    expect(view.body.data.takeTarget).toBe(STORY);
    expect(view.body.data.article.takenTo).toEqual([
      expect.objectContaining({ target: STORY, mode: 'full-text', by: 'taker@take.test' }),
    ]);
    await app.strapi
      .documents('plugin::wire.article')
      .update({ documentId: doc.full, data: { takenTo: [], headline: 'Full access copy' } as any });
    const after = await admin('get', `/articles/${doc.full}`, 'taker');
    expect(after.body.data.article.takenTo).toHaveLength(1);
  });

  it('answers 409 with the draft when taken twice, and takes it again with ?again=true', async () => {
    const first = (await admin('get', `/articles/${doc.full}`, 'taker')).body.data.article.takenTo[0];
    const twice = await admin('post', `/articles/${doc.full}/take`, 'taker');
    expect(twice.status).toBe(409);
    expect(twice.body.error.details).toEqual({ target: STORY, documentId: first.documentId });
    const again = await admin('post', `/articles/${doc.full}/take?again=true`, 'taker');
    expect(again.status).toBe(200);
    expect(again.body.data.documentId).not.toBe(first.documentId);
    const view = await admin('get', `/articles/${doc.full}`, 'taker');
    expect(view.body.data.article.takenTo).toHaveLength(2);
  });

  it('writes the fields the configured mapping names, and none else', async () => {
    const setting = app.strapi.config.get('plugin::wire.take') as any;
    app.strapi.config.set('plugin::wire.take', { target: STORY, fields: { title: 'title', body: 'licenceNotice' } });
    try {
      const res = await admin('post', `/articles/${doc.quote}/take?again=true`, 'taker');
      expect(res.status).toBe(200);
      const draft = await draftOf(res.body.data.documentId);
      expect(draft.title).toBe('Quote only copy');
      expect(draft.licenceNotice).toMatch(/^<blockquote>/);
      expect(draft.body ?? null).toBeNull();
      expect(draft.sourceLink ?? null).toBeNull();
    } finally {
      app.strapi.config.set('plugin::wire.take', setting);
    }
  });

  it('answers 404 with why when no target is configured', async () => {
    const setting = app.strapi.config.get('plugin::wire.take') as any;
    app.strapi.config.set('plugin::wire.take', { target: null, fields: {} });
    try {
      const res = await admin('post', `/articles/${doc.quote}/take`, 'taker');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/not configured/);
      expect((await admin('get', `/articles/${doc.quote}`, 'taker')).body.data.takeTarget).toBeNull();
    } finally {
      app.strapi.config.set('plugin::wire.take', setting);
    }
  });
});
