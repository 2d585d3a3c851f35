/**
 * Usage, counted and reported (issue 23): per partner, agency, UTC day and mode, the stories and
 * words served, the quotes granted and the requests answered.
 *
 * Counting must not slow reads, so nothing is written while a partner waits: each node adds up what
 * it serves in memory (serve/usage.ts `UsageTally`) and writes the sums every
 * `WIRE_USAGE_FLUSH_SECONDS` (and when Strapi stops) to `wire_usage`, one row per partner, agency,
 * day and mode, with an upsert that *adds* (`ON CONFLICT ... DO UPDATE SET stories = stories +
 * excluded.stories`): one statement, atomic on SQLite and PostgreSQL, so any number of nodes add to
 * the same row without reading it first. A node that crashes loses what it counted since its last
 * write: at most `WIRE_USAGE_FLUSH_SECONDS` of its own counts. A write that fails is kept and tried
 * with the next one.
 *
 * A table the plugin owns, made at bootstrap (Strapi's schema sync leaves tables it never made alone).
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { retryBusy } from '../database/busy';
import { ALL, countMode, dayOf, UsageTally, type UsageCountMode, type UsageRow } from '../serve/usage';
import type { PartnerArticle } from '../serve/partner-view';
import type { WireConfig } from '../config';

const TABLE = 'wire_usage';
/** Rows per statement: 8 values each, well under SQLite's variable limit. */
const BATCH = 200;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const settings = (): WireConfig['usage'] =>
    (strapi.plugin('wire').config('usage') as WireConfig['usage'] | undefined) ?? {
      enabled: true,
      flushSeconds: 5,
      maxDays: 366,
    };
  let tally = new UsageTally();
  let timer: NodeJS.Timeout | null = null;
  // Writes one after the other: a flush asked for while one runs waits for it, then writes the rest.
  let writing: Promise<void> = Promise.resolve();
  let enabled: boolean | null = null;
  const counting = () => (enabled ??= settings().enabled !== false);

  /** Writes the rows in batches; the rows of a batch that failed and those after it are put back. */
  async function write(rows: UsageRow[]) {
    for (let i = 0; i < rows.length; i += BATCH) {
      const part = rows.slice(i, i + BATCH);
      try {
        await writeBatch(part);
      } catch (error) {
        tally.restore(rows.slice(i));
        throw error;
      }
    }
  }

  async function writeBatch(part: UsageRow[]) {
    {
      await retryBusy(() =>
        knex().raw(
          `INSERT INTO ${TABLE} (partner, agency, day, mode, stories, words, quotes, requests) VALUES ${part
            .map(() => '(?, ?, ?, ?, ?, ?, ?, ?)')
            .join(', ')}
           ON CONFLICT (partner, agency, day, mode) DO UPDATE SET stories = ${TABLE}.stories + excluded.stories,
             words = ${TABLE}.words + excluded.words, quotes = ${TABLE}.quotes + excluded.quotes,
             requests = ${TABLE}.requests + excluded.requests`,
          part.flatMap((r) => [r.partner, r.agency, r.day, r.mode, r.stories, r.words, r.quotes, r.requests]),
        ),
      );
    }
  }

  async function flushNow() {
    const rows = tally.drain();
    if (!rows.length) return;
    try {
      await write(rows);
    } catch (error) {
      strapi.log.error(`[wire] usage counts not written (kept for the next try): ${(error as Error).message}`);
    }
  }

  const partnerNames = async (keys: string[]) => {
    const ids = keys.filter((k) => !k.startsWith('token:'));
    const found: Array<{ documentId: string; name: string }> = ids.length
      ? await strapi.db
          .query(UID.partner)
          .findMany({ where: { documentId: { $in: ids } }, select: ['documentId', 'name'] })
      : [];
    const names = new Map(found.map((p) => [p.documentId, p.name]));
    return (key: string) =>
      key.startsWith('token:')
        ? `API token #${key.slice(6)} (no partner record)`
        : (names.get(key) ?? `partner ${key} (deleted)`);
  };

  const rowOf = (r: Record<string, unknown>): UsageRow => ({
    partner: String(r.partner),
    agency: String(r.agency),
    day: String(r.day),
    mode: String(r.mode) as UsageRow['mode'],
    stories: Number(r.stories),
    words: Number(r.words),
    quotes: Number(r.quotes),
    requests: Number(r.requests),
  });

  return {
    async ensureTable() {
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (partner VARCHAR(255) NOT NULL, agency VARCHAR(64) NOT NULL, day VARCHAR(10) NOT NULL, mode VARCHAR(16) NOT NULL, stories BIGINT NOT NULL DEFAULT 0, words BIGINT NOT NULL DEFAULT 0, quotes BIGINT NOT NULL DEFAULT 0, requests BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (partner, agency, day, mode))`,
      );
      // The desk reads a range of days for every partner.
      await knex().raw(`CREATE INDEX IF NOT EXISTS wire_usage_day_idx ON ${TABLE} (day)`);
    },

    /** Writes the counts every `flushSeconds` from now on (the timer does not keep Node alive). */
    start() {
      if (timer || !counting()) return;
      timer = setInterval(() => void this.flush(), Math.max(0.05, settings().flushSeconds) * 1000);
      timer.unref();
    },

    /** Stops the timer and writes what is left (plugin destroy). */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await this.flush();
    },

    /** Writes what this node counted so far; resolves once it is stored (or kept after a failure). */
    flush(): Promise<void> {
      writing = writing.then(flushNow);
      return writing;
    },

    /** The stories of one response, each by the mode it was served in, with the words it carried. */
    served(partner: string | null | undefined, articles: PartnerArticle[], now = Date.now()) {
      if (!partner || !counting()) return;
      const day = dayOf(now);
      for (const a of articles)
        tally.add(partner, a.agency?.code ?? '', day, countMode(a.usage.mode), {
          stories: 1,
          words: a.usage.wordsServed,
        });
    },

    /** A passage the quote ledger granted (services/ledger.ts, asked through services/articles.ts), and its words. */
    quoted(partner: string | null | undefined, agency: string | null | undefined, words: number, now = Date.now()) {
      if (!partner || !counting()) return;
      tally.add(partner, agency ?? '', dayOf(now), 'quote', { quotes: 1, words });
    },

    /** One request answered to a partner (counted on its `*` row of the day). */
    request(partner: string | null | undefined, now = Date.now()) {
      if (!partner || !counting()) return;
      tally.add(partner, ALL, dayOf(now), ALL, { requests: 1 });
    },

    /** Counted on this node and not written yet (rows). */
    pending: () => tally.size,

    /** Stored rows in the range, one partner's or everyone's, optionally one agency's (with the requests rows). */
    async rows(range: { from: string; to: string }, filter: { partner?: string; agency?: string } = {}) {
      await this.flush();
      let query = knex()(TABLE).where('day', '>=', range.from).andWhere('day', '<=', range.to);
      if (filter.partner) query = query.andWhere({ partner: filter.partner });
      // An agency's report: its stories and quotes (requests are not any one agency's).
      if (filter.agency) query = query.andWhereRaw('UPPER(agency) = ?', [filter.agency.toUpperCase()]);
      return ((await query.select('*')) as Record<string, unknown>[]).map(rowOf);
    },

    partnerNames,

    settings,

    /** For the bench and the tests: turns counting on or off in this process. */
    setCounting(on: boolean) {
      enabled = on;
      if (!on) tally = new UsageTally();
    },
  };
};

export type { UsageCountMode };
