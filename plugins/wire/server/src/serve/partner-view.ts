/**
 * What a partner receives: the stored article shaped for the API, its body limited to what the
 * licence allows for the partner's access level, and a `usage` block that says what the partner may
 * do with it. Pure: no Strapi, no I/O.
 */
import type { Budget, Usage, UsageMode } from '../../../shared/desk-api';
import { asWebUrl } from '../normalise/urls';
import { excerptWithin, quoteLimitWords, type Excerpt } from './quote';
import { attributionFor, licenceTerms, LINK_MISSING, markedQuote, STRICTEST_POLICY, type Access, type ServePolicy, type StoredArticle } from './terms';

// The shared vocabulary lives in serve/terms.ts; it is re-exported for the modules that read it here.
export { attributionFor, licenceTerms, LINK_MISSING, markedQuote, STRICTEST_POLICY } from './terms';
export type { Access, Attribution, ServePolicy, StoredArticle, StoredLicence } from './terms';

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
  // A quote whose required link cannot be given would break the licence: headline only, and why.
  const linkMissing = terms.hyperlinkRequired && !attribution.url;
  if (choice.none) {
    mode = 'headline-only';
    wordsServed = 0;
    body = '';
    text = '';
  } else if (access === 'quote' && !terms.fullTextAllowed) {
    const within = linkMissing ? 0 : choice.words === undefined ? limitWords : Math.min(choice.words, limitWords ?? 0);
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
