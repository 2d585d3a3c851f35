/** Plain-text helpers shared by parsers, licence enforcement and search. Pure functions. */

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', eacute: 'é',
  egrave: 'è', aacute: 'á', agrave: 'à', ccedil: 'ç', euro: '€', copy: '©', reg: '®',
};

export function decodeEntities(text: string): string {
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

/** Plain text of an HTML fragment: block ends become newlines, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(BLOCK_END, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Words as a reader counts them: runs of non-space that hold a letter or digit. */
const WORD = /[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S*/gu;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Where each word of `words(text)` starts and ends: [start, end) character offsets. */
export function wordSpans(text: string): Array<[number, number]> {
  return Array.from(text.matchAll(WORD), (m) => [m.index as number, (m.index as number) + m[0].length] as [number, number]);
}

export function wordCount(text: string): number {
  return words(text).length;
}

/** Paragraph lines of plain text to HTML paragraphs. */
export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}

/** Split an HTML body into its top-level paragraphs (`<p>…</p>`), keeping anything else as is. */
export function splitHtmlParagraphs(html: string): string[] {
  const parts = html.match(/<p\b[^>]*>[\s\S]*?<\/p\s*>|[^<]+|<(?!p\b)[^>]*>/gi) ?? [];
  return parts.map((p) => p.trim()).filter(Boolean);
}

const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'was', 'with', 'said', 'on', 'it', 'as', 'by', 'have'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'mit', 'von', 'den', 'sich', 'auf', 'für', 'ein', 'eine', 'auch', 'wird'],
  fr: ['le', 'la', 'les', 'et', 'des', 'est', 'une', 'dans', 'que', 'pour', 'qui', 'sur', 'pas', 'au', 'du', 'avec'],
  es: ['el', 'la', 'los', 'las', 'y', 'que', 'del', 'en', 'por', 'con', 'una', 'para', 'es', 'se', 'su', 'al'],
  it: ['il', 'della', 'che', 'e', 'di', 'per', 'non', 'una', 'sono', 'con', 'del', 'nel', 'alla', 'gli', 'le', 'ha'],
};
/** word → the languages it is a stopword of. */
const STOPWORD_LANGUAGES = new Map<string, string[]>();
for (const [lang, list] of Object.entries(STOPWORDS)) {
  for (const word of list) STOPWORD_LANGUAGES.set(word, [...(STOPWORD_LANGUAGES.get(word) ?? []), lang]);
}

/**
 * The language of a text by its commonest words, when the copy does not say. Returns null unless
 * the text is long enough and one language clearly leads.
 */
export function guessLanguage(text: string): string | null {
  // The first few hundred words decide as well as the whole text would.
  const tokens = text.slice(0, 3000).toLowerCase().split(/[^\p{L}]+/u);
  if (tokens.length < 20) return null;
  const counts: Record<string, number> = { en: 0, de: 0, fr: 0, es: 0, it: 0 };
  for (const token of tokens) for (const lang of STOPWORD_LANGUAGES.get(token) ?? []) counts[lang] += 1;
  const [best, second] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return best[1] >= 5 && best[1] >= 2 * second[1] ? best[0] : null;
}
