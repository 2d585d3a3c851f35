/**
 * Synthetic NewsML-G2 copy for the licence tests: each story's words are numbered tokens of its own
 * (`<seed>1 <seed>2 ...`), so a test counts exactly how many of a story's words a response holds,
 * whatever the format (JSON, RSS, Atom, ninjs), with one linear scan.
 */
import { sentencesOf } from './wire-copy';

/** Quotes up to 5 %, marked, source linked: the terms USPA copy carries. */
export const QUOTE_TERMS =
  'Editorial content from this agency may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';

export interface G2Story {
  guid: string;
  /** Agency code (the G2 provider). */
  agency: string;
  headline: string;
  /** The body: `words` numbered tokens `<seed>1..<seed>N` in sentences of eight. */
  seed: string;
  words: number;
  version?: number;
  status?: 'usable' | 'withheld' | 'canceled';
  /** usageTerms text; omitted: no rightsInfo. */
  terms?: string;
  keywords?: string[];
  section?: string;
  /** ISO date; only for dates a parser reads as they are (see the matrix test on embargoes). */
  embargo?: string;
  /** Replaces words from this (1-based) index on with `<seed>v<version>x<n>`: a later correction. */
  correctFrom?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function storyText(s: Pick<G2Story, 'seed' | 'words' | 'version' | 'correctFrom'>): string {
  const text = sentencesOf(s.words, s.seed);
  if (!s.correctFrom) return text;
  let n = 0;
  return text.replace(new RegExp(`\\b${s.seed}(\\d+)\\b`, 'gi'), (token, i) => {
    n += 1;
    return Number(i) >= s.correctFrom! ? `${token[0]}${s.seed.slice(1)}v${s.version ?? 1}x${n}` : token;
  });
}

export function g2Item(s: G2Story): string {
  const { version = 1, status = 'usable' } = s;
  const rights = s.terms
    ? `<rightsInfo><copyrightHolder><name>${esc(s.agency)} Test Agency</name></copyrightHolder><usageTerms xml:lang="en">${esc(s.terms)}</usageTerms></rightsInfo>`
    : '';
  const subject = s.section
    ? `<subject type="tstype:category" qcode="tscat:x"><name>${esc(s.section)}</name></subject>`
    : '';
  const keywords = (s.keywords ?? []).map((k) => `<keyword>${esc(k)}</keyword>`).join('');
  return `<?xml version="1.0"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:licence.test:${s.guid}" version="${version}" xml:lang="en">
  ${rights}
  <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:${s.agency}"><name>${esc(s.agency)} Test Agency</name></provider>
    <versionCreated>2026-11-2${Math.min(version, 9)}T10:00:00Z</versionCreated><firstCreated>2026-11-20T10:00:00Z</firstCreated>
    <pubStatus qcode="stat:${status}"/>${s.embargo ? `<embargoed>${s.embargo}</embargoed>` : ''}
    <link rel="irel:canonical" href="https://agency.example.test/${s.guid}"/></itemMeta>
  <contentMeta>${subject}${keywords}<headline>${esc(s.headline)}</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>${storyText({ ...s, version })}</p></body></html></inlineXML></contentSet>
</newsItem>`;
}

/** The distinct `<seed><n>` tokens (and corrected `<seed>v..x..` ones) that occur in `text`. */
export function tokensOf(text: string, seed: string): Set<string> {
  const found = new Set<string>();
  const pattern = new RegExp(`\\b${seed}(?:\\d+|v\\d+x\\d+)\\b`, 'gi');
  for (const m of text.matchAll(pattern)) found.add(m[0].toLowerCase());
  return found;
}
