import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { rateLimitHeaders, refusalOf, type Limits } from '../serve/rate-limit';
import { callerKey } from '../services/partners';
import { wire } from '../services/wire';

/** What the middleware leaves for the route: who is calling, and the windows after this request. */
export const VIEWER_STATE = 'wireViewer';
export const LIMITS_STATE = 'wireLimits';

/**
 * Route middleware on the partner routes (it runs after authentication). It finds who is calling
 * once (the route's controller reuses it, controllers/respond.ts), counts the request in the
 * partner's windows in the database (services/limits.ts: every node counts together), sets the
 * RateLimit headers, and past a limit answers 429 with Retry-After. A caller that is refused
 * anyway (401, 403) is left to the route and counts nothing. Fail closed: when the count cannot be
 * written the answer is 503, never an uncounted request.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const setting = strapi.plugin('wire').config('rateLimit') as { max: number; windowSeconds: number };
  const burst = setting.max > 0 ? { max: setting.max, windowSeconds: setting.windowSeconds } : null;
  return async (ctx, next) => {
    const auth = ctx.state.auth;
    if (!auth?.credentials?.id) return next();
    const result = await wire(strapi).service('partners').viewerFor(auth);
    ctx.state[VIEWER_STATE] = result;
    if (!result.ok) return next();
    const limits: Limits = { burst, daily: result.viewer.dailyRequests };
    if (!limits.burst && limits.daily === null) return next();
    const owner = callerKey(result.viewer, auth.credentials.id);
    let states;
    try {
      states = await wire(strapi).service('limits').hit(owner, limits);
    } catch (error) {
      strapi.log.error(`[wire] the request counter could not be written, request refused: ${(error as Error).message}`);
      ctx.set('Retry-After', '5');
      // Strapi's one error shape, written here: Strapi has no typed 503, and Koa's own HttpError is
      // not the copy Strapi's error middleware recognises (it would answer a bare 503).
      ctx.status = 503;
      ctx.body = {
        data: null,
        error: {
          status: 503,
          name: 'ServiceUnavailableError',
          message: 'the request could not be counted against your limits; try again shortly',
          details: { retryAfterSeconds: 5 },
        },
      };
      return;
    }
    ctx.state[LIMITS_STATE] = states;
    for (const [name, value] of Object.entries(rateLimitHeaders(states))) ctx.set(name, value);
    const refused = refusalOf(states);
    if (refused) {
      ctx.set('Retry-After', String(refused.resetSeconds));
      const per = refused.policy === 'daily' ? 'a day (UTC)' : `per ${refused.windowSeconds} s`;
      // Strapi's error middleware writes it in the one error shape, as for every other error.
      throw new errors.RateLimitError(
        `this partner may make ${refused.limit} requests ${per}; try again in ${refused.resetSeconds} s`,
        {
          policy: refused.policy,
          limit: refused.limit,
          windowSeconds: refused.windowSeconds,
          retryAfterSeconds: refused.resetSeconds,
        },
      );
    }
    return next();
  };
};
