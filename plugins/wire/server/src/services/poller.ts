/**
 * Polling feeds: on the cron tick every due feed is polled, each under a database lease so that one
 * node polls a feed at a time; "Run now" (CLI and admin API) polls one feed at once. URLs are
 * fetched conditionally; a drop folder has each new file ingested once, then moved to `done/` (or
 * to `error/` with a `.reason` file beside it). A URL's body is ingested as it arrives. Every poll is an ingest run; the feed's health
 * follows from it.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { revealFeedSecrets } from '../feed-secrets';
import { DocumentError } from '../formats/types';
import { redactUrl } from '../normalise/urls';
import { FetchError, openFeed, type FetchOptions } from '../ingest/http';
import { dropFileProblem, isUrl, resolveDropFolder, waitingFiles } from '../ingest/sources';
import { describeProblem, emptySummary, type FileReport, type IngestSummary } from '../ingest/summary';
import type { RunOutcome, Trigger } from './runs';
import { wire } from './wire';

type Row = Record<string, any>;

export interface PollResult {
  feed: string;
  /** Set when the poll did not happen: paused, disabled, not due, or polled by another node. */
  skipped: string | null;
  run: Row | null;
  outcome: RunOutcome | null;
}

const LEASE_TTL_MS = 10 * 60_000;

/**
 * One poll's whole-time limit, and its lease. The lease is renewed while the poll runs (a poll may
 * outlast one lease term), and the poll stops, between two pieces of a body or two files of a
 * folder, once its time (`poll.maxSeconds`) is up or its lease was lost: what it stored stays, and
 * the next poll goes on from there (re-delivered items are unchanged, left files still waiting).
 */
interface PollClock {
  /** Why the poll must stop now, or null while it may go on. */
  stop(): string | null;
}

/** At most `size` holders at once; the rest wait their turn, first come first served. */
function semaphore(size: number) {
  let free = size;
  const waiting: Array<() => void> = [];
  return {
    take: () => (free > 0 ? ((free -= 1), Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))),
    give: () => {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { service } = wire(strapi);
  const config = (key: string) => strapi.plugin('wire').config(key) as any;
  const slots = semaphore(Math.max(1, Number(config('poll')?.concurrency) || 4));
  /** Feeds this node is polling on schedule now. */
  const inFlight = new Set<string>();

  /**
   * A URL, fetched conditionally and read as it arrives: items are parsed and stored while the body
   * downloads (gzip and deflate too), each under the item cap, the body under the document cap
   * (WIRE_MAX_DOCUMENT_BYTES). A body that breaks off keeps the items that came complete before it;
   * the run then fails with the reason, and the ETag is not kept, so the next poll fetches it all again.
   */
  async function pollUrl(
    feed: Row,
    trigger: Trigger,
    onProgress: (report: FileReport) => Promise<void>,
    clock: PollClock,
  ): Promise<RunOutcome> {
    const opened = await openFeed(feed.source, fetchOptions(feed, trigger));
    if (opened.status === 'not-modified') return { status: 'not-modified', httpStatus: 304, summary: emptySummary() };
    let bytes = 0;
    const counted = async function* () {
      for await (const chunk of opened.body) {
        const stop = clock.stop();
        if (stop) throw new FetchError(stop);
        bytes += chunk.length;
        yield chunk;
      }
    };
    let summary: IngestSummary;
    try {
      summary = await service('ingest').ingestStream(counted(), feed.source, {
        feedDocumentId: feed.documentId,
        charset: opened.charset,
        onProgress,
      });
    } finally {
      await opened.close(); // a document refused before its end (format, encoding) leaves the rest unread
    }
    const broke = summary.reports.find((r) => r.error)?.error ?? null;
    if (!broke)
      await strapi.db
        .query(UID.feed)
        .update({ where: { id: feed.id }, data: { etag: opened.etag, lastModified: opened.lastModified } });
    return { status: service('runs').statusOf(summary), httpStatus: opened.httpStatus, bytes, summary, error: broke };
  }

  /** The request for a feed: its secrets, its validators on a scheduled poll, the HTTP guards and the document cap. */
  function fetchOptions(feed: Row, trigger: Trigger): FetchOptions {
    const auth = revealFeedSecrets(strapi, feed);
    const limits = config('http');
    return {
      etag: trigger === 'schedule' ? feed.etag : null,
      lastModified: trigger === 'schedule' ? feed.lastModified : null,
      headers: auth.headers,
      username: auth.username,
      password: auth.password,
      timeoutMs: limits.timeoutMs,
      maxBytes: config('maxDocumentBytes'),
      maxRedirects: limits.maxRedirects,
      allow: limits.allow,
    };
  }

  /**
   * Moves a processed file aside, never over another: `done/name`, `done/name.1`, ... `read` is the
   * file as it was read (lstat): a file put in its place since is left where it is.
   */
  async function moveAside(file: string, read: Stats, folder: 'done' | 'error', reason: string | null) {
    const dir = path.join(path.dirname(file), folder);
    await fs.mkdir(dir, { recursive: true });
    // done/ and error/ must be real folders of the drop folder, not links leading elsewhere: held
    // open (O_NOFOLLOW) and checked again by identity just before the move. Node has no renameat, so
    // a swap between that check and the rename is the window left (docs/security.md).
    const notFolder = () => new DocumentError(`${folder}/ in the drop folder is not a folder`, 'source');
    const held = await fs
      .open(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW)
      .catch(() => Promise.reject(notFolder()));
    try {
      await moveInto(file, read, dir, await held.stat(), notFolder, reason);
    } finally {
      await held.close();
    }
  }

  async function moveInto(
    file: string,
    read: Stats,
    dir: string,
    heldDir: Stats,
    notFolder: () => DocumentError,
    reason: string | null,
  ) {
    const same = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;
    // lstat, not stat: a link planted under the name (dangling or not) counts as taken.
    const taken = (p: string) =>
      fs.lstat(p).then(
        () => true,
        () => false,
      );
    let target = path.join(dir, path.basename(file));
    for (let n = 1; (await taken(target)) || (await taken(`${target}.reason`)); n += 1)
      target = path.join(dir, `${path.basename(file)}.${n}`);
    // Checked again just before the move: the folder may have been swapped for a link meanwhile,
    // and the file for another.
    const now = await fs.lstat(dir);
    if (!now.isDirectory() || !same(now, heldDir)) throw notFolder();
    const current = await fs.lstat(file).catch(() => null);
    if (!current || !same(current, read))
      throw new DocumentError('the file was replaced while it was read: the new one is left for the next poll', 'file');
    await fs.rename(file, target);
    // `wx` (O_CREAT|O_EXCL) never follows a link and never writes over a file: a .reason planted
    // since the check above makes this fail rather than write wherever it points.
    if (reason) {
      await fs.writeFile(`${target}.reason`, `${reason}\n`, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        strapi.log.warn(
          `[wire] drop folder: ${path.basename(target)}.reason not written (${error.code ?? error.message})`,
        );
      });
    }
  }

  async function pollFolder(
    feed: Row,
    onProgress: (report: FileReport) => Promise<void>,
    clock: PollClock,
  ): Promise<RunOutcome> {
    // Checked on every poll: a link swapped in since the feed was saved is refused too.
    const folder = await resolveDropFolder(feed.source, await service('feeds').dropFolders());
    const files = await waitingFiles(folder);
    const total = emptySummary();
    let bytes = 0;
    for (const [index, file] of files.entries()) {
      const stop = clock.stop();
      if (stop) {
        total.problems.push({
          source: folder,
          item: 0,
          field: 'source',
          reason: `${stop}: ${files.length - index} file(s) left for the next poll`,
        });
        break;
      }
      // lstat right before reading: a file swapped for a link (to a file or a folder elsewhere)
      // since the folder was listed is not followed; it is left where it is, named in the run.
      const entry = await fs.lstat(file).catch(() => null);
      const problem = entry ? dropFileProblem(entry) : 'no longer there: left alone';
      if (!entry || problem) {
        total.problems.push({ source: file, item: 0, field: 'file', reason: problem ?? '' });
        continue;
      }
      const size = entry.size;
      bytes += size;
      // Progress counts the files already done plus this one so far.
      const done = { ...total };
      const summary: IngestSummary = await service('ingest').ingest(file, {
        feedDocumentId: feed.documentId,
        dropFile: true,
        onProgress: (r) =>
          onProgress({
            ...r,
            items: done.items + r.items,
            created: done.created + r.created,
            updated: done.updated + r.updated,
            unchanged: done.unchanged + r.unchanged,
            rejected: done.rejected + r.rejected,
          }),
      });
      for (const key of ['files', 'items', 'created', 'updated', 'unchanged', 'rejected'] as const)
        total[key] += summary[key];
      for (const p of summary.problems) total.problems.push(p);
      for (const w of summary.warnings) total.warnings.push(w);
      for (const r of summary.reports) total.reports.push(r);
      const report = summary.reports[0];
      const failed = !!report?.error || (report && report.items > 0 && report.rejected === report.items);
      // The reason names the file and its size, and what was wrong: never the file's content.
      const reason = summary.problems.length
        ? [`${path.basename(file)}: ${size} bytes`, ...summary.problems.map(describeProblem)].join('\n')
        : null;
      await moveAside(file, entry, failed ? 'error' : 'done', reason).catch((error: unknown) => {
        // A file replaced while it was read stays for the next poll; a done/ or error/ that is no
        // folder stops the poll (every file would meet it).
        if (!(error instanceof DocumentError && error.field === 'file')) throw error;
        total.problems.push({ source: file, item: 0, field: 'file', reason: error.message });
      });
    }
    return { status: files.length ? service('runs').statusOf(total) : 'success', bytes, summary: total };
  }

  async function pollLeased(feed: Row, trigger: Trigger, clock: PollClock): Promise<PollResult> {
    const runs = service('runs');
    // We hold the feed's lease: a run still marked running belongs to a process that died mid-run.
    // (updateMany cannot filter on a relation: find the ids first.)
    const dead = await strapi.db
      .query(UID.ingestRun)
      .findMany({ where: { feed: { documentId: feed.documentId }, status: 'running' }, select: ['id'] });
    if (dead.length) {
      await strapi.db.query(UID.ingestRun).updateMany({
        where: { id: { $in: dead.map((r: Row) => r.id) } },
        data: {
          status: 'failed',
          finishedAt: new Date(),
          error: 'interrupted: the process stopped during the run; the next run completes the work',
        },
      });
    }
    // A feed stored with credentials in its URL (refused on input since): never repeated in the run.
    const run = await runs.start(trigger, redactUrl(feed.source), feed.documentId);
    let outcome: RunOutcome;
    try {
      const onProgress = runs.progress(run);
      outcome = isUrl(feed.source)
        ? await pollUrl(feed, trigger, onProgress, clock)
        : await pollFolder(feed, onProgress, clock);
    } catch (error) {
      if (!(error instanceof DocumentError)) {
        strapi.log.error(`[wire] poll of feed "${feed.name}" failed: ${(error as Error).stack}`);
      }
      // The network detail behind a uniform message is for the operator's log, not the desk.
      if (error instanceof FetchError && error.detail)
        strapi.log.warn(`[wire] poll of feed "${feed.name}": ${error.detail}`);
      const fetchError = error instanceof FetchError ? error : null;
      outcome = {
        status: 'failed',
        error: (error as Error).message,
        httpStatus: fetchError?.httpStatus ?? null,
        retryAfterMs: fetchError?.retryAfterMs ?? null,
        transient: fetchError?.retryAfterMs !== null && fetchError?.retryAfterMs !== undefined,
      };
    }
    const finished = await runs.finish(run, outcome);
    await runs.updateHealth(feed, outcome);
    return { feed: feed.name, skipped: null, run: finished, outcome };
  }

  return {
    /** Polls one feed now (or, on a schedule, if it is due), under its lease. */
    async pollFeed(nameOrId: string, trigger: Trigger = 'manual'): Promise<PollResult> {
      const find = () =>
        strapi.db.query(UID.feed).findOne({ where: { $or: [{ documentId: nameOrId }, { name: nameOrId }] } });
      const first = await find();
      if (!first) throw new errors.NotFoundError(`no feed named "${nameOrId}"`);
      const lease = service('lease');
      const leaseName = `feed:${first.documentId}`;
      const holder = await lease.acquire(leaseName, LEASE_TTL_MS);
      if (!holder)
        return { feed: first.name, skipped: 'another process is polling this feed', run: null, outcome: null };
      try {
        // Read again under the lease: another node may have polled it a moment ago.
        const feed = await find();
        if (!feed) return { feed: first.name, skipped: 'the feed was deleted', run: null, outcome: null };
        if (trigger === 'schedule') {
          if (!feed.enabled) return { feed: feed.name, skipped: 'disabled', run: null, outcome: null };
          if (feed.paused)
            return { feed: feed.name, skipped: `paused: ${feed.pausedReason ?? ''}`, run: null, outcome: null };
          if (feed.nextPollAt && new Date(feed.nextPollAt).getTime() > Date.now())
            return { feed: feed.name, skipped: 'not due', run: null, outcome: null };
        }
        const maxMs = Number(config('poll')?.maxSeconds ?? 900) * 1000;
        const ends = Date.now() + maxMs;
        let lost = false;
        const renewing = setInterval(() => {
          lease.renew(leaseName, holder, LEASE_TTL_MS).then(
            (kept) => (lost ||= !kept),
            () => undefined, // a failed renewal is tried again at the next interval
          );
        }, LEASE_TTL_MS / 3);
        const clock: PollClock = {
          stop: () =>
            lost
              ? 'the poll stopped: its lease was lost to another process'
              : Date.now() > ends
                ? `the poll's time limit (${maxMs / 1000} s, WIRE_POLL_MAX_SECONDS) was reached; what was read is stored`
                : null,
        };
        try {
          return await pollLeased(feed, trigger, clock);
        } finally {
          clearInterval(renewing);
        }
      } finally {
        await lease.release(leaseName, holder);
      }
    },

    /** The cron tick: every enabled, unpaused feed whose time has come. */
    async pollDue(): Promise<PollResult[]> {
      const due = await strapi.db.query(UID.feed).findMany({
        where: {
          enabled: true,
          $and: [
            { $or: [{ paused: { $null: true } }, { paused: false }] },
            { $or: [{ nextPollAt: { $null: true } }, { nextPollAt: { $lte: new Date() } }] },
          ],
        },
        select: ['documentId'],
      });
      // Side by side, a bounded number at a time on this node (slots shared by overlapping ticks):
      // each poll has its own time limit, so a slow feed holds one slot and delays no other, and a
      // feed still being polled from an earlier tick is not started again.
      const fresh = due.filter((feed: Row) => !inFlight.has(feed.documentId));
      return Promise.all(
        fresh.map(async (feed: Row): Promise<PollResult> => {
          inFlight.add(feed.documentId);
          try {
            await slots.take();
            try {
              return await this.pollFeed(feed.documentId, 'schedule');
            } finally {
              slots.give();
            }
          } catch (error) {
            strapi.log.error(`[wire] scheduled poll of feed ${feed.documentId} failed: ${(error as Error).message}`);
            return { feed: feed.documentId, skipped: `failed: ${(error as Error).message}`, run: null, outcome: null };
          } finally {
            inFlight.delete(feed.documentId);
          }
        }),
      );
    },
  };
};
