/**
 * Plain-text wire copy from any agency (USPA News and every agency writing the same shape): the
 * section, a blank line, the headline, a blank line, then one paragraph per line. The first
 * paragraph opens with the credit, `PLACE (Agency Name) -` or `Agency Name -`, the dash being `-`,
 * `–`, `—` or ANPA's `_`; the last paragraph, when it reads as a licence footer, is the rights
 * statement. An agency's own quirks (USPA's backquote apostrophes) live in its profile (agencies/).
 *
 * Detection is strict so that it never claims another format's file: plain text (not markup or
 * JSON), a credit line within the first lines, and, for the bare `Name -` credit, a name the agency
 * directory knows or a licence footer at the end.
 */
import { SHIPPED } from '../agencies/directory';
import { looksLikeAgencyName } from '../agencies/resolve';
import { splitDateline } from '../normalise/dateline';
import { looksLikeLicenceFooter } from '../normalise/licence';
import { paragraphsToHtml } from '../normalise/text';
import { DocumentError, emptyItem, type Dateline, type FeedFormat, type RawDocument } from './types';

const DASH = String.raw`\s*[-–—_]\s+`;
/** `PLACE[, more] (Agency Name) -`: bounded parts, no nested quantifiers. */
const PAREN_CREDIT = new RegExp(String.raw`^(?<place>\p{Lu}[^()\n]{0,80}?)\s*\((?<agency>[^()\n]{2,40})\)` + DASH, 'u');
/** `Agency Name -` alone: up to five words. */
const BARE_CREDIT = new RegExp(
  String.raw`^(?<agency>[\p{L}][\p{L}\p{N}&.'’-]*(?: [\p{L}\p{N}&.'’-]+){0,4})` + DASH,
  'u',
);

export interface Credit {
  /** The credit as written, dash included. */
  text: string;
  place: string | null;
  agency: string;
  bare: boolean;
}

/** The credit a paragraph opens with, or null. Lines are short; each pattern is linear. */
export function readCredit(line: string): Credit | null {
  const head = line.slice(0, 200);
  const paren = PAREN_CREDIT.exec(head);
  if (paren?.groups && looksLikeAgencyName(paren.groups.agency) && paren.groups.place.split(/\s+/).length <= 8) {
    return { text: paren[0].trim(), place: paren.groups.place.trim(), agency: paren.groups.agency.trim(), bare: false };
  }
  const bare = BARE_CREDIT.exec(head);
  if (bare?.groups && looksLikeAgencyName(bare.groups.agency)) {
    return { text: bare[0].trim(), place: null, agency: bare.groups.agency.trim(), bare: true };
  }
  return null;
}

function lines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim());
}

/** Where the credit line is: within the first lines, after at least a headline. -1 when none. */
function creditIndex(all: string[], strict: boolean): number {
  let seen = 0;
  for (let i = 0; i < all.length && seen < 6; i++) {
    if (!all[i]) continue;
    seen++;
    const credit = seen >= 2 ? readCredit(all[i]) : null;
    // The credit opens a paragraph of copy, not a one-line label.
    if (!credit || all[i].length <= credit.text.length + 1) continue;
    if (!strict || !credit.bare || SHIPPED.byAlias(credit.agency)) return i;
    const last = [...all].reverse().find(Boolean) ?? '';
    if (looksLikeLicenceFooter(last)) return i;
  }
  return -1;
}

function datelineOf(credit: Credit, opening: string): Dateline {
  const split = splitDateline(opening);
  if (split && split.dateline.agency === credit.agency) return split.dateline;
  return {
    text: credit.text,
    place: credit.place ? credit.place.split(',')[0].trim() : null,
    region: null,
    country: null,
    date: null,
    agency: credit.agency,
  };
}

/**
 * Copy in the plain-text layout without a credit line, for an agency the operator or the feed names:
 * a section and a headline each on a line of their own (a blank line after each), then paragraphs of
 * copy, each a line of sentences. Returns where the copy starts, or -1. Lines are looked at, not the
 * whole text: linear.
 */
function creditlessLayout(all: string[]): number {
  const filled: number[] = [];
  for (let i = 0; i < all.length && filled.length < 3; i++) if (all[i]) filled.push(i);
  if (filled.length < 3) return -1;
  const [section, headline, copy] = filled.map((i) => all[i]);
  // Section and headline are short lines with no sentence end; the copy is a sentence of words.
  const short = (line: string, max: number) => line.length <= max && !/[.!?]["'”’)]?$/.test(line);
  if (!short(section, 60) || !short(headline, 200)) return -1;
  if (all[filled[0] + 1] !== '' || all[filled[1] + 1] !== '') return -1;
  if (copy.length < 40 || !/[.!?]/.test(copy) || copy.split(' ').length < 8) return -1;
  return filled[2];
}

export const plainText: FeedFormat = {
  name: 'plain-text',

  detect(doc: RawDocument): boolean {
    const head = doc.text.slice(0, 4000);
    if (/^\s*[<{[]/.test(head)) return false;
    // The footer test needs the end of the document: look at its last 2,000 characters only.
    const tail = doc.text.length > 4000 ? doc.text.slice(-2000) : '';
    const all = lines(tail ? `${head}\n${tail}` : head);
    if (creditIndex(all, true) >= 0) return true;
    // No credit line: wire copy only when an agency is given for it, and never control-framed text.
    return !!doc.agencyGiven && !/[\x00-\x08\x0e-\x1f]/.test(head) && creditlessLayout(all) >= 0;
  },

  parse(doc: RawDocument) {
    const all = lines(doc.text);
    const credited = creditIndex(all, false);
    const creditAt = credited >= 0 ? credited : doc.agencyGiven ? creditlessLayout(all) : -1;
    if (creditAt < 0)
      throw new DocumentError(
        doc.agencyGiven
          ? 'neither a credit line (`PLACE (Agency) - ` or `Agency - `) opening the first paragraph nor the layout section, headline, paragraphs'
          : "no credit line (`PLACE (Agency) - ` or `Agency - `) opening the first paragraph (copy without one is read when an agency is given: `--agency` or the feed's default agency)",
        'body',
      );
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
    const credit = credited >= 0 ? (readCredit(paragraphs[0]) as Credit) : null;
    if (paragraphs.length > 1 && looksLikeLicenceFooter(paragraphs[paragraphs.length - 1])) {
      item.rights = { notice: paragraphs.pop() as string, holder: null };
    }
    item.bodyHtml = paragraphsToHtml(paragraphs);
    // Without a credit, a dateline the copy opens with is still read (ingest/prepare.ts).
    item.dateline = credit ? datelineOf(credit, paragraphs[0]) : null;
    // The credit names the agency; resolution (agencies/resolve.ts) maps it to the directory.
    item.agency = null;
    return { format: 'plain-text', items: [item], problems: [] };
  },
};
