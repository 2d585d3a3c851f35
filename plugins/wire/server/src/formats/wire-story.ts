/**
 * What Wire writes into its own RSS and Atom so that a Wire reading them back (another install, or
 * the same one) gets each story as the agency sent it: the story's original identity as a URN, the
 * dateline and the credit line marked in the HTML, so they can be told from the agency's copy.
 * Pure: no Strapi, no I/O. Used by serve/partner-feeds.ts (writing) and formats/rss.ts, atom.ts
 * (reading).
 */
import { decodeEntities } from '../normalise/text';

const STORY_PREFIX = 'urn:wire:story:';

/**
 * A story's identity as a URN: `urn:wire:story:<agency code>:<agency guid>`, the guid
 * percent-encoded. The same on every Wire that serves the story, unlike the article's own id.
 */
export function storyUrn(agencyCode: string, guid: string): string {
  return `${STORY_PREFIX}${encodeURIComponent(agencyCode)}:${encodeURIComponent(guid)}`;
}

/** The agency code and guid a story URN carries; null for anything else. */
export function readStoryUrn(value: string | null | undefined): { code: string; guid: string } | null {
  const text = value?.trim() ?? '';
  if (!text.startsWith(STORY_PREFIX)) return null;
  const rest = text.slice(STORY_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return null;
  try {
    const code = decodeURIComponent(rest.slice(0, colon)).trim().toUpperCase();
    const guid = decodeURIComponent(rest.slice(colon + 1)).trim();
    return code && guid ? { code, guid } : null;
  } catch {
    return null; // a malformed escape: not one of ours
  }
}

/** The class of the span that holds the dateline at the start of a served story's first paragraph. */
export const DATELINE_CLASS = 'wire-dateline';
/** The class of the paragraph Wire adds after a served story's body: the credit and notice. */
export const CREDIT_CLASS = 'wire-credit';

const DATELINE_OPEN = `<span class="${DATELINE_CLASS}">`;
const CREDIT_OPEN = `<p class="${CREDIT_CLASS}">`;

/**
 * A served story's HTML taken apart: the dateline Wire put in front, the body as stored, the credit
 * paragraph Wire added after it left out. HTML without these marks comes back as it is. Linear:
 * fixed strings only, no patterns over the copy.
 */
export function unwrapServedHtml(html: string): { dateline: string | null; body: string } {
  let body = html.trim();
  let dateline: string | null = null;
  const creditAt = body.lastIndexOf(CREDIT_OPEN);
  if (creditAt !== -1 && body.endsWith('</p>') && body.indexOf('<p', creditAt + CREDIT_OPEN.length) === -1)
    body = body.slice(0, creditAt).trim();
  const datelineAt = body.indexOf(DATELINE_OPEN);
  if (datelineAt !== -1 && datelineAt <= 3) {
    const end = body.indexOf('</span>', datelineAt);
    if (end !== -1) {
      dateline = decodeEntities(body.slice(datelineAt + DATELINE_OPEN.length, end)).trim() || null;
      const before = body.slice(0, datelineAt);
      let after = body.slice(end + '</span>'.length);
      if (after.startsWith(' ')) after = after.slice(1);
      // A dateline in a paragraph of its own (the body did not open with one) goes with it.
      body = before === '<p>' && after.startsWith('</p>') ? after.slice(4).trim() : before + after;
    }
  }
  return { dateline, body };
}
