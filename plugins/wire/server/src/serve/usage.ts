/**
 * Usage counting's pure parts: the tally a node keeps in memory between two writes, the date range
 * a usage request may ask for, the totals the reports show, and CSV that a spreadsheet cannot run.
 * No Strapi, no I/O (services/usage.ts is the storage around it).
 */
import {
  ALL,
  USAGE_MODES,
  type UsageCountMode,
  type UsageCounts,
  type UsageRow,
  type UsageSummary,
  type UsageTotal,
} from '../../../shared/usage';
import type { UsageMode } from '../../../shared/desk-api';

export { ALL, USAGE_MODES };
export type { UsageCountMode, UsageCounts, UsageRow, UsageSummary, UsageTotal };

/** The partner view's mode (serve/partner-view.ts) as usage counts it. */
export function countMode(mode: UsageMode): UsageCountMode {
  if (mode === 'full-text') return 'full';
  if (mode === 'quote') return 'quote';
  return 'headline';
}

/** The UTC day of a moment, `YYYY-MM-DD`. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const ZERO: UsageCounts = { stories: 0, words: 0, quotes: 0, requests: 0 };
const SEP = '\u0000';

/**
 * What one node served since its last write, added up per partner, agency, day and mode. Adding is
 * a map lookup and four additions; `drain` hands the rows over and starts again empty.
 */
export class UsageTally {
  private rows = new Map<string, UsageRow>();

  get size(): number {
    return this.rows.size;
  }

  add(partner: string, agency: string, day: string, mode: UsageRow['mode'], counts: Partial<UsageCounts>): void {
    const key = partner + SEP + agency + SEP + day + SEP + mode;
    let row = this.rows.get(key);
    if (!row) {
      row = { partner, agency, day, mode, ...ZERO };
      this.rows.set(key, row);
    }
    row.stories += counts.stories ?? 0;
    row.words += counts.words ?? 0;
    row.quotes += counts.quotes ?? 0;
    row.requests += counts.requests ?? 0;
  }

  /** The rows added up so far, and an empty tally. */
  drain(): UsageRow[] {
    const out = [...this.rows.values()];
    this.rows = new Map();
    return out;
  }

  /** Rows a write could not store, added back (they are written with the next ones). */
  restore(rows: UsageRow[]): void {
    for (const r of rows) this.add(r.partner, r.agency, r.day, r.mode, r);
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` that names a real day, as its epoch milliseconds (UTC); null otherwise. */
export function parseDay(value: string): number | null {
  const m = DAY.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dayOf(ms) === value ? ms : null;
}

export type UsageRange = { ok: true; from: string; to: string } | { ok: false; error: string };

const DAY_MS = 86_400_000;

/**
 * The days a usage request asks for (both ends included, UTC): `from` and `to` as `YYYY-MM-DD`,
 * each given at most once; without `to`, today; without `from`, the 30 days up to `to`. A range
 * longer than `maxDays` is refused, not cut: a partner must know its figures are whole.
 */
export function parseUsageRange(query: Record<string, unknown>, now: number, maxDays: number): UsageRange {
  const read = (name: 'from' | 'to'): number | null | { error: string } => {
    const value = query[name];
    if (value === undefined || value === '') return null;
    if (typeof value !== 'string') return { error: `${name} must be given once, as a day (YYYY-MM-DD)` };
    const ms = parseDay(value);
    return ms === null ? { error: `${name} must be a day as YYYY-MM-DD (got ${JSON.stringify(value)})` } : ms;
  };
  const to = read('to');
  if (to && typeof to === 'object') return { ok: false, error: to.error };
  const from = read('from');
  if (from && typeof from === 'object') return { ok: false, error: from.error };
  const end = to ?? (parseDay(dayOf(now)) as number);
  const start = from ?? end - 29 * DAY_MS;
  if (start > end) return { ok: false, error: `from (${dayOf(start)}) must not be after to (${dayOf(end)})` };
  const days = (end - start) / DAY_MS + 1;
  if (days > maxDays) return { ok: false, error: `a usage range may span at most ${maxDays} days (asked for ${days})` };
  return { ok: true, from: dayOf(start), to: dayOf(end) };
}

const byModeZero = (): Record<UsageCountMode, number> => ({ full: 0, quote: 0, headline: 0 });

function addTo(total: UsageCounts & { byMode: Record<UsageCountMode, number> }, row: UsageRow) {
  total.stories += row.stories;
  total.words += row.words;
  total.quotes += row.quotes;
  total.requests += row.requests;
  if (row.mode !== ALL) total.byMode[row.mode] += row.stories;
}

/**
 * The totals a report shows: overall, per partner, per agency (the requests row has none) and per
 * day, each with its stories by mode. `labelOf` names a partner.
 */
export function summarize(
  rows: UsageRow[],
  range: { from: string; to: string },
  labelOf: (partner: string) => string = (p) => p,
): UsageSummary {
  const totals = { ...ZERO, byMode: byModeZero() };
  const groups = {
    partner: new Map<string, UsageTotal>(),
    agency: new Map<string, UsageTotal>(),
    day: new Map<string, UsageTotal>(),
  };
  const group = (map: Map<string, UsageTotal>, key: string, label: string) => {
    let total = map.get(key);
    if (!total) {
      total = { key, label, ...ZERO, byMode: byModeZero() };
      map.set(key, total);
    }
    return total;
  };
  for (const row of rows) {
    addTo(totals, row);
    addTo(group(groups.partner, row.partner, labelOf(row.partner)), row);
    if (row.agency !== ALL) addTo(group(groups.agency, row.agency, row.agency || '(no agency)'), row);
    addTo(group(groups.day, row.day, row.day), row);
  }
  const sorted = (map: Map<string, UsageTotal>, by: 'label' | 'key') =>
    [...map.values()].sort((a, b) => (a[by] < b[by] ? -1 : a[by] > b[by] ? 1 : 0));
  return {
    from: range.from,
    to: range.to,
    totals,
    byPartner: sorted(groups.partner, 'label'),
    byAgency: sorted(groups.agency, 'key'),
    byDay: sorted(groups.day, 'key'),
  };
}

/** The order rows are reported in: day, partner, agency (the requests row last), then mode (full, quote, headline). */
export function compareRows(a: UsageRow, b: UsageRow): number {
  const rank = (m: UsageRow['mode']) => (m === ALL ? USAGE_MODES.length : USAGE_MODES.indexOf(m));
  return (
    (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) ||
    (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0) ||
    Number(a.agency === ALL) - Number(b.agency === ALL) ||
    (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0) ||
    rank(a.mode) - rank(b.mode)
  );
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A text cell that a
 * spreadsheet would read as a formula (it starts with = + - @, a tab or a carriage return: a
 * partner's name is anyone's to choose) gets a leading apostrophe first. Numbers are written as they are.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: a header line, then one line per row, CRLF line ends (RFC 4180). */
export function toCsv(header: string[], rows: Array<Array<string | number>>): string {
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const PARTNER_CSV_HEADER = ['day', 'agency', 'mode', 'stories', 'words', 'quotes', 'requests'];
export const DESK_CSV_HEADER = [
  'day',
  'partner',
  'partner_id',
  'agency',
  'mode',
  'stories',
  'words',
  'quotes',
  'requests',
];

/** A partner's own rows as CSV (its name is not repeated on every line). */
export function partnerCsv(rows: UsageRow[]): string {
  return toCsv(
    PARTNER_CSV_HEADER,
    [...rows].sort(compareRows).map((r) => [r.day, r.agency, r.mode, r.stories, r.words, r.quotes, r.requests]),
  );
}

/** The royalty report: one line per partner, agency, day and mode. */
export function deskCsv(rows: UsageRow[], nameOf: (partner: string) => string): string {
  return toCsv(
    DESK_CSV_HEADER,
    [...rows]
      .sort(compareRows)
      .map((r) => [r.day, nameOf(r.partner), r.partner, r.agency, r.mode, r.stories, r.words, r.quotes, r.requests]),
  );
}
