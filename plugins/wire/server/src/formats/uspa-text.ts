/**
 * USPA plain-text articles: the section, a blank line, the headline, a blank line, then one paragraph
 * per line. The first paragraph opens with the credit (`USPA News - ` or `CITY (USPA News) - `); the
 * last is the licence footer. The USPA agency profile splits credit and footer off the body.
 */
import { paragraphsToHtml } from '../normalise/text';
import { DocumentError, emptyItem, type FeedFormat, type RawDocument } from './types';

const CREDIT = /^(?:[^\n()]{0,60}\()?USPA News\)?\s*[-–—]/m;

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((l) => l.trim());
}

export const uspaText: FeedFormat = {
  name: 'uspa-text',

  detect(doc: RawDocument): boolean {
    const head = doc.text.slice(0, 4000);
    if (/^\s*[<{[]/.test(head)) return false;
    return lines(head).filter(Boolean).slice(0, 4).some((l) => CREDIT.test(l));
  },

  parse(doc: RawDocument) {
    const all = lines(doc.text);
    const creditAt = all.findIndex((l) => CREDIT.test(l));
    if (creditAt < 0) throw new DocumentError('no USPA credit line (`USPA News - ` or `PLACE (USPA News) - `) found', 'body');
    const heading = all.slice(0, creditAt);
    const item = emptyItem();
    if (heading.length >= 3 && heading[0] && heading[1] === '') {
      // The layout is positional: section, blank, headline. A blank third line is a missing headline.
      item.section = heading[0];
      item.headline = heading[2];
    } else {
      const filled = heading.filter(Boolean);
      item.headline = filled[filled.length - 1] ?? '';
      item.section = filled.length >= 2 ? filled[filled.length - 2] : null;
    }
    const paragraphs = all.slice(creditAt).filter(Boolean);
    item.bodyHtml = paragraphsToHtml(paragraphs);
    item.agency = { code: 'USPA', name: 'USPA News' };
    return { format: 'uspa-text', items: [item], problems: [] };
  },
};
