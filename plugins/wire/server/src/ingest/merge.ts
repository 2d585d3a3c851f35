/**
 * How a delivery merges with what is stored: the decision only, no database. services/store.ts
 * reads the stored row, asks `mergeDelivery`, and writes what it says.
 *
 * - Nothing stored: a new story (a kill advisory also withdraws the story its slug names).
 * - Same content as stored: unchanged.
 * - An older version than stored (arriving late): unchanged; it never replaces a newer one.
 * - Otherwise an update. The same version sent again with other content (or copy without version
 *   numbers: RSS, plain text) is the agency's correction: it goes in, but a field an editor changed
 *   at the desk keeps the editor's value (the agency's stays in agencyValues). A higher version is
 *   read afresh. An editor's decision on a held embargo stands while the agency sends the same
 *   embargo value; a new value is read afresh.
 * - A story held for review by a routing rule (ingest/rules.ts) stays held, whatever the update,
 *   until an editor releases it. A released story stays released through updates of the same
 *   version (the agency's corrections; every update of copy without version numbers); a higher
 *   version that a hold rule matches is held again.
 */

/** Fields an editor may correct at the desk; a re-delivery of the same version leaves their edits alone. */
export const EDITABLE_FIELDS = [
  'headline',
  'section',
  'slugline',
  'byline',
  'body',
  'language',
  'keywords',
  'datelineText',
  'datelinePlace',
  'datelineRegion',
  'datelineCountry',
  'datelineDate',
  'datelineAgency',
] as const;

type Row = Record<string, any>;

/** What the decision needs of the delivery (a PreparedArticle has all of it). */
export interface Delivery {
  contentHash: string;
  version: number | null;
  pubStatus: string;
  embargoRaw: string | null;
  firstCreated: Date | string | null;
  versionCreated: Date | string | null;
  /** Why the routing rules hold this delivery for review (ingest/rules.ts); null or absent: they do not. */
  reviewHold?: string | null;
}

/** What the decision needs of the stored article (its row as the query engine gives it). */
export interface StoredArticle {
  contentHash: string | null;
  version: number | null;
  firstCreated?: unknown;
  embargoDecision?: unknown;
  embargoRaw?: string | null;
  embargoedUntil?: unknown;
  embargoHold?: unknown;
  agencyValues?: Row | null;
  reviewHold?: string | null;
  /** An editor's release of a review hold: { by, at, version, held }. */
  reviewRelease?: unknown;
  [field: string]: unknown;
}

export type Merge =
  | { action: 'unchanged'; why: 'same content' | 'older version' }
  | { action: 'create'; withdrawBySlug: boolean; set: Row }
  | { action: 'update'; set: Row; keptEdits: string[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// Dates come back from the database as strings or Date objects; compare them as ISO dates.
const normaliseDate = (field: string, value: unknown) =>
  field === 'datelineDate' && value ? new Date(value as string).toISOString().slice(0, 10) : value;

/** Fields whose stored value is not what the agency last sent: edited at the desk. */
export function editedFields(stored: Row): string[] {
  const agency = stored.agencyValues as Row | null;
  if (!agency) return [];
  return EDITABLE_FIELDS.filter((f) => f in agency && !same(normaliseDate(f, stored[f]), normaliseDate(f, agency[f])));
}

/** A new story's version and dates (the bulk path, services/store.ts storeNew, uses it too). */
export const newStoryColumns = (p: Delivery, now: Date): Row => ({
  version: p.version ?? 1,
  firstCreated: p.firstCreated ?? now,
  versionCreated: p.versionCreated ?? now,
});

/**
 * The decision for one delivery. `set` holds the columns the write sets beyond the delivery's own
 * fields (version, dates, editors' values kept, the embargo decision), to be applied over them.
 */
export function mergeDelivery(existing: StoredArticle | null, p: Delivery, now: Date): Merge {
  if (!existing) return { action: 'create', withdrawBySlug: p.pubStatus === 'canceled', set: newStoryColumns(p, now) };
  if (existing.contentHash === p.contentHash) return { action: 'unchanged', why: 'same content' };
  if (p.version !== null && (existing.version ?? 0) > p.version) return { action: 'unchanged', why: 'older version' };

  const set: Row = {};
  const sameVersion = p.version === null || p.version === existing.version;
  const keptEdits = sameVersion ? editedFields(existing) : [];
  for (const field of keptEdits) set[field] = existing[field];
  if (keptEdits.includes('body')) Object.assign(set, { bodyText: existing.bodyText, wordCount: existing.wordCount });
  if (existing.embargoDecision && existing.embargoRaw === p.embargoRaw)
    Object.assign(set, { embargoedUntil: existing.embargoedUntil, embargoHold: existing.embargoHold });
  else if (existing.embargoDecision) set.embargoDecision = null;
  if (existing.reviewHold) set.reviewHold = existing.reviewHold;
  else if (p.reviewHold && existing.reviewRelease && sameVersion) set.reviewHold = null;
  // The agency's version number when it gives one; otherwise ours, counted up.
  set.version = p.version !== null ? Math.max(p.version, existing.version ?? 0) : (existing.version ?? 0) + 1;
  set.firstCreated = existing.firstCreated ?? p.firstCreated ?? now;
  set.versionCreated = p.versionCreated ?? now;
  return { action: 'update', set, keptEdits };
}
