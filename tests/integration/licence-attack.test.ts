/**
 * Issue 27, items 3–6, end to end: USPA-style RSS copy whose licence footer is one of the notices a
 * red team found read wider than written, ingested into a real Strapi and read back by a quote
 * partner over HTTP. A newsroom fallback quote limit is set, so a notice that refuses quotes or bans
 * publication cannot hide behind "no limit stated".
 *
 * - grants limited by purpose or medium, negated by a contraction, or under CC BY-NC-ND: the quote
 *   partner never gets the full text;
 * - a refused quote ("not permitted, not even up to 5%"): no words at all, and /quote refuses;
 * - bans on publication or redistribution: the story is not listed, not found, not quoted, not in
 *   the feeds for a quote partner.
 * Every story's words are numbered tokens of its own (tests/helpers/g2-copy.ts tokensOf), so each
 * check counts exactly how many of a story's words a response holds.
 */
import request from 'supertest';
import { tokensOf } from '../helpers/g2-copy';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { sentencesOf, uspaRss, type CopyItem } from '../helpers/wire-copy';
import { wire } from '../../plugins/wire/server/src/services/wire';
import { LICENCE_READER_VERSION } from '../../plugins/wire/server/src/normalise/licence';

const LIABILITY = 'Liability for this article lies with the author, who also holds the copyright.';
const HAFTUNG = 'Die Haftung für diesen Artikel liegt beim Autor, der auch das Urheberrecht hält.';
const WORDS = 200;
// WIRE_FALLBACK_QUOTE_PERCENT: 4 % of 200 words would be 8 words for a licence that states nothing.
const FALLBACK = '4';

interface Case {
  seed: string;
  notice: string;
  liability?: string;
}

const NO_FULL_TEXT: Case[] = [
  { seed: 'isnt', notice: 'This article isn’t free to use.' },
  { seed: 'privat', notice: 'Free to use for private, non-commercial purposes.' },
  { seed: 'internal', notice: 'Free to use for internal newsroom purposes; publication requires a licence.' },
  { seed: 'school', notice: 'May be reproduced in full for educational purposes.' },
  { seed: 'printed', notice: 'The complete text may be republished in print editions.' },
  { seed: 'royalty', notice: 'Royalty-free for non-commercial use.' },
  { seed: 'ccncnd', notice: 'Creative Commons BY-NC-ND 4.0.' },
];
const REFUSED_QUOTE: Case[] = [
  { seed: 'noquote', notice: 'Quotation of this article is not permitted, not even up to 5%.' },
  { seed: 'noallow', notice: 'Quotes are not permitted (the usual 5% quote allowance does not apply…)' },
];
const BANNED: Case[] = [
  { seed: 'nosynd', notice: 'Not for syndication.' },
  { seed: 'pubred', notice: 'Publication and redistribution are prohibited.' },
  { seed: 'donot', notice: 'Do not publish.' },
  { seed: 'redist', notice: 'Redistribution is prohibited.' },
  { seed: 'dritte', notice: 'Eine Weitergabe an Dritte ist untersagt.', liability: HAFTUNG },
  { seed: 'consent', notice: 'No publication without the consent of the agency.' },
];
const CONTROL: Case = { seed: 'control', notice: 'Quotes up to 5% of the text are permitted, marked as such.' };
const ALL = [...NO_FULL_TEXT, ...REFUSED_QUOTE, ...BANNED, CONTROL];

const item = (c: Case, i: number): CopyItem => ({
  guid: `attack-${c.seed}`,
  title: `The ${c.seed} story`,
  text: sentencesOf(WORDS, c.seed),
  place: 'Hamburg',
  date: `Fri, 27 Nov 2026 ${String(10 + (i % 12)).padStart(2, '0')}:${String(i).padStart(2, '0')}:00 GMT`,
  footerText: `${c.liability ?? LIABILITY} ${c.notice}`,
});

let app: TestApp;
let http: any;
let quoteToken = '';
const ids: Record<string, string> = {};
const get = (url: string) => request(http).get(url).set('Authorization', `Bearer ${quoteToken}`);

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '0', WIRE_FALLBACK_QUOTE_PERCENT: FALLBACK });
  http = app.strapi.server.httpServer;
  quoteToken = await partnerToken(app.strapi, 'attack-quote', 'quote', { agencies: ['USPA'] });
  const result = await wire(app.strapi)
    .service('ingest')
    .ingestDocument(uspaRss(ALL.map(item)), 'attack.rss');
  expect(result).toMatchObject({ created: ALL.length, rejected: 0 });
  for (const c of ALL) {
    const row = await app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { guid: `attack-${c.seed}` }, populate: { licence: true } });
    // The footer was read as the story's licence (not left in the body).
    expect([c.seed, row.licence?.notice]).toEqual([c.seed, `${c.liability ?? LIABILITY} ${c.notice}`]);
    ids[c.seed] = row.documentId;
  }
});

afterAll(async () => {
  await app?.stop();
});

const counted = (text: string, c: Case) => tokensOf(text, c.seed).size;
const listed = async () => (await get(`/api/wire/articles?pageSize=100`)).body.data as any[];

describe('the control story', () => {
  it('is listed and quoted within its 5 % (10 words of 200)', async () => {
    const a = (await listed()).find((x) => x.id === ids[CONTROL.seed]);
    expect(a.usage).toMatchObject({ mode: 'quote', quoteLimitPercent: 5, quoteLimitWords: 10 });
    expect(counted(JSON.stringify(a), CONTROL)).toBeGreaterThan(0);
  });
});

describe('item 3: a grant limited by purpose, medium or audience gives a quote partner no full text', () => {
  it.each(NO_FULL_TEXT.map((c) => [c.notice, c] as const))('%s', async (_notice, c) => {
    const one = await get(`/api/wire/articles/${ids[c.seed]}`);
    expect(one.status).toBe(200);
    expect(one.body.data.usage.fullText).toBe(false);
    expect(one.body.data.licence.terms.fullTextAllowed).toBe(false);
    // At most the newsroom's fallback share of the words, never the whole text.
    const limit = Math.floor((Number(FALLBACK) / 100) * WORDS);
    expect(counted(one.text, c)).toBeLessThanOrEqual(limit);
    const inList = (await listed()).find((x) => x.id === ids[c.seed]);
    expect(counted(JSON.stringify(inList), c)).toBeLessThanOrEqual(limit);
    const ninjs = await get(`/api/wire/articles/${ids[c.seed]}?format=ninjs`);
    expect(counted(ninjs.text, c)).toBeLessThanOrEqual(limit);
  });
});

describe('item 4: a refused quote gives no quote, whatever number it names', () => {
  it.each(REFUSED_QUOTE.map((c) => [c.notice, c] as const))('%s', async (_notice, c) => {
    const one = await get(`/api/wire/articles/${ids[c.seed]}`);
    expect(one.status).toBe(200);
    expect(one.body.data.usage).toMatchObject({ mode: 'headline-only', wordsServed: 0, quoteLimitPercent: 0 });
    expect(counted(one.text, c)).toBe(0);
    const inList = (await listed()).find((x) => x.id === ids[c.seed]);
    expect(counted(JSON.stringify(inList), c)).toBe(0);
    // Asking for the first sentence by offsets: refused, not one word given.
    const text = sentencesOf(WORDS, c.seed);
    const quote = await get(`/api/wire/articles/${ids[c.seed]}/quote?from=0&to=${text.indexOf('.')}`);
    expect(quote.status).not.toBe(200);
    expect(counted(quote.text, c)).toBe(0);
  });
});

describe('item 6: a ban on publication keeps the story from a quote partner altogether', () => {
  it.each(BANNED.map((c) => [c.notice, c] as const))('%s', async (_notice, c) => {
    const id = ids[c.seed];
    const headline = `The ${c.seed} story`;
    const list = await get('/api/wire/articles?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.text.includes(id) || list.text.includes(headline)).toBe(false);
    for (const url of [`/api/wire/articles/${id}`, `/api/wire/articles/${id}/quote?from=0&to=20`]) {
      const res = await get(url);
      expect([url, res.status]).toEqual([url, 404]);
      expect(counted(res.text, c)).toBe(0);
    }
    for (const url of ['/api/wire/feed.rss?pageSize=100', '/api/wire/articles?format=ninjs&pageSize=100']) {
      const res = await get(url);
      expect([url, res.status, res.text.includes(headline), counted(res.text, c)]).toEqual([url, 200, false, 0]);
    }
  });
});

describe('licences stored by the earlier reader', () => {
  it('are read again once at the reader upgrade: narrowed and flagged where they now give less, never widened', async () => {
    const s = app.strapi;
    const licences = s.db.query('plugin::wire.licence');
    // As the earlier reader stored them (read cleanly, so no review).
    const stored = async (notice: string, terms: Record<string, unknown>) =>
      licences.create({
        data: {
          notice,
          noticeKey: `legacy-${notice}`,
          quoteLimitPercent: null,
          fullTextAllowed: false,
          syndicationAllowed: true,
          archivalUseAllowed: true,
          needsReview: false,
          publishedAt: new Date(),
          ...terms,
        },
      });
    const ban = await stored('Not for syndication. Quotes up to 5%.', { quoteLimitPercent: 5 });
    const nc = await stored('Creative Commons BY-NC-ND 4.0.', { fullTextAllowed: true });
    const refused = await stored('Quotation of this article is not permitted, not even up to 5%.', {
      quoteLimitPercent: 5,
    });
    const half = await stored('Quotes up to .5% of the text.', { quoteLimitPercent: 5 });
    const same = await stored('Quotes up to 3% of the text.', { quoteLimitPercent: 3 });
    // An editor widened this one on purpose: the reader gives less, so it is flagged for them again.
    const widened = await stored('Quotes up to 2% of the text.', { quoteLimitPercent: 2, fullTextAllowed: true });

    const marker = s.store({ type: 'plugin', name: 'wire', key: 'licence-reader-version' });
    const mining = await stored('Text and data mining is reserved. Quotes up to 3% of the text.', {
      quoteLimitPercent: 3,
    });
    // Reader 4 (issue 25): pictures covered only where the notice says so.
    const pictured = await stored('Quotes up to 4% of the text.', { quoteLimitPercent: 4, picturesAllowed: true });
    const photos = await stored('Photos may be published with the story. Quotes up to 4% of the text.', {
      quoteLimitPercent: 4,
      picturesAllowed: true,
    });
    expect(Number(await marker.get({}))).toBe(LICENCE_READER_VERSION); // set at boot, on a database with no licences yet
    await marker.set({ value: 1 });
    const result = await wire(s).service('licences').narrowOnReaderUpgrade();
    expect(result.narrowed).toBe(6);

    const row = async (l: { id: number }) => licences.findOne({ where: { id: l.id } });
    expect(await row(ban)).toMatchObject({ syndicationAllowed: false, needsReview: true });
    expect(await row(nc)).toMatchObject({ fullTextAllowed: false, needsReview: true });
    expect(Number((await row(refused)).quoteLimitPercent)).toBe(0);
    expect(Number((await row(half)).quoteLimitPercent)).toBe(0.5);
    expect(await row(same)).toMatchObject({ needsReview: false });
    expect(Number((await row(same)).quoteLimitPercent)).toBe(3);
    expect(await row(widened)).toMatchObject({ fullTextAllowed: false, needsReview: true });
    // Reader 3 (issue 23): a reservation of mining is stored, and narrows nothing served (no review).
    expect(await row(mining)).toMatchObject({ tdmAllowed: false, needsReview: false });
    expect(await row(same)).toMatchObject({ tdmAllowed: null });
    expect((await row(widened)).reviewReasons[0]).toContain('fullTextAllowed');
    expect(await row(pictured)).toMatchObject({ picturesAllowed: false, needsReview: true });
    expect((await row(pictured)).reviewReasons[0]).toContain('picturesAllowed');
    expect(await row(photos)).toMatchObject({ picturesAllowed: true, needsReview: false });

    // The editor confirms the widening at the desk; the upgrade has run and does not undo it.
    const w = await row(widened);
    await wire(s).service('licences').update(w.documentId, { fullTextAllowed: true });
    expect(await wire(s).service('licences').narrowOnReaderUpgrade()).toEqual({ read: 0, narrowed: 0 });
    expect(await row(widened)).toMatchObject({ fullTextAllowed: true, needsReview: false });
  });
});
