// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
/**
 * USPA News profile: USPA copy opens with the credit (`USPA News - ` or `PLACE (USPA News) - `) and
 * ends with a licence footer. Both are taken out of the body: the credit becomes the dateline and the
 * agency, the footer becomes the item's rights statement.
 */
import { splitDateline } from '../normalise/dateline';
import { looksLikeLicenceFooter } from '../normalise/licence';
import { htmlToText, splitHtmlParagraphs } from '../normalise/text';
import type { AgencyRef, WireItem } from '../../../../plugins/wire/server/src/formats/types';
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

export const uspaProfile: AgencyProfile = {
  code: 'USPA',

  applies(item: WireItem): boolean {
    if (item.agency && CREDIT.test(item.agency.code)) return true;
    const opening = htmlToText(item.bodyHtml.slice(0, 600)).split('\n')[0] ?? '';
    const split = splitDateline(opening);
    return !!split && CREDIT.test(split.dateline.agency ?? '');
  },

  refine(item: WireItem): WireItem {
    const paragraphs = splitHtmlParagraphs(item.bodyHtml);
    let rights = item.rights;
    const last = paragraphs.length > 1 ? htmlToText(paragraphs[paragraphs.length - 1]) : '';
    if (last && looksLikeLicenceFooter(last)) {
      paragraphs.pop();
      // The footer is the most specific statement: it wins over a channel-wide copyright line.
      rights = { notice: last, holder: null };
    }
    let dateline = item.dateline;
    if (paragraphs.length) {
      const opening = htmlToText(paragraphs[0]);
      const split = splitDateline(opening, item.versionCreated);
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
