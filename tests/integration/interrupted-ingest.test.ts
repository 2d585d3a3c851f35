/**
 * A process killed in the middle of an ingest leaves no half-written article (each item is one
 * transaction: article, agency, licence and links together or not at all), and the next run
 * completes the work.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { rssFeed } from '../helpers/feed-server';
import { wire } from '../../plugins/wire/server/src/services/wire';

const run = promisify(execFile);
let app: TestApp;
let file: string;
const TOTAL = 1500;

beforeAll(async () => {
  app = await startStrapi();
  file = path.join(os.tmpdir(), `wire-big-${process.pid}.rss`);
  const items = Array.from({ length: TOTAL }, (_, i) => ({
    guid: `big-${i}`,
    title: `Council meeting number ${i}`,
    body: `The council met for the ${i}th time and agreed the budget for district ${i % 40}.`,
  }));
  await fs.writeFile(
    file,
    rssFeed(items).replace(
      '<title>USPA News test server</title>',
      '<title>USPA News test server</title><copyright>Copyright 2026 USPA News. All rights reserved.</copyright>',
    ),
  );
});

afterAll(async () => {
  await app?.stop();
  await fs.rm(file, { force: true });
});

it('leaves no half-written article when killed, and the next run completes the work', async () => {
  const articles = app.strapi.db.query('plugin::wire.article');
  const child = spawn(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), 'ingest', file, '--json'], {
    cwd: APP_DIR,
    env: app.env,
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Kill it once it is well into the feed.
  for (let waited = 0; (await articles.count()) < 100 && waited < 60_000; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGKILL');
  await exited;

  const partial = await articles.count();
  expect(partial).toBeGreaterThanOrEqual(100);
  expect(partial).toBeLessThan(TOTAL);
  // Every stored article is whole: agency, licence, hash and text all there.
  const stored = await articles.findMany({
    populate: { agency: true, licence: true },
    select: ['id', 'identity', 'contentHash', 'bodyText', 'headline'],
  });
  expect(stored.filter((a: any) => !a.agency || !a.licence || !a.contentHash || !a.bodyText || !a.identity)).toEqual(
    [],
  );

  const { stdout } = await run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), 'ingest', file, '--json'], {
    cwd: APP_DIR,
    env: app.env,
    timeout: 300_000,
  });
  const summary = JSON.parse(stdout.trim().split('\n').pop() as string);
  expect(summary).toMatchObject({ items: TOTAL, rejected: 0, updated: 0 });
  expect(summary.created + summary.unchanged).toBe(TOTAL);
  expect(summary.unchanged).toBe(partial);
  expect(await articles.count()).toBe(TOTAL);
}, 300_000);

it('stores the other items of a batch when the database refuses one', async () => {
  const knex = app.strapi.db.connection;
  const postgres = process.env.DATABASE_CLIENT === 'postgres';
  // A database-level refusal of one headline, whatever the database.
  if (postgres) {
    await knex.raw(
      `CREATE FUNCTION wire_poison() RETURNS trigger AS $$ BEGIN IF NEW.headline = 'Poisoned item' THEN RAISE EXCEPTION 'poisoned by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await knex.raw(
      'CREATE TRIGGER wire_poison BEFORE INSERT ON wire_articles FOR EACH ROW EXECUTE FUNCTION wire_poison()',
    );
  } else {
    await knex.raw(
      `CREATE TRIGGER wire_poison BEFORE INSERT ON wire_articles WHEN NEW.headline = 'Poisoned item' BEGIN SELECT RAISE(ABORT, 'poisoned by the test'); END`,
    );
  }
  const items = [
    { guid: 'batch-a', title: 'First good item', body: 'Fine.' },
    { guid: 'batch-b', title: 'Poisoned item', body: 'The database refuses this one.' },
    { guid: 'batch-c', title: 'Last good item', body: 'Fine too.' },
  ];
  const summary = await wire(app.strapi).service('ingest').ingestDocument(rssFeed(items), 'batch-test');
  expect(summary).toMatchObject({ created: 2, rejected: 1 });
  expect(summary.problems[0]).toMatchObject({ item: 2, guid: 'batch-b' });
  expect(summary.problems[0].reason).toMatch(/could not store: .*poisoned by the test/);
  const articles = app.strapi.db.query('plugin::wire.article');
  expect(await articles.count({ where: { guid: { $in: ['batch-a', 'batch-c'] } } })).toBe(2);
  expect(await articles.count({ where: { guid: 'batch-b' } })).toBe(0);
  await knex.raw('DROP TRIGGER wire_poison' + (postgres ? ' ON wire_articles' : ''));
});
