/**
 * The editors' desk: feed health at a glance, the newest copy, and one article as the desk and as
 * partners see it. Reads only; partner views come from toPartnerArticle, the terms from describeTerms.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { wordDiff } from '../desk/word-diff';
import { describeTerms } from '../normalise/licence';
import { htmlToText } from '../normalise/text';
import {
  attributionFor,
  licenceTerms,
  toPartnerArticle,
  type Access,
  type StoredArticle,
  type StoredLicence,
  type StoredPicture,
} from '../serve/partner-view';
import { pictureRefs, pictureSource } from '../ingest/picture-refs';
import { quotePassage } from '../serve/quote';
import { unservedReason, type UnservedReason } from '../serve/visibility';
import { wire } from './wire';
import { deskFilters, facetCounts } from './desk-facets';
import { hasDeskIndex, readsDeskIndex, throughDeskIndex } from '../database/desk-index';
import type { SearchQuery } from '../search/query';
import type { WireConfig } from '../config';
import type { DeskArticleQuery } from '../desk/article-query';
import { snippet } from '../search/snippet';
import type {
  DeskArticleList,
  DeskArticleRow,
  DeskArticleView,
  DeskCompare,
  DeskDateline,
  DeskFeed,
  DeskOverview,
  DeskPicture,
  ReviewRelease,
} from '../../../shared/desk-api';

type Row = Record<string, any>;

/** Feed fields the desk shows; never the secrets, only whether they are set. */
export function feedForDesk(feed: Row): DeskFeed {
  return {
    documentId: feed.documentId,
    name: feed.name,
    source: feed.source,
    format: feed.format,
    enabled: feed.enabled !== false,
    lenient: feed.lenient === true,
    fetchPictures: feed.fetchPictures === true,
    pollIntervalMinutes: feed.pollIntervalMinutes,
    idleLimitMinutes: feed.idleLimitMinutes,
    retentionDays: feed.retentionDays ?? null,
    authUsername: feed.authUsername ?? null,
    hasPassword: !!feed.authPassword,
    hasRequestHeaders: !!feed.requestHeaders,
    defaultAgency: feed.defaultAgency
      ? { documentId: feed.defaultAgency.documentId, code: feed.defaultAgency.code, name: feed.defaultAgency.name }
      : null,
    defaultLicence: feed.defaultLicence
      ? {
          documentId: feed.defaultLicence.documentId,
          name: feed.defaultLicence.name,
          holder: feed.defaultLicence.holder,
        }
      : null,
    paused: !!feed.paused,
    pausedReason: feed.pausedReason ?? null,
    idle: !!feed.idle,
    lastPolledAt: feed.lastPolledAt ?? null,
    lastSuccessAt: feed.lastSuccessAt ?? null,
    lastErrorAt: feed.lastErrorAt ?? null,
    lastError: feed.lastError ?? null,
    consecutiveFailures: feed.consecutiveFailures ?? 0,
    nextPollAt: feed.nextPollAt ?? null,
    lastItemAt: feed.lastItemAt ?? null,
    itemsLast24h: feed.itemsLast24h ?? 0,
  };
}

/** A licence's terms in plain words, read the way the partner API reads them. */
export function termsOf(licence: StoredLicence | null): string | null {
  // The licence's own words: a reservation of mining it states, not the newsroom's default.
  return licence ? describeTerms({ ...licenceTerms(licence), tdmAllowed: licence.tdmAllowed ?? null }) : null;
}

/** The pictures an article references, each with its stored file when it has one (never the agency's query). */
export function deskPictures(a: Row): DeskPicture[] {
  const stored = new Map<string, StoredPicture>(
    (Array.isArray(a.pictures) ? a.pictures : []).map((p: StoredPicture) => [p.ref, p]),
  );
  return pictureRefs(a).map((ref) => {
    const file = stored.get(ref.ref);
    return {
      ref: ref.ref,
      source: pictureSource(ref.href),
      caption: ref.caption,
      credit: ref.credit,
      stored:
        file && file.href === ref.href
          ? {
              id: file.fileId,
              url: file.url,
              mime: file.mime,
              size: file.size,
              width: file.width,
              height: file.height,
              at: file.at,
            }
          : null,
    };
  });
}

/** Why partners do not receive an article at all, in words for the desk. */
const NOT_SERVED: Record<UnservedReason, (a: Row) => string> = {
  withdrawn: () => 'withdrawn by the agency: no partner receives it',
  withheld: () => 'withheld by the agency: no partner receives it',
  held: (a) =>
    a.embargoHold
      ? `held: the embargo "${a.embargoRaw ?? ''}" could not be used (${a.embargoHold}); no partner receives it until an editor sets the time or releases it`
      : `held for review by ${a.reviewHold}: no partner receives it until an editor releases it`,
  embargoed: (a) => `embargoed until ${new Date(a.embargoedUntil).toISOString()}: no partner receives it before then`,
  // The agency's own end of use (NITF `date.expire`, ninjs `expires`): AAP sets it on every story, 30
  // days after issue, and a story past it is no longer the agency's to give out.
  media: (a) =>
    `a ${a.itemType} item: no licence's terms say what a partner may do with pictures, video, audio, graphics or packages, so Wire serves partners text only`,
  // Or the newsroom's own hosting rights, days from first receipt, set on the feed or the agency
  // (serve/retention.ts): the stricter decided.
  expired: (a) => {
    const at = new Date(a.expiresAt).toISOString();
    if (a.expiryBasis === 'feed' || a.expiryBasis === 'agency') {
      const days = a.expiryBasis === 'feed' ? a.feed?.retentionDays : a.agency?.retentionDays;
      const whose =
        a.expiryBasis === 'feed'
          ? `the feed${a.feed?.name ? ` "${a.feed.name}"` : ''}`
          : `the agency${a.agency?.code ? ` ${a.agency.code}` : ''}`;
      return `expired on ${at}: the retention set on ${whose}${days ? ` (${days} days from first receipt)` : ''} has run out; no partner receives it any more, and it is purged after the grace period`;
    }
    return `expired on ${at}: the agency's end of use for it (NITF date.expire, ninjs expires) has passed; no partner receives it any more`;
  },
};

export function notServedBecause(a: Row, now: Date): string | null {
  const reason = unservedReason(a, now);
  return reason ? NOT_SERVED[reason](a) : null;
}

/** The stored dateline's parts, or null when it names neither place nor date. */
export function datelineParts(a: Row): DeskDateline | null {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const parts = {
    place: text(a.datelinePlace),
    region: text(a.datelineRegion),
    country: text(a.datelineCountry),
    date: a.datelineDate ? String(a.datelineDate).slice(0, 10) : null,
  };
  return parts.place || parts.date ? parts : null;
}

/**
 * A quote partner gets the headline only because the licence asks for a link to the source and
 * neither the story nor its agency has one (the same test as serve/partner-view.ts).
 */
function quoteLinkMissing(a: Row): boolean {
  const terms = licenceTerms(a.licence ?? null);
  return terms.hyperlinkRequired && !terms.fullTextAllowed && !attributionFor(a as StoredArticle).url;
}

/** A row of an article list, with why it is not served now (the server's clock decides, not the browser's). */
function articleSummary(a: Row, now: Date): DeskArticleRow {
  return {
    documentId: a.documentId,
    headline: a.headline,
    agency: a.agency ? { code: a.agency.code, name: a.agency.name } : null,
    datelineText: a.datelineText ?? null,
    dateline: datelineParts(a),
    versionCreated: a.versionCreated ?? a.createdAt ?? null,
    version: a.version ?? 1,
    pubStatus: a.pubStatus,
    embargoedUntil: a.embargoedUntil ?? null,
    embargoRaw: a.embargoRaw ?? null,
    embargoHold: a.embargoHold ?? null,
    reviewHold: a.reviewHold ?? null,
    unservedReason: unservedReason(a, now),
    headlineDerived: !!a.headlineDerived,
    expiresAt: a.expiresAt ?? null,
    expiryBasis: a.expiryBasis ?? null,
    quoteLinkMissing: quoteLinkMissing(a),
    wordCount: a.wordCount ?? 0,
    section: a.section ?? null,
    language: a.language ?? null,
    urgency: a.urgency ?? null,
    itemType: a.itemType ?? 'text',
  };
}

const asList = (v: unknown): Row[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const articles = () => wire(strapi).service('articles');
  /** For each listed story with near-duplicates: how many, from which agencies. */
  async function sameStoryOf(rows: Row[]): Promise<Map<number, { count: number; agencies: string[] }>> {
    const mates = await wire(strapi)
      .service('similarity')
      .clusterMates(rows.map((r) => r.id));
    const all = [...new Set([...mates.values()].flat())];
    if (!all.length) return new Map();
    const agencyOf = new Map<number, string | null>(
      (
        await strapi.db.query(UID.article).findMany({
          where: { id: { $in: all } },
          select: ['id'],
          populate: { agency: { select: ['code'] } },
        })
      ).map((r: Row) => [r.id, r.agency?.code ?? null]),
    );
    return new Map(
      [...mates].map(([id, list]) => [
        id,
        {
          count: list.length,
          agencies: [...new Set(list.map((m) => agencyOf.get(m)).filter((c): c is string => !!c))].sort(),
        },
      ]),
    );
  }

  /**
   * A package's members in order, each resolved to the stored item with its guid (of the package's
   * agency first, as identities are): a member that arrives after the package is found then.
   */
  async function packageMembers(a: Row): Promise<DeskArticleView['article']['members']> {
    const members = asList(a.members);
    if (!members.length) return [];
    const guids = [...new Set(members.map((m) => String(m.guid)))];
    const rows: Row[] = await strapi.db.query(UID.article).findMany({
      where: { guid: { $in: guids } },
      select: ['documentId', 'guid', 'headline'],
      populate: { agency: { select: ['code'] } },
    });
    const byGuid = new Map<string, Row>();
    for (const row of rows) if (!byGuid.has(row.guid) || row.agency?.code === a.agency?.code) byGuid.set(row.guid, row);
    return members.map((m) => {
      const found = byGuid.get(String(m.guid));
      return {
        guid: String(m.guid),
        order: Number(m.order),
        role: m.role ?? null,
        group: m.group ?? null,
        groupRole: m.groupRole ?? null,
        itemType: m.itemType ?? null,
        headline: found?.headline ?? m.headline ?? null,
        documentId: found?.documentId ?? null,
      };
    });
  }

  /** The story whose guid is the search, if any (an editor pasting an agency's id). */
  const guidMatch = async (q?: string): Promise<number[]> =>
    q
      ? (await strapi.db.query(UID.article).findMany({ where: { guid: q }, select: ['id'] })).map((r: Row) => r.id)
      : [];
  return {
    async overview(): Promise<DeskOverview> {
      const now = new Date();
      // Feeds that need an editor; the full list pages through GET /wire/feeds.
      const attention = await strapi.db.query(UID.feed).findMany({
        where: {
          $or: [{ paused: true }, { consecutiveFailures: { $gt: 0 } }, { $and: [{ idle: true }, { enabled: true }] }],
        },
        orderBy: { name: 'asc' },
        limit: 50,
      });
      const newest = await strapi.db.query(UID.article).findMany({
        orderBy: [{ versionCreated: 'desc' }, { id: 'desc' }],
        limit: 10,
        populate: { agency: true, licence: true },
      });
      const [articles, embargoed, withdrawn, withheld, feedCount] = await Promise.all([
        strapi.db.query(UID.article).count(),
        strapi.db.query(UID.article).count({ where: { embargoedUntil: { $gt: now } } }),
        strapi.db.query(UID.article).count({ where: { pubStatus: 'canceled' } }),
        strapi.db.query(UID.article).count({ where: { pubStatus: 'withheld' } }),
        strapi.db.query(UID.feed).count(),
      ]);
      // Stories held because their embargo could not be read: each waits for an editor.
      const [held, heldCount, licencesToReview, heldForReview] = await Promise.all([
        strapi.db.query(UID.article).findMany({
          where: { embargoHold: { $notNull: true } },
          orderBy: [{ id: 'desc' }],
          limit: 50,
          populate: { agency: true, licence: true },
        }),
        strapi.db.query(UID.article).count({ where: { embargoHold: { $notNull: true } } }),
        // Licences whose notice was not fully read: served at their strictest until confirmed.
        strapi.db.query(UID.licence).count({ where: { needsReview: true } }),
        // Stories a routing rule holds for review, waiting for an editor's release (`held=true`).
        strapi.db.query(UID.article).count({ where: { reviewHold: { $notNull: true } } }),
      ]);
      return {
        attention: attention.map(feedForDesk),
        feedCount,
        newest: newest.map((a: Row) => articleSummary(a, now)),
        held: held.map((a: Row) => articleSummary(a, now)),
        counts: { articles, embargoed, withdrawn, withheld, held: heldCount, licencesToReview, heldForReview },
      };
    },

    /**
     * The desk's list: a full-text search (services/search.ts, the whole text: editors see all of
     * it), filters, and with `facets` each filter's values with counts under the other filters.
     */
    async listArticles(query: DeskArticleQuery): Promise<DeskArticleList> {
      const now = new Date();
      const search = wire(strapi).service('search');
      // The guid lookup apart from the match.
      const pinned = query.search ? await guidMatch(query.q) : [];
      const matchIds = (s: SearchQuery) => search.matchIds(s, false);
      const filters = deskFilters(query, now, matchIds, pinned);
      const onlySearch = Object.keys(filters).join() === 'search' && !query.collapse;
      // The match counted by the search index alone: the total when the search is the only filter,
      // and on SQLite how many there are decides whether the desk index is read (database/desk-index.ts).
      const indexed = hasDeskIndex(strapi);
      const matches = query.search && (indexed || onlySearch) ? await search.matchCount(query.search, false) : null;
      const { scanFrom } = strapi.plugin('wire').config('search') as WireConfig['search'];
      const scan = indexed && readsDeskIndex(query.search ? matches : null, scanFrom);
      if (query.collapse) {
        const listed = strapi.db
          .queryBuilder(UID.article)
          .where({ $and: Object.values(filters) })
          .select('id')
          .getKnexQuery();
        filters.collapse = { id: { $notIn: wire(strapi).service('similarity').shadowedWithin(listed) } };
      }
      const where = { $and: Object.values(filters).filter(Boolean) };
      const populate = { agency: true, licence: true };
      const orderBy = [{ versionCreated: 'desc' }, { id: 'desc' }];
      const offset = (query.page - 1) * query.pageSize;

      /** Newest first: with many matches a walk of the desk's index newest first, probing the match. */
      const newest = async (): Promise<Row[]> => {
        if (!(query.search && scan))
          return strapi.db.query(UID.article).findMany({ where, orderBy, offset, limit: query.pageSize, populate });
        const built = strapi.db
          .queryBuilder(UID.article)
          .init({ where, select: ['id'], orderBy, offset, limit: query.pageSize });
        const ids = ((await throughDeskIndex(strapi, built)) as Row[]).map((r) => Number(r.id));
        const rows: Row[] = await strapi.db.query(UID.article).findMany({ where: { id: { $in: ids } }, populate });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
      };
      /** The total: the index's own count when the search is the only filter. */
      const count = async (): Promise<number> => {
        if (query.search && matches !== null && onlySearch) {
          const alsoPinned = pinned.length - (await search.matchesAmong(query.search, false, pinned)).length;
          return matches + alsoPinned;
        }
        if (!query.search || !scan) return Number(await strapi.db.query(UID.article).count({ where }));
        const rows: Array<{ count: number | string }> = await throughDeskIndex(
          strapi,
          strapi.db.queryBuilder(UID.article).where(where).count(),
        );
        return Number(rows[0]?.count ?? 0);
      };
      const [page, total, facets] = await Promise.all([
        query.search && query.sort === 'relevance'
          ? search.rankedPage(
              { $and: Object.entries(filters).flatMap(([name, w]) => (name === 'search' || !w ? [] : [w])) },
              query.search,
              false,
              query,
              populate,
              pinned,
            )
          : newest(),
        count(),
        query.facets
          ? facetCounts(strapi, filters, now, {
              scan,
              match: query.search && !pinned.length ? matchIds(query.search) : undefined,
            })
          : undefined,
      ]);
      const same = await sameStoryOf(page as Row[]);
      const data = (page as Row[]).map((a) => ({
        ...articleSummary(a, now),
        ...(query.search ? { snippet: snippet(a.bodyText, a.language, query.search) } : {}),
        ...(same.has(a.id) ? { sameStory: same.get(a.id) } : {}),
      }));
      const pagination = {
        page: query.page,
        pageSize: query.pageSize,
        pageCount: Math.ceil(Number(total) / query.pageSize),
        total: Number(total),
      };
      return { data, meta: { pagination, ...(facets ? { facets } : {}) } };
    },

    async agencies() {
      // The directory as editors see it (agencies.ts): new ones and those needing a homepage flagged.
      return wire(strapi).service('agencies').list();
    },

    /** One article: as stored, its licence in words, its versions, and what each kind of partner receives. */
    async article(documentId: string): Promise<DeskArticleView | null> {
      const a: Row | null = await strapi.db
        .query(UID.article)
        .findOne({ where: { documentId }, populate: { agency: true, licence: true, feed: true } });
      if (!a) return null;
      const versions = await strapi.db.query(UID.articleVersion).findMany({
        where: { article: { documentId } },
        orderBy: [{ versionCreated: 'desc' }, { id: 'desc' }],
      });
      const stored = a as StoredArticle;
      const asPartner = (access: Access) =>
        articles().get({ access, agencies: null, partner: null, push: null, dailyRequests: null }, documentId);
      const served = { quote: await asPartner('quote'), full: await asPartner('full') };
      const now = new Date();
      const notServed = served.full ? null : notServedBecause(a, now);
      return {
        article: {
          documentId: a.documentId,
          guid: a.guid,
          version: a.version ?? 1,
          headline: a.headline,
          section: a.section ?? null,
          byline: a.byline ?? null,
          datelineText: a.datelineText ?? null,
          dateline: datelineParts(a),
          agency: a.agency ? { code: a.agency.code, name: a.agency.name } : null,
          feed: a.feed ? { documentId: a.feed.documentId, name: a.feed.name } : null,
          body: a.body ?? '',
          bodyText: a.bodyText ?? '',
          wordCount: a.wordCount ?? 0,
          language: a.language ?? null,
          pubStatus: a.pubStatus,
          embargoedUntil: a.embargoedUntil ?? null,
          embargoRaw: a.embargoRaw ?? null,
          embargoHold: a.embargoHold ?? null,
          reviewHold: a.reviewHold ?? null,
          reviewRelease: a.reviewRelease ?? null,
          routing: a.routing ?? null,
          takenTo: Array.isArray(a.takenTo) ? a.takenTo : [],
          unservedReason: unservedReason(a, now),
          headlineDerived: !!a.headlineDerived,
          expiresAt: a.expiresAt ?? null,
          expiryBasis: a.expiryBasis ?? null,
          takeKey: a.takeKey ?? null,
          statusMarkers: Array.isArray(a.statusMarkers) ? a.statusMarkers.map(String) : [],
          versionCreated: a.versionCreated ?? null,
          url: a.url ?? null,
          agencyNote: a.agencyNote ?? null,
          licenceSource: a.licenceSource ?? 'none',
          itemType: a.itemType ?? 'text',
          credit: a.credit ?? null,
          renditions: asList(a.renditions).map((r) => ({
            name: r.name ?? null,
            href: String(r.href),
            contentType: r.contentType ?? null,
            width: r.width ?? null,
            height: r.height ?? null,
            size: r.size ?? null,
            duration: r.duration ?? null,
          })),
          members: await packageMembers(a),
          pictures: deskPictures(a),
        },
        licence: a.licence
          ? {
              documentId: a.licence.documentId,
              name: a.licence.name ?? null,
              holder: a.licence.holder ?? null,
              notice: a.licence.notice,
              terms: termsOf(a.licence),
              needsReview: !!a.licence.needsReview,
              picturesAllowed: licenceTerms(a.licence).picturesAllowed,
            }
          : null,
        versions: [
          { id: 'current', version: a.version ?? 1, versionCreated: a.versionCreated ?? null, headline: a.headline },
          ...versions.map((v: Row) => ({
            id: String(v.id),
            version: v.version ?? null,
            versionCreated: v.versionCreated ?? null,
            headline: v.headline ?? v.snapshot?.headline ?? '',
          })),
        ],
        takeTarget: wire(strapi).service('take').target(),
        duplicates: await wire(strapi).service('similarity').duplicatesOf(a.id),
        partners: {
          notServed,
          quoteServed: !!served.quote,
          // What the partner API serves to each access level; an article it does not serve is shown
          // as it would be served, beside the reason it is not.
          quote: served.quote ?? toPartnerArticle(stored, 'quote', articles().servePolicy()),
          full: served.full ?? toPartnerArticle(stored, 'full', articles().servePolicy()),
        },
      };
    },

    /**
     * The compliant quote of the passage [from, to) of the article's plain text for a quote partner:
     * serve/quote.ts `quotePassage`, the partner API's own rules. Null when there is no such article.
     */
    async quote(documentId: string, from: number, to: number) {
      const a = await strapi.db
        .query(UID.article)
        .findOne({ where: { documentId }, populate: { agency: true, licence: true } });
      if (!a) return null;
      return quotePassage(a as StoredArticle, 'quote', from, to, articles().servePolicy());
    },

    /**
     * An editor's decision on an article's embargo, above all one held because it could not be read:
     * `{ release: true }` serves it now, `{ embargoedUntil: ISO time }` embargoes it until then. The
     * decision is kept with the raw value it answers (a re-delivery with the same value keeps it).
     */
    async decideEmbargo(documentId: string, input: Row, editor: { id?: number; email?: string } | null) {
      const a: Row | null = await strapi.db
        .query(UID.article)
        .findOne({ where: { documentId }, select: ['id', 'embargoRaw', 'embargoHold'] });
      if (!a) return null;
      let embargoedUntil: Date | null;
      if (input.release === true) embargoedUntil = null;
      else if (
        typeof input.embargoedUntil === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/.test(input.embargoedUntil.trim())
      ) {
        embargoedUntil = new Date(input.embargoedUntil.trim());
        if (Number.isNaN(embargoedUntil.getTime()))
          throw new errors.ValidationError(`embargoedUntil: not a time: "${input.embargoedUntil}"`);
      } else {
        throw new errors.ValidationError(
          'say what to do: { "release": true } to serve the story now, or { "embargoedUntil": "2026-12-05T09:00:00Z" } (ISO 8601 with an offset)',
        );
      }
      const decision = {
        action: embargoedUntil ? 'embargoed' : 'released',
        embargoedUntil: embargoedUntil?.toISOString() ?? null,
        raw: a.embargoRaw ?? null,
        hold: a.embargoHold ?? null,
        by: editor?.email ?? (editor?.id ? `admin ${editor.id}` : null),
        at: new Date().toISOString(),
      };
      await strapi.db
        .query(UID.article)
        .update({ where: { id: a.id }, data: { embargoedUntil, embargoHold: null, embargoDecision: decision } });
      // The story is served differently now: a change syncing partners see.
      await wire(strapi).service('changes').stamp();
      strapi.log.info(
        `[wire] embargo of article ${documentId} ${decision.action}${embargoedUntil ? ` until ${decision.embargoedUntil}` : ''} by ${decision.by ?? 'an editor'} (was "${decision.raw ?? ''}": ${decision.hold ?? 'not held'})`,
      );
      return {
        documentId,
        embargoedUntil: decision.embargoedUntil,
        embargoRaw: decision.raw,
        embargoHold: null,
        decision,
      };
    },

    /**
     * An editor releases a story a routing rule held for review: partners receive it from now on (if
     * nothing else keeps it back: an embargo), and syncing partners see it as a change. The release is
     * kept with the version it was given for (ingest/merge.ts: a correction of that version stays
     * released). `not-held` when the story is not held for review.
     */
    async releaseReview(
      documentId: string,
      editor: { id?: number; email?: string } | null,
    ): Promise<{ status: 'released'; release: ReviewRelease } | { status: 'not-found' | 'not-held' }> {
      const a: Row | null = await strapi.db
        .query(UID.article)
        .findOne({ where: { documentId }, select: ['id', 'version', 'reviewHold'] });
      if (!a) return { status: 'not-found' };
      if (!a.reviewHold) return { status: 'not-held' };
      const release = {
        held: a.reviewHold as string,
        by: editor?.email ?? (editor?.id ? `admin ${editor.id}` : null),
        at: new Date().toISOString(),
        version: a.version ?? 1,
      };
      const changes = wire(strapi).service('changes');
      await strapi.db.transaction(async () => {
        // Only while it is still held: two editors releasing at once release it once.
        const { count } = await strapi.db.query(UID.article).updateMany({
          where: { id: a.id, reviewHold: { $notNull: true } },
          data: { reviewHold: null, reviewRelease: release },
        });
        if (!count) return;
        // A change for syncing partners: stamped now, with the moment it became servable (serve/reach.ts).
        await changes.stamp();
      });
      const after: Row = await strapi.db.query(UID.article).findOne({
        where: { id: a.id },
        select: ['pubStatus', 'embargoedUntil', 'embargoHold', 'reviewHold', 'expiresAt'],
      });
      const reason = unservedReason(after, new Date());
      if (!reason) changes.announce([{ kind: 'released', documentId }]);
      strapi.log.info(
        `[wire] article ${documentId} released from review (${release.held}) by ${release.by ?? 'an editor'}`,
      );
      return {
        status: 'released',
        release: { documentId, held: release.held, by: release.by, at: release.at, unservedReason: reason },
      };
    },

    /** The quote ledger of one story: each partner's words spent and left, the grants and resets (services/ledger.ts). */
    async ledger(documentId: string) {
      return wire(strapi).service('ledger').forStory(documentId);
    },

    /** Two versions of an article, word by word: `current` or an article-version id for each side. */
    async compare(documentId: string, olderId: string, newerId: string): Promise<DeskCompare | null> {
      const a: Row | null = await strapi.db.query(UID.article).findOne({ where: { documentId } });
      if (!a) return null;
      const read = async (id: string) => {
        if (id === 'current')
          return {
            version: a.version ?? 1,
            versionCreated: a.versionCreated ?? null,
            headline: a.headline ?? '',
            text: a.bodyText ?? '',
          };
        const v: Row | null = await strapi.db
          .query(UID.articleVersion)
          .findOne({ where: { id: Number(id), article: { documentId } } });
        if (!v) return null;
        const snapshot = v.snapshot ?? {};
        return {
          version: v.version ?? snapshot.version ?? null,
          versionCreated: v.versionCreated ?? snapshot.versionCreated ?? null,
          headline: v.headline ?? snapshot.headline ?? '',
          text: snapshot.bodyText ?? htmlToText(v.body ?? snapshot.body ?? ''),
        };
      };
      const [older, newer] = await Promise.all([read(olderId), read(newerId)]);
      if (!older || !newer) return null;
      return {
        older: { version: older.version, versionCreated: older.versionCreated },
        newer: { version: newer.version, versionCreated: newer.versionCreated },
        headline: wordDiff(older.headline, newer.headline),
        body: wordDiff(older.text, newer.text),
      };
    },
  };
};
