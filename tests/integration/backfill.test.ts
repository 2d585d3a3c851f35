/**
 * `wire backfill`: killed half-way (SIGKILL, no chance to clean up) and run again, it goes on from
 * its checkpoint, and every story of the archive is stored exactly once; the summary file lists
 * what was created, unchanged and rejected (with the reason).
 */
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { rssFeed } from '../helpers/feed-server';
import { wire } from '../../plugins/wire/server/src/services/wire';

const execFileAsync = promisify(execFile);
/** Runs the CLI; a rejected item makes it exit 1, which is expected here. */
async function run(file: string, args: string[], options: object): Promise<{ stdout: string; code: number }> {
  try {
    return { ...(await execFileAsync(file, args, options)), code: 0 };
  } catch (error: any) {
    if (typeof error.code !== 'number' || !error.stdout) throw error;
    return { stdout: error.stdout, code: error.code };
  }
}
let app: TestApp;
let folder: string;
const FILES = 4;
const PER_FILE = 1500;
const TOTAL = FILES * PER_FILE;
const COPYRIGHT = '<copyright>Copyright 2026 USPA News. All rights reserved.</copyright>';

beforeAll(async () => {
  app = await startStrapi();
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-backfill-'));
  await fs.mkdir(path.join(folder, 'archive/2025'), { recursive: true });
  for (let f = 0; f < FILES; f += 1) {
    const items: Parameters<typeof rssFeed>[0] = Array.from({ length: PER_FILE }, (_, i) => ({
      guid: `arch-${f}-${i}`,
      title: `Archive story ${f}-${i}`,
      body: `Story ${i} of file ${f}: the council met and agreed the budget for district ${i % 40}.`,
    }));
    // One item the pipeline refuses (neither headline nor body), in the first file.
    if (f === 0) items[10] = { guid: 'arch-no-headline', title: '', body: null };
    const text = rssFeed(items).replace(
      '<title>USPA News test server</title>',
      `<title>USPA News test server</title>${COPYRIGHT}`,
    );
    await fs.writeFile(path.join(folder, 'archive/2025', `part-${f}.rss`), text);
  }
});

afterAll(async () => {
  await app?.stop();
  await fs.rm(folder, { recursive: true, force: true });
});

const cli = (...args: string[]) => [
  path.join(APP_DIR, 'scripts/wire.js'),
  'backfill',
  path.join(folder, 'archive'),
  '--summary',
  path.join(folder, 'summary.json'),
  '--json',
  ...args,
];

it('resumes a killed backfill from its checkpoint and stores every story exactly once', async () => {
  const articles = app.strapi.db.query('plugin::wire.article');
  const child = spawn(process.execPath, cli('--quiet-changes'), { cwd: APP_DIR, env: app.env, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Kill it in the middle of a file, once that file has a checkpoint part-way.
  const partWay = async () => {
    const rows = await app.strapi.db
      .connection('wire_backfill_checkpoints')
      .select('state')
      .catch(() => []);
    return rows
      .map((r: { state: string }) => JSON.parse(r.state))
      .some((s: { complete: boolean; done: number }) => !s.complete && s.done > 0);
  };
  for (let waited = 0; !(await partWay()) && waited < 120_000; waited += 20)
    await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await exited;
  const partial = await articles.count();
  expect(partial).toBeGreaterThan(0);
  expect(partial).toBeLessThan(TOTAL - 1);
  // The checkpoint: the first file done, the second part-way.
  const checkpoints = await app.strapi.db.connection('wire_backfill_checkpoints').select('*');
  expect(checkpoints.length).toBeGreaterThanOrEqual(1);

  const { stdout, code } = await run(process.execPath, cli('--quiet-changes'), {
    cwd: APP_DIR,
    env: app.env,
    timeout: 300_000,
  });
  expect(code).toBe(1);
  const summary = JSON.parse(stdout.trim().split('\n').pop() as string);
  expect(summary).toMatchObject({ files: FILES, items: TOTAL, updated: 0, rejected: 1, resumed: true });
  // Stored before the kill and checkpointed: counted as created by the first run, not read again.
  // Stored but not yet checkpointed (at most one slice): found unchanged. Nothing stored twice.
  expect(summary.created + summary.unchanged).toBe(TOTAL - 1);
  expect(summary.unchanged).toBeLessThan(partial);
  expect(summary.rejections).toEqual([expect.objectContaining({ item: 11, guid: 'arch-no-headline' })]);
  expect(summary.rejections[0].reason).toBeTruthy();
  expect(await articles.count()).toBe(TOTAL - 1);
  const identities = await app.strapi.db.connection('wire_articles').countDistinct('identity as n').first();
  expect(Number(identities?.n)).toBe(TOTAL - 1);
  // Every story has a change number: partners syncing by cursor get each one.
  expect(await articles.count({ where: { changeSeq: { $null: true } } })).toBe(0);

  // The summary file is what was printed.
  expect(JSON.parse(await fs.readFile(path.join(folder, 'summary.json'), 'utf8'))).toMatchObject({
    created: summary.created,
    rejected: 1,
  });

  // A third run has nothing left to do: every file is complete.
  const { stdout: again } = await run(process.execPath, cli(), { cwd: APP_DIR, env: app.env, timeout: 300_000 });
  expect(JSON.parse(again.trim().split('\n').pop() as string)).toMatchObject({
    items: TOTAL,
    created: summary.created,
    unchanged: summary.unchanged,
  });
  expect(await articles.count()).toBe(TOTAL - 1);
}, 400_000);

it('with --quiet-changes, tells partners once at the end instead of once per story', async () => {
  const small = path.join(folder, 'small');
  await fs.mkdir(small);
  const events: Array<{ name: string; payload: any }> = [];
  // Articles only (a new agency is a document of its own, with its own Strapi event).
  const listener = (name: string) => async (payload: any) => {
    if (payload?.uid === 'plugin::wire.article') events.push({ name, payload });
  };
  const onCreate = listener('entry.create');
  const onUpdate = listener('entry.update');
  app.strapi.eventHub.on('entry.create', onCreate);
  app.strapi.eventHub.on('entry.update', onUpdate);
  try {
    const backfill = wire(app.strapi).service('backfill');
    const changes = wire(app.strapi).service('changes');
    await fs.writeFile(
      path.join(small, 'quiet.rss'),
      rssFeed([1, 2, 3].map((i) => ({ guid: `quiet-${i}`, title: `Quiet story ${i}`, body: `Quiet text ${i}.` }))),
    );
    expect(await backfill.run(small, { quietChanges: true })).toMatchObject({ created: 3 });
    await changes.flush();
    expect(events.map((e) => e.name)).toEqual(['entry.update']);
    expect(events[0].payload.wire).toMatchObject({ change: 'backfill', created: 3 });

    events.length = 0;
    await fs.writeFile(
      path.join(small, 'loud.rss'),
      rssFeed([1, 2, 3].map((i) => ({ guid: `loud-${i}`, title: `Loud story ${i}`, body: `Loud text ${i}.` }))),
    );
    expect(await backfill.run(small)).toMatchObject({ created: 6 });
    await changes.flush();
    expect(events.map((e) => e.name)).toEqual(['entry.create', 'entry.create', 'entry.create']);
  } finally {
    app.strapi.eventHub.off('entry.create', onCreate);
    app.strapi.eventHub.off('entry.update', onUpdate);
  }
});
