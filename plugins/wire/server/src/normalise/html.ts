/**
 * Feed bodies are untrusted. Sanitize with an allowlist: keep what a story is made of (paragraphs,
 * lists, links, emphasis, tables, headings, quotes), drop scripts, handlers, frames, styles and
 * non-web links. sanitize-html does the HTML tokenising; the policy is ours.
 */
import sanitizeHtml from 'sanitize-html';

export const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'a',
    'em',
    'strong',
    'b',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'small',
    'abbr',
    'q',
    'cite',
    'span',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'figure',
    'figcaption',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang'],
    abbr: ['title'],
    span: ['class'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    q: ['cite'],
    blockquote: ['cite'],
  },
  // Only the classes that carry wire meaning (dateline markup used by dpa and others).
  allowedClasses: { span: ['dateline', 'credit', 'location'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Content of these is dropped with the tag, not kept as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
};

/** The full sanitizer: any HTML at all, however broken or hostile. */
export function sanitizeFully(html: string): string {
  return sanitizeHtml(html, POLICY).trim();
}

/**
 * Sanitized HTML. Most bodies are already clean (paragraphs and a few links, as an agency's system
 * wrote them): `cleanMarkup` checks that in one linear scan and gives the very string the full
 * sanitizer would; anything it is not sure of goes to the full sanitizer.
 */
export function sanitizeBody(html: string): string {
  const clean = cleanMarkup(html);
  return clean === null ? sanitizeFully(html) : clean.trim();
}

/** What cleanMarkupWithin gives for markup it would take but whose elements open more than `limit` deep. */
const TOO_DEEP = false;

/**
 * `htmlDepth(html, limit) > limit ? null : sanitizeBody(html)`: null for a body nested too deeply to
 * sanitize. A body the fast path takes is not measured again: its elements nest as deeply as its
 * own stack says or less (htmlDepth closes no element the fast path keeps open; it only closes more,
 * sloppy paragraphs and list items), so a stack that stayed within `limit` means htmlDepth would too.
 */
export function sanitizeBodyWithin(html: string, limit: number): string | null {
  const clean = cleanMarkupWithin(html, limit);
  if (typeof clean === 'string') return clean.trim();
  if (htmlDepth(html, limit) > limit) return null;
  // Past `limit` on the fast path's stack but not by htmlDepth's count: the fast path's output still.
  return clean === TOO_DEEP ? sanitizeBody(html) : sanitizeFully(html);
}

// ---- The fast path ----
//
// `cleanMarkup` reads only a narrow, well-formed subset of HTML and writes it out as sanitize-html
// does with POLICY: lower-case allowed tags, each closed by its own end tag in order, allowed
// attributes in double or single quotes with safe values, text with a known set of character
// references. Anything else (a comment, CDATA, a doctype, a disallowed tag or attribute, a stray `<`,
// an unknown or unterminated reference, an unclosed or mis-nested element, an element the HTML parser
// would close on its own) returns null, and the full sanitizer reads the body instead. The fast path
// never decides what is safe on its own terms: whatever it accepts it must write exactly as
// sanitize-html would (tests/unit/html-fast-path.test.ts compares the two over hostile and generated
// input), so the allowlist's guarantees are the sanitizer's.

const ALLOWED_TAGS = new Set(POLICY.allowedTags as string[]);
const ALLOWED_ATTRIBUTES = new Map(
  Object.entries(POLICY.allowedAttributes as Record<string, string[]>).map(([tag, names]) => [tag, new Set(names)]),
);
const ALLOWED_CLASSES = new Set((POLICY.allowedClasses as Record<string, string[]>).span);
/** Elements sanitize-html writes as `<br />` and never closes. */
const FAST_VOID = new Set(['br', 'hr']);
/**
 * Elements the HTML parser closes when another opens (htmlparser2's table, for the allowed tags): the
 * fast path gives up when that would happen rather than copy the parser's repair.
 */
const P_ONLY = new Set(['p']);
const IMPLIED_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['li', new Set(['li'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...[
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'dl',
    'figcaption',
    'figure',
    'hr',
    'ol',
    'pre',
    'table',
    'ul',
    'div',
    'section',
    'article',
    'address',
    'aside',
    'details',
    'fieldset',
    'footer',
    'form',
    'header',
    'main',
    'nav',
  ].map((t): [string, Set<string>] => [t, P_ONLY]),
]);
/** Named references the fast path decodes (with `;`), and what sanitize-html writes for each. */
const TEXT_REFERENCES: Record<string, string> = {
  amp: '&amp;',
  lt: '&lt;',
  gt: '&gt;',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  laquo: '\u00ab',
  raquo: '\u00bb',
  bdquo: '\u201e',
  sbquo: '\u201a',
  euro: '\u20ac',
  copy: '\u00a9',
  reg: '\u00ae',
  deg: '\u00b0',
  auml: '\u00e4',
  ouml: '\u00f6',
  uuml: '\u00fc',
  Auml: '\u00c4',
  Ouml: '\u00d6',
  Uuml: '\u00dc',
  szlig: '\u00df',
  eacute: '\u00e9',
  egrave: '\u00e8',
  aacute: '\u00e1',
  agrave: '\u00e0',
  ccedil: '\u00e7',
};
const ATTRIBUTE_REFERENCES: Record<string, string> = {
  amp: '&amp;',
  quot: '&quot;',
  lt: '&lt;',
  gt: '&gt;',
  apos: "'",
};

const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => isLower(c) || isUpper(c) || isDigit(c);
/** White space between attributes as the HTML tokenizer sees it. */
const isTagSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/** A character reference's code point, as the HTML parser reads it, or -1 when the fast path will not decide. */
function numericReference(digits: string, hex: boolean): number {
  if (!digits.length || digits.length > 6) return -1;
  const code = parseInt(digits, hex ? 16 : 10);
  // Printable ASCII, and the rest of Unicode without C1 controls, surrogates and non-characters at
  // the plane ends; controls and the others are remapped by the HTML parser, so they go the long way.
  if (
    (code >= 0x20 && code < 0x7f) ||
    (code >= 0xa0 && code < 0xd800) ||
    (code >= 0xe000 && code < 0xfdd0) ||
    (code > 0xfdef && code < 0xfffe)
  )
    return code;
  if (code >= 0x10000 && code <= 0x10ffff && (code & 0xfffe) !== 0xfffe) return code;
  return -1;
}

const escapeChar = (ch: string) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch);

/**
 * Reads a character reference at `at` (on a `&`): [what to write, where it ends], or null. `names` are
 * the named references allowed here; a bare `&` (not followed by a letter, digit or `#`) is itself.
 */
function reference(html: string, at: number, names: Record<string, string>, quote: boolean): [string, number] | null {
  const next = html.charCodeAt(at + 1);
  if (next === 35 /* # */) {
    const hex = html.charCodeAt(at + 2) === 120 || html.charCodeAt(at + 2) === 88;
    let end = at + (hex ? 3 : 2);
    const start = end;
    while (end < html.length && (hex ? isAlnum(html.charCodeAt(end)) : isDigit(html.charCodeAt(end)))) end += 1;
    if (html.charCodeAt(end) !== 59 /* ; */) return null;
    const digits = html.slice(start, end);
    if (hex && !/^[0-9a-fA-F]+$/.test(digits)) return null;
    const code = numericReference(digits, hex);
    if (code === -1) return null;
    const ch = String.fromCodePoint(code);
    return [quote && ch === '"' ? '&quot;' : escapeChar(ch), end + 1];
  }
  if (isAlnum(next)) {
    let end = at + 1;
    while (end < html.length && end - at <= 8 && isAlnum(html.charCodeAt(end))) end += 1;
    if (html.charCodeAt(end) !== 59) return null;
    const out = names[html.slice(at + 1, end)];
    return out === undefined || !Object.prototype.hasOwnProperty.call(names, html.slice(at + 1, end))
      ? null
      : [out, end + 1];
  }
  // A bare `&` before anything but a name, a number or the end: text. (In an attribute the end of
  // the value also ends it.)
  return Number.isNaN(next) ? null : ['&amp;', at + 1];
}

/** An allowed attribute's value as sanitize-html keeps it, or null to give up. */
function attributeValue(tag: string, name: string, value: string): string | null {
  if (!value) return null; // empty values are dropped by the sanitizer
  if (name === 'href' || name === 'cite') {
    // Only absolute web and mail links, with nothing a browser would strip or re-read in them.
    if (!/^(?:https?:\/\/|mailto:)[^\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]*$/.test(value))
      return null;
  }
  if (tag === 'span' && name === 'class') {
    const classes = value.split(' ');
    if (!classes.every((c) => ALLOWED_CLASSES.has(c))) return null;
  }
  return value;
}

/**
 * The sanitized form of a body made only of allowed, well-formed markup; null for anything else.
 * One pass, linear in the length of the body.
 */
const SPECIAL = /[&<>\u0000]/g;

export function cleanMarkup(html: string): string | null {
  const clean = cleanMarkupWithin(html, Infinity);
  return clean === TOO_DEEP ? null : clean;
}

/** cleanMarkup, giving up (with TOO_DEEP) when more than `limit` elements are open at once. */
function cleanMarkupWithin(html: string, limit: number): string | null | typeof TOO_DEEP {
  const stack: string[] = [];
  let out = '';
  let copied = 0;
  const n = html.length;
  let at = 0;
  while (at < n) {
    const c = html.charCodeAt(at);
    if (c === 38 /* & */) {
      const ref = reference(html, at, TEXT_REFERENCES, false);
      if (!ref) return null;
      out += html.slice(copied, at) + ref[0];
      at = copied = ref[1];
      continue;
    }
    if (c === 62 /* > */) {
      out += html.slice(copied, at) + '&gt;';
      at = copied = at + 1;
      continue;
    }
    if (c === 0) return null;
    if (c !== 60 /* < */) {
      // Text: on to the next character that means anything.
      SPECIAL.lastIndex = at + 1;
      at = SPECIAL.test(html) ? SPECIAL.lastIndex - 1 : n;
      continue;
    }
    // A tag.
    const closing = html.charCodeAt(at + 1) === 47; /* / */
    let end = at + (closing ? 2 : 1);
    const nameStart = end;
    if (!isLower(html.charCodeAt(end)) && !isUpper(html.charCodeAt(end))) return null;
    while (end < n && isAlnum(html.charCodeAt(end))) end += 1;
    const name = html.slice(nameStart, end).toLowerCase();
    if (!ALLOWED_TAGS.has(name)) return null;
    if (closing) {
      if (html.charCodeAt(end) !== 62 || stack[stack.length - 1] !== name) return null;
      stack.pop();
      // Copied as it stands unless written in capitals.
      if (!html.startsWith(name, nameStart)) {
        out += html.slice(copied, at) + `</${name}>`;
        copied = end + 1;
      }
      at = end + 1;
      continue;
    }
    const implied = IMPLIED_CLOSE.get(name);
    if (implied && stack.length && implied.has(stack[stack.length - 1])) return null;
    // The commonest tag, a bare `<p>` in lower case: written as it stands, so nothing is built to
    // compare it with (what the general way below does for every tag).
    if (html.charCodeAt(end) === 62 /* > */ && !FAST_VOID.has(name) && html.startsWith(name, nameStart)) {
      if (stack.push(name) > limit) return TOO_DEEP;
      at = end + 1;
      continue;
    }
    let tag = `<${name}`;
    const allowed = ALLOWED_ATTRIBUTES.get(name);
    const seen: string[] = [];
    for (;;) {
      const c2 = html.charCodeAt(end);
      if (c2 === 62) {
        end += 1;
        break;
      }
      if (c2 === 47 /* / */ && html.charCodeAt(end + 1) === 62 && FAST_VOID.has(name)) {
        end += 2;
        break;
      }
      if (!isTagSpace(c2)) return null;
      while (isTagSpace(html.charCodeAt(end))) end += 1;
      if (html.charCodeAt(end) === 62 || html.charCodeAt(end) === 47) continue;
      // An attribute: a name, `=`, a quoted value.
      const attrStart = end;
      while (end < n && (isAlnum(html.charCodeAt(end)) || html.charCodeAt(end) === 45)) end += 1;
      const attr = html.slice(attrStart, end).toLowerCase();
      if (!attr || !allowed?.has(attr) || seen.includes(attr)) return null;
      seen.push(attr);
      if (html.charCodeAt(end) !== 61 /* = */) return null;
      const quote = html.charCodeAt(end + 1);
      if (quote !== 34 && quote !== 39) return null;
      let value = '';
      let from = end + 2;
      let k = from;
      for (;;) {
        if (k >= n) return null;
        const v = html.charCodeAt(k);
        if (v === quote) break;
        if (v === 38) {
          const ref = reference(html, k, ATTRIBUTE_REFERENCES, true);
          // A bare `&` ends nothing in a value: give up rather than copy the parser's rules.
          if (!ref || ref[1] === k + 1) return null;
          value += html.slice(from, k) + ref[0];
          k = from = ref[1];
          continue;
        }
        if (v === 60 || v === 62 || v === 34 || v === 0) return null;
        k += 1;
      }
      value += html.slice(from, k);
      const kept = attributeValue(name, attr, value);
      if (kept === null) return null;
      tag += ` ${attr}="${kept}"`;
      end = k + 1;
      const after = html.charCodeAt(end);
      if (after !== 62 && !isTagSpace(after) && after !== 47) return null;
    }
    if (FAST_VOID.has(name)) tag += ' />';
    else {
      tag += '>';
      if (stack.push(name) > limit) return TOO_DEEP;
    }
    if (tag !== html.slice(at, end)) {
      out += html.slice(copied, at) + tag;
      copied = end;
    }
    at = end;
  }
  if (stack.length) return null;
  return copied ? out + html.slice(copied) : html;
}

/** Elements that never hold others. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Elements a new one of the same name closes (`<p>a<p>b`, `<li>a<li>b`): sloppy copy, not nesting. */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'thead', 'tbody', 'tfoot']);

/** `[A-Za-z0-9:_-]`, by its code. */
const isNameChar = (c: number) => isAlnum(c) || c === 58 || c === 95 || c === 45;

/**
 * How deeply the elements of an HTML fragment nest, in one pass, stopping once past `limit`. Close
 * tags close up to their open element (as a browser would); void and self-closed elements and
 * repeated paragraphs and list items do not nest. The sanitizer's parser is not made for thousands
 * of levels (its element stack costs grow with depth): deeper bodies are refused before it runs.
 */
export function htmlDepth(html: string, limit = Infinity): number {
  const stack: string[] = [];
  const open = new Map<string, number>();
  const popTo = (name: string) => {
    while (stack.length) {
      const top = stack.pop() as string;
      open.set(top, (open.get(top) ?? 1) - 1);
      if (top === name) return;
    }
  };
  let deepest = 0;
  let gtFrom = -1;
  let gt = -1;
  for (let at = html.indexOf('<'); at !== -1 && at < html.length; at = html.indexOf('<', at + 1)) {
    if (html.startsWith('<!--', at)) {
      const end = html.indexOf('-->', at + 4);
      if (end === -1) break;
      at = end + 2;
      continue;
    }
    const closing = html[at + 1] === '/';
    let end = at + (closing ? 2 : 1);
    if (!isLower(html.charCodeAt(end)) && !isUpper(html.charCodeAt(end))) continue;
    while (end < html.length && isNameChar(html.charCodeAt(end))) end += 1;
    const name = html.slice(at + (closing ? 2 : 1), end).toLowerCase();
    // The first `>` after the name, searched once for every position (positions only grow).
    if (gtFrom === -1 || end > gt || end < gtFrom) {
      gtFrom = end;
      gt = html.indexOf('>', end);
    }
    if (gt === -1) break;
    if (closing) {
      if ((open.get(name) ?? 0) > 0) popTo(name);
    } else if (!VOID.has(name) && html[gt - 1] !== '/') {
      if (SELF_CLOSING_SIBLINGS.has(name) && (open.get(name) ?? 0) > 0) popTo(name);
      stack.push(name);
      open.set(name, (open.get(name) ?? 0) + 1);
      if (stack.length > deepest) deepest = stack.length;
      if (deepest > limit) return deepest;
    }
    at = gt;
  }
  return deepest;
}
