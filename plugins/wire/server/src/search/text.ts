/**
 * Words as the search index holds them (issue 24): the text cut into words, each word reduced to
 * its stem by the Snowball stemmer of the story's language (`properties` → `properti`, `Häfen` →
 * `haf`), then lower-cased with its accents dropped. Both databases are given these terms as they
 * are (SQLite FTS5 and PostgreSQL's tsvector), so a search finds the same stories on either. Pure.
 *
 * The stemmers are @orama/stemmers: Snowball's algorithms compiled to plain JavaScript, no
 * dependencies. A language Wire has no stemmer for keeps its words whole.
 */
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as spanish } from '@orama/stemmers/spanish';

const STEMMERS = { en: english, de: german, fr: french, es: spanish, it: italian } as const;
export type StemLanguage = keyof typeof STEMMERS;
export const STEM_LANGUAGES = Object.keys(STEMMERS) as StemLanguage[];

/** Words longer than this are not words (a URL, a hash, base64): they are cut, never stemmed. */
const MAX_WORD = 60;
/** A story's body is indexed up to this many words (PostgreSQL keeps positions up to 16,383). */
export const MAX_INDEXED_WORDS = 16_000;

// A word: letters, combining marks and digits. One character class, so matching is linear.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/** `de-CH` → `de`; a language Wire has no stemmer for → null. */
export function stemLanguage(language: string | null | undefined): StemLanguage | null {
  const base = (language ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (STEMMERS as Record<string, unknown>)[base] ? (base as StemLanguage) : null;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Lower case, accents dropped (after stemming: the German stemmer reads umlauts itself). */
export function fold(word: string): string {
  return ASCII.test(word) ? word.toLowerCase() : word.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/**
 * Terms lately made, per language: words come by Zipf's law, so most of a story's words were met
 * in the stories before it, and stemming them again was most of what indexing a story cost.
 */
const MEMO_SIZE = 50_000;
const memo = new Map<StemLanguage | null, Map<string, string>>();

function memoOf(language: StemLanguage | null): Map<string, string> {
  let known = memo.get(language);
  if (!known) memo.set(language, (known = new Map()));
  return known;
}

/** One word's index term in a language (null: no stemmer, the folded word). */
export function term(word: string, language: StemLanguage | null, known = memoOf(language)): string {
  const hit = known.get(word);
  if (hit !== undefined) return hit;
  const lower = word.slice(0, MAX_WORD).toLowerCase();
  const made = fold(language ? STEMMERS[language](lower) : lower);
  if (known.size >= MEMO_SIZE) known.clear();
  known.set(word, made);
  return made;
}

/** A text's words with their offsets, in order. */
export function* words(text: string): Generator<{ word: string; start: number; end: number }> {
  for (const m of text.matchAll(WORD)) yield { word: m[0], start: m.index!, end: m.index! + m[0].length };
}

/** A text's index terms, in order, at most `max`. */
export function terms(text: string | null | undefined, language: StemLanguage | null, max = MAX_INDEXED_WORDS) {
  const out: string[] = [];
  if (!text) return out;
  const known = memoOf(language);
  for (const word of text.match(WORD) ?? []) {
    const t = term(word, language, known);
    if (t) out.push(t);
    if (out.length >= max) break;
  }
  return out;
}

/** A story as the index holds it: what every partner is shown, and the body only full partners search. */
export interface SearchDocument {
  headline: string[];
  /** Section, keywords and the names of subjects. */
  shown: string[];
  body: string[];
}

export function searchDocument(article: {
  headline?: string | null;
  section?: string | null;
  keywords?: unknown;
  subjects?: unknown;
  bodyText?: string | null;
  language?: string | null;
}): SearchDocument {
  const language = stemLanguage(article.language);
  const keywords = Array.isArray(article.keywords) ? article.keywords.filter((k) => typeof k === 'string') : [];
  const subjects = Array.isArray(article.subjects)
    ? article.subjects.map((s) => (s && typeof s === 'object' ? (s as { name?: unknown }).name : null))
    : [];
  const named = subjects.filter((name): name is string => typeof name === 'string');
  return {
    headline: terms(article.headline, language, 200),
    shown: terms([article.section ?? '', ...keywords, ...named].join(' '), language, 400),
    body: terms(article.bodyText, language),
  };
}
