/**
 * The same story from several agencies (issue 24, item 2), on a real Strapi: stories whose texts
 * overlap strongly are one cluster, listed on the desk's article beside each other; a story that
 * merely shares the topic is not, and a story's own versions are versions, not duplicates. An
 * editor's correction of the text moves the story out of a cluster it no longer belongs to, and
 * stories stored before clusters were kept are indexed by the tick's catch-up.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, WIRE_ACTIONS } from '../helpers/admin';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';
import { BAND_CAP } from '../../plugins/wire/server/src/services/similarity';

let app: TestApp;
let http: any;
let reader: string;

const HAMBURG_A = [
  'The port authority of Hamburg said on Tuesday that its new container terminal would open in March, two years late and forty million euros over budget.',
  'The terminal at Steinwerder will handle up to two million containers a year once it is running at full capacity, the authority said in a statement.',
  'Dock workers had staged a series of strikes over the summer, demanding guarantees that the automated cranes would not cost them their jobs.',
  'The union said it had reached an agreement with the operator under which no permanent staff would be laid off before 2030.',
];
const HAMBURG_B = [
  'The port authority of Hamburg said on Tuesday that its new container terminal would open in March, two years behind schedule and forty million euros over budget.',
  'The terminal at Steinwerder will handle up to two million containers a year once it is running at full capacity, a spokeswoman said.',
  'Dock workers had staged a series of strikes over the summer, demanding guarantees that the automated cranes would not cost them their jobs.',
  'The union said it had reached a deal with the operator under which no permanent staff would be laid off before 2030.',
];
const SAME_TOPIC = [
  'Container traffic through the port of Hamburg fell by eight percent in the first half of the year, as shipping lines moved cargo to Rotterdam and Antwerp.',
  'The port authority blamed the slump on the war in Ukraine and on sanctions against Russia, which had been its third-largest trading partner.',
  'Officials said they expected volumes to recover next year once the new terminal at Steinwerder opens and the deepened Elbe channel takes larger ships.',
];

function g2(provider: string, guid: string, headline: string, paragraphs: string[], version = 1) {
  return `<?xml version="1.0"?>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:dups.test:${provider}:${guid}" version="${version}" xml:lang="en">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:${provider}"/><versionCreated>2026-12-01T10:0${version}:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
      <contentMeta><headline>${headline}</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html></inlineXML></contentSet>
    </newsItem>`;
}

const ingest = (xml: string) => wire(app.strapi).service('ingest').ingestDocument(xml, 'dups-test.xml');
const idOf = async (guid: string) =>
  (await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: { $endsWith: guid } } })).documentId;
const deskArticle = async (documentId: string, token = reader) => {
  const res = await request(http).get(`/wire/articles/${documentId}`).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body.data;
};

beforeAll(async () => {
  app = await startStrapi();
  http = app.strapi.server.httpServer;
  await createAdmin(app.strapi, 'reader@dups.test', [
    (await createRole(app.strapi, 'Reader', [WIRE_ACTIONS.readDesk])).id,
  ]);
  reader = await adminToken(http, 'reader@dups.test');
});

afterAll(async () => {
  await app?.stop();
});

it('lists the same story from another agency, not one that shares the topic, nor its own versions', async () => {
  expect(await ingest(g2('AA', 'terminal', 'Hamburg terminal to open in March', HAMBURG_A))).toMatchObject({
    created: 1,
  });
  expect(await ingest(g2('BB', 'terminal-b', 'Hamburg container terminal opens late', HAMBURG_B))).toMatchObject({
    created: 1,
  });
  expect(await ingest(g2('CC', 'traffic', 'Hamburg port traffic falls', SAME_TOPIC))).toMatchObject({ created: 1 });
  // AA's update: a version of AA's story, not a duplicate of it.
  const updated = [...HAMBURG_A.slice(0, 3), 'The union said the agreement would be signed on Friday.'];
  expect(await ingest(g2('AA', 'terminal', 'Hamburg terminal to open in March', updated, 2))).toMatchObject({
    updated: 1,
  });

  const [a, b, c] = [await idOf(':AA:terminal'), await idOf(':BB:terminal-b'), await idOf(':CC:traffic')];
  const ofA = await deskArticle(a);
  expect(ofA.duplicates.map((d: any) => [d.documentId, d.agency.code])).toEqual([[b, 'BB']]);
  expect(ofA.duplicates[0]).toMatchObject({ headline: 'Hamburg container terminal opens late', pubStatus: 'usable' });
  expect(ofA.duplicates[0].similarity).toBeGreaterThanOrEqual(0.5);
  expect(ofA.duplicates[0].similarity).toBeLessThan(1);
  expect((await deskArticle(b)).duplicates.map((d: any) => d.documentId)).toEqual([a]);
  expect((await deskArticle(c)).duplicates).toEqual([]);

  // The desk list, one line per story: BB's copy (stored last) stands for the cluster.
  const list = async (query: string) => {
    const res = await request(http).get(`/wire/articles?${query}`).set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    return res.body.data.map((r: any) => [r.headline, r.sameStory ?? null]);
  };
  expect(await list('collapse=true')).toEqual([
    ['Hamburg port traffic falls', null],
    ['Hamburg container terminal opens late', { count: 1, agencies: ['AA'] }],
  ]);
  expect((await list('')).map((r: any[]) => r[0]).sort()).toEqual([
    'Hamburg container terminal opens late',
    'Hamburg port traffic falls',
    'Hamburg terminal to open in March',
  ]);
  // Only AA's copy is in the list asked for: it is listed, BB's outside the filter hides nothing.
  expect(await list('collapse=true&agency=AA')).toEqual([
    ['Hamburg terminal to open in March', { count: 1, agencies: ['BB'] }],
  ]);
});

it('moves a story out of its cluster when an editor rewrites its text', async () => {
  const b = await idOf(':BB:terminal-b');
  const a = await idOf(':AA:terminal');
  await app.strapi.documents('plugin::wire.article').update({
    documentId: b,
    data: { body: `<p>${SAME_TOPIC.join('</p><p>').replace(/Hamburg/g, 'Bremen')}</p>` } as any,
  });
  await wire(app.strapi).service('changes').stamp();
  expect((await deskArticle(b)).duplicates.map((d: any) => d.documentId)).not.toContain(a);
  expect((await deskArticle(a)).duplicates).toEqual([]);
});

it('indexes stories stored before clusters were kept, a chunk at a time', async () => {
  const knex = app.strapi.db.connection;
  await knex('wire_article_bands').delete();
  await knex('wire_article_similarity').delete();
  expect(await ingest(g2('DD', 'terminal-d', 'Hamburg terminal late', HAMBURG_B))).toMatchObject({ created: 1 });
  const similarity = wire(app.strapi).service('similarity');
  // Only DD's story was indexed (its change was stamped): AA's is not found until the catch-up.
  const d = await idOf(':DD:terminal-d');
  expect((await deskArticle(d)).duplicates).toEqual([]);
  while (await similarity.catchUp(2));
  const count = async (table: string) => Number(((await knex(table).count({ n: '*' }).first()) as any).n);
  expect(await count('wire_article_similarity')).toBe(await count('wire_articles'));
  const a = await idOf(':AA:terminal');
  // AA's story, indexed after DD's, joins DD's cluster.
  expect((await deskArticle(a)).duplicates.map((x: any) => x.documentId)).toEqual([d]);
});

it('tells a full partner of the same story among what it may read, and a quote partner nothing', async () => {
  // By now AA's story and DD's are one cluster (the catch-up above); BB's was rewritten.
  const [a, d] = [await idOf(':AA:terminal'), await idOf(':DD:terminal-d')];
  const partner = (url: string, token: string) =>
    request(http).get(url).set('Authorization', `Bearer ${token}`).expect(200);
  const full = await partnerToken(app.strapi, 'dups-full', 'full');
  const onlyAA = await partnerToken(app.strapi, 'dups-aa', 'full', { agencies: ['AA'] });
  const quote = await partnerToken(app.strapi, 'dups-quote', 'quote');
  expect((await partner(`/api/wire/articles/${a}`, full)).body.data.related).toEqual([d]);
  const listed = (await partner('/api/wire/articles?agency=DD', full)).body.data;
  expect(listed.map((x: any) => [x.id, x.related])).toEqual([[d, [a]]]);
  // DD is outside this partner's contract: it is not told DD sent the story too.
  expect((await partner(`/api/wire/articles/${a}`, onlyAA)).body.data.related).toEqual([]);
  expect((await partner(`/api/wire/articles/${a}`, quote)).body.data).not.toHaveProperty('related');
  // A story the partner may not read now (embargoed) is not named either.
  const embargoed = g2('EE', 'terminal-e', 'Hamburg terminal: embargoed copy', HAMBURG_B).replace(
    '<pubStatus qcode="stat:usable"/>',
    `<pubStatus qcode="stat:usable"/><embargoed>${new Date(Date.now() + 86_400_000).toISOString()}</embargoed>`,
  );
  expect(await ingest(embargoed)).toMatchObject({ created: 1 });
  expect((await deskArticle(a)).duplicates.map((d: any) => d.agency.code).sort()).toEqual(['DD', 'EE']);
  expect((await partner(`/api/wire/articles/${a}`, full)).body.data.related).toEqual([d]);
});

it('keeps the work per story flat when every story is alike (templated copy, a hostile feed)', async () => {
  // 60 near-copies: each differs from the others by one number. Without a cap on each band, every
  // new one would be compared with all before it (ingest quadratic in the archive).
  const items = Array.from({ length: 60 }, (_, i) => ({
    uri: `urn:dups.test:tt:market-${i}`,
    type: 'text',
    version: '1',
    versioncreated: '2026-12-01T11:00:00Z',
    pubstatus: 'usable',
    headline: `Markets close ${i}`,
    body_text: `The index closed ${i} points higher on Wednesday. ${HAMBURG_A.join(' ')}`,
    infosources: [{ literal: 'TT' }],
  }));
  expect(await wire(app.strapi).service('ingest').ingestDocument(JSON.stringify(items), 'markets.json')).toMatchObject({
    created: 60,
  });
  const knex = app.strapi.db.connection;
  const fullest = await knex('wire_article_bands')
    .select('band_key')
    .count({ n: '*' })
    .groupBy('band_key')
    .orderBy('n', 'desc')
    .first();
  expect(Number((fullest as any).n)).toBeLessThanOrEqual(BAND_CAP);
  // Still one story: the last one lists the others (at most 50 shown).
  const last = await idOf(':market-59');
  expect((await deskArticle(last)).duplicates.length).toBeGreaterThanOrEqual(50);
});
