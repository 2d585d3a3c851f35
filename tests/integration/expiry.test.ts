/**
 * Expiry and purge on a real Strapi (issue 25, item 4): a retention in days from first receipt, set
 * on an agency or a feed (the stricter wins), computed by the server and recomputed for stored
 * stories when it changes. An expired story leaves the partner API (a tombstone for syncing
 * partners), stays on the desk marked expired with the reason, and after the grace period is
 * purged in batches with its versions and index rows, while its tombstone stays in the change feed
 * and a re-delivery does not bring it back.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { walkChanges } from '../helpers/changes';
import { g2Item, QUOTE_TERMS, type G2Story } from '../helpers/g2-copy';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const ARTICLE = 'plugin::wire.article';
const DAY = 24 * 60 * 60 * 1000;

let app: TestApp;
let http: any;
const token: Record<string, string> = {};
let fullKey: string;
let quoteKey: string;
let otherKey: string;

const admin = (method: 'get' | 'post' | 'put', path: string, who: string, body?: unknown) => {
  const req = request(http)[method](`/wire${path}`).set('Authorization', `Bearer ${token[who]}`);
  return body === undefined ? req : req.send(body as object);
};
const partner = (url: string, key: string) => request(http).get(url).set('Authorization', `Bearer ${key}`);
const story = (guid: string, agency: string, extra: Partial<G2Story> = {}): G2Story => ({
  guid,
  agency,
  headline: `Story ${guid}`,
  seed: guid.replace(/[^a-z]/gi, '').toLowerCase(),
  words: 80,
  terms: QUOTE_TERMS,
  ...extra,
});
const ingest = (s: G2Story, feedDocumentId: string | null = null) =>
  wire(app.strapi).service('ingest').ingestDocument(g2Item(s), `${s.guid}.xml`, { feedDocumentId });
const rowOf = (guid: string) =>
  app.strapi.db.query(ARTICLE).findOne({ where: { guid: `urn:newsml:licence.test:${guid}` } });
const idOf = async (guid: string) => (await rowOf(guid))!.documentId as string;
/** First received `days` ago: as if Wire had stored it then (its retention counts from there). */
const receivedDaysAgo = async (guid: string, days: number) => {
  const row = await rowOf(guid);
  await app.strapi.db
    .query(ARTICLE)
    .update({ where: { id: row.id }, data: { createdAt: new Date(Date.now() - days * DAY) } });
};
const knex = () => app.strapi.db.connection;
const postgres = () => app.strapi.db.dialect.client === 'postgres';
const expiry = () => wire(app.strapi).service('expiry');

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '0', WIRE_PURGE_BATCH: '2', WIRE_PURGE_GRACE_DAYS: '30' });
  http = app.strapi.server.httpServer;
  const s = app.strapi;
  await createAdmin(s, 'chief@expiry.test', [(await superAdminRole(s)).id]);
  // May read the desk and manage feeds, but not agencies.
  await createAdmin(s, 'feeds@expiry.test', [
    (await createRole(s, 'Expiry feeds', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageFeeds])).id,
  ]);
  await createAdmin(s, 'reader@expiry.test', [(await createRole(s, 'Expiry reader', [WIRE_ACTIONS.readDesk])).id]);
  for (const who of ['chief', 'feeds', 'reader']) token[who] = await adminToken(http, `${who}@expiry.test`);
  fullKey = await partnerToken(s, 'Expiry full', 'full');
  quoteKey = await partnerToken(s, 'Expiry quote', 'quote');
  otherKey = await partnerToken(s, 'Expiry other agency', 'full', { agencies: ['NOPE'] });
});

afterAll(async () => {
  await app?.stop();
});

describe('retention settings', () => {
  beforeAll(async () => {
    await ingest(story('ret-setup', 'RTA'));
  });

  it('are set only with their permission, checked, and never through the Document Service', async () => {
    expect((await admin('put', '/agencies/RTA', 'reader', { retentionDays: 30 })).status).toBe(403);
    expect((await admin('put', '/agencies/RTA', 'feeds', { retentionDays: 30 })).status).toBe(403);
    for (const bad of [0, -3, 2.5, 'thirty', 99999]) {
      const res = await admin('put', '/agencies/RTA', 'chief', { retentionDays: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/retentionDays/);
    }
    const agency = await app.strapi.db.query('plugin::wire.agency').findOne({ where: { code: 'RTA' } });
    await expect(
      app.strapi
        .documents('plugin::wire.agency')
        .update({ documentId: agency.documentId, data: { retentionDays: 1 } as any }),
    ).rejects.toThrow(/retentionDays/);
    const feed = await admin('post', '/feeds', 'chief', {
      name: 'Retention bad',
      source: 'https://feeds.example.test/bad.xml',
      retentionDays: 0,
    });
    expect(feed.status).toBe(400);
    expect(feed.body.error.message).toMatch(/retentionDays/);
  });

  it("are the server's: an expiry written through the Document Service is not taken", async () => {
    const documentId = await idOf('ret-setup');
    await app.strapi
      .documents(ARTICLE as any)
      .update({ documentId, data: { expiresAt: '2099-01-01T00:00:00.000Z', expiryBasis: 'item' } as any });
    const row = await rowOf('ret-setup');
    expect(row.expiresAt).toBeNull();
    expect(row.expiryBasis).toBeNull();
  });
});

describe("an agency's retention", () => {
  let cursor: string | null;

  beforeAll(async () => {
    await ingest(story('agency-old', 'RTB'));
    await ingest(story('agency-new', 'RTB'));
    await receivedDaysAgo('agency-old', 40);
    // A full partner has synced both.
    const walked = await walkChanges(partner, fullKey);
    expect(walked.changes.filter((c) => c.change === 'upsert').map((c) => c.id)).toEqual(
      expect.arrayContaining([await idOf('agency-old'), await idOf('agency-new')]),
    );
    cursor = walked.cursor;
  });

  it('makes an old story leave the partner API, with an expired tombstone for syncing partners', async () => {
    const old = await idOf('agency-old');
    const fresh = await idOf('agency-new');
    expect((await partner(`/api/wire/articles/${old}`, fullKey)).status).toBe(200);
    const set = await admin('put', '/agencies/RTB', 'chief', { retentionDays: 30 });
    expect(set.status).toBe(200);
    expect(set.body.data.retentionDays).toBe(30);
    expect((await partner(`/api/wire/articles/${old}`, fullKey)).status).toBe(404);
    expect((await partner(`/api/wire/articles/${fresh}`, fullKey)).status).toBe(200);
    const listed = (await partner('/api/wire/articles?agency=RTB', fullKey)).body.data.map((a: any) => a.id);
    expect(listed).toEqual([fresh]);
    const { changes } = await walkChanges(partner, fullKey, cursor);
    // The old one taken down; the new one changed too: it now states when it expires.
    expect(changes).toEqual([
      expect.objectContaining({ change: 'tombstone', id: old, reason: 'expired' }),
      expect.objectContaining({
        change: 'upsert',
        id: fresh,
        article: expect.objectContaining({ expiresAt: expect.any(String) }),
      }),
    ]);
    // A partner without the agency is told nothing of it.
    expect((await walkChanges(partner, otherKey)).changes.map((c) => c.id)).not.toContain(old);
    const row = await rowOf('agency-new');
    expect(row.expiryBasis).toBe('agency');
    expect(new Date(row.expiresAt).getTime() - new Date(row.createdAt).getTime()).toBe(30 * DAY);
  });

  it('keeps the story on the desk, marked expired, saying why', async () => {
    const old = await idOf('agency-old');
    const rows = (await admin('get', '/articles?agency=RTB', 'reader')).body.data;
    const row = rows.find((r: any) => r.documentId === old);
    expect(row).toMatchObject({ unservedReason: 'expired', expiryBasis: 'agency' });
    const view = (await admin('get', `/articles/${old}`, 'reader')).body.data;
    expect(view.partners.notServed).toMatch(
      /retention set on the agency RTB \(30 days from first receipt\) has run out/,
    );
  });

  it('applies to stories stored after it is set', async () => {
    await ingest(story('agency-later', 'RTB'));
    const row = await rowOf('agency-later');
    expect(row.expiryBasis).toBe('agency');
    expect(new Date(row.expiresAt).getTime() - new Date(row.createdAt).getTime()).toBe(30 * DAY);
  });

  it('is recomputed when it changes: lengthened, the story is served again; removed, no expiry', async () => {
    const old = await idOf('agency-old');
    expect((await admin('put', '/agencies/RTB', 'chief', { retentionDays: 60 })).status).toBe(200);
    expect((await partner(`/api/wire/articles/${old}`, fullKey)).status).toBe(200);
    expect((await admin('put', '/agencies/RTB', 'chief', { retentionDays: null })).body.data.retentionDays).toBeNull();
    const row = await rowOf('agency-old');
    expect(row.expiresAt).toBeNull();
    expect(row.expiryBasis).toBeNull();
  });
});

describe("a feed's retention", () => {
  let feedId: string;

  beforeAll(async () => {
    const created = await admin('post', '/feeds', 'feeds', {
      name: 'Retention feed',
      source: 'https://feeds.example.test/retention.xml',
      retentionDays: 10,
    });
    expect(created.status).toBe(201);
    feedId = created.body.data.documentId;
    expect(created.body.data.retentionDays).toBe(10);
    await ingest(story('feed-seed', 'RTC'));
    expect((await admin('put', '/agencies/RTC', 'chief', { retentionDays: 30 })).status).toBe(200);
  });

  it('wins when it is shorter than the agency’s, at ingest', async () => {
    await ingest(story('feed-one', 'RTC'), feedId);
    const row = await rowOf('feed-one');
    expect(row.expiryBasis).toBe('feed');
    expect(new Date(row.expiresAt).getTime() - new Date(row.createdAt).getTime()).toBe(10 * DAY);
    // The same agency's copy from elsewhere keeps the agency's.
    expect((await rowOf('feed-seed')).expiryBasis).toBe('agency');
  });

  it('is recomputed when changed, the stricter still winning', async () => {
    await receivedDaysAgo('feed-one', 15);
    const documentId = await idOf('feed-one');
    // Re-applied: 15 days ago + 10 days has passed.
    expect((await admin('put', `/feeds/${feedId}`, 'feeds', { retentionDays: 9 })).status).toBe(200);
    expect((await partner(`/api/wire/articles/${documentId}`, fullKey)).status).toBe(404);
    const row = await rowOf('feed-one');
    expect(row).toMatchObject({ expiryBasis: 'feed' });
    // Longer than the agency's: the agency's 30 days win, and the story is served again.
    expect((await admin('put', `/feeds/${feedId}`, 'feeds', { retentionDays: 90 })).status).toBe(200);
    expect((await rowOf('feed-one')).expiryBasis).toBe('agency');
    expect((await partner(`/api/wire/articles/${documentId}`, fullKey)).status).toBe(200);
    const view = (await admin('get', `/feeds/${feedId}`, 'reader')).body.data;
    expect(view.retentionDays).toBe(90);
  });
});

describe('purge after the grace period', () => {
  const GUIDS = ['purge-a', 'purge-b', 'purge-c'];
  let ids: Record<string, string>;
  let rowIds: Record<string, number>;
  let beforeExpiry: string | null;
  let afterTombstones: string | null;

  beforeAll(async () => {
    for (const guid of GUIDS) await ingest(story(guid, 'PRG'));
    // A second version: a version row to purge with it.
    await ingest(story('purge-a', 'PRG', { version: 2, correctFrom: 10 }));
    await ingest(story('purge-keep', 'PRG'));
    ids = Object.fromEntries(await Promise.all([...GUIDS, 'purge-keep'].map(async (g) => [g, await idOf(g)])));
    rowIds = Object.fromEntries(await Promise.all(GUIDS.map(async (g) => [g, (await rowOf(g)).id])));
    // A quote partner reads one: the ledger records what it was given.
    expect((await partner(`/api/wire/articles/${ids['purge-a']}`, quoteKey)).status).toBe(200);
    beforeExpiry = (await walkChanges(partner, fullKey)).cursor;
    for (const guid of GUIDS) await receivedDaysAgo(guid, 100);
    // Expired 40 days ago at 60 days' retention: past the 30 days' grace. purge-keep is new.
    expect((await admin('put', '/agencies/PRG', 'chief', { retentionDays: 60 })).status).toBe(200);
    const walked = await walkChanges(partner, fullKey, beforeExpiry);
    expect(walked.changes.map((c) => [c.id, c.change, c.reason])).toEqual(
      expect.arrayContaining(GUIDS.map((g) => [ids[g], 'tombstone', 'expired'])),
    );
    afterTombstones = walked.cursor;
  });

  it('is counted by a dry run, which deletes nothing', async () => {
    const dry = await expiry().purge({ dryRun: true });
    expect(dry).toMatchObject({ graceDays: 30, due: 3, purged: 0 });
    expect(
      await app.strapi.db.query(ARTICLE).count({ where: { guid: { $startsWith: 'urn:newsml:licence.test:purge' } } }),
    ).toBe(4);
  });

  it('waits while another node holds the purge', async () => {
    const lease = wire(app.strapi).service('lease');
    const holder = (await lease.acquire('wire:purge', 60_000))!;
    try {
      expect(await expiry().purge()).toMatchObject({ busy: true, purged: 0 });
    } finally {
      await lease.release('wire:purge', holder);
    }
  });

  it('deletes the stories, their versions and their index rows, a batch at a time', async () => {
    const versionsBefore = await app.strapi.db
      .query('plugin::wire.article-version')
      .count({ where: { article: { id: rowIds['purge-a'] } } });
    expect(versionsBefore).toBe(1);
    const all = Object.values(rowIds);
    expect(Number((await knex()('wire_article_search_state').whereIn('article_id', all).count('* as n'))[0].n)).toBe(3);
    expect(Number((await knex()('wire_article_similarity').whereIn('article_id', all).count('* as n'))[0].n)).toBe(3);

    const first = await expiry().purge({ batches: 1 });
    expect(first).toMatchObject({ purged: 2, batches: 1, due: 1 });
    const second = await expiry().purge();
    expect(second).toMatchObject({ purged: 1, due: 0 });

    expect(await app.strapi.db.query(ARTICLE).count({ where: { id: { $in: all } } })).toBe(0);
    expect(
      await app.strapi.db.query('plugin::wire.article-version').count({ where: { article: { id: { $in: all } } } }),
    ).toBe(0);
    expect(Number((await knex()('wire_article_versions').count('* as n'))[0].n)).toBe(0);
    expect(Number((await knex()('wire_article_search_state').whereIn('article_id', all).count('* as n'))[0].n)).toBe(0);
    const indexRows = postgres()
      ? await knex()('wire_article_search').whereIn('article_id', all).count('* as n')
      : await knex().raw(`SELECT count(*) AS n FROM wire_article_search WHERE rowid IN (${all.join(',')})`);
    expect(Number((Array.isArray(indexRows) ? indexRows[0] : indexRows.rows[0]).n)).toBe(0);
    expect(Number((await knex()('wire_article_similarity').whereIn('article_id', all).count('* as n'))[0].n)).toBe(0);
    expect(Number((await knex()('wire_article_bands').whereIn('article_id', all).count('* as n'))[0].n)).toBe(0);
    // The story not yet expired stays, and so does the desk's view of it.
    expect((await partner(`/api/wire/articles/${ids['purge-keep']}`, fullKey)).status).toBe(200);
    expect((await admin('get', `/articles/${ids['purge-a']}`, 'reader')).status).toBe(404);
    // Search finds nothing of it any more.
    expect((await partner('/api/wire/articles?q=purgea5', fullKey)).body.data).toEqual([]);
  });

  it("keeps the quote ledger's record of what partners were given (the evidence of what was quoted)", async () => {
    const rows = await knex()('wire_quote_ledger').where({ story: ids['purge-a'] });
    expect(rows.length).toBe(1);
  });

  it('leaves the tombstones in the change feed, in place, to those they reached', async () => {
    // From before the expiry: each purged story once, still a tombstone, reason expired.
    const from = await walkChanges(partner, fullKey, beforeExpiry, 1);
    for (const guid of GUIDS)
      expect(from.changes.filter((c) => c.id === ids[guid])).toEqual([
        expect.objectContaining({ change: 'tombstone', reason: 'expired' }),
      ]);
    // A partner that had read past them gets nothing new: the purge is no change of its own.
    expect((await walkChanges(partner, fullKey, afterTombstones)).changes).toEqual([]);
    // From the very beginning, the same.
    const everything = await walkChanges(partner, fullKey);
    expect(everything.changes.filter((c) => GUIDS.some((g) => c.id === ids[g])).map((c) => c.change)).toEqual([
      'tombstone',
      'tombstone',
      'tombstone',
    ]);
    // Not to a partner whose agencies never held them.
    const other = (await walkChanges(partner, otherKey)).changes.map((c) => c.id);
    for (const guid of GUIDS) expect(other).not.toContain(ids[guid]);
  });

  it('is final: a re-delivery of a purged story does not store it again', async () => {
    const summary = await ingest(story('purge-b', 'PRG', { version: 3 }));
    expect(summary.created).toBe(0);
    expect(await rowOf('purge-b')).toBeNull();
    expect((await partner(`/api/wire/articles/${ids['purge-b']}`, fullKey)).status).toBe(404);
  });
});
