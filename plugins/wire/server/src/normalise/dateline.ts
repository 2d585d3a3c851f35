/**
 * Datelines: the `PLACE, Date (AGENCY) -` line that opens wire copy. Reads the conventions of AP,
 * Reuters, AFP, dpa, AAP, ANSA, ANA and USPA into parts, keeps the raw text, never invents a place.
 */
import type { Dateline } from '../formats/types';
import { detached } from './text';

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  janv: 1,
  janvier: 1,
  januar: 1,
  jän: 1,
  gen: 1,
  gennaio: 1,
  feb: 2,
  february: 2,
  févr: 2,
  fevr: 2,
  février: 2,
  februar: 2,
  febbraio: 2,
  mar: 3,
  march: 3,
  mars: 3,
  märz: 3,
  maerz: 3,
  marzo: 3,
  apr: 4,
  april: 4,
  avr: 4,
  avril: 4,
  aprile: 4,
  may: 5,
  mai: 5,
  mag: 5,
  maggio: 5,
  jun: 6,
  june: 6,
  juin: 6,
  juni: 6,
  giu: 6,
  giugno: 6,
  jul: 7,
  july: 7,
  juil: 7,
  juillet: 7,
  juli: 7,
  lug: 7,
  luglio: 7,
  aug: 8,
  august: 8,
  août: 8,
  aout: 8,
  ago: 8,
  agosto: 8,
  sep: 9,
  sept: 9,
  september: 9,
  septembre: 9,
  set: 9,
  settembre: 9,
  oct: 10,
  october: 10,
  octobre: 10,
  okt: 10,
  oktober: 10,
  ott: 10,
  ottobre: 10,
  nov: 11,
  november: 11,
  novembre: 11,
  dec: 12,
  december: 12,
  déc: 12,
  decembre: 12,
  décembre: 12,
  dez: 12,
  dezember: 12,
  dic: 12,
  dicembre: 12,
};

/** AP style state abbreviations: a region that also tells the country. */
const US_STATES = new Set([
  'Ala.',
  'Ariz.',
  'Ark.',
  'Calif.',
  'Colo.',
  'Conn.',
  'Del.',
  'Fla.',
  'Ga.',
  'Ill.',
  'Ind.',
  'Kan.',
  'Ky.',
  'La.',
  'Md.',
  'Mass.',
  'Mich.',
  'Minn.',
  'Miss.',
  'Mo.',
  'Mont.',
  'Neb.',
  'Nev.',
  'N.H.',
  'N.J.',
  'N.M.',
  'N.Y.',
  'N.C.',
  'N.D.',
  'Okla.',
  'Ore.',
  'Pa.',
  'R.I.',
  'S.C.',
  'S.D.',
  'Tenn.',
  'Vt.',
  'Va.',
  'Wash.',
  'W.Va.',
  'Wis.',
  'Wyo.',
  'Alaska',
  'Hawaii',
  'Idaho',
  'Iowa',
  'Maine',
  'Ohio',
  'Texas',
  'Utah',
]);

/** Agency credits we know by their written form; anything else in parentheses is kept as written. */
const KNOWN_AGENCIES =
  /^(?:AP|Reuters|AFP|dpa|AAP|ANSA|ANA|ANA-MPA|USPA News|USPA|UPI|EFE|KNA|epd|APA|SDA|Kyodo|Xinhua|PA|CP|Bloomberg)$/i;

/** Any agency's name in a credit: up to four words, capitalised first (`NWP Press`, `Hanse Presse`). */
const AGENCY_NAME = /^\p{Lu}[\p{L}\p{N}&.'’-]*(?: [\p{L}\p{N}&.'’-]+){0,3}$/u;

const DASH = String.raw`\s*(?:[-–—_]{1,2}|--)\s*`;

/** `PLACE[, REST] (AGENCY) -` */
const PAREN_FORM = new RegExp(String.raw`^(?<head>[^()\n]{0,80}?)\s*\((?<agency>[^()\n]{2,30})\)` + DASH);
/** `PLACE[, DATE] AGENCY -` without parentheses (AAP, ANSA English), and `USPA News -` alone. */
const BARE_FORM = new RegExp(
  String.raw`^(?:(?<head>[^()\n]{0,80}?)\s+)?(?<agency>USPA News|AAP|ANSA|ANA-MPA|AFP|dpa)` + DASH,
);
/** `(ANSA) - ROME, NOV 27 -`: credit first. */
const CREDIT_FIRST = new RegExp(
  String.raw`^\((?<agency>[^()\n]{2,30})\)` + DASH + String.raw`(?<head>[^\n]{1,60}?)` + DASH,
);

function monthNumber(word: string): number | null {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? null;
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** `Nov 27`, `Aug 29, 2014`, `10 juil 2024`, `27. November`; the year from the reference date when absent. */
export function parseDatelineDate(text: string, reference: Date | null): string | null {
  const t = text.trim().replace(/\s+/g, ' ');
  let m = /^([\p{L}]{3,10})\.? (\d{1,2})(?:,? (\d{4}))?$/u.exec(t);
  let month: number | null, day: number, year: number | null;
  if (m) {
    month = monthNumber(m[1]);
    day = Number(m[2]);
    year = m[3] ? Number(m[3]) : null;
  } else if ((m = /^(\d{1,2})\.? ([\p{L}]{3,10})\.?(?:,? (\d{4}))?$/u.exec(t))) {
    month = monthNumber(m[2]);
    day = Number(m[1]);
    year = m[3] ? Number(m[3]) : null;
  } else {
    return null;
  }
  if (!month) return null;
  if (year === null) {
    if (!reference) return null;
    year = reference.getUTCFullYear();
    // A December dateline on copy filed in early January belongs to the year before.
    if (month - (reference.getUTCMonth() + 1) > 6) year -= 1;
  }
  return isoDate(year, month, day);
}

function looksLikePlace(text: string): boolean {
  // A place is a short run of capitalised words; a sentence is not.
  return /^\p{Lu}[\p{L}.'’ -]{0,50}$/u.test(text) && text.split(' ').length <= 5;
}

function fromHead(raw: string, head: string, agency: string, reference: Date | null): Dateline {
  const dl: Dateline = { text: raw, place: null, region: null, country: null, date: null, agency };
  const parts = head
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const rest: string[] = [];
  for (const part of parts) {
    const date = parseDatelineDate(part, reference);
    if (date && !dl.date) {
      dl.date = date;
      continue;
    }
    // `Aug 29, 2014`: the year stands in its own comma part.
    if (/^\d{4}$/.test(part) && dl.date) {
      dl.date = `${part}${dl.date.slice(4)}`;
      continue;
    }
    rest.push(part);
  }
  if (rest.length && looksLikePlace(rest[0])) dl.place = rest[0];
  if (rest.length > 1 && looksLikePlace(rest[1])) {
    dl.region = rest[1];
    if (US_STATES.has(rest[1])) dl.country = 'US';
  }
  return dl;
}

export interface DatelineSplit {
  dateline: Dateline;
  /** The copy after the dateline. */
  rest: string;
}

/** Where a dateline was found in a text: its raw form, head and credit, and where the rest starts. */
interface DatelineMatch {
  raw: string;
  head: string;
  agency: string;
  restAt: number;
}

function matchDateline(text: string): DatelineMatch | null {
  const credit = CREDIT_FIRST.exec(text);
  if (credit?.groups && KNOWN_AGENCIES.test(credit.groups.agency.trim())) {
    return {
      raw: credit[0].trim(),
      head: credit.groups.head,
      agency: credit.groups.agency.trim(),
      restAt: credit[0].length,
    };
  }
  for (const form of [PAREN_FORM, BARE_FORM]) {
    const m = form.exec(text);
    if (!m?.groups) continue;
    const agency = m.groups.agency.trim();
    const head = (m.groups.head ?? '').trim();
    if (
      form === PAREN_FORM &&
      !KNOWN_AGENCIES.test(agency) &&
      !/^[A-Z][A-Za-z-]{1,15}(?: News)?$/.test(agency) &&
      !AGENCY_NAME.test(agency)
    )
      continue;
    if (head && !/^\p{Lu}/u.test(head)) continue;
    if (head && head.split(/\s+/).length > 8) continue;
    return { raw: m[0].trim(), head, agency, restAt: m[0].length };
  }
  return null;
}

// The same opening may be read twice in a row (the USPA profile reads the opening line, then its
// first paragraph when that is not a plain one, often the same text): the last text's match is kept.
let lastText: string | null = null;
let lastMatch: DatelineMatch | null = null;

// Datelines repeat from item to item (one per place and desk): their parts are read once for each
// reference month (all a dateline's date takes from its reference), in a bounded cache by raw text
// and month.
interface CachedDateline {
  month: number;
  raw: string;
  head: string;
  agency: string;
  dateline: Dateline;
}
const datelineParts = new Map<string, CachedDateline>();
const MAX_CACHED_DATELINES = 1000;
// The one found last, asked first: a desk's copy repeats its dateline item after item, and comparing
// two short strings costs less than building the map's key and hashing it.
let lastParts: CachedDateline | null = null;

/** A copy of a dateline, field by field in the order fromHead makes them (a spread copy costs more). */
const copyOf = (d: Dateline): Dateline => ({
  text: d.text,
  place: d.place,
  region: d.region,
  country: d.country,
  date: d.date,
  agency: d.agency,
});

function datelineOf(m: DatelineMatch, reference: Date | null): Dateline {
  const month = reference ? reference.getUTCFullYear() * 12 + reference.getUTCMonth() : -1;
  // An invalid reference (NaN) is not cached.
  if (Number.isNaN(month)) return fromHead(m.raw, m.head, m.agency, reference);
  const cached =
    lastParts && lastParts.month === month && lastParts.raw === m.raw
      ? lastParts
      : datelineParts.get(`${month}\u0000${m.raw}`);
  if (cached && cached.head === m.head && cached.agency === m.agency) {
    lastParts = cached;
    return copyOf(cached.dateline);
  }
  const dateline = fromHead(m.raw, m.head, m.agency, reference);
  if (datelineParts.size >= MAX_CACHED_DATELINES) datelineParts.clear();
  // Copies: the parts are slices of the copy's text.
  const kept = copyOf(dateline);
  for (const field of ['text', 'place', 'region', 'country', 'date', 'agency'] as const) {
    const value = kept[field];
    if (value) kept[field] = detached(value);
  }
  const raw = detached(m.raw);
  lastParts = { month, raw, head: detached(m.head), agency: detached(m.agency), dateline: kept };
  datelineParts.set(`${month}\u0000${raw}`, lastParts);
  return dateline;
}

/** The last text's match (see lastText). */
function matchOpening(paragraph: string): { text: string; m: DatelineMatch | null } {
  const text = paragraph.replace(/^\s+/, '');
  if (text !== lastText) {
    lastMatch = matchDateline(text);
    lastText = text.length <= 2000 ? text : null;
  }
  return { text, m: lastMatch };
}

/**
 * Finds a dateline at the start of a paragraph of plain text. Returns null when the paragraph does not
 * open with one (then nothing is taken from it).
 */
export function splitDateline(paragraph: string, reference: Date | null = null): DatelineSplit | null {
  const { text, m } = matchOpening(paragraph);
  return m ? { dateline: datelineOf(m, reference), rest: text.slice(m.restAt) } : null;
}

/** Drops trailing dashes and the space before them: /\s*[-–—_]+$/ without its quadratic backtracking over long runs of dashes. */
function withoutTrailingDashes(text: string): string {
  let end = text.length;
  while (end > 0 && '-–—_'.includes(text[end - 1])) end -= 1;
  if (end === text.length) return text;
  while (end > 0 && /\s/.test(text[end - 1])) end -= 1;
  return text.slice(0, end);
}

/** Parses a dateline given on its own (NITF `<dateline>`, G2 `<dateline>`), e.g. `SYDNEY, Oct 20`. */
export function parseDateline(text: string, reference: Date | null = null): Dateline | null {
  const raw = text.replace(/\s+/g, ' ').trim();
  if (!raw) return null;
  const split = splitDateline(`${withoutTrailingDashes(raw)} -`, reference);
  if (split && !split.rest.trim()) return { ...split.dateline, text: raw };
  const dl = fromHead(raw, withoutTrailingDashes(raw), '', reference);
  return { ...dl, agency: null };
}
