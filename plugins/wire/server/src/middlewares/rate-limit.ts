import type { Core } from '@strapi/strapi';
import { FixedWindowLimiter } from '../serve/rate-limit';

/**
 * Route middleware on the partner routes (it runs after authentication): each API token may make
 * `rateLimit.max` requests per `rateLimit.windowSeconds`; past that, 429 with Retry-After.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const { max, windowSeconds } = strapi.plugin('wire').config('rateLimit') as { max: number; windowSeconds: number };
  if (!max || max <= 0) return async (_ctx, next) => next();
  const limiter = new FixedWindowLimiter(max, windowSeconds * 1000);
  return async (ctx, next) => {
    const tokenId = ctx.state.auth?.credentials?.id;
    if (!tokenId) return next();
    const decision = limiter.hit(String(tokenId), Date.now());
    ctx.set('RateLimit-Limit', String(decision.limit));
    ctx.set('RateLimit-Remaining', String(decision.remaining));
    ctx.set('RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      ctx.set('Retry-After', String(decision.resetSeconds));
      ctx.status = 429;
      ctx.body = {
        data: null,
        error: {
          status: 429,
          name: 'TooManyRequests',
          message: `this token may make ${decision.limit} requests per ${windowSeconds} s; try again in ${decision.resetSeconds} s`,
          details: {},
        },
      };
      return;
    }
    return next();
  };
};
