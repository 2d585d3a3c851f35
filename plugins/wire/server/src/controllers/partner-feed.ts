import type { Core } from '@strapi/strapi';
import { parseListQuery } from '../serve/list-query';
import { toAtomFeed, toRssFeed } from '../serve/partner-feeds';
import { apiBase, countServed, excerptMode, partnerViewer, sendCacheable } from './respond';
import { wire } from '../services/wire';

/**
 * GET /api/wire/feed.rss and /api/wire/feed.atom: the newest articles the token may read, with the
 * licensed text and the rights, for feed readers and CMS importers. The same filters as the list.
 */
const partnerFeed =
  (format: 'rss' | 'atom') =>
  ({ strapi }: { strapi: Core.Strapi }) => ({
    async find(ctx) {
      const who = await partnerViewer(strapi, ctx);
      if (!who) return;
      const parsed = parseListQuery(ctx.query ?? {});
      if (!parsed.ok) return ctx.badRequest(parsed.error);
      const excerpt = excerptMode(ctx);
      if (typeof excerpt === 'object') return ctx.badRequest(excerpt.error);
      const { data } = await wire(strapi).service('articles').list(who, parsed.query, excerpt);
      const base = apiBase(strapi, ctx);
      const feed = {
        title: who.partner ? `Wire for ${who.partner.name}` : 'Wire',
        selfUrl: `${base}/api/wire/feed.${format}`,
        siteUrl: `${base}/api/wire/articles`,
        description: `Wire copy licensed for ${who.access} access`,
        apiUrl: base,
      };
      if (format === 'rss') sendCacheable(strapi, ctx, toRssFeed(data, feed), 'application/rss+xml; charset=utf-8');
      else sendCacheable(strapi, ctx, toAtomFeed(data, feed), 'application/atom+xml; charset=utf-8');
      countServed(strapi, ctx, who, data);
    },
  });

export const rss = partnerFeed('rss');
export const atom = partnerFeed('atom');
