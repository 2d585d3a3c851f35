/**
 * What cannot be read gives the least, on a real Strapi: a licence footer with a negation or a
 * permission clause grants no full text (a quote partner gets its 5 %, not the story), a footer not
 * fully read waits for an editor, and an embargo that cannot be read, or is implausible, holds the
 * story on every partner route until an editor sets the time or releases it (guarded server-side).
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { sentencesOf } from '../helpers/wire-copy';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let http: any;
const partner: Record<string, string> = {};
const admin: Record<string, string> = {};
const ids: Record<string, string> = {};

const get = (url: string, token: string) => request(http).get(url).set('Authorization', `Bearer ${token}`);
const desk = (method: 'get' | 'put', path: string, who: string, body?: object) => {
  const req = request(http)[method](`/wire${path}`).set('Authorization', `Bearer ${admin[who]}`);
  return body ? req.send(body) : req;
};

const NOT_FREE =
  'Not free to use. Quotes up to 5% of the text are permitted, marked as such, with attribution (via hyperlink). Republication in full only with the written permission of the author.';
const UNREAD =
  'Quotes up to 5% of the text are permitted with attribution (via hyperlink). Please call our syndication desk on weekdays.';

/** USPA plain text: section, headline, credit + body, footer. */
const uspaText = (headline: string, body: string, footer: string) =>
  `Local\n\n${headline}\n\nBERLIN (USPA News) - ${body}\n${footer}\n`;

// A readable embargo between one and two years ahead whatever the day the test runs: December 5 of
// next year. Its expected instant follows from the text, not from the clock.
const YEAR = new Date().getUTCFullYear() + 1;

function g2(items: Array<{ guid: string; headline: string; embargoed: string | null }>, words = 40) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2026-11-27T10:00:00Z</sent></header>
  <itemSet>
${items
  .map(
    (
      i,
    ) => `    <newsItem guid="urn:newsml:embargo-test.example:${i.guid}" version="1" standard="NewsML-G2" standardversion="2.33" xml:lang="en">
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider qcode="nprov:EMB"><name>Embargo Test Agency</name></provider>
        <versionCreated>2026-11-27T10:00:00Z</versionCreated>
        ${i.embargoed === null ? '' : `<embargoed>${i.embargoed}</embargoed>`}
        <pubStatus qcode="stat:usable"/>
      </itemMeta>
      <contentMeta><headline>${i.headline}</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p>${sentencesOf(words, i.guid)}</p></body></html></inlineXML></contentSet>
    </newsItem>`,
  )
  .join('\n')}
  </itemSet>
</newsMessage>`;
}

const EMBARGOES = [
  { guid: 'mez2099', headline: 'Held story implausible MEZ', embargoed: '05.12.2099 10:00 MEZ' },
  { guid: 'cet2099', headline: 'Held story implausible CET', embargoed: '2099-12-05 10:00 CET' },
  { guid: 'unread', headline: 'Held story unreadable', embargoed: 'next Tuesday, noon' },
  { guid: 'nozone', headline: 'Held story without zone', embargoed: `December 5, ${YEAR} 10:00` },
  { guid: 'empty', headline: 'Held story empty embargo', embargoed: '' },
  { guid: 'cet', headline: 'Embargoed story CET', embargoed: `${YEAR}-12-05 10:00 CET` },
  { guid: 'et', headline: 'Embargoed story ET', embargoed: `December 5, ${YEAR} 10:00 ET` },
  { guid: 'mez', headline: 'Embargoed story MEZ', embargoed: `05.12.${YEAR} 10:00 MEZ` },
  { guid: 'past', headline: 'Story whose embargo has ended', embargoed: '2026-01-05T09:00:00+01:00' },
  { guid: 'free', headline: 'Story without embargo', embargoed: null },
];
const HELD = ['mez2099', 'cet2099', 'unread', 'nozone', 'empty'];
const EMBARGOED = ['cet', 'et', 'mez'];

beforeAll(async () => {
  app = await startStrapi();
  http = app.strapi.server.httpServer;
  const s = app.strapi;
  partner.full = await partnerToken(s, 'full-partner', 'full');
  partner.quote = await partnerToken(s, 'quote-partner', 'quote');
  // The footers demand a link: USPA needs a homepage for its plain-text copy to be quoted at all
  // (tests/integration/agencies.test.ts covers the story without one).
  await s.db
    .query('plugin::wire.agency')
    .update({ where: { code: 'USPA' }, data: { homepage: 'https://uspa.example' } });
  await createAdmin(s, 'chief@fail.test', [(await superAdminRole(s)).id]);
  await createAdmin(s, 'reader@fail.test', [(await createRole(s, 'Reader', [WIRE_ACTIONS.readDesk])).id]);
  await createAdmin(s, 'feeds@fail.test', [
    (await createRole(s, 'Feeds', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageFeeds])).id,
  ]);
  for (const who of ['chief', 'reader', 'feeds']) admin[who] = await adminToken(http, `${who}@fail.test`);

  const ingest = wire(s).service('ingest');
  expect(
    await ingest.ingestDocument(
      uspaText('Tram line extended to the airport', sentencesOf(135, 'tram'), NOT_FREE),
      'not-free.txt',
    ),
  ).toMatchObject({ created: 1, rejected: 0 });
  expect(
    await ingest.ingestDocument(
      uspaText('Bridge repairs start in spring', sentencesOf(120, 'bridge'), UNREAD),
      'unread.txt',
    ),
  ).toMatchObject({ created: 1, rejected: 0 });
  expect(await ingest.ingestDocument(g2(EMBARGOES), 'embargoes.xml')).toMatchObject({
    created: EMBARGOES.length,
    rejected: 0,
  });
  for (const row of await s.db.query('plugin::wire.article').findMany({ select: ['documentId', 'guid', 'headline'] })) {
    const guid = /embargo-test\.example:(.+)$/.exec(row.guid)?.[1];
    ids[guid ?? row.headline] = row.documentId;
  }
});

afterAll(async () => {
  await app?.stop();
});

describe('licence footers fail closed', () => {
  it('"Not free to use ... only with the written permission": a quote partner gets at most 5 % of the words', async () => {
    const full = await get(`/api/wire/articles/${ids['Tram line extended to the airport']}`, partner.full);
    expect(full.status).toBe(200);
    const total = full.body.data.usage.totalWords as number;
    expect(total).toBeGreaterThanOrEqual(135);
    const quote = await get(`/api/wire/articles/${ids['Tram line extended to the airport']}`, partner.quote);
    expect(quote.status).toBe(200);
    const usage = quote.body.data.usage;
    expect(usage).toMatchObject({ mode: 'quote', fullText: false, quoteLimitPercent: 5 });
    expect(usage.wordsServed).toBeLessThanOrEqual(Math.floor(total * 0.05));
    // Counted in the text itself, not only in the usage block.
    expect((quote.body.data.text.match(/\btram\d+/gi) ?? []).length).toBeLessThanOrEqual(Math.floor(total * 0.05));
  });

  it('stores the terms it read, with no review needed for a footer read in full', async () => {
    const res = await desk('get', '/licences', 'reader');
    const licence = res.body.data.find((l: any) => l.notice === NOT_FREE);
    expect(licence).toMatchObject({ fullTextAllowed: false, quoteLimitPercent: 5, needsReview: false });
  });

  it('flags a footer not fully read, and an editor confirming its terms clears the flag', async () => {
    const list = await desk('get', '/licences', 'reader');
    const licence = list.body.data.find((l: any) => l.notice === UNREAD);
    expect(licence).toMatchObject({ needsReview: true, fullTextAllowed: false });
    expect(licence.reviewReasons.join(' ')).toMatch(/syndication desk/);
    expect((await desk('get', '/desk', 'reader')).body.data.counts.licencesToReview).toBe(1);
    // Served at its strictest meanwhile: the 5 % it read, never the full text.
    const served = await get(`/api/wire/articles/${ids['Bridge repairs start in spring']}`, partner.quote);
    expect(served.body.data.usage).toMatchObject({ fullText: false, quoteLimitPercent: 5 });
    // Without "manage licences" the flag stays.
    expect((await desk('put', `/licences/${licence.documentId}`, 'feeds', { quoteLimitPercent: 5 })).status).toBe(403);
    const confirmed = await desk('put', `/licences/${licence.documentId}`, 'chief', {
      quoteLimitPercent: 5,
      fullTextAllowed: false,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ needsReview: false, reviewReasons: [] });
    expect((await desk('get', '/desk', 'reader')).body.data.counts.licencesToReview).toBe(0);
    expect(await app.strapi.db.query('plugin::wire.licence').count({ where: { needsReview: { $null: true } } })).toBe(
      0,
    );
  });

  it('reads licences stored before the fail-closed reader again: a full-text grant the notice does not make is withdrawn and flagged', async () => {
    const s = app.strapi;
    // As an earlier release stored them: terms read too widely, no needsReview yet.
    const wide = await s.db.query('plugin::wire.licence').create({
      data: {
        notice: 'Subscribers only: may be reproduced in full.',
        noticeKey: 'legacy-1',
        fullTextAllowed: true,
        syndicationAllowed: true,
        needsReview: null,
        publishedAt: new Date(),
      },
    });
    const open = await s.db.query('plugin::wire.licence').create({
      data: {
        notice: 'Licensed under Creative Commons CC-BY 4.0',
        noticeKey: 'legacy-2',
        fullTextAllowed: true,
        syndicationAllowed: true,
        needsReview: null,
        publishedAt: new Date(),
      },
    });
    expect(await wire(s).service('licences').failClosedOnUpgrade()).toEqual({ read: 2, withdrawn: 1 });
    const after = Object.fromEntries(
      (await s.db.query('plugin::wire.licence').findMany({ where: { id: { $in: [wide.id, open.id] } } })).map(
        (l: any) => [l.id, l],
      ),
    );
    expect(after[wide.id]).toMatchObject({ fullTextAllowed: false, needsReview: true });
    expect(after[open.id]).toMatchObject({ fullTextAllowed: true, needsReview: false });
    // Once read, never again.
    expect(await wire(s).service('licences').failClosedOnUpgrade()).toEqual({ read: 0, withdrawn: 0 });
  });
});

describe('embargoes fail closed', () => {
  const listIds = async (token: string) =>
    ((await get('/api/wire/articles?pageSize=100', token)).body.data as any[]).map((a) => a.id);
  const rss = async (token: string) =>
    (await request(http).get(`/api/wire/feed.rss?token=${token}`)).text +
    (await request(http).get(`/api/wire/feed.atom?token=${token}`)).text;

  it('reads the usual forms: each readable embargo is kept, until its own instant', async () => {
    const rows = await app.strapi.db
      .query('plugin::wire.article')
      .findMany({ where: { documentId: { $in: EMBARGOED.map((g) => ids[g]) } } });
    const until = Object.fromEntries(rows.map((r: any) => [r.documentId, new Date(r.embargoedUntil).toISOString()]));
    expect(until[ids.cet]).toBe(`${YEAR}-12-05T09:00:00.000Z`);
    expect(until[ids.et]).toBe(`${YEAR}-12-05T15:00:00.000Z`);
    expect(until[ids.mez]).toBe(`${YEAR}-12-05T09:00:00.000Z`);
    for (const r of rows) expect(r.embargoHold).toBeNull();
  });

  it('serves neither held nor embargoed stories on any partner route; the rest as usual', async () => {
    for (const token of [partner.full, partner.quote]) {
      const listed = await listIds(token);
      expect(listed).toEqual(expect.arrayContaining([ids.past, ids.free]));
      const feed = await rss(token);
      expect(feed).toContain('Story without embargo');
      for (const guid of [...HELD, ...EMBARGOED]) {
        expect(listed).not.toContain(ids[guid]);
        expect((await get(`/api/wire/articles/${ids[guid]}`, token)).status).toBe(404);
        expect((await get(`/api/wire/articles/${ids[guid]}?format=ninjs`, token)).status).toBe(404);
        expect((await get(`/api/wire/articles/${ids[guid]}/versions`, token)).status).toBe(404);
        expect((await get(`/api/wire/articles/${ids[guid]}/quote?from=0&to=20`, token)).status).toBe(404);
        expect(feed).not.toContain(EMBARGOES.find((e) => e.guid === guid)!.headline);
      }
      const changes = (await get('/api/wire/changes?limit=100', token)).body.data as any[];
      const upserts = changes.filter((c) => c.change === 'upsert').map((c) => c.id);
      for (const guid of [...HELD, ...EMBARGOED]) expect(upserts).not.toContain(ids[guid]);
    }
  });

  it('shows each held story on the desk with the raw value and the reason', async () => {
    const overview = (await desk('get', '/desk', 'reader')).body.data;
    expect(overview.counts.held).toBe(HELD.length);
    const held = Object.fromEntries((overview.held as any[]).map((a) => [a.documentId, a]));
    expect(held[ids.mez2099]).toMatchObject({
      embargoRaw: '05.12.2099 10:00 MEZ',
      embargoHold: expect.stringMatching(/two years/),
    });
    expect(held[ids.cet2099]).toMatchObject({ embargoRaw: '2099-12-05 10:00 CET' });
    expect(held[ids.unread]).toMatchObject({
      embargoRaw: 'next Tuesday, noon',
      embargoHold: expect.stringMatching(/unreadable/),
    });
    expect(held[ids.nozone]).toMatchObject({ embargoHold: expect.stringMatching(/no time zone/) });
    expect(held[ids.empty]).toMatchObject({ embargoRaw: '' });
    const article = (await desk('get', `/articles/${ids.unread}`, 'reader')).body.data;
    expect(article.article).toMatchObject({ embargoRaw: 'next Tuesday, noon' });
    expect(article.partners.notServed).toMatch(/held: the embargo "next Tuesday, noon"/);
    const list = (await desk('get', '/articles?status=held', 'reader')).body.data as any[];
    expect(list.map((a) => a.documentId).sort()).toEqual(HELD.map((g) => ids[g]).sort());
  });

  it('lets only an editor who may manage feeds release a story or set its time (403 otherwise)', async () => {
    expect((await desk('put', `/articles/${ids.unread}/embargo`, 'reader', { release: true })).status).toBe(403);
    expect((await desk('put', `/articles/${ids.unread}/embargo`, 'feeds', {})).status).toBe(400);
    expect((await desk('put', `/articles/${ids.unread}/embargo`, 'feeds', { embargoedUntil: 'tomorrow' })).status).toBe(
      400,
    );
    expect((await desk('put', '/articles/no-such-article/embargo', 'feeds', { release: true })).status).toBe(404);
    expect(await listIds(partner.full)).not.toContain(ids.unread);
  });

  it('serves a released story on the API, RSS and changes', async () => {
    const res = await desk('put', `/articles/${ids.unread}/embargo`, 'feeds', { release: true });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      embargoedUntil: null,
      embargoHold: null,
      decision: { action: 'released', raw: 'next Tuesday, noon', by: 'feeds@fail.test' },
    });
    expect(await listIds(partner.full)).toContain(ids.unread);
    expect((await get(`/api/wire/articles/${ids.unread}`, partner.full)).status).toBe(200);
    expect(await rss(partner.full)).toContain('Held story unreadable');
    const changes = (await get('/api/wire/changes?limit=100', partner.full)).body.data as any[];
    expect(changes.filter((c) => c.change === 'upsert').map((c) => c.id)).toContain(ids.unread);
  });

  it('embargoes a held story until the time an editor sets, and serves it once that time has passed', async () => {
    const future = await desk('put', `/articles/${ids.mez2099}/embargo`, 'feeds', {
      embargoedUntil: '2099-12-05T09:00:00Z',
    });
    expect(future.status).toBe(200);
    const row = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: ids.mez2099 } });
    expect(row).toMatchObject({ embargoHold: null, embargoRaw: '05.12.2099 10:00 MEZ' });
    expect(new Date(row.embargoedUntil).toISOString()).toBe('2099-12-05T09:00:00.000Z');
    expect(await listIds(partner.full)).not.toContain(ids.mez2099);
    expect((await desk('get', `/articles/${ids.mez2099}`, 'reader')).body.data.partners.notServed).toMatch(
      /embargoed until 2099-12-05T09:00:00.000Z/,
    );

    expect(
      (await desk('put', `/articles/${ids.cet2099}/embargo`, 'feeds', { embargoedUntil: '2026-01-01T00:00:00+01:00' }))
        .status,
    ).toBe(200);
    expect(await listIds(partner.full)).toContain(ids.cet2099);
  });

  it("keeps the editor's decision when the agency corrects the story with the same embargo, not with a new one", async () => {
    // Same version, corrected text (more words): stored again, the decisions stand.
    const again = await wire(app.strapi).service('ingest').ingestDocument(g2(EMBARGOES, 48), 'embargoes-again.xml');
    expect(again).toMatchObject({ rejected: 0, updated: EMBARGOES.length });
    expect(await listIds(partner.full)).toEqual(expect.arrayContaining([ids.unread, ids.cet2099]));
    expect(await listIds(partner.full)).not.toContain(ids.nozone);
    // A new unreadable value is a new question: held again.
    const changed = EMBARGOES.map((e) => (e.guid === 'unread' ? { ...e, embargoed: 'after the vote' } : e));
    expect(
      await wire(app.strapi).service('ingest').ingestDocument(g2(changed, 56), 'embargoes-changed.xml'),
    ).toMatchObject({ rejected: 0 });
    expect(await listIds(partner.full)).not.toContain(ids.unread);
    expect(await listIds(partner.full)).toContain(ids.cet2099);
    const row = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: ids.unread } });
    expect(row).toMatchObject({
      embargoRaw: 'after the vote',
      embargoHold: expect.stringMatching(/unreadable/),
      embargoDecision: null,
    });
  });
});
