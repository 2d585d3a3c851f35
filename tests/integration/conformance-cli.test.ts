/**
 * `npm run conformance` as CI runs it: the built CLI, not the TypeScript sources. It must find the
 * expectations file from wherever the build puts it (a build that moved one folder deeper once made
 * it look in plugins/tests/ and report "no expectations", a failure CI would have met only there).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { itIf } from '../helpers/optional';
import { APP_DIR } from '../helpers/strapi';

const run = promisify(execFile);

async function conformance(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(APP_DIR, 'scripts/conformance.js'), ...args], {
      cwd: APP_DIR,
      timeout: 120_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error: any) {
    return { code: error.code ?? -1, out: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

it('checks against tests/conformance/corpus.expected.json, found from the built module', async () => {
  // Our own fixtures are not the corpus: every expectation is unmet, so it fails, but it read them.
  const { code, out } = await conformance(path.join(APP_DIR, 'tests/fixtures/rss'));
  expect(out).not.toMatch(/no expectations in/);
  expect(out).toMatch(/checked against tests\/conformance\/corpus\.expected\.json/);
  expect(out).toMatch(/^conformance: 0 passed, [1-9]\d* failed$/m);
  expect(code).toBe(1);
});

it('prints without checking when told to, and passes', async () => {
  const { code, out } = await conformance(path.join(APP_DIR, 'tests/fixtures/rss'), '--no-expect');
  expect(out).toMatch(/^== tests\/fixtures\/rss\/media\.rss: rss, 1 item\(s\)$/m);
  expect(out).not.toMatch(/^conformance: \d+ passed/m);
  expect(code).toBe(0);
});

const WIDE = path.resolve(APP_DIR, '../shared/corpus-wide');
itIf('../shared/corpus-wide', existsSync(WIDE) ? null : `${WIDE} not found`)(
  'checks a folder against the expectations named after it (corpus-wide.expected.json)',
  async () => {
    const { code, out } = await conformance(WIDE);
    expect(out).toMatch(/checked against tests\/conformance\/corpus-wide\.expected\.json/);
    expect(out).toMatch(/^conformance: [1-9]\d* passed, 0 failed$/m);
    expect(code).toBe(0);
  },
);
