/**
 * prepareItem's output is stored and its contentHash compared on every re-delivery: a faster prepare
 * must give exactly what the one it replaced gave. tests/reference/prepare-v2 is a frozen copy of the
 * prepare path at PREPARE_VERSION 2 (see the README there); every item of the fixtures, of the shared
 * corpus (when it is beside the repository) and of thousands of generated hostile items is prepared
 * by both, and the results (articles, warnings, problems, hashes) must be deeply equal. The pure
 * helpers that were rewritten are compared the same way on generated text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { AgencyIndex, AGENCY_DIRECTORY, aliasKey } from '../../plugins/wire/server/src/agencies/directory';
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import type { WireItem } from '../../plugins/wire/server/src/formats/types';
import { PREPARE_VERSION, prepareItem, type PrepareContext } from '../../plugins/wire/server/src/ingest/prepare';
import { splitDateline } from '../../plugins/wire/server/src/normalise/dateline';
import { htmlDepth, sanitizeBodyWithin } from '../../plugins/wire/server/src/normalise/html';
import { looksLikeLicenceFooter } from '../../plugins/wire/server/src/normalise/licence';
import {
  firstTextLine,
  guessLanguage,
  htmlToText,
  paragraphText,
  splitHtmlParagraphs,
  textStats,
  wordCount,
} from '../../plugins/wire/server/src/normalise/text';
import { asWebUrl } from '../../plugins/wire/server/src/normalise/urls';
import * as refDirectory from '../reference/prepare-v2/agencies/directory';
import * as refPrepare from '../reference/prepare-v2/ingest/prepare';
import * as refDateline from '../reference/prepare-v2/normalise/dateline';
import * as refHtml from '../reference/prepare-v2/normalise/html';
import * as refLicence from '../reference/prepare-v2/normalise/licence';
import * as refText from '../reference/prepare-v2/normalise/text';
import * as refUrls from '../reference/prepare-v2/normalise/urls';
import { chance, pick, seededRandom as random, type Rand } from '../helpers/seeded';

const NOW = new Date('2026-11-20T12:00:00Z');
const USPA_EN =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';
const USPA_DE =
  'Die Haftung für diesen Artikel liegt beim Autor, der auch das Urheberrecht hält. Redaktionelle Inhalte von USPA dürfen auf anderen Webseiten zitiert werden, sofern das Zitat nicht mehr als 5% des gesamten Textes umfasst, als solches gekennzeichnet ist und die Quelle genannt wird (per Hyperlink).';
const NOTICES = [
  USPA_EN,
  USPA_DE,
  '© 2026 Example Press. All rights reserved.',
  'Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
  'Free to use in full with attribution. Source must be named.',
  'Quotes up to 10 % permitted; full text only with written permission.',
  'Tous droits réservés. Reproduction intégrale interdite.',
  'Nachdruck frei, Quellenangabe erbeten.',
  'Creative Commons CC-BY 4.0',
  'Some notice nobody can read; maybe.',
  '   ',
  '',
];

const OPENINGS = [
  'BERLIN (USPA News) - ',
  'BERLIN (USPA News) -',
  'Berlin (USPA) – ',
  'USPA News - ',
  'uspa news - ',
  'HAMBURG, 27. November (USPA News) - ',
  '(ANSA) - ROME, NOV 27 - ',
  'WASHINGTON, Aug 29, 2014 (AP) _ ',
  'SEATTLE, Wash. (AP) -- ',
  'SYDNEY, Oct 20 AAP - ',
  'Paris (AFP) - ',
  'Hamburg (dpa) - ',
  'LONDON, Dec 3 (Reuters) - ',
  'NEW YORK (NWP Press) - ',
  'berlin (dpa) - ',
  'A sentence that is far too long to be any kind of place name at all (Reuters) - ',
  'BERLIN (USPA&nbsp;News) - ',
  'BERLIN <b>(USPA News)</b> - ',
  'BERLIN  (USPA   News) \t- ',
  '(USPA News) - BERLIN - ',
  '',
  '',
];
const SENTENCES = [
  'Officials said on Tuesday that the new timetable would add trains and cut waiting times for commuters.',
  'The minister, who spoke to reporters in the capital, said it was the first of several steps.',
  'Der Minister sagte am Dienstag, dass die Bahn mit dem neuen Fahrplan nicht mehr Züge für die Pendler einsetzen wird.',
  'Le ministre a déclaré que la réforme est une étape pour les usagers et que les trains sont plus nombreux dans la région.',
  'El ministro dijo que la reforma es una de las medidas para los usuarios y que se espera su aprobación con el apoyo del partido.',
  'Il ministro ha detto che la riforma della rete è una delle misure per gli utenti e che non ci sono alternative alla ferrovia.',
  'Ο υπουργός δήλωσε ότι η μεταρρύθμιση είναι το πρώτο βήμα.',
  '東京の新しい時刻表は来月から始まる。',
  'Children`s groups and workers` unions welcomed the `plan` today.',
  'Fish &amp; chips cost 5&nbsp;euros, &quot;quoted&quot; &#8217;curly&#x2019; &unknown; and &#10;a newline &#160;nbsp.',
  'Bare & ampersand, 5 < 6 and 7 > 4 in plain text.',
  'Tabs\tand\u00a0non-breaking\u2003em spaces  and   runs of  spaces\u2028line separators.',
  'THE KELVIN SIGN \u212a AND THE DOTTED \u0130STANBUL, \u00dfTRASSE and emoji 📰 sit here.',
  '– — … punctuation only ... !!! ???',
  '12 345 67.8 numbers 2026 only',
  'A link to <a href="https://example.test/a?x=1&amp;y=2">the report</a> and <a href="javascript:alert(1)">a trap</a>.',
  'An <em>emphasised</em> and <strong>strong</strong> word, <span class="dateline">BERLIN</span>.',
  'A picture <img src="https://img.example.test/p.jpg" alt="A picture"> in the text <IMG SRC=\'https://img.example.test/q.jpg\'>.',
  'A bad picture <img src="data:image/png;base64,AAAA"> and <img alt="no source"> and <imgx src="https://x.test/">.',
  'Scripted <script>document.write("<p>x</p>")</script> and styled <style>p{}</style><SCRIPT >x</SCRIPT > text.',
  'A comment <!-- <p>hidden</p> --> and a stray < sign and <a title="</p>">odd</a> attribute.',
  'Entity &am<b>p; split by a tag and &amp\nnewline.',
  'Reporting by Jane Doe; Editing by John Roe',
  'Associated Press=',
  'dpa xyz abc',
];
const FOOTERS = [
  USPA_EN,
  USPA_DE,
  USPA_EN.replace(/ /g, '&nbsp;'),
  USPA_EN.replace('5%', '<b>5%</b>'),
  'Liability for this text: none. May be quoted.',
  '© 2026 Example Press. All rights reserved.',
  'This paragraph only looks like a footer because it mentions 5 percent and a hyperlink to the source via hyperlink.',
  '',
];
const HEADLINES = [
  'Rail timetable change',
  'Children`s `groups` welcome plan',
  '  Spaces   and\ttabs\nin a headline  ',
  '',
  '   ',
  'x'.repeat(256),
  'Überraschung in München: Züge fahren häufiger',
  '<b>Markup</b> &amp; entities in a headline',
];
const AGENCIES: Array<WireItem['agency']> = [
  null,
  null,
  { code: 'USPA', name: 'USPA News', homepage: null },
  { code: 'uspa', name: 'USPA', homepage: 'https://uspa.example.test' },
  { code: 'AP', name: 'Associated Press', homepage: null },
  { code: 'nprov:DPA', name: 'dpa' },
  { code: 'Foo-Bar', name: 'Foo Bar Press', homepage: 'javascript:alert(1)' },
  { code: 'ZZZ', name: 'the author' },
  { code: 'Wire-Service', name: '', homepage: ' https://wire.example.test/ ' },
];
const GUIDS = [
  null,
  '',
  '  ',
  'urn:newsml:dpa.com:20261120:abc',
  'tag:reuters.com,2026:newsml_X1',
  'https://www.apnews.com/article/1',
  'bench-1',
  'urn:newsml:unknown.example:1',
];
const URLS = [
  null,
  'https://bench.example.test/a/1',
  ' http://example.test/x ',
  'javascript:alert(1)',
  'not a url',
  'https://www.reuters.com/world/x',
  '',
];
const EMBARGOES: Array<string | null | undefined> = [
  undefined,
  undefined,
  null,
  '',
  '2026-12-05T10:00:00+01:00',
  'December 5, 2026 10:00 ET',
  '05.12.2026 10:00 MEZ',
  '1980-01-01T00:00Z',
  '3026-01-01T00:00Z',
  'sometime next week',
];
const DATELINES: Array<WireItem['dateline']> = [
  null,
  null,
  null,
  { text: 'SYDNEY, Oct 20', place: 'SYDNEY', region: null, country: null, date: '2026-10-20', agency: null },
];

/** Dates at the edges of toISOString's four-digit years, and one it refuses. */
const ODD_DATES = [
  new Date('0000-01-01T00:00:00.000Z'),
  new Date('0999-12-31T23:59:59.009Z'),
  new Date('1000-01-01T00:00:00.090Z'),
  new Date('9999-12-31T23:59:59.999Z'),
  new Date('+010000-01-01T00:00:00.000Z'),
  new Date('-000001-01-01T00:00:00.000Z'),
  new Date(NaN),
  new Date('2026-02-03T04:05:06.700Z'),
];

function paragraph(rand: Rand, html: string): string {
  const tag = pick(rand, ['<p>', '<p>', '<p>', '<P>', '<p class="x">', '<div>', '']);
  const close = tag === '' ? '<br>' : tag === '<div>' ? '</div>' : tag === '<P>' ? '</P>' : '</p>';
  return chance(rand, 0.05) ? `${tag}${html}` : `${tag}${html}${close}`;
}

/** A generated item mixing the conventions and the tricks prepare has to read the same way twice. */
function generatedItem(rand: Rand, i: number): { item: WireItem; ctx: PrepareContext } {
  const paragraphs: string[] = [];
  if (chance(rand, 0.15))
    paragraphs.push(paragraph(rand, pick(rand, ['By MARIA LOPEZ', 'by Jane Doe', 'BY THE DESK'])));
  const count = 1 + Math.floor(rand() * 6);
  for (let k = 0; k < count; k += 1) {
    let text = '';
    const sentences = 1 + Math.floor(rand() * 4);
    for (let s = 0; s < sentences; s += 1) text += (s ? ' ' : '') + pick(rand, SENTENCES);
    paragraphs.push(paragraph(rand, (k === 0 ? pick(rand, OPENINGS) : '') + text));
  }
  const footer = pick(rand, FOOTERS);
  if (footer) paragraphs.push(paragraph(rand, footer));
  let body = paragraphs.join(pick(rand, ['', '\n', '\r\n', ' ']));
  if (chance(rand, 0.03)) body = `${'<div>'.repeat(300)}deep${'</div>'.repeat(300)}`;
  if (chance(rand, 0.02)) body = `<![CDATA[ ${body} ]]>`;
  if (chance(rand, 0.02)) body = '';
  if (chance(rand, 0.02)) body = '<script>only a script</script>';
  const rights = chance(rand, 0.5)
    ? {
        notice: pick(rand, NOTICES),
        holder: pick(rand, [null, 'Example Press', 'the author', '  ']),
        ...(chance(rand, 0.3) ? { translations: [{ language: 'de', notice: USPA_DE }] } : {}),
      }
    : null;
  const created = chance(rand, 0.8) ? new Date(Date.UTC(2026, Math.floor(rand() * 12), 1 + (i % 28), 9)) : null;
  const item: WireItem = {
    guid: pick(rand, GUIDS),
    version: chance(rand, 0.5) ? 1 + (i % 3) : null,
    headline: pick(rand, HEADLINES),
    section: chance(rand, 0.5) ? 'Transport' : null,
    slugline: chance(rand, 0.2) ? 'RAIL-TIMETABLE' : null,
    byline: chance(rand, 0.4) ? 'Desk 1' : null,
    dateline: pick(rand, DATELINES),
    agency: pick(rand, AGENCIES),
    bodyHtml: body,
    language: chance(rand, 0.2) ? pick(rand, ['en', 'de', 'fr']) : null,
    keywords: chance(rand, 0.5) ? ['Transport', 'Rail'] : [],
    urgency: chance(rand, 0.3) ? 3 : null,
    pubStatus: pick(rand, ['usable', 'usable', 'withheld', 'canceled'] as const),
    firstCreated: chance(rand, 0.05) ? pick(rand, ODD_DATES) : created,
    versionCreated: chance(rand, 0.05) ? pick(rand, ODD_DATES) : created,
    embargoedUntil: chance(rand, 0.1) ? new Date('2026-12-01T00:00:00Z') : null,
    expiresAt: chance(rand, 0.1) ? pick(rand, [new Date('2027-01-01T00:00:00Z'), ...ODD_DATES]) : null,
    url: pick(rand, URLS),
    rights,
    subjects: chance(rand, 0.3) ? [{ code: 'medtop:20000349', name: 'transport' }] : [],
    images: chance(rand, 0.4)
      ? [
          {
            url: pick(rand, ['https://img.example.test/p.jpg', 'javascript:x', 'ftp://x.test/y.jpg']),
            type: null,
            caption: null,
            credit: 'Photo desk',
            width: null,
            height: null,
          },
        ]
      : [],
    edNote: chance(rand, 0.1) ? 'Corrects the day' : null,
    sequence: chance(rand, 0.1) ? '0042' : null,
    takeKey: chance(rand, 0.1) ? '1st Ld-Writethru' : null,
    statusMarkers: chance(rand, 0.1) ? ['REFILE'] : [],
  };
  const embargo = pick(rand, EMBARGOES);
  if (embargo !== undefined) item.embargoRaw = embargo;
  const ctx: PrepareContext = {
    defaultAgency: chance(rand, 0.3) ? { code: 'DPA', name: 'Deutsche Presse-Agentur' } : null,
    feedTitle: chance(rand, 0.5) ? pick(rand, ['USPA News', 'Hanse Presse Feed', 'alle Rechte vorbehalten']) : null,
    now: NOW,
  };
  return { item, ctx };
}

/** An editor-edited directory (an alias added, one renamed), as both implementations would get it. */
const EDITED = AGENCY_DIRECTORY.map((e) =>
  e.code === 'DPA' ? { ...e, aliases: [...e.aliases, 'Hanse Presse Feed'] } : e,
);
const editedIndex = new AgencyIndex(EDITED);
const refEditedIndex = new refDirectory.AgencyIndex(EDITED);

/** Overwrites everything reachable in a result: a cache that hands out shared objects shows up on the next item. */
function vandalise(value: unknown, seen = new Set<unknown>()): void {
  if (!value || typeof value !== 'object' || seen.has(value) || value instanceof Date) return;
  seen.add(value);
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v && typeof v === 'object') vandalise(v, seen);
    else (value as Record<string, unknown>)[key] = typeof v === 'string' ? 'VANDALISED' : v;
  }
  if (Array.isArray(value)) value.push('VANDALISED');
}

/** A deep copy of plain data (structuredClone's copies come from another realm under jest). */
function clone<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  return value;
}

/** Deep equality that also holds for invalid dates (isDeepStrictEqual finds two NaN dates unequal). */
function same(a: unknown, b: unknown): boolean {
  const plain = (value: unknown): unknown => {
    if (value instanceof Date) return { invalidOrTime: String(value.getTime()), date: true };
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  return isDeepStrictEqual(plain(a), plain(b));
}

/**
 * The licence reader's terms the reference predates: `tdmAllowed` (issue 23, LICENCE_READER_VERSION
 * 3), tested on its own in tests/unit/policy.test.ts, and `picturesAllowed` (issue 25, reader 4),
 * tested in tests/unit/pictures.test.ts. They are part of no hash (the notice is), so the reference
 * is not refreshed for them; everything else must still be identical.
 */
function withoutTdm<T>(prepared: T): T {
  const licence = (prepared as { ok?: boolean; article?: { licence?: { terms?: Record<string, unknown> } } }).article
    ?.licence;
  if (licence?.terms && ('tdmAllowed' in licence.terms || 'picturesAllowed' in licence.terms)) {
    const { tdmAllowed: _tdm, picturesAllowed: _pictures, ...terms } = licence.terms;
    licence.terms = terms;
  }
  return prepared;
}

let compared = 0;
/** What the compared results were, so that a generator gone wrong (everything refused) shows. */
const seen = { ok: 0, refused: 0, uspa: 0, footer: 0, guessed: 0, embargoHold: 0, warnings: 0 };
function samePrepared(item: WireItem, index: number, ctx: PrepareContext, edited = false): void {
  const input = clone(item);
  const refCtx = { ...ctx, agencies: edited ? refEditedIndex : undefined };
  const newCtx = { ...ctx, agencies: edited ? editedIndex : undefined };
  const expected = refPrepare.prepareItem(clone(item), index, refCtx as refPrepare.PrepareContext);
  const actual = withoutTdm(prepareItem(input, index, newCtx));
  if (!same(actual, expected)) {
    throw new Error(
      `prepare differs from the reference on item ${index} ${JSON.stringify(item)}:\n new ${JSON.stringify(actual)}\n ref ${JSON.stringify(expected)}`,
    );
  }
  // prepare does not touch its input.
  expect(same(input, item)).toBe(true);
  if (actual.ok) {
    seen.ok += 1;
    if (actual.article.agency.code === 'USPA') seen.uspa += 1;
    if (actual.article.licence?.notice.startsWith('Liability for this article')) seen.footer += 1;
    if (actual.article.language && !item.language) seen.guessed += 1;
    if (actual.article.embargoHold) seen.embargoHold += 1;
    if (actual.warnings.length) seen.warnings += 1;
  } else seen.refused += 1;
  vandalise(actual);
  compared += 1;
}

/** The shared corpus sits beside the repository (or above a worktree of it); none on a bare clone. */
function corpusDir(): string | null {
  for (let dir = path.resolve(__dirname, '../..'); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'corpus');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

describe('prepare is unchanged by the work on its speed (differential, against tests/reference/prepare-v2)', () => {
  it('is still the version the reference was frozen at', () => {
    expect(PREPARE_VERSION).toBe(refPrepare.PREPARE_VERSION);
  });

  it('prepares every item of the fixtures and the shared corpus as the reference does', () => {
    const dirs = [path.resolve(__dirname, '../fixtures'), corpusDir()].filter((d): d is string => !!d);
    let items = 0;
    for (const file of dirs.flatMap(filesUnder)) {
      if (/\.(?:md|json)$/.test(file) && file.includes(`${path.sep}expected${path.sep}`)) continue;
      let parsed;
      try {
        parsed = parseDocument({ text: fs.readFileSync(file, 'utf8'), origin: file });
      } catch {
        continue; // documents the parsers refuse (bad/ fixtures) never reach prepare
      }
      for (const [k, item] of parsed.items.entries()) {
        for (const edited of [false, true]) {
          samePrepared(item, k + 1, { feedTitle: parsed.feedTitle ?? null, now: NOW }, edited);
          samePrepared(item, k + 1, { defaultAgency: { code: 'AP', name: 'AP' }, now: NOW }, edited);
        }
        items += 1;
      }
    }
    expect(items).toBeGreaterThan(20);
  });

  it('prepares thousands of generated hostile items as the reference does, twice over (memoised paths included)', () => {
    const rand = random(12);
    const generated = Array.from({ length: 4000 }, (_, i) => generatedItem(rand, i));
    for (const round of [0, 1])
      for (const [i, { item, ctx }] of generated.entries()) samePrepared(item, i + 1, ctx, (i + round) % 5 === 0);
    expect(compared).toBeGreaterThanOrEqual(8000);
    for (const [what, n] of Object.entries(seen)) expect([what, n > 300]).toEqual([what, true]);
  });

  it('refuses a body over the size limit as the reference does', () => {
    const { item, ctx } = generatedItem(random(3), 1);
    samePrepared({ ...item, bodyHtml: `<p>${'a'.repeat(2 * 1024 * 1024)}</p>` }, 1, ctx);
    samePrepared({ ...item, bodyHtml: `<p>${'ü'.repeat(1024 * 1024 + 10)}</p>` }, 1, ctx);
    samePrepared({ ...item, bodyHtml: `<p>${'ü'.repeat(1024 * 1024 - 10)}</p>` }, 1, ctx);
  });
});

/** Text made of the pieces the rewritten helpers branch on, in random order. */
function hostileText(rand: Rand, pieces = 40): string {
  const atoms = [
    '<p>',
    '</p>',
    '</P >',
    '<br>',
    '<br/>',
    '<BR />',
    '</div>',
    '</li\n>',
    '</h3>',
    '</h7>',
    '</pre>',
    '</PRE\t>',
    '</pr>',
    '</blockquote>',
    '</Table >',
    '</tr>',
    '</section>',
    '</article>',
    '</p/>',
    '</br>',
    '<br / >',
    '<br\u00a0/>',
    '<brx>',
    '<Br\u2003>',
    '<b>',
    '</b>',
    '<a href="x">',
    '<a title="</p>">',
    '<script>',
    '</script>',
    '<style>',
    '</style >',
    '<scripts>',
    '<!-- ',
    ' -->',
    '<',
    '>',
    '&',
    '&amp;',
    '&am',
    'p;',
    '&nbsp;',
    '&#160;',
    '&#10;',
    '&#x9;',
    '&#0;',
    '&#x110000;',
    '&unknown;',
    '&Auml;',
    ' ',
    '  ',
    '\t',
    '\n',
    '\r',
    '\f',
    '\v',
    '\u00a0',
    '\u2003',
    '\u2028',
    '\ufeff',
    'the',
    'The',
    'THE',
    'and',
    'der',
    'die',
    'und',
    'le',
    'la',
    'el',
    'il',
    'della',
    'für',
    'Straße',
    '\u212a',
    'i\u212a',
    '\u212aa',
    '\u0130',
    'x',
    'word',
    '123',
    '—',
    '...',
    '📰',
    '\ud800',
    'BERLIN (USPA News) - ',
    '(dpa) -',
    'USPA News - ',
    '`',
    "Children's",
  ];
  let out = '';
  for (let k = 0; k < pieces; k += 1) out += pick(rand, atoms);
  return out;
}

describe('the rewritten helpers give what the reference gives', () => {
  it('htmlToText, paragraphText, splitHtmlParagraphs, wordCount, guessLanguage, htmlDepth on generated hostile text', () => {
    const rand = random(7);
    for (let n = 0; n < 20000; n += 1) {
      const text = hostileText(rand, 1 + Math.floor(rand() * 80));
      const same = (name: string, a: unknown, b: unknown) => {
        if (!isDeepStrictEqual(a, b))
          throw new Error(
            `${name} differs on ${JSON.stringify(text)}: new ${JSON.stringify(a)}, ref ${JSON.stringify(b)}`,
          );
      };
      same('htmlToText', htmlToText(text), refText.htmlToText(text));
      same('firstTextLine', firstTextLine(text), refText.htmlToText(text).split('\n')[0] ?? '');
      same('firstTextLine', firstTextLine(`<p>${text}`), refText.htmlToText(`<p>${text}`).split('\n')[0] ?? '');
      same('paragraphText', paragraphText(text), refText.htmlToText(text));
      same('paragraphText', paragraphText(`<p>${text}</p>`), refText.htmlToText(`<p>${text}</p>`));
      same('paragraphText', paragraphText(`<p>${text}`), refText.htmlToText(`<p>${text}`));
      same('splitHtmlParagraphs', splitHtmlParagraphs(text), refText.splitHtmlParagraphs(text));
      same(
        'splitHtmlParagraphs',
        splitHtmlParagraphs(`<p>${text}</p> \n<p>${text}`),
        refText.splitHtmlParagraphs(`<p>${text}</p> \n<p>${text}`),
      );
      same('wordCount', wordCount(text), refText.wordCount(text));
      same('guessLanguage', guessLanguage(text), refText.guessLanguage(text));
      same('htmlDepth', htmlDepth(text, 5), refHtml.htmlDepth(text, 5));
      same('htmlDepth', htmlDepth(text), refHtml.htmlDepth(text));
      same('splitDateline', splitDateline(text, NOW), refDateline.splitDateline(text, NOW));
      same('looksLikeLicenceFooter', looksLikeLicenceFooter(text), refLicence.looksLikeLicenceFooter(text));
      same('aliasKey', aliasKey(text), refDirectory.aliasKey(text));
    }
  });

  it('asWebUrl on generated links, plain and hostile', () => {
    const rand = random(5);
    const parts = [
      'http://',
      'https://',
      'HTTPS://',
      'ftp://',
      'javascript:',
      ' ',
      '\t',
      'example',
      'EXAMPLE',
      'test',
      'a',
      '1',
      '999',
      '256',
      '0x1f',
      '1e3',
      '.',
      '..',
      '-',
      '_',
      'xn--',
      'xn--abc',
      'xn--mnchen-3ya',
      'XN--',
      ':',
      ':80',
      ':65536',
      ':99999',
      '@',
      'user:pw@',
      '/',
      '\\',
      '?q=1&x',
      '#f',
      '%zz',
      '%41',
      '[::1]',
      'ü',
      '\u00ad',
      '<',
      '"',
      '{',
      '~',
      '\u0000',
    ];
    for (let n = 0; n < 30000; n += 1) {
      let url = pick(rand, ['http://', 'https://', 'HTTP://', '']);
      const count = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < count; k += 1) url += pick(rand, parts);
      expect([url, asWebUrl(url)]).toEqual([url, refUrls.asWebUrl(url)]);
    }
  });

  it('guessLanguage where lower-casing turns a letter into ASCII (the Kelvin sign) or lengthens it', () => {
    for (const text of [
      'i\u212a '.repeat(30),
      'the \u212a '.repeat(30),
      'the\u212athe and '.repeat(30),
      '\u0130l the '.repeat(30),
      '\u212a'.repeat(3001) + ' the'.repeat(30),
      'the and of '.repeat(300) + '\u212a',
    ])
      expect([text, guessLanguage(text)]).toEqual([text, refText.guessLanguage(text)]);
  });

  it('guessLanguage on long generated prose in each language', () => {
    const rand = random(11);
    for (let n = 0; n < 3000; n += 1) {
      let text = '';
      const words = 5 + Math.floor(rand() * 600);
      for (let k = 0; k < words; k += 1)
        text += (pick(rand, SENTENCES).split(' ')[k % 8] ?? 'x') + pick(rand, [' ', ', ', '\n', '  ']);
      text += pick(rand, [' ', '\n', '. ', '']);
      expect(guessLanguage(text)).toBe(refText.guessLanguage(text));
    }
  });
});

/** Every unit `\s` reads as white space, and some that look like it but are not. */
const ALL_SPACES = [
  ...'\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff',
  ...Array.from({ length: 11 }, (_, k) => String.fromCharCode(0x2000 + k)),
];
const NOT_SPACES = ['\u0085', '\u180e', '\u200b', '\u00ad', '\u0000', '\u001f'];

/** Plain text with what textStats branches on: ASCII and other letters, stopwords, spaces, surrogates, long runs. */
function unicodeText(rand: Rand): string {
  const atoms = [
    ...ALL_SPACES,
    ...NOT_SPACES,
    ...Object.values(refText.STOPWORDS).flat(),
    'THE',
    'Und',
    'DELLA',
    'thee',
    'andx',
    'x',
    'word',
    '123',
    '4th',
    '_',
    '-',
    "'s",
    '...',
    '\u00e9',
    '\u00df',
    'stra\u00dfe',
    '\u212a',
    '\u0130',
    '\u0301',
    'e\u0301',
    '\u6771\u4eac',
    '\u0663',
    '\u2160',
    '\u00b2',
    '\ud83d\udcf0', // a pictograph: no letter
    '\ud835\udc00', // MATHEMATICAL BOLD CAPITAL A: a letter outside the BMP
    '\ud835\udfcf', // MATHEMATICAL BOLD DIGIT ONE: a number outside the BMP
    '\ud800',
    '\udc00',
    '\udc00\ud800',
    '\u2014',
    '\u00a0',
  ];
  const pieces = Math.floor(rand() * 120);
  let out = '';
  for (let k = 0; k < pieces; k += 1) {
    const atom = pick(rand, atoms);
    out += chance(rand, 0.02) ? atom.repeat(1 + Math.floor(rand() * 400)) : atom;
  }
  return out;
}

describe('textStats counts words and guesses the language as wordCount and guessLanguage do', () => {
  const check = (text: string) => {
    for (const guess of [true, false]) {
      const expected = { words: refText.wordCount(text), language: guess ? refText.guessLanguage(text) : null };
      const actual = textStats(text, guess);
      if (!isDeepStrictEqual(actual, expected))
        throw new Error(
          `textStats differs on ${JSON.stringify(text)} (guess ${guess}): new ${JSON.stringify(actual)}, ref ${JSON.stringify(expected)}`,
        );
    }
  };

  it('on generated hostile markup and on generated Unicode text', () => {
    const rand = random(21);
    const languages = new Set<string | null>();
    for (let n = 0; n < 6000; n += 1) {
      check(hostileText(rand, 1 + Math.floor(rand() * 80)));
      const text = unicodeText(rand);
      check(text);
      languages.add(refText.guessLanguage(text));
    }
    // The generator reaches every outcome of the guess.
    expect(languages.size).toBe(6);
  });

  it('on long prose with something other than ASCII just before, at and after the 3000 units the guess reads', () => {
    const rand = random(22);
    const prose = 'the minister said that it was the first of several steps and that trains would run ';
    for (let n = 0; n < 800; n += 1) {
      const at = 2990 + Math.floor(rand() * 20);
      let text = prose.repeat(40).slice(0, at);
      text += pick(rand, [...ALL_SPACES, ...NOT_SPACES, '\u00e9', '\ud835\udc00', '\ud800', 'x', ' ', '\u212a']);
      text += pick(rand, ['', 'the', 'x', ' and', '\u00e9t\u00e9 ', prose, 'a'.repeat(5)]);
      check(text);
      check(text.toUpperCase());
      // About twenty tokens and a few stopwords (the guess's thresholds), then a piece at unit 2995-3002.
      const few = Array.from({ length: 14 + Math.floor(rand() * 10) }, () =>
        pick(rand, ['the', 'and', 'der', 'nicht', 'della', 'che', 'x', 'zz']),
      );
      let sparse = `${pick(rand, ['', ' ', '-'])}${few.join(' ')} `;
      const boundary = 2995 + Math.floor(rand() * 8);
      sparse += pick(rand, ['-', 'a', ' ']).repeat(Math.max(0, boundary - sparse.length));
      sparse +=
        pick(rand, ['\u00e9', ' della', 'nicht', 'the', ' ', '-', ' \u00e9 ']) + pick(rand, ['', ' ', 'a', ' the']);
      check(sparse);
    }
  });

  it('on long runs', () => {
    for (const unit of ['a', '-', '\u00e9', '\u2014', ' ', '\u00a0', '\ud835\udc00', '\ud800'])
      for (const text of [
        unit.repeat(2e5),
        `${unit.repeat(2e5)} the`,
        `the ${unit.repeat(2e5)}`,
        `-${unit.repeat(2e5)}a`,
      ])
        check(text);
  });
});

/**
 * Markup nested to a random depth, mostly what the sanitizer's fast path takes (allowed tags, each
 * closed in order), with the sloppy kinds htmlDepth and the parser read their own way: a paragraph
 * or list item opened inside another, unclosed or stray end tags, capitals, void and self-closed tags.
 */
function nestedMarkup(rand: Rand): string {
  const containers = [
    'p',
    'b',
    'em',
    'strong',
    'blockquote',
    'ul',
    'li',
    'span class="dateline"',
    'a href="https://x.test/"',
    'table',
    'tr',
    'td',
    'div',
    'q',
    'figure',
  ];
  const leaves = [
    'text',
    ' ',
    '<br>',
    '<br/>',
    '<hr />',
    '<img src="https://x.test/i.jpg">',
    '&amp;',
    '\u00e9\ud83d\udcf0',
    '<p/>',
    '<b />',
    '</i>',
    '<',
    '>',
    '<!-- c -->',
  ];
  const open: string[] = [];
  let out = '';
  const steps = Math.floor(rand() * 60);
  for (let k = 0; k < steps; k += 1) {
    const r = rand();
    if (r < 0.45) {
      const tag = pick(rand, containers);
      const written = chance(rand, 0.05) ? tag.toUpperCase() : tag;
      out += `<${written}>`;
      open.push(tag.split(' ')[0]);
    } else if (r < 0.75 && open.length) {
      const name = open.pop() as string;
      // Now and then left unclosed, or closed by another name.
      if (chance(rand, 0.9)) out += `</${chance(rand, 0.05) ? 'p' : name}>`;
    } else out += pick(rand, leaves);
  }
  while (open.length && chance(rand, 0.9)) out += `</${open.pop()}>`;
  return out;
}

describe('sanitizeBodyWithin refuses and sanitizes as htmlDepth and sanitizeBody did one after the other', () => {
  it('on generated nested markup, at limits around its depth', () => {
    const rand = random(31);
    const outcomes = { refused: 0, fast: 0, full: 0 };
    for (let n = 0; n < 4000; n += 1) {
      const html = nestedMarkup(rand);
      for (const limit of [0, 1, 2, 3, 5, 8, 256]) {
        const expected = refHtml.htmlDepth(html, limit) > limit ? null : refHtml.sanitizeBody(html);
        const actual = sanitizeBodyWithin(html, limit);
        if (actual !== expected)
          throw new Error(
            `sanitizeBodyWithin differs on ${JSON.stringify(html)} (limit ${limit}): new ${JSON.stringify(actual)}, ref ${JSON.stringify(expected)}`,
          );
        if (expected === null) outcomes.refused += 1;
        else if (refHtml.cleanMarkup(html) === null) outcomes.full += 1;
        else outcomes.fast += 1;
      }
    }
    // The generator reaches each way through.
    for (const [what, count] of Object.entries(outcomes)) expect([what, count > 1000]).toEqual([what, true]);
  });

  it('on deep clean markup, just within and past the limit', () => {
    for (const depth of [255, 256, 257, 300])
      for (const tag of ['b', 'p', 'li']) {
        const html = `${`<${tag}>`.repeat(depth)}x${`</${tag}>`.repeat(depth)}`;
        const expected = refHtml.htmlDepth(html, 256) > 256 ? null : refHtml.sanitizeBody(html);
        expect([depth, tag, sanitizeBodyWithin(html, 256)]).toEqual([depth, tag, expected]);
      }
  });
});
