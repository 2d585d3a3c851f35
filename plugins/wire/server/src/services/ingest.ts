/**
 * The ingest pipeline at Strapi's edge: bytes → text → parse → prepare → store, one report per
 * document. One bad item never sinks its batch; one bad file never sinks its folder.
 */
import { promises as fs } from 'node:fs';
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { DocumentError } from '../formats/types';
import { parseDocument } from '../formats/registry';
import { createHash } from 'node:crypto';
import { PREPARE_VERSION, prepareItem, type PrepareContext, type PreparedArticle } from '../ingest/prepare';
import type { WireItem } from '../formats/types';
import { isUniqueViolation, newStoreCache, type StoreContext, type StoreResult } from './store';
import { isBusy, retryBusy } from '../database/busy';
import type { Outcome } from '../ingest/summary';
import { fetchUrlSource, isUrl, listFiles, readFileSource, type FetchedDocument, type SourceLimits } from '../ingest/sources';
import { addReport, emptySummary, type FileReport, type IngestSummary, type Problem } from '../ingest/summary';
import { decodeBytes } from '../normalise/encoding';

export interface IngestOptions {
  /** `auto` (detect by content) or a format name. */
  format?: string;
  /** Document id of the registered feed the documents belong to. */
  feedDocumentId?: string | null;
  /** The charset the transport named (HTTP Content-Type), for decoding. */
  charset?: string | null;
  /** Called after each document, for progress output. */
  onReport?: (report: FileReport, done: number, total: number) => void;
  /**
   * Agency codes the copy may be credited to (a partner's push token); an item of any other agency
   * is refused, so it can neither replace nor withdraw that agency's stories. Absent: every agency.
   */
  agencies?: string[] | null;
  /** Called (and awaited) after each stored batch with the document's counts so far: "Run now" shows them live. */
  onProgress?: (report: FileReport) => Promise<void> | void;
  /** Items of each document to skip (a resumed backfill: the ones its checkpoint says are stored). */
  startAt?: number;
  /** Called (and awaited) when every item before `done` is stored and committed: a backfill's checkpoint. */
  onCommitted?: (done: number, report: FileReport, problems: Problem[]) => Promise<void> | void;
}

/** What an item's normalised form depends on: the item as parsed, the feed's defaults, and this code. */
function sourceHash(item: WireItem, context: PrepareContext, feedLicence: string | null): string {
  return createHash('sha256').update(JSON.stringify([PREPARE_VERSION, item, context, feedLicence])).digest('hex');
}

/** An item ready to store, with its place in the document and its source hash. */
type Pending = { index: number; article: PreparedArticle; sourceHash: string };

/**
 * An item the database refused. Marked explicitly, not told apart with `instanceof Error`: the
 * SQLite driver's errors may come from another realm (a vm context under Jest) and fail that test.
 */
type Failed = { failed: Error };

/** Items stored per transaction. */
const BATCH_SIZE = 50;
/** New stories stored per transaction by the bulk path (multi-row inserts). */
const BULK_SIZE = 500;

/**
 * The items in document order, grouped: runs of stories new to the database (stored in bulk) and
 * the rest (updates, a second copy of the same story, kill advisories: item by item, in order).
 */
function storeGroups(items: Pending[], stored: Map<string, string>): Array<{ bulk: boolean; items: Pending[] }> {
  const groups: Array<{ bulk: boolean; items: Pending[] }> = [];
  const seen = new Set<string>();
  for (const item of items) {
    const { identity, pubStatus } = item.article;
    const bulk = !stored.has(identity) && !seen.has(identity) && pubStatus !== 'canceled';
    seen.add(identity);
    const last = groups[groups.length - 1];
    if (last && last.bulk === bulk && last.items.length < (bulk ? BULK_SIZE : BATCH_SIZE)) last.items.push(item);
    else groups.push({ bulk, items: [item] });
  }
  return groups;
}
/** Items normalised at a time. */
const SLICE_SIZE = 1000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.plugin('wire').service('store');
  /** The same limits for files and URLs as the poller uses (WIRE_HTTP_*). */
  const limits = () => strapi.plugin('wire').config('http') as SourceLimits;

  async function feedContext(feedDocumentId: string | null | undefined) {
    if (!feedDocumentId) return { defaultAgency: null, feedLicenceDocumentId: null, format: null };
    const feed: any = await strapi.documents(UID.feed).findOne({ documentId: feedDocumentId, populate: ['defaultAgency', 'defaultLicence'] });
    if (!feed) throw new DocumentError(`no feed with id ${feedDocumentId}`, 'feed');
    return {
      defaultAgency: feed.defaultAgency ? { code: feed.defaultAgency.code, name: feed.defaultAgency.name, homepage: feed.defaultAgency.homepage } : null,
      feedLicenceDocumentId: feed.defaultLicence?.documentId ?? null,
      format: feed.format as string,
    };
  }

  /** Ingests one fetched document; never throws for bad content, it reports it. */
  async function ingestFetched(doc: FetchedDocument, options: IngestOptions, summary: IngestSummary) {
    const report: FileReport = { source: doc.origin, format: null, items: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, error: null };
    const problems: Problem[] = [];
    const warnings: Problem[] = [];
    try {
      const feed = await feedContext(options.feedDocumentId);
      const decoded = decodeBytes(doc.bytes, doc.charset);
      if (decoded.note) warnings.push({ source: doc.origin, item: 0, field: 'encoding', reason: decoded.note });
      const parsed = parseDocument({ text: decoded.text, origin: doc.origin }, options.format || feed.format || 'auto');
      report.format = parsed.format;
      for (const p of parsed.problems) {
        (p.warning ? warnings : problems).push({ ...p, source: doc.origin });
        if (!p.warning) report.rejected += 1;
      }
      report.items = parsed.items.length + report.rejected;
      const prepareContext = { defaultAgency: feed.defaultAgency, feedTitle: parsed.feedTitle };
      const context = { feedDocumentId: options.feedDocumentId ?? null, feedLicenceDocumentId: feed.feedLicenceDocumentId, cache: newStoreCache() };
      // A slice at a time: only one slice's normalised articles are in memory at once.
      for (let offset = options.startAt ?? 0; offset < parsed.items.length; offset += SLICE_SIZE) {
        const items = parsed.items.slice(offset, offset + SLICE_SIZE);
        // An item exactly as delivered before (same source, same feed settings) is unchanged: found
        // in bulk by its source hash, without normalising it again.
        const sourceHashes = items.map((item) => sourceHash(item, prepareContext, feed.feedLicenceDocumentId));
        const seenSources: Set<string> = await store().storedSourceHashes(sourceHashes);
        const toStore: Pending[] = [];
        const fresh: Pending[] = [];
        for (const [k, item] of items.entries()) {
          // A scoped push is normalised in full: its agency is known only then.
          if (!options.agencies && seenSources.has(sourceHashes[k])) {
            report.unchanged += 1;
            continue;
          }
          const result = prepareItem(item, offset + k + 1, prepareContext);
          if (!result.ok) {
            report.rejected += 1;
            problems.push({ ...result.problem, source: doc.origin });
          } else if (options.agencies && !options.agencies.includes(result.article.agency.code.toUpperCase())) {
            report.rejected += 1;
            problems.push({
              source: doc.origin, item: offset + k + 1, guid: result.article.guid, field: 'agency',
              reason: `copy credited to ${result.article.agency.code}: this token may push only for ${options.agencies.join(', ')}`,
            });
          } else fresh.push({ index: offset + k, article: result.article, sourceHash: sourceHashes[k] });
        }
        // Same content under another source hash (e.g. after an upgrade): unchanged too, in bulk.
        const stored: Map<string, string> = await store().storedHashes(fresh.map((f) => f.article.identity));
        for (const f of fresh) {
          if (stored.get(f.article.identity) === f.article.contentHash) report.unchanged += 1;
          else toStore.push(f);
        }
        for (const group of storeGroups(toStore, stored)) {
          const outcomes = await (group.bulk ? storeBulk : storeBatch)(group.items, context);
          for (const [k, outcome] of outcomes.entries()) {
            const { index, article } = group.items[k];
            if (typeof outcome === 'string') report[outcome] += 1;
            else {
              report.rejected += 1;
              problems.push({ source: doc.origin, item: index + 1, guid: article.guid, field: null, reason: `could not store: ${outcome.message}` });
            }
          }
          await options.onProgress?.({ ...report });
        }
        await options.onCommitted?.(Math.min(offset + SLICE_SIZE, parsed.items.length), { ...report }, [...problems]);
      }
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      report.error = error.message;
      problems.push({ source: doc.origin, item: 0, field: error.field, reason: error.message });
    }
    return addReport(summary, report, problems, warnings);
  }

  /**
   * Stores new stories in bulk (services/store.ts storeNew), one transaction per batch; a batch that
   * fails is stored again item by item (storeBatch), so one bad item never sinks its batch.
   */
  async function storeBulk(batch: Pending[], context: StoreContext): Promise<Array<Outcome | Error>> {
    const changes = strapi.plugin('wire').service('changes');
    let stored: StoreResult[];
    try {
      stored = await retryBusy(() =>
        strapi.db.transaction(async () => {
          const results: StoreResult[] = await store().storeNew(batch, context);
          await changes.stamp();
          return results;
        }),
      );
    } catch (error) {
      Object.assign(context.cache ?? {}, newStoreCache());
      if (isBusy(error)) throw error;
      const outcomes: Array<Outcome | Error> = [];
      for (let start = 0; start < batch.length; start += BATCH_SIZE) outcomes.push(...(await storeBatch(batch.slice(start, start + BATCH_SIZE), context)));
      return outcomes;
    }
    changes.announce(stored.flatMap((r) => r.changes));
    return stored.map((r) => r.outcome);
  }

  /**
   * Stores a batch of items in one transaction (one commit instead of fifty). Optimistic first: the
   * batch as a whole. If any item fails, the batch is rolled back and stored again with a savepoint
   * per item, so the failing item is rolled back alone and reported, and the others go in. A process
   * killed mid-batch loses the whole batch, never half an article; the next run stores it.
   */
  async function storeBatch(batch: Pending[], context: StoreContext): Promise<Array<Outcome | Error>> {
    const changes = strapi.plugin('wire').service('changes');
    let stored: Array<StoreResult | Failed>;
    try {
      stored = await retryBusy(() =>
        strapi.db.transaction(async () => {
          const results: StoreResult[] = [];
          for (const { article, sourceHash } of batch) results.push(await store().storeOnce(article, { ...context, sourceHash }));
          await changes.stamp();
          return results;
        }),
      );
    } catch (error) {
      Object.assign(context.cache ?? {}, newStoreCache());
      if (isBusy(error)) throw error;
      stored = await retryBusy(() =>
        strapi.db.transaction(async ({ trx }) => {
          const results: Array<StoreResult | Failed> = [];
          for (const { article, sourceHash } of batch) {
            results.push(await storeInSavepoint(trx, article, { ...context, sourceHash }));
          }
          await changes.stamp();
          return results;
        }),
      );
    }
    // Committed: now partners may be told.
    changes.announce(stored.flatMap((r) => ('failed' in r ? [] : r.changes)));
    return stored.map((r) => ('failed' in r ? r.failed : r.outcome));
  }

  async function storeInSavepoint(trx: { raw(sql: string): Promise<unknown> }, article: PreparedArticle, context: StoreContext): Promise<StoreResult | Failed> {
    for (let attempt = 1; ; attempt += 1) {
      await trx.raw('SAVEPOINT wire_item');
      try {
        const result: StoreResult = await store().storeOnce(article, context);
        await trx.raw('RELEASE SAVEPOINT wire_item');
        return result;
      } catch (error) {
        await trx.raw('ROLLBACK TO SAVEPOINT wire_item');
        Object.assign(context.cache ?? {}, newStoreCache());
        // SQLite busy: the whole batch is tried again. Another process stored the same story a
        // moment ago: the second attempt finds it.
        if (isBusy(error)) throw error;
        if (isUniqueViolation(error) && attempt < 2) continue;
        return { failed: error as Error };
      }
    }
  }

  async function failedSource(origin: string, error: unknown, summary: IngestSummary) {
    if (!(error instanceof DocumentError)) throw error;
    const report: FileReport = { source: origin, format: null, items: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, error: error.message };
    return addReport(summary, report, [{ source: origin, item: 0, field: error.field, reason: error.message }], []);
  }

  return {
    /**
     * Articles already prepared (bench/ingest gives Wire and the Document Service loop the same
     * items): stored as an ingest stores them, new stories in bulk; returns the outcome of each.
     */
    async storePrepared(articles: Array<{ article: PreparedArticle; sourceHash: string }>, options: { feedDocumentId?: string | null } = {}): Promise<Array<Outcome | Error>> {
      const feed = await feedContext(options.feedDocumentId);
      const context = { feedDocumentId: options.feedDocumentId ?? null, feedLicenceDocumentId: feed.feedLicenceDocumentId, cache: newStoreCache() };
      const pending: Pending[] = articles.map((a, index) => ({ index, ...a }));
      const stored: Map<string, string> = await store().storedHashes(pending.map((p) => p.article.identity));
      const outcomes: Array<Outcome | Error> = [];
      for (const group of storeGroups(pending, stored)) outcomes.push(...(await (group.bulk ? storeBulk : storeBatch)(group.items, context)));
      return outcomes;
    },

    /** A document given as text or bytes (HTTP push). */
    async ingestDocument(content: string | Buffer, origin: string, options: IngestOptions = {}): Promise<IngestSummary> {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const summary = await ingestFetched({ origin, bytes, charset: typeof content === 'string' ? 'utf-8' : options.charset ?? null }, options, emptySummary());
      options.onReport?.(summary.reports[0], 1, 1);
      return summary;
    },

    /** A file, a folder (every file in it, recursively) or an http(s) URL. */
    async ingest(target: string, options: IngestOptions = {}): Promise<IngestSummary> {
      const summary = emptySummary();
      if (isUrl(target)) {
        try {
          await ingestFetched(await fetchUrlSource(target, limits()), options, summary);
        } catch (error) {
          await failedSource(target, error, summary);
        }
        options.onReport?.(summary.reports[0], 1, 1);
        return summary;
      }
      const stat = await fs.stat(target).catch(() => null);
      const files = stat?.isDirectory() ? await listFiles(target) : [target];
      for (const [i, file] of files.entries()) {
        try {
          await ingestFetched(await readFileSource(file, limits()), options, summary);
        } catch (error) {
          await failedSource(file, error, summary);
        }
        options.onReport?.(summary.reports[summary.reports.length - 1], i + 1, files.length);
      }
      return summary;
    },
  };
};
