/**
 * The USPA profile reads each item's opening once and takes a plain-paragraph body and a repeated
 * dateline by shorter paths than the frozen reference (tests/reference/prepare-v2): on generated
 * USPA-style copy (credits in their spellings, footers, backquotes, odd spacing and markup, bodies
 * that break each shorter path's conditions by one character) the profile's item, and the article
 * prepared from it, must be what the reference gives.
 */
import { isDeepStrictEqual } from 'node:util';
import { applyAgencyProfile } from '../../plugins/wire/server/src/agencies';
import type { WireItem } from '../../plugins/wire/server/src/formats/types';
import { prepareItem } from '../../plugins/wire/server/src/ingest/prepare';
import { splitDateline } from '../../plugins/wire/server/src/normalise/dateline';
import * as refAgencies from '../reference/prepare-v2/agencies';
import * as refPrepare from '../reference/prepare-v2/ingest/prepare';
import * as refDateline from '../reference/prepare-v2/normalise/dateline';
import { chance, pick, seededRandom as random, type Rand } from '../helpers/seeded';

const NOW = new Date('2026-11-20T12:00:00Z');
const USPA_EN =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';

/** Openings: USPA's credits as written, near misses, other agencies' credits, and none. */
const OPENINGS = [
  'BERLIN (USPA News) - ',
  'BERLIN (USPA News) - ',
  'BERLIN (USPA News) -',
  'Berlin (USPA) – ',
  'USPA News - ',
  'uspa news - ',
  'Uspa - ',
  'HAMBURG, 27. November (USPA News) - ',
  'BERLIN, Dec 31 (USPA) - ',
  'Berlin, Nov 27 (USPA News) -- ',
  '(USPA News) - BERLIN - ',
  // A line break after the credit: the opening line reads one dateline, the whole paragraph another.
  '(USPA News) - BERLIN\n- ',
  '(USPA News) - BERLIN&#10;- ',
  'BERLIN (USPA News)&#10;- ',
  'BERLIN (USPA&nbsp;News) - ',
  // The dash as a reference: the dateline's text is not the paragraph's markup.
  'BERLIN (USPA News) &#45; ',
  'BERLIN (USPA News) &ndash; ',
  'BERLIN&nbsp;(USPA News) - ',
  'BERLIN <b>(USPA News)</b> - ',
  '<b>BERLIN</b> (USPA News) - ',
  'BERLIN  (USPA   News) \t- ',
  'BERLIN\u00a0(USPA News) - ',
  'BERLIN\u2003(USPA News) - ',
  '  BERLIN (USPA News) - ',
  'BERLIN (USPA News)\n- ',
  'BERLIN (USPA News)<br>- ',
  'BERLIN (USPA News) - \n',
  'BERLIN (USPA News) -\u2003',
  'Bad`s Town (USPA News) - ',
  'BERLIN & POTSDAM (USPA News) - ',
  'BERLIN (dpa) - ',
  'Paris (AFP) - ',
  'The USPA said on Monday - ',
  'USPA said ',
  `${'A long opening sentence. '.repeat(24)}BERLIN (USPA News) - `,
  `BERLIN (USPA News) - ${'A long opening sentence. '.repeat(23)}`,
  '',
  ' ',
  '\u2003',
];
const SENTENCES = [
  'Officials said on Tuesday that the new timetable would add trains.',
  'Children`s groups and workers` unions welcomed the `plan` today.',
  'A `quoted` word, a trailing backquote` and ``two``.',
  'Fish &amp; chips cost 5&nbsp;euros &#8217;here&#x2019;.',
  'Bare & ampersand, 5 < 6 and 7 > 4.',
  'Tabs\tand\u00a0spaces  and   runs\u2003here.',
  'An <em>emphasised</em> word and <a href="https://example.test/x">a link</a>.',
  'A line<br>broken in two.',
  'A line\nbroken in the source.',
  'A stray </p> close and an <p> open.',
  'Der Minister sagte am Dienstag, dass die Bahn mehr Züge einsetzt.',
  '',
];
const FOOTERS = [
  USPA_EN,
  USPA_EN,
  'Die Haftung für diesen Artikel liegt beim Autor, der auch das Urheberrecht hält. Redaktionelle Inhalte von USPA dürfen auf anderen Webseiten zitiert werden, sofern das Zitat nicht mehr als 5% des gesamten Textes umfasst, als solches gekennzeichnet ist und die Quelle genannt wird (per Hyperlink).',
  USPA_EN.replace(/ /g, '&nbsp;'),
  USPA_EN.replace('5%', '<b>5%</b>'),
  USPA_EN.replace('author, who', 'author`s, who'),
  '© 2026 Example Press. All rights reserved.',
  'Not a footer at all.',
  '',
];
/** How a paragraph opens and closes: mostly plain `<p>`, and what a plain-paragraph body must not hold. */
const OPEN_TAGS = ['<p>', '<p>', '<p>', '<p>', '<p>', '<P>', '<p class="x">', '<p >', '<pre>', '<div>', ''];
const CLOSE_TAGS: Record<string, string[]> = {
  '<p>': ['</p>', '</p>', '</p>', '</P>', '</p >', '</p\n>', '</p', '</px', '</pre>', '<br>', ''],
  '<P>': ['</P>', '</p>'],
  '<p class="x">': ['</p>'],
  '<p >': ['</p>'],
  '<pre>': ['</pre>', '</p>'],
  '<div>': ['</div>'],
  '': ['<br>', '\n', ''],
};
const SEPARATORS = ['', '', '', '\n', '\n', '\r\n', ' ', '\u2003', '\u00a0', '\u0001', ' text ', '<br>', '<hr/>'];
const AGENCIES: Array<WireItem['agency']> = [
  null,
  null,
  null,
  { code: 'USPA', name: 'USPA News', homepage: null },
  { code: 'uspa', name: 'USPA', homepage: 'https://uspa.example.test' },
  { code: 'USPA News', name: 'USPA News', homepage: null },
  { code: 'AP', name: 'Associated Press', homepage: null },
];
const HEADLINES = ['Rail timetable change', 'Children`s `groups` welcome plan', '`', 'A `b` c`'];
const DATELINES: Array<WireItem['dateline']> = [
  null,
  null,
  { text: 'SYDNEY, Oct 20', place: 'SYDNEY', region: null, country: null, date: '2026-10-20', agency: null },
];
/** References across months and years (the dateline's date and its cache depend on them), and none. */
const REFERENCES = [
  new Date('2026-11-20T09:00:00Z'),
  new Date('2026-11-21T09:00:00Z'),
  new Date('2026-12-01T09:00:00Z'),
  new Date('2027-01-02T09:00:00Z'),
  new Date('2026-02-28T09:00:00Z'),
  new Date(NaN),
  null,
];

/**
 * Half the items are plain copy (`<p>` paragraphs of plain sentences, the bench's shape) in which
 * each choice turns odd with a small chance, so that most break the plain shape by one detail; the
 * other half are odd throughout.
 */
function generatedItem(rand: Rand): WireItem {
  const oddness = chance(rand, 0.5) ? 0.03 : 1;
  const choose = <T>(plainChoices: readonly T[], all: readonly T[]): T =>
    pick(rand, chance(rand, oddness) ? all : plainChoices);
  const paragraph = (text: string) => {
    const open = choose(['<p>'], OPEN_TAGS);
    return `${open}${text}${choose(open === '<p>' ? ['</p>'] : CLOSE_TAGS[open], CLOSE_TAGS[open])}`;
  };
  const paragraphs: string[] = [];
  // A first paragraph with nothing to read, before the opening one.
  if (chance(rand, 0.05)) paragraphs.push(pick(rand, ['<p></p>', '<p> </p>', '<p>\u2003</p>', '<p>&nbsp;</p>']));
  const count = 1 + Math.floor(rand() * 5);
  for (let k = 0; k < count; k += 1) {
    let text = k === 0 ? choose(OPENINGS.slice(0, 2), OPENINGS) : '';
    const sentences = Math.floor(rand() * 3) + (k === 0 ? 0 : 1);
    for (let s = 0; s < sentences; s += 1)
      text += (s ? choose([' '], [' ', '  ', '']) : '') + choose(SENTENCES.slice(0, 3), SENTENCES);
    paragraphs.push(paragraph(text));
  }
  const footer = choose(FOOTERS.slice(0, 1), FOOTERS);
  if (footer) paragraphs.push(paragraph(footer));
  let body = '';
  for (const [k, p] of paragraphs.entries()) body += (k ? choose(['', '\n'], SEPARATORS) : '') + p;
  if (chance(rand, oddness / 10)) body = pick(rand, [' ', '\n', '\u2003', 'x', '<div>']) + body;
  if (chance(rand, oddness / 10)) body += pick(rand, [' ', '\n', '<p>', '</p>', 'x']);
  return {
    guid: `uspa-${Math.floor(rand() * 1e6)}`,
    version: null,
    headline: pick(rand, HEADLINES),
    section: null,
    slugline: null,
    byline: null,
    dateline: pick(rand, DATELINES),
    agency: pick(rand, AGENCIES),
    bodyHtml: body,
    language: null,
    keywords: [],
    urgency: null,
    pubStatus: 'usable',
    firstCreated: null,
    versionCreated: pick(rand, REFERENCES),
    embargoedUntil: null,
    expiresAt: null,
    url: 'https://uspa.example.test/a/1',
    rights: chance(rand, 0.3) ? { notice: '© 2026 USPA. All rights reserved.', holder: 'USPA' } : null,
    subjects: [],
    images: [],
    edNote: null,
    sequence: null,
    takeKey: null,
    statusMarkers: [],
  };
}

/** Plain data for comparing (two invalid dates are unequal to isDeepStrictEqual). */
function plain(value: unknown): unknown {
  if (value instanceof Date) return { date: String(value.getTime()) };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        // Licence terms read after the reference was frozen (issues 23 and 25), part of no hash.
        .filter(([k]) => k !== 'tdmAllowed' && k !== 'picturesAllowed')
        .map(([k, v]) => [k, plain(v)]),
    );
  return value;
}

/** Deep equality, and the same key order (a dateline's goes into the content hash as JSON). */
function expectSame(what: string, input: unknown, actual: unknown, expected: unknown): void {
  const a = plain(actual);
  const b = plain(expected);
  if (!isDeepStrictEqual(a, b) || JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(
      `${what} differs from the reference on ${JSON.stringify(input)}:\n new ${JSON.stringify(a)}\n ref ${JSON.stringify(b)}`,
    );
}

/** Overwrites what a result holds: a cache that hands out shared objects shows on a later item. */
function vandalise(value: unknown): void {
  if (!value || typeof value !== 'object' || value instanceof Date) return;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v && typeof v === 'object') vandalise(v);
    else if (typeof v === 'string') (value as Record<string, unknown>)[key] = 'VANDALISED';
  }
}

const copy = (item: WireItem): WireItem => ({
  ...item,
  dateline: item.dateline && { ...item.dateline },
  agency: item.agency && { ...item.agency },
  rights: item.rights && { ...item.rights },
});

describe('the USPA profile gives what the reference gives (differential, seeded)', () => {
  const rand = random(2026);
  const items = Array.from({ length: 6000 }, () => generatedItem(rand));

  it('refines each generated item as the reference does, twice over (memoised paths included)', () => {
    const seen = { uspa: 0, dateline: 0, footer: 0, plainOpening: 0, apostrophe: 0, untouched: 0 };
    for (const round of [0, 1])
      for (const item of round ? [...items].reverse() : items) {
        const input = copy(item);
        const actual = applyAgencyProfile(input);
        expectSame('applyAgencyProfile', item, actual, refAgencies.applyAgencyProfile(copy(item)));
        expectSame('its input', item, input, item);
        if (actual === input) seen.untouched += 1;
        else seen.uspa += 1;
        if (actual.dateline && actual.dateline !== item.dateline) seen.dateline += 1;
        if (actual.rights?.notice.includes('Liability')) seen.footer += 1;
        if (/^<p>[^<&\n]{0,40}USPA/.test(item.bodyHtml) && actual !== input) seen.plainOpening += 1;
        if (actual.bodyHtml.includes("'") && !item.bodyHtml.includes("'")) seen.apostrophe += 1;
        // The dateline may come from a cache; the rest is the input's or USPA's own reference.
        if (actual.dateline !== input.dateline) vandalise(actual.dateline);
      }
    // The generator reaches every path it is meant to (a generator gone wrong would compare nothing).
    for (const [what, n] of Object.entries(seen)) expect([what, n > 500]).toEqual([what, true]);
  });

  it('prepares each generated item as the reference does', () => {
    for (const [k, item] of items.slice(0, 3000).entries()) {
      const actual = prepareItem(copy(item), k + 1, { now: NOW });
      expectSame('prepareItem', item, actual, refPrepare.prepareItem(copy(item), k + 1, { now: NOW }));
      vandalise(actual);
    }
  });

  it('splits datelines as the reference does with the reference month changing between items', () => {
    const rand2 = random(99);
    for (let n = 0; n < 20000; n += 1) {
      const text = pick(rand2, OPENINGS) + pick(rand2, SENTENCES);
      const reference = pick(rand2, REFERENCES);
      const actual = splitDateline(text, reference);
      expectSame('splitDateline', [text, reference], actual, refDateline.splitDateline(text, reference));
      vandalise(actual);
    }
  });
});
