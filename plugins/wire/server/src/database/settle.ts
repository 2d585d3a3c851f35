/**
 * Before a Strapi instance is destroyed (the CLI, benches, tests): wait until no query holds, waits
 * for or is opening a pooled connection.
 *
 * Strapi's Document Service sends its `entry.*` events after the transaction commits and does not
 * wait for them: each event first reads the entry back with every relation populated (several
 * queries, one after another). A loop of `documents().create` therefore ends with the last entries'
 * events still reading. If `strapi.destroy()` closes the pool meanwhile, the next of those queries
 * asks a pool that is being destroyed for a connection; tarn neither gives one nor aborts the
 * request, so it fails when the connection timeout ends (DATABASE_CONNECTION_TIMEOUT, 60 s), as a
 * rejection nobody handles. In a process that goes on (bench/ingest's next Strapi) that stops the
 * whole process a minute later, whatever it is doing then: "Timeout acquiring a connection" from a
 * populate, with the new instance's pool idle.
 *
 * Between two queries of one event there is no timer tick (the next query is asked for in the same
 * turn of the event loop), so an idle pool on a few checks in a row means the work is done.
 */
import type { Core } from '@strapi/strapi';

interface Pool {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

/** The instance's connection pool (knex's tarn pool), if it has one. */
export function connectionPool(strapi: Core.Strapi): Pool | null {
  return ((strapi.db?.connection as any)?.client?.pool as Pool | undefined) ?? null;
}

export const poolIdle = (pool: Pool): boolean =>
  pool.numUsed() === 0 && pool.numPendingAcquires() === 0 && pool.numPendingCreates() === 0;

/**
 * Resolves once the pool has been idle on `checks` checks in a row, `intervalMs` apart: `true`; or
 * after `timeoutMs` without that (work that never ends, e.g. a server still answering): `false`.
 */
export async function settleConnections(
  strapi: Core.Strapi,
  { timeoutMs = 10000, checks = 3, intervalMs = 20 }: { timeoutMs?: number; checks?: number; intervalMs?: number } = {},
): Promise<boolean> {
  const pool = connectionPool(strapi);
  if (!pool) return true;
  let idle = 0;
  for (let waited = 0; waited <= timeoutMs; waited += intervalMs) {
    idle = poolIdle(pool) ? idle + 1 : 0;
    if (idle >= checks) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
