/**
 * Articles as partners see them. Every filter that protects a partner (status, embargo, agencies,
 * licence) is built here from the viewer, and the request can only narrow it further.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { encodeCursor, type ChangesQuery, type ListQuery } from '../serve/list-query';
import { type PartnerArticle, type ServePolicy, type StoredArticle } from '../serve/partner-view';
import type { ExcerptMode, QuoteAsk, Reader } from './ledger';
import { unservedReason } from '../serve/visibility';

const POPULATE = { agency: true, licence: true } as const;

type Where = Record<string, unknown>;
type Viewer = Reader;

/** How long a list's total is reused. */
const COUNT_TTL_MS = 5000;

/** One entry of the change feed: the article as the caller may see it now, or a tombstone. */
export type Change =
  | { change: 'upsert'; cursor: string; id: string; article: PartnerArticle }
  | { change: 'tombstone'; cursor: string; id: string; reason: 'withdrawn' | 'withheld' | 'expired' | 'embargoed' | 'not-licensed'; changedAt: string };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const policy = (): ServePolicy => ({ fallbackQuotePercent: (strapi.plugin('wire').config('fallbackQuotePercent') as number | null) ?? null });
  // Every partner read goes through the quote ledger (services/ledger.ts): for quote partners it
  // chooses and records each excerpt; for full partners it is toPartnerArticle and nothing more.
  const ledger = () => strapi.plugin('wire').service('ledger');
  const serveAll = (rows: unknown[], viewer: Viewer, excerpt?: ExcerptMode): Promise<PartnerArticle[]> =>
    ledger().serve(viewer, rows.map((row) => ({ row: row as StoredArticle })), excerpt);

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
      { $or: [{ expiresAt: { $null: true } }, { expiresAt: { $gt: now } }] },
    ];
    if (viewer.access === 'quote') {
      const forbidden = await strapi.db.query(UID.licence).findMany({ where: { syndicationAllowed: false }, select: ['id'] });
      // One condition inside the relation: Strapi joins the licence once, not once per branch.
      if (forbidden.length) where.push({ licence: { $or: [{ id: { $null: true } }, { id: { $notIn: forbidden.map((l: { id: number }) => l.id) } }] } });
    }
    return where;
  }

  function filters(query: ListQuery): Where[] {
    const where: Where[] = [];
    if (query.agency) where.push({ agency: { code: { $eqi: query.agency } } });
    if (query.section) where.push({ section: { $eqi: query.section } });
    if (query.place) where.push({ datelinePlace: { $eqi: query.place } });
    // `en` matches `en` and `en-GB`.
    if (query.language) where.push({ $or: [{ language: { $eqi: query.language } }, { language: { $startsWithi: `${query.language}-` } }] });
    if (query.keyword) where.push({ keywordIndex: { $containsi: `|${query.keyword.toLowerCase()}|` } });
    if (query.q) where.push({ $or: [{ headline: { $containsi: query.q } }, { bodyText: { $containsi: query.q } }] });
    if (query.since) where.push({ versionCreated: { $gte: query.since } });
    if (query.until) where.push({ versionCreated: { $lte: query.until } });
    return where;
  }

  async function findVisible(viewer: Viewer, documentId: string) {
    return strapi.db.query(UID.article).findOne({ where: { $and: [...(await visibleTo(viewer, new Date())), { documentId }] }, populate: POPULATE });
  }

  /**
   * How many articles a list query matches, remembered until the next stored change (on any node:
   * the change counter is part of the key) and for a few seconds at most (embargoes lift without a
   * write): counting every visible article on each request cost more than all the rest of a list
   * (bench/api).
   */
  const counts = new Map<string, { total: number; until: number }>();
  async function countOf(query: string, where: Where) {
    const now = Date.now();
    const counter = await strapi.db.connection('wire_counters').where({ name: 'changes' }).first('value');
    const key = `${counter?.value ?? 0}:${query}`;
    const hit = counts.get(key);
    if (hit && hit.until > now) return hit.total;
    const total = Number(await strapi.db.query(UID.article).count({ where }));
    if (counts.size > 1000) counts.clear();
    counts.set(key, { total, until: now + COUNT_TTL_MS });
    return total;
  }

  return {
    /** The newsroom's serve policy (the desk shows partner views with the same one). */
    servePolicy: policy,

    async list(viewer: Viewer, query: ListQuery, excerpt?: ExcerptMode) {
      const where = { $and: [...(await visibleTo(viewer, new Date())), ...filters(query)] };
      const { page, pageSize, ...filterValues } = query;
      // The page is served (the quote ledger read, and written if need be) while the total is counted.
      const [data, total] = await Promise.all([
        strapi.db.query(UID.article).findMany({
          where,
          orderBy: [{ versionCreated: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
          populate: POPULATE,
        }).then((results: unknown[]) => serveAll(results, viewer, excerpt)),
        countOf(JSON.stringify([viewer.access, viewer.agencies, filterValues]), where),
      ]);
      const pagination = { page, pageSize, pageCount: Math.ceil(total / pageSize), total };
      return { data, pagination };
    },

    async get(viewer: Viewer, documentId: string) {
      const found = await findVisible(viewer, documentId);
      return found ? (await serveAll([found], viewer))[0] : null;
    },

    /** A passage of an article, as a quotation within the licence and the caller's budget, or the reason it is refused. */
    async quote(viewer: Viewer, documentId: string, ask: QuoteAsk) {
      const found = await findVisible(viewer, documentId);
      return found ? ledger().quote(viewer, found as StoredArticle, ask) : null;
    },

    /** What the caller has been given of an article and how many words it has left. */
    async grants(viewer: Viewer, documentId: string) {
      const found = await findVisible(viewer, documentId);
      return found ? ledger().grants(viewer, found as StoredArticle) : null;
    },

    /**
     * Every version of a story, newest first, each as the caller may see it. A story that is
     * withdrawn, embargoed or not the caller's has no versions to show either.
     */
    async versions(viewer: Viewer, documentId: string) {
      const current = await findVisible(viewer, documentId);
      if (!current) return null;
      const earlier = await strapi.db.query(UID.articleVersion).findMany({
        where: { article: { documentId } },
        orderBy: [{ versionCreated: 'desc' }, { id: 'desc' }],
      });
      // Earlier versions spend the story's budget (the current text's limit).
      return ledger().serve(viewer, [
        { row: current as StoredArticle },
        ...earlier.map((v: Record<string, any>) => ({
          row: { ...v.snapshot, documentId, agency: v.snapshot?.agency ?? current.agency, licence: v.snapshot?.licence ?? current.licence } as StoredArticle,
          current: current as StoredArticle,
        })),
      ]);
    },

    /**
     * Changes after a cursor, oldest first: each article once, at its latest change, as the caller
     * may see it now, or as a tombstone when it is no longer to be shown (withdrawn, expired...).
     * Articles outside the caller's agencies never appear at all.
     */
    async changes(viewer: Viewer, query: ChangesQuery, excerpt?: ExcerptMode): Promise<{ data: Change[]; cursor: string | null; hasMore: boolean }> {
      const changes = strapi.plugin('wire').service('changes');
      await changes.releaseDue();
      await changes.stamp();
      const now = new Date();
      const after = query.after;
      const where: Where[] = [...inScope(viewer), { changeSeq: { $notNull: true } }];
      if (query.agency) where.push({ agency: { code: { $eqi: query.agency } } });
      if (after) where.push({ $or: [{ changeSeq: { $gt: after.seq } }, { changeSeq: after.seq, id: { $gt: after.id } }] });
      const rows: Record<string, any>[] = await strapi.db.query(UID.article).findMany({
        where: { $and: where },
        orderBy: [{ changeSeq: 'asc' }, { id: 'asc' }],
        limit: query.limit + 1,
        select: ['id', 'documentId', 'changeSeq', 'pubStatus', 'embargoedUntil', 'expiresAt', 'updatedAt'],
      });
      const hasMore = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      const visible = page.length
        ? await strapi.db.query(UID.article).findMany({
            where: { $and: [...(await visibleTo(viewer, now)), { id: { $in: page.map((r) => r.id) } }] },
            populate: POPULATE,
          })
        : [];
      const served = await serveAll(visible, viewer, excerpt);
      const byId = new Map(visible.map((v: Record<string, any>, i: number) => [v.id, served[i]]));
      const data: Change[] = page.map((row) => {
        const cursor = encodeCursor(Number(row.changeSeq), row.id);
        const shown = byId.get(row.id);
        if (shown) return { change: 'upsert', cursor, id: row.documentId, article: shown };
        return { change: 'tombstone', cursor, id: row.documentId, reason: unservedReason(row, now) ?? 'not-licensed', changedAt: new Date(row.updatedAt).toISOString() };
      });
      const last = page[page.length - 1];
      const cursor = last ? encodeCursor(Number(last.changeSeq), last.id) : after ? encodeCursor(after.seq, after.id) : null;
      return { data, cursor, hasMore };
    },
  };
};
