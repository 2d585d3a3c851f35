/**
 * What the docs tell a reader to type exists in the app: every route they name (partner API under
 * /api/wire, desk API under /wire), every WIRE_ setting (offered in .env.example) and every CLI
 * option of `npm run wire -- <command>` (cli/options.ts, which the CLI enforces). The other
 * direction, settings read but not documented, is settings-documented.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import contentApi from '../../plugins/wire/server/src/routes/content-api';
import adminApi from '../../plugins/wire/server/src/routes/admin';
import { CLI_OPTIONS } from '../../plugins/wire/server/src/cli/options';
import { parseArgs } from '../../plugins/wire/server/src/cli/args';

const ROOT = path.resolve(__dirname, '../..');
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const text = new Map(DOCS.map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));

type Route = { method: string; path: string };
/** `/articles/:id/quote` as a pattern: a parameter matches one segment, whatever the docs call it. */
const pattern = (route: Route) =>
  new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
const served = [
  ...contentApi.routes.map((r: Route) => ({ method: r.method, prefix: '/api/wire', re: pattern(r) })),
  ...adminApi.routes.map((r: Route) => ({ method: r.method, prefix: '/wire', re: pattern(r) })),
];

/** `GET /api/wire/articles/:id?x=1` in the docs, as method and path (a `<id>` or `...` is one segment). */
function namedRoutes(doc: string) {
  const found: { method: string | null; path: string }[] = [];
  for (const m of doc.matchAll(/`(?:(GET|POST|PUT|PATCH|DELETE) +)?(\/(?:api\/)?wire\/[^`\s]*)/g)) {
    const bare = m[2]
      .replace(/[?#].*$/, '')
      .replace(/<[^>]+>/g, 'x')
      .replace(/\/$/, '');
    if (bare.endsWith('/...') || bare === '/api/wire' || bare === '/wire') continue; // "everything under"
    found.push({ method: m[1] ?? null, path: bare });
  }
  return found;
}

function isServed(route: { method: string | null; path: string }) {
  return served.some(
    (s) =>
      (route.method === null || s.method === route.method) &&
      route.path.startsWith(`${s.prefix}/`) &&
      s.re.test(route.path.slice(s.prefix.length)),
  );
}

const claims = [...text].flatMap(([file, doc]) => namedRoutes(doc).map((r) => ({ file, ...r })));

test('the docs name routes (the scan itself works)', () => {
  expect(claims.length).toBeGreaterThan(20);
  expect(isServed({ method: 'GET', path: '/api/wire/articles/abc/quote' })).toBe(true);
  expect(isServed({ method: 'POST', path: '/api/wire/articles/abc/quote' })).toBe(false);
  expect(isServed({ method: 'GET', path: '/api/wire/nothing' })).toBe(false);
});

test('every route the docs name is served', () => {
  expect(claims.filter((c) => !isServed(c))).toEqual([]);
});

const settingsIn = (doc: string) => new Set([...doc.matchAll(/\bWIRE_[A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0]));

test("every WIRE_ setting the docs name is offered in .env.example, or is the harness's", () => {
  const envExample = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  // Settings of the test harness, not the app: one paragraph of docs/development.md names them.
  const harness = settingsIn(/Settings read by the test harness[^]*?\n\n/.exec(text.get('docs/development.md')!)![0]);
  expect(harness.has('WIRE_REQUIRE_OPTIONAL')).toBe(true);
  const missing = [...text].flatMap(([file, doc]) =>
    [...settingsIn(doc)]
      .filter((name) => !new RegExp(`^#?\\s*${name}=`, 'm').test(envExample) && !harness.has(name))
      .map((name) => `${file}: ${name}`),
  );
  expect(missing).toEqual([]);
});

/** Each `npm run wire -- <command> …` line of the docs, cut at a comment or the end of its code. */
function cliLines(doc: string) {
  return [...doc.matchAll(/(?:npm run wire --|npx wire) ([^`#\n]*)/g)].map((m) => m[1].trim());
}

test('every CLI option the docs use is one the command takes', () => {
  const lines = [...text].flatMap(([file, doc]) => cliLines(doc).map((line) => ({ file, line })));
  expect(lines.length).toBeGreaterThan(10);
  const refused = lines.flatMap(({ file, line }) => {
    const words = line.split(/\s+/);
    const command = words[0] === 'token' ? `token ${words[1]}` : words[0];
    const options = (CLI_OPTIONS as Record<string, Parameters<typeof parseArgs>[1]>)[command];
    if (!options) return [`${file}: "${line}" names no command the CLI has`];
    try {
      parseArgs(words.slice(command.includes(' ') ? 2 : 1), options);
      return [];
    } catch (error) {
      return [`${file}: "${line}": ${(error as Error).message}`];
    }
  });
  expect(refused).toEqual([]);
});

test('the CLI refuses an option its command does not take', () => {
  expect(() => parseArgs(['example-site', '--agnecies', 'USPA'], CLI_OPTIONS['token create'])).toThrow(
    /unknown option --agnecies \(this command takes --access, --agencies, --contact, --ingest, --any-agency\)/,
  );
  expect(() => parseArgs(['feed'], CLI_OPTIONS.poll)).not.toThrow();
  expect(() => parseArgs(['x', '--homepage=https://a.example/', '--json'], CLI_OPTIONS.agency)).toThrow(/--json/);
  expect(() => parseArgs(['USPA', '--x'], CLI_OPTIONS['token add'])).toThrow(/takes none/);
});
