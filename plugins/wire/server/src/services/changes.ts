/**
 * The change sequence partners sync by, and the webhooks that announce changes.
 *
 * Every write to an article clears its `changeSeq` (the content type's lifecycle); `stamp()` gives
 * all cleared rows the next number from a counter row. Numbers must be handed out in commit order,
 * or a partner reading at the wrong moment would pass a number whose transaction had not committed
 * yet and never see it. The counter row does that: incrementing it locks it until the transaction
 * commits (SQLite has one writer at all), so the next writer's number comes after. Writers stamp at
 * the very end of their transaction, so the lock is held for a moment, not for a whole batch. A
 * counter rather than MAX(change_seq) + 1: re-stamping the newest article must not give it the
 * number it already had.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { nextReach, type Level, type Reach } from '../serve/reach';
import { nextVisibilityChange } from '../serve/visibility';
import { wire } from './wire';

const COUNTERS = 'wire_counters';
/** Per article and access level, when it became servable (serve/reach.ts): who gets its tombstone. */
const REACH = 'wire_article_reach';
const LEVELS: Level[] = ['full', 'quote'];
/**
 * Stories purged after their expiry (services/expiry.ts): what the change feed still says of them.
 * Each keeps its place in the sequence (its last change number and id), its agency (who may know of
 * it) and its tombstone as it was before the purge; its reach row stays in REACH. So a syncing
 * partner that had not read that far yet still gets the tombstone, and one that had gets nothing
 * new: a purged story neither comes back nor disappears silently. `identity` refuses a re-delivery.
 */
export const PURGED = 'wire_purged_articles';

/** A purged story's tombstone, as the change feed reads it. */
export interface PurgedRow {
  article_id: number | string;
  document_id: string;
  change_seq: number | string;
  reason: string;
  changed_at: number | string;
}
const CHUNK = 500;

type ReachRow = {
  article_id: number | string;
  full_from: number | string | null;
  full_until: number | string | null;
  quote_from: number | string | null;
  quote_until: number | string | null;
};

const num = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
const reachOfRow = (r: ReachRow | undefined, level: Level): Reach | null =>
  r ? { from: num(r[`${level}_from`]), until: num(r[`${level}_until`]) } : null;

/** A stored date as milliseconds (the query engine gives dates, ISO strings or numbers). */
function ms(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const t =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : new Date(value as string).getTime();
  return Number.isNaN(t) ? null : t;
}

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
  /** While a quiet backfill runs: changes counted, not announced one by one (see `quietly`). */
  let quiet: Record<ChangeKind, number> | null = null;

  /** Gives every changed article the next change number; joins the caller's transaction if any. */
  async function stamp(): Promise<void> {
    await strapi.db.transaction(async ({ trx, onCommit }) => {
      // Most calls (a partner's sync request) find nothing to stamp and take no lock.
      const changed = await trx('wire_articles').whereNull('change_seq').first('id');
      if (!changed) return;
      await trx(COUNTERS).where({ name: 'changes' }).increment('value', 1);
      const { value } = await trx(COUNTERS).where({ name: 'changes' }).first('value');
      // Numbered first, in one statement that says which rows it numbered; their reach is read
      // after, from the same rows. The update locks each row until commit (on PostgreSQL it waits
      // for a writer already on the row, then takes the row as that writer left it; SQLite has one
      // writer at all), so what recordReach reads is the row as numbered. Read first and numbered
      // after, an embargo extended in between got the number with the old embargo's reach: a
      // tombstone once the old embargo passed, for a story no partner could have had. A write that
      // comes after the update waits for this commit, clears the number again and is stamped next.
      const numbered: Array<{ id: number | string }> = await trx('wire_articles')
        .whereNull('change_seq')
        .update({ change_seq: value }, ['id']);
      const ids = numbered.map((r) => Number(r.id));
      await recordReach(trx, ids);
      // Which stories are the same story (services/similarity.ts), where a text changed.
      const newText = await wire(strapi).service('similarity').indexArticles(trx, ids);
      // New text matched against editors' alerts (services/alerts.ts), not during a quiet backfill
      // of an archive; what a match sends goes once this transaction has committed.
      if (!quiet && newText.length && (await wire(strapi).service('alerts').matchArticles(trx, newText)) > 0)
        onCommit(() => void wire(strapi).service('notify').dispatch());
      // What routing rules asked for (services/rules.ts actOn): a take queued, editors notified.
      if (!quiet && newText.length && (await wire(strapi).service('rules').actOn(trx, newText)))
        onCommit(() => {
          void wire(strapi).service('notify').dispatch();
          void wire(strapi).service('take').drain();
        });
      // And the full-text index (services/search.ts).
      await wire(strapi).service('search').indexArticles(trx, ids);
    });
  }

  /**
   * For every article just stamped: when it became, or will become, servable to full and to quote
   * partners (serve/reach.ts). Runs inside stamp's transaction, so every change an article goes
   * through (a write, an embargo ending, an expiry, a licence corrected) is looked at once.
   */
  async function recordReach(trx: any, stamped: number[]): Promise<void> {
    const now = Date.now();
    const articles = wire(strapi).service('articles');
    for (let i = 0; i < stamped.length; i += CHUNK) {
      const chunk: Array<{ id: number; embargoedUntil: unknown; expiresAt: unknown }> = await strapi.db
        .query(UID.article)
        .findMany({
          where: { id: { $in: stamped.slice(i, i + CHUNK) } },
          select: ['id', 'embargoedUntil', 'expiresAt'],
        });
      const ids = chunk.map((r) => r.id);
      const previous = new Map<number, ReachRow>(
        (await trx(REACH).whereIn('article_id', ids)).map((r: ReachRow) => [Number(r.article_id), r]),
      );
      const servable = Object.fromEntries(
        await Promise.all(
          LEVELS.map(async (level) => [level, await articles.servableFrom(chunk, level, new Date(now))] as const),
        ),
      ) as Record<Level, Map<number, number>>;
      const next = chunk.map((r) => {
        const row: Record<string, number | null> = { article_id: r.id };
        for (const level of LEVELS) {
          const reach = nextReach(
            reachOfRow(previous.get(r.id), level),
            servable[level].get(r.id) ?? null,
            ms(r.expiresAt),
            now,
          );
          row[`${level}_from`] = reach.from;
          row[`${level}_until`] = reach.until;
        }
        return row;
      });
      if (next.length) await trx(REACH).insert(next).onConflict('article_id').merge();
    }
  }

  /**
   * Embargoes that have ended and articles that have expired since the last look: a change no write
   * announced. Each becomes a change (so syncing partners see it) and a webhook.
   */
  async function releaseDue(now = new Date()): Promise<void> {
    const due = await strapi.db.query(UID.article).findMany({
      where: { visibilityDueAt: { $lte: now } },
      select: ['id', 'documentId', 'embargoedUntil', 'expiresAt', 'pubStatus', 'itemType'],
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
        // Media reach no partner (services/articles.ts visibleTo): their embargo ending is no news.
        if (row.itemType && row.itemType !== 'text') continue;
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
    if (quiet) {
      for (const change of changes) quiet[change.kind] += 1;
      return;
    }
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
    /** The counter table, started at the highest number already given (for existing databases). */
    async ensureTable() {
      const knex = strapi.db.connection;
      await knex.raw(`CREATE TABLE IF NOT EXISTS ${COUNTERS} (name VARCHAR(64) PRIMARY KEY, value BIGINT NOT NULL)`);
      // Several nodes may start at once: the first insert wins, the others change nothing.
      await knex.raw(
        `INSERT INTO ${COUNTERS} (name, value) SELECT 'changes', COALESCE(MAX(change_seq), 0) FROM wire_articles WHERE true ON CONFLICT (name) DO NOTHING`,
      );
      const hadReach = await knex.schema.hasTable(REACH);
      await knex.raw(
        `CREATE TABLE IF NOT EXISTS ${REACH} (article_id BIGINT PRIMARY KEY, full_from BIGINT, full_until BIGINT, quote_from BIGINT, quote_until BIGINT)`,
      );
      await knex.raw(
        `CREATE TABLE IF NOT EXISTS ${PURGED} (article_id BIGINT PRIMARY KEY, document_id VARCHAR(255) NOT NULL, identity TEXT NOT NULL, agency_code VARCHAR(255), change_seq BIGINT NOT NULL, reason VARCHAR(32) NOT NULL, changed_at BIGINT NOT NULL, expires_at BIGINT, purged_at BIGINT NOT NULL)`,
      );
      await knex.raw(`CREATE INDEX IF NOT EXISTS ${PURGED}_seq ON ${PURGED} (change_seq, article_id)`);
      await knex.raw(`CREATE INDEX IF NOT EXISTS ${PURGED}_identity ON ${PURGED} (identity)`);
      // Articles stored before reach was kept: their history is unknown, so each counts as having
      // reached everyone in scope (their tombstones go out as before), never the other way round.
      if (!hadReach) {
        await knex.raw(
          `INSERT INTO ${REACH} (article_id, full_from, quote_from) SELECT id, 0, 0 FROM wire_articles WHERE change_seq IS NOT NULL ON CONFLICT (article_id) DO NOTHING`,
        );
      }
    },
    stamp,

    /** Per article id, whether it ever became servable at each level by `now` (serve/reach.ts). */
    async reachOf(ids: number[]): Promise<Map<number, Record<Level, Reach | null>>> {
      const out = new Map<number, Record<Level, Reach | null>>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        for (const r of (await strapi.db
          .connection(REACH)
          .whereIn('article_id', ids.slice(i, i + CHUNK))) as ReachRow[]) {
          out.set(Number(r.article_id), { full: reachOfRow(r, 'full'), quote: reachOfRow(r, 'quote') });
        }
      }
      return out;
    },
    /**
     * The articles that count as having reached a partner at `level` by `now`, as a where-clause
     * for the query engine: those with no record (stored before records were kept) and those whose
     * record says so, by serve/reach.ts `reached` written in SQL. The change feed filters with it,
     * so a partner's request never reads past rows it may not know of. (Subqueries in `$in` and
     * `$notIn` are the query engine's own; sync-secrecy.test.ts holds the SQL to `reached`.)
     */
    reachedWhere(level: Level, now: number): Record<string, unknown> {
      const knex = strapi.db.connection;
      const from = `${level}_from`;
      const until = `${level}_until`;
      return {
        $or: [
          { id: { $notIn: knex(REACH).select('article_id') } },
          {
            id: {
              $in: knex(REACH)
                .select('article_id')
                .whereNotNull(from)
                .where(from, '<=', now)
                .where((q) => q.whereNull(until).orWhereRaw('?? < ??', [from, until])),
            },
          },
        ],
      };
    },
    releaseDue,

    /**
     * Tombstones of purged stories after `after`, in sequence order, as the change feed's own rules
     * allow: in the caller's agencies, and only those that reached its access level (the same test
     * as `reachedWhere`; no reach row: reached).
     */
    async purgedAfter(
      viewer: { access: Level; agencies: string[] | null },
      after: { seq: number; id: number } | null | undefined,
      agency: string | null | undefined,
      now: number,
      limit: number,
    ): Promise<PurgedRow[]> {
      const knex = strapi.db.connection;
      const from = `r.${viewer.access}_from`;
      const until = `r.${viewer.access}_until`;
      const query = knex(`${PURGED} as p`)
        .leftJoin(`${REACH} as r`, 'r.article_id', 'p.article_id')
        .where((q) =>
          q.whereNull('r.article_id').orWhere((q2) =>
            q2
              .whereNotNull(from)
              .where(from, '<=', now)
              .where((q3) => q3.whereNull(until).orWhereRaw('?? < ??', [from, until])),
          ),
        );
      if (viewer.agencies) query.whereIn('p.agency_code', viewer.agencies);
      if (agency) query.whereRaw('LOWER(p.agency_code) = LOWER(?)', [agency]);
      if (after)
        query.where((q) =>
          q
            .where('p.change_seq', '>', after.seq)
            .orWhere((q2) => q2.where('p.change_seq', after.seq).where('p.article_id', '>', after.id)),
        );
      return query
        .orderBy([
          { column: 'p.change_seq', order: 'asc' },
          { column: 'p.article_id', order: 'asc' },
        ])
        .limit(limit)
        .select('p.article_id', 'p.document_id', 'p.change_seq', 'p.reason', 'p.changed_at');
    },

    /** Of these identities, those of purged stories (ingest refuses them: their hosting rights ran out). */
    async purgedIdentities(identities: string[]): Promise<Set<string>> {
      const out = new Set<string>();
      // In the caller's transaction when there is one (ingest's: SQLite has one connection).
      await strapi.db.transaction(async ({ trx }) => {
        for (let i = 0; i < identities.length; i += CHUNK) {
          const rows: Array<{ identity: string }> = await trx(PURGED)
            .whereIn('identity', identities.slice(i, i + CHUNK))
            .select('identity');
          for (const r of rows) out.add(r.identity);
        }
      });
      return out;
    },

    /**
     * An editor corrected a licence: every article under it is served differently now, so each
     * becomes a change that syncing partners fetch again (no webhook per article: there may be
     * thousands).
     */
    async touchLicence(licenceId: number) {
      const rows = await strapi.db
        .query(UID.article)
        .findMany({ where: { licence: { id: licenceId } }, select: ['id'] });
      const ids = rows.map((r: { id: number }) => r.id);
      await strapi.db.transaction(async ({ trx }) => {
        for (let i = 0; i < ids.length; i += 500)
          await trx('wire_articles')
            .whereIn('id', ids.slice(i, i + 500))
            .update({ change_seq: null });
        await stamp();
      });
      return ids.length;
    },
    announce,
    /**
     * Runs `fn` (a backfill) with no webhook event per story: change numbers are still stamped per
     * batch, so partners syncing by cursor see every story; at the end one `entry.update` event
     * tells them how many changed, and they fetch the changes feed once.
     */
    async quietly<T>(fn: () => Promise<T>): Promise<T> {
      const counts: Record<ChangeKind, number> = { created: 0, updated: 0, withdrawn: 0, released: 0 };
      quiet = counts;
      try {
        return await fn();
      } finally {
        quiet = null;
        if (counts.created + counts.updated + counts.withdrawn + counts.released > 0) {
          const work = Promise.resolve(
            strapi.eventHub.emit(WEBHOOK_EVENT.updated, {
              model: 'article',
              uid: UID.article,
              entry: { backfill: true, ...counts, api: '/api/wire/changes' },
              wire: { change: 'backfill', ...counts },
            }),
          ).catch((error) => strapi.log.error(`[wire] webhook event not sent: ${(error as Error).message}`));
          pending.add(work);
          void work.finally(() => pending.delete(work));
        }
      }
    },
    /** Waits for webhook events still being sent (the CLI, before it exits). */
    async flush() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
};
