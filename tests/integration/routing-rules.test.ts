/**
 * Routing rules on a real Strapi (issue 25, item 1): rules made, checked, ordered and tried over the
 * admin API with their own permission; a section rule; a hold rule whose story no partner route
 * serves (list, one article, versions, quote and grants, changes, RSS and Atom, search), for full
 * and quote partners, and which neither the Content Manager nor the Document Service can release;
 * an update that keeps holding; the release (rules or feeds permission, 403 for less), which comes
 * to syncing partners as an upsert; and a correction of the released version that stays released.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { walkChanges } from '../helpers/changes';
import { expectError } from '../helpers/errors';
import { g2Item, QUOTE_TERMS, tokensOf, type G2Story } from '../helpers/g2-copy';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let http: any;
const token: Record<string, string> = {};
const keys: Record<string, string> = {};

const admin = (method: 'get' | 'post' | 'put' | 'delete', path: string, who: string, body?: unknown) => {
  const req = request(http)[method](`/wire${path}`).set('Authorization', `Bearer ${token[who]}`);
  return body === undefined ? req : req.send(body as object);
};
const partner = (url: string, key: string) => request(http).get(url).set('Authorization', `Bearer ${key}`);
const ingest = (xml: string, origin = 'rules-test.xml') =>
  wire(app.strapi).service('ingest').ingestDocument(xml, origin);
const rowOf = (guid: string) =>
  app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: `urn:newsml:licence.test:${guid}` } });

const story = (over: Partial<G2Story> & { guid: string }): G2Story => ({
  agency: 'NWP',
  headline: 'Harbour strike halts container traffic',
  seed: over.guid.replace(/[^a-z]/gi, ''),
  words: 80,
  terms: QUOTE_TERMS,
  section: 'World',
  keywords: ['Shipping'],
  ...over,
});

const HOLD_RULE = {
  name: 'NWP harbour copy',
  when: { agency: 'NWP', q: 'harbour' },
  then: { section: 'Maritime', addKeywords: ['port'], hold: true, take: true, notify: true },
};

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '0' });
  http = app.strapi.server.httpServer;
  const s = app.strapi;
  const roles = {
    // May take too: a rule that takes may only be saved by an editor who may (rule-actions.test.ts).
    rules: [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageRules, WIRE_ACTIONS.takeArticles],
    feeds: [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageFeeds],
    // Every Wire permission but the two that may release.
    lesser: [
      WIRE_ACTIONS.readDesk,
      WIRE_ACTIONS.manageLicences,
      WIRE_ACTIONS.managePartners,
      WIRE_ACTIONS.manageAgencies,
    ],
  };
  for (const [who, actions] of Object.entries(roles)) {
    const role = await createRole(s, `Rules test ${who}`, actions);
    if (who === 'rules')
      await s.service('admin::role').addPermissions(role.id, [
        {
          action: 'plugin::content-manager.explorer.create',
          subject: 'api::story.story',
          properties: { fields: ['title', 'body', 'byline', 'dateline', 'credit', 'sourceLink', 'licenceNotice'] },
          conditions: [],
        },
      ]);
    await createAdmin(s, `${who}@rules.test`, [role.id]);
    token[who] = await adminToken(http, `${who}@rules.test`);
  }
  await createAdmin(s, 'chief@rules.test', [(await superAdminRole(s)).id]);
  token.chief = await adminToken(http, 'chief@rules.test');
  keys.full = await partnerToken(s, 'rules-full', 'full');
  keys.quote = await partnerToken(s, 'rules-quote', 'quote');
});

afterAll(async () => {
  await app?.stop();
});

describe('the rules API', () => {
  it('is for rules.manage only', async () => {
    for (const who of ['feeds', 'lesser']) {
      expectError(await admin('get', '/rules', who), 403);
      expectError(await admin('post', '/rules', who, HOLD_RULE), 403);
    }
    expect(await app.strapi.db.query('plugin::wire.rule').count()).toBe(0);
  });

  it('refuses a rule that does not read, naming the field (q included)', async () => {
    const bad = await admin('post', '/rules', 'rules', {
      name: 'broken',
      when: { agency: 'NWP', q: '"harbour strike', urgency: 2 },
      then: { hold: 'yes' },
    });
    const error = expectError(bad, 400, 'ValidationError');
    expect(error.message).toMatch(/when\.q: .*quotation mark/);
    expect(error.message).toMatch(/when\.urgency: .*urgencyAtMost/);
    expect(error.message).toMatch(/then\.hold: true or false/);
    expect(error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(
      ['then.hold', 'when.q', 'when.urgency'].sort(),
    );
    expectError(await admin('post', '/rules', 'rules', { name: 'idle', when: {}, then: {} }), 400);
    expectError(await admin('post', '/rules', 'rules', { ...HOLD_RULE, when: { feed: 'no-such-feed' } }), 400);
    expect(await app.strapi.db.query('plugin::wire.rule').count()).toBe(0);
  });

  it('tries a rule against the newest stories before it is saved, and saves nothing', async () => {
    await ingest(g2Item(story({ guid: 'try-harbour' })));
    await ingest(g2Item(story({ guid: 'try-airport', headline: 'Airport opens a second runway' })));
    await ingest(g2Item(story({ guid: 'try-other', agency: 'AFP' })));
    const res = await admin('post', '/rules/try', 'rules', { rule: HOLD_RULE, last: 10 });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      tried: 3,
      matched: 1,
      matches: [
        {
          headline: 'Harbour strike halts container traffic',
          agency: 'NWP',
          section: { before: 'World', after: 'Maritime' },
          addedKeywords: ['port'],
          hold: true,
        },
      ],
    });
    // The newest one only: the AFP story.
    expect((await admin('post', '/rules/try', 'rules', { rule: HOLD_RULE, last: 1 })).body.data).toMatchObject({
      tried: 1,
      matched: 0,
    });
    expectError(await admin('post', '/rules/try', 'rules', { rule: HOLD_RULE, last: 0 }), 400);
    expectError(
      await admin('post', '/rules/try', 'rules', { rule: { ...HOLD_RULE, when: { q: 'OR' } }, last: 5 }),
      400,
    );
    expect(await app.strapi.db.query('plugin::wire.rule').count()).toBe(0);
    // Nothing was changed on the stories either.
    expect(await rowOf('try-harbour')).toMatchObject({ section: 'World', reviewHold: null });
  });

  it('creates, orders, reorders, changes and deletes rules', async () => {
    const a = await admin('post', '/rules', 'rules', { name: 'A', when: { agency: 'XX' }, then: { section: 'A' } });
    expect(a.status).toBe(201);
    expect(a.body.data).toMatchObject({ name: 'A', position: 1, hits: 0, enabled: true, problem: null });
    const b = (await admin('post', '/rules', 'rules', { name: 'B', when: {}, then: { take: true } })).body.data;
    const c = (await admin('post', '/rules', 'rules', { name: 'C', then: { notify: true }, position: 1 })).body.data;
    const names = async () => (await admin('get', '/rules', 'rules')).body.data.map((r: any) => r.name);
    expect(await names()).toEqual(['C', 'A', 'B']);
    const reordered = await admin('put', '/rules/order', 'rules', {
      order: [a.body.data.documentId, b.documentId, c.documentId],
    });
    expect(reordered.body.data.map((r: any) => [r.name, r.position])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
    ]);
    expectError(await admin('put', '/rules/order', 'rules', { order: [b.documentId] }), 400);
    const changed = await admin('put', `/rules/${b.documentId}`, 'rules', {
      name: 'B2',
      when: { urgencyAtMost: 2 },
      then: { addKeywords: ['urgent'] },
      position: 1,
    });
    expect(changed.body.data).toMatchObject({ name: 'B2', position: 1, when: { urgencyAtMost: 2 } });
    expect(await names()).toEqual(['B2', 'A', 'C']);
    for (const r of [a.body.data, b, c])
      expect((await admin('delete', `/rules/${r.documentId}`, 'rules')).status).toBe(200);
    expectError(await admin('delete', `/rules/${b.documentId}`, 'rules'), 404);
    expect(await names()).toEqual([]);
  });
});

describe('a section rule', () => {
  it('sets the section and adds keywords before the story is stored, and counts its hits', async () => {
    const rule = (
      await admin('post', '/rules', 'rules', {
        name: 'Shipping to Maritime',
        when: { keyword: 'shipping', language: 'en' },
        then: { section: 'Maritime', addKeywords: ['Port', 'shipping'] },
      })
    ).body.data;
    expect(await ingest(g2Item(story({ guid: 'section-1', headline: 'Ferry timetable changes' })))).toMatchObject({
      created: 1,
    });
    await ingest(g2Item(story({ guid: 'section-2', headline: 'Ferry fares rise', keywords: ['Fares'] })));
    expect(await rowOf('section-1')).toMatchObject({
      section: 'Maritime',
      keywords: ['Shipping', 'Port'],
      reviewHold: null,
      routing: { rules: [{ documentId: rule.documentId, name: 'Shipping to Maritime' }], take: false, notify: false },
    });
    expect(await rowOf('section-2')).toMatchObject({ section: 'World', routing: null });
    const served = await partner(`/api/wire/articles?section=Maritime&keyword=port`, keys.quote);
    expect(served.body.data.map((a: any) => a.headline)).toEqual(['Ferry timetable changes']);
    // The same copy again is unchanged: no second hit.
    expect(await ingest(g2Item(story({ guid: 'section-1', headline: 'Ferry timetable changes' })))).toMatchObject({
      unchanged: 1,
    });
    expect((await admin('get', `/rules/${rule.documentId}`, 'rules')).body.data).toMatchObject({
      hits: 1,
      lastHitAt: expect.any(String),
    });
    await admin('delete', `/rules/${rule.documentId}`, 'rules');
  });
});

describe('a hold rule', () => {
  let held: any;
  let cursors: Record<string, string | null>;

  /** Everything a partner route says of the held story: nothing, on every route, for both partners. */
  async function expectUnserved(documentId: string, seed: string) {
    for (const key of [keys.full, keys.quote]) {
      const list = await partner('/api/wire/articles?pageSize=100', key);
      expect(list.status).toBe(200);
      expect(list.body.data.map((a: any) => a.id)).not.toContain(documentId);
      const search = await partner('/api/wire/articles?q=harbour&pageSize=100', key);
      expect(search.body.data.map((a: any) => a.id)).not.toContain(documentId);
      for (const path of ['', '/versions', '/quote', `/quote?text=${seed}1`, '/quote?from=0&to=20'])
        expectError(await partner(`/api/wire/articles/${documentId}${path}`, key), 404);
      for (const feed of ['feed.rss', 'feed.atom']) {
        const res = await partner(`/api/wire/${feed}`, key);
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(documentId);
        expect(tokensOf(res.text, seed).size).toBe(0);
      }
      const { changes } = await walkChanges(partner, key);
      expect(changes.map((c: any) => c.id)).not.toContain(documentId);
    }
    // No partner was charged a word of it.
    expect((await admin('get', `/articles/${documentId}/ledger`, 'rules')).body.data.partners).toEqual([]);
  }

  it('stores the story held: no partner route serves it, full or quote', async () => {
    const rule = (await admin('post', '/rules', 'rules', HOLD_RULE)).body.data;
    // Partners sync first, so the release is seen as a change after their cursor.
    cursors = {
      full: (await walkChanges(partner, keys.full)).cursor,
      quote: (await walkChanges(partner, keys.quote)).cursor,
    };
    expect(await ingest(g2Item(story({ guid: 'held-1' })))).toMatchObject({ created: 1 });
    await ingest(g2Item(story({ guid: 'not-held', headline: 'Airport opens a second runway' })));
    held = await rowOf('held-1');
    expect(held).toMatchObject({
      section: 'Maritime',
      keywords: ['Shipping', 'port'],
      reviewHold: 'rule "NWP harbour copy"',
      routing: { rules: [{ documentId: rule.documentId, name: 'NWP harbour copy' }], take: true, notify: true },
    });
    expect(await rowOf('not-held')).toMatchObject({ reviewHold: null, routing: null });
    await expectUnserved(held.documentId, 'held');
    // The other story is served: the rule holds only what it matches.
    const notHeld = await rowOf('not-held');
    expect((await partner(`/api/wire/articles/${notHeld.documentId}`, keys.quote)).status).toBe(200);
  });

  it('is listed on the desk as held for review, with the rule', async () => {
    const list = await admin('get', '/articles?held=true', 'lesser');
    expect(list.status).toBe(200);
    expect(list.body.data.map((a: any) => [a.documentId, a.reviewHold, a.unservedReason])).toEqual([
      [held.documentId, 'rule "NWP harbour copy"', 'held'],
    ]);
    expectError(await admin('get', '/articles?held=maybe', 'lesser'), 400);
    const view = (await admin('get', `/articles/${held.documentId}`, 'lesser')).body.data;
    expect(view.article).toMatchObject({ reviewHold: 'rule "NWP harbour copy"', unservedReason: 'held' });
    expect(view.partners.notServed).toMatch(/held for review by rule "NWP harbour copy"/);
  });

  it('cannot be released through the Content Manager or another plugin’s Document Service write', async () => {
    const cm = await request(http)
      .put(`/content-manager/collection-types/plugin::wire.article/${held.documentId}`)
      .set('Authorization', `Bearer ${token.chief}`)
      .send({ reviewHold: null, reviewRelease: { by: 'someone' }, routing: null });
    expect(cm.status).toBe(200);
    await app.strapi.documents('plugin::wire.article').update({
      documentId: held.documentId,
      data: { reviewHold: null, reviewRelease: { by: 'a plugin' } } as any,
    });
    expect(await rowOf('held-1')).toMatchObject({ reviewHold: 'rule "NWP harbour copy"', reviewRelease: null });
    await expectUnserved(held.documentId, 'held');
  });

  it('keeps holding the story through an update, whatever the rules say now', async () => {
    const rules = (await admin('get', '/rules', 'rules')).body.data;
    for (const r of rules) await admin('delete', `/rules/${r.documentId}`, 'rules');
    expect(
      await ingest(g2Item(story({ guid: 'held-1', version: 2, headline: 'Harbour strike ends', correctFrom: 40 }))),
    ).toMatchObject({ updated: 1 });
    expect(await rowOf('held-1')).toMatchObject({ version: 2, reviewHold: 'rule "NWP harbour copy"' });
    await expectUnserved(held.documentId, 'held');
  });

  it('is released by rules.manage or feeds.manage only, and comes to syncing partners as an upsert', async () => {
    expectError(await admin('post', `/articles/${held.documentId}/release`, 'lesser'), 403, 'PolicyError');
    expectError(await admin('post', '/articles/no-such-article/release', 'rules'), 404);
    const other = await rowOf('not-held');
    expectError(await admin('post', `/articles/${other.documentId}/release`, 'rules'), 409);
    expect(await rowOf('held-1')).toMatchObject({ reviewHold: 'rule "NWP harbour copy"' });
    // The desk's home counts what waits for a release.
    const waiting = (await admin('get', '/desk', 'lesser')).body.data.counts.heldForReview;
    expect(waiting).toBeGreaterThanOrEqual(1);

    const res = await admin('post', `/articles/${held.documentId}/release`, 'rules');
    expect(res.status).toBe(200);
    expect((await admin('get', '/desk', 'lesser')).body.data.counts.heldForReview).toBe(waiting - 1);
    expect(res.body.data).toMatchObject({
      documentId: held.documentId,
      held: 'rule "NWP harbour copy"',
      by: 'rules@rules.test',
      unservedReason: null,
    });
    expect(await rowOf('held-1')).toMatchObject({
      reviewHold: null,
      reviewRelease: { by: 'rules@rules.test', version: 2, held: 'rule "NWP harbour copy"' },
    });
    // Released twice: the second one has nothing to release.
    expectError(await admin('post', `/articles/${held.documentId}/release`, 'feeds'), 409);

    for (const [access, key] of Object.entries(keys)) {
      const { changes } = await walkChanges(partner, key, cursors[access]);
      const mine = changes.filter((c: any) => c.id === held.documentId);
      expect(mine).toEqual([expect.objectContaining({ change: 'upsert', id: held.documentId })]);
      // Version 2 came after the rule was deleted: the agency's section, the rule's hold kept.
      expect(mine[0].article).toMatchObject({ headline: 'Harbour strike ends', section: 'World' });
      expect((await partner(`/api/wire/articles/${held.documentId}`, key)).status).toBe(200);
      expect((await partner(`/api/wire/articles/${held.documentId}/versions`, key)).body.data).toHaveLength(2);
    }
    expect((await admin('get', '/articles?held=true', 'lesser')).body.data).toEqual([]);
  });

  it('stays released through a correction of the released version; a new version a hold rule matches is held again', async () => {
    await admin('post', '/rules', 'rules', HOLD_RULE);
    expect(
      await ingest(g2Item(story({ guid: 'held-1', version: 2, headline: 'Harbour strike ends', correctFrom: 60 }))),
    ).toMatchObject({ updated: 1 });
    expect(await rowOf('held-1')).toMatchObject({ reviewHold: null });
    expect((await partner(`/api/wire/articles/${held.documentId}`, keys.full)).status).toBe(200);

    const { cursor } = await walkChanges(partner, keys.full);
    expect(
      await ingest(g2Item(story({ guid: 'held-1', version: 3, headline: 'Harbour strike ends', correctFrom: 20 }))),
    ).toMatchObject({ updated: 1 });
    expect(await rowOf('held-1')).toMatchObject({ version: 3, reviewHold: 'rule "NWP harbour copy"' });
    expectError(await partner(`/api/wire/articles/${held.documentId}`, keys.full), 404);
    // A partner that had it is told to take it down: a tombstone `held`, the reason and nothing more.
    const { changes } = await walkChanges(partner, keys.full, cursor);
    expect(changes.filter((c: any) => c.id === held.documentId)).toEqual([
      expect.objectContaining({ change: 'tombstone', reason: 'held' }),
    ]);
    // A feed manager may release it too.
    expect((await admin('post', `/articles/${held.documentId}/release`, 'feeds')).status).toBe(200);
  });
});
