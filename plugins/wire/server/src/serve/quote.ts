/**
 * Licence-limited quoting. The limit is `floor(quoteLimitPercent% × words of the whole text)`; the
 * excerpt is cut at a sentence boundary when whole sentences fit, else at a word boundary.
 */
import { scanWords, wordCount, wordSpans } from '../normalise/text';
import { firstEndingAfter, wordIndex } from './word-index';
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
 * The text up to the start of its (words + 2)th word: all an opening excerpt of `words` words needs
 * to see (the word after the last one decides whether a sentence ends there), however long the text.
 */
function openingOf(text: string, words: number): string {
  let n = 0;
  let cut = text.length;
  scanWords(text, 0, text.length, (start) => {
    n += 1;
    if (n <= words + 1) return true;
    cut = start;
    return false;
  });
  return text.slice(0, cut);
}

/** The longest opening run of whole sentences within `limit` words; a cut first sentence otherwise. */
export function excerptWithin(whole: string, limit: number): Excerpt {
  if (limit <= 0) return { text: '', words: 0, truncated: false };
  const text = openingOf(whole, limit);
  const picked: string[] = [];
  let count = 0;
  for (const sentence of sentences(text)) {
    const n = wordCount(sentence);
    if (count + n > limit) break;
    picked.push(sentence);
    count += n;
  }
  if (picked.length) return { text: picked.join(' '), words: count, truncated: false };
  // Not even the first sentence fits: cut it at a word boundary, before its (limit + 1)th word
  // (words as wordSpans counts them: a character of Chinese or Japanese is one).
  const spans = wordSpans(text);
  const cut = spans.length > limit ? spans[limit][0] : text.length;
  const out = text.slice(0, cut).replace(/\s+/g, ' ').trim();
  return { text: `${out.replace(/[\s,;:–—-]+$/, '')}…`, words: Math.min(limit, spans.length), truncated: true };
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
  const index = wordIndex(text);
  // Counted from the text itself: a stored wordCount may predate the way words are counted now.
  const totalWords = index.starts.length;
  const terms = licenceTerms(a.licence, policy);
  const fullText = access === 'full' || terms.fullTextAllowed;
  const limitWords = fullText ? null : quoteLimitWords(terms.quoteLimitPercent, totalWords);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > text.length || from >= to) {
    // The message never says how long the text is: that would tell a partner what it may not read.
    return {
      ok: false,
      error: `from and to must be character offsets into the text, with 0 ≤ from < to (got from=${from}, to=${to})`,
      words: 0,
      limitWords,
    };
  }
  // Widened to the words the offsets fall inside (a word as scanWords reads it).
  const atFrom = firstEndingAfter(index, from);
  if (atFrom < totalWords && index.starts[atFrom] < from) from = index.starts[atFrom];
  const atTo = firstEndingAfter(index, to);
  if (atTo < totalWords && index.starts[atTo] < to) to = index.ends[atTo];
  const passage = text.slice(from, to).replace(/\s+/g, ' ').trim();
  const count = wordCount(passage);
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
        error: `the passage has ${count} words; this licence allows quoting at most ${limitWords} (${terms.quoteLimitPercent}% of ${totalWords} words)`,
        words: count,
        limitWords,
      };
    }
  }
  const attribution = attributionFor(a);
  const marked = markedQuote(passage, attribution);
  return { ok: true, ...marked, passage, from, to, words: count, limitWords, attribution };
}
