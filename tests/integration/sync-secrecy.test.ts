/**
 * What the change feed may not tell (issue 27): a partner learns nothing from `/changes` of the
 * stories it cannot see, not from its items, `hasMore`, the cursor's presence nor the pages that
 * follow; cursors in the clear (which carried change numbers and ids) are refused; and a story's
 * reach is recorded from the very row that gets the change number, so an embargo extended while a
 * partner syncs cannot send an early tombstone (PostgreSQL, where writers run side by side).
 */
import request from 'supertest';
import { describeOnPostgres } from '../helpers/optional';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let server: any;
const tokens: Record<string, string> = {};

/** A NewsML-G2 item of agency `provider`; `embargo` in ISO when it is embargoed. */
function g2(guid: string, opts: { provider: string; version?: number; headline?: string; embargo?: string }) {
  const { provider, version = 1, headline = `Story ${guid}`, embargo } = opts;
  return `<?xml version="1.0"?>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:secrecy.test:${provider}:${guid}" version="${version}" xml:lang="en">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:${provider}"/><versionCreated>2026-11-27T10:0${version}:00Z</versionCreated><pubStatus qcode="stat:usable"/>${embargo ? `<embargoed>${embargo}</embargoed>` : ''}</itemMeta>
      <contentMeta><headline>${headline}</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Text of ${guid}, version ${version}.</p></body></html></inlineXML></contentSet>
    </newsItem>`;
}

const ingest = (xml: string) => wire(app.strapi).service('ingest').ingestDocument(xml, 'secrecy-test.xml');
const get = (url: string, token: string) => request(server).get(url).set('Authorization', `Bearer ${token}`);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

/** All a partner can observe of one answer: its status, entries (no ids), hasMore, a cursor or none. */
async function observe(token: string, cursor: string | null, limit: number) {
  const res = await get(`/api/wire/changes?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, token);
  return {
    cursor: res.body.meta?.cursor as string | null,
    seen: {
      status: res.status,
      entries: (res.body.data ?? []).map((c: any) => [c.change, c.article?.headline ?? c.reason]),
      hasMore: res.body.meta?.hasMore,
      cursor: typeof res.body.meta?.cursor,
    },
  };
}

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '0' });
  server = app.strapi.server.httpServer;
  tokens.all = await partnerToken(app.strapi, 'secrecy-all', 'full');
  // Two partners alike but for their agency: AA's stories change out of its sight, BB's never do.
  tokens.aa = await partnerToken(app.strapi, 'secrecy-aa', 'full', { agencies: ['AA'] });
  tokens.bb = await partnerToken(app.strapi, 'secrecy-bb', 'full', { agencies: ['BB'] });
});

afterAll(async () => {
  await app?.stop();
});

it('answers a partner the same whether or not stories it cannot see changed between its polls', async () => {
  // Hidden from the AA partner: AA stories embargoed a day ahead (in its agency, never servable
  // yet) and every story of agency CC (not its agency; the unrestricted partner sees those).
  const hidden = async (step: number) => {
    await ingest(g2(`hidden-${step}`, { provider: 'AA', embargo: tomorrow() }));
    await ingest(g2(`other-${step}`, { provider: 'CC' }));
  };
  const both = async (guid: string) => {
    for (const provider of ['AA', 'BB']) await ingest(g2(guid, { provider }));
  };
  const cursors: Record<string, string | null> = { aa: null, bb: null };
  const poll = async (limit: number) => {
    const aa = await observe(tokens.aa, cursors.aa, limit);
    const bb = await observe(tokens.bb, cursors.bb, limit);
    cursors.aa = aa.cursor;
    cursors.bb = bb.cursor;
    expect(aa.seen).toEqual(bb.seen);
    return aa.seen;
  };

  // Only hidden changes yet: no entries, and a cursor all the same (not one only when something changed).
  await hidden(0);
  expect(await poll(1)).toEqual({ status: 200, entries: [], hasMore: false, cursor: 'string' });
  // A story both may see, then hidden changes after it: a full page says nothing of what follows it.
  await both('v1');
  await hidden(1);
  expect(await poll(1)).toEqual({ status: 200, entries: [['upsert', 'Story v1']], hasMore: false, cursor: 'string' });
  expect(await poll(1)).toEqual({ status: 200, entries: [], hasMore: false, cursor: 'string' });
  // Hidden stories change again (one re-versioned, still embargoed) between two polls.
  await ingest(g2('hidden-1', { provider: 'AA', version: 2, embargo: tomorrow() }));
  await hidden(2);
  expect(await poll(1)).toEqual({ status: 200, entries: [], hasMore: false, cursor: 'string' });
  // Two visible stories with hidden changes between and after: hasMore only for the one that follows.
  await both('v2');
  await hidden(3);
  await both('v3');
  await hidden(4);
  expect(await poll(1)).toEqual({ status: 200, entries: [['upsert', 'Story v2']], hasMore: true, cursor: 'string' });
  expect(await poll(1)).toEqual({ status: 200, entries: [['upsert', 'Story v3']], hasMore: false, cursor: 'string' });
  expect(await poll(100)).toEqual({ status: 200, entries: [], hasMore: false, cursor: 'string' });
  // From the beginning, the whole walk in one page: the same again.
  cursors.aa = cursors.bb = null;
  expect((await poll(100)).entries).toEqual([
    ['upsert', 'Story v1'],
    ['upsert', 'Story v2'],
    ['upsert', 'Story v3'],
  ]);

  // The hidden changes did happen: the unrestricted partner gets agency CC's stories.
  const all = await get('/api/wire/changes?limit=100', tokens.all);
  expect(all.body.data.map((c: any) => c.article?.headline).filter((h: string) => /other/.test(h))).toEqual(
    [0, 1, 2, 3, 4].map((step) => `Story other-${step}`),
  );
});

it('brings a story it may see at once, behind more hidden changes than a request reads', async () => {
  tokens.ee = await partnerToken(app.strapi, 'secrecy-ee', 'full', { agencies: ['EE'] });
  // 2,100 stories of the partner's agency embargoed a day ahead (a request reads at most 2,000
  // rows), then one it may see. The hidden ones are left out by the query, not read past: before,
  // the first answer was empty and the story came one poll later.
  const embargoed = tomorrow();
  const items = Array.from({ length: 2100 }, (_, i) => ({
    uri: `urn:secrecy.test:ee:hidden-${i}`,
    type: 'text',
    version: '1',
    versioncreated: '2026-11-27T08:00:00Z',
    pubstatus: 'usable',
    embargoed,
    headline: `Hidden ${i}`,
    body_text: `Text of hidden story ${i}.`,
    infosources: [{ literal: 'EE' }],
  }));
  const stored = await wire(app.strapi).service('ingest').ingestDocument(JSON.stringify(items), 'hidden.json');
  expect(stored).toMatchObject({ created: 2100 });
  await ingest(g2('after-many', { provider: 'EE' }));
  const first = await observe(tokens.ee, null, 100);
  expect(first.seen).toEqual({
    status: 200,
    entries: [['upsert', 'Story after-many']],
    hasMore: false,
    cursor: 'string',
  });
  expect((await observe(tokens.ee, first.cursor, 100)).seen).toEqual({
    status: 200,
    entries: [],
    hasMore: false,
    cursor: 'string',
  });
  // Their embargo ends (moved back an hour, as an agency's correction would): each is served now.
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await app.strapi.db
    .connection('wire_articles')
    .whereIn(
      'guid',
      items.map((i) => i.uri),
    )
    .update({ embargoed_until: anHourAgo, visibility_due_at: anHourAgo });
  for (let round = 0; round < 3; round += 1) await wire(app.strapi).service('changes').releaseDue();
  let cursor = first.cursor;
  const released: string[] = [];
  for (let polls = 0; polls < 30; polls += 1) {
    const res = await get(`/api/wire/changes?limit=100&cursor=${cursor}`, tokens.ee);
    released.push(...res.body.data.map((c: any) => c.article?.headline));
    cursor = res.body.meta.cursor;
    if (!res.body.meta.hasMore) break;
  }
  expect(released).toHaveLength(2100);
}, 180_000);

it('counts a story as reached by the same rule in SQL as in serve/reach.ts', async () => {
  const { reached } = await import('../../plugins/wire/server/src/serve/reach');
  const knex = app.strapi.db.connection;
  const now = Date.now();
  const moments = [null, now - 10_000, now, now + 10_000];
  const cases: Array<{ from: number | null; until: number | null }> = [];
  for (const from of moments) for (const until of moments) cases.push({ from, until });
  // Articles of their own to hang the records on (an article's id is the record's key).
  const made = await wire(app.strapi)
    .service('ingest')
    .ingestDocument(
      JSON.stringify(
        cases.map((_, i) => ({
          uri: `urn:secrecy.test:rr:case-${i}`,
          type: 'text',
          version: '1',
          versioncreated: '2026-11-27T08:00:00Z',
          pubstatus: 'usable',
          headline: `Case ${i}`,
          body_text: 'Text.',
          infosources: [{ literal: 'RR' }],
        })),
      ),
      'reach-cases.json',
    );
  expect(made).toMatchObject({ created: cases.length });
  const rows = await knex('wire_articles').where('guid', 'like', 'urn:secrecy.test:rr:case-%').select('id', 'guid');
  const idOf = (i: number) => rows.find((r: any) => r.guid === `urn:secrecy.test:rr:case-${i}`).id;
  for (const [i, c] of cases.entries())
    await knex('wire_article_reach').where('article_id', idOf(i)).update({ quote_from: c.from, quote_until: c.until });
  const unrecorded = rows.length;
  await knex('wire_article_reach').where('article_id', idOf(0)).delete(); // no record: counts as reached
  const found = await app.strapi.db.query('plugin::wire.article').findMany({
    where: {
      $and: [
        { id: { $in: rows.map((r: any) => r.id) } },
        wire(app.strapi).service('changes').reachedWhere('quote', now),
      ],
    },
    select: ['id'],
  });
  const expected = cases.map((c, i) => (i === 0 ? true : reached(c, now)));
  expect(cases.map((_, i) => found.some((f: any) => f.id === idOf(i)))).toEqual(expected);
  expect(expected.filter(Boolean).length).toBeGreaterThan(1);
  expect(expected.filter((x) => !x).length).toBeGreaterThan(1);
  expect(unrecorded).toBe(cases.length);
});

it('refuses a cursor in the clear form, saying to start the sync again', async () => {
  // base64url of "1.0": what Wire gave out before cursors were sealed (change number and row id).
  for (const clear of [Buffer.from('1.0').toString('base64url'), Buffer.from('0.0').toString('base64url')]) {
    const res = await get(`/api/wire/changes?cursor=${clear}`, tokens.aa);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `cursor "${clear}" is an unsealed cursor from an older Wire and is no longer accepted: start the sync again from the beginning, without a cursor`,
    );
  }
  // A sealed one still works.
  const start = await get('/api/wire/changes?limit=1', tokens.aa);
  expect((await get(`/api/wire/changes?cursor=${start.body.meta.cursor}`, tokens.aa)).status).toBe(200);
});

describeOnPostgres()('stamping while a writer on another connection extends an embargo', () => {
  it('records the reach of the row it stamps: no early tombstone', async () => {
    const strapi = app.strapi;
    const soon = Date.now() + 1500;
    await ingest(g2('extended', { provider: 'DD', embargo: new Date(soon).toISOString() }));
    const article = await strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { guid: 'urn:newsml:secrecy.test:DD:extended' }, select: ['id', 'documentId'] });
    const start = (await get('/api/wire/changes?limit=100', tokens.all)).body.meta.cursor;
    // An editor's fix at the desk, committed, not stamped yet (the next stamp numbers it).
    await strapi.documents('plugin::wire.article').update({
      documentId: article.documentId,
      data: { headline: 'Story extended, fixed' } as any,
    });
    // Another editor extends the embargo by a day; the write is under way (its row locked) while a
    // partner's sync stamps.
    let commit!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    const later = new Date(Date.now() + 86_400_000);
    const writer = strapi.db.transaction(async () => {
      await strapi.documents('plugin::wire.article').update({
        documentId: article.documentId,
        data: { embargoedUntil: later } as any,
      });
      await gate;
    });
    const changes = wire(strapi).service('changes');
    const stamping = changes.stamp();
    // Wait until the stamp waits on the writer's row, then let the writer commit.
    const knex = strapi.db.connection;
    for (let i = 0; i < 200; i += 1) {
      const waiting = await knex.raw(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      if (waiting.rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    commit();
    await Promise.all([writer, stamping]);
    await changes.stamp();
    // The story will be servable when its extended embargo ends, not when the first one would have.
    const reach = (await changes.reachOf([article.id])).get(article.id);
    expect(reach?.full).toEqual({ from: later.getTime(), until: null });
    // And once the first embargo has passed, a partner is told nothing of it.
    await new Promise((r) => setTimeout(r, Math.max(0, soon - Date.now()) + 200));
    const after = await get(`/api/wire/changes?limit=100&cursor=${start}`, tokens.all);
    expect(after.body.data.filter((c: any) => c.id === article.documentId)).toEqual([]);
  });
});
