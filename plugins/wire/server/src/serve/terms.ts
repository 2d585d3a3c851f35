/**
 * The vocabulary every partner output shares: a stored article and its licence as the serve layer
 * reads them, the licence's terms under the newsroom's policy, and the attribution and marking a
 * quotation carries. Both the partner view (serve/partner-view.ts) and quoting (serve/quote.ts) use
 * it; it uses neither. Pure: no Strapi, no I/O.
 */
import { escapeHtml } from '../normalise/text';
import { asWebUrl } from '../normalise/urls';

export type Access = 'full' | 'quote';

export interface StoredLicence {
  /** The licence's id (its policy is `GET /api/wire/licences/:id/policy`); absent in unit fixtures. */
  documentId?: string;
  notice: string;
  holder: string | null;
  quoteLimitPercent: number | string | null;
  quotesMustBeMarked: boolean | null;
  attributionRequired: boolean | null;
  hyperlinkRequired: boolean | null;
  fullTextAllowed: boolean | null;
  syndicationAllowed: boolean | null;
  archivalUseAllowed: boolean | null;
  /** false: the notice reserves text and data mining / AI training; null: it says nothing. */
  tdmAllowed?: boolean | null;
  /** true: the pictures that come with the copy may be published with it; anything else: they may not. */
  picturesAllowed?: boolean | null;
  needsReview?: boolean | null;
}

/**
 * A picture of the story fetched into the Media Library (services/pictures.ts): which reference it
 * stands for (`images[0]`, `renditions[2]`), the stored file and what it is. Server-owned.
 */
export interface StoredPicture {
  ref: string;
  /** The agency's URL it was fetched from: private, never served; a new version's new URL is another picture. */
  href: string;
  fileId: number;
  /** The stored file's URL as the upload provider gives it (`/uploads/…` for the local provider). */
  url: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  at: string;
}

export interface StoredArticle {
  documentId: string;
  guid: string;
  version: number | null;
  headline: string;
  section: string | null;
  slugline: string | null;
  byline: string | null;
  datelineText: string | null;
  datelinePlace: string | null;
  datelineRegion: string | null;
  datelineCountry: string | null;
  datelineDate: string | null;
  datelineAgency: string | null;
  body: string | null;
  bodyText: string | null;
  wordCount: number | null;
  language: string | null;
  keywords: string[] | null;
  subjects: Array<{ code: string | null; name: string | null }> | null;
  images: Array<{
    url: string;
    type: string | null;
    caption: string | null;
    credit: string | null;
    width: number | null;
    height: number | null;
  }> | null;
  urgency: number | null;
  pubStatus: string;
  firstCreated: string | Date | null;
  versionCreated: string | Date | null;
  embargoedUntil: string | Date | null;
  expiresAt: string | Date | null;
  url: string | null;
  licenceSource: string | null;
  agency: { code: string; name: string; homepage: string | null } | null;
  licence: StoredLicence | null;
  /** The pictures fetched into the Media Library, by reference; absent or null: none. */
  pictures?: StoredPicture[] | null;
}

/** What the newsroom configured for licences that say less than they should. */
export interface ServePolicy {
  /** Quote limit for a licence with no machine-readable one; null: headline and link only. */
  fallbackQuotePercent: number | null;
  /**
   * The newsroom reserves text and data mining (`WIRE_TDM_RESERVATION`, default 1): a licence that
   * says nothing of mining does not allow it. Absent: reserved (fail closed).
   */
  tdmReserved?: boolean;
  /** This Wire's public base URL, for the policy links of served articles; absent: relative links. */
  apiUrl?: string;
}

export const STRICTEST_POLICY: ServePolicy = { fallbackQuotePercent: null };

export function licenceTerms(l: StoredLicence | null, policy: ServePolicy = STRICTEST_POLICY) {
  const stated =
    l?.quoteLimitPercent === null || l?.quoteLimitPercent === undefined ? null : Number(l.quoteLimitPercent);
  return {
    // A notice not fully read (needsReview) is served at its strictest: no fallback limit either.
    quoteLimitPercent: stated ?? (l?.needsReview ? null : policy.fallbackQuotePercent),
    quotesMustBeMarked: !!l?.quotesMustBeMarked,
    attributionRequired: !!l?.attributionRequired,
    hyperlinkRequired: !!l?.hyperlinkRequired,
    fullTextAllowed: !!l?.fullTextAllowed,
    syndicationAllowed: l ? l.syndicationAllowed !== false : true,
    archivalUseAllowed: l ? l.archivalUseAllowed !== false : true,
    // The licence's reservation wins; an editor's explicit grant (true) too; else the newsroom's default.
    tdmAllowed: l?.tdmAllowed === false ? false : l?.tdmAllowed === true ? true : policy.tdmReserved === false,
    // Fail closed: only a licence that says pictures are covered (or an editor who confirmed it) covers them.
    picturesAllowed: l?.picturesAllowed === true && !l.needsReview && l.syndicationAllowed !== false,
  };
}

export interface Attribution {
  text: string;
  url: string | null;
  name: string;
}

/** The attribution line: `Source: USPA News`, linked to the original article (or the agency). */
export function attributionFor(a: StoredArticle): Attribution {
  const name = a.agency?.name || a.agency?.code || 'the agency';
  // Only http(s) links, whatever is stored (an article from before the ingest filter, an agency
  // homepage typed in by hand).
  return { text: `Source: ${name}`, url: asWebUrl(a.url) || asWebUrl(a.agency?.homepage) || null, name };
}

/**
 * A passage as a marked quotation followed by its attribution: `<blockquote>` and a link in HTML,
 * quotation marks and the URL in brackets in text.
 */
export function markedQuote(passage: string, attribution: Attribution): { html: string; text: string } {
  const source = attribution.url
    ? `Source: <a href="${escapeHtml(attribution.url)}">${escapeHtml(attribution.name)}</a>`
    : escapeHtml(attribution.text);
  return {
    html: `<blockquote><p>“${escapeHtml(passage)}”</p></blockquote>\n<p>${source}</p>`,
    text: `“${passage}”\n\n${attribution.text}${attribution.url ? ` (${attribution.url})` : ''}`,
  };
}

/** The licence requires a link and neither the copy nor its agency has one: no quote can honour it. */
export const LINK_MISSING =
  'the licence requires a hyperlink to the source, and neither the article nor its agency has one (the agency needs a homepage at the desk)';
