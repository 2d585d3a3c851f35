/** A stored article as the partner views receive it, for unit tests of what partners are served. */
import type { StoredArticle, StoredLicence } from '../../plugins/wire/server/src/serve/partner-view';

export const words = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');

export const USPA_TERMS: StoredLicence = {
  notice: '© 2026 USPA News',
  holder: 'The author',
  quoteLimitPercent: '5',
  quotesMustBeMarked: true,
  attributionRequired: true,
  hyperlinkRequired: true,
  fullTextAllowed: false,
  syndicationAllowed: true,
  archivalUseAllowed: true,
};

/** 400 words; the first sentence (5 words) is the excerpt a 5% (20-word) quote licence allows. */
export function storedArticle(overrides: Partial<StoredArticle> = {}): StoredArticle {
  const bodyText = `First sentence has five words. ${words(20, 'W')}. Then another sentence follows here. ${words(375, 'X')}.`;
  return {
    documentId: 'doc1',
    guid: 'uspa-0001',
    version: 1,
    headline: 'Rail operator trials quiet carriages',
    section: 'Transport',
    slugline: null,
    byline: null,
    datelineText: 'USPA News -',
    datelinePlace: null,
    datelineRegion: null,
    datelineCountry: null,
    datelineDate: null,
    datelineAgency: 'USPA News',
    body: `<p>${bodyText}</p>`,
    bodyText,
    wordCount: 400,
    language: 'en',
    keywords: [],
    urgency: null,
    pubStatus: 'usable',
    firstCreated: '2026-11-01T08:00:00Z',
    versionCreated: '2026-11-01T09:30:00Z',
    embargoedUntil: null,
    expiresAt: null,
    subjects: [],
    images: [],
    url: 'https://news.test/a?x=1&y=2',
    licenceSource: 'item',
    agency: { code: 'USPA', name: 'USPA News', homepage: null },
    licence: USPA_TERMS,
    ...overrides,
  };
}
