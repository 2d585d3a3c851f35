/**
 * The ingest pipeline at Strapi's edge: bytes → text → parse → prepare → store, one report per
 * document. One bad item never sinks its batch; one bad file never sinks its folder.
 */
import { promises as fs } from 'node:fs';
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { DocumentError } from '../formats/types';
import { detectFormat, formatByName } from '../formats/registry';
import { createHash } from 'node:crypto';
import { PREPARE_VERSION, prepareItem, type PrepareContext, type PreparedArticle } from '../ingest/prepare';
import type { AgencyRef, DeferredItem, ItemProblem, StreamedItems, WireItem } from '../formats/types';
import {
  AGENCY_DIRECTORY,
  AgencyIndex,
  SHIPPED,
  readAliases,
  refOf,
  storedDirectoryVersion,
} from '../agencies/directory';
import { isUniqueViolation, newStoreCache, type StoreContext, type StoreResult } from './store';
import { isBusy, retryBusy } from '../database/busy';
import type { Outcome } from '../ingest/summary';
import {
  isUrl,
  listFiles,
  openDropFile,
  readFileSource,
  type FetchedDocument,
  type SourceLimits,
} from '../ingest/sources';
import { addReport, emptySummary, type FileReport, type IngestSummary, type Problem } from '../ingest/summary';
import { openFeed } from '../ingest/http';
import { contentFingerprint, SeenIdentities } from '../ingest/seen';
import { byteStreamText, fileText, WHOLE_FILE_BYTES, wholeText, type DocumentText } from '../ingest/stream';
import { applyRules, type CompiledRule } from '../ingest/rules';
import { wire } from './wire';

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
  /** The agency (code) of copy that names none (`wire ingest --agency CODE`); it wins over the feed's. */
  agency?: string | null;
  /** The licence notice of items that carry none (`wire ingest --licence "..."`). */
  licence?: string | null;
  /** Called (and awaited) after each stored batch with the document's counts so far: "Run now" shows them live. */
  onProgress?: (report: FileReport) => Promise<void> | void;
  /**
   * Parse and normalise everything, compare identities with the database, store nothing: `created`
   * and `updated` then count what would be.
   */
  dryRun?: boolean;
  /** The file is a drop folder's: opened without following a link (ingest/sources.ts openDropFile). */
  dropFile?: boolean;
  /** Items of each document to skip (a resumed backfill: the ones its checkpoint says are stored). */
  startAt?: number;
  /** Called (and awaited) when every item up to number `done` is stored and committed: a backfill's checkpoint. */
  onCommitted?: (done: number, report: FileReport, problems: Problem[]) => Promise<void> | void;
}

/**
 * What an item's normalised form depends on, hashed: the item as delivered (its XML and what reading
 * it takes from around it, for an item not read yet; else the item as parsed), the feed's defaults,
 * the agency directory as stored, the licence given for items without one, and this code. Two
 * deliveries with the same hash normalise to the same article, so the second is skipped unread.
 * The parts shared by a whole slice are written out once.
 */
function sourceHasher(
  context: PrepareContext,
  settings: { feedLicence: string | null; givenLicence: string | null; directory: string },
): (item: Numbered) => string {
  const tail = `,${JSON.stringify([context.defaultAgency ?? null, context.feedTitle ?? null, settings])}]`;
  const parsed = `[${JSON.stringify(PREPARE_VERSION)},"item",`;
  const unread = `[${JSON.stringify(PREPARE_VERSION)},"source",`;
  return ({ item, deferred }) =>
    deferred
      ? createHash('sha256')
          .update(unread)
          .update(JSON.stringify(deferred.context))
          .update(`,${deferred.source.length}:`)
          .update(deferred.source)
          .update(tail)
          .digest('hex')
      : createHash('sha256').update(parsed).update(JSON.stringify(item)).update(tail).digest('hex');
}

/** An item numbered in its document: read already, or not yet (found by a stream with `defer`). */
type Numbered = { index: number; item?: WireItem; deferred?: DeferredItem };

/**
 * An item ready to store, with its place in the document and its source hash, and the routing
 * rules it matched (their hits are counted once it is stored).
 */
type Pending = { index: number; article: PreparedArticle; sourceHash: string; rules?: string[] };

/**
 * An item the database refused. Marked explicitly, not told apart with `instanceof Error`: the
 * SQLite driver's errors may come from another realm (a vm context under Jest) and fail that test.
 */
type Failed = { failed: Error };

/** Warnings listed per document (the rest are counted). */
const MAX_WARNINGS = 1000;

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
  const store = () => wire(strapi).service('store');
  /** The same limits for files and URLs as the poller uses (WIRE_HTTP_*). */
  const limits = () => strapi.plugin('wire').config('http') as SourceLimits;
  /** One item's XML at most (WIRE_MAX_ITEM_BYTES); a streamed file at most (WIRE_MAX_DOCUMENT_BYTES). */
  const itemLimit = () => strapi.plugin('wire').config('maxItemBytes') as number;
  const documentLimit = () => strapi.plugin('wire').config('maxDocumentBytes') as number;

  async function feedContext(feedDocumentId: string | null | undefined) {
    if (!feedDocumentId) return { defaultAgency: null, feedLicenceDocumentId: null, format: null, lenient: false };
    const feed: any = await strapi
      .documents(UID.feed)
      .findOne({ documentId: feedDocumentId, populate: ['defaultAgency', 'defaultLicence'] });
    if (!feed) throw new DocumentError(`no feed with id ${feedDocumentId}`, 'feed');
    return {
      defaultAgency: feed.defaultAgency
        ? { code: feed.defaultAgency.code, name: feed.defaultAgency.name, homepage: feed.defaultAgency.homepage }
        : null,
      feedLicenceDocumentId: feed.defaultLicence?.documentId ?? null,
      format: feed.format as string,
      lenient: feed.lenient === true,
    };
  }

  // The stored directory (editors' aliases included), read at most every few seconds.
  let directory: { index: AgencyIndex; digest: string; at: number; version: number } | null = null;
  async function storedAgencies(): Promise<{ index: AgencyIndex; digest: string }> {
    if (directory && directory.version === storedDirectoryVersion.value && Date.now() - directory.at < 5000)
      return directory;
    const version = storedDirectoryVersion.value;
    const rows = await strapi.db
      .query(UID.agency)
      .findMany({ select: ['code', 'name', 'aliases', 'homepage'], limit: 5000 });
    const stored = rows.map((r: any) => ({
      code: r.code,
      name: r.name,
      aliases: readAliases(r.aliases),
      homepage: r.homepage ?? null,
    }));
    stored.sort((a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    // Stored entries first (an editor's alias wins), then whatever the shipped directory adds.
    const entries = [...stored, ...AGENCY_DIRECTORY];
    const digest = createHash('sha256').update(JSON.stringify(entries)).digest('hex');
    directory = { index: new AgencyIndex(entries), digest, at: Date.now(), version };
    return directory;
  }

  /** An agency given by code: the stored one, the directory's, or a new one (flagged for the desk). */
  async function agencyByCode(code: string): Promise<AgencyRef> {
    const upper = code.trim().toUpperCase();
    if (!/^[A-Z0-9][A-Z0-9-]{0,23}$/.test(upper))
      throw new DocumentError(`agency code "${code}" is not a code (letters, digits and -, at most 24)`, 'agency');
    const row = await strapi.db.query(UID.agency).findOne({ where: { code: upper } });
    if (row) return { code: row.code, name: row.name, homepage: row.homepage ?? null };
    const shipped = SHIPPED.code(upper);
    return shipped ? refOf(shipped) : { code: upper, name: upper, homepage: null, isNew: true };
  }

  /** Ingests one fetched document; never throws for bad content, it reports it. */
  async function ingestFetched(doc: FetchedDocument, options: IngestOptions, summary: IngestSummary) {
    return ingestText(() => wholeText(doc.origin, doc.bytes, doc.charset), doc.origin, options, summary);
  }

  /** One document being ingested: its options, its counts and problems so far. */
  interface DocumentRun {
    origin: string;
    options: IngestOptions;
    report: FileReport;
    problems: Problem[];
    warnings: Problem[];
    feedLicenceDocumentId: string | null;
    /** `--licence`: the notice of items that carry none. */
    givenLicence: string | null;
    /** An agency is given (`--agency` or the feed's default) for copy that names none. */
    agencyGiven?: boolean;
    store: StoreContext;
    /** Dry run: what this document would have stored so far (compact: it grows with the document). */
    wouldStore: SeenIdentities;
    /** A digest of the agency directory as stored (editors' aliases included): part of the source hash. */
    directory: string;
    /** Warnings past MAX_WARNINGS, counted, not kept. */
    warningsLeftOut: number;
    /** The routing rules, read once for the document (services/rules.ts). */
    rules: CompiledRule[];
    /** Stories each rule matched that were stored, not yet added to its hits. */
    hits: Map<string, number>;
  }

  /**
   * Warnings kept per document: an archive whose every item warns (a date out of range, say) would
   * otherwise hold a million of them. Rejections are all kept: the summary's promise is every one.
   */
  function warn(run: DocumentRun, warning: Problem): void {
    if (run.warnings.length < MAX_WARNINGS) run.warnings.push(warning);
    else run.warningsLeftOut += 1;
  }

  /** A problem a format found reading an item: a warning, or the reason the item is not read. */
  function noteProblem(run: DocumentRun, p: ItemProblem): void {
    if (p.warning) warn(run, { ...p, source: run.origin });
    else run.problems.push({ ...p, source: run.origin });
  }

  /**
   * Ingests one document's text: its format read from its start; a list of items (RSS, Atom, G2
   * messages) read item by item as the text arrives, other formats whole. Items are prepared and
   * stored a slice at a time, so memory holds one slice, never the whole document's items.
   */
  async function ingestText(
    open: () => DocumentText | Promise<DocumentText>,
    origin: string,
    options: IngestOptions,
    summary: IngestSummary,
  ) {
    const report: FileReport = {
      source: origin,
      format: null,
      items: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      error: null,
    };
    const run: DocumentRun = {
      origin,
      options,
      report,
      problems: [],
      warnings: [],
      feedLicenceDocumentId: null,
      givenLicence: options.licence?.trim() || null,
      store: {},
      wouldStore: new SeenIdentities(),
      directory: '',
      warningsLeftOut: 0,
      rules: [],
      hits: new Map(),
    };
    try {
      const feed = await feedContext(options.feedDocumentId);
      run.feedLicenceDocumentId = feed.feedLicenceDocumentId;
      run.store = {
        feedDocumentId: options.feedDocumentId ?? null,
        feedLicenceDocumentId: feed.feedLicenceDocumentId,
        cache: newStoreCache(),
      };
      const text = await open();
      if (feed.lenient) {
        run.warnings.push({
          source: origin,
          item: 0,
          field: 'lenient',
          reason:
            'the feed is marked lenient: XML that is not well-formed is read by a forgiving reader instead of refused',
        });
      }
      // `--agency` wins over the feed's default.
      const defaultAgency = options.agency ? await agencyByCode(options.agency) : feed.defaultAgency;
      run.agencyGiven = !!defaultAgency;
      const name = options.format || feed.format || 'auto';
      const format =
        name === 'auto'
          ? detectFormat({ text: text.whole ?? text.head, origin, agencyGiven: run.agencyGiven })
          : formatByName(name);
      report.format = format.name;
      const { index: agencies, digest } = await storedAgencies();
      run.directory = digest;
      run.rules = await wire(strapi).service('rules').active();
      let context: PrepareContext | null = null;
      // The feed's title names an unknown agency; feeds give it before their items.
      const slices = sliceItems(run, (items, feedTitle) =>
        processSlice(run, items, (context ??= { defaultAgency, feedTitle: feedTitle() ?? null, agencies })),
      );
      await readItems(run, text, format, feed.lenient, slices);
      if (text.note) run.warnings.unshift({ source: origin, item: 0, field: 'encoding', reason: text.note });
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      report.error = error.message;
      run.problems.push({ source: origin, item: 0, field: error.field, reason: error.message });
    }
    if (run.warningsLeftOut)
      run.warnings.push({
        source: origin,
        item: 0,
        field: null,
        reason: `${run.warningsLeftOut} more warnings not listed (the first ${MAX_WARNINGS} are)`,
        warning: true,
      });
    return addReport(summary, report, run.problems, run.warnings);
  }

  /** The document's items as the format reads them: streamed item by item, or parsed whole. */
  async function readItems(
    run: DocumentRun,
    text: DocumentText,
    format: ReturnType<typeof formatByName>,
    lenient: boolean,
    take: ReturnType<typeof sliceItems>,
  ) {
    const { origin } = run;
    if (format.streamItems) {
      // Items are handed over unread: skipRedeliveries reads only those not delivered before.
      const stream = format.streamItems({ origin, lenient }, { maxItemChars: itemLimit(), defer: true });
      // A source that breaks off (an HTTP body cut short or over its cap): the items that came
      // complete before it are stored, then the failure is reported.
      let cut: unknown = null;
      const pieces = async function* () {
        try {
          yield* text.pieces();
        } catch (error) {
          cut = error;
        }
      };
      for await (const piece of pieces()) await take(stream.write(piece), () => stream.feedTitle(), false);
      if (cut) {
        await take({ items: [], problems: [] }, () => stream.feedTitle(), true);
        throw cut;
      }
      await take(stream.close(), () => stream.feedTitle(), true);
      return;
    }
    if (text.whole === null)
      throw new DocumentError(
        `a ${format.name} document is read whole, and this one is over the ${WHOLE_FILE_BYTES}-byte limit for that (only RSS, Atom and NewsML-G2 are read item by item)`,
        'file',
      );
    const parsed = format.parse({ text: text.whole, origin, lenient, agencyGiven: run.agencyGiven });
    run.report.format = parsed.format;
    await take(
      { items: parsed.items.map((item, i) => ({ index: i + 1, item })), problems: parsed.problems },
      () => parsed.feedTitle,
      true,
    );
  }

  /** Collects items as they are read and hands them on SLICE_SIZE at a time (the rest at the end). */
  function sliceItems(
    run: DocumentRun,
    handle: (items: Numbered[], feedTitle: () => string | null | undefined) => Promise<void>,
  ) {
    const { report, options } = run;
    let slice: Numbered[] = [];
    return async (batch: StreamedItems, feedTitle: () => string | null | undefined, flush: boolean) => {
      for (const p of batch.problems) {
        noteProblem(run, p);
        if (!p.warning) {
          report.rejected += 1;
          report.items += 1;
        }
      }
      const found: Numbered[] = batch.deferred?.length
        ? [...batch.deferred.map((d) => ({ index: d.index, deferred: d })), ...batch.items]
        : batch.items;
      report.items += found.length;
      // A resumed backfill: the items its checkpoint says are stored are counted, not read again.
      slice.push(...(options.startAt ? found.filter((s) => s.index > options.startAt!) : found));
      while (slice.length >= SLICE_SIZE || (flush && slice.length)) {
        const next = slice.slice(0, SLICE_SIZE);
        slice = slice.slice(SLICE_SIZE);
        await handle(next, feedTitle);
      }
    };
  }

  /** One slice: re-deliveries recognised, the rest normalised, unchanged content dropped, the rest stored (or counted). */
  async function processSlice(run: DocumentRun, slice: Numbered[], ctx: PrepareContext) {
    const fresh = prepareFresh(run, readFresh(run, await skipRedeliveries(run, slice, ctx)), ctx);
    // Same content under another source hash (delivered differently, or hashed by an older Wire):
    // unchanged too, in bulk, and this delivery's hash is recorded so that the next one is skipped unread.
    const stored: Map<string, string> = await store().storedHashes(fresh.map((f) => f.article.identity));
    const toStore: Pending[] = [];
    const rehashed: Array<{ identity: string; sourceHash: string }> = [];
    for (const f of fresh) {
      if (stored.get(f.article.identity) === f.article.contentHash) {
        run.report.unchanged += 1;
        rehashed.push({ identity: f.article.identity, sourceHash: f.sourceHash });
      } else toStore.push(f);
    }
    if (run.options.dryRun) countWouldStore(run, toStore, stored);
    else {
      await store().recordSourceHashes(rehashed);
      await storeSlice(run, toStore, stored);
      await wire(strapi).service('rules').recordHits(run.hits);
      run.hits.clear();
      // The slice's webhook events go out before the next slice is stored: when the database is
      // slower than the parse, they would otherwise pile up (memory, and pool connections: a 100,000-
      // story ingest on PostgreSQL on a loaded machine timed out acquiring one).
      await strapi.plugin('wire').service('changes').flush();
    }
    await run.options.onCommitted?.(slice[slice.length - 1].index, { ...run.report }, [...run.problems]);
  }

  /**
   * An item exactly as delivered before (same source, same feed settings) is unchanged: found in
   * bulk by its source hash, without reading or normalising it again. Returns the others with their hashes.
   */
  async function skipRedeliveries(
    run: DocumentRun,
    slice: Numbered[],
    ctx: PrepareContext,
  ): Promise<Array<Numbered & { sourceHash: string }>> {
    for (const { item } of slice) if (item) withGivenLicence(run, item);
    const hash = sourceHasher(ctx, {
      feedLicence: run.feedLicenceDocumentId,
      givenLicence: run.givenLicence,
      directory: run.directory,
    });
    const hashed = slice.map((s) => ({ ...s, sourceHash: hash(s) }));
    // A scoped push is normalised in full: its agency is known only then.
    if (run.options.agencies) return hashed;
    const seen: Set<string> = await store().storedSourceHashes(hashed.map((h) => h.sourceHash));
    const rest = hashed.filter((h) => !seen.has(h.sourceHash));
    run.report.unchanged += hashed.length - rest.length;
    return rest;
  }

  /** `--licence`: the notice of an item that carries none. */
  function withGivenLicence(run: DocumentRun, item: WireItem): WireItem {
    if (run.givenLicence && !item.rights?.notice.trim()) item.rights = { notice: run.givenLicence, holder: null };
    return item;
  }

  /**
   * Reads the items not read yet (XML streamed with `defer`), reporting their warnings (an unreadable
   * date) as a parse would. An item whose XML is not well-formed fails the document where it stands,
   * as the parser fails it (formats/stream.ts): the items of earlier slices are stored.
   */
  function readFresh(
    run: DocumentRun,
    items: Array<Numbered & { sourceHash: string }>,
  ): Array<{ index: number; item: WireItem; sourceHash: string }> {
    const read: Array<{ index: number; item: WireItem; sourceHash: string }> = [];
    for (const { index, item, deferred, sourceHash } of items) {
      if (item) {
        read.push({ index, item, sourceHash });
        continue;
      }
      const found: ItemProblem[] = [];
      read.push({ index, item: withGivenLicence(run, deferred!.read(found)), sourceHash });
      for (const p of found) noteProblem(run, p);
    }
    return read;
  }

  /** Normalises each item; a rejected one (or one of an agency the push token may not send) is reported. */
  function prepareFresh(
    run: DocumentRun,
    items: Array<{ index: number; item: WireItem; sourceHash: string }>,
    ctx: PrepareContext,
  ): Pending[] {
    const { report, problems, options, origin } = run;
    const fresh: Pending[] = [];
    for (const { index, item, sourceHash } of items) {
      const result = prepareItem(item, index, ctx);
      if (!result.ok) {
        report.rejected += 1;
        problems.push({ ...result.problem, source: origin });
      } else if (options.agencies && !options.agencies.includes(result.article.agency.code.toUpperCase())) {
        report.rejected += 1;
        problems.push({
          source: origin,
          item: index,
          guid: result.article.guid,
          field: 'agency',
          reason: `copy credited to ${result.article.agency.code}: this token may push only for ${options.agencies.join(', ')}`,
        });
      } else {
        for (const w of result.warnings) warn(run, { ...w, source: origin });
        fresh.push({ index: index - 1, article: result.article, sourceHash, rules: route(run, result.article) });
      }
    }
    return fresh;
  }

  /**
   * The routing rules (ingest/rules.ts), before the story is stored: its section and keywords as
   * they leave them, and a hold for review. The content hash stays the agency's copy's (a
   * re-delivery of the same copy is unchanged, whatever the rules say now). Returns the rules hit.
   */
  function route(run: DocumentRun, article: PreparedArticle): string[] | undefined {
    if (!run.rules.length) return undefined;
    const routed = applyRules(run.rules, {
      agency: article.agency.code,
      feed: run.store.feedDocumentId ?? null,
      section: article.section,
      keywords: article.keywords ?? [],
      urgency: article.urgency,
      language: article.language,
      headline: article.headline,
      bodyText: article.bodyText,
    });
    article.section = routed.section;
    article.keywords = routed.keywords;
    article.reviewHold = routed.hold;
    article.routing = routed.routing;
    return routed.routing?.rules.map((r) => r.documentId);
  }

  /** Hits of the rules that matched stories just stored. */
  function countHits(run: DocumentRun, item: Pending) {
    for (const id of item.rules ?? []) run.hits.set(id, (run.hits.get(id) ?? 0) + 1);
  }

  /** Dry run: what would be created, updated or found unchanged, a second copy in the document included. */
  function countWouldStore(run: DocumentRun, toStore: Pending[], stored: Map<string, string>) {
    for (const { article } of toStore) {
      const storedHash = stored.get(article.identity);
      const before =
        run.wouldStore.get(article.identity) ?? (storedHash === undefined ? undefined : contentFingerprint(storedHash));
      run.report[
        before === undefined ? 'created' : before === contentFingerprint(article.contentHash) ? 'unchanged' : 'updated'
      ] += 1;
      run.wouldStore.set(article.identity, article.contentHash);
    }
  }

  /** Stores a slice's items in document order: runs of new stories in bulk, the rest item by item. */
  async function storeSlice(run: DocumentRun, toStore: Pending[], stored: Map<string, string>) {
    const { report, problems, origin } = run;
    for (const group of storeGroups(toStore, stored)) {
      const outcomes = await (group.bulk ? storeBulk : storeBatch)(group.items, run.store);
      for (const [k, outcome] of outcomes.entries()) {
        const { index, article } = group.items[k];
        if (typeof outcome === 'string') {
          report[outcome] += 1;
          if (outcome === 'created' || outcome === 'updated') countHits(run, group.items[k]);
        } else {
          report.rejected += 1;
          problems.push({
            source: origin,
            item: index + 1,
            guid: article.guid,
            field: null,
            reason: `could not store: ${outcome.message}`,
          });
        }
      }
      await run.options.onProgress?.({ ...report });
    }
  }

  /**
   * Stores new stories in bulk (services/store.ts storeNew), one transaction per batch; a batch that
   * fails is stored again item by item (storeBatch), so one bad item never sinks its batch.
   */
  async function storeBulk(batch: Pending[], context: StoreContext): Promise<Array<Outcome | Error>> {
    const changes = wire(strapi).service('changes');
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
      for (let start = 0; start < batch.length; start += BATCH_SIZE)
        outcomes.push(...(await storeBatch(batch.slice(start, start + BATCH_SIZE), context)));
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
    const changes = wire(strapi).service('changes');
    let stored: Array<StoreResult | Failed>;
    try {
      stored = await retryBusy(() =>
        strapi.db.transaction(async () => {
          const results: StoreResult[] = [];
          for (const { article, sourceHash } of batch)
            results.push(await store().storeOnce(article, { ...context, sourceHash }));
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

  async function storeInSavepoint(
    trx: { raw(sql: string): Promise<unknown> },
    article: PreparedArticle,
    context: StoreContext,
  ): Promise<StoreResult | Failed> {
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
    const report: FileReport = {
      source: origin,
      format: null,
      items: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      error: error.message,
    };
    return addReport(summary, report, [{ source: origin, item: 0, field: error.field, reason: error.message }], []);
  }

  return {
    /**
     * Articles already prepared (bench/ingest gives Wire and the Document Service loop the same
     * items): stored as an ingest stores them, new stories in bulk; returns the outcome of each.
     */
    async storePrepared(
      articles: Array<{ article: PreparedArticle; sourceHash: string }>,
      options: { feedDocumentId?: string | null } = {},
    ): Promise<Array<Outcome | Error>> {
      const feed = await feedContext(options.feedDocumentId);
      const context = {
        feedDocumentId: options.feedDocumentId ?? null,
        feedLicenceDocumentId: feed.feedLicenceDocumentId,
        cache: newStoreCache(),
      };
      const pending: Pending[] = articles.map((a, index) => ({ index, ...a }));
      const stored: Map<string, string> = await store().storedHashes(pending.map((p) => p.article.identity));
      const outcomes: Array<Outcome | Error> = [];
      for (const group of storeGroups(pending, stored))
        outcomes.push(...(await (group.bulk ? storeBulk : storeBatch)(group.items, context)));
      return outcomes;
    },

    /** A document given as text or bytes (HTTP push). */
    async ingestDocument(
      content: string | Buffer,
      origin: string,
      options: IngestOptions = {},
    ): Promise<IngestSummary> {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const summary = await ingestFetched(
        { origin, bytes, charset: typeof content === 'string' ? 'utf-8' : (options.charset ?? null) },
        options,
        emptySummary(),
      );
      options.onReport?.(summary.reports[0], 1, 1);
      return summary;
    },

    /**
     * A body as it arrives (a polled feed's HTTP body): read item by item, capped at the document
     * limit; items complete before the body breaks off are stored, and the break is the report's error.
     */
    async ingestStream(
      body: AsyncIterable<Buffer>,
      origin: string,
      options: IngestOptions = {},
    ): Promise<IngestSummary> {
      const summary = emptySummary();
      await ingestText(
        () => byteStreamText(origin, body, options.charset ?? null, documentLimit()),
        origin,
        options,
        summary,
      );
      options.onReport?.(summary.reports[0], 1, 1);
      return summary;
    },

    /** A file, a folder (every file in it, recursively) or an http(s) URL. */
    async ingest(target: string, options: IngestOptions = {}): Promise<IngestSummary> {
      const summary = emptySummary();
      if (isUrl(target)) {
        // The body is parsed as it arrives (gunzipped): a large one is never held whole.
        const open = async () => {
          const opened = await openFeed(target, { ...limits(), maxBytes: documentLimit() });
          if (opened.status !== 'ok')
            throw new DocumentError(`HTTP 304 from ${target} without a conditional request`, 'http');
          return byteStreamText(target, opened.body, opened.charset, documentLimit());
        };
        try {
          await ingestText(open, target, options, summary);
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
          // A drop folder's file is read through one handle opened without following links.
          const handle = options.dropFile ? await openDropFile(file) : undefined;
          try {
            // A large file (an archive) is read from disk as it is parsed, item by item.
            const size = (await (handle ? handle.stat() : fs.stat(file)).catch(() => null))?.size ?? 0;
            if (size > WHOLE_FILE_BYTES)
              await ingestText(() => fileText(file, documentLimit(), handle), file, options, summary);
            else await ingestFetched(await readFileSource(file, limits(), handle), options, summary);
          } finally {
            await handle?.close();
          }
        } catch (error) {
          await failedSource(file, error, summary);
        }
        options.onReport?.(summary.reports[summary.reports.length - 1], i + 1, files.length);
      }
      return summary;
    },
  };
};
