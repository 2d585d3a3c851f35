/**
 * Several Strapis after each other in one process (bench/ingest: Wire's store, the Document Service
 * loop, then the whole ingest). Strapi's Document Service reads each entry it created back for its
 * `entry.create` event after the commit, and nothing waits for that. An instance destroyed under
 * those reads leaves its pool with a request for a connection that is never served nor aborted: it
 * fails when the connection timeout ends (60 s) as an unhandled rejection, which stopped the 100,000-
 * item bench on PostgreSQL in the middle of the next instance's ingest (database/settle.ts).
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { APP_DIR, DIST_DIR, keepProcessListeners } from '../helpers/strapi';
import { connectionPool, poolIdle } from '../../plugins/wire/server/src/database/settle';
import { withStrapi } from '../../bench/strapi';

const ARTICLE = 'plugin::wire.article';

test("a bench's Strapi is destroyed only once the Document Service has read back the entries it created", async () => {
  const before = { ...process.env };
  const restoreListeners = keepProcessListeners();
  // Connections asked for while the pool is being destroyed (or after): each one never comes.
  const late: string[] = [];
  let busyWhenLoopEnded = false;
  try {
    await withStrapi(
      { appDir: APP_DIR, distDir: DIST_DIR, name: 'wire-teardown', env: { NODE_ENV: 'test' } },
      async (strapi: Core.Strapi) => {
        const client = (strapi.db.connection as any).client;
        const acquire = client.acquireConnection;
        client.acquireConnection = function (this: any, ...args: unknown[]) {
          if (!this.pool || this.pool.destroyed) late.push(String(new Error('connection asked for too late').stack));
          return acquire.apply(this, args);
        };
        // As bench/ingest's loop does: articles with their agency and licence, as Wire's own code.
        const { asWire } = await import(path.join(APP_DIR, 'plugins/wire/dist/server/index.js'));
        const agency = await strapi.db.query('plugin::wire.agency').findOne({ where: { code: 'USPA' } });
        const licence = await asWire(() =>
          strapi.documents('plugin::wire.licence').create({
            data: { name: 'USPA: test', notice: 'Copyright USPA', noticeKey: 'teardown-test' } as any,
          }),
        );
        for (let i = 0; i < 5; i += 1)
          await asWire(() =>
            strapi.documents(ARTICLE).create({
              data: {
                identity: `uspa:teardown-${i}`,
                guid: `teardown-${i}`,
                headline: `Story ${i}`,
                body: '<p>Text.</p>',
                agency: agency.documentId,
                licence: licence.documentId,
              } as any,
            }),
          );
        // The premise: the last entries' events are still reading when the loop is done.
        busyWhenLoopEnded = !poolIdle(connectionPool(strapi)!);
      },
    );
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
    Object.assign(process.env, before);
    restoreListeners();
  }
  expect(busyWhenLoopEnded).toBe(true);
  expect(late).toEqual([]);
});
