import type { Core } from '@strapi/strapi';
import { LIMITS_STATE } from '../middlewares/rate-limit';
import { accountOf } from '../serve/account';
import type { WindowState } from '../serve/rate-limit';
import { partnerViewer } from './respond';

/**
 * GET /api/wire/account: the calling partner's own plan and limits, with what is used and left
 * (counted as any partner request is; the figures include this one). Never another partner's.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const who = await partnerViewer(strapi, ctx);
    if (!who) return;
    const states = (ctx.state[LIMITS_STATE] as WindowState[] | undefined) ?? null;
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { data: accountOf(who, states, Date.now()) };
  },
});
