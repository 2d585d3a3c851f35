/**
 * Licence-limited quoting. The limit is `floor(quoteLimitPercent% × words of the whole text)`; the
 * excerpt is cut at a sentence boundary when whole sentences fit, else at a word boundary.
 */
import { words } from '../normalise/text';

export function quoteLimitWords(quoteLimitPercent: number | null, totalWords: number): number | null {
  if (quoteLimitPercent === null || quoteLimitPercent === undefined) return null;
  return Math.floor((Number(quoteLimitPercent) / 100) * totalWords);
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
    .split(/(?<=[.!?…]["'”’»)\]]?)\s+(?=["'“‘«(\[]?[\p{Lu}\p{N}])/u)
    .filter(Boolean);
}

/** The longest opening run of whole sentences within `limit` words; a cut first sentence otherwise. */
export function excerptWithin(text: string, limit: number): Excerpt {
  if (limit <= 0) return { text: '', words: 0, truncated: false };
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
