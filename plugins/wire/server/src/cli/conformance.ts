/**
 * `npm run conformance -- <folder>`: runs the parsers (no database) over every file of a folder and
 * prints, per file, the detected format and, per item, what Wire extracted.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../formats/registry';
import { DocumentError, type WireItem } from '../formats/types';
import { prepareItem, type PreparedArticle } from '../ingest/prepare';
import { listFiles } from '../ingest/sources';
import { decodeBytes } from '../normalise/encoding';

export interface ExtractedFile {
  file: string;
  format: string | null;
  error: string | null;
  items: Array<Record<string, unknown>>;
  problems: string[];
}

function describe(a: PreparedArticle): Record<string, unknown> {
  return {
    headline: a.headline,
    guid: a.guid,
    version: a.version,
    agency: a.agency.code,
    section: a.section,
    byline: a.byline,
    dateline: a.dateline,
    firstCreated: a.firstCreated?.toISOString() ?? null,
    versionCreated: a.versionCreated?.toISOString() ?? null,
    embargoedUntil: a.embargoedUntil?.toISOString() ?? null,
    pubStatus: a.pubStatus,
    language: a.language,
    urgency: a.urgency,
    keywords: a.keywords,
    url: a.url,
    wordCount: a.wordCount,
    bodyStart: a.bodyText.slice(0, 80),
    licence: a.licence ? { holder: a.licence.holder, notice: a.licence.notice.slice(0, 80), terms: a.licence.terms } : null,
  };
}

function describeRaw(item: WireItem): Record<string, unknown> {
  return {
    headline: item.headline, guid: item.guid, version: item.version, agency: item.agency?.code ?? null, byline: item.byline,
    dateline: item.dateline, firstCreated: item.firstCreated?.toISOString() ?? null, versionCreated: item.versionCreated?.toISOString() ?? null,
    embargoedUntil: item.embargoedUntil?.toISOString() ?? null, pubStatus: item.pubStatus, language: item.language, slugline: item.slugline,
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
        result.items.push({ rejected: `field ${prepared.problem.field}: ${prepared.problem.reason}`, ...describeRaw(item) });
        result.problems.push(`item ${i + 1}: field ${prepared.problem.field}: ${prepared.problem.reason}`);
      }
    });
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    result.error = error.message;
  }
  return result;
}

export async function runConformance(argv: string[], out = console.log): Promise<number> {
  const json = argv.includes('--json');
  const target = argv.find((a) => !a.startsWith('--'));
  if (!target) {
    out('Usage: npm run conformance -- <folder|file> [--json]');
    return 2;
  }
  const stat = await fs.stat(target);
  const files = stat.isDirectory() ? await listFiles(target) : [target];
  const results: ExtractedFile[] = [];
  for (const file of files.filter((f) => !/\.(md|gz)$/i.test(f) && !f.includes(`${path.sep}expected${path.sep}`))) {
    results.push(await extractFile(file));
  }
  if (json) out(JSON.stringify(results, null, 2));
  else {
    for (const r of results) {
      out(`\n== ${path.relative(process.cwd(), r.file)}: ${r.error ? `ERROR ${r.error}` : `${r.format}, ${r.items.length} item(s)`}`);
      r.items.forEach((item, i) => {
        out(`  [${i + 1}]`);
        for (const [k, v] of Object.entries(item)) out(`      ${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`);
      });
      r.problems.forEach((p) => out(`  problem: ${p}`));
    }
  }
  return 0;
}
