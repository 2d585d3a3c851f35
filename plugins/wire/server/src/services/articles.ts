/**
 * Articles as partners see them. Every filter that protects a partner (status, embargo, agencies,
 * licence) is built here from the viewer, and the request can only narrow it further.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { toPartnerArticle, type StoredArticle } from '../serve/partner-view';
import type { Viewer } from './partners';

export interface ListQuery {
  page: number;
  pageSize: number;
  agency?: string;
  q?: string;
}

const POPULATE = { agency: true, licence: true } as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  function visibleTo(viewer: Viewer, now: Date): Record<string, unknown>[] {
    const where: Record<string, unknown>[] = [
      { pubStatus: 'usable' },
      { $or: [{ embargoedUntil: { $null: true } }, { embargoedUntil: { $lte: now } }] },
      { $or: [{ expiresAt: { $null: true } }, { expiresAt: { $gt: now } }] },
    ];
    if (viewer.agencies) where.push({ agency: { code: { $in: viewer.agencies } } });
    if (viewer.access === 'quote') {
      // A licence that forbids syndication keeps the article from quote partners altogether.
      where.push({ $or: [{ licence: { id: { $null: true } } }, { licence: { syndicationAllowed: { $null: true } } }, { licence: { syndicationAllowed: true } }] });
    }
    return where;
  }

  function findVisible(viewer: Viewer, documentId: string) {
    return strapi.db.query(UID.article).findOne({ where: { $and: [...visibleTo(viewer, new Date()), { documentId }] }, populate: POPULATE });
  }

  return {
    async list(viewer: Viewer, query: ListQuery) {
      const where = visibleTo(viewer, new Date());
      if (query.agency) where.push({ agency: { code: { $eqi: query.agency } } });
      if (query.q) where.push({ $or: [{ headline: { $containsi: query.q } }, { bodyText: { $containsi: query.q } }] });
      const { results, pagination } = await strapi.db.query(UID.article).findPage({
        where: { $and: where },
        orderBy: [{ versionCreated: 'desc' }, { id: 'desc' }],
        page: query.page,
        pageSize: query.pageSize,
        populate: POPULATE,
      });
      return { data: results.map((a: StoredArticle) => toPartnerArticle(a, viewer.access)), pagination };
    },

    async get(viewer: Viewer, documentId: string) {
      const found = await findVisible(viewer, documentId);
      return found ? toPartnerArticle(found as StoredArticle, viewer.access) : null;
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
      return [
        toPartnerArticle(current as StoredArticle, viewer.access),
        ...earlier.map((v: Record<string, any>) =>
          toPartnerArticle({ ...v.snapshot, documentId, agency: v.snapshot?.agency ?? current.agency, licence: v.snapshot?.licence ?? current.licence } as StoredArticle, viewer.access),
        ),
      ];
    },
  };
};
