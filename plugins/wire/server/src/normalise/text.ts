/** Plain-text helpers shared by parsers, licence enforcement and search. Pure functions. */

/**
 * A copy of a string that shares no memory with it, for keeping in a cache: a slice of a feed's text
 * would otherwise keep the whole text alive (V8 slices point into their parent).
 */
export function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

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

/**
 * Is there anything SPACE_RUNS would replace? (A tab or the like, or two spaces together.) The same
 * as testing /[\t\r\f\v\u00a0]| {2}/, by six searches for one character or two: on text with none
 * of them (most text) they cost two thirds of the one pattern's scan.
 */
const hasSpaceRun = (text: string) =>
  text.includes('  ') ||
  text.includes('\t') ||
  text.includes('\r') ||
  text.includes('\f') ||
  text.includes('\v') ||
  text.includes('\u00a0');

/** White space other than a plain space. */
const OTHER_SPACE = /[^\S ]/;

/**
 * `text.replace(/\s+/g, ' ')`, without a replacement per word when the text has no run to fold
 * (most text: single spaces between words).
 */
export function foldSpaces(text: string): string {
  return text.includes('  ') || OTHER_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** Does a `<script` or `<style` start at `at` (what makes dropScripts look at the fragment)? */
const isScriptOrStyle = (html: string, at: number) => hasAt(html, at + 1, 'script') || hasAt(html, at + 1, 'style');

/** The end tags BLOCK_END reads as block ends, by length. */
const BLOCK_END_NAMES = [
  'p',
  'div',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'tr',
  'table',
  'section',
  'article',
  'pre',
];

/** Is the tag from `at` (a `<`) to `end` (the first `>` after it) a whole match of BLOCK_END? */
function isBlockEnd(html: string, at: number, end: number): boolean {
  if (html.charCodeAt(at + 1) === 47 /* / */) {
    let stop = end;
    while (stop > at + 2 && isSpaceUnit(html.charCodeAt(stop - 1))) stop -= 1;
    const length = stop - at - 2;
    for (const name of BLOCK_END_NAMES) if (name.length === length && hasAt(html, at + 2, name)) return true;
    return false;
  }
  if (lower(html.charCodeAt(at + 1)) !== 98 /* b */ || lower(html.charCodeAt(at + 2)) !== 114 /* r */) return false;
  let k = at + 3;
  while (k < end && isSpaceUnit(html.charCodeAt(k))) k += 1;
  if (k < end && html.charCodeAt(k) === 47) k += 1;
  return k === end;
}

/**
 * `stripTags(dropScripts(html).replace(BLOCK_END, '\n'))` in one pass, for markup whose tags do not
 * overlap (no `<` between a `<` and the next `>`) and hold no script or style; null for anything else.
 * Then every BLOCK_END match is one whole tag, and what stripTags removes is exactly the other tags.
 */
function stripMarkup(html: string): string | null {
  let out = '';
  let copied = 0;
  let at = html.indexOf('<');
  while (at !== -1) {
    const next = html.indexOf('<', at + 1);
    const end = html.indexOf('>', at + 1);
    if (end === -1) {
      // The rest is text; a `<script` or `<style` in it would still set dropScripts going.
      for (let k = at; k !== -1; k = html.indexOf('<', k + 1)) if (isScriptOrStyle(html, k)) return null;
      break;
    }
    if ((next !== -1 && next < end) || isScriptOrStyle(html, at)) return null;
    out += isBlockEnd(html, at, end) ? `${html.slice(copied, at)}\n` : html.slice(copied, at);
    copied = end + 1;
    at = next;
  }
  return copied ? out + html.slice(copied) : html;
}

/** Plain text of an HTML fragment: block ends become newlines, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  const text = decodeEntities(stripMarkup(html) ?? stripTags(dropScripts(html).replace(BLOCK_END, '\n')));
  const fold = hasSpaceRun(text);
  // Joined from an array: one flat string (a chain of concatenations is slower to read afterwards).
  const lines: string[] = [];
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const raw = nl === -1 ? (from ? text.slice(from) : text) : text.slice(from, nl);
    const line = (fold ? raw.replace(SPACE_RUNS, ' ') : raw).trim();
    if (line) lines.push(line);
    if (nl === -1) return lines.length === 1 ? lines[0] : lines.join('\n');
    from = nl + 1;
  }
}

/**
 * `htmlToText(html)` of one paragraph. A plain `<p>…</p>` (no markup, reference or line break inside)
 * is its content, spaces folded and trimmed, as htmlToText would give it: its `</p>` only ends the
 * one line, the blank line after it is dropped.
 */
export function paragraphText(html: string): string {
  if (html.length >= 7 && html.startsWith('<p>') && html.endsWith('</p>')) {
    const content = html.slice(3, -4);
    if (!/[<&\n]/.test(content)) return (hasSpaceRun(content) ? content.replace(SPACE_RUNS, ' ') : content).trim();
  }
  return htmlToText(html);
}

/**
 * `htmlToText(html).split('\n')[0]`, the first line of the plain text. A fragment that opens with a
 * plain `<p>` paragraph (no markup, reference or line break in it) is read up to its `</p>` only:
 * nothing after that can change its line.
 */
export function firstTextLine(html: string): string {
  if (html.startsWith('<p>')) {
    const close = html.indexOf('</p>', 3);
    if (close !== -1) {
      const content = html.slice(3, close);
      if (!/[<&\n]/.test(content)) {
        const line = (hasSpaceRun(content) ? content.replace(SPACE_RUNS, ' ') : content).trim();
        if (line) return line;
      }
    }
  }
  const text = htmlToText(html);
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}

/**
 * Words as a reader counts them. Text is cut at white space into runs; in a run, each letter or digit
 * of a script written without spaces between words (UNSPACED below: Han, kana, Bopomofo, Thai, Lao,
 * Khmer, Myanmar) is a word of its own, and each stretch of anything else that holds a letter or
 * digit is one word (so `東京2020年` is 東, 京, 2020, 年, and `"Hello,` is one word). Korean is written
 * with spaces between words: Hangul is counted by them, like Latin. The scripts are fixed code point
 * ranges and a character's letter-or-digit class (the Unicode property the counting has always
 * used), never a word-breaking dictionary (Intl.Segmenter's changes with Node's ICU): the same text
 * counts the same on every node and for every stored story. scanWords is the one definition;
 * words, wordSpans, wordCount and textStats all count through it.
 */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Code point ranges of the scripts written without spaces between words. */
const UNSPACED: Array<[number, number]> = [
  [0x0e00, 0x0e7f], // Thai
  [0x0e80, 0x0eff], // Lao
  [0x1000, 0x109f], // Myanmar
  [0x1780, 0x17ff], // Khmer
  [0x19e0, 0x19ff], // Khmer symbols
  [0x2e80, 0x2fdf], // CJK and Kangxi radicals
  [0x3005, 0x3007], // 々 〆 〇
  [0x3021, 0x3029], // Hangzhou numerals
  [0x3031, 0x3035], // kana repeat marks
  [0x3038, 0x303c], // more Han numerals and marks
  [0x3041, 0x30ff], // Hiragana, Katakana
  [0x3100, 0x312f], // Bopomofo
  [0x31a0, 0x31bf], // Bopomofo extended
  [0x31f0, 0x31ff], // Katakana phonetic extensions
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa9e0, 0xa9ff], // Myanmar extended B
  [0xaa60, 0xaa7f], // Myanmar extended A
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xff66, 0xff9f], // half-width Katakana
  [0x1b000, 0x1b16f], // kana supplement and extensions
  [0x20000, 0x323af], // CJK extensions B to H
];
const inUnspaced = (cp: number) => UNSPACED.some(([a, b]) => cp >= a && cp <= b);

/** Per UTF-16 unit of the basic plane: white space, letter or digit, a word on its own (UNSPACED). */
const W_SPACE = 1;
const W_LETTER = 2;
const W_SOLO = 4;
const UNIT_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c += 1) {
  if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: read as pairs, a lone one is neither
  if (isSpaceUnit(c)) UNIT_CLASS[c] = W_SPACE;
  else if (LETTER_OR_DIGIT.test(String.fromCharCode(c))) UNIT_CLASS[c] = W_LETTER | (inUnspaced(c) ? W_SOLO : 0);
}
/** The class of a code point past the basic plane. */
function astralClass(cp: number): number {
  if (!LETTER_OR_DIGIT.test(String.fromCodePoint(cp))) return 0;
  return W_LETTER | (inUnspaced(cp) ? W_SOLO : 0);
}

/**
 * The words of text[from, to) (cut at `from` and `to` as if by white space): how many, and each
 * one's [start, end) offsets given to `onWord` in order, until it returns false (the count then
 * stops at that word). One pass, one table read per unit.
 */
export function scanWords(
  text: string,
  from = 0,
  to = text.length,
  onWord?: (start: number, end: number) => boolean | void,
): number {
  const classOf = UNIT_CLASS;
  let count = 0;
  let stretch = -1; // start of the stretch of other units being read, or -1
  let lettered = false; // does it hold a letter or digit?
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    let cls = classOf[c];
    let next = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && next < to) {
      const low = text.charCodeAt(next);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cls = astralClass((c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000);
        next += 1;
      }
    }
    if (cls & (W_SPACE | W_SOLO)) {
      if (stretch !== -1) {
        if (lettered) {
          count += 1;
          if (onWord && onWord(stretch, i) === false) return count;
        }
        stretch = -1;
      }
      if (cls & W_SOLO) {
        count += 1;
        if (onWord && onWord(i, next) === false) return count;
      }
    } else if (stretch === -1) {
      stretch = i;
      lettered = cls !== 0;
    } else if (cls !== 0) lettered = true;
    i = next;
  }
  if (stretch !== -1 && lettered) {
    count += 1;
    if (onWord) onWord(stretch, to);
  }
  return count;
}

export function words(text: string): string[] {
  const out: string[] = [];
  scanWords(text, 0, text.length, (a, b) => {
    out.push(text.slice(a, b));
  });
  return out;
}

/** Is this UTF-16 unit white space as `\s` reads it? */
export function isSpaceUnit(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Where each word of `words(text)` starts and ends: [start, end) character offsets. */
export function wordSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  scanWords(text, 0, text.length, (a, b) => {
    spans.push([a, b]);
  });
  return spans;
}

/** `words(text).length` without building the words. */
export function wordCount(text: string): number {
  return scanWords(text);
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
  // Each part trimmed as it is taken, and kept only when something is left.
  const push = (part: string) => {
    const trimmed = part.trim();
    if (trimmed) parts.push(trimmed);
  };
  let at = 0;
  while (at < html.length) {
    if (html[at] !== '<') {
      const end = html.indexOf('<', at);
      push(html.slice(at, end === -1 ? html.length : end));
      at = end === -1 ? html.length : end;
      continue;
    }
    const gt = nextGt(at + 1);
    if (hasAt(html, at + 1, 'p') && !isWordChar(html.charCodeAt(at + 2))) {
      const close = gt === -1 ? null : nextClose(gt + 1);
      if (close) {
        push(html.slice(at, close[1]));
        at = close[1];
      } else at += 1; // an unclosed <p>: the regex skipped its `<`
      continue;
    }
    if (gt === -1) {
      at += 1; // a `<` with no `>` after it: skipped, as the regex did
      continue;
    }
    push(html.slice(at, gt + 1));
    at = gt + 1;
  }
  return parts;
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
/** The languages in the order the guess ranks ties (STOPWORDS' order). */
const LANGUAGES = Object.keys(STOPWORDS);
if (LANGUAGES.length !== 5) throw new Error('guessLanguage counts five languages');
/** word → the indexes (in LANGUAGES) of the languages it is a stopword of. */
const STOPWORD_LANGUAGES = new Map<string, number[]>();
for (const [lang, list] of Object.entries(STOPWORDS)) {
  for (const word of list)
    STOPWORD_LANGUAGES.set(word, [...(STOPWORD_LANGUAGES.get(word) ?? []), LANGUAGES.indexOf(lang)]);
}

const NOT_ASCII = /[^\u0000-\u007f]/;
const LONGEST_STOPWORD = Math.max(
  ...Object.values(STOPWORDS)
    .flat()
    .map((w) => w.length),
);
/**
 * The ASCII stopwords by a number made of their letters (base 27, a = 1), in a small open-addressed
 * table of language bit masks: an ASCII token is looked up without cutting it out of the text.
 * Tokens longer than LONGEST_STOPWORD are never stopwords.
 */
const CODE_SLOTS = 512;
const codeKeys = new Int32Array(CODE_SLOTS).fill(-1);
const codeMasks = new Uint8Array(CODE_SLOTS);
for (const [word, langs] of STOPWORD_LANGUAGES) {
  if (NOT_ASCII.test(word)) continue;
  let code = 0;
  for (let k = 0; k < word.length; k += 1) code = code * 27 + (word.charCodeAt(k) - 96);
  let slot = code & (CODE_SLOTS - 1);
  while (codeKeys[slot] !== -1) slot = (slot + 1) & (CODE_SLOTS - 1);
  codeKeys[slot] = code;
  for (const lang of langs) codeMasks[slot] |= 1 << lang;
}

/** An ASCII letter's place in the alphabet (a and A are 1), 0 for any other ASCII unit. */
const LETTER_VALUE = new Uint8Array(128);
for (let k = 0; k < 26; k += 1) LETTER_VALUE[65 + k] = LETTER_VALUE[97 + k] = k + 1;

/** The languages (a bit mask of LANGUAGES' indexes) an ASCII token's code is a stopword of; 0 for none. */
function stopwordMask(code: number): number {
  for (let slot = code & (CODE_SLOTS - 1); codeKeys[slot] !== -1; slot = (slot + 1) & (CODE_SLOTS - 1))
    if (codeKeys[slot] === code) return codeMasks[slot];
  return 0;
}

/** The leading language when it has at least 5 stopwords and twice the runner-up's; else null. */
function leader(counts: number[]): string | null {
  // Ties never lead (a tie at the top fails the `twice` test), so the first maximum is the one.
  let best = 0;
  for (let k = 1; k < counts.length; k += 1) if (counts[k] > counts[best]) best = k;
  let second = 0;
  for (let k = 0; k < counts.length; k += 1) if (k !== best && counts[k] > second) second = counts[k];
  return counts[best] >= 5 && counts[best] >= 2 * second ? LANGUAGES[best] : null;
}

/**
 * The language of a text by its commonest words, when the copy does not say. Returns null unless
 * the text is long enough and one language clearly leads.
 */
export function guessLanguage(text: string): string | null {
  // The first few hundred words decide as well as the whole text would (the guess reads the first
  // 3000 units; the slice spares counting the words of the rest).
  return textStats(text.slice(0, 3000), true).language;
}

/** Per ASCII unit, for textStats: its letter value (LETTER_VALUE) in the low five bits, and two flags. */
const SPACE_FLAG = 32; // white space as `\s` reads it
const DIGIT_FLAG = 64;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c += 1)
  ASCII_CLASS[c] = LETTER_VALUE[c] | (isSpaceUnit(c) ? SPACE_FLAG : 0) | (c >= 48 && c <= 57 ? DIGIT_FLAG : 0);

/** What textStats finds in a text. */
export interface TextStats {
  /** `wordCount(text)`. */
  words: number;
  /** `guessLanguage(text)` when asked for, else null. */
  language: string | null;
}

/**
 * `wordCount(text)` and (when `guess`) `guessLanguage(text)` in one pass over the text, for prepare,
 * which wants both of its body text. Each ASCII unit is classed by one table read (space, digit,
 * letter and its value) and feeds both counts; the two loops apart cost twice the reading and
 * branching. A unit past ASCII is counted as wordCount counts it; in the language guess's first
 * 3000 units it sends the guess the long way (guessByTokens), as guessLanguage would.
 */
export function textStats(text: string, guess: boolean): TextStats {
  // The module's table and bound as locals: read in the loop, a module-level constant is loaded
  // (and checked for initialisation) on every unit; 10-30% of the pass on the bench's text.
  const classOf = ASCII_CLASS;
  const longest = LONGEST_STOPWORD;
  const n = text.length;
  let words = 0;
  // Has the current run of non-space been counted? (Reset by every space: a run counts once, at its
  // first letter or digit.)
  let counted = false;
  let runStart = 0; // where the current run of non-space started
  // The language guess reads [0, guessEnd); it stops (guessEnd = 0) when it must go the long way.
  const limit = n < 3000 ? n : 3000;
  let guessEnd = guess ? limit : 0;
  let longWay = false;
  const counts = [0, 0, 0, 0, 0]; // one per language (checked where LANGUAGES is made)
  let tokens = 0; // letter runs ended, as guessLanguage counts them
  let letters = 0; // length of the current letter run
  let code = 0; // its stopword code (its first LONGEST_STOPWORD letters)
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      if (i < guessEnd) {
        longWay = true;
        guessEnd = 0;
      }
      if (isSpaceUnit(c)) {
        counted = false;
        runStart = i + 1;
      } else {
        // The whole run is counted as wordCount counts it (scanWords), less the word its ASCII
        // start was counted as already (an ASCII start is one stretch: at most one word).
        let end = i + 1;
        while (end < n && !isSpaceUnit(text.charCodeAt(end))) end += 1;
        words += scanWords(text, runStart, end) - (counted ? 1 : 0);
        counted = true;
        // Skipped to the run's end: the guess is over by now (it stopped above, or i is past it).
        i = end - 1;
      }
      continue;
    }
    const kind = classOf[c];
    if (kind & SPACE_FLAG) {
      counted = false;
      runStart = i + 1;
    } else if (!counted && kind !== 0) {
      // A letter or a digit (the only other ASCII with a class).
      counted = true;
      words += 1;
    }
    if (i < guessEnd) {
      const letter = kind & 31;
      if (letter !== 0) {
        if (letters < longest) code = code * 27 + letter;
        letters += 1;
      } else if (letters !== 0) {
        if (letters <= longest) countStopword(counts, code);
        tokens += 1;
        letters = 0;
        code = 0;
      }
    }
  }
  if (!guess) return { words, language: null };
  if (longWay) return { words, language: guessByTokens(text) };
  // The run that reaches the end of the guess's reading, and the empty tokens split would make.
  if (letters !== 0) {
    if (letters <= longest) countStopword(counts, code);
    tokens += 1;
  }
  if (limit === 0 || LETTER_VALUE[text.charCodeAt(0)] === 0) tokens += 1;
  if (limit > 0 && LETTER_VALUE[text.charCodeAt(limit - 1)] === 0) tokens += 1;
  return { words, language: tokens < 20 ? null : leader(counts) };
}

/** Adds an ASCII token's stopword code to the counts of the languages it is a stopword of. */
function countStopword(counts: number[], code: number): void {
  const mask = stopwordMask(code);
  if (mask) for (let lang = 0; lang < counts.length; lang += 1) if (mask & (1 << lang)) counts[lang] += 1;
}

/** guessLanguage for a text with something other than ASCII at its start: lower-cased, then split. */
function guessByTokens(text: string): string | null {
  const lowered = text.slice(0, 3000).toLowerCase();
  const counts = LANGUAGES.map(() => 0);
  // Lower-casing can make a letter ASCII (the Kelvin sign): such text is read as the ASCII path reads it.
  // (It is as long as the text it came from, at most 3000 units, all ASCII: the first path reads it whole.)
  if (!NOT_ASCII.test(lowered)) return guessLanguage(lowered);
  const tokens = lowered.split(/[^\p{L}]+/u);
  if (tokens.length < 20) return null;
  for (const token of tokens) {
    const langs = STOPWORD_LANGUAGES.get(token);
    if (langs) for (const lang of langs) counts[lang] += 1;
  }
  return leader(counts);
}
