/**
 * Usage counting's pure parts (serve/usage.ts): the tally a node keeps between writes, the ranges a
 * usage request may ask for, the report's totals and CSV that a spreadsheet cannot run.
 */
import {
  ALL,
  compareRows,
  countMode,
  csvCell,
  dayOf,
  deskCsv,
  parseDay,
  parseUsageRange,
  partnerCsv,
  summarize,
  UsageTally,
  type UsageRow,
} from '../../plugins/wire/server/src/serve/usage';
import { toPartnerArticle } from '../../plugins/wire/server/src/serve/partner-view';
import { storedArticle, words } from '../helpers/stored-article';

const NOW = Date.UTC(2026, 11, 8, 15, 30);
const row = (over: Partial<UsageRow>): UsageRow => ({
  partner: 'p1',
  agency: 'USPA',
  day: '2026-12-08',
  mode: 'full',
  stories: 0,
  words: 0,
  quotes: 0,
  requests: 0,
  ...over,
});

describe('UsageTally', () => {
  it('adds per partner, agency, day and mode, and starts again empty after drain', () => {
    const tally = new UsageTally();
    tally.add('p1', 'USPA', '2026-12-08', 'full', { stories: 1, words: 400 });
    tally.add('p1', 'USPA', '2026-12-08', 'full', { stories: 1, words: 300 });
    tally.add('p1', 'USPA', '2026-12-08', 'quote', { stories: 1, words: 16 });
    tally.add('p1', 'USPA', '2026-12-09', 'full', { stories: 1, words: 5 });
    tally.add('p2', 'USPA', '2026-12-08', 'full', { stories: 1, words: 7 });
    tally.add('p1', ALL, '2026-12-08', ALL, { requests: 1 });
    tally.add('p1', ALL, '2026-12-08', ALL, { requests: 1 });
    expect(tally.size).toBe(5);
    const rows = tally.drain();
    expect(tally.size).toBe(0);
    expect(rows).toContainEqual(row({ stories: 2, words: 700 }));
    expect(rows).toContainEqual(row({ agency: ALL, mode: ALL, requests: 2 }));
    expect(tally.drain()).toEqual([]);
  });

  it('keys cannot run into each other (a partner id holding the separator of the others)', () => {
    const tally = new UsageTally();
    tally.add('a|b', 'c', '2026-12-08', 'full', { stories: 1 });
    tally.add('a', 'b|c', '2026-12-08', 'full', { stories: 1 });
    expect(tally.size).toBe(2);
  });

  it('takes rows back after a failed write, adding to what was counted meanwhile', () => {
    const tally = new UsageTally();
    tally.add('p1', 'USPA', '2026-12-08', 'quote', { stories: 1, words: 10, quotes: 1 });
    const failed = tally.drain();
    tally.add('p1', 'USPA', '2026-12-08', 'quote', { stories: 2, words: 4 });
    tally.restore(failed);
    expect(tally.drain()).toEqual([row({ mode: 'quote', stories: 3, words: 14, quotes: 1 })]);
  });
});

describe('countMode', () => {
  it('counts what the partner view served, by the mode it got', () => {
    const long = storedArticle({ bodyText: words(400), body: `<p>${words(400)}</p>` });
    expect(countMode(toPartnerArticle(long, 'full').usage.mode)).toBe('full');
    expect(countMode(toPartnerArticle(long, 'quote').usage.mode)).toBe('quote');
    expect(countMode(toPartnerArticle(long, 'quote', undefined, { none: true }).usage.mode)).toBe('headline');
    expect(countMode(toPartnerArticle({ ...long, licence: null }, 'quote').usage.mode)).toBe('headline');
  });
});

describe('parseUsageRange', () => {
  const range = (q: Record<string, unknown>, max = 366) => parseUsageRange(q, NOW, max);

  it('defaults to the 30 days up to today (UTC), both ends included', () => {
    expect(range({})).toEqual({ ok: true, from: '2026-11-09', to: '2026-12-08' });
    expect(range({ to: '2026-03-01' })).toEqual({ ok: true, from: '2026-01-31', to: '2026-03-01' });
    expect(range({ from: '2026-12-01' })).toEqual({ ok: true, from: '2026-12-01', to: '2026-12-08' });
    expect(range({ from: '2024-02-29', to: '2024-02-29' })).toEqual({ ok: true, from: '2024-02-29', to: '2024-02-29' });
  });

  it.each([
    [{ from: '2026-02-29' }, /^from must be a day as YYYY-MM-DD \(got "2026-02-29"\)$/],
    [{ from: '2026-1-01' }, /^from must be a day/],
    [{ to: '2026-12-08T00:00:00Z' }, /^to must be a day/],
    [{ to: ['2026-12-01', '2026-12-02'] }, /^to must be given once/],
    [{ from: { $gt: '' } }, /^from must be given once/],
    [{ from: '2026-12-09', to: '2026-12-08' }, /^from \(2026-12-09\) must not be after to \(2026-12-08\)$/],
  ])('refuses %j', (query, message) => {
    const result = range(query);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('caps the range rather than cutting it', () => {
    expect(range({ from: '2026-01-01', to: '2026-01-31' }, 31).ok).toBe(true);
    const over = range({ from: '2026-01-01', to: '2026-02-01' }, 31);
    expect(over).toEqual({ ok: false, error: 'a usage range may span at most 31 days (asked for 32)' });
  });

  it('reads days in linear time (a long hostile value is refused at once)', () => {
    expect(parseDay('2'.repeat(100_000))).toBeNull();
    expect(parseDay('2026-12-08')).toBe(Date.UTC(2026, 11, 8));
    expect(dayOf(NOW)).toBe('2026-12-08');
  });
});

describe('summarize', () => {
  const rows = [
    row({ stories: 3, words: 900 }),
    row({ mode: 'quote', stories: 5, words: 80, quotes: 2 }),
    row({ mode: 'headline', agency: 'AFP', stories: 4 }),
    row({ partner: 'p2', day: '2026-12-07', stories: 1, words: 300 }),
    row({ agency: ALL, mode: ALL, requests: 9 }),
    row({ partner: 'p2', agency: ALL, mode: ALL, day: '2026-12-07', requests: 1 }),
  ];

  it('totals overall, per partner, per agency (requests are no agency) and per day', () => {
    const s = summarize(rows, { from: '2026-12-01', to: '2026-12-08' }, (p) => (p === 'p1' ? 'Zeta' : 'Alpha'));
    expect(s.totals).toEqual({
      stories: 13,
      words: 1280,
      quotes: 2,
      requests: 10,
      byMode: { full: 4, quote: 5, headline: 4 },
    });
    expect(s.byPartner.map((p) => [p.label, p.stories, p.requests])).toEqual([
      ['Alpha', 1, 1],
      ['Zeta', 12, 9],
    ]);
    expect(s.byAgency.map((a) => [a.key, a.stories, a.words, a.requests])).toEqual([
      ['AFP', 4, 0, 0],
      ['USPA', 9, 1280, 0],
    ]);
    expect(s.byDay.map((d) => [d.key, d.stories])).toEqual([
      ['2026-12-07', 1],
      ['2026-12-08', 12],
    ]);
  });

  it('is empty for no rows', () => {
    const s = summarize([], { from: '2026-12-01', to: '2026-12-08' });
    expect(s.totals.stories).toBe(0);
    expect(s.byPartner).toEqual([]);
  });
});

describe('CSV', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['Plain, with comma', '"Plain, with comma"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['Ordinary Site', 'Ordinary Site'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers as they are', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(0)).toBe('0');
  });

  it('gives a partner its rows, and the desk one line per partner, agency, day and mode', () => {
    const rows = [
      row({ agency: ALL, mode: ALL, requests: 2 }),
      row({ mode: 'headline', stories: 1 }),
      row({ stories: 2, words: 10 }),
      row({ day: '2026-12-07', stories: 1, words: 5 }),
    ];
    expect(partnerCsv(rows)).toBe(
      'day,agency,mode,stories,words,quotes,requests\r\n' +
        '2026-12-07,USPA,full,1,5,0,0\r\n' +
        '2026-12-08,USPA,full,2,10,0,0\r\n' +
        '2026-12-08,USPA,headline,1,0,0,0\r\n' +
        '2026-12-08,*,*,0,0,0,2\r\n',
    );
    const desk = deskCsv(rows.slice(0, 2), () => '@Evil, Inc');
    expect(desk).toBe(
      'day,partner,partner_id,agency,mode,stories,words,quotes,requests\r\n' +
        `2026-12-08,"'@Evil, Inc",p1,USPA,headline,1,0,0,0\r\n` +
        `2026-12-08,"'@Evil, Inc",p1,*,*,0,0,0,2\r\n`,
    );
  });

  it('orders rows by day, partner, agency (requests last) and mode', () => {
    const sorted = [row({ mode: 'quote' }), row({ agency: ALL, mode: ALL }), row({ agency: 'AFP' }), row({})].sort(
      compareRows,
    );
    expect(sorted.map((r) => `${r.agency}/${r.mode}`)).toEqual(['AFP/full', 'USPA/full', 'USPA/quote', '*/*']);
  });
});
