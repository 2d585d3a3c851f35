/**
 * Request counts shared by every node on one database (serve/rate-limit.ts says what they mean).
 * One row per owner (a partner, or a token without one) and window; each request is one statement
 * that counts in every window at once and returns the counts:
 *
 *   INSERT ... VALUES (burst row), (day row) ON CONFLICT (window_key) DO UPDATE SET hits = ... RETURNING
 *
 * atomic on SQLite (3.35 and later) and PostgreSQL alike, so N nodes together answer exactly the
 * limit before the first refusal. A window counts only what it lets through (`hits` stops at its
 * limit) and says in the same row whether it let this request through (`admitted`, evaluated on
 * the row as it was, returned as this statement left it), so raising a limit gives exactly the
 * requests added. A request refused by one window is taken back from the other (a second
 * statement, only then), so it spends nothing; in that instant another node may see the other
 * window one fuller than it ends up, which can refuse one request too many, never serve one too
 * many.
 * Rows of ended windows are swept now and then by whichever node gets there.
 */
import type { Core } from '@strapi/strapi';
import { retryBusy } from '../database/busy';
import { windowsAt, windowState, type CountWindow, type Limits, type WindowState } from '../serve/rate-limit';

const TABLE = 'wire_request_counts';
/** How often a node sweeps ended windows (each node on its own; a sweep is one DELETE). */
const SWEEP_MS = 10 * 60_000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  let nextSweep = Date.now() + SWEEP_MS;

  function sweepSometimes(now: number) {
    if (now < nextSweep) return;
    nextSweep = now + SWEEP_MS;
    void knex()(TABLE)
      .where('expires_at', '<', now)
      .delete()
      .catch((error: Error) => strapi.log.warn(`[wire] could not sweep old request counts: ${error.message}`));
  }

  return {
    /** Creates the table; Strapi's schema sync leaves tables it does not know alone. */
    async ensureTable() {
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (window_key VARCHAR(255) PRIMARY KEY, hits INTEGER NOT NULL, lim INTEGER, admitted INTEGER NOT NULL, expires_at BIGINT NOT NULL)`,
      );
    },

    /**
     * Counts one request of `owner` in each of its windows, in one statement, and returns each
     * window's state. Throws when the count cannot be written: the caller refuses the request
     * (fail closed) rather than serving it uncounted.
     */
    async hit(owner: string, limits: Limits, now = Date.now()): Promise<WindowState[]> {
      const windows = windowsAt(owner, limits, now);
      const rows = windows.map(() => '(?, ?, ?, ?, ?)').join(', ');
      // A new window lets the request through unless its limit is 0 (a quota read fail closed).
      const bindings = windows.flatMap((w) => {
        const first = w.limit === null || w.limit >= 1 ? 1 : 0;
        return [w.key, first, w.limit, first, w.end];
      });
      const under = `excluded.lim IS NULL OR ${TABLE}.hits < excluded.lim`;
      const result: any = await retryBusy(() =>
        knex().raw(
          `INSERT INTO ${TABLE} (window_key, hits, lim, admitted, expires_at) VALUES ${rows}
           ON CONFLICT (window_key) DO UPDATE SET
             hits = CASE WHEN ${under} THEN ${TABLE}.hits + 1 ELSE ${TABLE}.hits END,
             admitted = CASE WHEN ${under} THEN 1 ELSE 0 END,
             lim = excluded.lim
           RETURNING window_key, hits, admitted`,
          bindings,
        ),
      );
      // better-sqlite3 gives the rows, pg a result with `rows`.
      const returned: Array<{ window_key: string; hits: number | string; admitted: number | string }> = Array.isArray(
        result,
      )
        ? result
        : (result?.rows ?? []);
      const byKey = new Map(returned.map((r) => [r.window_key, r]));
      if (windows.some((w) => !byKey.has(w.key))) throw new Error('the request counter returned no count');
      const states = windows.map((w) => {
        const row = byKey.get(w.key)!;
        return windowState(w, Number(row.hits), Number(row.admitted) === 1, now);
      });
      if (states.some((s) => s.refused)) await giveBack(windows.filter((_, i) => !states[i].refused));
      sweepSometimes(now);
      return states;
    },

    /** The windows as they stand, counting nothing (a window never used reads as unused). */
    async peek(owner: string, limits: Limits, now = Date.now()): Promise<WindowState[]> {
      const windows = windowsAt(owner, limits, now);
      const rows = await knex()(TABLE)
        .whereIn(
          'window_key',
          windows.map((w) => w.key),
        )
        .select('window_key', 'hits');
      const hits = new Map(rows.map((r: any) => [r.window_key, Number(r.hits)]));
      return windows.map((w) => windowState(w, hits.get(w.key) ?? 0, true, now));
    },
  };

  /** Takes a refused request back from the windows that had let it through. */
  async function giveBack(windows: CountWindow[]) {
    if (!windows.length) return;
    await retryBusy(() =>
      knex()(TABLE)
        .whereIn(
          'window_key',
          windows.map((w) => w.key),
        )
        .where('hits', '>', 0)
        .decrement('hits', 1),
    );
  }
};
