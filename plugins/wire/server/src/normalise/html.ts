/**
 * Feed bodies are untrusted. Sanitize with an allowlist: keep what a story is made of (paragraphs,
 * lists, links, emphasis, tables, headings, quotes), drop scripts, handlers, frames, styles and
 * non-web links. sanitize-html does the HTML tokenising; the policy is ours.
 */
import sanitizeHtml from 'sanitize-html';

const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'a', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'small', 'abbr', 'q', 'cite', 'span',
    'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
    'figure', 'figcaption',
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

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, POLICY).trim();
}

/** Elements that never hold others. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements a new one of the same name closes (`<p>a<p>b`, `<li>a<li>b`): sloppy copy, not nesting. */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'thead', 'tbody', 'tfoot']);

const isNameChar = (c: string) => /[A-Za-z0-9:_-]/.test(c);

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
    if (!/[A-Za-z]/.test(html[end] ?? '')) continue;
    while (end < html.length && isNameChar(html[end])) end += 1;
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
