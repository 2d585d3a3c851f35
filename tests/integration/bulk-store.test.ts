/**
 * New stories are stored in bulk (multi-row inserts, one transaction per batch); a batch the
 * database refuses is stored again item by item. Both paths must leave the same rows: the article
 * with every column, its relation rows in Strapi's join tables, its change number and reach row.
 */
import { startStrapi, type TestApp } from '../helpers/strapi';
import { rssFeed } from '../helpers/feed-server';
import { wire } from '../../plugins/wire/server/src/services/wire';
import { settleConnections } from '../../plugins/wire/server/src/database/settle';

let app: TestApp;
const postgres = process.env.DATABASE_CLIENT === 'postgres';
const COPYRIGHT = '<copyright>Copyright 2026 USPA News. All rights reserved.</copyright>';
const feedText = (items: Array<{ guid: string; title: string; body: string }>) =>
  rssFeed(items).replace('<title>USPA News test server</title>', `<title>USPA News test server</title>${COPYRIGHT}`);
const story = (guid: string) => ({
  guid,
  title: 'Council approves the budget',
  body: 'The council approved the budget for district 7 on Tuesday.',
});

beforeAll(async () => {
  app = await startStrapi();
});

afterAll(async () => {
  await app?.stop();
});

async function poison() {
  const knex = app.strapi.db.connection;
  if (postgres) {
    await knex.raw(
      `CREATE FUNCTION wire_poison() RETURNS trigger AS $$ BEGIN IF NEW.headline = 'Poisoned item' THEN RAISE EXCEPTION 'poisoned by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await knex.raw(
      'CREATE TRIGGER wire_poison BEFORE INSERT ON wire_articles FOR EACH ROW EXECUTE FUNCTION wire_poison()',
    );
  } else {
    await knex.raw(
      `CREATE TRIGGER wire_poison BEFORE INSERT ON wire_articles WHEN NEW.headline = 'Poisoned item' BEGIN SELECT RAISE(ABORT, 'poisoned by the test'); END`,
    );
  }
  return () => knex.raw('DROP TRIGGER wire_poison' + (postgres ? ' ON wire_articles' : ''));
}

/** The SQL statements inserting into wire_articles while `fn` runs, with their row counts. */
async function articleInserts(fn: () => Promise<unknown>): Promise<number[]> {
  const inserts: number[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => {
    if (/^insert into\s+(?:[`"]?\w+[`"]?\.)?[`"]?wire_articles[`"]?\s/i.test(q.sql))
      inserts.push((q.sql.match(/\(\?|\(\$\d+/g) ?? []).length - 1 || 1);
  };
  app.strapi.db.connection.client.on('query', listener);
  try {
    await fn();
  } finally {
    app.strapi.db.connection.client.removeListener('query', listener);
  }
  return inserts;
}

async function rowsOf(guid: string) {
  const knex = app.strapi.db.connection;
  const article = await knex('wire_articles').where({ guid }).first();
  const links: Record<string, unknown[]> = {};
  for (const table of ['wire_articles_agency_lnk', 'wire_articles_licence_lnk', 'wire_articles_feed_lnk']) {
    links[table] = (await knex(table).where({ article_id: article.id })).map(
      ({ id: _id, article_id: _article, ...rest }: any) => rest,
    );
  }
  const { article_id: _article, ...reach } = await knex('wire_article_reach').where({ article_id: article.id }).first();
  return { article, links, reach };
}

it('stores a story in bulk with the same rows as the item-by-item path, and a bad item falls back alone', async () => {
  const ingest = wire(app.strapi).service('ingest');
  const feed = await wire(app.strapi)
    .service('feeds')
    .create({ name: 'bulk-feed', source: 'https://feed.example.test/bulk.rss', format: 'rss' });
  const options = { feedDocumentId: feed!.documentId };
  const drop = await poison();
  // One poisoned item: the bulk insert of the batch fails, and the batch is stored item by item.
  const viaItems = await ingest.ingestDocument(
    feedText([story('one-by-one'), { guid: 'bad', title: 'Poisoned item', body: 'Refused.' }, story('one-by-one-2')]),
    'fallback',
    options,
  );
  expect(viaItems).toMatchObject({ created: 2, rejected: 1 });
  expect(viaItems.problems[0]).toMatchObject({ item: 2, guid: 'bad' });
  expect(viaItems.problems[0].reason).toMatch(/could not store: .*poisoned by the test/);
  await drop();

  const statements = await articleInserts(async () => {
    const viaBulk = await ingest.ingestDocument(
      feedText([story('in-bulk'), story('in-bulk-2'), story('in-bulk-3')]),
      'bulk',
      options,
    );
    expect(viaBulk).toMatchObject({ created: 3, rejected: 0 });
  });
  // One multi-row statement for all three articles.
  expect(statements).toHaveLength(1);

  const a = await rowsOf('one-by-one');
  const b = await rowsOf('in-bulk');
  // Columns that differ by nature: the row's own ids, the guid and what follows from it, the clock.
  const differ = [
    'id',
    'document_id',
    'guid',
    'identity',
    'url',
    'content_hash',
    'source_hash',
    'change_seq',
    'created_at',
    'updated_at',
    'published_at',
    'first_created',
    'version_created',
    'agency_values',
    'visibility_due_at',
  ];
  const strip = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).filter(([k]) => !differ.includes(k)));
  expect(Object.keys(b.article).sort()).toEqual(Object.keys(a.article).sort());
  expect(strip(b.article)).toEqual(strip(a.article));
  for (const row of [a.article, b.article]) {
    expect(row.document_id).toMatch(/^[a-z0-9]{24}$/);
    for (const k of [
      'created_at',
      'updated_at',
      'published_at',
      'first_created',
      'version_created',
      'change_seq',
      'content_hash',
      'source_hash',
      'identity',
    ])
      expect(row[k]).not.toBeNull();
    expect(row.visibility_due_at).toBeNull();
  }
  expect(typeof b.article.created_at).toBe(typeof a.article.created_at);
  const agencyValues = (row: any) =>
    typeof row.agency_values === 'string' ? JSON.parse(row.agency_values) : row.agency_values;
  expect(agencyValues(b.article)).toEqual(agencyValues(a.article));
  expect(Number(b.article.change_seq)).toBeGreaterThan(Number(a.article.change_seq));
  // Relations: the same agency, licence and feed, in Strapi's join tables.
  expect(b.links).toEqual(a.links);
  for (const rows of Object.values(b.links)) expect(rows).toHaveLength(1);
  expect(Object.keys(b.reach).sort()).toEqual(Object.keys(a.reach).sort());
  expect(b.reach.full_from === null).toBe(a.reach.full_from === null);

  // Through the Query Engine and the partner-facing populate, the same shape too.
  const q = (guid: string) =>
    app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { guid }, populate: { agency: true, licence: true, feed: true } });
  const [qa, qb] = await Promise.all([q('one-by-one'), q('in-bulk')]);
  expect(qb.agency.id).toBe(qa.agency.id);
  expect(qb.licence.id).toBe(qa.licence.id);
  expect(qb.feed.documentId).toBe(feed!.documentId);
  expect(Object.keys(qb).sort()).toEqual(Object.keys(qa).sort());
  expect(await app.strapi.db.query('plugin::wire.article').count({ where: { guid: 'bad' } })).toBe(0);
});

it('stores a second copy of a new story in the same document as an update, after the first', async () => {
  const ingest = wire(app.strapi).service('ingest');
  const summary = await ingest.ingestDocument(
    feedText([story('twice'), { ...story('twice'), body: 'Corrected: the budget for district 8.' }]),
    'twice',
  );
  expect(summary).toMatchObject({ created: 1, updated: 1, rejected: 0 });
  const row = await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: 'twice' } });
  expect(row.bodyText).toMatch(/district 8/);
});

it("keeps an update's earlier version without a Strapi event of its own: webhooks hear of the article only", async () => {
  const ingest = wire(app.strapi).service('ingest');
  await ingest.ingestDocument(feedText([story('versioned')]), 'versioned-1');
  const events: Array<[string, string | undefined]> = [];
  const unsubscribe = app.strapi.eventHub.subscribe(async (name: string, payload?: { uid?: string }) => {
    if (name.startsWith('entry.')) events.push([name, payload?.uid]);
  });
  try {
    const summary = await ingest.ingestDocument(
      feedText([{ ...story('versioned'), body: 'Corrected: the budget for district 9.' }]),
      'versioned-2',
    );
    expect(summary).toMatchObject({ updated: 1, rejected: 0 });
    await wire(app.strapi).service('changes').flush();
    await settleConnections(app.strapi);
  } finally {
    unsubscribe();
  }
  const article = await app.strapi.db
    .query('plugin::wire.article')
    .findOne({ where: { guid: 'versioned' }, populate: { versions: true } });
  expect(article.versions).toHaveLength(1);
  expect(article.versions[0]).toMatchObject({ version: 1, documentId: expect.stringMatching(/^[a-z0-9]{24}$/) });
  expect(article.versions[0].publishedAt).not.toBeNull();
  // Through the Document Service the version was an entry.create of its own, sent to every webhook
  // with the article's fields populated, read back after the commit by a query nothing awaited.
  expect(events).toEqual([['entry.update', 'plugin::wire.article']]);
});
