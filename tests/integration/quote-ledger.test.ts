/**
 * The quote ledger on a real Strapi: a quote partner that tries to rebuild a story from consecutive
 * passages (by offsets or by text) never receives more distinct words than the licence allows, and
 * the refusal says how many words are left, never how long the text is; asking again is free;
 * `excerpt=none` spends nothing; lists, one article, feeds, versions and /quote share one budget; on
 * PostgreSQL, parallel requests cannot both spend the last words; editors see the ledger at the desk
 * and, with "manage partners", reset one partner's budget for one story.
 */
import path from 'node:path';
import { createStrapi } from '@strapi/strapi';
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { APP_DIR, partnerToken, plainToken, startStrapi, type TestApp } from '../helpers/strapi';
import { sentencesOf, uspaRss, type CopyItem } from '../helpers/wire-copy';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let http: any;
let fullToken: string;
const ids: Record<string, string> = {};
const texts: Record<string, string> = {};
const admins: Record<string, string> = {};

const get = (url: string, token: string) => request(http).get(url).set('Authorization', `Bearer ${token}`);
const quote = (id: string, params: Record<string, string | number>, token: string) =>
  get(
    `/api/wire/articles/${id}/quote?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`,
    token,
  );
const grants = async (id: string, token: string) => {
  const res = await get(`/api/wire/articles/${id}/quote`, token);
  expect(res.status).toBe(200);
  return res.body.data;
};

let partnerCount = 0;
/** A fresh quote partner: its own, untouched budget. */
const newQuotePartner = () => partnerToken(app.strapi, `quote-partner-${(partnerCount += 1)}`, 'quote');

/** Word positions [first, end) received, as a set of indices. */
function positions(ranges: Array<[number, number]>): Set<number> {
  const out = new Set<number>();
  for (const [a, b] of ranges) for (let i = a; i < b; i += 1) out.add(i);
  return out;
}

// Stories of 400 words in sentences of eight (the dateline is not part of the text): limit 20 words,
// and the opening excerpt is two whole sentences, 16 words.
const STORIES: CopyItem[] = [
  'river',
  'bridge',
  'forest',
  'valley',
  'canal',
  'meadow',
  'harbour',
  'orchard',
  'glacier',
].map((seed, i) => ({
  guid: `ledger-${seed}`,
  title: `The ${seed} story`,
  text: sentencesOf(400, seed),
  place: 'Hamburg',
  date: `Fri, 27 Nov 2026 ${String(10 + i).padStart(2, '0')}:00:00 GMT`,
}));

async function ingest(items: CopyItem[]) {
  return wire(app.strapi).service('ingest').ingestDocument(uspaRss(items), 'ledger-test.rss');
}

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '100000' });
  http = app.strapi.server.httpServer;
  fullToken = await partnerToken(app.strapi, 'full-reader', 'full');
  expect(await ingest(STORIES)).toMatchObject({ created: STORIES.length, rejected: 0 });
  const list = await get('/api/wire/articles?pageSize=50', fullToken);
  for (const a of list.body.data) {
    const seed = a.guid.replace('ledger-', '');
    ids[seed] = a.id;
    texts[seed] = a.text;
    expect(a.wordCount).toBe(400);
    expect(a.usage.quoteLimitWords).toBe(20);
  }
  const s = app.strapi;
  await createAdmin(s, 'chief@ledger.test', [(await superAdminRole(s)).id]);
  await createAdmin(s, 'reader@ledger.test', [(await createRole(s, 'Ledger reader', [WIRE_ACTIONS.readDesk])).id]);
  await createAdmin(s, 'partners@ledger.test', [
    (await createRole(s, 'Partner desk', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.managePartners])).id,
  ]);
  for (const who of ['chief', 'reader', 'partners']) admins[who] = await adminToken(http, `${who}@ledger.test`);
});

afterAll(async () => {
  await app?.stop();
});

describe('the reassembly attack', () => {
  it('consecutive 60-character windows by /quote give at most the limit in distinct words, and the 422 says what is left, not the length', async () => {
    const token = await newQuotePartner();
    const text = texts.river;
    const received: Array<[number, number]> = [];
    const refusals: any[] = [];
    for (let from = 0; from < text.length; from += 60) {
      const res = await quote(ids.river, { from, to: from + 60 }, token);
      if (res.status === 200) received.push(res.body.data.wordRange);
      else {
        expect(res.status).toBe(422);
        refusals.push({ ...res.body.error, leftThen: 20 - positions(received).size });
      }
    }
    expect(positions(received).size).toBeLessThanOrEqual(20);
    expect(positions(received).size).toBeGreaterThan(10);
    expect(refusals.length).toBeGreaterThan(30);
    for (const error of refusals) {
      expect(error.details.reason).toBe('over-budget');
      expect(error.message).toMatch(/\b\d+ words? left/);
      expect(error.details.leftWords).toBe(error.leftThen);
      expect(error.message).not.toContain(String(text.length));
      expect(JSON.stringify(error)).not.toContain(String(text.length));
    }
    // Offsets past the end, or the wrong way round, do not tell the length either.
    for (const params of [
      { from: 0, to: 999999 },
      { from: 99999, to: 100000 },
      { from: 5, to: 2 },
    ]) {
      const res = await quote(ids.river, params, token);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).not.toContain(String(text.length));
    }
    const listed = await grants(ids.river, token);
    expect(listed).toMatchObject({
      limitWords: 20,
      spentWords: positions(received).size,
      leftWords: 20 - positions(received).size,
    });
  });

  it('consecutive sentences asked for by text= give at most the limit, matched ignoring case, space and punctuation', async () => {
    const token = await newQuotePartner();
    const sentences = texts.bridge.split(/(?<=\.)\s+/);
    const received: Array<[number, number]> = [];
    let refused = 0;
    for (const sentence of sentences) {
      // As read at the source: other case, other spacing, punctuation lost.
      const asRead = sentence.toUpperCase().replace(/ /g, '  ').replace(/\./g, '');
      const res = await quote(ids.bridge, { text: asRead }, token);
      if (res.status === 200) {
        received.push(res.body.data.wordRange);
        expect(res.body.data.passage).toBe(sentence);
      } else {
        expect(res.status).toBe(422);
        expect(res.body.error.message).toMatch(/\b\d+ words? left/);
        expect(JSON.stringify(res.body)).not.toContain(String(texts.bridge.length));
        refused += 1;
      }
    }
    expect(positions(received).size).toBeLessThanOrEqual(20);
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(refused).toBe(sentences.length - received.length);
    expect((await grants(ids.bridge, token)).spentWords).toBeLessThanOrEqual(20);
  });

  it('charges a passage that is not there, so that misses cannot tell for free what the text does not say', async () => {
    const token = await newQuotePartner();
    const miss = await quote(ids.glacier, { text: 'these five words are absent' }, token);
    expect(miss.status).toBe(422);
    expect(miss.body.error.details).toMatchObject({ reason: 'not-found', words: 5, leftWords: 15 });
    expect((await grants(ids.glacier, token)).leftWords).toBe(15);
    // A miss longer than what is left is answered like a passage that is there but too long.
    const long = await quote(
      ids.glacier,
      { text: 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen' },
      token,
    );
    const there = await quote(ids.glacier, { text: texts.glacier.split(' ').slice(20, 36).join(' ') }, token);
    expect(long.status).toBe(422);
    expect(there.status).toBe(422);
    expect(long.body.error.details.reason).toBe('over-budget');
    expect(there.body.error.details.reason).toBe('over-budget');
    expect(long.body.error.message).toBe(there.body.error.message);
    expect((await grants(ids.glacier, token)).leftWords).toBe(15);
  });
});

describe('no free answers about the text', () => {
  // Red-team findings: a passage written without spaces matched more words than it was charged for,
  // so "there but too long" (free) told "there" from "not there" (charged); offsets told which
  // characters are words for free.
  it('answers a passage that is there but past the budget exactly like one that is not there', async () => {
    const [a, b] = [await newQuotePartner(), await newQuotePartner()];
    const words = texts.orchard.split(' ');
    for (const token of [a, b])
      expect((await quote(ids.orchard, { text: words.slice(0, 17).join(' ') }, token)).status).toBe(200);
    // One "word" to the partner's count, eight words of the text: present, and past the 3 left.
    const present = await quote(ids.orchard, { text: words.slice(40, 48).join('.') }, a);
    const absent = await quote(
      ids.orchard,
      { text: 'orchardx1.orchardx2.orchardx3.orchardx4.orchardx5.orchardx6.orchardx7.orchardx8' },
      b,
    );
    expect([present.status, absent.status]).toEqual([422, 422]);
    expect(present.body).toEqual(absent.body);
    expect(present.body.error.details).toMatchObject({ reason: 'not-found', words: 1, leftWords: 2 });
    expect((await grants(ids.orchard, a)).leftWords).toBe((await grants(ids.orchard, b)).leftWords);
  });

  it('answers every offset range alike once the budget is spent: spaces, words and the end of the text', async () => {
    const token = await newQuotePartner();
    const text = texts.canal;
    expect((await quote(ids.canal, { text: text.split(' ').slice(0, 20).join(' ') }, token)).status).toBe(200);
    const space = text.indexOf(' ', 200);
    const answers = await Promise.all([
      quote(ids.canal, { from: space, to: space + 1 }, token),
      quote(ids.canal, { from: space + 1, to: space + 2 }, token),
      quote(ids.canal, { from: text.length + 5, to: text.length + 6 }, token),
    ]);
    for (const res of answers) expect(res.status).toBe(422);
    expect(answers[1].body).toEqual(answers[0].body);
    expect(answers[2].body).toEqual(answers[0].body);
    expect(answers[0].body.error.details).toMatchObject({ reason: 'over-budget', words: 0, leftWords: 0 });
  });
});

describe('one budget per story', () => {
  it('asking again for words already given is free', async () => {
    const token = await newQuotePartner();
    const text = texts.forest;
    const from = text.indexOf('Forest41');
    const to = text.indexOf('forest50') + 'forest50'.length;
    const first = await quote(ids.forest, { from, to }, token);
    expect(first.body).toMatchObject({
      data: { words: 10, newWords: 10, budget: { limitWords: 20, spentWords: 10, leftWords: 10 } },
    });
    for (let i = 0; i < 3; i += 1) {
      const again = await quote(ids.forest, { from, to }, token);
      expect(again.status).toBe(200);
      expect(again.body.data).toMatchObject({ newWords: 0, budget: { spentWords: 10, leftWords: 10 } });
    }
    // The same words by text, and a part of them: free as well.
    const byText = await quote(ids.forest, { text: 'forest44 forest45 forest46' }, token);
    expect(byText.body.data).toMatchObject({ newWords: 0, budget: { spentWords: 10 } });
    // Overlapping: only the new words count.
    const overlap = await quote(ids.forest, { text: 'forest49 forest50 forest51 forest52' }, token);
    expect(overlap.body.data).toMatchObject({ newWords: 2, budget: { spentWords: 12, leftWords: 8 } });
    const listed = await grants(ids.forest, token);
    expect(listed.grants.map((g: any) => [g.kind, g.wordRange, g.words])).toEqual([
      ['quote', [40, 50], 10],
      ['quote', [48, 52], 2],
    ]);
    expect(listed.grants[0].passage).toBe(text.slice(from, to));
  });

  it('excerpt=none serves headline, link and usage on lists, feeds and changes, and spends nothing', async () => {
    const token = await newQuotePartner();
    const list = await get('/api/wire/articles?excerpt=none&pageSize=50', token);
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBe(STORIES.length);
    for (const a of list.body.data) {
      expect(a).toMatchObject({
        body: '',
        text: '',
        usage: { mode: 'headline-only', wordsServed: 0, excerpt: 'none', quoteLimitWords: 20 },
      });
      expect(a.url).toMatch(/^https:\/\/news\.example\.test\//);
    }
    for (const feed of ['feed.rss', 'feed.atom']) {
      const res = await get(`/api/wire/${feed}?excerpt=none`, token);
      expect(res.status).toBe(200);
      expect(res.text).toContain('The valley story');
      expect(res.text).not.toMatch(/valley1\b/i);
    }
    const changes = await get('/api/wire/changes?excerpt=none', token);
    expect(changes.status).toBe(200);
    expect(changes.body.data.length).toBeGreaterThan(0);
    for (const c of changes.body.data) if (c.change === 'upsert') expect(c.article.body).toBe('');
    for (const seed of Object.keys(ids)) expect((await grants(ids[seed], token)).spentWords).toBe(0);
    expect((await get('/api/wire/articles?excerpt=all', token)).status).toBe(400);
    // The budget is whole: the partner may choose its 20 words.
    const chosen = await quote(ids.valley, { text: texts.valley.split(' ').slice(100, 120).join(' ') }, token);
    expect(chosen.status).toBe(200);
    expect(chosen.body.data.budget).toMatchObject({ spentWords: 20, leftWords: 0 });
  });

  it('a list excerpt and /quote share the budget; a later read serves only what the budget allows', async () => {
    const token = await newQuotePartner();
    const list = await get('/api/wire/articles?pageSize=50', token);
    const listed = list.body.data.find((a: any) => a.id === ids.meadow);
    // Two whole sentences of eight words.
    expect(listed.usage).toMatchObject({
      mode: 'quote',
      wordsServed: 16,
      budget: { limitWords: 20, spentWords: 16, leftWords: 4 },
    });
    const five = await quote(ids.meadow, { text: 'meadow101 meadow102 meadow103 meadow104 meadow105' }, token);
    expect(five.status).toBe(422);
    expect(five.body.error.details).toMatchObject({ reason: 'over-budget', leftWords: 4 });
    expect((await quote(ids.meadow, { text: 'meadow101' }, token)).status).toBe(200);
    // What it has is still served, again and again, at no cost.
    for (const url of [`/api/wire/articles/${ids.meadow}`, '/api/wire/articles?pageSize=50']) {
      const res = await get(url, token);
      const a = Array.isArray(res.body.data) ? res.body.data.find((x: any) => x.id === ids.meadow) : res.body.data;
      expect(a.usage).toMatchObject({ wordsServed: 16, budget: { spentWords: 17, leftWords: 3 } });
    }
    expect((await grants(ids.meadow, token)).spentWords).toBe(17);

    // The other way round: a passage first, then the article gets a shorter opening.
    const other = await newQuotePartner();
    expect((await quote(ids.harbour, { text: texts.harbour.split(' ').slice(200, 215).join(' ') }, other)).status).toBe(
      200,
    );
    const one = await get(`/api/wire/articles/${ids.harbour}`, other);
    expect(one.body.data.usage).toMatchObject({
      mode: 'quote',
      wordsServed: 5,
      budget: { spentWords: 20, leftWords: 0 },
    });
    expect(one.body.data.text).toMatch(/^“Harbour1 harbour2 harbour3 harbour4 harbour5…”/);
    const ninjs = await get(`/api/wire/articles/${ids.harbour}?format=ninjs`, other);
    expect(ninjs.body.bodies?.[0]?.wordcount ?? ninjs.body.body_html).toBeDefined();
    expect((await grants(ids.harbour, other)).spentWords).toBe(20);

    // Spent entirely on passages that do not open the story: headline and link only.
    const third = await newQuotePartner();
    expect((await quote(ids.orchard, { text: texts.orchard.split(' ').slice(200, 220).join(' ') }, third)).status).toBe(
      200,
    );
    const bare = await get(`/api/wire/articles/${ids.orchard}`, third);
    expect(bare.body.data.usage).toMatchObject({ mode: 'headline-only', wordsServed: 0, budget: { leftWords: 0 } });
    const rss = await get('/api/wire/feed.rss', third);
    expect(rss.text).not.toMatch(/Orchard1 orchard2/);
  });

  it('all keys of a partner share its budget; a token without a partner record has its own', async () => {
    const name = `quote-partner-${(partnerCount += 1)}`;
    const first = await partnerToken(app.strapi, name, 'quote');
    const second = (await wire(app.strapi).service('partners').addPartnerToken(name)).accessKey as string;
    expect((await quote(ids.canal, { text: texts.canal.split(' ').slice(50, 65).join(' ') }, first)).status).toBe(200);
    expect((await grants(ids.canal, second)).leftWords).toBe(5);
    expect((await quote(ids.canal, { text: texts.canal.split(' ').slice(80, 86).join(' ') }, second)).status).toBe(422);
    const plain = await plainToken(app.strapi, 'admin-made-key');
    expect((await grants(ids.canal, plain)).leftWords).toBe(20);
    expect((await quote(ids.canal, { text: texts.canal.split(' ').slice(80, 100).join(' ') }, plain)).status).toBe(200);
    expect((await grants(ids.canal, plain)).leftWords).toBe(0);
  });

  it('full partners are not counted', async () => {
    const res = await quote(ids.river, { from: 0, to: texts.river.length }, fullToken);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ words: 400, limitWords: null, budget: null });
    expect(await grants(ids.river, fullToken)).toMatchObject({ limitWords: null, grants: [] });
    const partner = await app.strapi.db.query('plugin::wire.partner').findOne({ where: { name: 'full-reader' } });
    expect(await get('/api/wire/articles?pageSize=50', fullToken)).toHaveProperty('status', 200);
    expect(
      await app.strapi.db.connection('wire_quote_ledger').where({ owner: partner.documentId }).select('story'),
    ).toEqual([]);
  });
});

describe('versions spend the story’s budget', () => {
  it('the current and earlier versions together give at most the limit', async () => {
    const story = {
      guid: 'ledger-tide',
      title: 'The tide story',
      text: sentencesOf(400, 'tide'),
      place: 'Hamburg',
      date: 'Sat, 28 Nov 2026 08:00:00 GMT',
    };
    expect(await ingest([story])).toMatchObject({ created: 1 });
    expect(
      await ingest([{ ...story, text: sentencesOf(400, 'flood'), date: 'Sat, 28 Nov 2026 09:00:00 GMT' }]),
    ).toMatchObject({ updated: 1 });
    const id = (await get('/api/wire/articles?q=tide', fullToken)).body.data.find(
      (a: any) => a.guid === 'ledger-tide',
    ).id;
    const token = await newQuotePartner();
    const versions = await get(`/api/wire/articles/${id}/versions`, token);
    expect(versions.status).toBe(200);
    expect(versions.body.data).toHaveLength(2);
    const served = versions.body.data.reduce((n: number, v: any) => n + v.usage.wordsServed, 0);
    expect(served).toBeLessThanOrEqual(20);
    expect(versions.body.data[0].usage.wordsServed).toBe(16);
    // The earlier version's opening costs again (another text): only the 4 words left of it.
    expect(versions.body.data[1].usage.wordsServed).toBe(4);
    expect(versions.body.data[1].text).toMatch(/^“Tide1 tide2 tide3 tide4…”/);
    const listed = await grants(id, token);
    expect(listed.spentWords).toBeLessThanOrEqual(20);
    expect(listed.grants.some((g: any) => !g.currentText)).toBe(true);
    // Asked again: the same, for free.
    const again = await get(`/api/wire/articles/${id}/versions`, token);
    expect(again.body.data.map((v: any) => v.usage.wordsServed)).toEqual(
      versions.body.data.map((v: any) => v.usage.wordsServed),
    );
    expect((await grants(id, token)).spentWords).toBe(listed.spentWords);
  });
});

describe('what the ledger charges is what was served', () => {
  it('an earlier version whose own limit is smaller is charged only the words it gave (issue 27)', async () => {
    // The earlier version has 40 words (its own 5% is 2 words); the current one 400 (20 words).
    const story = {
      guid: 'ledger-shoal',
      title: 'The shoal story',
      text: sentencesOf(40, 'shoal'),
      place: 'Hamburg',
      date: 'Sat, 28 Nov 2026 08:00:00 GMT',
    };
    expect(await ingest([story])).toMatchObject({ created: 1 });
    expect(
      await ingest([{ ...story, text: sentencesOf(400, 'reef'), date: 'Sat, 28 Nov 2026 09:00:00 GMT' }]),
    ).toMatchObject({ updated: 1 });
    const id = (await get('/api/wire/articles?q=shoal', fullToken)).body.data.find(
      (a: any) => a.guid === 'ledger-shoal',
    ).id;
    const token = await newQuotePartner();
    const versions = await get(`/api/wire/articles/${id}/versions`, token);
    expect(versions.body.data.map((v: any) => v.usage.wordsServed)).toEqual([16, 2]);
    expect((await grants(id, token)).spentWords).toBe(18);
  });
});

describe('the limit is a ceiling', () => {
  it('a 3% licence on a 131-word story gives a quote partner 3 words, never 4, however it asks (issue 27)', async () => {
    const text = sentencesOf(131, 'sluice');
    expect(
      await ingest([
        {
          guid: 'ledger-sluice',
          title: 'The sluice story',
          text,
          place: 'Hamburg',
          date: 'Sat, 28 Nov 2026 12:00:00 GMT',
          footerText:
            'This article may be quoted as long as the quote comprises no more than 3% of the entire text, is marked as such and the source is named via hyperlink.',
        },
      ]),
    ).toMatchObject({ created: 1 });
    const id = (await get('/api/wire/articles?q=sluice', fullToken)).body.data.find(
      (a: any) => a.guid === 'ledger-sluice',
    ).id;
    const token = await newQuotePartner();
    const one = await get(`/api/wire/articles/${id}`, token);
    expect(one.body.data.usage).toMatchObject({ totalWords: 131, quoteLimitPercent: 3, quoteLimitWords: 3 });
    expect(one.body.data.usage.wordsServed).toBeLessThanOrEqual(3);
    const words = text.split(' ');
    const four = await quote(id, { text: words.slice(60, 64).join(' ') }, token);
    expect(four.status).toBe(422);
    expect((await grants(id, token)).spentWords).toBeLessThanOrEqual(3);
  });
});

describe('a story with no budget gives nothing in any version', () => {
  it('serves earlier versions headline only when the current one is too short for a single word', async () => {
    const story = {
      guid: 'ledger-ebb',
      title: 'The ebb story',
      text: sentencesOf(400, 'ebb'),
      place: 'Hamburg',
      date: 'Sat, 28 Nov 2026 10:00:00 GMT',
    };
    expect(await ingest([story])).toMatchObject({ created: 1 });
    // The correction that replaces it has 10 words: 5% of 10 is no word at all.
    expect(
      await ingest([{ ...story, text: sentencesOf(10, 'neap'), date: 'Sat, 28 Nov 2026 11:00:00 GMT' }]),
    ).toMatchObject({ updated: 1 });
    const id = (await get('/api/wire/articles?q=ebb', fullToken)).body.data.find(
      (a: any) => a.guid === 'ledger-ebb',
    ).id;
    const token = await newQuotePartner();
    for (let i = 0; i < 3; i += 1) {
      const versions = await get(`/api/wire/articles/${id}/versions`, token);
      expect(versions.status).toBe(200);
      expect(versions.body.data).toHaveLength(2);
      expect(versions.body.data.map((v: any) => [v.usage.mode, v.usage.wordsServed])).toEqual([
        ['headline-only', 0],
        ['headline-only', 0],
      ]);
      expect(JSON.stringify(versions.body)).not.toMatch(/ebb\d/i);
    }
  });
});

describe('text written without spaces', () => {
  // 31 paragraphs, 1,800 characters of Japanese: one of 600 characters, thirty of 40. Counted by
  // spaces it was 31 words, and 5% of it one "word": the 600-character paragraph.
  const KANJI = '東京都議会新予算案可決知事記者会見述市民生活支援拡充方針示';
  const chars = (n: number, shift = 0) =>
    Array.from({ length: n }, (_, i) => KANJI[(i + shift) % KANJI.length]).join('');
  const paragraphs = [chars(600), ...Array.from({ length: 30 }, (_, i) => chars(40, i))];
  const hanAt = (text: string) => [...text.matchAll(/[\u4e00-\u9fff]/g)].map((m) => m.index as number);

  it('a quote partner gets at most 5% of the characters, in the article and from /quote together', async () => {
    const story = {
      guid: 'ledger-kaigi',
      title: 'Kaigi story',
      text: paragraphs.join('</p><p>'),
      place: 'Tokyo',
      date: 'Sat, 28 Nov 2026 12:00:00 GMT',
      language: 'ja',
    };
    expect(await ingest([story])).toMatchObject({ created: 1 });
    const full = (await get('/api/wire/articles?q=Kaigi', fullToken)).body.data.find(
      (a: any) => a.guid === 'ledger-kaigi',
    );
    const fullText: string = full.text;
    const han = hanAt(fullText);
    expect(han).toHaveLength(1800);
    expect(full.wordCount).toBe(1800);
    /** The opening excerpt of one article read: its characters are the text's first ones. */
    const read = async (token: string, received: Set<number>) => {
      const article = await get(`/api/wire/articles/${full.id}`, token);
      expect(article.status).toBe(200);
      expect(article.body.data.usage).toMatchObject({ totalWords: 1800, quoteLimitWords: 90 });
      const excerpt = hanAt(article.body.data.text).length;
      expect(excerpt).toBeLessThanOrEqual(90);
      expect(hanAt(article.body.data.body).length).toBeLessThanOrEqual(90);
      for (const at of han.slice(0, excerpt)) received.add(at);
      return excerpt;
    };
    /** Every 30-character window by /quote. */
    const windows = async (token: string, received: Set<number>) => {
      for (let from = 0; from < fullText.length; from += 30) {
        const res = await quote(full.id, { from, to: Math.min(from + 30, fullText.length) }, token);
        expect([200, 422]).toContain(res.status);
        if (res.status !== 200) continue;
        expect(hanAt(res.body.data.text).length).toBeLessThanOrEqual(90);
        for (const at of han) if (at >= res.body.data.from && at < res.body.data.to) received.add(at);
      }
    };
    // The article first (its excerpt is the whole share), then /quote.
    const first = await newQuotePartner();
    const gotFirst = new Set<number>();
    expect(await read(first, gotFirst)).toBe(90);
    await windows(first, gotFirst);
    expect(gotFirst.size).toBe(90);
    // /quote first, then the article.
    const second = await newQuotePartner();
    const gotSecond = new Set<number>();
    await windows(second, gotSecond);
    expect(gotSecond.size).toBe(90);
    await read(second, gotSecond);
    expect(gotSecond.size).toBe(90);
    expect((await grants(full.id, second)).spentWords).toBe(90);
  });
});

describe('concurrency', () => {
  const postgres = process.env.DATABASE_CLIENT === 'postgres';
  (postgres ? it : it.skip)('on PostgreSQL, parallel requests cannot both spend the last words', async () => {
    const token = await newQuotePartner();
    const words = texts.valley.split(' ');
    // Twelve disjoint five-word passages at once: only four fit in 20 words.
    const asks = Array.from({ length: 12 }, (_, i) => words.slice(150 + i * 5, 155 + i * 5).join(' '));
    const answers = await Promise.all(asks.map((text) => quote(ids.valley, { text }, token)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(4);
    expect(answers.filter((r) => r.status === 422)).toHaveLength(8);
    expect((await grants(ids.valley, token)).spentWords).toBe(20);
    // Lists and passages at once, on another story.
    const other = await newQuotePartner();
    const mixed = await Promise.all([
      ...Array.from({ length: 4 }, () => get('/api/wire/articles?pageSize=50', other)),
      ...Array.from({ length: 6 }, (_, i) =>
        quote(
          ids.river,
          {
            text: texts.river
              .split(' ')
              .slice(300 + i * 4, 304 + i * 4)
              .join(' '),
          },
          other,
        ),
      ),
    ]);
    expect(mixed.every((r) => r.status === 200 || r.status === 422)).toBe(true);
    expect((await grants(ids.river, other)).spentWords).toBeLessThanOrEqual(20);
  });
});

describe('the desk', () => {
  it('shows which partner got which words, and lets an editor with "manage partners" reset one partner for one story', async () => {
    const token = await newQuotePartner();
    const name = `quote-partner-${partnerCount}`;
    expect((await get(`/api/wire/articles/${ids.river}`, token)).status).toBe(200);
    const view = await request(http)
      .get(`/wire/articles/${ids.river}/ledger`)
      .set('Authorization', `Bearer ${admins.reader}`);
    expect(view.status).toBe(200);
    const mine = view.body.data.partners.find((p: any) => p.name === name);
    expect(mine).toMatchObject({ spentWords: 16, leftWords: 4 });
    expect(view.body.data.log.find((g: any) => g.name === name)).toMatchObject({
      kind: 'excerpt',
      wordRange: [0, 16],
      words: 16,
    });

    const reset = (who: string) =>
      request(http)
        .post(`/wire/articles/${ids.river}/ledger/reset`)
        .set('Authorization', `Bearer ${admins[who]}`)
        .send({ owner: mine.owner });
    expect((await reset('reader')).status).toBe(403);
    expect((await grants(ids.river, token)).spentWords).toBe(16);
    const revision = async () =>
      Number(
        (
          await app.strapi.db
            .connection('wire_quote_ledger')
            .where({ owner: mine.owner, story: ids.river })
            .first('rev')
        ).rev,
      );
    const before = await revision();
    const done = await reset('partners');
    // The row is emptied and its revision goes on (a request that read the budget before the reset
    // cannot store its stale decision by meeting a revision counted again from zero).
    expect(await revision()).toBe(before + 1);
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ wordsReleased: 16 });
    expect(await grants(ids.river, token)).toMatchObject({ spentWords: 0, leftWords: 20, grants: [] });
    const after = await request(http)
      .get(`/wire/articles/${ids.river}/ledger`)
      .set('Authorization', `Bearer ${admins.chief}`);
    expect(after.body.data.partners.find((p: any) => p.name === name)).toBeUndefined();
    expect(after.body.data.log.find((g: any) => g.name === name && g.kind === 'reset')).toMatchObject({
      actor: 'partners@ledger.test',
      words: 16,
    });
    expect((await request(http).get(`/wire/articles/${ids.river}/ledger`)).status).toBe(401);
  });
});

describe('a reset beside a grant', () => {
  // PostgreSQL only: SQLite has one writer, so the two cannot interleave there.
  (process.env.DATABASE_CLIENT === 'postgres' ? it : it.skip)(
    'releases what a grant committed while the reset waited, never wipes it unlogged (issue 27)',
    async () => {
      const token = await newQuotePartner();
      expect((await get(`/api/wire/articles/${ids.river}`, token)).status).toBe(200);
      const knex = app.strapi.db.connection;
      const ledger = wire(app.strapi).service('ledger');
      const row = () => knex('wire_quote_ledger').where({ story: ids.river }).orderBy('updated_at', 'desc');
      const spent = await row().first('owner', 'given', 'probes', 'log');
      expect((await grants(ids.river, token)).spentWords).toBe(16);
      await ledger.reset(ids.river, spent.owner, 'first@ledger.test');
      expect((await grants(ids.river, token)).spentWords).toBe(0);
      // A grant of the same 16 words is under way: its row is written and locked, not committed.
      let commit!: () => void;
      const gate = new Promise<void>((resolve) => (commit = resolve));
      let written!: () => void;
      const wrote = new Promise<void>((resolve) => (written = resolve));
      const grant = knex.transaction(async (trx: any) => {
        await trx('wire_quote_ledger')
          .where({ owner: spent.owner, story: ids.river })
          .update({ given: spent.given, probes: spent.probes, log: spent.log, rev: trx.raw('rev + 1') });
        written();
        await gate;
      });
      await wrote;
      const reset = ledger.reset(ids.river, spent.owner, 'second@ledger.test');
      for (let i = 0; i < 200; i += 1) {
        const waiting = await knex.raw(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        if (waiting.rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      commit();
      await grant;
      // The reset read the budget after the grant: it releases the 16 words and logs them.
      expect(await reset).toMatchObject({ wordsReleased: 16 });
      expect((await grants(ids.river, token)).spentWords).toBe(0);
    },
  );
});

describe('the ledger is in the database', () => {
  it('survives a restart (schema sync leaves its tables alone)', async () => {
    const token = await newQuotePartner();
    expect((await quote(ids.orchard, { text: texts.orchard.split(' ').slice(300, 307).join(' ') }, token)).status).toBe(
      200,
    );
    await app.strapi.destroy();
    app.strapi = await createStrapi({
      appDir: APP_DIR,
      distDir: path.join(APP_DIR, '.tmp/test-dist'),
      autoReload: false,
      serveAdminPanel: false,
    }).load();
    await app.strapi.server.mount();
    http = app.strapi.server.httpServer;
    expect(await grants(ids.orchard, token)).toMatchObject({ spentWords: 7, leftWords: 13 });
    expect((await quote(ids.orchard, { text: texts.orchard.split(' ').slice(320, 334).join(' ') }, token)).status).toBe(
      422,
    );
  });
});
