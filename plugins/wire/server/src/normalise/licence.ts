/**
 * Licence notices in, machine-readable terms out. One model for every source of rights: agency
 * footers (USPA in English and German), common wire notices, and rights fields of structured formats.
 * Pure functions: no Strapi, no I/O.
 */
import { createHash } from 'node:crypto';

export interface LicenceTerms {
  /** Largest share of the whole text a quote may have, in percent; null when the notice sets none. */
  quoteLimitPercent: number | null;
  quotesMustBeMarked: boolean;
  attributionRequired: boolean;
  hyperlinkRequired: boolean;
  /** May the full text be republished (by anyone holding only this licence)? */
  fullTextAllowed: boolean;
  /** False when the notice forbids publishing or redistribution outright. */
  syndicationAllowed: boolean;
  archivalUseAllowed: boolean;
}

export interface ParsedLicence {
  /** The notice verbatim (whitespace folded), as the agency wrote it. */
  notice: string;
  holder: string | null;
  terms: LicenceTerms;
  /** Language the notice is written in, when recognisable (`en`, `de`). */
  language: string | null;
}

/** Whitespace-folded notice; equal notices (up to whitespace) are one licence. */
export function normaliseNotice(notice: string): string {
  return notice.replace(/\s+/g, ' ').trim();
}

/** Stable key for a notice: the same footer seen twice maps to one licence record. */
export function noticeKey(notice: string, holder: string | null = null): string {
  return createHash('sha256')
    .update(normaliseNotice(notice).toLowerCase())
    .update('\u0000')
    .update((holder ?? '').trim().toLowerCase())
    .digest('hex');
}

const PERCENT = String.raw`(\d{1,3}(?:[.,]\d+)?)\s*(?:%|percent|per cent|prozent)`;

const QUOTE_LIMIT_PATTERNS: RegExp[] = [
  // "quoted ... as long as the quote comprises no more than 5% of the entire text"
  new RegExp(String.raw`(?:quot|excerpt|zitat|zitier)[^.]*?(?:no more than|not more than|not exceed(?:ing)?|at most|up to|maximum of|max\.?|höchstens|maximal|nicht mehr als|bis zu)\s*` + PERCENT, 'i'),
  // "5% of the entire text" anywhere in a sentence about quoting
  new RegExp(PERCENT + String.raw`\s*(?:of|des|der)\s+(?:the\s+)?(?:entire|whole|total|full|gesamten|ganzen)?\s*(?:text|article|story|gesamttextes|textes|artikels|beitrags)`, 'i'),
];

const MARKED = /marked as (?:such|a quot\w*|quot\w*)|clearly marked|identified as (?:a )?quot\w*|als (?:solche[sr]?|zitat) (?:gekennzeichnet|kenntlich)|kenntlich gemacht|gekennzeichnet/i;
const ATTRIBUTION = /source (?:is|must be|shall be) (?:named|credited|cited|given|stated|mentioned)|nam(?:e|ing) the source|credit(?:ing)? the source|with attribution|attributed to|quelle (?:genannt|angegeben|zu nennen)|unter nennung der quelle|quellenangabe/i;
// Positive forms only: "not permitting deep hyperlinking" must not read as "a hyperlink is required".
const HYPERLINK = /(?:via|with|by|using) (?:a )?(?:hyper-?)?link\b|\(via hyperlink\)|hyperlink(?:ed)? to the (?:source|original)|link(?:ing)? back to|(?:per|mit) (?:hyper)?link|verlinkt|verlinkung/i;
const NO_SYNDICATION = /may not be (?:published|broadcast|rewritten|redistributed|reproduced)|must not be (?:published|redistributed|reproduced)|not for (?:publication|redistribution)|darf nicht (?:veröffentlicht|weiterverbreitet)/i;
const NO_ARCHIVE = /no archiv(?:al|e)|not for archiv|keine archivierung/i;
const FULL_TEXT_GRANTED = /may be (?:republished|reproduced|reprinted) in full|free (?:to|for) (?:use|republication)|creative commons|cc[- ]by|public domain|frei verwendbar|honorarfrei/i;
const ALL_RIGHTS = /all rights reserved|alle rechte vorbehalten/i;
const AUTHOR_HOLDS = /(?:lies|rests) with the author,? who also holds the copyright|author[^.]*holds? the copyright|liegt beim autor|autor[^.]*(?:urheberrecht|copyright)/i;
const GERMAN = /\b(?:der|die|das|und|ist|wird|dürfen|darf|nicht|mit|von|für)\b/gi;

// Feeds repeat the same few notices on every item: read each once.
const parsedNotices = new Map<string, ParsedLicence>();
const MAX_CACHED_NOTICES = 500;

/** Reads a notice into terms. Unknown wording yields the strict default: no full text, no limit. */
export function parseLicenceNotice(rawNotice: string, holderHint: string | null = null): ParsedLicence {
  const cacheKey = `${holderHint ?? ''}\u0000${rawNotice}`;
  const cached = parsedNotices.get(cacheKey);
  if (cached) return { ...cached, terms: { ...cached.terms } };
  const parsed = readNotice(rawNotice, holderHint);
  if (parsedNotices.size >= MAX_CACHED_NOTICES) parsedNotices.clear();
  parsedNotices.set(cacheKey, parsed);
  return { ...parsed, terms: { ...parsed.terms } };
}

function readNotice(rawNotice: string, holderHint: string | null): ParsedLicence {
  const notice = normaliseNotice(rawNotice);
  let quoteLimitPercent: number | null = null;
  for (const pattern of QUOTE_LIMIT_PATTERNS) {
    const m = pattern.exec(notice);
    if (m) {
      const value = Number(m[1].replace(',', '.'));
      if (Number.isFinite(value) && value > 0 && value <= 100) {
        quoteLimitPercent = value;
        break;
      }
    }
  }
  const syndicationAllowed = !NO_SYNDICATION.test(notice);
  const fullTextAllowed = syndicationAllowed && FULL_TEXT_GRANTED.test(notice) && !ALL_RIGHTS.test(notice);
  const terms: LicenceTerms = {
    quoteLimitPercent: syndicationAllowed ? quoteLimitPercent : null,
    quotesMustBeMarked: MARKED.test(notice),
    attributionRequired: ATTRIBUTION.test(notice) || HYPERLINK.test(notice),
    hyperlinkRequired: HYPERLINK.test(notice),
    fullTextAllowed,
    syndicationAllowed,
    archivalUseAllowed: !NO_ARCHIVE.test(notice),
  };
  const germanWords = (notice.match(GERMAN) ?? []).length;
  const language = germanWords >= 3 ? 'de' : /[a-z]/i.test(notice) ? 'en' : null;
  return { notice, holder: holderHint?.trim() || copyrightHolder(notice, language), terms, language };
}

/** Who holds the copyright, as the notice says it; null when it does not say. */
export function copyrightHolder(notice: string, language: string | null = null): string | null {
  if (AUTHOR_HOLDS.test(notice)) return language === 'de' ? 'Der Autor' : 'The author';
  // "the copyright notice" names no holder; "alle Rechte vorbehalten" and a trailing year are no part of one.
  const m = /(?:©|\(c\)|copyright(?!\s+notice))\s*(?:\(c\)\s*)?(?:\d{4}(?:\s*[-–/]\s*\d{2,4})?\s*,?\s*)?([^,.;()]{2,80}?)(?:[,.;]|\s+all rights|\s+alle rechte|$)/i.exec(notice);
  if (!m) return null;
  const holder = m[1].trim().replace(/\s+\d{4}$/, '');
  return holder && !/^(?:by|the|notice)$/i.test(holder) ? holder : null;
}

/**
 * Does this paragraph read as a licence footer rather than story text? Used by agency profiles to
 * split the footer off the body.
 */
export function looksLikeLicenceFooter(paragraph: string): boolean {
  const text = normaliseNotice(paragraph);
  if (text.length > 1200) return false;
  const signals = [
    /liability for this (?:article|text)/i,
    /haftung für diese[nr]? (?:artikel|text|beitrag)/i,
    AUTHOR_HOLDS,
    /may be quoted|dürfen[^.]*zitiert werden|darf[^.]*zitiert werden/i,
    new RegExp(PERCENT, 'i'),
    ATTRIBUTION,
    HYPERLINK,
  ];
  return signals.filter((s) => s.test(text)).length >= 2;
}

/** The terms in plain words, e.g. `quotes up to 5% of the text, marked as quotes, source linked`. */
export function describeTerms(terms: LicenceTerms): string {
  if (!terms.syndicationAllowed) return 'no publication or redistribution';
  const parts: string[] = [];
  if (terms.fullTextAllowed) parts.push('full text may be republished');
  if (terms.quoteLimitPercent !== null) parts.push(`quotes up to ${terms.quoteLimitPercent}% of the text`);
  if (terms.quotesMustBeMarked) parts.push('marked as quotes');
  if (terms.hyperlinkRequired) parts.push('source named with a hyperlink');
  else if (terms.attributionRequired) parts.push('source named');
  if (!terms.archivalUseAllowed) parts.push('no archival use');
  if (!parts.length) parts.push('no machine-readable permission (headline and link only)');
  return parts.join(', ');
}
