import type { Core } from '@strapi/strapi';
import { partnerViewer, sendCacheable } from './respond';

/**
 * GET /api/wire/articles/:id/quote?from=&to=: a passage of the article's plain text (`text` in full
 * access), granted as a marked, attributed quotation when within the licence; 422 naming the limit
 * when not. (`findOne`: read-only tokens may call it.)
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx) {
    const who = await partnerViewer(strapi, ctx);
    if (!who) return;
    const from = Number(ctx.query.from);
    const to = Number(ctx.query.to);
    if (ctx.query.from === undefined || ctx.query.to === undefined) return ctx.badRequest('from and to (character offsets into the article text) are required');
    const quote = await strapi.plugin('wire').service('articles').quote(who, String(ctx.params.id), from, to);
    if (!quote) return ctx.notFound(`no article ${ctx.params.id} for this token`);
    if (!quote.ok) {
      ctx.status = 422;
      ctx.body = { data: null, error: { status: 422, name: 'QuoteNotAllowed', message: quote.error, details: { words: quote.words, limitWords: quote.limitWords } } };
      return;
    }
    const { ok: _ok, ...data } = quote;
    sendCacheable(strapi, ctx, { data, meta: { access: who.access } });
  },
});
