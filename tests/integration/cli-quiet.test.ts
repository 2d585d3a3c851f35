/**
 * The CLI as a newcomer runs it (NODE_ENV=development, the CLI's own log level): its output is its
 * own lines, without Strapi's start-up advice (the sendmail provider warning, the Media Library
 * notice). Also the README's first steps: the sample file creates a story, and `agency` shows and
 * sets the homepage a licence's link needs.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';

const run = promisify(execFile);
let app: TestApp;

beforeAll(async () => {
  app = await startStrapi();
});

afterAll(async () => {
  await app?.stop();
});

const wire = async (...args: string[]) => {
  const r = await run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), ...args], {
    cwd: APP_DIR,
    env: { ...app.env, NODE_ENV: 'development', WIRE_LOG_LEVEL: '' },
    timeout: 120_000,
  });
  return `${r.stdout}\n${r.stderr}`;
};

const NOISE = /sendmail|nodemailer|Media Library|useLegacyMediaLibrary|\[email\]|\bwarn/i;

it('prints no start-up warnings, and the README sample creates a story', async () => {
  const ingest = await wire('ingest', 'database/samples/uspa-lighthouse.txt');
  expect(ingest).toMatch(/1 file\(s\), 1 item\(s\): 1 created, 0 updated, 0 unchanged, 0 rejected/);
  expect(ingest).not.toMatch(NOISE);
  const token = await wire('token', 'create', 'quiet-site', '--access', 'quote');
  expect(token).toMatch(/Created partner "quiet-site" with quote access/);
  expect(token).not.toMatch(NOISE);
}, 300_000);

it('shows an agency and sets its homepage', async () => {
  const before = await wire('agency', 'USPA');
  expect(before).toMatch(
    /^USPA\s+USPA News\s+homepage: none \(quote partners get headlines only where its licence asks for a link\)$/m,
  );
  expect(before).not.toMatch(NOISE);
  const set = await wire('agency', 'USPA', '--homepage', 'https://uspa.example/');
  expect(set).toMatch(/^USPA\s+USPA News\s+homepage: https:\/\/uspa\.example\/$/m);
  const row = await app.strapi.db.query('plugin::wire.agency').findOne({ where: { code: 'USPA' } });
  expect(row.homepage).toBe('https://uspa.example/');
  await expect(wire('agency', 'USPA', '--homepage', 'ftp://nope')).rejects.toMatchObject({
    stderr: expect.stringMatching(/homepage: an absolute http\(s\) URL/),
  });
  await expect(wire('agency', 'NOPE')).rejects.toMatchObject({ stderr: expect.stringMatching(/no agency "NOPE"/) });
}, 300_000);
