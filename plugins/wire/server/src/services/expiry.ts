/**
 * Expiry and purge (issue 25, item 4). A story's end of use is the stricter of the copy's own and
 * the hosting rights the newsroom has for its feed or agency (serve/retention.ts): stored by ingest
 * (services/store.ts) and, when an editor changes a retention, recomputed here for every stored
 * story of that agency or feed, a batch to a transaction. Past it the story leaves the partner API
 * (serve/visibility.ts; a tombstone in the change feed, services/changes.ts `releaseDue`) and stays
 * on the desk, marked expired.
 *
 * `purge.graceDays` after its expiry the story is deleted: its row, its versions, its rows in the
 * full-text index, the similarity bands and the alerts' match lists. What stays, and why:
 * - a compact tombstone (`wire_purged_articles`: id, documentId, identity, agency, its place in the
 *   change sequence and its tombstone as it was) and its reach row: the change feed keeps telling
 *   syncing partners the story is gone, in the same place, to the same partners; and ingest refuses
 *   the identity, so an agency's feed that still carries the item cannot bring it back with a fresh
 *   retention;
 * - the quote ledger (services/ledger.ts), untouched: it is the record of what each partner was
 *   given of a story, the evidence an agency's audit asks for; it holds excerpts the partner already
 *   had, keyed by documentId, and no full text.
 * Each batch is its own short transaction (SQLite has one writer: a long purge would hold ingest
 * up), run by one node at a time (a lease), at most `batchesPerTick` a tick.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import type { WireConfig } from '../config';
import { retryBusy } from '../database/busy';
import { effectiveExpiry, ownExpiry } from '../serve/retention';
import { nextVisibilityChange, unservedReason } from '../serve/visibility';
import { PURGED, type ArticleChange } from './changes';
import { wire } from './wire';

const DAY_MS = 24 * 60 * 60 * 1000;
const REAPPLY_BATCH = 200;
const LEASE = 'wire:purge';
const LEASE_MS = 2 * 60_000;
/** After a look that found nothing due, this node looks again only after this long (the tick runs every 30 s). */
const IDLE_LOOK_MS = 10 * 60_000;

type Row = Record<string, any>;
type Knex = any;

export interface PurgeResult {
  /** Null: purging is off (`WIRE_PURGE_GRACE_DAYS=off`). */
  graceDays: number | null;
  /** Expired before this moment: due. */
  cutoff: string | null;
  /** Stories due now (a dry run counts them, a purge counts what it did not reach). */
  due: number;
  purged: number;
  batches: number;
  /** Another node holds the purge. */
  busy: boolean;
}

const ms = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const t = typeof value === 'number' ? value : new Date(value as string).getTime();
  return Number.isNaN(t) ? null : t;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => strapi.plugin('wire').config('purge') as WireConfig['purge'];
  let nextLook = 0;

  /** Deletes the join-table rows of these rows of `uid` (Strapi 5 keeps relations in `*_lnk` tables). */
  async function deleteLinks(trx: Knex, uid: string, ids: number[]) {
    const { attributes } = strapi.db.metadata.get(uid as any) as any;
    for (const attribute of Object.values(attributes) as any[]) {
      const joinTable = attribute?.joinTable;
      if (attribute?.type !== 'relation' || !joinTable?.name || !joinTable.joinColumn?.name) continue;
      for (let i = 0; i < ids.length; i += 500)
        await trx(joinTable.name)
          .whereIn(joinTable.joinColumn.name, ids.slice(i, i + 500))
          .delete();
    }
  }

  /**
   * Recomputes the expiry of every stored story of an agency or a feed (after its retention
   * changed), a batch to a transaction, each change stamped (syncing partners see it) and a story
   * that becomes expired announced as withdrawn. Returns how many were looked at and changed.
   */
  async function reapply(scope: { agency: number } | { feed: number }) {
    const where = 'agency' in scope ? { agency: { id: scope.agency } } : { feed: { id: scope.feed } };
    let last = 0;
    let looked = 0;
    let changed = 0;
    let expired = 0;
    for (;;) {
      const rows: Row[] = await strapi.db.query(UID.article).findMany({
        where: { $and: [where, { id: { $gt: last } }] },
        orderBy: { id: 'asc' },
        limit: REAPPLY_BATCH,
        select: [
          'id',
          'documentId',
          'createdAt',
          'expiresAt',
          'agencyExpiresAt',
          'expiryBasis',
          'embargoedUntil',
          'pubStatus',
          'embargoHold',
          'reviewHold',
        ],
        populate: { agency: { select: ['retentionDays'] }, feed: { select: ['retentionDays'] } },
      });
      if (!rows.length) break;
      last = rows[rows.length - 1].id;
      looked += rows.length;
      const now = new Date();
      const updates = rows.flatMap((r) => {
        const own = ownExpiry(r);
        const next = effectiveExpiry(own, r.createdAt, r.feed?.retentionDays, r.agency?.retentionDays, now.getTime());
        if (ms(next.expiresAt) === ms(r.expiresAt) && (next.basis ?? null) === (r.expiryBasis ?? null)) return [];
        const wasOut = unservedReason(r, now) !== null;
        const isOut = unservedReason({ ...r, expiresAt: next.expiresAt }, now) !== null;
        return [{ row: r, own, next, becameExpired: !wasOut && isOut }];
      });
      if (!updates.length) continue;
      await retryBusy(() =>
        strapi.db.transaction(async () => {
          for (const { row, own, next } of updates)
            await strapi.db.query(UID.article).update({
              where: { id: row.id },
              data: {
                agencyExpiresAt: own ?? null,
                expiresAt: next.expiresAt,
                expiryBasis: next.basis,
                visibilityDueAt: nextVisibilityChange(row.embargoedUntil, next.expiresAt, now),
                changeSeq: null,
              },
            });
          await wire(strapi).service('changes').stamp();
        }),
      );
      changed += updates.length;
      const withdrawn: ArticleChange[] = updates
        .filter((u) => u.becameExpired)
        .map((u) => ({ kind: 'withdrawn', documentId: u.row.documentId }));
      expired += withdrawn.length;
      wire(strapi).service('changes').announce(withdrawn);
    }
    return { looked, changed, expired };
  }

  /** Expired before the cutoff, stamped (a story not yet in the change sequence waits a stamp). */
  const dueWhere = (cutoff: Date) => ({ expiresAt: { $lte: cutoff }, changeSeq: { $notNull: true } });

  /** One batch, in its own transaction: tombstones kept, the story and what hangs on it deleted. */
  async function purgeBatch(ids: number[], cutoff: Date, now: Date): Promise<number> {
    return retryBusy(() =>
      strapi.db.transaction(async ({ trx }) => {
        // Read again inside the transaction: an expiry lengthened meanwhile saves the story.
        const rows: Row[] = await strapi.db.query(UID.article).findMany({
          where: { $and: [dueWhere(cutoff), { id: { $in: ids } }] },
          select: [
            'id',
            'documentId',
            'identity',
            'changeSeq',
            'updatedAt',
            'expiresAt',
            'pubStatus',
            'embargoedUntil',
            'embargoHold',
            'reviewHold',
          ],
          populate: { agency: { select: ['code'] } },
        });
        if (!rows.length) return 0;
        const found = rows.map((r) => Number(r.id));
        await trx(PURGED)
          .insert(
            rows.map((r) => ({
              article_id: r.id,
              document_id: r.documentId,
              identity: r.identity,
              agency_code: r.agency?.code ?? null,
              change_seq: r.changeSeq,
              // The tombstone the change feed gave just before: the same after the purge.
              reason: unservedReason(r, now) ?? 'expired',
              changed_at: ms(r.updatedAt) ?? now.getTime(),
              expires_at: ms(r.expiresAt),
              purged_at: now.getTime(),
            })),
          )
          .onConflict('article_id')
          .ignore();
        await wire(strapi).service('similarity').forget(trx, found);
        await wire(strapi).service('search').forget(trx, found);
        await wire(strapi).service('alerts').forget(trx, found);
        const versions: number[] = (
          await strapi.db
            .query(UID.articleVersion)
            .findMany({ where: { article: { id: { $in: found } } }, select: ['id'] })
        ).map((v: { id: number }) => v.id);
        const versionTable = (strapi.db.metadata.get(UID.articleVersion as any) as any).tableName;
        await deleteLinks(trx, UID.articleVersion, versions);
        for (let i = 0; i < versions.length; i += 500)
          await trx(versionTable)
            .whereIn('id', versions.slice(i, i + 500))
            .delete();
        await deleteLinks(trx, UID.article, found);
        await trx('wire_articles').whereIn('id', found).delete();
        return found.length;
      }),
    );
  }

  /**
   * Purges what is due, or with `dryRun` counts it. One node at a time (a lease); each batch its own
   * transaction. `now` for tests and the CLI's report.
   */
  async function purge(options: { dryRun?: boolean; now?: Date; batches?: number } = {}): Promise<PurgeResult> {
    const { graceDays, batch, batchesPerTick } = settings();
    const now = options.now ?? new Date();
    const result: PurgeResult = { graceDays, cutoff: null, due: 0, purged: 0, batches: 0, busy: false };
    if (graceDays === null) return result;
    const cutoff = new Date(now.getTime() - graceDays * DAY_MS);
    result.cutoff = cutoff.toISOString();
    const count = async () => Number(await strapi.db.query(UID.article).count({ where: dueWhere(cutoff) }));
    if (options.dryRun) return { ...result, due: await count() };
    const lease = wire(strapi).service('lease');
    const holder = await lease.acquire(LEASE, LEASE_MS);
    if (!holder) return { ...result, busy: true };
    try {
      for (let b = 0; b < (options.batches ?? batchesPerTick); b += 1) {
        const ids = (
          await strapi.db.query(UID.article).findMany({
            where: dueWhere(cutoff),
            orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
            limit: batch,
            select: ['id'],
          })
        ).map((r: { id: number }) => r.id);
        if (!ids.length) break;
        result.purged += await purgeBatch(ids, cutoff, now);
        result.batches += 1;
        if (!(await lease.renew(LEASE, holder, LEASE_MS))) break;
      }
      result.due = await count();
    } finally {
      await lease.release(LEASE, holder);
    }
    return result;
  }

  return {
    reapply,
    purge,

    /** The tick: purges a few batches when something is due; after a look that found none, waits. */
    async tick() {
      if (settings().graceDays === null || Date.now() < nextLook) return;
      const result = await purge();
      if (result.purged) strapi.log.info(`[wire] purged ${result.purged} expired stories (${result.due} more due)`);
      if (!result.busy && result.due === 0) nextLook = Date.now() + IDLE_LOOK_MS;
    },
  };
};
