import { sanitizeBody } from '../normalise/html';
import { htmlToText, wordCount } from '../normalise/text';
import { keywordIndex, nextVisibilityChange } from '../serve/visibility';
import { wireOptions } from './common';

/**
 * A body written at the desk is sanitized like agency copy, and its plain text and word count
 * follow it. (Ingest sends all three, computed by its pipeline through the query engine; every
 * Document Service write has them removed first, by deriveForDocumentService.)
 */
function deriveFromBody(data: Record<string, any>) {
  if (typeof data.body !== 'string' || 'bodyText' in data) return;
  data.body = sanitizeBody(data.body);
  data.bodyText = htmlToText(data.body);
  data.wordCount = wordCount(data.bodyText);
}

/**
 * Fields the server computes (from the body, the keywords, the dates, the ingest pipeline and the
 * change sequence). They are never taken from a Document Service write: the Content Manager, or
 * any code that writes articles as documents, gives the body and the lifecycle below derives them.
 */
export const DERIVED_FIELDS = [
  'bodyText',
  'wordCount',
  'identity',
  'contentHash',
  'sourceHash',
  'agencyValues',
  'keywordIndex',
  'changeSeq',
  'visibilityDueAt',
  'headlineDerived',
  'takeKey',
  'statusMarkers',
  // The end of use: the stricter of the copy's own and the feed's or agency's retention, computed
  // by the server (serve/retention.ts), never taken from input.
  'expiresAt',
  'agencyExpiresAt',
  'expiryBasis',
  'itemType',
  'renditions',
  'credit',
  'members',
] as const;

/** For the Document Service (document-guard.ts): drops derived fields from the input, sanitizes the body. */
/**
 * Fields only Wire's own code decides: an embargo it could not read holds the story until an editor
 * with "manage feeds" decides at the desk (PUT /wire/articles/:id/embargo), so the hold, the raw value
 * and the decision are never taken from a Document Service write either.
 */
export const EMBARGO_FIELDS = ['embargoRaw', 'embargoHold', 'embargoDecision'] as const;

/**
 * Fields the routing rules (ingest/rules.ts) and the desk's release decide: a hold for review, its
 * release and which rules matched. Never taken from a Document Service write: the Content Manager
 * can neither hold a story nor release one (POST /wire/articles/:id/release does, with its permission).
 */
export const REVIEW_FIELDS = ['reviewHold', 'reviewRelease', 'routing'] as const;

/** Where the story was taken to the site (POST /wire/articles/:id/take records it): never from input. */
export const TAKE_FIELDS = ['takenTo'] as const;

/** The pictures fetched into the Media Library (services/pictures.ts records them): never from input. */
export const PICTURE_FIELDS = ['pictures'] as const;

export function deriveForDocumentService(data: Record<string, any>) {
  for (const field of [...DERIVED_FIELDS, ...EMBARGO_FIELDS, ...REVIEW_FIELDS, ...TAKE_FIELDS, ...PICTURE_FIELDS])
    delete data[field];
  if (data.body === null) Object.assign(data, { bodyText: null, wordCount: 0 });
  deriveFromBody(data);
}

/**
 * Every write to an article, by ingest or at the desk, takes it out of the change sequence until
 * it is stamped again (services/changes.ts), so partners syncing by cursor see it as changed.
 */
function derive(event: { params: { data?: Record<string, any> } }) {
  const data = event.params.data;
  if (!data) return;
  deriveFromBody(data);
  if ('keywords' in data) data.keywordIndex = keywordIndex(data.keywords);
  if (!('visibilityDueAt' in data) && ('embargoedUntil' in data || 'expiresAt' in data)) {
    data.visibilityDueAt = nextVisibilityChange(data.embargoedUntil, data.expiresAt, new Date());
  }
  if (!('changeSeq' in data)) data.changeSeq = null;
}

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_articles',
    info: {
      singularName: 'article',
      pluralName: 'articles',
      displayName: 'Wire article',
      description: 'A wire story as the agency delivered it (latest version), with its licence.',
    },
    ...wireOptions,
    attributes: {
      headline: { type: 'string', required: true },
      // One-way relations: an agency or licence has tens of thousands of articles, and an inverse
      // side would make Strapi renumber that whole list on every insert (bench/ingest).
      agency: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.agency' },
      // Text, not string: agency ids and URLs run past 255 characters (PostgreSQL would refuse them).
      guid: { type: 'text', required: true },
      version: { type: 'integer', default: 1 },
      section: { type: 'string' },
      slugline: { type: 'string' },
      byline: { type: 'string' },
      datelineText: { type: 'string' },
      datelinePlace: { type: 'string' },
      datelineRegion: { type: 'string' },
      datelineCountry: { type: 'string' },
      datelineDate: { type: 'date' },
      datelineAgency: { type: 'string' },
      // Private: Strapi's own webhook events and REST output leave it out, so the text only ever
      // leaves through Wire's partner API, within the licence. The Content Manager still edits it.
      body: { type: 'richtext', private: true },
      wordCount: { type: 'integer' },
      language: { type: 'string' },
      keywords: { type: 'json' },
      subjects: { type: 'json' },
      images: { type: 'json' },
      urgency: { type: 'integer' },
      pubStatus: { type: 'enumeration', enum: ['usable', 'withheld', 'canceled'], default: 'usable', required: true },
      firstCreated: { type: 'datetime' },
      versionCreated: { type: 'datetime' },
      embargoedUntil: { type: 'datetime' },
      // The embargo as the agency wrote it, and why the story is held when it could not be read or
      // is implausible (no partner receives a held story until an editor sets the time or releases it).
      embargoRaw: { type: 'text', private: true },
      embargoHold: { type: 'text', private: true },
      // The editor's decision on a held embargo: { action, embargoedUntil, raw, by, at }.
      embargoDecision: { type: 'json', private: true },
      // Held for review by a routing rule (the rule, in words): no partner receives the story until
      // an editor releases it (POST /wire/articles/:id/release); the release: { by, at, version, held }.
      reviewHold: { type: 'text', private: true },
      reviewRelease: { type: 'json', private: true },
      // The routing rules that matched at the last delivery, and the take / notify they asked for.
      routing: { type: 'json', private: true },
      // Where editors took the story into the site's own content (services/take.ts):
      // [{ target, documentId, at, by, mode }]. Server-owned, like the routing.
      takenTo: { type: 'json', private: true },
      // The pictures of the story fetched into the Media Library, one per reference:
      // [{ ref: 'images[0]' | 'renditions[1]', fileId, url, mime, size, width, height, at }]
      // (serve/terms.ts StoredPicture). Server-owned; partners see a stored URL only under a licence
      // that covers pictures (serve/partner-view.ts servedImages).
      pictures: { type: 'json', private: true, configurable: false },
      // The end of use partners are held to (serve/retention.ts): the earlier of the copy's own
      // (`agencyExpiresAt`: NITF date.expire, ninjs expires) and first receipt plus the feed's or
      // agency's retention; `expiryBasis` says which decided it. Server-owned.
      expiresAt: { type: 'datetime' },
      agencyExpiresAt: { type: 'datetime', private: true, configurable: false },
      expiryBasis: { type: 'enumeration', enum: ['item', 'feed', 'agency'], private: true, configurable: false },
      url: { type: 'text' },
      licence: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.licence' },
      licenceSource: { type: 'enumeration', enum: ['item', 'feed', 'agency', 'none'], default: 'none' },
      feed: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.feed' },
      versions: {
        type: 'relation',
        relation: 'oneToMany',
        target: 'plugin::wire.article-version',
        mappedBy: 'article',
      },
      editorNotes: { type: 'text', private: true },
      // The agency's note to editors and its transmission sequence: for the desk, not for partners.
      agencyNote: { type: 'text', private: true },
      sequence: { type: 'string', private: true },
      // The agency's take key (ANPA `1st Ld-Writethru`) and the status words it set on the copy
      // (`REFILE`, `1ST LEAD`, `EXTRA`, `(Achtung)`), read by the parser: never the headline.
      takeKey: { type: 'string' },
      // The agency sent no headline: the one stored was made from the first sentence of the body
      // (ingest/prepare.ts). Set by ingest only; the desk flags it.
      headlineDerived: { type: 'boolean', default: false, configurable: false },
      statusMarkers: { type: 'json' },
      // What the item is (formats/types.ts ItemType): text, or a picture, video, audio clip or
      // graphic (its renditions: [{ name, href, contentType, width, height, size, duration }], its
      // caption the body), or a package (its members: [{ guid, version, order, role, group,
      // groupRole, itemType, headline }], resolved to stored items by guid when shown). Set by
      // ingest only; partners are served text only (services/articles.ts visibleTo).
      itemType: {
        type: 'enumeration',
        enum: ['text', 'picture', 'video', 'audio', 'graphic', 'package'],
        default: 'text',
        configurable: false,
      },
      renditions: { type: 'json' },
      credit: { type: 'string' },
      members: { type: 'json' },
      // Internal: plain text for search and quoting, identity and hash for idempotent ingest.
      bodyText: { type: 'text', private: true },
      identity: { type: 'text', private: true, configurable: false },
      contentHash: { type: 'string', private: true, configurable: false },
      // Hash of the item as parsed (before normalising), with the feed context: a re-delivery with
      // the same source hash is unchanged, known without normalising it again.
      sourceHash: { type: 'string', private: true, configurable: false },
      // The field values as the agency last sent them: a field whose value differs has been edited
      // at the desk, and a re-delivery of the same version leaves it alone.
      agencyValues: { type: 'json', private: true, configurable: false },
      // `|kw one|kw two|`, lower case: keywords as text, so `keyword=` filters on every database.
      keywordIndex: { type: 'text', private: true, configurable: false },
      // Position in the change sequence partners sync by (null: changed, not yet stamped).
      changeSeq: { type: 'biginteger', private: true, configurable: false },
      // When an embargo ends or the article expires: a change no write announces.
      visibilityDueAt: { type: 'datetime', private: true, configurable: false },
    },
  },
  lifecycles: {
    beforeCreate: derive,
    // Ingest's bulk path (services/store.ts storeNew): each row derived as a single create would be.
    beforeCreateMany: (event: { params: { data?: Array<Record<string, any>> } }) => {
      for (const data of event.params.data ?? []) derive({ params: { data } });
    },
    beforeUpdate: derive,
    beforeUpdateMany: derive,
  },
};
