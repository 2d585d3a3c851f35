/**
 * Articles as partners see them. Every filter that protects a partner (status, embargo, agencies,
 * licence) is built here from the viewer, and the request can only narrow it further.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { cursorCodec, type CursorCodec } from '../serve/cursor';
import { type ChangesQuery, type ListQuery } from '../serve/list-query';
import {
  licenceTerms,
  toPartnerArticle,
  type Access,
  type PartnerArticle,
  type ServePolicy,
  type StoredArticle,
} from '../serve/partner-view';
import { reached } from '../serve/reach';
import type { ExcerptMode, QuoteAsk, Reader } from './ledger';
import { unservedReason } from '../serve/visibility';
import { servePolicyOf } from './serve-policy';
import { wire } from './wire';
import { hasDeskIndex, readsDeskIndex, throughDeskIndex } from '../database/desk-index';
import type { WireConfig } from '../config';

const POPULATE = { agency: true, licence: true } as const;

type Where = Record<string, unknown>;
const idOf = (row: StoredArticle) => (row as unknown as { id: number }).id;
type Viewer = Reader;

/** How long a list's total is reused. */
const COUNT_TTL_MS = 5000;
/** One /changes request reads at most SCAN_PAGES × SCAN_ROWS changes before it answers with what it
 * found (see `changes`); the query leaves out those the partner may not know of, so a page is
 * short of what it shows only when a story changed between two of a request's queries. */
const SCAN_PAGES = 10;
const SCAN_ROWS = 200;

/** One entry of the change feed: the article as the caller may see it now, or a tombstone. */
type TombstoneReason = 'withdrawn' | 'withheld' | 'held' | 'expired' | 'embargoed' | 'not-licensed';

export type Change =
  | { change: 'upsert'; cursor: string; id: string; article: PartnerArticle }
  | {
      change: 'tombstone';
      cursor: string;
      id: string;
      reason: TombstoneReason;
      changedAt: string;
    };

const tombstoneReason = (reason: ReturnType<typeof unservedReason>) =>
  reason === null || reason === 'media' ? ('not-licensed' as const) : reason;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const policy = (): ServePolicy => servePolicyOf(strapi);
  // Every partner read goes through the quote ledger (services/ledger.ts): for quote partners it
  // chooses and records each excerpt; for full partners it is toPartnerArticle and nothing more.
  const ledger = () => wire(strapi).service('ledger');
  const search = () => wire(strapi).service('search');
  const serveAll = async (rows: unknown[], viewer: Viewer, excerpt?: ExcerptMode): Promise<PartnerArticle[]> =>
    withRelated(
      viewer,
      rows as StoredArticle[],
      await ledger().serve(
        viewer,
        rows.map((row) => ({ row: row as StoredArticle })),
        excerpt,
      ),
    );

  /**
   * Full partners: `related`, the same story from other agencies (services/similarity.ts) among
   * the stories this partner may read now, by the same conditions as every read. Quote partners
   * are not told of them.
   */
  async function withRelated(viewer: Viewer, rows: StoredArticle[], served: PartnerArticle[]) {
    if (viewer.access !== 'full' || !served.length) return served;
    const mates = await wire(strapi).service('similarity').clusterMates(rows.map(idOf));
    const all = [...new Set([...mates.values()].flat())];
    const visible = new Map<number, string>(
      all.length
        ? (
            await strapi.db.query(UID.article).findMany({
              where: { $and: [...(await visibleTo(viewer, new Date())), { id: { $in: all } }] },
              select: ['id', 'documentId'],
            })
          ).map((r: { id: number; documentId: string }) => [r.id, r.documentId])
        : [],
    );
    return served.map((article, i) => ({
      ...article,
      related: (mates.get(idOf(rows[i])) ?? []).flatMap((id) => (visible.has(id) ? [visible.get(id)!] : [])),
    }));
  }
  // Change cursors are sealed with a key derived from the app's ENCRYPTION_KEY (APP_KEYS without one).
  let codec: CursorCodec | null = null;
  const cursors = (): CursorCodec => {
    const secret =
      (strapi.config.get('admin.secrets.encryptionKey') as string | undefined) ||
      ([] as string[]).concat(strapi.config.get('server.app.keys') ?? []).join(',');
    codec ??= cursorCodec(secret);
    return codec;
  };

  /** The agencies the caller may read (never widened by a request). */
  function inScope(viewer: Viewer): Where[] {
    return viewer.agencies ? [{ agency: { code: { $in: viewer.agencies } } }] : [];
  }

  /**
   * The conditions every partner read starts from. A licence that forbids syndication keeps its
   * articles from quote partners altogether; such licences are few, so they are looked up first and
   * the (joined) condition is added only when there are any.
   */
  async function visibleTo(viewer: Viewer, now: Date): Promise<Where[]> {
    const where: Where[] = [
      ...inScope(viewer),
      { pubStatus: 'usable' },
      { $or: [{ embargoedUntil: { $null: true } }, { embargoedUntil: { $lte: now } }] },
      { embargoHold: { $null: true } },
      // Held for review by a routing rule (ingest/rules.ts) until an editor releases it.
      { reviewHold: { $null: true } },
      { $or: [{ expiresAt: { $null: true } }, { expiresAt: { $gt: now } }] },
      // Text only: no licence's terms say what may be done with pictures, video, audio, graphics or
      // packages, so none reaches a partner (serve/visibility.ts says why on the desk). Rows stored
      // before item types were kept have none: they are text.
      { $or: [{ itemType: { $null: true } }, { itemType: 'text' }] },
    ];
    if (viewer.access === 'quote') {
      const forbidden = await strapi.db
        .query(UID.licence)
        .findMany({ where: { syndicationAllowed: false }, select: ['id'] });
      // One condition inside the relation: Strapi joins the licence once, not once per branch.
      if (forbidden.length)
        where.push({
          licence: { $or: [{ id: { $null: true } }, { id: { $notIn: forbidden.map((l: { id: number }) => l.id) } }] },
        });
    }
    return where;
  }

  /** `withSearch: false`: all but the search (a ranked page's ids are matches already). */
  function filters(query: ListQuery, viewer: Viewer, withSearch = true): Where[] {
    const where: Where[] = [];
    if (query.agency) where.push({ agency: { code: { $eqi: query.agency } } });
    if (query.section) where.push({ section: { $eqi: query.section } });
    if (query.place) where.push({ datelinePlace: { $eqi: query.place } });
    // `en` matches `en` and `en-GB`.
    if (query.language)
      where.push({
        $or: [{ language: { $eqi: query.language } }, { language: { $startsWithi: `${query.language}-` } }],
      });
    if (query.keyword) where.push({ keywordIndex: { $containsi: `|${query.keyword.toLowerCase()}|` } });
    if (query.search && withSearch) where.push({ id: { $in: search().matchIds(query.search, shownOnly(viewer)) } });
    if (query.since) where.push({ versionCreated: { $gte: query.since } });
    if (query.until) where.push({ versionCreated: { $lte: query.until } });
    return where;
  }

  /**
   * `q`: full partners search the whole text. A quote partner searches only what it is shown of
   * every story (headline, keywords, section): matching the text it is never served would answer
   * "is this phrase in the story?", and enough such answers rebuild the story (issue 10).
   */
  const shownOnly = (viewer: Viewer) => viewer.access !== 'full';

  async function findVisible(viewer: Viewer, documentId: string) {
    return strapi.db
      .query(UID.article)
      .findOne({ where: { $and: [...(await visibleTo(viewer, new Date())), { documentId }] }, populate: POPULATE });
  }

  /**
   * How many articles a list query matches, remembered until the next stored change (on any node:
   * the change counter is part of the key) and for a few seconds at most (embargoes lift without a
   * write): counting every visible article on each request cost more than all the rest of a list
   * (bench/api). Counted through the desk's narrow index (database/desk-index.ts), which holds
   * every column the partner rule reads, unless a search has too few matches to be worth it.
   */
  const counts = new Map<string, { total: number; until: number }>();
  async function countOf(query: string, where: Where, matches: () => Promise<number | null>) {
    const now = Date.now();
    const counter = await strapi.db.connection('wire_counters').where({ name: 'changes' }).first('value');
    const key = `${counter?.value ?? 0}:${query}`;
    const hit = counts.get(key);
    if (hit && hit.until > now) return hit.total;
    const { scanFrom } = strapi.plugin('wire').config('search') as WireConfig['search'];
    const total = readsDeskIndex(await matches(), scanFrom)
      ? Number(
          ((await throughDeskIndex(strapi, strapi.db.queryBuilder(UID.article).where(where).count())) as any[])[0]
            ?.count ?? 0,
        )
      : Number(await strapi.db.query(UID.article).count({ where }));
    if (counts.size > 1000) counts.clear();
    counts.set(key, { total, until: now + COUNT_TTL_MS });
    return total;
  }

  return {
    /** The newsroom's serve policy (the desk shows partner views with the same one). */
    servePolicy: policy,

    async list(viewer: Viewer, query: ListQuery, excerpt?: ExcerptMode) {
      const visible = await visibleTo(viewer, new Date());
      const where = { $and: [...visible, ...filters(query, viewer)] };
      const { page, pageSize, search: _parsed, ...filterValues } = query;
      const rows = (): Promise<unknown[]> =>
        query.search && query.sort === 'relevance'
          ? search().rankedPage(
              { $and: [...visible, ...filters(query, viewer, false)] },
              query.search,
              shownOnly(viewer),
              query,
              POPULATE,
            )
          : strapi.db.query(UID.article).findMany({
              where,
              orderBy: [{ versionCreated: 'desc' }, { id: 'desc' }],
              offset: (page - 1) * pageSize,
              limit: pageSize,
              populate: POPULATE,
            });
      // The page is served (the quote ledger read, and written if need be) while the total is counted.
      const [data, total] = await Promise.all([
        rows().then((results) => serveAll(results, viewer, excerpt)),
        countOf(JSON.stringify([viewer.access, viewer.agencies, filterValues]), where, async () =>
          query.search && hasDeskIndex(strapi) ? search().matchCount(query.search, shownOnly(viewer)) : null,
        ),
      ]);
      const pagination = { page, pageSize, pageCount: Math.ceil(total / pageSize), total };
      return { data, pagination };
    },

    /**
     * An article for its ODRL Agreement (`GET /api/wire/articles/:id/policy`): found by the very
     * conditions of `get`, and shaped by the same pure view the ledger serves it with (nothing spent
     * or recorded); null exactly when `get` is null.
     */
    async policyView(viewer: Viewer, documentId: string) {
      const found = await findVisible(viewer, documentId);
      if (!found) return null;
      const row = found as StoredArticle;
      return {
        article: toPartnerArticle(row, viewer.access, policy()),
        terms: licenceTerms(row.licence, policy()),
        row,
      };
    },

    async get(viewer: Viewer, documentId: string) {
      const found = await findVisible(viewer, documentId);
      return found ? (await serveAll([found], viewer))[0] : null;
    },

    /**
     * For change stamping (services/changes.ts, serve/reach.ts): of these articles, those the partner
     * routes' own rule admits at `access` (any agency), each with the moment it does: now, or when
     * its embargo ends if it is admitted then.
     */
    async servableFrom(
      rows: Array<{ id: number; embargoedUntil: unknown }>,
      access: Access,
      now: Date,
    ): Promise<Map<number, number>> {
      const viewer: Viewer = { access, agencies: null, partner: null, push: null, dailyRequests: null };
      const admitted = async (ids: number[], at: Date) =>
        (
          await strapi.db
            .query(UID.article)
            .findMany({ where: { $and: [...(await visibleTo(viewer, at)), { id: { $in: ids } }] }, select: ['id'] })
        ).map((r: { id: number }) => r.id);
      const out = new Map<number, number>();
      if (!rows.length) return out;
      for (const id of await admitted(
        rows.map((r) => r.id),
        now,
      ))
        out.set(id, now.getTime());
      // Embargoed now: admitted when the embargo ends? (Grouped by that moment: few distinct ones.)
      const later = new Map<number, number[]>();
      for (const r of rows) {
        const t = r.embargoedUntil ? new Date(r.embargoedUntil as string).getTime() : NaN;
        if (out.has(r.id) || !(t > now.getTime())) continue;
        later.set(t, [...(later.get(t) ?? []), r.id]);
      }
      for (const [t, ids] of later) for (const id of await admitted(ids, new Date(t))) out.set(id, t);
      return out;
    },

    /**
     * A passage of an article, as a quotation within the licence and the caller's budget, or the
     * reason it is refused. Each passage the ledger grants a partner is counted in its usage.
     */
    async quote(viewer: Viewer, documentId: string, ask: QuoteAsk) {
      const found = await findVisible(viewer, documentId);
      if (!found) return null;
      const answer = await ledger().quote(viewer, found as StoredArticle, ask);
      if (answer.ok)
        wire(strapi)
          .service('usage')
          .quoted(viewer.ledgerOwner, (found as StoredArticle).agency?.code, answer.words);
      return answer;
    },

    /** What the caller has been given of an article and how many words it has left. */
    async grants(viewer: Viewer, documentId: string) {
      const found = await findVisible(viewer, documentId);
      return found ? ledger().grants(viewer, found as StoredArticle) : null;
    },

    /**
     * Every version of a story, newest first, each as the caller may see it. A story that is
     * withdrawn, embargoed or not the caller's has no versions to show either. Earlier versions are
     * served under the story as it is now: its current licence (an editor's correction applies to
     * every version) and its agency, never the licence a version was stored with. A version that
     * could not be served on its own (withheld, canceled, still embargoed, expired, or with no
     * snapshot to judge by) is left out for everyone, full partners included.
     */
    async versions(viewer: Viewer, documentId: string) {
      const now = new Date();
      const current = await findVisible(viewer, documentId);
      if (!current) return null;
      const earlier = await strapi.db.query(UID.articleVersion).findMany({
        where: { article: { documentId } },
        orderBy: [{ versionCreated: 'desc' }, { id: 'desc' }],
      });
      // Only versions that were usable and are servable now; each under the story's current agency
      // and licence (an editor's correction applies to them all), and spending the story's budget.
      const servable = earlier.filter((v: Record<string, any>) => {
        const snapshot = v.snapshot;
        return (
          !!snapshot &&
          typeof snapshot === 'object' &&
          snapshot.pubStatus === 'usable' &&
          // A review hold is the story's, lifted by its release (the story is served: findVisible).
          unservedReason({ ...snapshot, reviewHold: null }, now) === null
        );
      });
      return ledger().serve(viewer, [
        { row: current as StoredArticle },
        ...servable.map((v: Record<string, any>) => ({
          row: {
            ...v.snapshot,
            documentId,
            pubStatus: 'usable',
            agency: current.agency,
            licence: current.licence,
            licenceSource: current.licenceSource,
          } as StoredArticle,
          current: current as StoredArticle,
        })),
      ]);
    },

    /**
     * Changes after a cursor, oldest first: each article once, at its latest change, as the caller
     * may see it now, or as a tombstone when it is no longer to be shown (withdrawn, expired...).
     * Articles outside the caller's agencies never appear at all, nor does the tombstone of a story
     * that never reached the caller's access level (serve/reach.ts).
     */
    /** Reads a change cursor back (the changes controller parses the query with it). */
    openCursor: (cursor: string) => cursors().open(cursor),

    async changes(
      viewer: Viewer,
      query: ChangesQuery,
      excerpt?: ExcerptMode,
    ): Promise<{ data: Change[]; cursor: string | null; hasMore: boolean }> {
      const changes = wire(strapi).service('changes');
      await changes.releaseDue();
      await changes.stamp();
      const now = new Date();
      const codec = cursors();
      // Who may see what, looked up once for every page read below.
      const visible = await visibleTo(viewer, now);
      const data: Change[] = [];
      // What a partner can observe of an answer (its entries, `hasMore`, that there is a cursor)
      // depends only on the changes it may see. Those it may not (another agency, a story that never
      // reached it) are left out by the query itself, so a request never reads past them, however
      // many there are; `after`, the place the returned cursor names, is the last row read, sealed
      // (serve/cursor.ts). `hasMore` is true only when a change the partner may see was found after
      // a full page, and the cursor then stops just before it. The rows are checked again below by
      // the same rules (a story may change between two queries); one dropped there is read past,
      // and a request reads at most SCAN_PAGES × SCAN_ROWS rows.
      let after = query.after;
      let hasMore = false;
      for (let scans = 0; scans < SCAN_PAGES && !hasMore; scans += 1) {
        const where: Where[] = [...inScope(viewer), { changeSeq: { $notNull: true } }];
        where.push({ $or: [{ $and: visible }, changes.reachedWhere(viewer.access, now.getTime())] });
        if (query.agency) where.push({ agency: { code: { $eqi: query.agency } } });
        if (after)
          where.push({ $or: [{ changeSeq: { $gt: after.seq } }, { changeSeq: after.seq, id: { $gt: after.id } }] });
        const rows: Record<string, any>[] = await strapi.db.query(UID.article).findMany({
          where: { $and: where },
          orderBy: [{ changeSeq: 'asc' }, { id: 'asc' }],
          limit: SCAN_ROWS,
          select: [
            'id',
            'documentId',
            'changeSeq',
            'pubStatus',
            'embargoedUntil',
            'embargoHold',
            'reviewHold',
            'expiresAt',
            'updatedAt',
          ],
        });
        // Stories purged after their expiry (services/expiry.ts) keep their place in the sequence
        // as tombstones, read from their own table by the same rules (scope, reach) and merged in
        // order. Where either read was a full page, only what lies before its last row is certain.
        const purged = await changes.purgedAfter(viewer, after, query.agency, now.getTime(), SCAN_ROWS);
        if (!rows.length && !purged.length) break;
        const keyOf = (seq: unknown, id: unknown) => ({ seq: Number(seq), id: Number(id) });
        const before = (a: { seq: number; id: number }, b: { seq: number; id: number }) =>
          a.seq < b.seq || (a.seq === b.seq && a.id <= b.id);
        const bounds = [
          ...(rows.length === SCAN_ROWS ? [keyOf(rows[rows.length - 1].changeSeq, rows[rows.length - 1].id)] : []),
          ...(purged.length === SCAN_ROWS
            ? [keyOf(purged[purged.length - 1].change_seq, purged[purged.length - 1].article_id)]
            : []),
        ];
        const liveIds = new Set(rows.map((r) => Number(r.id)));
        const bound = bounds.length ? bounds.reduce((a, b) => (before(a, b) ? a : b)) : null;
        const merged: Array<Record<string, any>> = [
          ...rows,
          // Read after the articles: a story purged in between is in both reads, and kept once.
          ...purged
            .filter((p) => !liveIds.has(Number(p.article_id)))
            .map((p) => ({
              id: Number(p.article_id),
              documentId: p.document_id,
              changeSeq: Number(p.change_seq),
              purged: { reason: p.reason, changedAt: Number(p.changed_at) },
            })),
        ]
          .filter((r) => !bound || before(keyOf(r.changeSeq, r.id), bound))
          .sort((a, b) => Number(a.changeSeq) - Number(b.changeSeq) || Number(a.id) - Number(b.id));
        const live = merged.filter((r) => !r.purged);
        const visibleIds = new Set(
          live.length
            ? (
                await strapi.db.query(UID.article).findMany({
                  where: { $and: [...visible, { id: { $in: live.map((r) => r.id) } }] },
                  select: ['id'],
                })
              ).map((r: { id: number }) => r.id)
            : [],
        );
        // A tombstone only for a story that could have reached this partner (serve/reach.ts): in its
        // agencies (the query above), and servable at its access level at some moment. Any other
        // unservable story is skipped: its id and reason are not this partner's to know. A story with
        // no record at all (stored before records were kept) counts as having reached everyone.
        const hidden = live.filter((row) => !visibleIds.has(row.id)).map((row) => row.id);
        const reach = hidden.length ? await changes.reachOf(hidden) : new Map();
        const entries: Array<{ row: Record<string, any>; shown: boolean }> = [];
        for (const row of merged) {
          const shown = visibleIds.has(row.id);
          // A purged story's reach was checked by its query.
          if (shown || row.purged || !reach.has(row.id) || reached(reach.get(row.id)[viewer.access], now.getTime())) {
            // One the partner may see, after a full page: there is more, and the cursor stops before it.
            if (data.length + entries.length >= query.limit) {
              hasMore = true;
              break;
            }
            entries.push({ row, shown });
          }
          after = { seq: Number(row.changeSeq), id: Number(row.id) };
        }
        // Only what goes out is served (and, for quote partners, charged to their budget).
        const shownRows = entries.filter((e) => e.shown).map((e) => e.row.id);
        // Visibility asked again with the text: a story changed in between is left for its next change.
        const full = shownRows.length
          ? await strapi.db.query(UID.article).findMany({
              where: { $and: [...visible, { id: { $in: shownRows } }] },
              populate: POPULATE,
            })
          : [];
        const served = await serveAll(full, viewer, excerpt);
        const byId = new Map(full.map((v: Record<string, any>, i: number) => [v.id, served[i]]));
        for (const { row, shown } of entries) {
          const cursor = codec.seal({ seq: Number(row.changeSeq), id: Number(row.id) });
          const article = byId.get(row.id);
          if (shown && article) data.push({ change: 'upsert', cursor, id: row.documentId, article });
          else if (!shown)
            data.push({
              change: 'tombstone',
              cursor,
              id: row.documentId,
              reason: row.purged ? (row.purged.reason as TombstoneReason) : tombstoneReason(unservedReason(row, now)),
              changedAt: new Date(row.purged ? row.purged.changedAt : row.updatedAt).toISOString(),
            });
        }
        if (!bound) break;
      }
      // Always a cursor, from the very first request: one only once something was read would say
      // that hidden stories exist. The start of the sequence is place 0.0.
      return { data, cursor: codec.seal(after ?? { seq: 0, id: 0 }), hasMore };
    },
  };
};
