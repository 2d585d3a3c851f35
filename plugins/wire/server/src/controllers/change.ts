import type { Core } from '@strapi/strapi';
import { parseChangesQuery } from '../serve/list-query';
import { countServed, excerptMode, partnerViewer } from './respond';
import { wire } from '../services/wire';

/**
 * GET /api/wire/changes?cursor=: what changed since the cursor, in order, with tombstones for what
 * must come down. Not cached: the next call with the returned cursor is what a partner repeats.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const who = await partnerViewer(strapi, ctx);
    if (!who) return;
    const articles = wire(strapi).service('articles');
    const parsed = parseChangesQuery(ctx.query ?? {}, articles.openCursor);
    if (!parsed.ok) return ctx.badRequest(parsed.error);
    const excerpt = excerptMode(ctx);
    if (typeof excerpt === 'object') return ctx.badRequest(excerpt.error);
    const { data, cursor, hasMore } = await articles.changes(who, parsed.query, excerpt);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { data, meta: { cursor, hasMore, access: who.access } };
    countServed(
      strapi,
      ctx,
      who,
      data.flatMap((c) => (c.change === 'upsert' ? [c.article] : [])),
    );
  },
});
