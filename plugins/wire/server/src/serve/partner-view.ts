/**
 * What a partner receives: the stored article shaped for the API, its body limited to what the
 * licence allows for the partner's access level, and a `usage` block that says what the partner may
 * do with it. Pure: no Strapi, no I/O.
 */
import { escapeHtml } from '../normalise/text';
import { asWebUrl } from '../normalise/urls';
import { excerptWithin, quoteLimitWords, type Excerpt } from './quote';

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
  /** `none` when the partner asked for no excerpt (`excerpt=none`): headline, link and usage only. */
  excerpt?: 'none';
  /** A quote partner's budget for this story, after this response (the quote ledger). */
  budget?: Budget;
}

/** What a quote partner has received of a story and may still receive: words, every version together. */
export interface Budget {
  limitWords: number;
  spentWords: number;
  leftWords: number;
}

/** How the excerpt is chosen: the ledger's decision (services/ledger.ts), or none at all. */
export interface ExcerptChoice {
  /** Serve no body at all (`excerpt=none`). */
  none?: boolean;
  /** At most this many opening words (what the budget left allows), instead of the licence's limit. */
  words?: number;
  /** That excerpt, when the caller has it already (`excerptWithin(bodyText, words)`). */
  excerpt?: Excerpt;
  budget?: Budget;
}

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

export function toPartnerArticle(a: StoredArticle, access: Access, policy: ServePolicy = STRICTEST_POLICY, choice: ExcerptChoice = {}) {
  const terms = licenceTerms(a.licence, policy);
  const totalWords = a.wordCount ?? 0;
  const limitWords = quoteLimitWords(terms.quoteLimitPercent, totalWords);
  const attribution = attributionFor(a);
  const attributionRequired = terms.attributionRequired || terms.hyperlinkRequired;

  let body = a.body ?? '';
  let text = a.bodyText ?? '';
  let mode: UsageMode = 'full-text';
  let wordsServed = totalWords;
  if (choice.none) {
    mode = 'headline-only';
    wordsServed = 0;
    body = '';
    text = '';
  } else if (access === 'quote' && !terms.fullTextAllowed) {
    const within = choice.words === undefined ? limitWords : Math.min(choice.words, limitWords ?? 0);
    const excerpt = !within ? null : choice.excerpt && choice.excerpt.words <= within ? choice.excerpt : excerptWithin(a.bodyText ?? '', within);
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
    ...(choice.none ? { excerpt: 'none' as const } : {}),
    ...(choice.budget ? { budget: choice.budget } : {}),
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
    images: (a.images ?? []).flatMap((image) => (asWebUrl(image?.url) ? [{ ...image, url: asWebUrl(image.url) as string }] : [])),
    urgency: a.urgency,
    pubStatus: a.pubStatus,
    firstCreated: iso(a.firstCreated),
    versionCreated: iso(a.versionCreated),
    embargoedUntil: iso(a.embargoedUntil),
    expiresAt: iso(a.expiresAt),
    url: asWebUrl(a.url),
    licence: a.licence ? { holder: a.licence.holder, notice: a.licence.notice, source: a.licenceSource, terms } : null,
    usage,
  };
}

export type PartnerArticle = ReturnType<typeof toPartnerArticle>;
