/**
 * What a partner receives: the stored article shaped for the API, its body limited to what the
 * licence allows for the partner's access level, and a `usage` block that says what the partner may
 * do with it. Pure: no Strapi, no I/O.
 */
import { escapeHtml } from '../normalise/text';
import { excerptWithin, quoteLimitWords } from './quote';

export type Access = 'full' | 'quote';

export interface StoredLicence {
  notice: string;
  holder: string | null;
  quoteLimitPercent: number | string | null;
  quotesMustBeMarked: boolean | null;
  attributionRequired: boolean | null;
  hyperlinkRequired: boolean | null;
  fullTextAllowed: boolean | null;
  syndicationAllowed: boolean | null;
  archivalUseAllowed: boolean | null;
  needsReview?: boolean | null;
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
  images: Array<{ url: string; type: string | null; caption: string | null; credit: string | null; width: number | null; height: number | null }> | null;
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
}

export type UsageMode = 'full-text' | 'quote' | 'headline-only';

export interface Usage {
  access: Access;
  mode: UsageMode;
  fullText: boolean;
  totalWords: number;
  quoteLimitPercent: number | null;
  quoteLimitWords: number | null;
  wordsServed: number;
  quotesMustBeMarked: boolean;
  attribution: { required: boolean; text: string; url: string | null; hyperlinkRequired: boolean };
  /** The licence notice to show with the article, when the licence asks for attribution. */
  notice: string | null;
  /** Why less than the licence's share is served (e.g. the hyperlink it requires is missing). */
  reason?: string;
}

/** The licence requires a link and neither the copy nor its agency has one: no quote can honour it. */
export const LINK_MISSING = 'the licence requires a hyperlink to the source, and neither the article nor its agency has one (the agency needs a homepage at the desk)';

/** What the newsroom configured for licences that say less than they should. */
export interface ServePolicy {
  /** Quote limit for a licence with no machine-readable one; null: headline and link only. */
  fallbackQuotePercent: number | null;
}

export const STRICTEST_POLICY: ServePolicy = { fallbackQuotePercent: null };

const iso = (value: string | Date | null): string | null => (value ? new Date(value).toISOString() : null);

export function licenceTerms(l: StoredLicence | null, policy: ServePolicy = STRICTEST_POLICY) {
  const stated = l?.quoteLimitPercent === null || l?.quoteLimitPercent === undefined ? null : Number(l.quoteLimitPercent);
  return {
    // A notice not fully read (needsReview) is served at its strictest: no fallback limit either.
    quoteLimitPercent: stated ?? (l?.needsReview ? null : policy.fallbackQuotePercent),
    quotesMustBeMarked: !!l?.quotesMustBeMarked,
    attributionRequired: !!l?.attributionRequired,
    hyperlinkRequired: !!l?.hyperlinkRequired,
    fullTextAllowed: !!l?.fullTextAllowed,
    syndicationAllowed: l ? l.syndicationAllowed !== false : true,
    archivalUseAllowed: l ? l.archivalUseAllowed !== false : true,
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
  return { text: `Source: ${name}`, url: a.url || a.agency?.homepage || null, name };
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

export function toPartnerArticle(a: StoredArticle, access: Access, policy: ServePolicy = STRICTEST_POLICY) {
  const terms = licenceTerms(a.licence, policy);
  const totalWords = a.wordCount ?? 0;
  const limitWords = quoteLimitWords(terms.quoteLimitPercent, totalWords);
  const attribution = attributionFor(a);
  const attributionRequired = terms.attributionRequired || terms.hyperlinkRequired;

  let body = a.body ?? '';
  let text = a.bodyText ?? '';
  let mode: UsageMode = 'full-text';
  let wordsServed = totalWords;
  // A quote whose required link cannot be given would break the licence: headline only, and why.
  const linkMissing = terms.hyperlinkRequired && !attribution.url;
  if (access === 'quote' && !terms.fullTextAllowed) {
    const excerpt = limitWords && !linkMissing ? excerptWithin(a.bodyText ?? '', limitWords) : null;
    if (excerpt && excerpt.words > 0) {
      mode = 'quote';
      wordsServed = excerpt.words;
      ({ html: body, text } = markedQuote(excerpt.text, attribution));
    } else {
      // No machine-readable limit: the strictest setting, headline and link only.
      mode = 'headline-only';
      wordsServed = 0;
      body = '';
      text = '';
    }
  }

  const usage: Usage = {
    access,
    mode,
    fullText: mode === 'full-text',
    totalWords,
    quoteLimitPercent: terms.quoteLimitPercent,
    quoteLimitWords: limitWords,
    wordsServed,
    quotesMustBeMarked: terms.quotesMustBeMarked,
    attribution: { required: attributionRequired, text: attribution.text, url: attribution.url, hyperlinkRequired: terms.hyperlinkRequired },
    notice: a.licence && (attributionRequired || mode === 'full-text') ? a.licence.notice : null,
    ...(mode === 'headline-only' && linkMissing ? { reason: LINK_MISSING } : {}),
  };

  return {
    id: a.documentId,
    guid: a.guid,
    version: a.version ?? 1,
    headline: a.headline,
    section: a.section,
    slugline: a.slugline,
    byline: a.byline,
    dateline: {
      text: a.datelineText,
      place: a.datelinePlace,
      region: a.datelineRegion,
      country: a.datelineCountry,
      date: a.datelineDate,
      agency: a.datelineAgency,
    },
    agency: a.agency ? { code: a.agency.code, name: a.agency.name } : null,
    body,
    /** The same as plain text: the quotation in quotation marks, then the attribution. */
    text,
    wordCount: totalWords,
    language: a.language,
    keywords: a.keywords ?? [],
    subjects: a.subjects ?? [],
    images: a.images ?? [],
    urgency: a.urgency,
    pubStatus: a.pubStatus,
    firstCreated: iso(a.firstCreated),
    versionCreated: iso(a.versionCreated),
    embargoedUntil: iso(a.embargoedUntil),
    expiresAt: iso(a.expiresAt),
    url: a.url,
    licence: a.licence ? { holder: a.licence.holder, notice: a.licence.notice, source: a.licenceSource, terms } : null,
    usage,
  };
}

export type PartnerArticle = ReturnType<typeof toPartnerArticle>;
