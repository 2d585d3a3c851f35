import type { Core } from '@strapi/strapi';
import { parseListQuery } from '../serve/list-query';
import { toNinjs } from '../serve/ninjs';
import type { PartnerArticle } from '../serve/partner-view';
import { tdmHeaders } from '../serve/policy';
import { tdmSetting } from '../middlewares/tdm';
import { apiBase, countServed, excerptMode, partnerViewer, sendCacheable, wantsNinjs } from './respond';
import { wire } from '../services/wire';

const NINJS = 'application/ninjs+json; charset=utf-8';

/**
 * One article's links: its rights (`rel="license"`: the licence's ODRL policy, else this partner's
 * Agreement) and, for copy served whole or quoted, its source (`rel="canonical"`). A licence that
 * reserves mining reserves it on this response even where the newsroom does not.
 */
function articleHeaders(strapi: Core.Strapi, ctx, article: PartnerArticle) {
  const links = [`<${article.licence?.policy ?? article.usage.policy}>; rel="license"`];
  if (article.usage.canonical) links.push(`<${article.usage.canonical}>; rel="canonical"`);
  ctx.set('Link', links.join(', '));
  if (!article.usage.tdmAllowed)
    for (const [name, value] of Object.entries(tdmHeaders({ ...tdmSetting(strapi), reservation: 1 })))
      ctx.set(name, value);
}

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
        sendCacheable(strapi, ctx, {
          data: data.map((a) => toNinjs(a, { apiUrl: apiBase(strapi, ctx) })),
          meta,
        });
      else sendCacheable(strapi, ctx, { data, meta });
      countServed(strapi, ctx, who, data);
    },

    async findOne(ctx) {
      const who = await partnerViewer(strapi, ctx);
      if (!who) return;
      const article = await articles().get(who, String(ctx.params.id));
      if (!article) return ctx.notFound(`no article ${ctx.params.id} for this token`);
      articleHeaders(strapi, ctx, article);
      if (wantsNinjs(ctx)) sendCacheable(strapi, ctx, toNinjs(article, { apiUrl: apiBase(strapi, ctx) }), NINJS);
      else sendCacheable(strapi, ctx, { data: article, meta: { access: who.access } });
      countServed(strapi, ctx, who, [article]);
    },
  };
};
