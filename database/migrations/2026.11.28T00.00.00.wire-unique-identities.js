'use strict';
/**
 * Wire: one article per identity (agency + guid), one licence per notice, one agency per code,
 * enforced by the database so that concurrent ingest stores each item once. The list lives in the
 * plugin (plugins/wire/server/src/database/unique-indexes.ts), which also creates the indexes on a
 * fresh database, where these tables do not exist yet when migrations run.
 */
const { ensureUniqueIndexes } = require('../../plugins/wire/dist/server/src/database/unique-indexes');

module.exports = {
  async up(knex) {
    await ensureUniqueIndexes(knex);
  },
};
