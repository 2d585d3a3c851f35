/**
 * A re-delivery is recognised before it is read: an item whose XML and surroundings are exactly as
 * delivered before is unchanged without being read (no warning about its unreadable date the second
 * time), while the same item bytes in a different setting (the feed's rights, a namespace bound
 * elsewhere, a licence given on the command line) are read and stored as that setting makes them.
 */
import { wire } from '../../plugins/wire/server/src/services/wire';
import { UID } from '../../plugins/wire/server/src/content-types';
import { startStrapi, type TestApp } from '../helpers/strapi';

let app: TestApp;

beforeAll(async () => {
  app = await startStrapi();
});

afterAll(async () => {
  await app?.stop();
});

const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const item = (guid: string, body: string, extra = '') =>
  `<item><guid isPermaLink="false">${guid}</guid><title>Harbour ${guid} reopens</title><pubDate>the day after tomorrow</pubDate>${extra}<c:encoded>&lt;p&gt;BERLIN (dpa) - ${body}&lt;/p&gt;</c:encoded></item>`;
const feed = (head: string, items: string[], ns = CONTENT) =>
  `<?xml version="1.0"?>\n<rss version="2.0" xmlns:c="${ns}"><channel><title>Redelivery News</title>${head}\n${items.join('\n')}\n</channel></rss>`;

const ingest = (text: string, options: { licence?: string } = {}) =>
  wire(app.strapi).service('ingest').ingestDocument(text, 'redelivery.rss', options);
const counts = (s: Awaited<ReturnType<typeof ingest>>) => ({
  created: s.created,
  updated: s.updated,
  unchanged: s.unchanged,
  rejected: s.rejected,
});
const dateWarnings = (s: Awaited<ReturnType<typeof ingest>>) => s.warnings.filter((w) => w.field === 'pubDate');

async function stored(guid: string) {
  return app.strapi.db.query(UID.article).findOne({ where: { identity: `DPA:${guid}` }, populate: ['licence'] });
}

describe('re-delivery', () => {
  it('of the same XML is unchanged without being read again', async () => {
    const text = feed('<copyright>Copyright dpa</copyright>', [
      item('r-1', 'The harbour reopened.'),
      item('r-2', 'Ferries run again.'),
    ]);
    const first = await ingest(text);
    expect(counts(first)).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(dateWarnings(first)).toHaveLength(2);

    const again = await ingest(text);
    expect(counts(again)).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    // Read, each item would warn again about its date: it was not read.
    expect(dateWarnings(again)).toHaveLength(0);
  });

  it('of the same item under other feed rights is read, and the story takes them', async () => {
    const body = item('r-3', 'The bridge is open.');
    await ingest(feed('<copyright>Copyright dpa</copyright>', [body]));
    expect((await stored('r-3')).licence?.notice ?? null).toBe('Copyright dpa');
    const changed = await ingest(feed('<copyright>Copyright dpa, all rights reserved</copyright>', [body]));
    expect(dateWarnings(changed)).toHaveLength(1);
    expect(counts(changed)).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
  });

  it('of the same bytes with the prefix bound to another namespace is read as what it now says', async () => {
    const body = item('r-4', 'The tunnel is closed.');
    expect(counts(await ingest(feed('', [body])))).toMatchObject({ created: 1 });
    // c:encoded is no longer the content module's body: the item has none left.
    const rebound = await ingest(feed('', [body], 'urn:example:not-content'));
    expect(counts(rebound)).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 1 });
    expect(rebound.problems.map((p) => p.field)).toEqual(['body']);
  });

  it('with a licence given for items without one is read with it', async () => {
    const body = item('r-5', 'The lock is repaired.');
    await ingest(feed('', [body]), { licence: 'Copyright dpa, for partners only' });
    expect((await stored('r-5')).licence?.notice).toBe('Copyright dpa, for partners only');
    const other = await ingest(feed('', [body]), { licence: 'Copyright dpa, free for all' });
    expect(dateWarnings(other)).toHaveLength(1);
    expect(counts(other)).toMatchObject({ updated: 1 });
  });

  it('of an archive whose every item warns lists the first 1,000 warnings and counts the rest', async () => {
    const items = Array.from({ length: 1_150 }, (_, i) => item(`w-${i}`, `Story ${i} of the archive.`));
    const summary = await ingest(feed('', items));
    expect(summary.created).toBe(1_150);
    expect(dateWarnings(summary)).toHaveLength(1_000);
    expect(summary.warnings.at(-1)).toMatchObject({
      item: 0,
      reason: '150 more warnings not listed (the first 1000 are)',
    });
  });

  it('written differently but saying the same is unchanged, and recognised unread from then on', async () => {
    await ingest(feed('', [item('r-6', 'The canal is dredged.')]));
    // The same item with its elements spaced out: other bytes, the same article.
    const respaced = feed('', [item('r-6', 'The canal is dredged.').replace(/></g, '>\n  <')]);
    const second = await ingest(respaced);
    expect(counts(second)).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(dateWarnings(second)).toHaveLength(1);
    const third = await ingest(respaced);
    expect(counts(third)).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(dateWarnings(third)).toHaveLength(0);
  });

  it('is recognised for ids an SQL array literal would have to quote (the lookups bind them as one array on PostgreSQL)', async () => {
    const guids = ['r-q"uote', 'r-back\\slash', 'r-{brace}', 'r-comma,here', 'NULL'];
    const items = guids.map((g, k) => item(g, `Pier ${k} is open.`));
    expect(counts(await ingest(feed('', items)))).toEqual({ created: 5, updated: 0, unchanged: 0, rejected: 0 });
    for (const g of guids) expect((await stored(g))?.guid).toBe(g);
    // The same bytes: found by their source hashes, unread.
    const again = await ingest(feed('', items));
    expect(counts(again)).toEqual({ created: 0, updated: 0, unchanged: 5, rejected: 0 });
    expect(dateWarnings(again)).toHaveLength(0);
    // Other bytes, the same content: read, then found by their identities.
    const respaced = await ingest(
      feed(
        '',
        items.map((i) => i.replace('<title>', '<title> ')),
      ),
    );
    expect(dateWarnings(respaced)).toHaveLength(5);
    expect(counts(respaced)).toEqual({ created: 0, updated: 0, unchanged: 5, rejected: 0 });
  });
});
