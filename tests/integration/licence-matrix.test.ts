/**
 * The route × rule matrix (issue 10, "The tests today, read line by line"): every partner route
 * against every rule that keeps copy from a partner, each cell its own test on a real Strapi.
 *
 * Routes: list, one, versions, quote, changes, feed.rss, feed.atom, ninjs.
 * Rules: the quote limit (words served counted exactly), withdrawn, withheld, embargoed, expired,
 * another agency, unlicensed (a licence that forbids syndication to quote partners).
 *
 * Every story's words are numbered tokens of its own (tests/helpers/g2-copy.ts), so a cell counts
 * exactly how many of a story's words a response holds, in any format, not whether one sentinel
 * word is absent. Dates are fixed: embargoes end on 2099-01-01, expiries were on 2001-01-01, set at
 * the desk (as an editor would) so no date parser's plausibility window is involved.
 */
import request from 'supertest';
import { walkChanges } from '../helpers/changes';
import { g2Item, QUOTE_TERMS, storyText, tokensOf, type G2Story } from '../helpers/g2-copy';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const FAR_FUTURE = new Date('2099-01-01T00:00:00Z');
const FAR_PAST = new Date('2001-01-01T00:00:00Z');
const ARTICLE = 'plugin::wire.article';

let app: TestApp;
let http: any;
// `quoter`: a second quote partner for the /quote cell, whose budget (serve/budget.ts) the other
// routes' excerpts have not spent, so the cell measures the licence's limit alone.
const tokens = { quote: '', full: '', quoter: '' };

const get = (url: string, token: string) => request(http).get(url).set('Authorization', `Bearer ${token}`);
const ingest = (s: G2Story) => wire(app.strapi).service('ingest').ingestDocument(g2Item(s), `${s.guid}.xml`);
const idOf = async (guid: string) =>
  (await app.strapi.db.query(ARTICLE).findOne({ where: { guid: `urn:newsml:licence.test:${guid}` } }))
    .documentId as string;
const setAtDesk = async (guid: string, data: Record<string, unknown>) =>
  app.strapi.db.query(ARTICLE).update({ where: { documentId: await idOf(guid) }, data });

type Rule = 'word limit' | 'withdrawn' | 'withheld' | 'embargoed' | 'expired' | 'other agency' | 'unlicensed';
type Route = 'list' | 'one' | 'versions' | 'quote' | 'changes' | 'feed.rss' | 'feed.atom' | 'ninjs';

const ROUTES: Route[] = ['list', 'one', 'versions', 'quote', 'changes', 'feed.rss', 'feed.atom', 'ninjs'];
const RULES: Rule[] = ['word limit', 'withdrawn', 'withheld', 'embargoed', 'expired', 'other agency', 'unlicensed'];

/** A story kept from partners by a rule, and (for versions) a live story whose v1 broke that rule. */
interface Hidden {
  guid: string;
  seed: string;
  headline: string;
  /** Who must not get it: both partners, or quote partners only (full partners read it). */
  from: Array<keyof typeof tokens>;
  /** The tombstone a partner that had the story may get in /changes; null: it never reached anyone. */
  tombstone: string | null;
  earlierVersion?: { guid: string; seed: string; headline: string };
}

const STORY_WORDS = 80;
const base = (guid: string, seed: string, headline: string): G2Story => ({
  guid,
  agency: 'MTA',
  headline,
  seed,
  words: STORY_WORDS,
  terms: QUOTE_TERMS,
});

const HIDDEN: Record<Exclude<Rule, 'word limit'>, Hidden> = {
  withdrawn: {
    guid: 'm-withdrawn',
    seed: 'mwd',
    headline: 'Matrix withdrawn story',
    from: ['quote', 'full'],
    tombstone: 'withdrawn',
    earlierVersion: { guid: 'm-withdrawn-v1', seed: 'mwdv', headline: 'Matrix canceled first version' },
  },
  withheld: {
    guid: 'm-withheld',
    seed: 'mwh',
    headline: 'Matrix withheld story',
    from: ['quote', 'full'],
    tombstone: null,
    earlierVersion: { guid: 'm-withheld-v1', seed: 'mwhv', headline: 'Matrix withheld first version' },
  },
  embargoed: {
    guid: 'm-embargoed',
    seed: 'mem',
    headline: 'Matrix embargoed story',
    from: ['quote', 'full'],
    tombstone: 'embargoed',
    earlierVersion: { guid: 'm-embargoed-v1', seed: 'memv', headline: 'Matrix embargoed first version' },
  },
  expired: {
    guid: 'm-expired',
    seed: 'mex',
    headline: 'Matrix expired story',
    from: ['quote', 'full'],
    tombstone: 'expired',
    earlierVersion: { guid: 'm-expired-v1', seed: 'mexv', headline: 'Matrix expired first version' },
  },
  'other agency': {
    guid: 'm-other',
    seed: 'moa',
    headline: 'Matrix other agency story',
    from: ['quote', 'full'],
    tombstone: null,
  },
  unlicensed: {
    guid: 'm-unlicensed',
    seed: 'mun',
    headline: 'Matrix unlicensed story',
    from: ['quote'],
    tombstone: null,
  },
};

/** The word-limit story: 400 words under 5 % quotes (20 words), two versions differing from word 300. */
const LIMITED = { guid: 'm-limit', seed: 'mlim', headline: 'Matrix quote limit story', words: 400, limit: 20 };
/** A story every partner may read, on every route: proves each route serves what it should. */
const CONTROL = { guid: 'm-control', seed: 'mctl', headline: 'Matrix control story' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '0' });
  http = app.strapi.server.httpServer;
  tokens.quote = await partnerToken(app.strapi, 'matrix-quote', 'quote', { agencies: ['MTA'] });
  tokens.full = await partnerToken(app.strapi, 'matrix-full', 'full', { agencies: ['MTA'] });
  tokens.quoter = await partnerToken(app.strapi, 'matrix-quoter', 'quote', { agencies: ['MTA'] });

  await ingest(base(CONTROL.guid, CONTROL.seed, CONTROL.headline));
  await ingest({ ...base(LIMITED.guid, LIMITED.seed, LIMITED.headline), words: LIMITED.words });
  await ingest({
    ...base(LIMITED.guid, LIMITED.seed, LIMITED.headline),
    words: LIMITED.words,
    version: 2,
    correctFrom: 300,
  });

  // Withdrawn: served, then killed. Its versions twin: v1 killed, v2 re-issued.
  const h = HIDDEN;
  await ingest(base(h.withdrawn.guid, h.withdrawn.seed, h.withdrawn.headline));
  await ingest({ ...base(h.withdrawn.guid, h.withdrawn.seed, h.withdrawn.headline), version: 2, status: 'canceled' });
  // Withheld (legal hold) from the start.
  await ingest({ ...base(h.withheld.guid, h.withheld.seed, h.withheld.headline), status: 'withheld' });
  // Embargoed and expired at the desk, with fixed dates.
  await ingest(base(h.embargoed.guid, h.embargoed.seed, h.embargoed.headline));
  await setAtDesk(h.embargoed.guid, { embargoedUntil: FAR_FUTURE });
  await ingest(base(h.expired.guid, h.expired.seed, h.expired.headline));
  await setAtDesk(h.expired.guid, { expiresAt: FAR_PAST });
  // Another agency's story.
  await ingest({ ...base(h['other agency'].guid, h['other agency'].seed, h['other agency'].headline), agency: 'MTB' });
  // A licence that forbids syndication before the story arrives under it.
  const unlicensedTerms = `${QUOTE_TERMS} Matrix licence U.`;
  await ingest({ ...base('m-unlicensed-first', 'munf', 'Matrix licence U first story'), terms: unlicensedTerms });
  const u = await app.strapi.db
    .query('plugin::wire.licence')
    .findOne({ where: { notice: { $contains: 'Matrix licence U.' } } });
  await wire(app.strapi).service('licences').update(u.documentId, { syndicationAllowed: false });
  await ingest({ ...base(h.unlicensed.guid, h.unlicensed.seed, h.unlicensed.headline), terms: unlicensedTerms });

  // The versions twins: v1 under the rule, v2 usable with new words (`<seed>v2x<n>`).
  const v2 = (e: Hidden['earlierVersion'] & {}) => ({
    ...base(e.guid, e.seed, `${e.headline}, now v2`),
    version: 2,
    correctFrom: 1,
  });
  const e = (r: keyof typeof HIDDEN) => h[r].earlierVersion!;
  await ingest({ ...base(e('withdrawn').guid, e('withdrawn').seed, e('withdrawn').headline), status: 'canceled' });
  await ingest(v2(e('withdrawn')));
  await ingest({ ...base(e('withheld').guid, e('withheld').seed, e('withheld').headline), status: 'withheld' });
  await ingest(v2(e('withheld')));
  await ingest(base(e('embargoed').guid, e('embargoed').seed, e('embargoed').headline));
  await setAtDesk(e('embargoed').guid, { embargoedUntil: FAR_FUTURE });
  await ingest(v2(e('embargoed')));
  await ingest(base(e('expired').guid, e('expired').seed, e('expired').headline));
  await setAtDesk(e('expired').guid, { expiresAt: FAR_PAST });
  await ingest(v2(e('expired')));

  for (const guid of [
    CONTROL.guid,
    LIMITED.guid,
    ...Object.values(h).flatMap((x) => [x.guid, ...(x.earlierVersion ? [x.earlierVersion.guid] : [])]),
  ]) {
    ids[guid] = await idOf(guid);
  }
});

afterAll(async () => {
  await app?.stop();
});

/** Every change entry from the beginning. */
const allChanges = async (token: string): Promise<any[]> => (await walkChanges(get, token)).changes;

/** What each route answers about one story: the status and the whole response as text. */
async function fetchRoute(
  route: Route,
  id: string,
  token: string,
): Promise<Array<{ status: number; text: string; body: any; single: boolean }>> {
  /** `single`: the URL names the story (404 when the caller may not read it); else a list. */
  const one = async (url: string) => {
    const res = await get(url, token);
    return { status: res.status, text: res.text, body: res.body, single: url.includes(`/${id}`) };
  };
  switch (route) {
    case 'list':
      return [await one('/api/wire/articles?pageSize=100')];
    case 'one':
      return [await one(`/api/wire/articles/${id}`)];
    case 'versions':
      return [await one(`/api/wire/articles/${id}/versions`)];
    case 'quote':
      return [await one(`/api/wire/articles/${id}/quote?from=0&to=10`)];
    case 'changes': {
      const data = await allChanges(token);
      return [{ status: 200, text: JSON.stringify(data), body: { data }, single: false }];
    }
    case 'feed.rss':
      return [await one('/api/wire/feed.rss?pageSize=100')];
    case 'feed.atom':
      return [await one('/api/wire/feed.atom?pageSize=100')];
    case 'ninjs':
      return [
        await one('/api/wire/articles?format=ninjs&pageSize=100'),
        await one(`/api/wire/articles/${id}?format=ninjs`),
      ];
  }
}

describe('fixtures', () => {
  it('are stored in the states the matrix relies on', async () => {
    const row = async (guid: string) =>
      app.strapi.db
        .query(ARTICLE)
        .findOne({ where: { documentId: ids[guid] }, populate: { agency: true, licence: true, versions: true } });
    expect(await row(HIDDEN.withdrawn.guid)).toMatchObject({ pubStatus: 'canceled', version: 2 });
    expect(await row(HIDDEN.withheld.guid)).toMatchObject({ pubStatus: 'withheld' });
    expect(new Date((await row(HIDDEN.embargoed.guid)).embargoedUntil).toISOString()).toBe(FAR_FUTURE.toISOString());
    expect(new Date((await row(HIDDEN.expired.guid)).expiresAt).toISOString()).toBe(FAR_PAST.toISOString());
    expect((await row(HIDDEN['other agency'].guid)).agency.code).toBe('MTB');
    expect((await row(HIDDEN.unlicensed.guid)).licence).toMatchObject({ syndicationAllowed: false });
    expect((await row(LIMITED.guid)).licence).toMatchObject({ quoteLimitPercent: 5, fullTextAllowed: false });
    for (const r of ['withdrawn', 'withheld', 'embargoed', 'expired'] as const) {
      const twin = await row(HIDDEN[r].earlierVersion!.guid);
      expect([r, twin.pubStatus, twin.versions.length]).toEqual([r, 'usable', 1]);
    }
  });

  it.each(ROUTES)('%s serves the control story to both partners', async (route) => {
    for (const token of [tokens.quote, tokens.full]) {
      for (const res of await fetchRoute(route, ids[CONTROL.guid], token)) {
        expect([route, res.status]).toEqual([route, 200]);
        expect(tokensOf(res.text, CONTROL.seed).size).toBeGreaterThan(0);
      }
    }
  });

  it.each(ROUTES)(
    '%s serves the unlicensed story to a full partner (the rule is the licence, not the story)',
    async (route) => {
      for (const res of await fetchRoute(route, ids[HIDDEN.unlicensed.guid], tokens.full)) {
        expect([route, res.status]).toEqual([route, 200]);
        expect(tokensOf(res.text, HIDDEN.unlicensed.seed).size).toBeGreaterThan(0);
      }
    },
  );
});

/** The cell for a rule that keeps a story from a partner altogether. */
async function expectHidden(route: Route, rule: Exclude<Rule, 'word limit'>) {
  const h = HIDDEN[rule];
  const id = ids[h.guid];
  for (const who of h.from) {
    const label = `${rule} × ${route} × ${who}`;
    for (const res of await fetchRoute(route, id, tokens[who])) {
      expect([label, res.status]).toEqual([label, res.single ? 404 : 200]);
      // Not one word of the story, nor its headline, in any form.
      expect([label, [...tokensOf(res.text, h.seed)]]).toEqual([label, []]);
      expect([label, res.text.includes(h.headline)]).toEqual([label, false]);
      if (route === 'changes') {
        const entries = res.body.data.filter((c: any) => c.id === id);
        // Only a tombstone, and only when the story could have reached this partner.
        expect([label, entries]).toEqual([
          label,
          h.tombstone ? [expect.objectContaining({ change: 'tombstone', reason: h.tombstone })] : [],
        ]);
      } else if (!res.single) {
        // (A 404 names the id the caller asked for; a list must not name it.)
        expect([label, res.text.includes(id)]).toEqual([label, false]);
      }
    }
    // On the versions route, also a live story whose first version broke the rule: never served.
    if (route === 'versions' && h.earlierVersion) {
      const e = h.earlierVersion;
      const res = await get(`/api/wire/articles/${ids[e.guid]}/versions`, tokens[who]);
      expect([label, res.status, res.body.data.map((v: any) => v.version)]).toEqual([label, 200, [2]]);
      expect([label, [...tokensOf(res.text, e.seed)].filter((t) => /^[a-z]+\d+$/.test(t))]).toEqual([label, []]);
      expect([label, res.text.includes(`"${e.headline}"`)]).toEqual([label, false]);
    }
  }
}

/** The quote limit cell: the words of the limited story a quote partner receives, counted exactly. */
async function expectWithinLimit(route: Route) {
  const id = ids[LIMITED.guid];
  const counted = (text: string) => tokensOf(text, LIMITED.seed).size;
  if (route === 'quote') {
    const text = storyText({ seed: LIMITED.seed, words: LIMITED.words });
    // The whole text: refused, not one word given.
    const over = await get(`/api/wire/articles/${id}/quote?from=0&to=${text.length}`, tokens.quoter);
    expect(over.status).toBe(422);
    expect(counted(over.text)).toBe(0);
    // One word over the limit: refused, not one word given.
    const upTo = (n: number) => text.indexOf(`${LIMITED.seed}${n}`) + `${LIMITED.seed}${n}`.length;
    const oneOver = await get(`/api/wire/articles/${id}/quote?from=0&to=${upTo(LIMITED.limit + 1)}`, tokens.quoter);
    expect(oneOver.status).toBe(422);
    expect(counted(oneOver.text)).toBe(0);
    // Exactly the limit: granted, exactly that many words.
    const ok = await get(`/api/wire/articles/${id}/quote?from=0&to=${upTo(LIMITED.limit)}`, tokens.quoter);
    expect(ok.status).toBe(200);
    expect(counted(ok.text)).toBe(LIMITED.limit);
    expect(ok.body.data.words).toBe(LIMITED.limit);
    return;
  }
  for (const res of await fetchRoute(route, id, tokens.quote)) {
    expect([route, res.status]).toEqual([route, 200]);
    const n = counted(res.text);
    expect([route, n > 0, n <= LIMITED.limit]).toEqual([route, true, true]);
    // Where the response states what it served, the statement is exact.
    const stated =
      route === 'list'
        ? res.body.data.find((a: any) => a.id === id)
        : route === 'changes'
          ? res.body.data.find((c: any) => c.id === id)?.article
          : route === 'one'
            ? res.body.data
            : null;
    if (stated?.usage) expect([route, stated.usage.wordsServed]).toEqual([route, n]);
    if (route === 'versions') {
      expect(res.body.data.map((v: any) => v.version)).toEqual([2, 1]);
      for (const v of res.body.data)
        expect([route, v.version, counted(JSON.stringify(v)) <= LIMITED.limit, v.usage.wordsServed]).toEqual([
          route,
          v.version,
          true,
          counted(JSON.stringify(v)),
        ]);
    }
  }
}

const CELLS = RULES.flatMap((rule) => ROUTES.map((route) => [route, rule] as const));

describe('route × rule', () => {
  test.each(CELLS)('%s × %s', async (route, rule) => {
    if (rule === 'word limit') await expectWithinLimit(route);
    else await expectHidden(route, rule);
  });
});
