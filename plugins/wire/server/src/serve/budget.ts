/**
 * A quote partner's budget for one story, pure: which words of the story it has been given, and what
 * a new excerpt or passage would add. The ledger (services/ledger.ts) keeps this state in the
 * database; here it is only computed.
 *
 * Words are counted by position: word i of a version's plain text (`words()` of normalise/text.ts).
 * Each version's text has its own positions (keyed by a hash of the text), and the budget is the
 * story's: every word position given, in any version, counts against
 * floor(quoteLimitPercent% × words of the current text). The same words asked for again in the same
 * text cost nothing; the same words in another version's text count again (they may have moved,
 * and counting them twice can only give the partner less, never more).
 */
import { createHash } from 'node:crypto';
import { foldedText, wordIndex, wordsTouched } from './word-index';
import { excerptWithin, type Excerpt } from './quote';

/** Word indices, half-open: [first, end). */
export type Range = [number, number];
/** Text key (textKey) → the merged, sorted ranges given of that text. */
export type Given = Record<string, Range[]>;

/** One grant, as the desk and the partner's grant listing show it. */
export interface LogEntry {
  kind: 'excerpt' | 'quote' | 'probe';
  /** textKey of the version's text the words are positions in. */
  key: string;
  version: number | null;
  range: Range | null;
  /** Words this grant added to the budget spent. */
  words: number;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface BudgetState {
  given: Given;
  /** Words charged for passages that were asked for by text and not found (ledger `quote`). */
  probes: number;
  /** Every grant since the last reset; each adds at least one word, so there are at most `limit` of them. */
  log: LogEntry[];
}

export const EMPTY_STATE: BudgetState = { given: {}, probes: 0, log: [] };

/** A short, stable key of a version's text. */
export function textKey(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

const size = (ranges: Range[]) => ranges.reduce((n, [a, b]) => n + (b - a), 0);

/** Words of the story given so far, every version together, plus probes. */
export function spentWords(state: BudgetState): number {
  return Object.values(state.given).reduce((n, ranges) => n + size(ranges), 0) + (state.probes || 0);
}

/** Words of `range` not yet in `ranges`. */
export function newWords(ranges: Range[] | undefined, range: Range): number {
  let overlap = 0;
  for (const [a, b] of ranges ?? []) overlap += Math.max(0, Math.min(b, range[1]) - Math.max(a, range[0]));
  return range[1] - range[0] - overlap;
}

/** `ranges` with `range` added, merged and sorted. */
export function addRange(ranges: Range[] | undefined, range: Range): Range[] {
  const all = [...(ranges ?? []), range].sort((x, y) => x[0] - y[0]);
  const out: Range[] = [];
  for (const [a, b] of all) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** How many opening words (0, 1, ... k-1) are all given already. */
export function givenPrefix(ranges: Range[] | undefined): number {
  const first = ranges?.[0];
  return first && first[0] === 0 ? first[1] : 0;
}

const json = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};

/** A state with one more grant: its words added to the given ranges, and logged. */
export function withGrant(state: BudgetState, entry: LogEntry): BudgetState {
  const given = entry.range
    ? { ...state.given, [entry.key]: addRange(state.given[entry.key], entry.range) }
    : state.given;
  return { given, probes: state.probes + (entry.kind === 'probe' ? entry.words : 0), log: [...state.log, entry] };
}

/** Words a damaged stored state counts as spent: all of any budget (fail closed). */
export const DAMAGED = 1_000_000_000;

/**
 * Reads a stored state. Ranges that cannot be read make the whole state count as spent: a damaged
 * ledger gives the partner nothing more, never a fresh budget. The log is only for display.
 */
export function parseState(given: unknown, probes: unknown, log?: unknown): BudgetState {
  const parsed = json(given);
  const entries = json(log);
  const out: Given = {};
  let damaged = !parsed || typeof parsed !== 'object' || Array.isArray(parsed);
  if (!damaged) {
    for (const [key, ranges] of Object.entries(parsed as Record<string, unknown>)) {
      const ok =
        Array.isArray(ranges) &&
        ranges.every(
          (r) => Array.isArray(r) && r.length === 2 && Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[0] < r[1],
        );
      if (ok) out[key] = ranges as Range[];
      else damaged = true;
    }
  }
  return {
    given: out,
    probes: damaged ? DAMAGED : Number(probes) || 0,
    log: Array.isArray(entries) ? (entries as LogEntry[]) : [],
  };
}

export interface ExcerptPlan {
  excerpt: Excerpt;
  /** The words the excerpt covers (null when it is empty). */
  range: Range | null;
  /** Words it adds to what the partner has. */
  cost: number;
}

/**
 * The opening excerpt a partner may receive now: the usual one (the longest run of whole sentences
 * within the limit) when the budget left covers what it adds; otherwise the longest opening that
 * costs no more than what is left, counting the opening words the partner already has as free.
 * When nothing is left and it has no opening words, the excerpt is empty (headline and link only).
 */
export function planExcerpt(
  text: string,
  key: string,
  limitWords: number,
  state: BudgetState,
  /** What this text may give at most, by its own licence and length (an earlier version's own limit). */
  textLimit = limitWords,
): ExcerptPlan {
  const ranges = state.given[key];
  const left = Math.max(0, limitWords - spentWords(state));
  const cap = Math.min(limitWords, textLimit);
  const plan = (limit: number): ExcerptPlan => {
    const excerpt = excerptWithin(text, limit);
    const range: Range | null = excerpt.words > 0 ? [0, excerpt.words] : null;
    return { excerpt, range, cost: range ? newWords(ranges, range) : 0 };
  };
  const usual = plan(cap);
  if (usual.cost <= left) return usual;
  return plan(Math.min(cap, givenPrefix(ranges) + left));
}

/**
 * Every place the passage occurs in the text, as word ranges (widened to whole words), matched
 * ignoring case, white space and punctuation. Knuth-Morris-Pratt over the text's folded letters and
 * digits (word-index.ts, built once per text): linear in text + passage.
 */
export function findPassage(text: string, passage: string): Range[] {
  const hay = wordIndex(text).folded();
  const needle = foldedText(passage);
  const m = needle.length;
  if (m === 0) return [];
  const fail = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i += 1) {
    while (k > 0 && needle.charCodeAt(i) !== needle.charCodeAt(k)) k = fail[k - 1];
    if (needle.charCodeAt(i) === needle.charCodeAt(k)) k += 1;
    fail[i] = k;
  }
  const found: Range[] = [];
  const chars = hay.chars;
  for (let i = 0, k = 0; i < chars.length; i += 1) {
    const c = chars.charCodeAt(i);
    while (k > 0 && c !== needle.charCodeAt(k)) k = fail[k - 1];
    if (c === needle.charCodeAt(k)) k += 1;
    if (k === m) {
      found.push([hay.wordOf[i - m + 1], hay.wordOf[i] + 1]);
      k = fail[k - 1];
    }
  }
  return found;
}

/** The words a character range [from, to) touches, as a word range; null when it touches none. */
export function rangeOfOffsets(text: string, from: number, to: number): Range | null {
  return wordsTouched(wordIndex(text), from, to);
}

/** The text of a word range, from its first word's start to its last word's end, spaces folded. */
export function passageOf(text: string, range: Range): { passage: string; from: number; to: number } {
  const index = wordIndex(text);
  const from = index.starts[range[0]];
  const to = index.ends[range[1] - 1];
  return { passage: text.slice(from, to).replace(/\s+/g, ' ').trim(), from, to };
}
