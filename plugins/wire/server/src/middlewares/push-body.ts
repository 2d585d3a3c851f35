/**
 * Only `POST /api/wire/ingest` takes large bodies, and it takes them as bytes: a pushed feed goes to
 * the parser byte for byte, never through koa-body's JSON or text parsing. Every other route keeps
 * Strapi's default body limits (1 MB JSON, 56 KB forms and text).
 *
 * Strapi's `strapi::body` cannot skip a path, so this application middleware runs just before it
 * (config/middlewares.ts): on the push route it refuses a declared length above `maxPushBytes`
 * (`WIRE_PUSH_LIMIT`) at once with 413, and hides the body from koa-body (it parses only requests
 * that declare a body). The stream stays unread until the ingest controller reads it, after the
 * token has been checked, with the same byte cap (for chunked bodies).
 */
import type { Core } from '@strapi/strapi';

export const PUSH_BODY = 'wirePushBody';

function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end -= 1;
  return path.slice(0, end);
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const prefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/+$/, '');
  const pushPath = `${prefix}/wire/ingest`;
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || withoutTrailingSlashes(ctx.path) !== pushPath) return next();
    const limit = strapi.plugin('wire').config('maxPushBytes') as number;
    const declared = Number(ctx.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      ctx.set('Connection', 'close');
      return ctx.payloadTooLarge(`body is larger than ${limit} bytes (WIRE_PUSH_LIMIT)`);
    }
    const headers = ctx.req.headers;
    ctx.state[PUSH_BODY] = { contentLength: headers['content-length'], transferEncoding: headers['transfer-encoding'] };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    return next();
  };
};
