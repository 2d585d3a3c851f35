/** The CLI ingest shows a progress bar on a terminal and plain lines when its output is not one. */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { APP_DIR, FIXTURES, startStrapi, type TestApp } from '../helpers/strapi';

const run = promisify(execFile);
let app: TestApp;
let folder: string;

beforeAll(async () => {
  app = await startStrapi();
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-progress-'));
  for (const name of ['uspa/harbour-cranes.txt', 'uspa/berlin-tenants.txt', 'rss/uspa-feed.rss']) {
    await fs.copyFile(path.join(FIXTURES, name), path.join(folder, path.basename(name)));
  }
});

afterAll(async () => {
  await app?.stop();
  await fs.rm(folder, { recursive: true, force: true });
});

const wire = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(APP_DIR, 'scripts/wire.js'))}`;

it('draws a bar on a terminal', async () => {
  // util-linux `script` gives the CLI a real pseudo-terminal.
  const { stdout } = await run('script', ['-qec', `${wire} ingest ${JSON.stringify(folder)}`, '/dev/null'], {
    cwd: APP_DIR,
    env: app.env,
    timeout: 120_000,
  });
  expect(stdout).toMatch(/\r\[#{10}\.{20}\] 1\/3 files, 1 items, \d+ items\/s/);
  expect(stdout).toMatch(/\r\[#{30}\] 3\/3 files, 5 items, \d+ items\/s/);
  expect(stdout).not.toMatch(/\[1\/3\]/);
  expect(stdout).toMatch(/3 file\(s\), 5 item\(s\): 5 created/);
}, 150_000);

it('prints one plain line per file when the output is not a terminal', async () => {
  const { stdout } = await run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), 'ingest', folder], {
    cwd: APP_DIR,
    env: app.env,
    timeout: 120_000,
  });
  expect(stdout).toMatch(/^\[1\/3\] .*berlin-tenants\.txt plain-text: 0 created, 0 updated, 1 unchanged, 0 rejected$/m);
  expect(stdout).toMatch(/^\[3\/3\] .*uspa-feed\.rss rss: 0 created, 0 updated, 3 unchanged, 0 rejected$/m);
  expect(stdout).not.toMatch(/\r\[#/);
}, 150_000);
