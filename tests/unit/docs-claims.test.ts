/**
 * What the docs tell a reader to type exists in the app: every route they name (partner API under
 * /api/wire, desk API under /wire), every WIRE_ setting (offered in .env.example) and every CLI
 * option of `npm run wire -- <command>` (cli/options.ts, which the CLI enforces); and
 * docs/partner-api.md's list parameters, tombstone reasons and JSON examples against the OpenAPI
 * document the app serves. The other direction, settings read but not documented, is
 * settings-documented.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import contentApi from '../../plugins/wire/server/src/routes/content-api';
import adminApi from '../../plugins/wire/server/src/routes/admin';
import { CLI_OPTIONS } from '../../plugins/wire/server/src/cli/options';
import { parseArgs } from '../../plugins/wire/server/src/cli/args';
import { openApiDocument } from '../../plugins/wire/server/src/serve/openapi';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

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
    if (command === 'help' || command.startsWith('<')) return []; // the usage text; a placeholder
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
    /unknown option --agnecies \(this command takes --access, --agencies, --contact, --daily-requests, --ingest, --any-agency\)/,
  );
  expect(() => parseArgs(['feed'], CLI_OPTIONS.poll)).not.toThrow();
  expect(() => parseArgs(['x', '--homepage=https://a.example/', '--json'], CLI_OPTIONS.agency)).toThrow(/--json/);
  expect(() => parseArgs(['USPA', '--x'], CLI_OPTIONS['token add'])).toThrow(/takes none/);
});

// docs/partner-api.md against the OpenAPI document the app serves (serve/openapi.ts), which the
// integration tests check real responses against: its parameters, its JSON examples, its reasons.
const partnerApi = text.get('docs/partner-api.md')!;
const openApi = openApiDocument('http://localhost:1337') as any;

/** The part of a page under a heading (from that heading to the next one of its level or higher). */
function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const rest = doc.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return end < 0 ? rest : rest.slice(0, end);
}

test('the list parameters docs/partner-api.md names are those GET /api/wire/articles takes', () => {
  const table = section(partnerApi, '## `GET /api/wire/articles`')
    .split('\n\n')
    .find((p) => p.includes('| parameter'))!;
  const named = new Set(
    table
      .split('\n')
      .slice(2)
      .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1])),
  );
  const served = new Set<string>(openApi.paths['/articles'].get.parameters.map((p: { name: string }) => p.name));
  // Strapi's spelling of the paging parameters, read as well (serve/list-query.ts parsePage).
  const aliases = ['pagination[page]', 'pagination[pageSize]'];
  expect({
    namedNotTaken: [...named].filter((n) => !served.has(n) && !aliases.includes(n)),
    takenNotNamed: [...served].filter((n) => !named.has(n)),
  }).toEqual({ namedNotTaken: [], takenNotNamed: [] });
});

test("the tombstone reasons docs/partner-api.md lists are the OpenAPI document's", () => {
  const reasons = openApi.components.schemas.Change.oneOf[1].properties.reason.enum as string[];
  const lists = [...partnerApi.matchAll(/A tombstone \(((?:`[a-z-]+`,? ?)+)\)/g)].map((m) =>
    [...m[1].matchAll(/`([a-z-]+)`/g)].map((r) => r[1]).sort(),
  );
  expect(lists.length).toBeGreaterThan(0);
  for (const list of lists) expect(list).toEqual([...reasons].sort());
});

/** The schema without `required`: an example may leave fields out, but not name one the API does not send. */
function withoutRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRequired);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'required' && Array.isArray(value)))
      .map(([key, value]) => [
        key,
        key === 'properties'
          ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, withoutRequired(v)]))
          : withoutRequired(value),
      ]),
  );
}

test("every JSON example of docs/partner-api.md fits the OpenAPI document's schema for it", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'wire', components: { schemas: withoutRequired(openApi.components.schemas) } });
  // Each section's JSON examples, in order, and the schema each one shows (null: not in OpenAPI).
  const expected: [string, (string | null)[]][] = [
    ['## `GET /api/wire/articles`', ['ArticleList']],
    ['## `GET /api/wire/changes?cursor=`: incremental sync', ['ChangeList']],
    ['## Your account, limits and quota', ['Error']],
    ['### `GET /api/wire/account`', ['Account']],
    ['## Errors', ['Error']],
    ['## Webhooks: being told when something changes', [null]], // Strapi's webhook body
    ['### What a push token may write', ['IngestSummary']],
    ['### Quoting a passage: `GET /api/wire/articles/:id/quote`', ['Quote']],
    ['### Your grants: `GET /api/wire/articles/:id/quote` without a passage', ['QuoteGrants']],
    ['## Rights as data: ODRL policies', ['Policy']],
    ['## Your usage: `GET /api/wire/usage`', ['PartnerUsage']],
  ];
  const blocks = (part: string) => [...part.matchAll(/```json\n([^]*?)```/g)].map((m) => m[1]);
  // Every example is in the list above: a new one needs its schema named here.
  expect(blocks(partnerApi).length).toBe(expected.reduce((n, [, s]) => n + s.length, 0));
  const misfits = expected.flatMap(([heading, names]) => {
    const found = blocks(section(partnerApi, heading).split(/\n#{2,} /)[0]);
    expect(found.length).toBe(names.length);
    return names.flatMap((name, i) => {
      if (!name) return [];
      const example = JSON.parse(found[i].replace(/…/g, '...'));
      const validate = ajv.getSchema(`wire#/components/schemas/${name}`)!;
      return validate(example)
        ? []
        : [`${heading} (${name}): ${ajv.errorsText(validate.errors, { dataVar: 'example' })}`];
    });
  });
  expect(misfits).toEqual([]);
});
