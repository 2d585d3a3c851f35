import type { Core } from '@strapi/strapi';
import { UID } from './content-types';

/**
 * Database-level guarantees Strapi's schema does not express: the identity of an article, the key of
 * a licence and the code of an agency are unique, so concurrent ingest (two nodes, or the CLI beside
 * the server) stores each once. Strapi's schema sync leaves indexes it did not create alone.
 */
const UNIQUE_INDEXES = [
  { name: 'wire_articles_identity_uq', table: 'wire_articles', column: 'identity' },
  { name: 'wire_licences_notice_key_uq', table: 'wire_licences', column: 'notice_key' },
  { name: 'wire_agencies_code_uq', table: 'wire_agencies', column: 'code' },
];

async function ensureUniqueIndexes(strapi: Core.Strapi) {
  for (const { name, table, column } of UNIQUE_INDEXES) {
    await strapi.db.connection.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)`, [name, table, column]);
  }
}

async function seedDemo(strapi: Core.Strapi) {
  const folder = strapi.plugin('wire').config('demoFolder') as string | null;
  if (!folder) return;
  const count = await strapi.db.query(UID.article).count();
  if (count > 0) return;
  const summary = await strapi.plugin('wire').service('ingest').ingest(folder);
  strapi.log.info(`[wire] demo feed ingested from ${folder}: ${summary.created} created, ${summary.rejected} rejected`);
}

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await ensureUniqueIndexes(strapi);
  await seedDemo(strapi);
};
