import { deskOnlyOptions } from './common';

/** One record per distinct notice; its terms are machine-readable and editors may correct them. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_licences',
    info: {
      singularName: 'licence',
      pluralName: 'licences',
      displayName: 'Wire licence',
      description: 'A licence notice and the terms read from it.',
    },
    ...deskOnlyOptions,
    attributes: {
      name: { type: 'string' },
      notice: { type: 'text', required: true },
      holder: { type: 'string' },
      quoteLimitPercent: { type: 'decimal', min: 0, max: 100 },
      quotesMustBeMarked: { type: 'boolean', default: false },
      attributionRequired: { type: 'boolean', default: false },
      hyperlinkRequired: { type: 'boolean', default: false },
      fullTextAllowed: { type: 'boolean', default: false },
      syndicationAllowed: { type: 'boolean', default: true },
      archivalUseAllowed: { type: 'boolean', default: true },
      // false: the notice reserves text and data mining / AI training; null (no default): it says
      // nothing, and the newsroom's WIRE_TDM_RESERVATION applies.
      tdmAllowed: { type: 'boolean' },
      // true: the pictures that come with the copy may be published with it. Only a notice that says
      // so, or an editor, sets it; anything else (false, null) covers no pictures (serve/terms.ts).
      picturesAllowed: { type: 'boolean', default: false },
      language: { type: 'string' },
      notes: { type: 'text' },
      // The same notice in the other languages the source gave.
      translations: { type: 'json' },
      noticeKey: { type: 'string', private: true, configurable: false },
      // The notice was not fully read: its terms are the strictest reading until an editor confirms them.
      // No default: licences stored before this field existed stay null until read again at boot.
      needsReview: { type: 'boolean' },
      reviewReasons: { type: 'json', private: true },
    },
  },
};
