/**
 * The desk's narrow index, and the one place its SQL differs between SQLite and PostgreSQL
 * (issue 24, bench/search; docs/development.md, "Speed").
 *
 * On SQLite an article's row holds its HTML and its text, and the columns stored after them
 * (language, urgency, version time, status) live on the row's overflow pages: counting the desk's
 * facets or sorting a search's matches by version time read every matching row whole. The columns
 * the desk filters, counts and sorts by are therefore kept a second time in one narrow covering
 * index, `wire_articles_desk_idx`, its sort column first so that a walk of it newest first is the
 * desk's order. SQLite's planner keeps probing rows by id when a query names ids (a search's
 * matches) unless told otherwise, so queries that should read the index say `INDEXED BY`. Reading
 * it costs a pass over every story's short entry (tens of ms at 100,000): worth it when a search has
 * many matches (or without a search), not for a rare word's few, which are probed by id as before.
 * The threshold is `search.scanFrom` (config.ts, `WIRE_SEARCH_SCAN_FROM`).
 *
 * PostgreSQL keeps long text out of line (TOAST), its rows are narrow already, and it has no
 * `INDEXED BY`: there the same queries go to its planner unchanged, and no index is added.
 */
import type { Core } from '@strapi/strapi';

const ARTICLES = 'wire_articles';

export const DESK_INDEX = {
  name: 'wire_articles_desk_idx',
  table: ARTICLES,
  // The sort first (a walk newest first), then every column a desk filter or facet reads but the
  // relations (agency, feed: their own link tables, narrow already). The id is in every index.
  columns: [
    'version_created',
    'language',
    'section',
    'urgency',
    'pub_status',
    'embargoed_until',
    'embargo_hold',
    'review_hold',
    'item_type',
    'expires_at',
  ],
};

type Knex = any;

const sqlite = (strapi: Core.Strapi) => strapi.db.dialect.client !== 'postgres';

/** Whether this database has the desk index (SQLite): elsewhere a search's count decides nothing. */
export const hasDeskIndex = sqlite;

/** Created by the bootstrap after schema sync (as database/unique-indexes.ts); SQLite only. */
export async function ensureDeskIndex(strapi: Core.Strapi): Promise<void> {
  const knex: Knex = strapi.db.connection;
  if (!sqlite(strapi) || !(await knex.schema.hasTable(ARTICLES))) return;
  const { name, table, columns } = DESK_INDEX;
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`, [
    name,
    table,
    ...columns,
  ]);
}

/**
 * Whether the desk reads its narrow index rather than each matching row: always without a search
 * (every story is read anyway), with one when it has at least `scanFrom` matches.
 */
export const readsDeskIndex = (matches: number | null, scanFrom: number): boolean =>
  matches === null || matches >= scanFrom;

/** What Strapi's query builder gives: a knex query and the alias its root table goes by. */
interface Built {
  alias: string;
  getKnexQuery(): Knex;
}

/**
 * A query built by Strapi's query builder on the articles, read through the desk's index on
 * SQLite (`FROM wire_articles AS t0 INDEXED BY wire_articles_desk_idx`; the joins and conditions
 * Strapi wrote stay as they are); on PostgreSQL as built.
 */
export function throughDeskIndex(strapi: Core.Strapi, built: Built): Knex {
  const query = built.getKnexQuery();
  if (!sqlite(strapi)) return query;
  return query.from(strapi.db.connection.raw('?? AS ?? INDEXED BY ??', [ARTICLES, built.alias, DESK_INDEX.name]));
}

/** The articles table as `alias` for a query of our own: through the desk's index when `scan` (SQLite). */
export function articlesAs(strapi: Core.Strapi, alias: string, scan: boolean): Knex {
  const knex: Knex = strapi.db.connection;
  if (scan && sqlite(strapi)) return knex.from(knex.raw('?? AS ?? INDEXED BY ??', [ARTICLES, alias, DESK_INDEX.name]));
  return knex(`${ARTICLES} as ${alias}`);
}
