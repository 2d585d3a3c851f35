import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
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
      // Strapi's error middleware writes it in the one error shape, as for every other error.
      throw new errors.RateLimitError(
        `this token may make ${decision.limit} requests per ${windowSeconds} s; try again in ${decision.resetSeconds} s`,
        {
          limit: decision.limit,
          windowSeconds,
          retryAfterSeconds: decision.resetSeconds,
        },
      );
    }
    return next();
  };
};
