/**
 * The desk's search at scale (issue 24 item 4, database/desk-index.ts) on a real Strapi, SQLite or
 * PostgreSQL: from `search.scanFrom` matches on, the desk counts its facets and totals through its
 * narrow index and answers `sort=newest` by a walk of it newest first; below, it probes each match
 * by id. A few stories take either path by the setting, and every answer (rows in order, totals,
 * pages, facets) is the same both ways and what the stories say it must be. The guid lookup, done
 * apart from the match, still finds a story by its guid.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, WIRE_ACTIONS } from '../helpers/admin';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';
let app: TestApp;
let http: any;
let editor: string;
let full: string;

interface Story {
  agency: string;
  guid: string;
  headline: string;
  body: string;
  lang: string;
  urgency: number;
  at: string;
  status?: string;
  embargo?: boolean;
}

// Several share a version time, so ties (broken by the newer id) are part of the order.
const STORIES: Story[] = [
  ['AA', 'a1', 'Harbour closed by strike', 'The harbour of the city was closed.', 'en', 1, '2026-12-01T09:00:00Z'],
  ['AA', 'a2', 'Harbour talks resume', 'Talks at the harbour resumed on Monday.', 'en', 3, '2026-12-01T10:00:00Z'],
  ['BB', 'b1', 'Shipping delayed', 'Ships waited outside the harbour for days.', 'en', 3, '2026-12-01T10:00:00Z'],
  ['BB', 'b2', 'Storm over the coast', 'A storm closed roads along the coast.', 'en', 5, '2026-12-01T10:00:00Z'],
  [
    'CC',
    'c1',
    'Hafen geschlossen',
    'Der Hafen bleibt geschlossen, harbour workers said.',
    'de',
    2,
    '2026-12-01T11:00:00Z',
  ],
  ['CC', 'c2', 'Sturm an der Küste', 'Ein Sturm traf die Küste.', 'de', 4, '2026-12-01T08:00:00Z'],
  ['AA', 'a3', 'Harbour deal near', 'A deal for the harbour is near, officials said.', 'en', 2, '2026-12-01T12:00:00Z'],
  ['BB', 'b3', 'Harbour fees rise', 'Fees at the harbour rise next year.', 'en', 6, '2026-12-01T07:00:00Z'],
  [
    'CC',
    'c3',
    'Markets steady',
    'Markets held steady; the harbour strike weighed little.',
    'en',
    3,
    '2026-12-01T12:00:00Z',
  ],
  ['AA', 'a4', 'Harbour pilot story', 'Withdrawn copy about the harbour.', 'en', 2, '2026-12-01T06:00:00Z', 'canceled'],
  [
    'BB',
    'b4',
    'Harbour plan embargoed',
    'The harbour plan will be announced.',
    'en',
    1,
    '2026-12-01T05:00:00Z',
    'usable',
    true,
  ],
  ['CC', 'c4', 'Storm damage counted', 'The storm damaged the harbour wall.', 'en', 4, '2026-12-01T11:00:00Z'],
].map(([agency, guid, headline, body, lang, urgency, at, status, embargo]) => ({
  agency,
  guid,
  headline,
  body,
  lang,
  urgency,
  at,
  status,
  embargo,
})) as Story[];

function g2(s: Story) {
  const embargo = s.embargo ? `<embargoed>${new Date(Date.now() + 86_400_000).toISOString()}</embargoed>` : '';
  return `<?xml version="1.0"?>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:scan.test:${s.agency}:${s.guid}" version="1" xml:lang="${s.lang}">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:${s.agency}"/><versionCreated>${s.at}</versionCreated><pubStatus qcode="stat:${s.status ?? 'usable'}"/>${embargo}</itemMeta>
      <contentMeta><urgency>${s.urgency}</urgency><headline>${s.headline}</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>${s.body}</p></body></html></inlineXML></contentSet>
    </newsItem>`;
}

const desk = (url: string) => request(http).get(url).set('Authorization', `Bearer ${editor}`);

/** The SQL the desk ran for one request, and its answer, with `scanFrom` set for it. */
async function asked(url: string, scanFrom: number, token?: string) {
  const setting = app.strapi.config.get('plugin::wire.search') as Record<string, unknown>;
  const sql: string[] = [];
  const listen = (q: { sql: string }) => sql.push(q.sql);
  app.strapi.config.set('plugin::wire.search', { ...setting, scanFrom });
  app.strapi.db.connection.on('query', listen);
  try {
    const res = await (token ? request(http).get(url).set('Authorization', `Bearer ${token}`) : desk(url));
    expect(res.status).toBe(200);
    return { body: res.body, indexed: sql.some((s) => /INDEXED BY/i.test(s)) };
  } finally {
    app.strapi.db.connection.off('query', listen);
    app.strapi.config.set('plugin::wire.search', setting);
  }
}

const matchesHarbour = STORIES.filter((s) => /harbour/i.test(`${s.headline} ${s.body}`));
/** Newest first, ties to the story stored later (the higher id: stored in STORIES' order). */
const newestFirst = (list: Story[]) =>
  list
    .map((s, i) => ({ s, i }))
    .sort((a, b) => Date.parse(b.s.at) - Date.parse(a.s.at) || STORIES.indexOf(b.s) - STORIES.indexOf(a.s))
    .map(({ s }) => s.headline);
const countBy = (list: Story[], key: (s: Story) => string) => {
  const n = new Map<string, number>();
  for (const s of list) n.set(key(s), (n.get(key(s)) ?? 0) + 1);
  return [...n].map(([value, count]) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value));
};
const counted = (values: Array<{ value: string; count: number }>) =>
  values.map(({ value, count }) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value));

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '0' });
  http = app.strapi.server.httpServer;
  await createAdmin(app.strapi, 'reader@scan.test', [
    (await createRole(app.strapi, 'Reader', [WIRE_ACTIONS.readDesk])).id,
  ]);
  editor = await adminToken(http, 'reader@scan.test');
  full = await partnerToken(app.strapi, 'scan-full', 'full');
  for (const s of STORIES)
    expect(await wire(app.strapi).service('ingest').ingestDocument(g2(s), 'scan-test.xml')).toMatchObject({
      created: 1,
    });
});

afterAll(async () => {
  await app?.stop();
});

describe('the desk index', () => {
  it('exists on SQLite after the bootstrap', async () => {
    if (isPostgres()) return;
    const rows = await app.strapi.db.connection.raw(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'wire_articles_desk_idx'",
    );
    expect(rows).toEqual([{ name: 'wire_articles_desk_idx' }]);
  });
});

describe('sort=newest over many matches: a walk of the desk index, the same as sorting the matches', () => {
  it('pages through the matches newest first, ties to the newer story, either way', async () => {
    const expected = newestFirst(matchesHarbour);
    const pages: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const url = `/wire/articles?q=harbour&sort=newest&pageSize=3&page=${page}`;
      const walked = await asked(url, 0);
      const sorted = await asked(url, 1_000_000);
      // On SQLite the walk reads the desk index; the sort of a few matches probes them by id.
      expect(walked.indexed).toBe(!isPostgres());
      expect(sorted.indexed).toBe(false);
      expect(walked.body).toEqual(sorted.body);
      expect(walked.body.meta.pagination).toEqual({
        page,
        pageSize: 3,
        pageCount: Math.ceil(matchesHarbour.length / 3),
        total: matchesHarbour.length,
      });
      pages.push(...walked.body.data.map((a: any) => a.headline));
    }
    expect(pages).toEqual(expected);
  });

  it.each([
    ['an agency', 'q=harbour&sort=newest&agency=BB', (s: Story) => s.agency === 'BB'],
    ['a language', 'q=harbour%20OR%20hafen&sort=newest&language=de', (s: Story) => s.lang === 'de'],
    ['an urgency', 'q=harbour%20OR%20storm&sort=newest&urgency=3', (s: Story) => s.urgency <= 3],
    ['a status', 'q=harbour&sort=newest&status=withdrawn', (s: Story) => s.status === 'canceled'],
  ])('with %s filter', async (_name, params, admits) => {
    const walked = await asked(`/wire/articles?${params}&facets=true`, 0);
    const sorted = await asked(`/wire/articles?${params}&facets=true`, 1_000_000);
    expect(walked.body).toEqual(sorted.body);
    const words = /q=([^&]*)/.exec(params)![1].split('%20OR%20');
    const matching = STORIES.filter(
      (s) => admits(s) && words.some((w) => new RegExp(w, 'i').test(`${s.headline} ${s.body}`)),
    );
    expect(walked.body.data.map((a: any) => a.headline)).toEqual(newestFirst(matching));
    expect(walked.body.meta.pagination.total).toBe(matching.length);
  });
});

describe('facets and totals, through the desk index or by probing each match', () => {
  it('counts the same with a search, and what the stories say', async () => {
    for (const sort of ['relevance', 'newest']) {
      const url = `/wire/articles?q=harbour&facets=true&sort=${sort}`;
      const scanned = await asked(url, 0);
      const probed = await asked(url, 1_000_000);
      expect(scanned.indexed).toBe(!isPostgres());
      expect(probed.indexed).toBe(false);
      expect(scanned.body).toEqual(probed.body);
      const { facets, pagination } = scanned.body.meta;
      expect(pagination.total).toBe(matchesHarbour.length);
      expect(counted(facets.agency)).toEqual(countBy(matchesHarbour, (s) => s.agency));
      expect(counted(facets.language)).toEqual(countBy(matchesHarbour, (s) => s.lang));
      expect(counted(facets.urgency)).toEqual(countBy(matchesHarbour, (s) => String(s.urgency)));
      expect(counted(facets.status)).toEqual([
        { value: 'embargoed', count: 1 },
        { value: 'withdrawn', count: 1 },
      ]);
    }
  });

  it('counts each facet under the other filters the same either way', async () => {
    const url = '/wire/articles?q=harbour%20OR%20storm&facets=true&agency=CC&language=en';
    const scanned = await asked(url, 0);
    const probed = await asked(url, 1_000_000);
    expect(scanned.body).toEqual(probed.body);
    const words = (s: Story) => /harbour|storm/i.test(`${s.headline} ${s.body}`);
    const { facets } = scanned.body.meta;
    // The agency facet leaves agency=CC out, the language facet language=en.
    expect(counted(facets.agency)).toEqual(
      countBy(
        STORIES.filter((s) => words(s) && s.lang === 'en'),
        (s) => s.agency,
      ),
    );
    expect(counted(facets.language)).toEqual(
      countBy(
        STORIES.filter((s) => words(s) && s.agency === 'CC'),
        (s) => s.lang,
      ),
    );
    expect(scanned.body.meta.pagination.total).toBe(
      STORIES.filter((s) => words(s) && s.agency === 'CC' && s.lang === 'en').length,
    );
  });

  it('counts every story without a search, through the index', async () => {
    const { body, indexed } = await asked('/wire/articles?facets=true', 1_000_000);
    expect(indexed).toBe(!isPostgres());
    expect(body.meta.pagination.total).toBe(STORIES.length);
    expect(counted(body.meta.facets.agency)).toEqual(countBy(STORIES, (s) => s.agency));
    expect(counted(body.meta.facets.language)).toEqual(countBy(STORIES, (s) => s.lang));
    expect(counted(body.meta.facets.urgency)).toEqual(countBy(STORIES, (s) => String(s.urgency)));
  });
});

describe('the guid lookup, apart from the match', () => {
  it('finds a story by its guid and counts it once, either way', async () => {
    for (const scanFrom of [0, 1_000_000]) {
      const { body } = await asked('/wire/articles?q=urn:newsml:scan.test:BB:b2&facets=true', scanFrom);
      expect(body.data.map((a: any) => a.headline)).toEqual(['Storm over the coast']);
      expect(body.meta.pagination.total).toBe(1);
      expect(counted(body.meta.facets.agency)).toEqual([{ value: 'BB', count: 1 }]);
    }
  });
});

describe("a partner's total", () => {
  it('is the same counted through the desk index or by probing each match', async () => {
    // Each total is remembered for a few seconds per query: the two differ by their sort.
    const visible = matchesHarbour.filter((s) => s.status !== 'canceled' && !s.embargo);
    const scanned = await asked('/api/wire/articles?q=harbour&sort=newest', 0, full);
    const probed = await asked('/api/wire/articles?q=harbour&sort=relevance', 1_000_000, full);
    expect(scanned.indexed).toBe(!isPostgres());
    expect(probed.indexed).toBe(false);
    expect(scanned.body.meta.pagination.total).toBe(visible.length);
    expect(probed.body.meta.pagination.total).toBe(visible.length);
    expect(scanned.body.data.map((a: any) => a.headline)).toEqual(newestFirst(visible));
    expect([...probed.body.data.map((a: any) => a.headline)].sort()).toEqual(newestFirst(visible).sort());
  });
});
