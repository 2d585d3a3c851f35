// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
/**
 * Embargo values as agencies write them, to the moment a story may be published, or to a hold.
 * An embargo is a promise to the agency: a value Wire cannot read, one without a time zone, or one
 * that is implausible (before 1990, or more than two years ahead) never releases the story. It
 * holds it until an editor sets the time or releases it at the desk. Pure; short input, linear.
 *
 * Forms read (whitespace free, case-insensitive):
 * - ISO 8601 and NITF's compact form, with or without an offset (none means UTC):
 *   `2026-12-05T10:00:00+01:00`, `2026-12-05T09:00Z`, `20261205T100000+0100`, `2026-12-05`
 * - the same with a named zone: `2026-12-05 10:00 CET`
 * - RFC 822: `Sat, 05 Dec 2026 10:00:00 +0100`, `5 Dec 2026 10:00 GMT`
 * - German: `05.12.2026 10:00 MEZ`, `5.12.2026, 10.00 Uhr MESZ`, `05.12.2026 um 10:00 Uhr CET`
 * - English: `December 5, 2026 10:00 ET`, `Dec. 5, 2026, 10:00 a.m. EST`, `5 December 2026 10:00 BST`
 * Zones: the fixed ones of normalise/dates.ts (GMT, UTC, CET, CEST, MEZ, MESZ, BST, EST, EDT, PST...),
 * numeric offsets (`+01:00`, `UTC+1`, `GMT-05:00`) and the US zones by region (ET, CT, MT, PT),
 * whose offset depends on the date (daylight saving time).
 */
import { build, MONTHS, offsetMinutes, readDateText } from './dates';

export interface EmbargoReading {
  /** When the story may be published; null when there is no embargo or it cannot be read. */
  until: Date | null;
  /** Why the story is held (the value could not be read, or is implausible); null when it is not. */
  hold: string | null;
}

/** Earliest embargo taken as real: anything before is a typing error in the copy. */
const EARLIEST = Date.UTC(1990, 0, 1);
/** Embargoes further ahead than this are taken as typing errors (3026 for 2026): held. */
const MAX_AHEAD_MS = 2 * 365.25 * 24 * 3600_000;
const MAX_CHARS = 100;

/** US zones named by region: their offset depends on the date. */
const REGION_ZONES: Record<string, string> = {
  ET: 'America/New_York',
  CT: 'America/Chicago',
  MT: 'America/Denver',
  PT: 'America/Los_Angeles',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC in `timeZone` at the instant `utcMs`. */
function zoneOffsetAt(timeZone: string, utcMs: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
  return Math.round((local - utcMs) / 60_000);
}

type Local = { y: number; mo: number; d: number; h: number; mi: number; s: number };

/** A local time in a named or numeric zone to a date; null when the zone is unknown or the date impossible. */
function inZone(t: Local, zone: string): Date | null {
  const upper = zone.toUpperCase().replace(/\./g, '');
  const region = REGION_ZONES[upper];
  if (region) {
    // The local time read as UTC, corrected by the zone's offset at that moment (twice: near a switch).
    const naive = Date.UTC(t.y, t.mo, t.d, t.h, t.mi, t.s);
    let offset = zoneOffsetAt(region, naive);
    offset = zoneOffsetAt(region, naive - offset * 60_000);
    return build(t.y, t.mo, t.d, t.h, t.mi, t.s, 0, offset);
  }
  const numeric = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(upper);
  let offset: number | null;
  if (numeric) offset = (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  else offset = offsetMinutes(upper);
  if (offset === null || Math.abs(offset) > 14 * 60) return null;
  return build(t.y, t.mo, t.d, t.h, t.mi, t.s, 0, offset);
}

function hour12(h: number, meridiem: string | undefined): number | null {
  if (!meridiem) return h;
  if (h < 1 || h > 12) return null;
  const pm = meridiem.toLowerCase().startsWith('p');
  return (h % 12) + (pm ? 12 : 0);
}

const ZONE = String.raw`([a-z]{1,5}|(?:utc|gmt)?[+-]\d{1,2}(?::?\d{2})?)`;
// 2026-12-05 10:00 CET (named zone after an ISO date and time)
const ISO_NAMED = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})[t ](\d{1,2}):(\d{2})(?::(\d{2}))?\s+` + ZONE + '$',
  'i',
);
// 05.12.2026 10:00 MEZ, 5.12.2026, 10.00 Uhr MESZ, 05.12.2026 um 10:00 Uhr
const GERMAN = new RegExp(
  String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(?:um\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*uhr)?(?:\s+` +
    ZONE +
    ')?$',
  'i',
);
// December 5, 2026 10:00 ET; Dec. 5, 2026, 10:00 a.m. EST; December 5 2026 at 10:00 PT
const ENGLISH = new RegExp(
  String.raw`^(?:[a-z]{3,9},?\s+)?([a-zä]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(?:at\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s+` +
    ZONE +
    ')?$',
  'i',
);
// 5 December 2026 10:00 BST; 5. Dezember 2026 10:00 MEZ (RFC 822 with long month names or without a zone)
const DAY_MONTH = new RegExp(
  String.raw`^(?:[a-z]{3,9},?\s+)?(\d{1,2})\.?\s+([a-zä]{3,9})\.?\s+(\d{4}),?\s+(?:at\s+|um\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*uhr)?(?:\s+` +
    ZONE +
    ')?$',
  'i',
);

type Read = { date: Date | null; problem: string | null };

function fromLocal(text: string, t: Local, zone: string | undefined): Read {
  if (!zone) return { date: null, problem: `no time zone in "${text}"` };
  const date = inZone(t, zone);
  if (!date) return { date: null, problem: `unknown time zone "${zone}" or impossible date in "${text}"` };
  return { date, problem: null };
}

/** The embargo text as a moment; a problem when it cannot be read (plausibility aside). */
export function readEmbargoText(raw: string): Read {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return { date: null, problem: 'embargoed, with no time given' };
  if (text.length > MAX_CHARS) return { date: null, problem: `embargo value longer than ${MAX_CHARS} characters` };
  let m = ISO_NAMED.exec(text);
  if (m) return fromLocal(text, { y: +m[1], mo: +m[2] - 1, d: +m[3], h: +m[4], mi: +m[5], s: +(m[6] ?? 0) }, m[7]);
  if ((m = GERMAN.exec(text)))
    return fromLocal(text, { y: +m[3], mo: +m[2] - 1, d: +m[1], h: +m[4], mi: +m[5], s: +(m[6] ?? 0) }, m[7]);
  const monthOf = (name: string) => MONTHS[name.slice(0, 3).toLowerCase()];
  if ((m = ENGLISH.exec(text))) {
    const month = monthOf(m[1]);
    const h = hour12(+m[4], m[7]);
    if (month === undefined || h === null) return { date: null, problem: `unreadable embargo "${text}"` };
    return fromLocal(text, { y: +m[3], mo: month, d: +m[2], h, mi: +m[5], s: +(m[6] ?? 0) }, m[8]);
  }
  if ((m = DAY_MONTH.exec(text))) {
    const month = monthOf(m[2]);
    const h = hour12(+m[4], m[7]);
    if (month !== undefined && h !== null)
      return fromLocal(text, { y: +m[3], mo: month, d: +m[1], h, mi: +m[5], s: +(m[6] ?? 0) }, m[8]);
  }
  // ISO 8601 (with or without an offset), NITF compact, RFC 822 with numeric or short zones.
  // (RFC 822 dates were all tried above: one without a zone, which readDateText would take as
  // GMT, is not read.)
  if (m) return { date: null, problem: `unreadable embargo "${text}"` };
  const iso = readDateText(text);
  return iso.date ? iso : { date: null, problem: `unreadable embargo "${text}"` };
}

/**
 * An embargo value as the copy gives it, read against `now`: the moment it ends, or a hold.
 * `raw` null: the copy has no embargo. `raw` '' (an embargo status with no time): held.
 */
export function readEmbargo(raw: string | null | undefined, now: Date): EmbargoReading {
  if (raw === null || raw === undefined) return { until: null, hold: null };
  const { date, problem } = readEmbargoText(raw);
  if (!date) return { until: null, hold: problem ?? `unreadable embargo "${raw}"` };
  if (date.getTime() < EARLIEST) return { until: null, hold: `implausible embargo (before 1990): "${raw.trim()}"` };
  if (date.getTime() > now.getTime() + MAX_AHEAD_MS)
    return { until: null, hold: `implausible embargo (more than two years ahead): "${raw.trim()}"` };
  return { until: date, hold: null };
}
