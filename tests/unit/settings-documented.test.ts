/**
 * Every WIRE_ setting the app reads is offered in .env.example and explained in docs/operations.md,
 * so an operator never meets a setting only in the source. Settings read only by the test harness
 * or the CLI's test hook are listed below with the place they are documented instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const READ_BY_APP = ['config', 'src', 'database', 'scripts', 'plugins/wire/server/src'];
/** Not for operators: how the test suite points the CLI at its own build (docs/development.md). */
const INTERNAL = new Set(['WIRE_DIST_DIR']);

function files(dir: string): string[] {
  const full = path.join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(full);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return files(rel);
    return /\.(ts|js)$/.test(name) ? [rel] : [];
  });
}

/** `WIRE_NAME` tokens in a text; a name ending in `_` is a prefix in a comment, not a setting. */
const settingsIn = (text: string) => new Set([...text.matchAll(/\bWIRE_[A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0]));

const read = new Map<string, string>();
for (const file of READ_BY_APP.flatMap(files)) {
  for (const name of settingsIn(readFileSync(path.join(ROOT, file), 'utf8'))) {
    if (!INTERNAL.has(name) && !read.has(name)) read.set(name, file);
  }
}
const envExample = settingsIn(readFileSync(path.join(ROOT, '.env.example'), 'utf8'));
const operations = settingsIn(readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8'));

test('the app reads some settings (the scan itself works)', () => {
  expect(read.has('WIRE_PUBLIC_URL')).toBe(true);
});

test.each([...read.entries()].sort())('%s (read in %s) is in .env.example and docs/operations.md', (name) => {
  expect({ name, inEnvExample: envExample.has(name), inOperations: operations.has(name) }).toEqual({
    name,
    inEnvExample: true,
    inOperations: true,
  });
});

test('the internal settings are documented for contributors', () => {
  const development = settingsIn(readFileSync(path.join(ROOT, 'docs/development.md'), 'utf8'));
  expect([...INTERNAL].filter((name) => !development.has(name))).toEqual([]);
});
