/**
 * Database-level guarantees Strapi's schema does not express: the identity of an article (agency +
 * guid), the key of a licence and the code of an agency are unique, so concurrent ingest (several
 * nodes, or the CLI beside the server) stores each once. Created by the plugin's bootstrap on
 * every start, after Strapi's schema sync has made the tables, so an app needs no migration of its
 * own (any host app, new database or old). Strapi's schema sync leaves indexes it did not create
 * alone.
 */
export const UNIQUE_INDEXES = [
  { name: 'wire_articles_identity_uq', table: 'wire_articles', column: 'identity' },
  { name: 'wire_licences_notice_key_uq', table: 'wire_licences', column: 'notice_key' },
  { name: 'wire_agencies_code_uq', table: 'wire_agencies', column: 'code' },
];

/** Plain indexes: lookups ingest makes in bulk, the change sequence partners sync by, the desk's guid lookup. */
export const LOOKUP_INDEXES = [
  { name: 'wire_articles_source_hash_idx', table: 'wire_articles', column: 'source_hash' },
  { name: 'wire_articles_change_seq_idx', table: 'wire_articles', column: 'change_seq' },
  { name: 'wire_articles_visibility_due_idx', table: 'wire_articles', column: 'visibility_due_at' },
  // The desk's search also finds a story by its guid pasted whole (services/desk.ts): without this,
  // each desk search read every row (bench/search: 35 ms at 20,000 stories, seconds at 1,000,000).
  { name: 'wire_articles_guid_idx', table: 'wire_articles', column: 'guid' },
  // What every partner list sorts by and filters on, so lists and counts read the index, not the
  // rows (each of which carries its whole text). The sort column first: with `pub_status` first,
  // SQLite chose this index over the document id's for single-article reads (bench/api).
  {
    name: 'wire_articles_visible_idx',
    table: 'wire_articles',
    column: ['version_created', 'pub_status', 'embargoed_until', 'expires_at'],
  },
];

interface Knex {
  raw(sql: string, bindings: unknown[]): Promise<unknown>;
  schema: { hasTable(table: string): Promise<boolean> };
}

export async function ensureUniqueIndexes(knex: Knex) {
  for (const { name, table, column } of UNIQUE_INDEXES) {
    if (await knex.schema.hasTable(table)) {
      await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [name, table, column]);
    }
  }
  for (const { name, table, column } of LOOKUP_INDEXES) {
    const columns = Array.isArray(column) ? column : [column];
    if (await knex.schema.hasTable(table)) {
      await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`, [
        name,
        table,
        ...columns,
      ]);
    }
  }
}
