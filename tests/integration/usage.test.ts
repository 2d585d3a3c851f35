/**
 * Usage, counted and reported, on a real Strapi: after a known sequence of partner reads and quotes,
 * each partner's own usage (JSON and CSV) and the desk's royalty report give the stories served by
 * mode, the words, the quotes granted and the requests, and nothing of another partner's; bad
 * ranges are a 400 naming the parameter; the CSV cannot run a formula; two nodes add to the same
 * rows; what a node counted is written when Strapi stops and survives a restart.
 */
import path from 'node:path';
import { createStrapi } from '@strapi/strapi';
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { expectError } from '../helpers/errors';
import { APP_DIR, plainToken, startStrapi, type TestApp } from '../helpers/strapi';
import { sentencesOf, uspaRss, type CopyItem } from '../helpers/wire-copy';
import { wire } from '../../plugins/wire/server/src/services/wire';
import usageService from '../../plugins/wire/server/src/services/usage';

let app: TestApp;
let http: any;
const tokens: Record<string, string> = {};
const partnerIds: Record<string, string> = {};
const ids: Record<string, string> = {};
const admins: Record<string, string> = {};
const today = new Date().toISOString().slice(0, 10);

const get = (url: string, token: string) => request(http).get(url).set('Authorization', `Bearer ${token}`);
const desk = (url: string, who: string) => request(http).get(url).set('Authorization', `Bearer ${admins[who]}`);

// Two stories of 400 words under USPA's 5 % footer (20 words each for a quote partner, whose opening
// excerpt is two sentences, 16 words) and one without a licence footer: headline only for quote partners.
const STORIES: CopyItem[] = [
  { guid: 'usage-river', title: 'River', text: sentencesOf(400, 'river'), date: 'Fri, 27 Nov 2026 10:00:00 GMT' },
  { guid: 'usage-canal', title: 'Canal', text: sentencesOf(400, 'canal'), date: 'Fri, 27 Nov 2026 11:00:00 GMT' },
  {
    guid: 'usage-bare',
    title: 'Bare',
    text: sentencesOf(80, 'bare'),
    footer: false,
    date: 'Fri, 27 Nov 2026 12:00:00 GMT',
  },
];

/** Sums the `usage` blocks of the articles a response served, by mode as usage counts it. */
function servedOf(articles: any[]) {
  const out: Record<string, { stories: number; words: number }> = {};
  const mode = (m: string) => ({ 'full-text': 'full', quote: 'quote', 'headline-only': 'headline' })[m] as string;
  for (const a of articles) {
    const m = mode(a.usage.mode);
    out[m] ??= { stories: 0, words: 0 };
    out[m].stories += 1;
    out[m].words += a.usage.wordsServed;
  }
  return out;
}

const rowsBy = (rows: any[]) => Object.fromEntries(rows.map((r) => [`${r.agency}|${r.mode}`, r]));

beforeAll(async () => {
  app = await startStrapi({ WIRE_RATE_LIMIT: '100000', WIRE_USAGE_FLUSH_SECONDS: '3600', WIRE_USAGE_MAX_DAYS: '31' });
  http = app.strapi.server.httpServer;
  expect(await wire(app.strapi).service('ingest').ingestDocument(uspaRss(STORIES), 'usage-test.rss')).toMatchObject({
    created: 3,
    rejected: 0,
  });
  const partners = wire(app.strapi).service('partners');
  for (const [name, access] of [
    ['Full Site', 'full'],
    ['Quote Site', 'quote'],
    ['=HYPERLINK("http://evil.example","x")', 'quote'],
  ] as const) {
    const made = await partners.createPartnerToken({ name, access });
    tokens[access === 'full' ? 'full' : name === 'Quote Site' ? 'quote' : 'evil'] = made.accessKey;
    partnerIds[access === 'full' ? 'full' : name === 'Quote Site' ? 'quote' : 'evil'] = made.partner.documentId;
  }
  tokens.plain = await plainToken(app.strapi, 'no-partner-token');
  const s = app.strapi;
  await createAdmin(s, 'chief@usage.test', [(await superAdminRole(s)).id]);
  await createAdmin(s, 'reader@usage.test', [(await createRole(s, 'Desk reader', [WIRE_ACTIONS.readDesk])).id]);
  await createAdmin(s, 'royalties@usage.test', [(await createRole(s, 'Royalties', [WIRE_ACTIONS.readUsage])).id]);
  for (const who of ['chief', 'reader', 'royalties']) admins[who] = await adminToken(http, `${who}@usage.test`);
});

afterAll(async () => {
  await app?.stop();
});

describe('a known sequence of reads and quotes', () => {
  const expected: Record<string, Record<string, { stories: number; words: number }>> = { full: {}, quote: {} };
  const add = (who: string, served: Record<string, { stories: number; words: number }>) => {
    for (const [mode, c] of Object.entries(served)) {
      expected[who][mode] ??= { stories: 0, words: 0 };
      expected[who][mode].stories += c.stories;
      expected[who][mode].words += c.words;
    }
  };
  let quoteWords = 0;

  beforeAll(async () => {
    // The full partner: the list (3 stories), then one article. 2 requests.
    const list = await get('/api/wire/articles', tokens.full);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(3);
    add('full', servedOf(list.body.data));
    for (const a of list.body.data) ids[a.guid.replace('usage-', '')] = a.id;
    const one = await get(`/api/wire/articles/${ids.river}`, tokens.full);
    add('full', servedOf([one.body.data]));

    // The quote partner: the list, one article, the same article again with its ETag (304: nothing
    // sent, nothing counted but the request), the RSS feed, one passage granted and one refused
    // (over its budget), the change feed. 7 requests.
    const qlist = await get('/api/wire/articles', tokens.quote);
    add('quote', servedOf(qlist.body.data));
    const qone = await get(`/api/wire/articles/${ids.canal}`, tokens.quote);
    add('quote', servedOf([qone.body.data]));
    const again = await get(`/api/wire/articles/${ids.canal}`, tokens.quote).set('If-None-Match', qone.headers.etag);
    expect(again.status).toBe(304);
    const rss = await get('/api/wire/feed.rss', tokens.quote);
    expect(rss.status).toBe(200);
    // The feed serves what the list serves (its budget already spent on these openings).
    add('quote', servedOf(qlist.body.data));
    const granted = await get(`/api/wire/articles/${ids.river}/quote?text=river401`, tokens.quote);
    const words = sentencesOf(400, 'river').split(' ');
    const passage = await get(
      `/api/wire/articles/${ids.river}/quote?text=${encodeURIComponent(words.slice(200, 203).join(' '))}`,
      tokens.quote,
    );
    expect(passage.status).toBe(200);
    quoteWords = passage.body.data.words;
    expect(quoteWords).toBe(3);
    expect(granted.status).toBe(422); // no such words in the story: not granted, not counted
    const refused = await get(
      `/api/wire/articles/${ids.river}/quote?text=${encodeURIComponent(words.slice(300, 320).join(' '))}`,
      tokens.quote,
    );
    expect(refused.status).toBe(422);
    const changes = await get('/api/wire/changes', tokens.quote);
    add('quote', servedOf(changes.body.data.filter((c: any) => c.change === 'upsert').map((c: any) => c.article)));
  });

  it('gives the full partner its own usage: stories and words by mode, requests, no one else', async () => {
    const res = await get(`/api/wire/usage?from=${today}&to=${today}`, tokens.full);
    expect(res.status).toBe(200);
    const rows = rowsBy(res.body.data);
    expect(Object.keys(rows).sort()).toEqual(['*|*', 'USPA|full']);
    expect(rows['USPA|full']).toEqual({
      agency: 'USPA',
      day: today,
      mode: 'full',
      stories: 4,
      words: expected.full.full.words,
      quotes: 0,
      requests: 0,
    });
    expect(expected.full.full.words).toBe(400 + 400 + 80 + 400);
    // Its two reads and this one.
    expect(rows['*|*']).toMatchObject({ requests: 3, stories: 0, words: 0 });
    expect(res.body.meta).toMatchObject({
      from: today,
      to: today,
      partner: { id: partnerIds.full, name: 'Full Site' },
      totals: { stories: 4, requests: 3, quotes: 0, byMode: { full: 4, quote: 0, headline: 0 } },
    });
    expect(JSON.stringify(res.body)).not.toContain(partnerIds.quote);
  });

  it('gives the quote partner quotes, headlines and granted passages, and counts a 304 as a request only', async () => {
    const res = await get('/api/wire/usage', tokens.quote);
    expect(res.status).toBe(200);
    const rows = rowsBy(res.body.data);
    expect(Object.keys(rows).sort()).toEqual(['*|*', 'USPA|headline', 'USPA|quote']);
    expect(expected.quote.headline.stories).toBe(3);
    expect(expected.quote.quote.stories).toBe(2 + 1 + 2 + 2);
    expect(rows['USPA|quote']).toMatchObject({
      stories: expected.quote.quote.stories,
      words: expected.quote.quote.words + quoteWords,
      quotes: 1,
    });
    expect(rows['USPA|headline']).toMatchObject({ stories: 3, words: 0, quotes: 0 });
    // list, article, 304, rss, three /quote, changes, and this one.
    expect(rows['*|*'].requests).toBe(9);
    expect(res.body.meta.totals).toMatchObject({ quotes: 1, requests: 9, byMode: { full: 0, quote: 7, headline: 3 } });
    expect(res.body.meta.byAgency.map((a: any) => a.key)).toEqual(['USPA']);
  });

  it('gives the same figures as CSV', async () => {
    const res = await get(`/api/wire/usage.csv?from=${today}`, tokens.quote);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('day,agency,mode,stories,words,quotes,requests');
    expect(lines.slice(1)).toEqual([
      `${today},USPA,quote,7,${expected.quote.quote.words + quoteWords},1,0`,
      `${today},USPA,headline,3,0,0,0`,
      `${today},*,*,0,0,0,10`,
    ]);
  });

  it('counts a token without a partner record on its own', async () => {
    await get('/api/wire/articles?pageSize=1', tokens.plain);
    const res = await get('/api/wire/usage', tokens.plain);
    expect(res.status).toBe(200);
    expect(res.body.meta.partner).toBeNull();
    expect(res.body.meta.totals).toMatchObject({ stories: 1, requests: 2 });
  });

  it('gives editors with usage.read every partner, per agency, and the royalty CSV', async () => {
    const res = await desk(`/wire/usage?from=${today}&to=${today}`, 'royalties');
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.counting).toEqual({ enabled: true, flushSeconds: 3600 });
    const names = data.byPartner.map((p: any) => p.label);
    expect(names).toEqual(expect.arrayContaining(['Full Site', 'Quote Site']));
    const full = data.byPartner.find((p: any) => p.key === partnerIds.full);
    expect(full).toMatchObject({ stories: 4, words: 1280, byMode: { full: 4 } });
    const uspa = data.byAgency.find((a: any) => a.key === 'USPA');
    // full 4, quote 7 + 3, the token without a partner 1.
    expect(uspa.stories).toBe(4 + 10 + 1);
    expect(data.totals.quotes).toBe(1);

    const csv = await desk(`/wire/usage.csv?from=${today}&to=${today}&agency=uspa`, 'royalties');
    expect(csv.status).toBe(200);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('day,partner,partner_id,agency,mode,stories,words,quotes,requests');
    // An agency's report: its stories and quotes only, one line per partner, agency, day and mode.
    expect(lines.slice(1).every((l) => l.split(',')[3] === 'USPA')).toBe(true);
    expect(lines).toContain(`${today},Full Site,${partnerIds.full},USPA,full,4,1280,0,0`);
    expect(lines).toContain(`${today},Quote Site,${partnerIds.quote},USPA,headline,3,0,0,0`);
  });

  it('refuses editors without usage.read (403)', async () => {
    expectError(await desk('/wire/usage', 'reader'), 403);
    expectError(await desk('/wire/usage.csv', 'reader'), 403);
  });
});

describe('the CSV and a hostile partner name', () => {
  it('quotes a name that a spreadsheet would run as a formula', async () => {
    await get('/api/wire/articles?pageSize=1', tokens.evil);
    const csv = await desk(`/wire/usage.csv?from=${today}`, 'chief');
    expect(csv.status).toBe(200);
    const line = csv.text.split('\r\n').find((l) => l.includes(partnerIds.evil) && l.includes(',*,*,'));
    expect(line).toBe(`${today},"'=HYPERLINK(""http://evil.example"",""x"")",${partnerIds.evil},*,*,0,0,0,1`);
    expect(csv.text).not.toMatch(/(^|,)=/m);
  });
});

describe('bad ranges', () => {
  it.each([
    ['from=2026-13-01', /from must be a day as YYYY-MM-DD/],
    ['to=yesterday', /to must be a day as YYYY-MM-DD/],
    ['from=2026-02-30', /from must be a day/],
    ['from=2026-03-10&to=2026-03-01', /from \(2026-03-10\) must not be after to \(2026-03-01\)/],
    ['from=2026-01-01&to=2026-03-01', /at most 31 days/],
    ['from=2026-01-01&from=2026-01-02', /from must be given once/],
  ])('%s is a 400 naming the parameter', async (query, message) => {
    for (const url of [`/api/wire/usage?${query}`, `/api/wire/usage.csv?${query}`]) {
      const error = expectError(await get(url, tokens.plain), 400, 'BadRequestError');
      expect(error.message).toMatch(message);
    }
    expect(expectError(await desk(`/wire/usage?${query}`, 'chief'), 400).message).toMatch(message);
  });

  it('needs a token', async () => {
    expectError(await request(http).get('/api/wire/usage'), 401);
  });
});

describe('several nodes, one table', () => {
  it('adds what two nodes counted for the same partner, agency, day and mode', async () => {
    const nodes = [usageService({ strapi: app.strapi }), usageService({ strapi: app.strapi })];
    const article = (words: number) => ({ agency: { code: 'NODE' }, usage: { mode: 'quote', wordsServed: words } });
    for (let i = 0; i < 50; i += 1) {
      nodes[0].served('partner-x', [article(3) as any]);
      nodes[1].served('partner-x', [article(5) as any, article(1) as any]);
      nodes[i % 2].request('partner-x');
      if (i % 10 === 9) await Promise.all(nodes.map((n) => n.flush()));
    }
    await Promise.all(nodes.map((n) => n.stop()));
    const rows = await nodes[0].rows({ from: today, to: today }, { partner: 'partner-x' });
    expect(rowsBy(rows)).toEqual({
      'NODE|quote': {
        partner: 'partner-x',
        agency: 'NODE',
        day: today,
        mode: 'quote',
        stories: 150,
        words: 450,
        quotes: 0,
        requests: 0,
      },
      '*|*': {
        partner: 'partner-x',
        agency: '*',
        day: today,
        mode: '*',
        stories: 0,
        words: 0,
        quotes: 0,
        requests: 50,
      },
    });
  });
});

describe('the write timer', () => {
  it('writes what a node counted every flushSeconds, without being asked', async () => {
    // A node whose settings say every 0.1 s (the test's Strapi writes every hour).
    const settings = { enabled: true, flushSeconds: 0.1, maxDays: 366 };
    const strapi = Object.assign(Object.create(app.strapi), {
      plugin: (name: string) => (name === 'wire' ? { config: () => settings } : app.strapi.plugin(name)),
    });
    const node = usageService({ strapi });
    node.start();
    node.request('partner-timer');
    const stored = async () =>
      app.strapi.db.connection('wire_usage').where({ partner: 'partner-timer' }).first('requests');
    // Read straight from the table (rows() would write first): wait for the timer's write.
    let row = await stored();
    for (let i = 0; !row && i < 100; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      row = await stored();
    }
    await node.stop();
    expect(Number(row?.requests)).toBe(1);
    expect(node.pending()).toBe(0);
  });
});

describe('stopping', () => {
  it('writes what it counted when Strapi stops, and the table survives a restart', async () => {
    await get(`/api/wire/articles/${ids.canal}`, tokens.full);
    // Counted in memory only (the flush interval is an hour).
    expect(wire(app.strapi).service('usage').pending()).toBeGreaterThan(0);
    await app.strapi.destroy();
    app.strapi = await createStrapi({
      appDir: APP_DIR,
      distDir: path.join(APP_DIR, '.tmp/test-dist'),
      autoReload: false,
      serveAdminPanel: false,
    }).load();
    await app.strapi.server.mount();
    http = app.strapi.server.httpServer;
    const res = await get(`/api/wire/usage?from=${today}`, tokens.full);
    // The four stories before, this one, and its requests: 3 before, the read, this one.
    expect(rowsBy(res.body.data)['USPA|full']).toMatchObject({ stories: 5, words: 1680 });
    expect(rowsBy(res.body.data)['*|*'].requests).toBe(5);
  });
});
