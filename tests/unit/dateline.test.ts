import { parseDateline, parseDatelineDate, splitDateline } from '../../plugins/wire/server/src/normalise/dateline';

const ref = new Date('2026-11-28T12:00:00Z');

describe('splitDateline', () => {
  it.each([
    ['USPA News - Police said', { text: 'USPA News -', place: null, agency: 'USPA News' }, 'Police said'],
    [
      'BERLIN (USPA News) - The committee',
      { text: 'BERLIN (USPA News) -', place: 'BERLIN', agency: 'USPA News' },
      'The committee',
    ],
    ['NEW YORK (AP) — Stocks rose', { text: 'NEW YORK (AP) —', place: 'NEW YORK', agency: 'AP' }, 'Stocks rose'],
    [
      'FORT WASHINGTON, Pa. (AP) _ A company',
      { place: 'FORT WASHINGTON', region: 'Pa.', country: 'US', agency: 'AP' },
      'A company',
    ],
    ['LONDON, Nov 27 (Reuters) - Shares', { place: 'LONDON', date: '2026-11-27', agency: 'Reuters' }, 'Shares'],
    ['Jan 30 (Reuters) - Oil prices', { place: null, date: '2026-01-30', agency: 'Reuters' }, 'Oil prices'],
    [
      'STOCKHOLM, Aug 29, 2014 (AFP) - A Swedish court',
      { text: 'STOCKHOLM, Aug 29, 2014 (AFP) -', place: 'STOCKHOLM', date: '2014-08-29', agency: 'AFP' },
      'A Swedish court',
    ],
    ['PARIS, 10 juil 2024 (AFP) - Le', { place: 'PARIS', date: '2024-07-10', agency: 'AFP' }, 'Le'],
    ['Berlin (dpa) - Die Bundesregierung', { place: 'Berlin', agency: 'dpa' }, 'Die Bundesregierung'],
    ['(ANSA) - ROME, NOV 27 - Italy', { place: 'ROME', date: '2026-11-27', agency: 'ANSA' }, 'Italy'],
    ['SYDNEY, Oct 20 AAP - Fire crews', { place: 'SYDNEY', date: '2026-10-20', agency: 'AAP' }, 'Fire crews'],
    ['ATHENS (ANA-MPA) - The government', { place: 'ATHENS', agency: 'ANA-MPA' }, 'The government'],
    [
      'Thessaloniki, 27 November (ANA) - Port workers',
      { place: 'Thessaloniki', date: '2026-11-27', agency: 'ANA' },
      'Port workers',
    ],
    ['BRÜSSEL, 27. November (dpa) - Die EU', { place: 'BRÜSSEL', date: '2026-11-27', agency: 'dpa' }, 'Die EU'],
  ])('%s', (paragraph, expected, rest) => {
    const split = splitDateline(paragraph, ref);
    expect(split?.dateline).toMatchObject(expected);
    expect(split?.rest).toBe(rest);
  });

  it('never invents a place from story text', () => {
    expect(splitDateline('The minister said on Monday (local time) - without giving details - that', ref)).toBeNull();
    expect(splitDateline('Prices rose - again - in March.', ref)).toBeNull();
  });
});

describe('parseDatelineDate', () => {
  it('puts a December dateline on January copy in the year before', () => {
    expect(parseDatelineDate('Dec 31', new Date('2027-01-02T00:00:00Z'))).toBe('2026-12-31');
  });

  it('refuses impossible dates', () => {
    expect(parseDatelineDate('Feb 30, 2026', ref)).toBeNull();
    expect(parseDatelineDate('Smarch 3', ref)).toBeNull();
  });
});

describe('parseDateline', () => {
  it('reads a dateline given on its own', () => {
    expect(parseDateline('SYDNEY, Oct 20', ref)).toMatchObject({
      text: 'SYDNEY, Oct 20',
      place: 'SYDNEY',
      date: '2026-10-20',
      agency: null,
    });
    expect(parseDateline('', ref)).toBeNull();
  });
});
