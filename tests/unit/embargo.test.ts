/**
 * Embargo values in every form agencies write them, read against a fixed clock: the moment the
 * embargo ends, or a hold (unreadable, no time zone, implausible).
 */
import { readEmbargo } from '../../plugins/wire/server/src/normalise/embargo';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';

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
