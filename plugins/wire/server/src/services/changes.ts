/**
 * The change sequence partners sync by, and the webhooks that announce changes.
 *
 * Every write to an article clears its `changeSeq` (the content type's lifecycle); `stamp()` gives
 * all cleared rows the next number. Numbers must be handed out in commit order, or a partner reading
 * at the wrong moment would pass a number whose transaction had not committed yet and never see it:
 * SQLite has one writer at a time, and on PostgreSQL a transaction-scoped advisory lock is taken
 * before the number is read and held until commit. Writers stamp at the very end of their
 * transaction, so the lock is held for a moment, not for the whole batch.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { nextVisibilityChange } from '../serve/visibility';

/** Any fixed number: the advisory lock that orders change numbers on PostgreSQL. */
const CHANGE_LOCK = 0x57495245; // "WIRE"

export type ChangeKind = 'created' | 'updated' | 'withdrawn' | 'released';

export interface ArticleChange {
  kind: ChangeKind;
  documentId: string;
}

/** Strapi's webhook events for each change: subscribers pick them in Settings → Webhooks. */
const WEBHOOK_EVENT: Record<ChangeKind, string> = {
  created: 'entry.create',
  updated: 'entry.update',
  // Withdrawn (killed) or expired: taken down, as Strapi's `unpublish` says of its own entries.
  withdrawn: 'entry.unpublish',
  // An embargo has ended: the story is out.
  released: 'entry.publish',
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pending = new Set<Promise<unknown>>();
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  /** Gives every changed article the next change number; joins the caller's transaction if any. */
  async function stamp(): Promise<void> {
    await strapi.db.transaction(async ({ trx }) => {
      if (isPostgres()) await trx.raw('SELECT pg_advisory_xact_lock(?)', [CHANGE_LOCK]);
      await trx.raw(
        'UPDATE wire_articles SET change_seq = (SELECT COALESCE(MAX(change_seq), 0) + 1 FROM wire_articles) WHERE change_seq IS NULL',
      );
    });
  }

  /**
   * Embargoes that have ended and articles that have expired since the last look: a change no write
   * announced. Each becomes a change (so syncing partners see it) and a webhook.
   */
  async function releaseDue(now = new Date()): Promise<void> {
    const due = await strapi.db.query(UID.article).findMany({
      where: { visibilityDueAt: { $lte: now } },
      select: ['id', 'documentId', 'embargoedUntil', 'expiresAt', 'pubStatus'],
      limit: 1000,
    });
    if (!due.length) return;
    const changes: ArticleChange[] = [];
    await strapi.db.transaction(async () => {
      for (const row of due) {
        await strapi.db.query(UID.article).update({
          where: { id: row.id },
          data: { visibilityDueAt: nextVisibilityChange(row.embargoedUntil, row.expiresAt, now) },
        });
        if (row.pubStatus !== 'usable') continue;
        const expired = row.expiresAt && new Date(row.expiresAt) <= now;
        changes.push({ kind: expired ? 'withdrawn' : 'released', documentId: row.documentId });
      }
      await stamp();
    });
    announce(changes);
  }

  /**
   * Sends Strapi webhook events for committed changes. The payload names the article and where to
   * fetch it, never its text: what a partner may read depends on its token.
   */
  function announce(changes: ArticleChange[]) {
    if (!changes.length) return;
    const work = (async () => {
      const rows = await strapi.db.query(UID.article).findMany({
        where: { documentId: { $in: [...new Set(changes.map((c) => c.documentId))] } },
        select: ['documentId', 'headline', 'version', 'pubStatus', 'versionCreated', 'url'],
        populate: { agency: { select: ['code'] } },
      });
      const byId = new Map(rows.map((r: any) => [r.documentId, r]));
      for (const change of changes) {
        const row: any = byId.get(change.documentId);
        if (!row) continue;
        await strapi.eventHub.emit(WEBHOOK_EVENT[change.kind], {
          model: 'article',
          uid: UID.article,
          entry: {
            documentId: row.documentId,
            headline: row.headline,
            version: row.version,
            pubStatus: row.pubStatus,
            agency: row.agency?.code ?? null,
            versionCreated: row.versionCreated,
            url: row.url,
            api: `/api/wire/articles/${row.documentId}`,
          },
          wire: { change: change.kind },
        });
      }
    })().catch((error) => strapi.log.error(`[wire] webhook events not sent: ${(error as Error).message}`));
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  return {
    stamp,
    releaseDue,
    announce,
    /** Waits for webhook events still being sent (the CLI, before it exits). */
    async flush() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
};
