/**
 * Ingest runs and feed health. Every poll (and every CLI or push ingest) is recorded with its
 * counts and problems; a feed's health is derived from its runs: last success and error,
 * consecutive failures, items in the last 24 hours, paused after too many failures, idle when
 * nothing came for longer than its idle limit.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { retryBusy } from '../database/busy';
import type { FileReport, IngestSummary } from '../ingest/summary';
import { NODE_ID } from './lease';

export type Trigger = 'schedule' | 'manual' | 'cli' | 'push';
type Row = Record<string, any>;

export interface RunOutcome {
  status: 'success' | 'partial' | 'not-modified' | 'failed';
  summary?: IngestSummary | null;
  httpStatus?: number | null;
  bytes?: number | null;
  error?: string | null;
  /** When the source asked us to come back (Retry-After). */
  retryAfterMs?: number | null;
  /** Failures that should not count towards pausing the feed (the server asked us to wait). */
  transient?: boolean;
}

const MINUTE = 60_000;
const MAX_BACKOFF = 24 * 60 * MINUTE;

/** When to poll again after `failures` consecutive failures: the interval, doubled each time, at most a day. */
export function backoffMs(intervalMinutes: number, failures: number): number {
  return Math.min(intervalMinutes * MINUTE * 2 ** Math.max(0, failures), MAX_BACKOFF);
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async start(trigger: Trigger, source: string, feedDocumentId: string | null = null): Promise<Row> {
    return retryBusy(() =>
      strapi.documents(UID.ingestRun).create({
        data: {
          trigger,
          source: source.slice(0, 250),
          feed: feedDocumentId,
          status: 'running',
          node: NODE_ID,
          startedAt: new Date(),
        } as any,
      }),
    );
  },

  async finish(run: Row, outcome: RunOutcome): Promise<Row | null> {
    const s = outcome.summary;
    return retryBusy(() =>
      strapi.documents(UID.ingestRun).update({
        documentId: run.documentId,
        data: {
          status: outcome.status,
          finishedAt: new Date(),
          httpStatus: outcome.httpStatus ?? null,
          bytes: outcome.bytes ?? null,
          error: outcome.error ?? s?.reports.find((r) => r.error)?.error ?? null,
          files: s?.files ?? 0,
          items: s?.items ?? 0,
          created: s?.created ?? 0,
          updated: s?.updated ?? 0,
          unchanged: s?.unchanged ?? 0,
          rejected: s?.rejected ?? 0,
          problems: s?.problems.length ? s.problems.slice(0, 500) : null,
          warnings: s?.warnings.length ? s.warnings.slice(0, 500) : null,
        } as any,
      }),
    );
  },

  /**
   * Writes a running run's counts so far, at most once a second: the desk reads them while "Run now"
   * is under way. Awaited by the ingest between batches, so the final counts of finish() come last.
   */
  progress(run: Row, everyMs = 1000): (report: FileReport) => Promise<void> {
    let last = 0;
    return async (report) => {
      if (Date.now() - last < everyMs) return;
      last = Date.now();
      const { items, created, updated, unchanged, rejected } = report;
      await retryBusy(() =>
        strapi.db
          .query(UID.ingestRun)
          .update({ where: { id: run.id }, data: { items, created, updated, unchanged, rejected } }),
      );
    };
  },

  /** Runs an ingest (CLI or push) as a recorded run. */
  async record(
    trigger: Trigger,
    source: string,
    feedDocumentId: string | null,
    ingest: () => Promise<IngestSummary>,
  ): Promise<IngestSummary> {
    const run = await this.start(trigger, source, feedDocumentId);
    try {
      const summary = await ingest();
      await this.finish(run, { status: this.statusOf(summary), summary });
      return summary;
    } catch (error) {
      await this.finish(run, { status: 'failed', error: (error as Error).message });
      throw error;
    }
  },

  /** Status of a finished ingest: partial when some items or files were rejected. */
  statusOf(summary: IngestSummary): RunOutcome['status'] {
    if (summary.files > 0 && summary.reports.every((r) => r.error)) return 'failed';
    return summary.problems.length ? 'partial' : 'success';
  },

  /** Brings the feed's health up to date after a run. */
  async updateHealth(feed: Row, outcome: RunOutcome): Promise<Row | null> {
    const now = new Date();
    const interval = feed.pollIntervalMinutes ?? 15;
    const data: Row = { lastPolledAt: now };
    if (outcome.status === 'failed') {
      const failures = (feed.consecutiveFailures ?? 0) + (outcome.transient ? 0 : 1);
      const max = strapi.plugin('wire').config('maxConsecutiveFailures') as number;
      Object.assign(data, {
        lastErrorAt: now,
        lastError: outcome.error ?? 'failed',
        consecutiveFailures: failures,
        nextPollAt: new Date(now.getTime() + (outcome.retryAfterMs ?? backoffMs(interval, failures))),
      });
      if (failures >= max && !feed.paused) {
        Object.assign(data, {
          paused: true,
          pausedReason: `paused after ${failures} consecutive failures; last: ${outcome.error ?? 'failed'}`,
        });
      }
    } else {
      Object.assign(data, {
        lastSuccessAt: now,
        consecutiveFailures: 0,
        nextPollAt: new Date(now.getTime() + interval * MINUTE),
      });
      if ((outcome.summary?.created ?? 0) + (outcome.summary?.updated ?? 0) > 0) data.lastItemAt = now;
    }
    const since = new Date(now.getTime() - 24 * 60 * MINUTE);
    const recent = await strapi.db.query(UID.ingestRun).findMany({
      where: { feed: { documentId: feed.documentId }, startedAt: { $gte: since } },
      select: ['created', 'updated'],
    });
    data.itemsLast24h = recent.reduce((n: number, r: Row) => n + (r.created ?? 0) + (r.updated ?? 0), 0);
    const lastItemAt = data.lastItemAt ?? feed.lastItemAt ?? feed.createdAt;
    data.idle =
      !!lastItemAt && now.getTime() - new Date(lastItemAt).getTime() > (feed.idleLimitMinutes ?? 1440) * MINUTE;
    return retryBusy(() => strapi.documents(UID.feed).update({ documentId: feed.documentId, data: data as any }));
  },
});
