/**
 * The search language of the desk and the partner API (`q`), read once and written out for each
 * place that runs it: SQLite FTS5's MATCH, PostgreSQL's tsquery, and a matcher in JavaScript for
 * copy as it arrives (alerts, routing rules). Pure, linear in the length of `q`.
 *
 *   harbour strike        both words (any form: `strikes`, `striking`)
 *   "harbour strike"      the words next to each other, in this order
 *   -strike  -"a b"       not this word or phrase
 *   harbour OR port       either (binds tighter than the space: `a b OR c` is a and (b or c))
 *   harb*                 a word starting so (not stemmed)
 *
 * Each word is looked up in the forms the stemmers of the story languages give it (`Häfen` is
 * `haf` in German, `hafen` elsewhere), or in one language's when the search is limited to it.
 */
import { STEM_LANGUAGES, fold, term, words, type SearchDocument, type StemLanguage } from './text';

/** What a bad `q` answers (400), in words a partner can act on. */
export class SearchSyntaxError extends Error {}

export const MAX_SEARCH_ATOMS = 16;
const MIN_PREFIX = 2;

/** A word, a prefix or a phrase, each as the alternatives it may be indexed as. */
type Atom =
  { kind: 'terms'; terms: string[] } | { kind: 'prefix'; prefix: string } | { kind: 'phrases'; phrases: string[][] };

export interface SearchQuery {
  /** Every clause must match; a clause matches when any of its atoms does. */
  must: Atom[][];
  /** None of these may match. */
  not: Atom[];
  /** Terms to highlight (every form of every wanted word). */
  highlight: string[];
}

type Token = { kind: 'or' } | { kind: 'atom'; negated: boolean; words: string[]; prefix: boolean };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const negated = c === '-' && i + 1 < q.length && !/\s/.test(q[i + 1]);
    if (negated) i++;
    if (q[i] === '"') {
      const close = q.indexOf('"', i + 1);
      if (close < 0) throw new SearchSyntaxError('q has a quotation mark that is not closed');
      const phrase = [...words(q.slice(i + 1, close))].map((w) => w.word);
      if (phrase.length) out.push({ kind: 'atom', negated, words: phrase, prefix: false });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < q.length && !/\s/.test(q[end]) && q[end] !== '"') end++;
    const chunk = q.slice(i, end);
    i = end;
    if (chunk === 'OR' && !negated) {
      out.push({ kind: 'or' });
      continue;
    }
    const found = [...words(chunk)].map((w) => w.word);
    if (!found.length) continue;
    const prefix = chunk.endsWith('*') && found.length === 1;
    if (prefix && found[0].length < MIN_PREFIX)
      throw new SearchSyntaxError(`q: a word ending in * needs at least ${MIN_PREFIX} letters before it`);
    out.push({ kind: 'atom', negated, words: found, prefix });
  }
  return out;
}

const unique = <T>(list: T[], key: (t: T) => string) => [...new Map(list.map((t) => [key(t), t])).values()];

function atom(words: string[], prefix: boolean, languages: Array<StemLanguage | null>): Atom {
  if (prefix) return { kind: 'prefix', prefix: fold(words[0]) };
  if (words.length === 1)
    return {
      kind: 'terms',
      terms: unique(
        languages.map((l) => term(words[0], l)),
        (t) => t,
      ),
    };
  return {
    kind: 'phrases',
    phrases: unique(
      languages.map((l) => words.map((w) => term(w, l))),
      (p) => p.join(' '),
    ),
  };
}

/**
 * `q` read, or SearchSyntaxError. `language`: the search is limited to stories in this language
 * (null: a language without a stemmer); undefined: any language.
 */
export function parseSearch(q: string, language?: StemLanguage | null): SearchQuery {
  const languages: Array<StemLanguage | null> = language === undefined ? [...STEM_LANGUAGES, null] : [language];
  const tokens = tokenize(q);
  const must: Atom[][] = [];
  const not: Atom[] = [];
  const highlight = new Set<string>();
  let joinNext = false;
  let atoms = 0;
  tokens.forEach((token, n) => {
    if (token.kind === 'or') {
      const before = tokens[n - 1];
      const after = tokens[n + 1];
      if (!before || before.kind !== 'atom' || !after || after.kind !== 'atom')
        throw new SearchSyntaxError('q: OR needs a word or a phrase on each side');
      if (before.negated || after.negated)
        throw new SearchSyntaxError('q: an excluded word (-word) cannot be one side of OR');
      joinNext = true;
      return;
    }
    if (++atoms > MAX_SEARCH_ATOMS)
      throw new SearchSyntaxError(`q may have at most ${MAX_SEARCH_ATOMS} words and phrases`);
    const a = atom(token.words, token.prefix, languages);
    if (token.negated) {
      not.push(a);
      return;
    }
    if (a.kind === 'terms') a.terms.forEach((t) => highlight.add(t));
    if (a.kind === 'phrases') a.phrases.flat().forEach((t) => highlight.add(t));
    if (joinNext) must[must.length - 1].push(a);
    else must.push([a]);
    joinNext = false;
  });
  if (!must.length)
    throw new SearchSyntaxError(
      not.length ? 'q needs at least one word that is not excluded' : 'q has no words to search for',
    );
  return { must, not, highlight: [...highlight] };
}

// ---------------------------------------------------------------------------------------------
// SQLite FTS5. Terms are letters and digits only (text.ts), so a quoted term needs no escaping.

const ftsAtom = (a: Atom): string => {
  if (a.kind === 'prefix') return `"${a.prefix}"*`;
  const list = a.kind === 'terms' ? a.terms.map((t) => `"${t}"`) : a.phrases.map((p) => `"${p.join(' ')}"`);
  return list.length === 1 ? list[0] : `(${list.join(' OR ')})`;
};

/** An FTS5 MATCH expression; `shownOnly`: only the headline, section and keywords columns. */
export function toFts5(query: SearchQuery, shownOnly: boolean): string {
  let expr = query.must.map((clause) => `(${clause.map(ftsAtom).join(' OR ')})`).join(' AND ');
  for (const a of query.not) expr = `(${expr}) NOT ${ftsAtom(a)}`;
  return shownOnly ? `{headline shown} : (${expr})` : expr;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL tsquery. The index gives headline terms weight A, section and keywords B, body D.

const pgAtom = (a: Atom, weights: string): string => {
  if (a.kind === 'prefix') return `'${a.prefix}':*${weights}`;
  const one = (t: string) => `'${t}'${weights ? `:${weights}` : ''}`;
  const list = a.kind === 'terms' ? a.terms.map(one) : a.phrases.map((p) => `(${p.map(one).join(' <-> ')})`);
  return list.length === 1 ? list[0] : `(${list.join(' | ')})`;
};

/** A tsquery in its text form; `shownOnly`: only lexemes of weight A and B. */
export function toTsquery(query: SearchQuery, shownOnly: boolean): string {
  const w = shownOnly ? 'AB' : '';
  const must = query.must.map((clause) => `(${clause.map((a) => pgAtom(a, w)).join(' | ')})`);
  return [...must, ...query.not.map((a) => `!${pgAtom(a, w)}`)].join(' & ');
}

/** A story's terms as a tsvector literal: positions in order, headline A, shown B, body D. */
export function toTsvector(doc: SearchDocument): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (list: string[], weight: string) => {
    for (const t of list) {
      position = Math.min(position + 1, 16383);
      const at = positions.get(t) ?? [];
      // PostgreSQL keeps at most 256 positions of one lexeme.
      if (at.length < 256) at.push(`${position}${weight}`);
      positions.set(t, at);
    }
    position++; // no phrase across two fields
  };
  add(doc.headline, 'A');
  add(doc.shown, 'B');
  add(doc.body, '');
  return [...positions].map(([t, at]) => `'${t}':${at.join(',')}`).join(' ');
}

// ---------------------------------------------------------------------------------------------
// In JavaScript, for one story as it arrives.

function atomIn(a: Atom, lists: string[][], set: Set<string>): boolean {
  if (a.kind === 'terms') return a.terms.some((t) => set.has(t));
  if (a.kind === 'prefix') return [...set].some((t) => t.startsWith(a.prefix));
  return a.phrases.some((phrase) =>
    lists.some((list) => {
      for (let i = 0; i + phrase.length <= list.length; i++)
        if (list[i] === phrase[0] && phrase.every((t, k) => list[i + k] === t)) return true;
      return false;
    }),
  );
}

/** Whether a story matches, by the same rules as the databases; `shownOnly` as in toFts5. */
export function matches(query: SearchQuery, doc: SearchDocument, shownOnly = false): boolean {
  const lists = shownOnly ? [doc.headline, doc.shown] : [doc.headline, doc.shown, doc.body];
  const set = new Set(lists.flat());
  return (
    query.must.every((clause) => clause.some((a) => atomIn(a, lists, set))) &&
    !query.not.some((a) => atomIn(a, lists, set))
  );
}
