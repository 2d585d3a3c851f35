/**
 * `npm run wire -- backfill <file|folder>`: a newsroom's archive, resumable (services/backfill.ts),
 * with a progress bar and a summary file the newsroom keeps.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { describeProblem } from '../ingest/summary';
import type { BackfillSummary } from '../services/backfill';
import { parseArgs } from './args';
import { CLI_OPTIONS } from './options';
import { createBackfillProgress } from './progress';
import { wire } from '../services/wire';

type Out = { log: (line: string) => void; error: (line: string) => void };

export const BACKFILL_USAGE = `  backfill <file|folder> [--format F] [--feed NAME] [--quiet-changes] [--summary FILE] [--restart] [--json]
      Ingest an archive, resumable: run the same command again after a crash or Ctrl-C and it goes on
      where it stopped (checkpoints in the database). --quiet-changes: partners get one webhook at the
      end instead of one per story. The summary (created, unchanged, rejected with reasons) is written
      to --summary (default: backfill-summary.json in the current folder).`;

export async function backfillCommand(
  strapi: Core.Strapi,
  argv: string[],
  out: Out,
  findFeed: (name: string) => Promise<string>,
): Promise<number> {
  const args = parseArgs(argv, CLI_OPTIONS.backfill);
  const target = args.positional[0];
  if (!target) throw new Error('backfill needs a file or folder');
  const json = args.options.json === true;
  const summaryFile = path.resolve(
    typeof args.options.summary === 'string' ? args.options.summary : 'backfill-summary.json',
  );
  const progress = json ? null : createBackfillProgress(out);
  const summary: BackfillSummary = await wire(strapi)
    .service('backfill')
    .run(target, {
      format: typeof args.options.format === 'string' ? args.options.format : 'auto',
      feedDocumentId: typeof args.options.feed === 'string' ? await findFeed(args.options.feed) : null,
      restart: args.options.restart === true,
      quietChanges: args.options['quiet-changes'] === true,
      onProgress: (s: Parameters<ReturnType<typeof createBackfillProgress>>[0]) => progress?.(s),
    });
  progress?.(null);
  await fs.writeFile(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  if (json) out.log(JSON.stringify(summary));
  else {
    out.log(
      `${summary.files} file(s), ${summary.items} item(s): ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected${summary.resumed ? ' (resumed)' : ''}`,
    );
    for (const p of summary.rejections.slice(0, 20)) out.log(`  rejected: ${describeProblem(p)}`);
    if (summary.rejections.length > 20) out.log(`  … and ${summary.rejections.length - 20} more`);
    out.log(`summary written to ${summaryFile}`);
  }
  return summary.rejected ? 1 : 0;
}
