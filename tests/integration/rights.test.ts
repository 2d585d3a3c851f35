/**
 * Rights that travel (issue 23, items 1, 2, 3 and 6) on a real Strapi over HTTP: each licence's
 * ODRL policy and each article's Agreement for its partner (expanded by a JSON-LD processor), never
 * more than the article route gives; ninjs `rightsinfo`; the TDM reservation on every partner
 * response, errors included, and in /.well-known/tdmrep.json; a licence reserving AI training; and
 * canonical links.
 */
import request from 'supertest';
import type Ajv2020 from 'ajv/dist/2020';
import { g2Item, QUOTE_TERMS } from '../helpers/g2-copy';
import { expandStrictly, ODRL, valuesOf } from '../helpers/jsonld';
import { itIf } from '../helpers/optional';
import { NINJS_SCHEMA_ID, NINJS_SCHEMA_MISSING, schemaValidator } from '../helpers/schemas';
import { partnerToken, plainToken, startStrapi, type TestApp } from '../helpers/strapi';
import { sentencesOf, uspaRss } from '../helpers/wire-copy';
import { wire } from '../../plugins/wire/server/src/services/wire';

const BASE = 'https://wire.test';
const RATE_LIMIT = 40;
const TDM = 'http://www.w3.org/ns/tdmrep#mine';
const RESERVES_AI = `${QUOTE_TERMS} Text and data mining and the training of AI models are reserved.`;

let app: TestApp;
let http: any;
let ajv: Ajv2020;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const get = (url: string, token?: string) => {
  const req = request(http).get(url);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};
const jsonOf = (res: request.Response) => JSON.parse(res.text);

/** Permission or prohibition actions of an expanded policy: plain by IRI, refined by their rdf:value. */
const actionsOf = (expanded: any[], rule: 'permission' | 'prohibition'): string[] =>
  (expanded[0][`${ODRL}${rule}`] ?? [])
    .flatMap((r: any) => r[`${ODRL}action`])
    .map((a: any) => a['@id'] ?? a['http://www.w3.org/1999/02/22-rdf-syntax-ns#value'][0]['@id']);

beforeAll(async () => {
  app = await startStrapi({
    WIRE_PUBLIC_URL: BASE,
    WIRE_RATE_LIMIT: String(RATE_LIMIT),
    WIRE_NEWSROOM_NAME: 'Test Newsroom',
    WIRE_NEWSROOM_EMAIL: 'rights@newsroom.test',
    WIRE_NEWSROOM_URL: 'https://newsroom.test',
  });
  http = app.strapi.server.httpServer;
  tokens.full = await partnerToken(app.strapi, 'Full Partner', 'full');
  tokens.quote = await partnerToken(app.strapi, 'Quote Partner', 'quote');
  tokens.afpOnly = await partnerToken(app.strapi, 'AFP Only', 'full', { agencies: ['AFP'] });
  tokens.hammer = await partnerToken(app.strapi, 'Hammer', 'quote');
  tokens.plain = await plainToken(app.strapi, 'settings-token');
  const ingest = wire(app.strapi).service('ingest');
  // The seed licence: USPA's footer (quotes up to 5 %, marked, linked).
  await ingest.ingestDocument(
    uspaRss([{ guid: 'harbour', title: 'Harbour cranes go electric', text: sentencesOf(400, 'crane') }]),
    'rights.rss',
  );
  await ingest.ingestDocument(
    g2Item({ guid: 'ai', agency: 'MTA', headline: 'No robots here', seed: 'ai', words: 200, terms: RESERVES_AI }),
    'ai.xml',
  );
  await ingest.ingestDocument(
    g2Item({
      guid: 'banned',
      agency: 'MTA',
      headline: 'Not for anyone else',
      seed: 'bn',
      words: 100,
      terms: 'This article may not be redistributed.',
    }),
    'banned.xml',
  );
  for (const a of (await get('/api/wire/articles', tokens.full)).body.data) ids[a.headline] = a.id;
  ajv = schemaValidator();
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe("a licence's ODRL policy", () => {
  it('the seed licence: 5 % as a refined extract, attribution to the agency, and it expands as JSON-LD', async () => {
    const one = await get(`/api/wire/articles/${ids['Harbour cranes go electric']}`, tokens.quote);
    const policyUrl: string = one.body.data.licence.policy;
    expect(policyUrl).toMatch(new RegExp(`^${BASE}/api/wire/licences/[^/]+/policy$`));
    expect(one.headers.link).toContain(`<${policyUrl}>; rel="license"`);
    const res = await get(new URL(policyUrl).pathname, tokens.quote);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    const doc = jsonOf(res);
    expect(doc).toMatchObject({ '@type': 'Offer', uid: policyUrl });
    expect(doc.profile).toContain('https://iptc.org/std/RightsML/odrl-profile/');
    const expanded = await expandStrictly(doc);
    expect(valuesOf(expanded, `${ODRL}rightOperand`)).toEqual([
      { '@value': '5', '@type': 'http://www.w3.org/2001/XMLSchema#decimal' },
    ]);
    expect(actionsOf(expanded, 'permission')).toEqual([`${ODRL}extract`]);
    const [permission] = expanded[0][`${ODRL}permission`];
    const attribute = permission[`${ODRL}duty`].find((d: any) => d[`${ODRL}action`][0]['@id'] === `${ODRL}attribute`);
    expect(attribute[`${ODRL}attributedParty`][0]['@id']).toBe('urn:wire:agency:USPA');
    expect(expanded[0][`${ODRL}assigner`][0]['@id']).toBe('urn:wire:agency:USPA');
  });

  it('any valid partner token reads it; no token, a bad one or an unknown licence does not', async () => {
    const one = await get(`/api/wire/articles/${ids['Harbour cranes go electric']}`, tokens.full);
    const path = new URL(one.body.data.licence.policy).pathname;
    for (const token of [tokens.full, tokens.quote, tokens.afpOnly]) expect((await get(path, token)).status).toBe(200);
    expect((await get(path)).status).toBe(401);
    expect((await get(path, 'not-a-token')).status).toBe(401);
    expect((await get('/api/wire/licences/nope/policy', tokens.full)).status).toBe(404);
  });
});

describe("an article's Agreement for its partner", () => {
  it('names the partner as assignee and grants exactly what the article route serves it', async () => {
    const id = ids['Harbour cranes go electric'];
    const quote = await get(`/api/wire/articles/${id}/policy`, tokens.quote);
    expect(quote.status).toBe(200);
    const q = await expandStrictly(jsonOf(quote));
    expect(q[0]['@type']).toEqual([`${ODRL}Agreement`]);
    const [assignee] = q[0][`${ODRL}assignee`];
    expect(assignee['@id']).toMatch(/^urn:wire:partner:/);
    expect(assignee['http://www.w3.org/2006/vcard/ns#fn']).toEqual([{ '@value': 'Quote Partner' }]);
    expect(actionsOf(q, 'permission')).toEqual([`${ODRL}extract`]);
    const served = await get(`/api/wire/articles/${id}`, tokens.quote);
    expect(served.body.data.usage.mode).toBe('quote');
    expect(served.body.data.usage.policy).toBe(`${BASE}/api/wire/articles/${id}/policy`);

    const full = await expandStrictly(jsonOf(await get(`/api/wire/articles/${id}/policy`, tokens.full)));
    expect(actionsOf(full, 'permission').sort()).toEqual([`${ODRL}distribute`, `${ODRL}reproduce`]);
    expect((await get(`/api/wire/articles/${id}`, tokens.full)).body.data.usage.mode).toBe('full-text');
  });

  it('a partner that may not read the article gets the same answer from its policy as from the article', async () => {
    const cases: Array<[string, string | undefined, number]> = [
      [ids['Harbour cranes go electric'], tokens.afpOnly, 404], // another agency's story
      [ids['Not for anyone else'], tokens.quote, 404], // a licence that forbids syndication, for quote partners
      ['no-such-article', tokens.full, 404],
      [ids['Harbour cranes go electric'], undefined, 401],
      [ids['Harbour cranes go electric'], 'not-a-token', 401],
    ];
    for (const [id, token, status] of cases) {
      const article = await get(`/api/wire/articles/${id}`, token);
      const policy = await get(`/api/wire/articles/${id}/policy`, token);
      expect([id, article.status, policy.status]).toEqual([id, status, status]);
      expect(policy.body).toEqual(article.body);
      expect(policy.text).not.toMatch(/odrl|permission|Not for anyone else/i);
    }
  });

  it('a full partner reads a story its licence bans from syndication, and may not pass it on', async () => {
    const id = ids['Not for anyone else'];
    expect((await get(`/api/wire/articles/${id}`, tokens.full)).status).toBe(200);
    const expanded = await expandStrictly(jsonOf(await get(`/api/wire/articles/${id}/policy`, tokens.full)));
    expect(actionsOf(expanded, 'prohibition')).toEqual(expect.arrayContaining([`${ODRL}grantUse`, TDM]));
  });

  it('a token without a partner (made in Settings) gets the least: headline and link, no permission', async () => {
    const id = ids['Not for anyone else'];
    expect((await get(`/api/wire/articles/${id}/policy`, tokens.plain)).status).toBe(404);
    const harbour = ids['Harbour cranes go electric'];
    const res = await get(`/api/wire/articles/${harbour}/policy`, tokens.plain);
    const article = await get(`/api/wire/articles/${harbour}`, tokens.plain);
    expect([res.status, article.status]).toEqual([200, 200]);
    const expanded = await expandStrictly(jsonOf(res));
    // What the article route serves this token, and no more.
    if (article.body.data.usage.mode === 'quote') expect(actionsOf(expanded, 'permission')).toEqual([`${ODRL}extract`]);
    else expect(actionsOf(expanded, 'permission')).toEqual([]);
    expect(actionsOf(expanded, 'permission')).not.toContain(`${ODRL}reproduce`);
  });
});

describe('ninjs carries the rights', () => {
  itIf('the ninjs schema check', NINJS_SCHEMA_MISSING)(
    'rightsinfo links the ODRL policy, and the item still validates against ninjs 2.2',
    async () => {
      for (const token of [tokens.full, tokens.quote]) {
        const id = ids['Harbour cranes go electric'];
        const json = (await get(`/api/wire/articles/${id}`, token)).body.data;
        const res = await get(`/api/wire/articles/${id}?format=ninjs`, token);
        const ninjs = jsonOf(res);
        if (!ajv.validate(NINJS_SCHEMA_ID, ninjs)) throw new Error(ajv.errorsText(ajv.errors));
        expect(ninjs.rightsinfo).toEqual({ langid: 'http://www.w3.org/ns/odrl/2/', linkedrights: json.licence.policy });
        expect(ninjs.renditions).toContainEqual(
          expect.objectContaining({ name: 'canonical', href: 'https://news.example.test/harbour' }),
        );
        // The same headers as the JSON answer.
        expect(res.headers.link).toBe((await get(`/api/wire/articles/${id}`, token)).headers.link);
      }
      // Lists too.
      for (const item of (await get('/api/wire/articles?format=ninjs', tokens.quote)).body.data) {
        if (!ajv.validate(NINJS_SCHEMA_ID, item)) throw new Error(ajv.errorsText(ajv.errors));
        expect(item.rightsinfo.langid).toBe('http://www.w3.org/ns/odrl/2/');
      }
    },
  );
});

describe('text and data mining reserved', () => {
  const expectReserved = (res: request.Response, what: string) =>
    expect([what, res.headers['tdm-reservation'], res.headers['tdm-policy'], res.headers['content-usage']]).toEqual([
      what,
      '1',
      `${BASE}/api/wire/tdm-policy`,
      'train-ai=n',
    ]);

  it('on every partner route, and on their errors (400, 401, 403, 404, 429)', async () => {
    const id = ids['Harbour cranes go electric'];
    const routes = [
      '/api/wire/articles',
      `/api/wire/articles/${id}`,
      `/api/wire/articles/${id}?format=ninjs`,
      `/api/wire/articles/${id}/versions`,
      `/api/wire/articles/${id}/quote`,
      `/api/wire/articles/${id}/policy`,
      '/api/wire/changes',
      '/api/wire/feed.rss',
      '/api/wire/feed.atom',
      '/api/wire/openapi.json',
      '/api/wire/tdm-policy',
    ];
    for (const route of routes) {
      const res = await get(route, tokens.full);
      expect([route, res.status]).toEqual([route, 200]);
      expectReserved(res, route);
    }
    const errors: Array<[request.Response, number, string]> = [
      [await get('/api/wire/articles?since=yesterday', tokens.full), 400, 'bad parameter'],
      [await get('/api/wire/articles'), 401, 'no token'],
      [await get('/api/wire/articles', 'not-a-token'), 401, 'bad token'],
      [
        await request(http).post('/api/wire/ingest').set('Authorization', `Bearer ${tokens.quote}`).send('x'),
        403,
        'not a push token',
      ],
      [await get('/api/wire/articles/no-such', tokens.full), 404, 'no article'],
      [await get('/api/wire/no-such-route', tokens.full), 404, 'no route'],
    ];
    for (const [res, status, what] of errors) {
      expect([what, res.status]).toEqual([what, status]);
      expectReserved(res, what);
    }
    let last: request.Response | undefined;
    for (let i = 0; i <= RATE_LIMIT; i += 1) last = await get('/api/wire/articles?pageSize=1', tokens.hammer);
    expect(last!.status).toBe(429);
    expectReserved(last!, '429');
  });

  it('in /.well-known/tdmrep.json, and the TDM policy is an ODRL Offer naming the newsroom', async () => {
    const res = await get('/.well-known/tdmrep.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual([
      { location: '/api/wire/*', 'tdm-reservation': 1, 'tdm-policy': `${BASE}/api/wire/tdm-policy` },
    ]);
    const policy = await get('/api/wire/tdm-policy');
    expect(policy.headers['content-type']).toMatch(/^application\/ld\+json/);
    const doc = jsonOf(policy);
    expect(doc).toMatchObject({ '@type': 'Offer', profile: 'http://www.w3.org/ns/tdmrep' });
    const [expanded] = await expandStrictly(doc);
    const [permission] = expanded[`${ODRL}permission`];
    expect(permission[`${ODRL}action`]).toEqual([{ '@id': TDM }]);
    expect(permission[`${ODRL}duty`][0][`${ODRL}action`]).toEqual([{ '@id': `${ODRL}obtainConsent` }]);
    const [assigner] = expanded[`${ODRL}assigner`];
    expect(assigner['http://www.w3.org/2006/vcard/ns#fn']).toEqual([{ '@value': 'Test Newsroom' }]);
    expect(assigner['http://www.w3.org/2006/vcard/ns#hasEmail']).toEqual([{ '@value': 'mailto:rights@newsroom.test' }]);
  });

  it('a licence that reserves AI training is read as such; one that says nothing keeps the newsroom default', async () => {
    const ai = (await get(`/api/wire/articles/${ids['No robots here']}`, tokens.quote)).body.data;
    expect(ai.licence.terms.tdmAllowed).toBe(false);
    expect(ai.usage.tdmAllowed).toBe(false);
    const stored = await app.strapi.db.query('plugin::wire.licence').findMany({});
    const byNotice = (re: RegExp) => stored.find((l: any) => re.test(l.notice));
    expect(byNotice(/training of AI/).tdmAllowed).toBe(false);
    expect(byNotice(/USPA may be quoted/).tdmAllowed).toBeNull();
    // The reservation is also the policy's: tdm:mine prohibited.
    const offer = await expandStrictly(jsonOf(await get(new URL(ai.licence.policy).pathname, tokens.quote)));
    expect(actionsOf(offer, 'prohibition')).toContain(TDM);
    // And the quotes it allows are unchanged by it (the clause is read, not flagged).
    expect(ai.usage.mode).toBe('quote');
    const harbour = (await get(`/api/wire/articles/${ids['Harbour cranes go electric']}`, tokens.quote)).body.data;
    expect(harbour.usage.tdmAllowed).toBe(false); // WIRE_TDM_RESERVATION defaults to 1
  });
});

describe('canonical links', () => {
  it('usage.canonical and Link rel="canonical" on copy served whole or quoted, and in RSS and Atom', async () => {
    const id = ids['Harbour cranes go electric'];
    for (const token of [tokens.full, tokens.quote]) {
      const res = await get(`/api/wire/articles/${id}`, token);
      expect(res.body.data.usage.canonical).toBe('https://news.example.test/harbour');
      expect(res.headers.link).toContain('<https://news.example.test/harbour>; rel="canonical"');
    }
    const rss = (await get('/api/wire/feed.rss', tokens.quote)).text;
    expect(rss).toContain('<atom:link rel="canonical" href="https://news.example.test/harbour" type="text/html"/>');
    expect(rss).toMatch(/<atom:link rel="license" href="https:\/\/wire\.test\/api\/wire\/licences\/[^"]+\/policy"/);
    const atom = (await get('/api/wire/feed.atom', tokens.full)).text;
    expect(atom).toContain('<link rel="canonical" href="https://news.example.test/harbour" type="text/html"/>');
  });
});
