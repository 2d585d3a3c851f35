/**
 * Dates as wire formats write them, to UTC `Date`s. RFC 822 (RSS, with odd zones), ISO 8601 with or
 * without colon offsets (Atom, G2, ninjs), and NITF's compact form (`20131020T192751+1100`).
 * Impossible dates are reported, never stored silently.
 */

export const ZONES: Record<string, number> = {
  MEZ: 60,
  MESZ: 120,
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  BST: 60,
  IST: 60,
  WEST: 60,
  CET: 60,
  MET: 60,
  CEST: 120,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  AEST: 600,
  AEDT: 660,
  ACST: 570,
  ACDT: 630,
  AWST: 480,
  NZST: 720,
  NZDT: 780,
  JST: 540,
  KST: 540,
};

export const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
  // German spellings that differ in their first three letters (März, Mai, Okt., Dez.).
  mär: 2,
  mrz: 2,
  mai: 4,
  okt: 9,
  dez: 11,
};

export interface ParsedDate {
  date: Date | null;
  /** Why the text was not taken as a date (unreadable or impossible). */
  problem: string | null;
}

/** Years outside this range are taken as typing errors in the copy (e.g. 3013). */
const MIN_YEAR = 1900;
const MAX_YEARS_AHEAD = 2;

export function offsetMinutes(zone: string): number | null {
  // A name (`GMT`, `CEST`): only the table can know it; no pattern below takes a zone without a sign.
  const sign = zone.charCodeAt(0);
  if (sign !== 43 /* + */ && sign !== 45 /* - */) return ZONES[zone.toUpperCase()] ?? null;
  if (/^[+-]\d{2}:?\d{2}$/.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.replace(/[^0-9]/g, '');
    return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  if (/^[+-]\d{2}$/.test(zone)) return (zone[0] === '-' ? -1 : 1) * Number(zone.slice(1)) * 60;
  const named = ZONES[zone.toUpperCase()];
  return named ?? null;
}

export function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number,
): Date | null {
  const utc = Date.UTC(y, mo, d, h, mi, s, ms) - offset * 60_000;
  if (!isCalendarDay(y, mo, d)) return null;
  if (h > 24 || mi > 59 || s > 60) return null;
  return new Date(utc);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Is year `y`, month `mo` (0-11), day `d` a day of the calendar as Date reads it (a Date made of
 * them gives them back)? Counted for the years dates are written in; anything else asks a Date (years
 * 0-99 never come back: Date.UTC takes them as 1900-1999).
 */
function isCalendarDay(y: number, mo: number, d: number): boolean {
  if (Number.isInteger(y) && y >= 100 && y <= 9999 && Number.isInteger(mo) && mo >= 0 && mo <= 11) {
    if (!Number.isInteger(d) || d < 1) return false;
    const leap = mo === 1 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    return d <= DAYS_IN_MONTH[mo] + (leap ? 1 : 0);
  }
  const check = new Date(Date.UTC(y, mo, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo && check.getUTCDate() === d;
}

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC822 =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([a-z]{1,5}|[+-]\d{2}:?\d{2})?$/i;

/** This year by the clock, without a Date per call (ingest asks once per date it reads). */
const thisYear = { year: 0, from: 0, until: 0 };
function currentYear(): number {
  const now = Date.now();
  if (now < thisYear.from || now >= thisYear.until) {
    thisYear.year = new Date(now).getUTCFullYear();
    thisYear.from = Date.UTC(thisYear.year, 0, 1);
    thisYear.until = Date.UTC(thisYear.year + 1, 0, 1);
  }
  return thisYear.year;
}

export function parseWireDate(raw: string | null | undefined, now?: Date): ParsedDate {
  const text = (raw ?? '').trim();
  if (!text) return { date: null, problem: null };
  const read = readDateText(text);
  if (!read.date) return read;
  const date = read.date;
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > (now ? now.getUTCFullYear() : currentYear()) + MAX_YEARS_AHEAD) {
    return { date: null, problem: `implausible year ${year} in "${text}"` };
  }
  return { date, problem: null };
}

/** ISO 8601 or RFC 822 text to a date, without asking whether the date is plausible. */
export function readDateText(text: string): ParsedDate {
  let date: Date | null = null;
  let m = ISO.exec(text);
  if (m) {
    const offset = m[8] ? offsetMinutes(m[8]) : 0;
    if (offset === null) return { date: null, problem: `unknown time zone in "${text}"` };
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    date = build(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms, offset);
  } else if ((m = RFC822.exec(text))) {
    const month = MONTHS[m[2].slice(0, 3).toLowerCase()];
    const zone = m[7] ?? 'GMT';
    const offset = offsetMinutes(zone);
    if (month === undefined) return { date: null, problem: `unknown month in "${text}"` };
    if (offset === null) return { date: null, problem: `unknown time zone "${zone}" in "${text}"` };
    let year = Number(m[3]);
    if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
    date = build(year, month, +m[1], +m[4], +m[5], +(m[6] ?? 0), 0, offset);
  } else {
    return { date: null, problem: `unreadable date "${text}"` };
  }
  if (!date) return { date: null, problem: `impossible date "${text}"` };
  return { date, problem: null };
}
