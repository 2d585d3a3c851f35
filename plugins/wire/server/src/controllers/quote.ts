import type { Core } from '@strapi/strapi';
import { partnerViewer } from './respond';
import { wire } from '../services/wire';

/** Longest `text=` passage read: far more than any licence lets a partner quote. */
const MAX_PASSAGE_CHARS = 5000;

/**
 * GET /api/wire/articles/:id/quote: a passage of the article's plain text, chosen by character
 * offsets (`from`, `to`) or by its words (`text`, matched ignoring case, white space and
 * punctuation), granted as a marked, attributed quotation when what it adds to what the partner has
 * received of the story stays within the licence's limit (services/ledger.ts); 422 saying how many
 * words are left when not. Without a passage: the partner's grants for the story and the words left.
 * Not cached: each answer depends on the partner's budget. (`findOne`: read-only tokens may call it.)
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx) {
    const who = await partnerViewer(strapi, ctx);
    if (!who) return;
    const articles = wire(strapi).service('articles');
    const id = String(ctx.params.id);
    const { from, to, text } = ctx.query;
    ctx.set('Cache-Control', 'private, no-store');
    if (from === undefined && to === undefined && text === undefined) {
      const grants = await articles.grants(who, id);
      if (!grants) return ctx.notFound(`no article ${id} for this token`);
      ctx.body = { data: grants, meta: { access: who.access } };
      return;
    }
    let ask: { from: number; to: number } | { text: string };
    if (text !== undefined) {
      if (from !== undefined || to !== undefined) return ctx.badRequest('give either text or from and to, not both');
      if (typeof text !== 'string' || !text.trim())
        return ctx.badRequest('text must be given once: the passage as you read it at the source');
      if (text.length > MAX_PASSAGE_CHARS) return ctx.badRequest(`text may be at most ${MAX_PASSAGE_CHARS} characters`);
      ask = { text };
    } else {
      if (from === undefined || to === undefined)
        return ctx.badRequest(
          'from and to (character offsets into the article text) are required, or text (the passage)',
        );
      ask = { from: Number(from), to: Number(to) };
    }
    const quote = await articles.quote(who, id, ask);
    if (!quote) return ctx.notFound(`no article ${id} for this token`);
    if (!quote.ok) {
      const { ok: _ok, error, reason, ...details } = quote;
      return ctx.unprocessableEntity(error, { reason, ...details });
    }
    const { ok: _ok, ...data } = quote;
    ctx.body = { data, meta: { access: who.access } };
  },
});
