/**
 * USPA News profile: USPA copy opens with the credit (`USPA News - ` or `PLACE (USPA News) - `) and
 * ends with a licence footer. Both are taken out of the body: the credit becomes the dateline and the
 * agency, the footer becomes the item's rights statement.
 */
import { splitDateline, type DatelineSplit } from '../normalise/dateline';
import { looksLikeLicenceFooter } from '../normalise/licence';
import {
  detached,
  firstTextLine,
  htmlToText,
  isSpaceUnit,
  paragraphText,
  splitHtmlParagraphs,
} from '../normalise/text';
import type { AgencyRef, WireItem } from '../formats/types';
import type { AgencyProfile } from './profile';

export const USPA: AgencyRef = { code: 'USPA', name: 'USPA News', homepage: null };

const CREDIT = /^USPA(?: News)?$/i;
/** `Children`s`, `workers` unions`: a backquote after a letter stands for an apostrophe. */
const BACKQUOTE_APOSTROPHE = /(\p{L})`(?=\p{L}|\s|$)/gu;

/** Backquotes standing for apostrophes made apostrophes (text without a backquote is not scanned). */
const apostrophes = (text: string) => (text.includes('`') ? text.replace(BACKQUOTE_APOSTROPHE, "$1'") : text);

const leadingTextPatterns = new Map<string, RegExp>();

/** Removes the leading `text` (as plain text) from an HTML paragraph, tags in between allowed. */
function dropLeadingText(paragraphHtml: string, text: string): string {
  // The common case, `<p>` and the text as it stands (single spaces, no markup or `&` in it): what
  // the pattern below takes is exactly that text and the white space after it.
  // (A slice compared, not `startsWith(text, 3)`: on a slice of a feed's text, V8's startsWith compares
  // character by character, several times slower.)
  if (paragraphHtml.startsWith('<p>') && paragraphHtml.slice(3, 3 + text.length) === text && plainWords(text)) {
    let end = 3 + text.length;
    while (end < paragraphHtml.length && isSpaceUnit(paragraphHtml.charCodeAt(end))) end += 1;
    return `<p>${paragraphHtml.slice(end)}`;
  }
  let pattern = leadingTextPatterns.get(text);
  if (!pattern) {
    const gap = String.raw`(?:\s|&nbsp;|&#160;|<[^>]+>)*`;
    const words = text
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '(?:&|&amp;)'))
      .join(gap);
    pattern = new RegExp(`^(<p\\b[^>]*>${gap})${words}\\s*`);
    // Datelines repeat (one per place); the cache stays small.
    if (leadingTextPatterns.size > 1000) leadingTextPatterns.clear();
    leadingTextPatterns.set(text, pattern);
  }
  return paragraphHtml.replace(pattern, '$1');
}

/**
 * Words separated by single plain spaces, none of them white space, `&` or `<` (nothing the pattern
 * in dropLeadingText reads as a gap between words), with something in it.
 */
function plainWords(text: string): boolean {
  if (!text || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) return false;
  for (let k = 0; k < text.length; k += 1) {
    const c = text.charCodeAt(k);
    if (c === 38 || c === 60 || (c === 32 ? text.charCodeAt(k + 1) === 32 : isSpaceUnit(c))) return false;
  }
  return true;
}

/** What the last paragraph of a body reads as: its text, and whether that is a licence footer. */
interface LastParagraph {
  text: string;
  footer: boolean;
}
// The footer repeats on every item of a feed: each distinct last paragraph is read once (bounded).
const lastParagraphs = new Map<string, LastParagraph>();
const MAX_CACHED_PARAGRAPHS = 256;
const MAX_CACHED_PARAGRAPH_CHARS = 2000;

// The one read last, asked first: a feed's items end with the same footer, and comparing a string
// with it costs less than hashing the string for the map.
let lastHtml: string | null = null;
let lastRead: LastParagraph | null = null;

function readLastParagraph(html: string): LastParagraph {
  if (html === lastHtml && lastRead) return lastRead;
  const cached = lastParagraphs.get(html);
  if (cached) {
    lastHtml = detached(html);
    lastRead = cached;
    return cached;
  }
  const text = htmlToText(html);
  const footer = !!text && looksLikeLicenceFooter(text);
  if (html.length > MAX_CACHED_PARAGRAPH_CHARS) return { text, footer };
  const read = { text: detached(text), footer };
  if (lastParagraphs.size >= MAX_CACHED_PARAGRAPHS) lastParagraphs.clear();
  lastParagraphs.set(detached(html), read);
  return read;
}

/**
 * `splitHtmlParagraphs(html)` for a body made only of plain paragraphs: `<p>…</p>` one after another
 * (white space between them and around them), nothing in them that starts a tag. Null for any other
 * body. Such a paragraph's first `<` is its `</p>`, so each part is the paragraph as written, and the
 * white space between is what splitHtmlParagraphs drops; one scan, without its general tag finders.
 */
function plainParagraphs(html: string): string[] | null {
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    while (at < html.length && isSpaceUnit(html.charCodeAt(at))) at += 1;
    if (at === html.length) return parts;
    if (!html.startsWith('<p>', at)) return null;
    const close = html.indexOf('<', at + 3);
    if (close === -1 || !html.startsWith('</p>', close)) return null;
    parts.push(html.slice(at, close + 4));
    at = close + 4;
  }
}

/**
 * Does the body open with a plain paragraph, `<p>` at its very start, `</p>` within its first 600
 * characters, something in it and no markup, reference or line break? Then the body's first paragraph
 * is that `<p>…</p>` (with either splitter) and `paragraphText` of it is the `firstTextLine` of the
 * first 600 characters: both read just its content, spaces folded and trimmed.
 */
function opensWithPlainParagraph(body: string): boolean {
  if (!body.startsWith('<p>')) return false;
  const close = body.indexOf('<', 3);
  if (close === -1 || close + 4 > 600 || !body.startsWith('</p>', close)) return false;
  const content = body.slice(3, close);
  return !content.includes('&') && !content.includes('\n') && content.trim() !== '';
}

export const uspaProfile: AgencyProfile = {
  code: 'USPA',

  refine(item: WireItem): WireItem | null {
    const body = item.bodyHtml;
    // Copy whose metadata names no USPA is USPA's when its opening line carries USPA's credit. That
    // line's dateline is kept: it is the first paragraph's too when the body opens with a plain one.
    let openingSplit: DatelineSplit | null = null;
    if (!item.agency || !CREDIT.test(item.agency.code)) {
      const opening = firstTextLine(body.slice(0, 600));
      // The credit is a part of the opening line: a line without `uspa` in it has none.
      if (!/uspa/i.test(opening)) return null;
      openingSplit = splitDateline(opening, item.versionCreated);
      if (!CREDIT.test(openingSplit?.dateline.agency ?? '')) return null;
    }

    const paragraphs = plainParagraphs(body) ?? splitHtmlParagraphs(body);
    let rights = item.rights;
    const last = paragraphs.length > 1 ? readLastParagraph(paragraphs[paragraphs.length - 1]) : null;
    if (last?.footer) {
      paragraphs.pop();
      // The footer is the most specific statement: it wins over a channel-wide copyright line.
      rights = { notice: last.text, holder: null };
    }
    let dateline = item.dateline;
    if (paragraphs.length) {
      const split =
        openingSplit && opensWithPlainParagraph(body)
          ? openingSplit
          : splitDateline(paragraphText(paragraphs[0]), item.versionCreated);
      if (split && CREDIT.test(split.dateline.agency ?? '')) {
        dateline = split.dateline;
        paragraphs[0] = dropLeadingText(paragraphs[0], split.dateline.text);
      }
    }
    return {
      ...item,
      agency: item.agency?.code === USPA.code ? { ...USPA, ...item.agency } : USPA,
      dateline,
      rights,
      // USPA's plain-text copy uses backquotes for apostrophes (`Children`s`).
      headline: apostrophes(item.headline),
      bodyHtml: apostrophes(paragraphs.join('\n')),
    };
  },
};
