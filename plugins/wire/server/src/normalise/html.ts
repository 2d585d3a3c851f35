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
