/** The report of an ingest, shared by the CLI, the push endpoint and (later) ingest runs. */
import type { ItemProblem } from '../formats/types';

export type Outcome = 'created' | 'updated' | 'unchanged';

export interface Problem extends ItemProblem {
  /** The file or URL the item came from. */
  source: string;
}

export interface FileReport {
  source: string;
  format: string | null;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Set when the whole document could not be read. */
  error: string | null;
}

export interface IngestSummary {
  files: number;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Items (or documents) that were not stored, each with the field at fault and why. */
  problems: Problem[];
  /** Things stored anyway but worth an editor's look (an unreadable date, a mislabelled charset). */
  warnings: Problem[];
  reports: FileReport[];
}

export function emptySummary(): IngestSummary {
  return {
    files: 0,
    items: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    problems: [],
    warnings: [],
    reports: [],
  };
}

export function addReport(
  summary: IngestSummary,
  report: FileReport,
  problems: Problem[],
  warnings: Problem[],
): IngestSummary {
  summary.files += 1;
  summary.items += report.items;
  summary.created += report.created;
  summary.updated += report.updated;
  summary.unchanged += report.unchanged;
  summary.rejected += report.rejected;
  // One by one: spreading a million items into push() overflows the stack.
  for (const p of problems) summary.problems.push(p);
  for (const w of warnings) summary.warnings.push(w);
  summary.reports.push(report);
  return summary;
}

/** One line per problem, naming source, item and field: what the CLI prints. */
export function describeProblem(p: Problem): string {
  const where = p.item ? `item ${p.item}${p.guid ? ` (${p.guid})` : ''}` : 'document';
  return `${p.source}: ${where}${p.field ? `, field ${p.field}` : ''}: ${p.reason}`;
}
