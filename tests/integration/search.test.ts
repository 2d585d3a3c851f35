/**
 * Full-text search (issue 24, item 1) on a real Strapi, SQLite or PostgreSQL: words found in any
 * form of the story's language (English and German), phrases, exclusions, OR, ranking with recency
 * as the tie-break, a bad query answered 400 with its reason, a quote partner matching only what it
 * is served and never given a snippet, the index kept in step by updates, kills, corrections and
 * an upgrade, and the desk's facets.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, WIRE_ACTIONS } from '../helpers/admin';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let http: any;
let editor: string;
const tokens: Record<string, string> = {};

function g2(
  provider: string,
  guid: string,
  opts: {
    headline: string;
    body: string[];
    lang?: string;
    version?: number;
    at?: string;
    status?: string;
    subject?: string;
    embargo?: string;
  },
) {
  const { headline, body, lang = 'en', version = 1, at = '2026-12-01T10:00:00Z', status = 'usable' } = opts;
  return `<?xml version="1.0"?>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:search.test:${provider}:${guid}" version="${version}" xml:lang="${lang}">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:${provider}"/><versionCreated>${at}</versionCreated><pubStatus qcode="stat:${status}"/>${opts.embargo ? `<embargoed>${opts.embargo}</embargoed>` : ''}</itemMeta>
      <contentMeta><headline>${headline}</headline>${opts.subject ? `<keyword>${opts.subject}</keyword>` : ''}</contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${body.map((p) => `<p>${p}</p>`).join('')}</body></html></inlineXML></contentSet>
    </newsItem>`;
}

const ingest = (xml: string) => wire(app.strapi).service('ingest').ingestDocument(xml, 'search-test.xml');
const partner = (url: string, token = tokens.full) => request(http).get(url).set('Authorization', `Bearer ${token}`);
const desk = (url: string) => request(http).get(url).set('Authorization', `Bearer ${editor}`);
const headlines = async (url: string, token = tokens.full) => {
  const res = await partner(url, token);
  expect(res.status).toBe(200);
  return res.body.data.map((a: any) => a.headline);
};
const deskHeadlines = async (url: string) => {
  const res = await desk(url);
  expect(res.status).toBe(200);
  return res.body.data.map((a: any) => a.headline);
};
const documentIdOf = async (guid: string) =>
  (await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: { $endsWith: guid } } })).documentId;

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '0' });
  http = app.strapi.server.httpServer;
  tokens.full = await partnerToken(app.strapi, 'search-full', 'full');
  tokens.quote = await partnerToken(app.strapi, 'search-quote', 'quote');
  tokens.aa = await partnerToken(app.strapi, 'search-aa', 'full', { agencies: ['AA'] });
  await createAdmin(app.strapi, 'reader@search.test', [
    (await createRole(app.strapi, 'Reader', [WIRE_ACTIONS.readDesk])).id,
  ]);
  editor = await adminToken(http, 'reader@search.test');
  const stories = [
    g2('AA', 'dockers', {
      headline: 'Dockers strike at the harbour',
      body: ['The properties near the port were closed on Monday.', 'Talks with the union failed.'],
      at: '2026-12-01T09:00:00Z',
    }),
    g2('BB', 'markets', {
      headline: 'Markets calm',
      body: ['Shares rose in early trading; a strike at the harbour was called off.'],
      at: '2026-12-01T11:00:00Z',
    }),
    g2('BB', 'hafen', {
      headline: 'Streik im Hafen',
      body: ['Die Häfen an der Küste stehen still, sagte die Gewerkschaft.'],
      lang: 'de',
      at: '2026-12-01T10:00:00Z',
    }),
    g2('AA', 'weather', {
      headline: 'Storm warning for the coast',
      body: ['Forecasters expect gales on Tuesday.'],
      at: '2026-12-01T12:00:00Z',
      subject: 'Shipping',
    }),
    g2('AA', 'embargoed', {
      headline: 'Harbour deal to be signed',
      body: ['The harbour deal will be signed on Friday.'],
      embargo: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  ];
  for (const xml of stories) expect(await ingest(xml)).toMatchObject({ created: 1 });
});

afterAll(async () => {
  await app?.stop();
});

describe('the partner API', () => {
  it('finds a word in any of its forms, in English and in German', async () => {
    expect(await headlines('/api/wire/articles?q=property')).toEqual(['Dockers strike at the harbour']);
    expect(await headlines('/api/wire/articles?q=H%C3%A4fen')).toEqual(['Streik im Hafen']);
    expect(await headlines('/api/wire/articles?q=hafen&language=de')).toEqual(['Streik im Hafen']);
    expect(await headlines('/api/wire/articles?q=gewerkschaften')).toEqual(['Streik im Hafen']);
  });

  it('reads phrases, exclusions and OR', async () => {
    expect(await headlines('/api/wire/articles?q=%22strike%20at%20the%20harbour%22&sort=newest')).toEqual([
      'Markets calm',
      'Dockers strike at the harbour',
    ]);
    expect(await headlines('/api/wire/articles?q=strike%20-shares')).toEqual(['Dockers strike at the harbour']);
    expect(await headlines('/api/wire/articles?q=gales%20OR%20union&sort=newest')).toEqual([
      'Storm warning for the coast',
      'Dockers strike at the harbour',
    ]);
  });

  it('ranks a match in the headline above one in the text, newest first by choice', async () => {
    // "strike" and "harbour" are in Dockers' headline and only in Markets' text; Markets is newer.
    expect(await headlines('/api/wire/articles?q=strike%20harbour')).toEqual([
      'Dockers strike at the harbour',
      'Markets calm',
    ]);
    expect(await headlines('/api/wire/articles?q=strike%20harbour&sort=newest')).toEqual([
      'Markets calm',
      'Dockers strike at the harbour',
    ]);
    const res = await partner('/api/wire/articles?q=strike&pageSize=1&page=2');
    expect(res.body.meta.pagination).toMatchObject({ total: 2, page: 2 });
    expect(res.body.data).toHaveLength(1);
  });

  it.each([
    ['%22harbour', /quotation mark/],
    ['-harbour', /not excluded/],
    ['OR', /OR needs/],
    ['%21%21%21', /no words/],
  ])('answers q=%s with 400 and the reason, never an FTS error', async (q, reason) => {
    for (const [url, get] of [
      [`/api/wire/articles?q=${q}`, partner],
      [`/wire/articles?q=${q}`, desk],
    ] as const) {
      const res = await get(url);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(reason);
      expect(JSON.stringify(res.body)).not.toMatch(/fts5|tsquery|syntax error|SQLITE/i);
    }
    const sort = await partner('/api/wire/articles?sort=loudest&q=harbour');
    expect(sort.status).toBe(400);
    expect(sort.body.error.message).toMatch(/sort must be one of relevance, newest/);
  });

  it('searches for a quote partner only what it is served, and gives it no snippet', async () => {
    // "properties" is only in the text of Dockers; "shipping" is a keyword of the storm story.
    expect(await headlines('/api/wire/articles?q=properties', tokens.quote)).toEqual([]);
    expect(await headlines('/api/wire/articles?q=%22called%20off%22', tokens.quote)).toEqual([]);
    expect(await headlines('/api/wire/articles?q=shipping', tokens.quote)).toEqual(['Storm warning for the coast']);
    // Excluding a word of the text it is never served tells it nothing either.
    expect(await headlines('/api/wire/articles?q=strike%20-properties', tokens.quote)).toEqual([
      'Dockers strike at the harbour',
    ]);
    const res = await partner('/api/wire/articles?q=harbour', tokens.quote);
    expect(JSON.stringify(res.body)).not.toMatch(/snippet|<mark|"hit"/);
    const full = await partner('/api/wire/articles?q=harbour');
    expect(JSON.stringify(full.body)).not.toMatch(/snippet/);
  });

  it('never finds what the partner may not see: an embargoed story, another agency', async () => {
    expect(await headlines('/api/wire/articles?q=signed')).toEqual([]);
    expect(await headlines('/api/wire/articles?q=streik', tokens.aa)).toEqual([]);
    expect(await headlines('/api/wire/articles?q=strike%20OR%20streik', tokens.aa)).toEqual([
      'Dockers strike at the harbour',
    ]);
  });
});

describe('the desk', () => {
  it('finds every story, with a highlighted snippet, by its guid too', async () => {
    const res = await desk('/wire/articles?q=signed');
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: any) => a.headline)).toEqual(['Harbour deal to be signed']);
    expect(res.body.data[0].snippet.filter((p: any) => p.hit).map((p: any) => p.text)).toEqual(['signed']);
    expect(await deskHeadlines('/wire/articles?q=urn:newsml:search.test:AA:weather')).toEqual([
      'Storm warning for the coast',
    ]);
  });

  it('counts each facet under the other filters', async () => {
    const res = await desk('/wire/articles?q=strike%20OR%20streik%20OR%20harbour&facets=true&agency=BB');
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: any) => a.headline).sort()).toEqual(['Markets calm', 'Streik im Hafen']);
    const { facets } = res.body.meta;
    // The agency facet ignores agency=BB: AA has two matches (one embargoed), BB two.
    expect(facets.agency).toEqual(
      expect.arrayContaining([
        { value: 'AA', label: expect.any(String), count: 2 },
        { value: 'BB', label: expect.any(String), count: 2 },
      ]),
    );
    expect(facets.language).toEqual(
      expect.arrayContaining([
        { value: 'de', label: 'de', count: 1 },
        { value: 'en', label: 'en', count: 1 },
      ]),
    );
    expect(facets.status).toEqual([]);
    const all = await desk('/wire/articles?q=harbour&facets=true');
    expect(all.body.meta.facets.status).toEqual([{ value: 'embargoed', label: 'embargoed', count: 1 }]);
    expect(all.body.meta.facets.feed).toEqual([]);
    const bad = await desk('/wire/articles?urgency=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/urgency/);
  });
});

describe('the index kept in step', () => {
  it('follows an update, a kill and an editor’s correction', async () => {
    expect(
      await ingest(
        g2('AA', 'weather', {
          headline: 'Storm warning for the coast',
          body: ['Forecasters now expect a hurricane on Tuesday.'],
          version: 2,
          at: '2026-12-01T13:00:00Z',
          subject: 'Shipping',
        }),
      ),
    ).toMatchObject({ updated: 1 });
    expect(await headlines('/api/wire/articles?q=gales')).toEqual([]);
    expect(await headlines('/api/wire/articles?q=hurricanes')).toEqual(['Storm warning for the coast']);

    expect(
      await ingest(
        g2('AA', 'weather', {
          headline: 'Storm warning for the coast',
          body: ['Withdrawn.'],
          version: 3,
          status: 'canceled',
          at: '2026-12-01T14:00:00Z',
        }),
      ),
    ).toMatchObject({ updated: 1 });
    expect(await headlines('/api/wire/articles?q=storm')).toEqual([]);
    const killed = await desk('/wire/articles?q=storm&facets=true');
    expect(killed.body.data.map((a: any) => [a.headline, a.pubStatus])).toEqual([
      ['Storm warning for the coast', 'canceled'],
    ]);
    expect(killed.body.meta.facets.status).toEqual([{ value: 'withdrawn', label: 'withdrawn', count: 1 }]);

    const dockers = await documentIdOf(':AA:dockers');
    await app.strapi.documents('plugin::wire.article').update({
      documentId: dockers,
      data: { body: '<p>The warehouses near the port were closed on Monday.</p>' } as any,
    });
    await wire(app.strapi).service('changes').stamp();
    expect(await headlines('/api/wire/articles?q=properties')).toEqual([]);
    expect(await headlines('/api/wire/articles?q=warehouse')).toEqual(['Dockers strike at the harbour']);
  });

  it('indexes stories stored before the index, a chunk at a time', async () => {
    const knex = app.strapi.db.connection;
    await knex('wire_article_search_state').delete();
    await knex('wire_article_search').delete();
    expect(await headlines('/api/wire/articles?q=harbour')).toEqual([]);
    const search = wire(app.strapi).service('search');
    while (await search.catchUp(2));
    expect(await headlines('/api/wire/articles?q=harbour&sort=newest')).toEqual([
      'Markets calm',
      'Dockers strike at the harbour',
    ]);
  });
});
