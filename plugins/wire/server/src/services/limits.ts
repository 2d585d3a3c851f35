/**
 * Request counts shared by every node on one database (serve/rate-limit.ts says what they mean).
 * One row per owner (a partner, or a token without one) and UTC day holds both windows: the day's
 * count and the current burst window's (its start and count). Each request is one statement:
 *
 *   INSERT ... VALUES (the row as a first request leaves it)
 *   ON CONFLICT (owner_day) DO UPDATE SET day_hits = ..., burst_start = ..., burst_hits = ...,
 *     burst_ok = ..., day_ok = ...  RETURNING ...
 *
 * atomic on SQLite (3.35 and later) and PostgreSQL alike: every SET expression reads the row as it
 * was, so the statement decides for both windows at once and counts the request in both or in
 * neither. N nodes together answer exactly the limit of each window before its first refusal, a
 * refused request spends nothing, and raising a limit gives exactly the requests added. A burst
 * window never spans two days (the setting must divide the day, config.ts). Rows of ended days are
 * swept now and then by whichever node gets there.
 */
import type { Core } from '@strapi/strapi';
import { retryBusy } from '../database/busy';
import { windowsAt, windowState, type Limits, type WindowState } from '../serve/rate-limit';

const TABLE = 'wire_request_counts';
/** How often a node sweeps ended days (each node on its own; a sweep is one DELETE). */
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

  /** The day's row key, and the two windows of a request at `now`. */
  function rowOf(owner: string, limits: Limits, now: number) {
    const windows = windowsAt(owner, limits, now);
    const day = windows.find((w) => w.policy === 'daily')!;
    const burst = windows.find((w) => w.policy === 'burst') ?? null;
    return { key: `${owner}|${day.start}`, day, burst };
  }

  return {
    /**
     * Creates the table; Strapi's schema sync leaves tables it does not know alone. One b-tree on
     * SQLite (WITHOUT ROWID): a request writes one page.
     */
    async ensureTable() {
      const sqlite = strapi.db.dialect.client === 'sqlite';
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (owner_day VARCHAR(255) PRIMARY KEY, day_hits INTEGER NOT NULL, day_lim INTEGER, burst_start BIGINT NOT NULL, burst_hits INTEGER NOT NULL, burst_lim INTEGER, burst_ok INTEGER NOT NULL, day_ok INTEGER NOT NULL, expires_at BIGINT NOT NULL)${sqlite ? ' WITHOUT ROWID' : ''}`,
      );
    },

    /**
     * Counts one request of `owner` in its windows, in one statement, and returns each window's
     * state. Throws when the count cannot be written: the caller refuses the request (fail closed)
     * rather than serving it uncounted.
     */
    async hit(owner: string, limits: Limits, now = Date.now()): Promise<WindowState[]> {
      const { key, day, burst } = rowOf(owner, limits, now);
      const dayLim = day.limit;
      const burstLim = burst?.limit ?? null;
      const burstStart = burst?.start ?? 0;
      // A first request: each window lets it through unless its limit is 0 (a quota read fail closed).
      const dayFirst = dayLim === null || dayLim >= 1;
      const burstFirst = burstLim === null || burstLim >= 1;
      const first = dayFirst && burstFirst ? 1 : 0;
      const t = TABLE;
      const dayOk = `(excluded.day_lim IS NULL OR ${t}.day_hits < excluded.day_lim)`;
      const newBurst = `(${t}.burst_start <> excluded.burst_start)`;
      const burstRoom = `(excluded.burst_lim IS NULL OR ${t}.burst_hits < excluded.burst_lim)`;
      // Whether the burst window lets it through: a new window as a first request would, else if it has room.
      const burstOk = `((${newBurst} AND excluded.burst_ok = 1) OR (NOT ${newBurst} AND ${burstRoom}))`;
      const result: any = await retryBusy(() =>
        knex().raw(
          `INSERT INTO ${t} (owner_day, day_hits, day_lim, burst_start, burst_hits, burst_lim, burst_ok, day_ok, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (owner_day) DO UPDATE SET
             day_hits = CASE WHEN ${dayOk} AND ${burstOk} THEN ${t}.day_hits + 1 ELSE ${t}.day_hits END,
             burst_hits = CASE
               WHEN ${newBurst} THEN CASE WHEN ${dayOk} AND excluded.burst_ok = 1 THEN 1 ELSE 0 END
               WHEN ${dayOk} AND ${burstRoom} THEN ${t}.burst_hits + 1
               ELSE ${t}.burst_hits END,
             burst_ok = CASE WHEN ${newBurst} THEN excluded.burst_ok WHEN ${burstRoom} THEN 1 ELSE 0 END,
             day_ok = CASE WHEN ${dayOk} THEN 1 ELSE 0 END,
             burst_start = excluded.burst_start,
             day_lim = excluded.day_lim,
             burst_lim = excluded.burst_lim
           RETURNING day_hits, burst_hits, burst_ok, day_ok`,
          [key, first, dayLim, burstStart, first, burstLim, burstFirst ? 1 : 0, dayFirst ? 1 : 0, day.end],
        ),
      );
      // better-sqlite3 gives the rows, pg a result with `rows`.
      const row = (Array.isArray(result) ? result : result?.rows)?.[0];
      if (!row) throw new Error('the request counter returned no count');
      sweepSometimes(now);
      const states = [windowState(day, Number(row.day_hits), Number(row.day_ok) === 1, now)];
      if (burst) states.unshift(windowState(burst, Number(row.burst_hits), Number(row.burst_ok) === 1, now));
      return states;
    },

    /** The windows as they stand, counting nothing (a window never used reads as unused). */
    async peek(owner: string, limits: Limits, now = Date.now()): Promise<WindowState[]> {
      const { key, day, burst } = rowOf(owner, limits, now);
      const row = await knex()(TABLE).where('owner_day', key).first('day_hits', 'burst_start', 'burst_hits');
      const states = [windowState(day, Number(row?.day_hits ?? 0), true, now)];
      if (burst) {
        const current = row && Number(row.burst_start) === burst.start ? Number(row.burst_hits) : 0;
        states.unshift(windowState(burst, current, true, now));
      }
      return states;
    },
  };
};
