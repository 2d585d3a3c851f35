import type { Core } from '@strapi/strapi';
import { wire } from '../services/wire';

/**
 * The desk's view of the quote ledger for one story (which partner received which words, when), and
 * an editor's reset of one partner's budget for it. The reset route is guarded by
 * `plugin::wire.partners.manage` (routes/admin.ts); the reset is logged with the editor's address.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const view = await wire(strapi).service('desk').ledger(String(ctx.params.id));
    if (!view) return ctx.notFound(`no article ${ctx.params.id}`);
    ctx.body = { data: view };
  },

  async reset(ctx) {
    const owner = ctx.request.body?.owner;
    if (typeof owner !== 'string' || !owner.trim())
      return ctx.badRequest('owner is required: the partner (or token) whose budget for this story to reset');
    const view = await wire(strapi).service('desk').ledger(String(ctx.params.id));
    if (!view) return ctx.notFound(`no article ${ctx.params.id}`);
    const user = ctx.state.user;
    const actor = user?.email ?? (user?.id ? `admin #${user.id}` : 'an editor');
    const result = await wire(strapi).service('ledger').reset(String(ctx.params.id), owner.trim(), actor);
    strapi.log.info(
      `[wire] quote budget reset: story ${ctx.params.id}, ${owner} (${result.wordsReleased} words) by ${actor}`,
    );
    ctx.body = { data: result };
  },
});
