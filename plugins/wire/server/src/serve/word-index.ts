/**
 * The words of a story's text, indexed once: where each word starts and ends (as `scanWords` reads
 * words) and the text folded for matching quotations (letters and digits, lower case, each with the
 * word it belongs to). A quote request on a 250,000-word story used to build all of this anew, three
 * times over, in JavaScript arrays: 0.14–0.19 s of CPU a request (bench/quote.js). Built once per
 * text and kept for the few largest texts quoted lately, a request looks words up by binary search.
 *
 * The cache is keyed by the text itself (each request reads a new copy of it: the key compares by
 * value), holds at most CACHED texts and CACHED_UNITS characters of them (an index takes about six
 * times its text's size), and only texts of at least MIN_CACHED characters, for which building the
 * index costs more than looking it up. It is a cache of a pure function: every node
 * builds its own, and nothing in it can be stale.
 */
import { scanWords } from '../normalise/text';

export interface WordIndex {
  /** Word i spans text[starts[i], ends[i]). */
  starts: Uint32Array;
  ends: Uint32Array;
  /** The words' letters and digits, made when first asked for (only finding a passage needs them). */
  folded(): FoldedWords;
}

export interface FoldedWords {
  /** Letters and digits of the words, lower case, in order (what a quotation is matched on). */
  chars: string;
  /** The word each unit of `chars` belongs to. */
  wordOf: Uint32Array;
}

const CACHED = 16;
const CACHED_UNITS = 8_000_000;
const MIN_CACHED = 2_000;
const cache = new Map<string, WordIndex>();
let cachedUnits = 0;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Letters and digits of `segment`, lower case. */
export function foldedText(segment: string): string {
  let out = '';
  for (const c of segment) if (LETTER_OR_DIGIT.test(c)) out += c.toLowerCase();
  return out;
}

function build(text: string): WordIndex {
  const count = scanWords(text);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  let i = 0;
  scanWords(text, 0, text.length, (a, b) => {
    starts[i] = a;
    ends[i] = b;
    i += 1;
  });
  let folded: FoldedWords | null = null;
  return {
    starts,
    ends,
    folded() {
      if (folded) return folded;
      const parts: string[] = [];
      const owners: number[] = [];
      for (let w = 0; w < count; w += 1) {
        const f = foldedText(text.slice(starts[w], ends[w]));
        parts.push(f);
        for (let k = 0; k < f.length; k += 1) owners.push(w);
      }
      folded = { chars: parts.join(''), wordOf: Uint32Array.from(owners) };
      return folded;
    },
  };
}

/** The index of `text`'s words, from the cache when this text was indexed lately. */
export function wordIndex(text: string): WordIndex {
  if (text.length < MIN_CACHED) return build(text);
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text); // most recently used last
    cache.set(text, hit);
    return hit;
  }
  const index = build(text);
  cache.set(text, index);
  cachedUnits += text.length;
  // The least recently used go first; the newest stays even when it alone is over the budget.
  while (cache.size > 1 && (cache.size > CACHED || cachedUnits > CACHED_UNITS)) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
    cachedUnits -= oldest.length;
  }
  return index;
}

/** The first word whose end lies after `offset` (the word count when none does). */
export function firstEndingAfter(index: WordIndex, offset: number): number {
  let lo = 0;
  let hi = index.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.ends[mid] > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The word range [first, end) a character range [from, to) touches; null when it touches none. */
export function wordsTouched(index: WordIndex, from: number, to: number): [number, number] | null {
  const first = firstEndingAfter(index, from);
  if (first >= index.starts.length || index.starts[first] >= to) return null;
  let lo = first;
  let hi = index.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.starts[mid] < to) lo = mid + 1;
    else hi = mid;
  }
  return [first, lo];
}
