/**
 * Storage of prepared articles, inside transactions the caller (services/ingest.ts) opens: new
 * stories in bulk (storeNew: multi-row inserts, 500 a transaction), everything else one article at
 * a time (storeOnce, 50 a transaction, a savepoint each when a batch has to be retried). Identity
 * (agency + guid) decides created / updated / unchanged, by ingest/merge.ts; a unique index on it
 * makes two processes storing the same item at once end with one article.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import type { AgencyRef } from '../formats/types';
import type { PreparedArticle } from '../ingest/prepare';
import type { Outcome } from '../ingest/summary';
import type { ArticleChange } from './changes';
import { describeTerms, noticeKey, type ParsedLicence } from '../normalise/licence';
import { EDITABLE_FIELDS, mergeDelivery, newStoryColumns, type StoredArticle } from '../ingest/merge';
import { effectiveExpiry } from '../serve/retention';
import { wire } from './wire';

export interface StoreContext {
  /** Hash of the item as parsed, stored so re-deliveries are recognised before normalising. */
  sourceHash?: string | null;
  /** Document id of the feed the item came through, when it came through a registered feed. */
  feedDocumentId?: string | null;
  /** Licence document id the feed applies to items that carry no rights statement. */
  feedLicenceDocumentId?: string | null;
  /** Agencies, licences and feeds already looked up in this ingest (one document has many items). */
  cache?: StoreCache;
}

export interface StoreCache {
  agencies: Map<string, Row>;
  licences: Map<string, Row>;
  ids: Map<string, number | null>;
  /** Feed document id → its retention in days (serve/retention.ts). */
  retention?: Map<string, number | null>;
}

export const newStoreCache = (): StoreCache => ({
  agencies: new Map(),
  licences: new Map(),
  ids: new Map(),
  retention: new Map(),
});

export interface StoreResult {
  outcome: Outcome;
  documentId: string;
  /** What partners are told once the transaction commits (webhooks). */
  changes: ArticleChange[];
}

type Row = Record<string, any>;

export { EDITABLE_FIELDS, editedFields } from '../ingest/merge';

/** A kill advisory names the story it kills by slug: `BC-Storm-KILL` kills `BC-Storm`. */
const killedSlug = (slugline: string) =>
  slugline.replace(/[-\s]*(?:MANDATORY\s+)?(?:KILL|KILLED|ELIMINATE|WITHDRAWN)\b.*$/i, '').trim();

export const isUniqueViolation = (error: unknown): boolean =>
  /unique|duplicate key|SQLITE_CONSTRAINT/i.test(String((error as Error)?.message ?? error));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Looks a row up once per ingest; a failed item clears the cache (its rows may have rolled back). */
  async function cached(map: Map<string, Row> | undefined, key: string, load: () => Promise<Row>): Promise<Row> {
    const hit = map?.get(key);
    if (hit) return hit;
    const row = await load();
    map?.set(key, row);
    return row;
  }

  async function idOf(uid: string, documentId: string | null | undefined, cache?: StoreCache): Promise<number | null> {
    if (!documentId) return null;
    const key = `${uid}:${documentId}`;
    if (cache?.ids.has(key)) return cache.ids.get(key) ?? null;
    const row = await strapi.db.query(uid as any).findOne({ where: { documentId }, select: ['id'] });
    cache?.ids.set(key, row?.id ?? null);
    return row?.id ?? null;
  }

  /** Article rows whose `column` is one of `values`, a statement per 1,000 (PostgreSQL) or 500 (SQLite) of them. */
  async function articleRowsWhereIn(column: string, values: string[], columns: string[]): Promise<Row[]> {
    const rows: Row[] = [];
    // PostgreSQL takes the values as one array parameter (one statement of any length to parse and
    // plan); SQLite binds each, at most 500 to a statement.
    const postgres = strapi.db.dialect.client === 'postgres';
    const chunk = postgres ? 1000 : 500;
    for (let i = 0; i < values.length; i += chunk) {
      const part = values.slice(i, i + chunk);
      const query = strapi.db.connection('wire_articles');
      const found: Row[] = await (
        postgres ? query.whereRaw('?? = ANY(?)', [column, part]) : query.whereIn(column, part)
      ).select(columns);
      for (const row of found) rows.push(row);
    }
    return rows;
  }

  async function ensureAgency(ref: AgencyRef): Promise<Row> {
    const found = await strapi.db
      .query(UID.agency)
      .findOne({ where: { code: ref.code }, populate: { defaultLicence: true } });
    if (found) return found;
    return strapi.documents(UID.agency).create({
      // An agency the directory does not know is created unconfirmed: the desk flags it as new.
      data: {
        code: ref.code,
        name: ref.name || ref.code,
        homepage: ref.homepage ?? null,
        aliases: ref.name ? [ref.name] : [],
        confirmed: !ref.isNew,
      } as any,
    });
  }

  async function ensureLicence(
    parsed: ParsedLicence & { translations?: Array<{ language: string; notice: string }> },
  ): Promise<Row> {
    const key = noticeKey(parsed.notice, parsed.holder);
    const found = await strapi.db.query(UID.licence).findOne({ where: { noticeKey: key } });
    if (found) return found;
    const name = `${parsed.holder ?? 'Licence'}: ${describeTerms(parsed.terms)}`.slice(0, 250);
    return strapi.documents(UID.licence).create({
      data: {
        name,
        notice: parsed.notice,
        holder: parsed.holder,
        language: parsed.language,
        noticeKey: key,
        ...parsed.terms,
        needsReview: parsed.needsReview,
        reviewReasons: parsed.reviewReasons.length ? parsed.reviewReasons : null,
        translations: parsed.translations?.length ? parsed.translations : null,
      } as any,
    });
  }

  /** Which licence applies: the item's own, else the feed's default, else the agency's default. */
  async function resolveLicence(
    p: PreparedArticle,
    agency: Row,
    ctx: StoreContext,
  ): Promise<{ licence: number | null; licenceSource: string }> {
    if (p.licence) {
      const parsed = p.licence;
      const row = await cached(ctx.cache?.licences, noticeKey(parsed.notice, parsed.holder), () =>
        ensureLicence(parsed),
      );
      return { licence: row.id, licenceSource: 'item' };
    }
    if (ctx.feedLicenceDocumentId)
      return { licence: await idOf(UID.licence, ctx.feedLicenceDocumentId, ctx.cache), licenceSource: 'feed' };
    if (agency.defaultLicence?.id) return { licence: agency.defaultLicence.id, licenceSource: 'agency' };
    return { licence: null, licenceSource: 'none' };
  }

  function articleFields(p: PreparedArticle) {
    // Short fields are VARCHAR(255) on PostgreSQL; an over-long byline is clipped, not refused.
    const clip = (value: string | null | undefined) =>
      value && value.length > 255 ? `${value.slice(0, 254)}…` : (value ?? null);
    return {
      identity: p.identity,
      guid: p.guid,
      headline: p.headline,
      section: clip(p.section),
      slugline: clip(p.slugline),
      byline: clip(p.byline),
      datelineText: clip(p.dateline?.text),
      datelinePlace: clip(p.dateline?.place),
      datelineRegion: clip(p.dateline?.region),
      datelineCountry: clip(p.dateline?.country),
      datelineDate: p.dateline?.date ?? null,
      datelineAgency: clip(p.dateline?.agency),
      body: p.body,
      bodyText: p.bodyText,
      wordCount: p.wordCount,
      language: clip(p.language),
      keywords: p.keywords,
      subjects: p.subjects,
      images: p.images,
      agencyNote: p.edNote,
      sequence: p.sequence,
      takeKey: clip(p.takeKey),
      headlineDerived: p.headlineDerived,
      statusMarkers: p.statusMarkers.length ? p.statusMarkers : null,
      // The copy's own end of use; the one partners are held to is `expiryOf` below.
      agencyExpiresAt: p.expiresAt,
      itemType: p.itemType,
      renditions: p.renditions.length ? p.renditions : null,
      credit: clip(p.credit),
      members: p.members.length ? p.members : null,
      urgency: p.urgency,
      pubStatus: p.pubStatus,
      embargoedUntil: p.embargoedUntil,
      embargoRaw: p.embargoRaw,
      embargoHold: p.embargoHold,
      reviewHold: p.reviewHold ?? null,
      routing: p.routing ?? null,
      url: p.url,
      contentHash: p.contentHash,
    };
  }

  /** The feed's retention in days (null: none), looked up once per ingest. */
  async function feedRetention(ctx: StoreContext): Promise<number | null> {
    const documentId = ctx.feedDocumentId;
    if (!documentId) return null;
    if (ctx.cache?.retention?.has(documentId)) return ctx.cache.retention.get(documentId) ?? null;
    const row = await strapi.db.query(UID.feed).findOne({ where: { documentId }, select: ['retentionDays'] });
    const days = row?.retentionDays ?? null;
    ctx.cache?.retention?.set(documentId, days);
    return days;
  }

  /**
   * The end of use partners are held to (serve/retention.ts): the copy's own or first receipt plus
   * the stricter retention of the feed and the agency. Never from the item's fields alone.
   */
  async function expiryOf(p: PreparedArticle, agency: Row, ctx: StoreContext, receivedAt: unknown) {
    const { expiresAt, basis } = effectiveExpiry(
      p.expiresAt,
      receivedAt as string,
      await feedRetention(ctx),
      agency.retentionDays,
    );
    return { expiresAt, expiryBasis: basis };
  }

  /** Plain-text kill advisories carry their own id: they withdraw the story with the slug they name. */
  async function withdrawBySlug(p: PreparedArticle): Promise<ArticleChange[]> {
    const slug = p.slugline ? killedSlug(p.slugline) : '';
    if (!slug) return [];
    const killed = await strapi.db.query(UID.article).findMany({
      where: { slugline: { $eqi: slug }, agency: { code: p.agency.code }, pubStatus: { $ne: 'canceled' } },
      select: ['id', 'documentId'],
    });
    if (killed.length)
      await strapi.db
        .query(UID.article)
        .updateMany({ where: { id: { $in: killed.map((k: Row) => k.id) } }, data: { pubStatus: 'canceled' } });
    return killed.map((k: Row) => ({ kind: 'withdrawn', documentId: k.documentId }));
  }

  /** What a kill without copy writes over the stored story: its status and version, nothing of its copy. */
  const WITHDRAWAL_FIELDS = new Set(['pubStatus', 'contentHash', 'sourceHash', 'agencyNote', 'sequence', 'feed']);

  /**
   * What a partner is told of this write: nothing while the story is embargoed or held (its release
   * is). `reviewHold`: the hold as written (ingest/merge.ts keeps a stored one).
   */
  function changeOf(
    p: PreparedArticle,
    documentId: string,
    previous: Row | null,
    reviewHold: unknown = p.reviewHold,
    expiresAt: Date | string | null = null,
  ): ArticleChange[] {
    // A picture, video or package reaches no partner (services/articles.ts visibleTo): nothing to tell.
    if (p.itemType !== 'text') return [];
    if (p.pubStatus === 'canceled')
      return previous && previous.pubStatus !== 'canceled' ? [{ kind: 'withdrawn', documentId }] : [];
    if (
      p.pubStatus !== 'usable' ||
      // Past its end of use already (an old story, a short retention): nothing to announce.
      (expiresAt && new Date(expiresAt) <= new Date()) ||
      p.embargoHold ||
      reviewHold ||
      (p.embargoedUntil && new Date(p.embargoedUntil) > new Date())
    )
      return [];
    return [{ kind: previous ? 'updated' : 'created', documentId }];
  }

  /**
   * One article, inside the caller's transaction: read what is stored, ask ingest/merge.ts how this
   * delivery merges with it, and write that (a version snapshot before an update).
   */
  async function storeOnce(p: PreparedArticle, ctx: StoreContext): Promise<StoreResult> {
    return strapi.db.transaction(async (): Promise<StoreResult> => {
      const existing: Row | null = await strapi.db.query(UID.article).findOne({ where: { identity: p.identity } });
      const now = new Date();
      // A story purged after its expiry is not stored again (services/expiry.ts): its hosting rights
      // ran from its first receipt, and a new row would start them afresh.
      if (!existing && (await wire(strapi).service('changes').purgedIdentities([p.identity])).size)
        return { outcome: 'unchanged', documentId: '', changes: [] };
      const merge = mergeDelivery(existing as StoredArticle | null, p, now);
      if (merge.action === 'unchanged') return { outcome: 'unchanged', documentId: existing!.documentId, changes: [] };
      const killed = merge.action === 'create' && merge.withdrawBySlug ? await withdrawBySlug(p) : [];
      const agency = await cached(ctx.cache?.agencies, p.agency.code, () => ensureAgency(p.agency));
      const licence = await resolveLicence(p, agency, ctx);
      const fields = articleFields(p);
      const data: Row = {
        ...fields,
        ...(await expiryOf(p, agency, ctx, existing?.createdAt ?? now)),
        ...licence,
        agencyValues: Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, fields[f]])),
        agency: agency.id,
        feed: await idOf(UID.feed, ctx.feedDocumentId, ctx.cache),
        sourceHash: ctx.sourceHash ?? null,
        ...merge.set,
      };
      if (merge.action === 'update' && p.withdrawalOnly) {
        // A kill without copy: the story is withdrawn, its headline, body and licence stay as stored.
        for (const field of Object.keys(data))
          if (!WITHDRAWAL_FIELDS.has(field) && !(field in merge.set)) delete data[field];
        if (!p.edNote) delete data.agencyNote;
      }
      if (merge.action === 'create') {
        // The query engine, not the Document Service: relations are already resolved to ids and the
        // type has no drafts, so this is the same row at a fraction of the cost (bench/ingest).
        // First received now: the moment a retention counts from (serve/retention.ts), to the ms.
        const created = await strapi.db
          .query(UID.article)
          .create({ data: { ...data, publishedAt: now, createdAt: now, updatedAt: now } });
        return {
          outcome: 'created',
          documentId: created.documentId,
          changes: [...killed, ...changeOf(p, created.documentId, null, p.reviewHold, data.expiresAt)],
        };
      }
      // Keep what the article was (with its licence and agency), then move it on.
      const withRelations: Row = await strapi.db
        .query(UID.article)
        .findOne({ where: { id: existing!.id }, populate: { licence: true, agency: true } });
      const {
        id: _id,
        documentId,
        createdAt: _created,
        updatedAt: _updated,
        publishedAt: _published,
        locale: _locale,
        agencyValues: _previous,
        ...snapshot
      } = withRelations;
      // The query engine, as for the article: the Document Service would also send an `entry.create`
      // event for the version after the commit, reading it back with every relation populated and
      // awaited by nothing (database/settle.ts): fifty such reads per batch, competing with the next
      // batch for the pool. Wire announces the article's own change (services/changes.ts).
      await strapi.db.query(UID.articleVersion).create({
        data: {
          article: existing!.id,
          publishedAt: now,
          version: existing!.version,
          headline: existing!.headline,
          body: existing!.body,
          versionCreated: existing!.versionCreated,
          contentHash: existing!.contentHash,
          snapshot,
        } as any,
      });
      await strapi.db.query(UID.article).update({ where: { id: existing!.id }, data });
      return {
        outcome: 'updated',
        documentId,
        changes: changeOf(p, documentId, existing, data.reviewHold, data.expiresAt ?? existing!.expiresAt),
      };
    });
  }

  /** The relations an article row carries, each stored by Strapi 5 as a row of a join table (`*_lnk`). */
  const LINKED = ['agency', 'licence', 'feed'] as const;

  /**
   * The first ingest of new stories, in bulk: one multi-row insert for the articles (through the
   * query engine's createMany, so documentId, timestamps, defaults and the lifecycle's derived
   * fields are exactly those a single create gives), one per join table for their agency, licence
   * and feed, agencies and licences resolved once per batch. Throws if anything fails (an identity
   * stored meanwhile: the unique index refuses it); the caller then stores the batch item by item.
   * Runs inside the caller's transaction, which stamps the change numbers and commits.
   */
  async function storeNew(
    batch: Array<{ article: PreparedArticle; sourceHash: string }>,
    ctx: StoreContext,
  ): Promise<StoreResult[]> {
    if (!batch.length) return [];
    // A purged story among them: the batch is stored item by item, where storeOnce refuses it.
    if (
      (
        await wire(strapi)
          .service('changes')
          .purgedIdentities(batch.map((b) => b.article.identity))
      ).size
    )
      throw new Error('a purged story is stored item by item');
    const now = new Date();
    const feed = await idOf(UID.feed, ctx.feedDocumentId, ctx.cache);
    const rows: Row[] = [];
    const links: Array<Record<(typeof LINKED)[number], number | null>> = [];
    for (const { article: p, sourceHash } of batch) {
      if (p.pubStatus === 'canceled') throw new Error('a kill advisory is stored item by item');
      const agency = await cached(ctx.cache?.agencies, p.agency.code, () => ensureAgency(p.agency));
      const licence = await resolveLicence(p, agency, ctx);
      const fields = articleFields(p);
      const agencyValues = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, fields[f]]));
      rows.push({
        ...fields,
        ...(await expiryOf(p, agency, ctx, now)),
        licenceSource: licence.licenceSource,
        agencyValues,
        sourceHash: sourceHash ?? null,
        ...newStoryColumns(p, now),
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      links.push({ agency: agency.id, licence: licence.licence, feed });
    }
    await strapi.db.query(UID.article).createMany({ data: rows });
    // Joins the caller's transaction (a nested call hands back the same one).
    return strapi.db.transaction(async ({ trx }) => {
      const ids = new Map<string, Row>();
      for (let i = 0; i < rows.length; i += 500) {
        const found: Row[] = await trx('wire_articles')
          .whereIn(
            'identity',
            rows.slice(i, i + 500).map((r) => r.identity),
          )
          .select(['id', 'document_id', 'identity']);
        for (const r of found) ids.set(r.identity, r);
      }
      const { attributes } = strapi.db.metadata.get(UID.article) as any;
      for (const name of LINKED) {
        const { joinTable } = attributes[name];
        if (!joinTable || joinTable.orderColumnName || joinTable.inverseOrderColumnName)
          throw new Error(`relation ${name}: no plain join table`);
        const linkRows = rows.flatMap((r, k) => {
          const target = links[k][name];
          return target === null || target === undefined
            ? []
            : [
                {
                  [joinTable.joinColumn.name]: ids.get(r.identity)!.id,
                  [joinTable.inverseJoinColumn.name]: target,
                  ...(joinTable.on ?? {}),
                },
              ];
        });
        for (let i = 0; i < linkRows.length; i += 500) await trx(joinTable.name).insert(linkRows.slice(i, i + 500));
      }
      return batch.map(({ article: p }, k) => {
        const documentId = ids.get(p.identity)!.document_id as string;
        const { expiresAt } = rows[k];
        return {
          outcome: 'created' as Outcome,
          documentId,
          changes: changeOf(p, documentId, null, p.reviewHold, expiresAt),
        };
      });
    });
  }

  return {
    storeNew,
    /** Stores one prepared article; a concurrent insert of the same identity is retried as an update. */
    ensureLicence,
    /** One attempt, no retries: for callers that manage their own transaction (ingest batches). */
    storeOnce,

    /** Which of these source hashes are stored already. */
    async storedSourceHashes(hashes: string[]): Promise<Set<string>> {
      return new Set((await articleRowsWhereIn('source_hash', hashes, ['source_hash'])).map((r) => r.source_hash));
    },

    /**
     * Records that these stored articles (content unchanged) were last delivered with these source
     * hashes, so that the next identical delivery is skipped unread (services/ingest.ts).
     */
    async recordSourceHashes(pairs: Array<{ identity: string; sourceHash: string }>): Promise<void> {
      if (!pairs.length) return;
      await strapi.db.transaction(async ({ trx }) => {
        for (const { identity, sourceHash } of pairs)
          await trx('wire_articles').where({ identity }).update({ source_hash: sourceHash });
      });
    },

    /** Identity → content hash of the stored articles among `identities`. */
    async storedHashes(identities: string[]): Promise<Map<string, string>> {
      return new Map(
        (await articleRowsWhereIn('identity', identities, ['identity', 'content_hash'])).map((r) => [
          r.identity,
          r.content_hash,
        ]),
      );
    },
  };
};
