/**
 * normalise/dates.ts checks a calendar day by counting (isCalendarDay), reads a named zone without
 * its patterns and asks the clock's year once a year. This compares it with the way it was (a Date
 * made and read back per date, the patterns tried first, a Date per call), frozen in
 * tests/reference/prepare-v2, on seeded random dates and on every component of build() near its edges.
 */
import {
  build,
  offsetMinutes,
  parseWireDate,
  readDateText,
  ZONES,
} from '../../plugins/wire/server/src/normalise/dates';
import {
  build as referenceBuild,
  offsetMinutes as referenceOffset,
  parseWireDate as referenceParseWireDate,
  readDateText as referenceReadDateText,
} from '../reference/prepare-v2/normalise/dates';
import { pick, seededRandom } from '../helpers/seeded';

const time = (d: Date | null) => (d ? d.getTime() : null);

describe('dates as they were read (differential, seeded)', () => {
  it('build() gives the same date or null for every component near its edges', () => {
    const years = [
      0,
      1,
      50,
      99,
      100,
      101,
      999,
      1000,
      1582,
      1899,
      1900,
      1999,
      2000,
      2023,
      2024,
      2025,
      2100,
      2400,
      9999,
      10000,
      275760,
      -1,
      2024.5,
      NaN,
    ];
    const months = [-1, 0, 1, 2, 10, 11, 12, 1.5, NaN, undefined as unknown as number];
    const days = [-1, 0, 1, 15, 28, 29, 30, 31, 32, 2.5, NaN];
    let dates = 0;
    for (const y of years)
      for (const mo of months)
        for (const d of days) {
          const got = build(y, mo, d, 12, 30, 0, 0, 60);
          const expected = referenceBuild(y, mo, d, 12, 30, 0, 0, 60);
          expect({ y, mo, d, got: time(got) }).toEqual({ y, mo, d, got: time(expected) });
          if (expected) dates += 1;
        }
    // The edges are reached on both sides: real days and refused ones.
    expect(dates).toBeGreaterThan(300);
    for (const [h, mi, s] of [
      [24, 0, 0],
      [25, 0, 0],
      [23, 60, 0],
      [23, 59, 60],
      [23, 59, 61],
    ])
      expect(time(build(2024, 1, 29, h, mi, s, 0, 0))).toEqual(time(referenceBuild(2024, 1, 29, h, mi, s, 0, 0)));
  });

  it('reads 20,000 random RFC 822 and ISO 8601 texts to the same date or the same problem', () => {
    const r = seededRandom(0xda7e);
    const zones = [
      'GMT',
      'gmt',
      'UT',
      'Z',
      'EST',
      'CEST',
      'mesz',
      'XYZ',
      '+0100',
      '-0530',
      '+01:00',
      '+01',
      '-12',
      '+1',
      'GMT+1',
      '',
    ];
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const now = new Date(Date.UTC(2026, 11, 1));
    let read = 0;
    for (let k = 0; k < 20000; k += 1) {
      const y = pick(r, [26, 99, 1899, 1900, 2000, 2024, 2025, 2026, 2028, 2029, 3013, 100]);
      const mo = Math.floor(r() * 14) - 1;
      const d = Math.floor(r() * 33);
      const h = Math.floor(r() * 26);
      const mi = Math.floor(r() * 61);
      const s = Math.floor(r() * 62);
      const month = pick(r, ['Jan', 'Feb', 'feb', 'Mar', 'Mär', 'Mai', 'Okt', 'December', 'Foo', 'Sept']);
      const text =
        r() < 0.5
          ? `${r() < 0.6 ? 'Tue, ' : ''}${d} ${month} ${y} ${pad(h, 2)}:${pad(mi, 2)}${r() < 0.8 ? `:${pad(s, 2)}` : ''} ${pick(r, zones)}`.trim()
          : `${pad(y, 4)}-${pad(mo + 1, 2)}-${pad(d, 2)}${r() < 0.8 ? `T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${r() < 0.3 ? '.123' : ''}${pick(r, ['Z', '+02:00', '-0800', '', 'EST'])}` : ''}`;
      const got = readDateText(text);
      const expected = referenceReadDateText(text);
      expect({ text, date: time(got.date), problem: got.problem }).toEqual({
        text,
        date: time(expected.date),
        problem: expected.problem,
      });
      const plausible = parseWireDate(text, now);
      expect(time(plausible.date)).toEqual(time(referenceParseWireDate(text, now).date));
      if (got.date) read += 1;
    }
    expect(read).toBeGreaterThan(3000);
  });

  it('reads every zone the table knows, and others, as before', () => {
    for (const zone of [
      ...Object.keys(ZONES),
      ...Object.keys(ZONES).map((z) => z.toLowerCase()),
      '',
      ' GMT',
      'constructor',
      '__proto__',
      '+',
      '-',
      '+0000',
      '-2400',
      '+05:45',
      '+5',
    ])
      expect({ zone, got: offsetMinutes(zone) }).toEqual({ zone, got: referenceOffset(zone) });
  });

  it("judges a date's year by this year's clock when no clock is given", () => {
    const next = new Date().getUTCFullYear() + 2;
    expect(parseWireDate(`${next}-06-01T00:00:00Z`).date).not.toBeNull();
    expect(parseWireDate(`${next + 1}-06-01T00:00:00Z`).problem).toMatch(/implausible year/);
  });
});
