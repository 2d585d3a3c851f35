/** `wire ingest --agency CODE --licence "notice"`: copy that names neither gets them from the command line. */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';

const run = promisify(execFile);
let app: TestApp;
let folder: string;

// Synthetic NITF naming no agency anywhere (no regsrc, no from-src, no rights).
const NITF = `<?xml version="1.0"?><nitf><head><title>Ferry timetable</title><docdata><doc-id id-string="anon-ferry-1"/></docdata></head><body><body.head><hedline><hl1>Island ferry doubles its winter timetable</hl1></hedline></body.head><body.content><p>The island ferry will sail twice as often this winter, the operator said on Monday, after a record summer season.</p></body.content></body></nitf>`;
// Synthetic plain text in USPA's layout (section, headline, paragraphs, footer) whose body opens
// without a credit line (issue 26, class 6).
const CREDITLESS_TEXT = [
  'Regional',
  '',
  'Orchard growers expect a record apple harvest',
  '',
  'Growers in the valley expect the largest apple harvest in twenty years after a warm spring and a wet summer.',
  'Prices are likely to fall, the growers association said.',
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).',
  '',
].join('\n');
const NOTICE = 'Content may be quoted up to 10% of the text, marked as a quote, with the source named.';

beforeAll(async () => {
  app = await startStrapi();
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-agency-'));
  await fs.writeFile(path.join(folder, 'ferry.xml'), NITF);
  await fs.writeFile(path.join(folder, 'orchard.txt'), CREDITLESS_TEXT);
});

afterAll(async () => {
  await app?.stop();
  await fs.rm(folder, { recursive: true, force: true });
});

const wireOn = (file: string, ...args: string[]) =>
  run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), 'ingest', path.join(folder, file), '--json', ...args], {
    cwd: APP_DIR,
    env: app.env,
    timeout: 120_000,
  }).then(
    (r) => JSON.parse(r.stdout.trim().split('\n').pop() as string),
    (e) => JSON.parse(String(e.stdout).trim().split('\n').pop() as string),
  );
const wire = (...args: string[]) => wireOn('ferry.xml', ...args);

it('rejects copy that names no agency, and takes it with --agency and --licence', async () => {
  const without = await wire();
  expect(without.rejected).toBe(1);
  expect(JSON.stringify(without.problems)).toMatch(/no agency/);

  const withAgency = await wire('--agency', 'pa', '--licence', NOTICE);
  expect(withAgency).toMatchObject({ created: 1, rejected: 0 });
  const article = await app.strapi.db
    .query('plugin::wire.article')
    .findOne({ where: { guid: 'anon-ferry-1' }, populate: { agency: true, licence: true } });
  expect(article.agency).toMatchObject({ code: 'PA', name: 'PA Media' });
  expect(article.licence).toMatchObject({ notice: NOTICE, quoteLimitPercent: 10 });

  const bad = await wire('--agency', 'not a code!');
  expect(JSON.stringify(bad)).toMatch(/not a code/);
}, 300_000);

it('reads plain text without a credit line when the operator names the agency (issue 26, class 6)', async () => {
  const without = await wireOn('orchard.txt');
  expect(JSON.stringify(without)).toMatch(/not a known wire format/);
  const withAgency = await wireOn('orchard.txt', '--agency', 'USPA');
  expect(withAgency).toMatchObject({ created: 1, rejected: 0 });
  const article = await app.strapi.db.query('plugin::wire.article').findOne({
    where: { headline: 'Orchard growers expect a record apple harvest' },
    populate: { agency: true, licence: true },
  });
  expect(article).toMatchObject({ section: 'Regional', agency: { code: 'USPA' } });
  expect(article.licence).toMatchObject({ quoteLimitPercent: 5 });
}, 300_000);

it('refuses an option the command does not take, and does nothing', async () => {
  // A mistyped --agencies once made a partner of every agency.
  const failed = await run(
    process.execPath,
    [path.join(APP_DIR, 'scripts/wire.js'), 'token', 'create', 'typo-site', '--agnecies', 'USPA'],
    { cwd: APP_DIR, env: app.env, timeout: 120_000 },
  ).then(
    () => null,
    (e) => e,
  );
  expect(failed).not.toBeNull();
  expect(failed.code).toBe(2); // a usage error, as an unknown command
  expect(String(failed.stderr)).toMatch(/unknown option --agnecies \(this command takes --access, --agencies/);
  expect(await app.strapi.db.query('plugin::wire.partner').count({ where: { name: 'typo-site' } })).toBe(0);
}, 300_000);

it("runs as the package's own `wire` command in a TypeScript app, compiling it first as `strapi console` does", async () => {
  // Not through scripts/wire.js and not on the tests' build: the bin alone, in the app's folder.
  const { WIRE_DIST_DIR: _tests, ...env } = app.env;
  const compiled = path.join(APP_DIR, 'dist/config/plugins.js');
  await fs.rm(compiled, { force: true });
  const shown = await run(process.execPath, [path.join(APP_DIR, 'node_modules/.bin/wire'), 'agency', 'USPA'], {
    cwd: APP_DIR,
    env,
    timeout: 180_000,
  });
  expect(shown.stdout.trim()).toMatch(/^USPA {2}USPA News {2}homepage: /);
  expect(shown.stderr).toBe('');
  await expect(fs.stat(compiled)).resolves.toBeTruthy();
}, 300_000);
