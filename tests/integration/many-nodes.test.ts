/**
 * Several Strapi nodes on one database: every node runs the polling cron; leases must make each feed
 * poll happen on one node at a time, and the unique identity must store each item once. Two extra
 * Strapi processes poll a local feed server whose feed changes on every request, while this process
 * keeps the feed due.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { ALLOW_LOOPBACK, rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let server: FeedServer;
const nodes: ChildProcess[] = [];

function startNode(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(APP_DIR, 'tests/helpers/node-process.js')], {
    cwd: APP_DIR,
    env: { ...app.env, WIRE_POLL_ENABLED: 'true', WIRE_POLL_TICK_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nodes.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready')) resolve(child);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`node exited (${code}) before it was ready: ${output.slice(-2000)}`)));
  });
}

const stopNode = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15000);
  });

beforeAll(async () => {
  server = await startFeedServer();
  app = await startStrapi({ ...ALLOW_LOOPBACK });
});

afterAll(async () => {
  await Promise.all(nodes.map(stopNode));
  await app?.stop();
  await server?.close();
});

it('polls each feed on one node at a time and stores every item exactly once', async () => {
  // Each request slides the window by 5 items out of 20: most items are re-deliveries.
  let requestNo = 0;
  server.routes.set('/busy-wire.rss', {
    delayMs: 300,
    body: () => {
      const start = 5 * requestNo++;
      return rssFeed(
        Array.from({ length: 20 }, (_, i) => ({
          guid: `mn-${start + i}`,
          title: `Item number ${start + i}`,
          body: `Text of item ${start + i}.`,
        })),
      );
    },
  });
  const feed = (await wire(app.strapi)
    .service('feeds')
    .create({
      name: 'busy-wire',
      source: server.url('/busy-wire.rss'),
      format: 'rss',
      pollIntervalMinutes: 1,
      enabled: true,
    }))!;
  await Promise.all([startNode(), startNode()]);

  // Keep the feed due, so both nodes want to poll it on every tick.
  const deadline = Date.now() + 12_000;
  while (Date.now() < deadline) {
    await app.strapi.db
      .query('plugin::wire.feed')
      .update({ where: { documentId: feed.documentId }, data: { nextPollAt: null } });
    await new Promise((r) => setTimeout(r, 250));
  }
  // Let the last polls finish (the feed is not due again for a minute), then stop the nodes.
  await new Promise((r) => setTimeout(r, 2500));
  await Promise.all(nodes.map(stopNode));

  const runs = await app.strapi.db
    .query('plugin::wire.ingest-run')
    .findMany({ where: { feed: { documentId: feed.documentId } }, orderBy: { startedAt: 'asc' } });
  expect(runs.length).toBeGreaterThanOrEqual(4);
  // (Shown with their problems, so a failure says why.)
  expect(runs.map((r: any) => [r.status, r.error ?? r.problems])).toEqual(runs.map(() => ['success', null]));
  expect(new Set(runs.map((r: any) => r.node)).size).toBe(2);
  // No two runs of the feed overlapped in time.
  for (let i = 1; i < runs.length; i += 1) {
    expect(new Date(runs[i].startedAt).getTime()).toBeGreaterThanOrEqual(new Date(runs[i - 1].finishedAt).getTime());
  }
  // Every request to the feed server was one run.
  expect(server.seen.filter((s) => s.path === '/busy-wire.rss')).toHaveLength(runs.length);
  // Each item stored once: 20 in the first window, 5 more per later request.
  const distinct = 20 + 5 * (runs.length - 1);
  const created = runs.reduce((n: number, r: any) => n + r.created, 0);
  expect(created).toBe(distinct);
  const rows = await app.strapi.db.connection('wire_articles').where('guid', 'like', 'mn-%').select('identity');
  expect(rows).toHaveLength(distinct);
  expect(new Set(rows.map((r: any) => r.identity)).size).toBe(distinct);
}, 90_000);
