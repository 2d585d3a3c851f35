/**
 * Licence-limited quoting. The limit is `floor(quoteLimitPercent% × words of the whole text)`; the
 * excerpt is cut at a sentence boundary when whole sentences fit, else at a word boundary.
 */
import { words } from '../normalise/text';
import {
  LINK_MISSING,
  attributionFor,
  licenceTerms,
  markedQuote,
  type Access,
  type Attribution,
  type ServePolicy,
  type StoredArticle,
} from './terms';

/**
 * The limit is a ceiling, rounded down exactly: the percentage is taken in millionths of a percent
 * and the product floored in integers, so a share that is a whole number of words is never lost to
 * floating point ((29 / 100) × 100 is 28.999…) and a fraction is never rounded up.
 */
export function quoteLimitWords(quoteLimitPercent: number | null, totalWords: number): number | null {
  if (quoteLimitPercent === null || quoteLimitPercent === undefined) return null;
  const micro = Math.round(Number(quoteLimitPercent) * 1e6);
  const total = Math.max(0, Math.floor(Number(totalWords) || 0));
  if (!Number.isFinite(micro) || micro <= 0 || total === 0) return 0;
  const scaled = micro * total;
  // Past 2^53 the product is not exact: fall back to floating point, one word less to stay under.
  if (!Number.isSafeInteger(scaled)) return Math.max(0, Math.floor((micro / 1e8) * total) - 1);
  return (scaled - (scaled % 1e8)) / 1e8;
}

export interface Excerpt {
  text: string;
  words: number;
  /** True when the excerpt stops mid-sentence (an ellipsis marks the cut). */
  truncated: boolean;
}

/** Sentences of plain text: ends at . ! ? (with closing quotes or brackets), followed by space. */
export function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?…]["'”’»)\]]?)\s+(?=["'“‘«([]?[\p{Lu}\p{N}])/u)
    .filter(Boolean);
}

/**
 * The text up to and including its (words + 1)th word: all an opening excerpt of `words` words needs
 * to see (the word after the last one decides whether a sentence ends there), however long the text.
 */
function openingOf(text: string, words: number): string {
  const token = /\S+/g;
  let n = 0;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    if (/[\p{L}\p{N}]/u.test(m[0]) && (n += 1) > words) return text.slice(0, m.index + m[0].length);
  }
  return text;
}

/** The longest opening run of whole sentences within `limit` words; a cut first sentence otherwise. */
export function excerptWithin(whole: string, limit: number): Excerpt {
  if (limit <= 0) return { text: '', words: 0, truncated: false };
  const text = openingOf(whole, limit);
  const picked: string[] = [];
  let count = 0;
  for (const sentence of sentences(text)) {
    const n = words(sentence).length;
    if (count + n > limit) break;
    picked.push(sentence);
    count += n;
  }
  if (picked.length) return { text: picked.join(' '), words: count, truncated: false };
  // Not even the first sentence fits: cut it at a word boundary.
  const tokens = text.replace(/\s+/g, ' ').trim().split(' ');
  const out: string[] = [];
  let n = 0;
  for (const token of tokens) {
    const isWord = /[\p{L}\p{N}]/u.test(token);
    if (isWord && n === limit) break;
    out.push(token);
    if (isWord) n += 1;
  }
  return { text: `${out.join(' ').replace(/[,;:–—-]+$/, '')}…`, words: n, truncated: true };
}

export type PassageQuote =
  | {
      ok: true;
      text: string;
      html: string;
      passage: string;
      from: number;
      to: number;
      words: number;
      limitWords: number | null;
      attribution: Attribution;
    }
  | { ok: false; error: string; words: number; limitWords: number | null };

/**
 * A passage the caller chose (character offsets into the article's plain text), granted as a marked,
 * attributed quotation when it is within what the caller may use, refused with the limit otherwise.
 * Offsets that fall inside a word are widened to the whole word.
 */
export function quotePassage(
  a: StoredArticle,
  access: Access,
  from: number,
  to: number,
  policy?: ServePolicy,
): PassageQuote {
  const text = a.bodyText ?? '';
  const terms = licenceTerms(a.licence, policy);
  const fullText = access === 'full' || terms.fullTextAllowed;
  const limitWords = fullText ? null : quoteLimitWords(terms.quoteLimitPercent, a.wordCount ?? words(text).length);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > text.length || from >= to) {
    // The message never says how long the text is: that would tell a partner what it may not read.
    return {
      ok: false,
      error: `from and to must be character offsets into the text, with 0 ≤ from < to (got from=${from}, to=${to})`,
      words: 0,
      limitWords,
    };
  }
  while (from > 0 && /[\p{L}\p{N}]/u.test(text[from - 1]) && /[\p{L}\p{N}]/u.test(text[from])) from -= 1;
  while (to < text.length && /[\p{L}\p{N}]/u.test(text[to - 1]) && /[\p{L}\p{N}]/u.test(text[to])) to += 1;
  const passage = text.slice(from, to).replace(/\s+/g, ' ').trim();
  const count = words(passage).length;
  if (count === 0) return { ok: false, error: 'the passage has no words', words: 0, limitWords };
  if (!fullText) {
    // The link the licence requires cannot be given: no quote (partner-view.ts, headline only).
    if (terms.hyperlinkRequired && !attributionFor(a).url)
      return { ok: false, error: LINK_MISSING, words: count, limitWords };
    if (limitWords === null) {
      return {
        ok: false,
        error: 'this licence states no quote limit, so only the headline and link may be used',
        words: count,
        limitWords,
      };
    }
    if (count > limitWords) {
      return {
        ok: false,
        error: `the passage has ${count} words; this licence allows quoting at most ${limitWords} (${terms.quoteLimitPercent}% of ${a.wordCount} words)`,
        words: count,
        limitWords,
      };
    }
  }
  const attribution = attributionFor(a);
  const marked = markedQuote(passage, attribution);
  return { ok: true, ...marked, passage, from, to, words: count, limitWords, attribution };
}
