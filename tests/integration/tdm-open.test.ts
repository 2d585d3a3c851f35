/**
 * A newsroom that reserves no text and data mining (`WIRE_TDM_RESERVATION=0`, issue 23 item 3): its
 * responses and tdmrep.json say so, a licence that says nothing of mining keeps that default, and a
 * licence that reserves AI training still reserves it, on its article's own response and in its
 * policy.
 */
import request from 'supertest';
import { g2Item, QUOTE_TERMS } from '../helpers/g2-copy';
import { expandStrictly, ODRL } from '../helpers/jsonld';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const TDM = 'http://www.w3.org/ns/tdmrep#mine';
let app: TestApp;
let http: any;
let token = '';
const ids: Record<string, string> = {};

const get = (url: string, auth = true) => {
  const req = request(http).get(url);
  return auth ? req.set('Authorization', `Bearer ${token}`) : req;
};
const prohibited = async (policyUrl: string) => {
  const [policy] = await expandStrictly(JSON.parse((await get(new URL(policyUrl).pathname)).text));
  return (policy[`${ODRL}prohibition`] ?? []).flatMap((r: any) => r[`${ODRL}action`].map((a: any) => a['@id']));
};

beforeAll(async () => {
  app = await startStrapi({ WIRE_TDM_RESERVATION: '0', WIRE_PUBLIC_URL: 'https://open.test' });
  http = app.strapi.server.httpServer;
  token = await partnerToken(app.strapi, 'quote', 'quote');
  const ingest = wire(app.strapi).service('ingest');
  await ingest.ingestDocument(
    g2Item({
      guid: 'quiet',
      agency: 'MTA',
      headline: 'Says nothing of mining',
      seed: 'q',
      words: 200,
      terms: QUOTE_TERMS,
    }),
    'quiet.xml',
  );
  await ingest.ingestDocument(
    g2Item({
      guid: 'ki',
      agency: 'MTA',
      headline: 'Kein KI-Training',
      seed: 'k',
      words: 200,
      terms: `${QUOTE_TERMS} Die Nutzung für KI-Training ist untersagt.`,
    }),
    'ki.xml',
  );
  for (const a of (await get('/api/wire/articles')).body.data) ids[a.headline] = a.id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

it('says no reservation on partner responses and in tdmrep.json, with no policy and no Content-Usage', async () => {
  for (const res of [await get('/api/wire/articles'), await get('/api/wire/articles', false)]) {
    expect(res.headers['tdm-reservation']).toBe('0');
    expect(res.headers['tdm-policy']).toBeUndefined();
    expect(res.headers['content-usage']).toBeUndefined();
  }
  expect((await get('/.well-known/tdmrep.json', false)).body).toEqual([
    { location: '/api/wire/*', 'tdm-reservation': 0 },
  ]);
});

it('a licence that says nothing keeps the default; one reserving AI training reserves it on its own answer', async () => {
  const quiet = await get(`/api/wire/articles/${ids['Says nothing of mining']}`);
  expect(quiet.body.data.usage.tdmAllowed).toBe(true);
  expect(quiet.headers['tdm-reservation']).toBe('0');
  expect(await prohibited(quiet.body.data.licence.policy)).not.toContain(TDM);

  const ki = await get(`/api/wire/articles/${ids['Kein KI-Training']}`);
  expect(ki.body.data.licence.terms.tdmAllowed).toBe(false);
  expect(ki.body.data.usage.tdmAllowed).toBe(false);
  expect([ki.headers['tdm-reservation'], ki.headers['tdm-policy'], ki.headers['content-usage']]).toEqual([
    '1',
    'https://open.test/api/wire/tdm-policy',
    'train-ai=n',
  ]);
  expect(await prohibited(ki.body.data.licence.policy)).toContain(TDM);
  expect(await prohibited(ki.body.data.usage.policy)).toContain(TDM);
});
