/**
 * Highlighted snippets for the desk's search (issue 24): the stretch of a story's text with the
 * most words the search asked for, as parts to render (never HTML: the text is an agency's). Only
 * the desk gets them; a partner is never shown text beyond what it is served. Pure, linear.
 */
import type { SearchQuery } from './query';
import { stemLanguage, term, words } from './text';

export type SnippetPart = { text: string; hit?: true };

const WINDOW = 30;

export function snippet(
  text: string | null | undefined,
  language: string | null | undefined,
  query: Pick<SearchQuery, 'highlight'>,
  window = WINDOW,
): SnippetPart[] {
  if (!text) return [];
  const wanted = new Set(query.highlight);
  const lang = stemLanguage(language);
  const all = [...words(text)];
  const hits = all.map((w) => wanted.has(term(w.word, lang)) || wanted.has(term(w.word, null)));
  // The window of `window` words with the most hits (a running count).
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    if (hits[i]) count++;
    if (i >= window && hits[i - window]) count--;
    const start = Math.max(0, i - window + 1);
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  if (!all.length) return [];
  const last = Math.min(all.length, best + window) - 1;
  const parts: SnippetPart[] = [];
  const push = (part: SnippetPart) => part.text && parts.push(part);
  let at = all[best].start;
  if (best > 0) push({ text: '… ' });
  for (let i = best; i <= last; i++) {
    if (!hits[i]) continue;
    push({ text: text.slice(at, all[i].start) });
    push({ text: text.slice(all[i].start, all[i].end), hit: true });
    at = all[i].end;
  }
  push({ text: text.slice(at, all[last].end) });
  if (last < all.length - 1) push({ text: ' …' });
  return parts;
}
