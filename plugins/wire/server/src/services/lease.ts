/**
 * Database leases: "this feed is being polled by that process until then". Every Strapi node fires
 * the same cron; a lease lets exactly one of them poll a given feed at a time, on SQLite (one
 * machine, several processes) as on PostgreSQL (several machines). A holder that dies leaves a
 * lease that simply expires.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';

const TABLE = 'wire_leases';

/** This process, for ingest runs and lease holders: host, pid and a random suffix. */
export const NODE_ID = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  return {
    /** Creates the lease table; Strapi's schema sync leaves tables it does not know alone. */
    async ensureTable() {
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (name VARCHAR(255) PRIMARY KEY, holder VARCHAR(255) NOT NULL, expires_at BIGINT NOT NULL)`,
      );
    },

    /** Takes the lease if it is free or expired; returns the holder token, or null if someone holds it. */
    async acquire(name: string, ttlMs: number): Promise<string | null> {
      const holder = `${NODE_ID}:${randomBytes(4).toString('hex')}`;
      const now = Date.now();
      await knex().raw(
        `INSERT INTO ${TABLE} (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE ${TABLE}.expires_at < ?`,
        [name, holder, now + ttlMs, now],
      );
      const row = await knex()(TABLE).where({ name }).first('holder');
      return row?.holder === holder ? holder : null;
    },

    /** Extends a lease this holder still has; false when it was lost (expired and taken). */
    async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
      const changed = await knex()(TABLE)
        .where({ name, holder })
        .update({ expires_at: Date.now() + ttlMs });
      return Number(changed) > 0;
    },

    async release(name: string, holder: string) {
      await knex()(TABLE).where({ name, holder }).delete();
    },
  };
};
