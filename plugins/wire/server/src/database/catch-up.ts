/**
 * An index kept beside wire_articles (near-duplicates, full-text search) is built for stories
 * stored before it existed a chunk at a time, from the cron tick: the stories with no row in the
 * index's `table` yet, given to `index` in one transaction. Two nodes doing it at once index a
 * story twice, the second time as a no-op. Once a look finds none, this process looks no more:
 * every story stored since is indexed as its change is stamped, and the look is a scan of every
 * article, which the tick must not repeat every 30 s on every node.
 */
import type { Core } from '@strapi/strapi';

type Knex = any;

export function catchUpInto(
  strapi: Core.Strapi,
  table: string,
  index: (trx: Knex, ids: number[]) => Promise<unknown>,
): (limit?: number) => Promise<boolean> {
  let caughtUp = false;
  /** True while some are left. */
  return async (limit = 500) => {
    if (caughtUp) return false;
    const missing: Array<{ id: number | string }> = await strapi.db
      .connection('wire_articles as a')
      .leftJoin(`${table} as s`, 's.article_id', 'a.id')
      .whereNull('s.article_id')
      .orderBy('a.id')
      .limit(limit)
      .select('a.id');
    if (!missing.length) {
      caughtUp = true;
      return false;
    }
    await strapi.db.transaction(({ trx }) =>
      index(
        trx,
        missing.map((r) => Number(r.id)),
      ),
    );
    return missing.length === limit;
  };
}
