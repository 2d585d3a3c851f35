import type { Core } from '@strapi/strapi';
import { parseListQuery } from '../serve/list-query';
import { toNinjs } from '../serve/ninjs';
import { apiBase, excerptMode, partnerViewer, sendCacheable, wantsNinjs } from './respond';
import { wire } from '../services/wire';

const NINJS = 'application/ninjs+json; charset=utf-8';

/** GET /api/wire/articles and /api/wire/articles/:id, as native JSON or IPTC ninjs. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const articles = () => wire(strapi).service('articles');

  return {
    async find(ctx) {
      const who = await partnerViewer(strapi, ctx);
      if (!who) return;
      const parsed = parseListQuery(ctx.query ?? {});
      if (!parsed.ok) return ctx.badRequest(parsed.error);
      const excerpt = excerptMode(ctx);
      if (typeof excerpt === 'object') return ctx.badRequest(excerpt.error);
      const { data, pagination } = await articles().list(who, parsed.query, excerpt);
      const meta = { pagination, access: who.access };
      // ninjs has no list type: the items are ninjs, the envelope is ours.
      if (wantsNinjs(ctx))
        return sendCacheable(strapi, ctx, {
          data: data.map((a) => toNinjs(a, { apiUrl: apiBase(strapi, ctx) })),
          meta,
        });
      sendCacheable(strapi, ctx, { data, meta });
    },

    async findOne(ctx) {
      const who = await partnerViewer(strapi, ctx);
      if (!who) return;
      const article = await articles().get(who, String(ctx.params.id));
      if (!article) return ctx.notFound(`no article ${ctx.params.id} for this token`);
      if (wantsNinjs(ctx)) return sendCacheable(strapi, ctx, toNinjs(article, { apiUrl: apiBase(strapi, ctx) }), NINJS);
      sendCacheable(strapi, ctx, { data: article, meta: { access: who.access } });
    },
  };
};
