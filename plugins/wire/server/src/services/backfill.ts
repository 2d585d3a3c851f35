/**
 * Backfilling an archive: every file of a folder (or one huge file) through the ordinary ingest
 * (new stories in bulk), with a checkpoint in the database after each committed slice of items, so
 * a run killed or interrupted resumes where it stopped. The checkpoint is only a shortcut: identity
 * (agency + guid, a unique index) is what makes every story stored exactly once, so a slice stored
 * but not yet checkpointed when the process died is found unchanged on resume, never stored twice.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { listFiles } from '../ingest/sources';
import type { FileReport, IngestSummary, Problem } from '../ingest/summary';
import { wire } from './wire';

const TABLE = 'wire_backfill_checkpoints';

export interface BackfillFile {
  file: string;
  bytes: number;
  items: number;
  done: number;
  complete: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  problems: Problem[];
}

/** The counts an ingest summary keeps (ingest/summary.ts), for the whole backfill. */
export interface BackfillSummary extends Pick<
  IngestSummary,
  'files' | 'items' | 'created' | 'updated' | 'unchanged' | 'rejected'
> {
  target: string;
  startedAt: string;
  finishedAt: string | null;
  resumed: boolean;
  /** Every rejected item (and unreadable file) with its reason. */
  rejections: Problem[];
  reports: Array<Omit<BackfillFile, 'problems'>>;
}

export interface BackfillOptions {
  format?: string;
  feedDocumentId?: string | null;
  /** Forget the checkpoints of these files and start again from their first item. */
  restart?: boolean;
  /** No webhook per story; one at the end (changes.quietly). */
  quietChanges?: boolean;
  /** Progress: called after each committed batch and each file. */
  onProgress?: (state: {
    file: string;
    fileIndex: number;
    files: number;
    bytesDone: number;
    bytesTotal: number;
    itemsThisRun: number;
  }) => void;
}

/** One problem per rejected item: a resumed file reports a parse problem again, counted once. */
function mergeProblems(a: Problem[], b: Problem[]): Problem[] {
  const key = (p: Problem) => `${p.item}|${p.field}|${p.reason}`;
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((p) => !seen.has(key(p)) && seen.add(key(p)))];
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function ensureTable() {
    await knex().raw(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (file TEXT PRIMARY KEY, bytes BIGINT NOT NULL, mtime_ms BIGINT NOT NULL, state TEXT NOT NULL, updated_at BIGINT NOT NULL)`,
    );
  }

  async function load(file: string, bytes: number, mtimeMs: number): Promise<BackfillFile | null> {
    const row = await knex()(TABLE).where({ file }).first();
    // A file changed since its checkpoint is read again from its first item.
    if (!row || Number(row.bytes) !== bytes || Number(row.mtime_ms) !== mtimeMs) return null;
    return JSON.parse(row.state);
  }

  async function save(state: BackfillFile, mtimeMs: number) {
    const row = {
      file: state.file,
      bytes: state.bytes,
      mtime_ms: mtimeMs,
      state: JSON.stringify(state),
      updated_at: Date.now(),
    };
    await knex()(TABLE).insert(row).onConflict('file').merge();
  }

  return {
    ensureTable,

    async run(target: string, options: BackfillOptions = {}): Promise<BackfillSummary> {
      await ensureTable();
      const root = path.resolve(target);
      const stat = await fs.stat(root).catch(() => null);
      if (!stat) throw new Error(`cannot read ${target}: no such file or folder`);
      const files = stat.isDirectory() ? await listFiles(root) : [root];
      const sizes = await Promise.all(files.map((f) => fs.stat(f)));
      const bytesTotal = sizes.reduce((n, s) => n + s.size, 0);
      const summary: BackfillSummary = {
        target: root,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        resumed: false,
        files: files.length,
        items: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rejections: [],
        reports: [],
      };
      let bytesBefore = 0;
      let itemsThisRun = 0;
      const ingest = wire(strapi).service('ingest');
      const work = async () => {
        for (const [i, file] of files.entries()) {
          const { size, mtimeMs } = sizes[i];
          const mtime = Math.floor(mtimeMs);
          const saved = options.restart ? null : await load(file, size, mtime);
          if (saved && (saved.complete || saved.done > 0)) summary.resumed = true;
          const base: BackfillFile = saved ?? {
            file,
            bytes: size,
            items: 0,
            done: 0,
            complete: false,
            created: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            error: null,
            problems: [],
          };
          let state = base;
          const progress = (done: number, items: number) =>
            options.onProgress?.({
              file,
              fileIndex: i + 1,
              files: files.length,
              bytesDone: bytesBefore + (items ? (size * done) / items : 0),
              bytesTotal,
              itemsThisRun,
            });
          const combine = (done: number, report: FileReport, problems: Problem[], complete: boolean): BackfillFile => {
            const merged = mergeProblems(
              base.problems,
              problems.filter((p) => p.item > 0 || report.error),
            );
            return {
              ...base,
              done,
              complete,
              items: Math.max(base.items, report.items),
              error: report.error,
              created: base.created + report.created,
              updated: base.updated + report.updated,
              unchanged: base.unchanged + report.unchanged,
              rejected: merged.length,
              problems: merged,
            };
          };
          if (!base.complete) {
            let last: FileReport | null = null;
            const result = await ingest.ingest(file, {
              format: options.format ?? 'auto',
              feedDocumentId: options.feedDocumentId ?? null,
              startAt: base.done,
              onProgress: (report: FileReport) => {
                const counted = report.created + report.updated + report.unchanged;
                itemsThisRun += counted - (last ? last.created + last.updated + last.unchanged : 0);
                last = report;
                progress(base.done + counted, report.items);
              },
              onCommitted: async (done: number, report: FileReport, problems: Problem[]) => {
                state = combine(done, report, problems, false);
                await save(state, mtime);
              },
            });
            const report: FileReport = result.reports[0];
            // An unreadable file is not complete: the next run tries it again.
            state = combine(Math.max(state.done, base.done), report, result.problems, !report.error);
            state.done = report.error ? 0 : Math.max(state.done, report.items);
            await save(state, mtime);
          }
          bytesBefore += size;
          progress(0, 0);
          const { problems, ...rest } = state;
          summary.reports.push(rest);
          summary.items += state.items;
          summary.created += state.created;
          summary.updated += state.updated;
          summary.unchanged += state.unchanged;
          summary.rejected += state.rejected;
          for (const p of problems) summary.rejections.push(p);
        }
      };
      if (options.quietChanges) await wire(strapi).service('changes').quietly(work);
      else await work();
      summary.finishedAt = new Date().toISOString();
      return summary;
    },
  };
};
