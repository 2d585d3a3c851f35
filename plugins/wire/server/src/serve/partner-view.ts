/**
 * What a partner receives: the stored article shaped for the API, its body limited to what the
 * licence allows for the partner's access level, and a `usage` block that says what the partner may
 * do with it. Pure: no Strapi, no I/O.
 */
import type { Budget, Usage, UsageMode } from '../../../shared/desk-api';
import { wordCount } from '../normalise/text';
import { asWebUrl } from '../normalise/urls';
import { articlePolicyUrl, licencePolicyUrl } from './links';
import { excerptWithin, quoteLimitWords, type Excerpt } from './quote';
import {
  attributionFor,
  licenceTerms,
  LINK_MISSING,
  markedQuote,
  STRICTEST_POLICY,
  type Access,
  type ServePolicy,
  type StoredArticle,
} from './terms';

// The shared vocabulary lives in serve/terms.ts; it is re-exported for the modules that read it here.
export { attributionFor, licenceTerms, LINK_MISSING, markedQuote, STRICTEST_POLICY } from './terms';
export type { Access, Attribution, ServePolicy, StoredArticle, StoredLicence, StoredPicture } from './terms';

// The usage block's shape is shared with the desk, which shows it (shared/desk-api.ts).
export type { Budget, Usage, UsageMode };

/** How the excerpt is chosen: the ledger's decision (services/ledger.ts), or none at all. */
export interface ExcerptChoice {
  /** Serve no body at all (`excerpt=none`). */
  none?: boolean;
  /** At most this many opening words (what the budget left allows), instead of the licence's limit. */
  words?: number;
  /** That excerpt, when the caller has it already (`excerptWithin(bodyText, words)`). */
  excerpt?: Excerpt;
  budget?: Budget;
  /** Why less than the licence's share is served (e.g. the hyperlink it requires is missing). */
  reason?: string;
}

const iso = (value: string | Date | null): string | null => (value ? new Date(value).toISOString() : null);

type Terms = ReturnType<typeof licenceTerms>;
type Attribution = ReturnType<typeof attributionFor>;

/** What of the body a partner receives, and how it is counted. */
interface ServedBody {
  mode: UsageMode;
  body: string;
  /** The same as plain text: the quotation in quotation marks, then the attribution. */
  text: string;
  wordsServed: number;
}

const headlineOnly = (): ServedBody => ({ mode: 'headline-only', body: '', text: '', wordsServed: 0 });

/**
 * The opening words a quote partner may receive: within the licence's limit and what its budget
 * leaves (`choice.words`); none when the licence requires a link the story does not have yet.
 */
function quoteExcerpt(
  a: StoredArticle,
  limitWords: number | null,
  linkMissing: boolean,
  choice: ExcerptChoice,
): Excerpt | null {
  const within = linkMissing ? 0 : choice.words === undefined ? limitWords : Math.min(choice.words, limitWords ?? 0);
  if (!within) return null;
  return choice.excerpt && choice.excerpt.words <= within ? choice.excerpt : excerptWithin(a.bodyText ?? '', within);
}

/** All of the body (full access, or a licence that allows the full text), a marked quotation, or nothing. */
function servedBody(
  a: StoredArticle,
  access: Access,
  terms: Terms,
  totalWords: number,
  limitWords: number | null,
  attribution: Attribution,
  linkMissing: boolean,
  choice: ExcerptChoice,
): ServedBody {
  if (choice.none) return headlineOnly();
  if (access !== 'quote' || terms.fullTextAllowed)
    return { mode: 'full-text', body: a.body ?? '', text: a.bodyText ?? '', wordsServed: a.wordCount ?? totalWords };
  const excerpt = quoteExcerpt(a, limitWords, linkMissing, choice);
  // No machine-readable limit (or no link to give): the strictest setting, headline and link only.
  if (!excerpt || excerpt.words <= 0) return headlineOnly();
  const { html, text } = markedQuote(excerpt.text, attribution);
  return { mode: 'quote', body: html, text, wordsServed: excerpt.words };
}

/** The `usage` block: what was served, and what the partner must do with it. */
function usageOf(
  a: StoredArticle,
  access: Access,
  terms: Terms,
  totalWords: number,
  limitWords: number | null,
  attribution: Attribution,
  served: ServedBody,
  linkMissing: boolean,
  choice: ExcerptChoice,
  apiUrl: string | undefined,
): Usage {
  const attributionRequired = terms.attributionRequired || terms.hyperlinkRequired;
  // Copy served (whole or quoted) names its source's page, so a partner's page can point search
  // engines at it (`<link rel="canonical">`); a headline alone is no copy.
  const canonical = served.mode === 'headline-only' ? null : asWebUrl(a.url);
  return {
    access,
    mode: served.mode,
    fullText: served.mode === 'full-text',
    totalWords,
    quoteLimitPercent: terms.quoteLimitPercent,
    quoteLimitWords: limitWords,
    wordsServed: served.wordsServed,
    quotesMustBeMarked: terms.quotesMustBeMarked,
    attribution: {
      required: attributionRequired,
      text: attribution.text,
      url: attribution.url,
      hyperlinkRequired: terms.hyperlinkRequired,
    },
    notice: a.licence && (attributionRequired || served.mode === 'full-text') ? a.licence.notice : null,
    tdmAllowed: terms.tdmAllowed,
    picturesAllowed: terms.picturesAllowed,
    canonical,
    policy: articlePolicyUrl(apiUrl, a.documentId),
    ...(choice.none ? { excerpt: 'none' as const } : {}),
    ...(choice.budget ? { budget: choice.budget } : {}),
    ...(served.mode === 'headline-only' && linkMissing ? { reason: LINK_MISSING } : {}),
  };
}

/** Who wrote what, where and when: the fields every partner receives whatever its access. */
function heading(a: StoredArticle) {
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
  };
}

/** A stored file's URL as partners fetch it: under the public base when the provider gives a path. */
function storedUrl(url: string, apiUrl: string | undefined): string | null {
  if (url.startsWith('/') && !url.startsWith('//')) return apiUrl ? `${apiUrl.replace(/\/+$/, '')}${url}` : url;
  return asWebUrl(url);
}

/**
 * The story's pictures as a partner receives them: only under a licence that covers pictures, and
 * only those fetched into the Media Library, each with the stored file's URL (never the agency's,
 * which may carry a token, nor any credential), its caption and credit.
 */
export function servedImages(a: StoredArticle, terms: Pick<Terms, 'picturesAllowed'>, apiUrl: string | undefined) {
  if (!terms.picturesAllowed) return [];
  const stored = new Map((Array.isArray(a.pictures) ? a.pictures : []).map((p) => [p?.ref, p]));
  return (a.images ?? []).flatMap((image, i) => {
    const picture = stored.get(`images[${i}]`);
    const url = picture && typeof picture.url === 'string' ? storedUrl(picture.url, apiUrl) : null;
    if (!picture || !url || picture.href !== image?.url) return [];
    return [
      {
        url,
        // A rendition's name as the agency gave it (`thumbnail`), else the stored file's type.
        type: image?.type && !image.type.includes('/') ? image.type : picture.mime,
        caption: image?.caption ?? null,
        credit: image?.credit ?? null,
        width: picture.width ?? image?.width ?? null,
        height: picture.height ?? image?.height ?? null,
      },
    ];
  });
}

/** The story's description after its body: language, keywords, pictures (servedImages), status, times, link, licence. */
function description(a: StoredArticle, terms: Terms, apiUrl: string | undefined) {
  return {
    wordCount: a.wordCount ?? 0,
    language: a.language,
    keywords: a.keywords ?? [],
    subjects: a.subjects ?? [],
    images: servedImages(a, terms, apiUrl),
    urgency: a.urgency,
    pubStatus: a.pubStatus,
    firstCreated: iso(a.firstCreated),
    versionCreated: iso(a.versionCreated),
    embargoedUntil: iso(a.embargoedUntil),
    expiresAt: iso(a.expiresAt),
    url: asWebUrl(a.url),
    licence: a.licence
      ? {
          holder: a.licence.holder,
          notice: a.licence.notice,
          source: a.licenceSource,
          terms,
          // The licence's terms as an ODRL policy; a licence without an id (never stored) has none.
          policy: a.licence.documentId ? licencePolicyUrl(apiUrl, a.licence.documentId) : null,
        }
      : null,
  };
}

/**
 * The article as a partner with this access receives it: the licence's terms read (strictest when
 * unreadable), the body served within them, and the usage block saying what was served.
 */
export function toPartnerArticle(
  a: StoredArticle,
  access: Access,
  policy: ServePolicy = STRICTEST_POLICY,
  choice: ExcerptChoice = {},
) {
  const terms = licenceTerms(a.licence, policy);
  // Words counted from the text served, never the stored wordCount: a story stored before the way
  // words are counted changed (text without spaces, PREPARE_VERSION 3) keeps its old count.
  const totalWords = wordCount(a.bodyText ?? '');
  const limitWords = quoteLimitWords(terms.quoteLimitPercent, totalWords);
  const attribution = attributionFor(a);
  // A quote whose required link cannot be given would break the licence: headline only, and why.
  const linkMissing = terms.hyperlinkRequired && !attribution.url;
  const served = servedBody(a, access, terms, totalWords, limitWords, attribution, linkMissing, choice);
  const { body, text } = served;
  return {
    ...heading(a),
    body,
    text,
    ...description(a, terms, policy.apiUrl),
    usage: usageOf(a, access, terms, totalWords, limitWords, attribution, served, linkMissing, choice, policy.apiUrl),
  };
}

export type PartnerArticle = ReturnType<typeof toPartnerArticle>;
