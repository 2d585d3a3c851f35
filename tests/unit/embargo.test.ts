/**
 * Embargo values in every form agencies write them, read against a fixed clock: the moment the
 * embargo ends, or a hold (unreadable, no time zone, implausible).
 */
import { readEmbargo } from '../../plugins/wire/server/src/normalise/embargo';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { prepareItem } from '../../plugins/wire/server/src/ingest/prepare';

const NOW = new Date('2026-12-01T00:00:00Z');
const at = (raw: string | null) => readEmbargo(raw, NOW);

describe('readEmbargo: the forms it reads', () => {
  it.each([
    // ISO 8601, with and without offsets (none: UTC), and NITF's compact form
    ['2026-12-05T10:00:00+01:00', '2026-12-05T09:00:00.000Z'],
    ['2026-12-05T09:00Z', '2026-12-05T09:00:00.000Z'],
    ['2026-12-05T10:00:00', '2026-12-05T10:00:00.000Z'],
    ['2026-12-05T10:00:00.250-05:00', '2026-12-05T15:00:00.250Z'],
    ['20261205T100000+0100', '2026-12-05T09:00:00.000Z'],
    ['2026-12-05', '2026-12-05T00:00:00.000Z'],
    // ISO date and time with a named zone or offset after a space
    ['2026-12-05 10:00 CET', '2026-12-05T09:00:00.000Z'],
    ['2027-07-05 10:00 CEST', '2027-07-05T08:00:00.000Z'],
    ['2026-12-05 10:00 UTC', '2026-12-05T10:00:00.000Z'],
    ['2026-12-05 10:00 +01:00', '2026-12-05T09:00:00.000Z'],
    ['2026-12-05 10:00 UTC+1', '2026-12-05T09:00:00.000Z'],
    // RFC 822
    ['Sat, 05 Dec 2026 10:00:00 +0100', '2026-12-05T09:00:00.000Z'],
    ['5 Dec 2026 10:00 GMT', '2026-12-05T10:00:00.000Z'],
    ['Sat, 05 Dec 2026 10:00:00 EST', '2026-12-05T15:00:00.000Z'],
    // German
    ['05.12.2026 10:00 MEZ', '2026-12-05T09:00:00.000Z'],
    ['05.07.2027 10:00 MESZ', '2027-07-05T08:00:00.000Z'],
    ['5.12.2026, 10.00 Uhr MEZ', '2026-12-05T09:00:00.000Z'],
    ['05.12.2026 um 10:00 Uhr CET', '2026-12-05T09:00:00.000Z'],
    ['05.07.2027 10:00 CEST', '2027-07-05T08:00:00.000Z'],
    ['5. Dezember 2026 10:00 Uhr MEZ', '2026-12-05T09:00:00.000Z'],
    // English, with US zones by region (daylight saving time by date)
    ['December 5, 2026 10:00 ET', '2026-12-05T15:00:00.000Z'],
    ['July 5, 2027 10:00 ET', '2027-07-05T14:00:00.000Z'],
    ['Dec. 5, 2026, 10:00 a.m. EST', '2026-12-05T15:00:00.000Z'],
    ['December 5, 2026 at 3:30 p.m. EDT', '2026-12-05T19:30:00.000Z'],
    ['December 5, 2026 12:00 a.m. PT', '2026-12-05T08:00:00.000Z'],
    ['July 5, 2027 10:00 PT', '2027-07-05T17:00:00.000Z'],
    ['Saturday, December 5, 2026 10:00 GMT', '2026-12-05T10:00:00.000Z'],
    ['5 December 2026 10:00 BST', '2026-12-05T09:00:00.000Z'],
    ['December 5, 2026 10:00 CT', '2026-12-05T16:00:00.000Z'],
    // A plausible embargo that has already ended is read (the story is simply out).
    ['2025-06-01T08:00:00Z', '2025-06-01T08:00:00.000Z'],
  ])('%s', (raw, iso) => {
    expect(at(raw)).toEqual({ until: new Date(iso), hold: null });
  });
});

describe('readEmbargo: what holds the story', () => {
  it.each([
    ['December 5, 2026 10:00', /no time zone/],
    ['05.12.2026 10:00', /no time zone/],
    ['5 Dec 2026 10:00', /no time zone/],
    ['05.12.2026 10:00 XYZ', /unknown time zone/],
    ['next Tuesday, noon', /unreadable/],
    ['31.02.2027 10:00 MEZ', /impossible date/],
    ['', /no time given/],
    ['   ', /no time given/],
    ['05.12.2099 10:00 MEZ', /more than two years ahead/],
    ['05.12.2031 10:00 MEZ', /more than two years ahead/],
    ['2099-12-05 10:00 CET', /more than two years ahead/],
    ['1989-12-05T10:00:00Z', /before 1990/],
    [`2026-12-05T10:00:00Z ${'x'.repeat(200)}`, /longer than/],
  ])('%j', (raw, reason) => {
    const r = at(raw);
    expect(r.until).toBeNull();
    expect(r.hold).toMatch(reason);
  });

  it('no value: no embargo, nothing held', () => {
    expect(at(null)).toEqual({ until: null, hold: null });
  });

  it('two years ahead is the limit, measured from the clock it is given', () => {
    expect(readEmbargo('2028-11-30T00:00:00Z', NOW).hold).toBeNull();
    expect(readEmbargo('2028-12-02T00:00:00Z', NOW).hold).toMatch(/two years/);
  });
});

describe('formats pass the embargo as written', () => {
  const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures', name), 'utf8');
  const firstItem = (text: string, origin: string) => parseDocument({ text, origin }).items[0];

  it('NITF date.release (norm), ninjs embargoed, NewsML-G2 <embargoed>, NewsML 1 StatusWillChange', () => {
    expect(firstItem(fixture('nitf/embargoed.xml'), 'a.xml').embargoRaw).toBe('20261127T120000+0100');
    expect(firstItem(fixture('ninjs/v2.json'), 'a.json').embargoRaw).toBe('2026-11-27T12:00:00Z');
    const g2 = fixture('newsml-g2/news-message.xml').replace(
      '<embargoed>2026-11-28T06:00:00Z</embargoed>',
      '<embargoed>05.12.2099 10:00 MEZ</embargoed>',
    );
    const g2Item = firstItem(g2, 'a.xml');
    expect(g2Item.embargoRaw).toBe('05.12.2099 10:00 MEZ');
    expect(readEmbargo(g2Item.embargoRaw, NOW).hold).toMatch(/two years/);
    const n1 = fixture('newsml-1.2/item.xml').replace(
      '<Status FormalName="Usable"/>',
      '<Status FormalName="Embargoed"/><StatusWillChange><FutureStatus FormalName="Usable"/><DateAndTime>next Tuesday</DateAndTime></StatusWillChange>',
    );
    expect(firstItem(n1, 'a.xml').embargoRaw).toBe('next Tuesday');
  });

  it('an item without an embargo has none', () => {
    const g2 = fixture('newsml-g2/news-message.xml').replace('<embargoed>2026-11-28T06:00:00Z</embargoed>', '');
    expect(firstItem(g2, 'a.xml').embargoRaw).toBeNull();
  });
});

describe('a release time holds the story whatever the status says (issue 27, item 8)', () => {
  const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures', name), 'utf8');
  const NITF = fixture('nitf/embargoed.xml');
  // The fixture's date.release (2026-11-27 12:00 CET) put four days after the test clock.
  const nitf = (status: string | null, release = '20261205T100000+0100') =>
    NITF.replace(' management-status="embargoed"', status === null ? '' : ` management-status="${status}"`).replace(
      'norm="20261127T120000+0100"',
      `norm="${release}"`,
    );
  const prepared = (text: string) => {
    const parsed = parseDocument({ text, origin: 'release.xml' });
    const out = prepareItem(parsed.items[0], 1, { now: NOW });
    if (!out.ok) throw new Error(out.problem.reason);
    return { parsed, article: out.article };
  };

  it.each([[null], ['usable']])('NITF: a future date.release with management-status %s is an embargo', (status) => {
    const { parsed, article } = prepared(nitf(status));
    expect(parsed.items[0]).toMatchObject({ pubStatus: 'usable', embargoRaw: '20261205T100000+0100' });
    expect(article.embargoedUntil?.toISOString()).toBe('2026-12-05T09:00:00.000Z');
    expect(article.embargoHold).toBeNull();
  });

  it('NITF: a date.release that cannot be read holds the story, and the warning names item and field', () => {
    const { parsed, article } = prepared(nitf(null, 'soon'));
    expect(article.embargoedUntil).toBeNull();
    expect(article.embargoHold).toMatch(/unreadable embargo "soon"/);
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        item: 1,
        guid: 'EXW.2026.1127.0042',
        field: 'date.release',
        reason: expect.stringMatching(/held/),
      }),
    ]);
  });

  it('NITF: a release time already past serves the story at once', () => {
    const { article } = prepared(nitf(null, '20261127T120000+0100'));
    expect(article.embargoHold).toBeNull();
    expect(article.embargoedUntil!.getTime()).toBeLessThan(NOW.getTime());
  });

  it('NewsML 1.2: StatusWillChange to Usable at a future time is an embargo, also when the status is Usable', () => {
    const n1 = (when: string, future = 'Usable') =>
      fixture('newsml-1.2/item.xml').replace(
        '<Status FormalName="Usable"/>',
        `<Status FormalName="Usable"/><StatusWillChange><FutureStatus FormalName="${future}"/><DateAndTime>${when}</DateAndTime></StatusWillChange>`,
      );
    const { article } = prepared(n1('20261205T090000Z'));
    expect(article.embargoedUntil?.toISOString()).toBe('2026-12-05T09:00:00.000Z');
    const unread = prepared(n1('after the vote'));
    expect(unread.article.embargoHold).toMatch(/unreadable/);
    expect(unread.parsed.problems).toEqual([
      expect.objectContaining({
        item: 1,
        field: 'StatusWillChange/DateAndTime',
        reason: expect.stringMatching(/held/),
      }),
    ]);
    // A later change to Canceled is not a release time.
    expect(prepared(n1('20261205T090000Z', 'Canceled')).article.embargoedUntil).toBeNull();
  });

  it('NewsML-G2 <embargoed> and ninjs embargoed are embargoes with a usable status too', () => {
    const g2 = fixture('newsml-g2/news-message.xml');
    expect(g2).toContain('stat:usable');
    expect(parseDocument({ text: g2, origin: 'a.xml' }).items[0].embargoRaw).toBe('2026-11-28T06:00:00Z');
    const ninjs = JSON.parse(fixture('ninjs/v2.json'))[0];
    const usable = JSON.stringify([{ ...ninjs, pubstatus: 'usable', embargoed: 'tomorrow at noon' }]);
    const item = parseDocument({ text: usable, origin: 'a.json' }).items[0];
    expect(item).toMatchObject({ pubStatus: 'usable', embargoRaw: 'tomorrow at noon' });
    expect(readEmbargo(item.embargoRaw, NOW).hold).toMatch(/unreadable/);
  });
});
