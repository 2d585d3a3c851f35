/**
 * `npm run conformance -- <folder>`: runs the parsers (no database) over every file of a folder and
 * prints, per file, the detected format and, per item, what Wire extracted.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../formats/registry';
import { DocumentError, type WireItem } from '../formats/types';
import { prepareItem, type PreparedArticle } from '../ingest/prepare';
import { listFiles } from '../ingest/sources';
import { decodeBytes } from '../normalise/encoding';
import { foldSpaces, htmlToText } from '../normalise/text';

export interface ExtractedFile {
  file: string;
  format: string | null;
  error: string | null;
  items: Array<Record<string, unknown>>;
  problems: string[];
}

function describe(a: PreparedArticle): Record<string, unknown> {
  return {
    itemType: a.itemType,
    headline: a.headline,
    headlineDerived: a.headlineDerived,
    guid: a.guid,
    version: a.version,
    agency: a.agency.code,
    section: a.section,
    slugline: a.slugline,
    byline: a.byline,
    dateline: a.dateline,
    firstCreated: a.firstCreated?.toISOString() ?? null,
    versionCreated: a.versionCreated?.toISOString() ?? null,
    embargoedUntil: a.embargoedUntil?.toISOString() ?? null,
    expiresAt: a.expiresAt?.toISOString() ?? null,
    pubStatus: a.pubStatus,
    withdrawalOnly: a.withdrawalOnly,
    takeKey: a.takeKey,
    statusMarkers: a.statusMarkers,
    language: a.language,
    urgency: a.urgency,
    sequence: a.sequence,
    keywords: a.keywords,
    subjects: a.subjects.map((s) => s.code),
    images: a.images.map((i) => i.url),
    url: a.url,
    edNote: a.edNote,
    wordCount: a.wordCount,
    body: a.body,
    licence: a.licence ? { holder: a.licence.holder, notice: a.licence.notice, terms: a.licence.terms } : null,
    credit: a.credit,
    renditions: a.renditions,
    members: a.members,
  };
}

function describeRaw(item: WireItem): Record<string, unknown> {
  return {
    itemType: item.itemType ?? 'text',
    headline: item.headline,
    guid: item.guid,
    version: item.version,
    agency: item.agency?.code ?? null,
    byline: item.byline,
    dateline: item.dateline,
    firstCreated: item.firstCreated?.toISOString() ?? null,
    versionCreated: item.versionCreated?.toISOString() ?? null,
    embargoedUntil: item.embargoedUntil?.toISOString() ?? null,
    pubStatus: item.pubStatus,
    language: item.language,
    slugline: item.slugline,
    rights: item.rights,
  };
}

export async function extractFile(file: string): Promise<ExtractedFile> {
  const result: ExtractedFile = { file, format: null, error: null, items: [], problems: [] };
  try {
    const decoded = decodeBytes(await fs.readFile(file));
    const parsed = parseDocument({ text: decoded.text, origin: file });
    result.format = parsed.format;
    result.problems.push(...parsed.problems.map((p) => `item ${p.item}: ${p.field ?? ''} ${p.reason}`));
    parsed.items.forEach((item, i) => {
      const prepared = prepareItem(item, i + 1, { feedTitle: parsed.feedTitle });
      if (prepared.ok) result.items.push(describe(prepared.article));
      else {
        // Still show what was read, so a rejected item can be checked against its source too.
        result.items.push({
          rejected: `field ${prepared.problem.field}: ${prepared.problem.reason}`,
          ...describeRaw(item),
        });
        result.problems.push(`item ${i + 1}: field ${prepared.problem.field}: ${prepared.problem.reason}`);
      }
    });
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    result.error = error.message;
  }
  return result;
}

/** A value in the expectations file: the exact value, or one of these matchers. */
type Matcher =
  | { $contains: unknown }
  | { $notContains: unknown }
  | { $type: string }
  | { $length: number }
  | { $startsWith: string }
  /** A phrase of the text, markup and line breaks left out (a body's `<br />` and wrapped lines). */
  | { $containsText: string };

function valueAt(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), obj);
}

function matches(actual: unknown, expected: unknown): boolean {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    const m = expected as Matcher;
    if ('$contains' in m)
      return Array.isArray(actual)
        ? actual.some((x) => matches(x, m.$contains))
        : typeof actual === 'string' && actual.includes(String(m.$contains));
    if ('$notContains' in m) return !(typeof actual === 'string' && actual.includes(String(m.$notContains)));
    if ('$type' in m) return typeof actual === m.$type;
    if ('$length' in m) return Array.isArray(actual) && actual.length === m.$length;
    if ('$startsWith' in m) return typeof actual === 'string' && actual.startsWith(m.$startsWith);
    if ('$containsText' in m)
      return typeof actual === 'string' && foldSpaces(htmlToText(actual)).includes(foldSpaces(m.$containsText));
  }
  return JSON.stringify(actual) === JSON.stringify(expected);
}

export interface Expectations {
  files: Record<string, { format?: string; items?: number; item?: Record<string, Record<string, unknown>> }>;
}

/** Checks extracted files against expectations (keyed by path relative to the folder); returns mismatches. */
export function checkExpectations(
  results: ExtractedFile[],
  folder: string,
  expectations: Expectations,
): { checks: number; mismatches: string[] } {
  let checks = 0;
  const mismatches: string[] = [];
  const byKey = new Map(results.map((r) => [path.relative(folder, r.file).split(path.sep).join('/'), r]));
  // Every expected file must be there: a missing corpus file is a failure, not a check skipped.
  for (const [key, want] of Object.entries(expectations.files)) {
    const r = byKey.get(key);
    if (!r) {
      checks += 1;
      mismatches.push(`${key}: expected in the corpus, not found`);
      continue;
    }
    const check = (label: string, actual: unknown, expected: unknown) => {
      checks += 1;
      if (!matches(actual, expected))
        mismatches.push(
          `${key} ${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)?.slice(0, 300)}`,
        );
    };
    if (want.format !== undefined) check('format', r.format, want.format);
    if (want.items !== undefined) check('items', r.items.length, want.items);
    for (const [index, fields] of Object.entries(want.item ?? {})) {
      const item = r.items[Number(index) - 1];
      for (const [field, expected] of Object.entries(fields))
        check(`item ${index} ${field}`, valueAt(item, field), expected);
    }
  }
  return { checks, mismatches };
}

/** The app's root: the nearest folder above this module that holds `plugins/wire` (sources and build sit at different depths). */
function appRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'plugins', 'wire'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

const EXPECTATIONS_DIR = path.join(appRoot(__dirname), 'tests/conformance');
export const DEFAULT_EXPECTATIONS = path.join(EXPECTATIONS_DIR, 'corpus.expected.json');

/**
 * The expectations for a folder: `tests/conformance/<folder name>.expected.json` when there is one
 * (`../shared/corpus-wide` is checked against corpus-wide.expected.json), else corpus.expected.json.
 */
export function expectationsFor(folder: string): string {
  const named = path.join(EXPECTATIONS_DIR, `${path.basename(path.resolve(folder))}.expected.json`);
  return existsSync(named) ? named : DEFAULT_EXPECTATIONS;
}

export async function runConformance(argv: string[], out = console.log): Promise<number> {
  const json = argv.includes('--json');
  const expectIndex = argv.indexOf('--expect');
  const target = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--expect');
  if (!target) {
    out('Usage: npm run conformance -- <folder|file> [--json] [--expect FILE | --no-expect]');
    return 2;
  }
  const stat = await fs.stat(target);
  const folder = stat.isDirectory() ? target : path.dirname(target);
  const expectFile = expectIndex >= 0 ? argv[expectIndex + 1] : expectationsFor(folder);
  const files = stat.isDirectory() ? await listFiles(target) : [target];
  const results: ExtractedFile[] = [];
  for (const file of files.filter((f) => !/\.(md|gz)$/i.test(f) && !f.includes(`${path.sep}expected${path.sep}`))) {
    results.push(await extractFile(file));
  }
  if (json) out(JSON.stringify(results, null, 2));
  else {
    for (const r of results) {
      out(
        `\n== ${path.relative(process.cwd(), r.file)}: ${r.error ? `ERROR ${r.error}` : `${r.format}, ${r.items.length} item(s)`}`,
      );
      r.items.forEach((item, i) => {
        out(`  [${i + 1}]`);
        for (const [k, v] of Object.entries(item)) {
          const text = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
          out(`      ${k}: ${k === 'body' ? `${text.slice(0, 100).replace(/\s+/g, ' ')}…` : text}`);
        }
      });
      r.problems.forEach((p) => out(`  problem: ${p}`));
    }
  }
  if (argv.includes('--no-expect')) return 0;
  const log = json ? console.error : out;
  const expectations = JSON.parse(await fs.readFile(expectFile, 'utf8').catch(() => 'null')) as Expectations | null;
  if (!expectations?.files || !Object.keys(expectations.files).length) {
    log(`conformance: no expectations in ${expectFile} (pass --no-expect to only print)`);
    log('conformance: 0 passed, 1 failed');
    return 1;
  }
  const { checks, mismatches } = checkExpectations(results, folder, expectations);
  mismatches.forEach((m) => log(`MISMATCH ${m}`));
  log(
    `\nconformance: ${results.length} files, ${results.reduce((n, r) => n + r.items.length, 0)} items, checked against ${path.relative(process.cwd(), expectFile)}`,
  );
  log(`conformance: ${checks - mismatches.length} passed, ${mismatches.length} failed`);
  return mismatches.length ? 1 : 0;
}
