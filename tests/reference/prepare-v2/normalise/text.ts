// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
/** Plain-text helpers shared by parsers, licence enforcement and search. Pure functions. */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  agrave: 'à',
  ccedil: 'ç',
  euro: '€',
  copy: '©',
  reg: '®',
};

export function decodeEntities(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const BLOCK_END = /<\/(?:p|div|li|h[1-6]|blockquote|tr|table|section|article|pre)\s*>|<br\s*\/?>/gi;

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

/** Does `text` hold `word` (ASCII, any case) at `at`? */
function hasAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k += 1) if (lower(text.charCodeAt(at + k)) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The first occurrence of something at or after a position, for positions that only grow: each
 * character is searched once however many times it is asked (the linear form of a lazy `.*?` that a
 * regular expression would restart from every candidate).
 */
function forwardFinder(find: (from: number) => number) {
  let from = -1;
  let found = -1;
  return (at: number): number => {
    if (from !== -1 && at >= from && (found === -1 || at <= found)) return found;
    from = at;
    found = find(at);
    return found;
  };
}

/** `</name\s*>` (any case) at or after `from`: [start, end] of the first, or null. */
function closingTag(text: string, name: string, from: number): [number, number] | null {
  for (let at = text.indexOf('</', from); at !== -1; at = text.indexOf('</', at + 2)) {
    if (!hasAt(text, at + 2, name)) continue;
    let end = at + 2 + name.length;
    while (end < text.length && /\s/.test(text[end])) end += 1;
    if (text[end] === '>') return [at, end + 1];
  }
  return null;
}

/** closingTag for positions that only grow, each character searched once. */
function closingTagFinder(text: string, name: string) {
  let found: [number, number] | null = null;
  const next = forwardFinder((at) => {
    found = closingTag(text, name, at);
    return found ? found[0] : -1;
  });
  return (at: number): [number, number] | null => {
    const start = next(at);
    return start === -1 ? null : found;
  };
}

/** Drops `<script>…</script>` and `<style>…</style>` with their content, in one pass. */
function dropScripts(html: string): string {
  if (!/<s(?:cript|tyle)/i.test(html)) return html;
  const closers = { script: closingTagFinder(html, 'script'), style: closingTagFinder(html, 'style') };
  let out = '';
  let copied = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const name = hasAt(html, at + 1, 'script') ? 'script' : hasAt(html, at + 1, 'style') ? 'style' : null;
    if (!name || isWordChar(html.charCodeAt(at + 1 + name.length))) continue;
    const close = closers[name](at + 1);
    if (!close) continue;
    out += html.slice(copied, at);
    copied = close[1];
    at = close[1] - 1;
  }
  return copied ? out + html.slice(copied) : html;
}

/** Removes every `<…>` tag; a `<` with no `>` after it stays as text. One pass. */
export function stripTags(html: string): string {
  let out = '';
  let copied = 0;
  let at = html.indexOf('<');
  while (at !== -1) {
    const end = html.indexOf('>', at + 1);
    if (end === -1) break;
    out += html.slice(copied, at);
    copied = end + 1;
    at = html.indexOf('<', copied);
  }
  return copied ? out + html.slice(copied) : html;
}

/**
 * Runs of spaces and tabs that are not already one plain space: the same result as replacing every
 * run of [ \t\r\f\v\u00a0]+, without a replacement per word (millions of them cost superlinear
 * time in V8's replace on a body of single-spaced words).
 */
const SPACE_RUNS = / ?[\t\r\f\v\u00a0][ \t\r\f\v\u00a0]*| {2,}[\t\r\f\v\u00a0 ]*/g;

/** Is there anything SPACE_RUNS would replace? (A tab or the like, or two spaces together.) */
const SPACE_RUN_CHAR = /[\t\r\f\v\u00a0]/;
const hasSpaceRun = (text: string) => text.includes('  ') || SPACE_RUN_CHAR.test(text);

/** White space other than a plain space. */
const OTHER_SPACE = /[^\S ]/;

/**
 * `text.replace(/\s+/g, ' ')`, without a replacement per word when the text has no run to fold
 * (most text: single spaces between words).
 */
export function foldSpaces(text: string): string {
  return text.includes('  ') || OTHER_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** Plain text of an HTML fragment: block ends become newlines, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  const text = decodeEntities(stripTags(dropScripts(html).replace(BLOCK_END, '\n')));
  const fold = hasSpaceRun(text);
  let out = '';
  for (const raw of text.split('\n')) {
    const line = (fold ? raw.replace(SPACE_RUNS, ' ') : raw).trim();
    if (line) out += out ? `\n${line}` : line;
  }
  return out;
}

/**
 * Words as a reader counts them (refreshed at PREPARE_VERSION 3, issue 27 item 7): runs of
 * non-space; in a run, each letter or digit of a script written without spaces (Han, kana,
 * Bopomofo, Thai, Lao, Khmer, Myanmar, by code point range) is a word, and each stretch of anything
 * else that holds a letter or digit is one word. Written plainly, character by character.
 */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UNSPACED_SCRIPT =
  /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua9e0-\ua9ff\uaa60-\uaa7f\uf900-\ufaff\uff66-\uff9f\u{1b000}-\u{1b16f}\u{20000}-\u{323af}]/u;

export function words(text: string): string[] {
  const out: string[] = [];
  for (const run of text.split(/\s+/)) {
    let stretch = '';
    const flush = () => {
      if (LETTER_OR_DIGIT.test(stretch)) out.push(stretch);
      stretch = '';
    };
    for (const ch of run) {
      if (LETTER_OR_DIGIT.test(ch) && UNSPACED_SCRIPT.test(ch)) {
        flush();
        out.push(ch);
      } else stretch += ch;
    }
    flush();
  }
  return out;
}

/** `words(text).length`. */
export function wordCount(text: string): number {
  return words(text).length;
}

/** Paragraph lines of plain text to HTML paragraphs. */
export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}

/** Split an HTML body into its top-level paragraphs (`<p>…</p>`), keeping anything else as is. */
export function splitHtmlParagraphs(html: string): string[] {
  // One left-to-right pass with the same tokens as /<p\b[^>]*>[\s\S]*?<\/p\s*>|[^<]+|<(?!p\b)[^>]*>/gi,
  // whose lazy `[\s\S]*?` rescanned the rest of the body from every unclosed `<p>` (quadratic).
  const nextGt = forwardFinder((at) => html.indexOf('>', at));
  const nextClose = closingTagFinder(html, 'p');
  const parts: string[] = [];
  let at = 0;
  while (at < html.length) {
    if (html[at] !== '<') {
      const end = html.indexOf('<', at);
      parts.push(html.slice(at, end === -1 ? html.length : end));
      at = end === -1 ? html.length : end;
      continue;
    }
    const gt = nextGt(at + 1);
    if (hasAt(html, at + 1, 'p') && !isWordChar(html.charCodeAt(at + 2))) {
      const close = gt === -1 ? null : nextClose(gt + 1);
      if (close) {
        parts.push(html.slice(at, close[1]));
        at = close[1];
      } else at += 1; // an unclosed <p>: the regex skipped its `<`
      continue;
    }
    if (gt === -1) {
      at += 1; // a `<` with no `>` after it: skipped, as the regex did
      continue;
    }
    parts.push(html.slice(at, gt + 1));
    at = gt + 1;
  }
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The words the language guess counts, per language. */
export const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'was', 'with', 'said', 'on', 'it', 'as', 'by', 'have'],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'nicht',
    'mit',
    'von',
    'den',
    'sich',
    'auf',
    'für',
    'ein',
    'eine',
    'auch',
    'wird',
  ],
  fr: ['le', 'la', 'les', 'et', 'des', 'est', 'une', 'dans', 'que', 'pour', 'qui', 'sur', 'pas', 'au', 'du', 'avec'],
  es: ['el', 'la', 'los', 'las', 'y', 'que', 'del', 'en', 'por', 'con', 'una', 'para', 'es', 'se', 'su', 'al'],
  it: ['il', 'della', 'che', 'e', 'di', 'per', 'non', 'una', 'sono', 'con', 'del', 'nel', 'alla', 'gli', 'le', 'ha'],
};
/** word → the languages it is a stopword of. */
const STOPWORD_LANGUAGES = new Map<string, string[]>();
for (const [lang, list] of Object.entries(STOPWORDS)) {
  for (const word of list) STOPWORD_LANGUAGES.set(word, [...(STOPWORD_LANGUAGES.get(word) ?? []), lang]);
}

const NOT_ASCII = /[^\u0000-\u007f]/;
const LONGEST_STOPWORD = Math.max(
  ...Object.values(STOPWORDS)
    .flat()
    .map((w) => w.length),
);
const isAsciiLetter = (c: number) => c >= 97 && c <= 122;

/**
 * The language of a text by its commonest words, when the copy does not say. Returns null unless
 * the text is long enough and one language clearly leads.
 */
export function guessLanguage(text: string): string | null {
  // The first few hundred words decide as well as the whole text would.
  const head = text.slice(0, 3000).toLowerCase();
  const counts: Record<string, number> = { en: 0, de: 0, fr: 0, es: 0, it: 0 };
  const count = (token: string) => {
    const langs = STOPWORD_LANGUAGES.get(token);
    if (langs) for (const lang of langs) counts[lang] += 1;
  };
  if (NOT_ASCII.test(head)) {
    const tokens = head.split(/[^\p{L}]+/u);
    if (tokens.length < 20) return null;
    for (const token of tokens) count(token);
  } else {
    // ASCII only (most copy): letters are a-z after lower-casing, and the tokens are what the split
    // above gives, counted the same way (an empty token before a leading or after a trailing gap).
    let tokens = 0;
    let start = -1;
    for (let i = 0; i <= head.length; i += 1) {
      const c = i < head.length ? head.charCodeAt(i) : 0;
      const letter = c >= 97 && c <= 122;
      if (letter && start === -1) start = i;
      else if (!letter && start !== -1) {
        if (i - start <= LONGEST_STOPWORD) count(head.slice(start, i));
        tokens += 1;
        start = -1;
      }
    }
    if (head.length === 0 || !isAsciiLetter(head.charCodeAt(0))) tokens += 1;
    if (head.length > 0 && !isAsciiLetter(head.charCodeAt(head.length - 1))) tokens += 1;
    if (tokens < 20) return null;
  }
  const [best, second] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return best[1] >= 5 && best[1] >= 2 * second[1] ? best[0] : null;
}
