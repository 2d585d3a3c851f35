/**
 * What every partner route does around its own work: find who is calling (401/403 otherwise), and
 * answer with an ETag (304 when the partner already has it) and Cache-Control.
 *
 * Errors: services throw Strapi's typed errors (`errors` from `@strapi/utils`), controllers answer
 * with Koa's error helpers (`ctx.notFound`, `ctx.conflict`, ...); Strapi writes both as
 * `{ data: null, error: { status, name, message, details } }`, the one error shape of every route.
 * No controller reads an error's message.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Reader } from '../services/ledger';
import { wire } from '../services/wire';
import { publicBase } from '../serve/links';
import { VIEWER_STATE } from '../middlewares/rate-limit';
import { callerKey, type ViewerResult } from '../services/partners';
import type { PartnerArticle } from '../serve/partner-view';

/**
 * Who is calling, or null after answering 401 or 403. It answers rather than throwing
 * UnauthorizedError/ForbiddenError: Strapi's route authorization catches those two when a
 * controller throws them and answers a bare "Unauthorized"/"Forbidden", losing the reason.
 */
export async function partnerViewer(strapi: Core.Strapi, ctx): Promise<Reader | null> {
  // The rate-limit middleware has found the caller already on limited routes.
  const found = ctx.state[VIEWER_STATE] as ViewerResult | undefined;
  const result = found ?? (await wire(strapi).service('partners').viewerFor(ctx.state.auth));
  // The quote ledger counts per partner (all its keys together), or per token without a partner.
  if (result.ok) {
    const ledgerOwner = callerKey(result.viewer, ctx.state.auth?.credentials?.id);
    // Usage counts every request a partner is answered, per partner and day (services/usage.ts).
    wire(strapi).service('usage').request(ledgerOwner);
    return { ...result.viewer, ledgerOwner };
  }
  if (result.status === 401) ctx.unauthorized(result.reason);
  else ctx.forbidden(result.reason);
  return null;
}

/**
 * Counts the stories of a response in the partner's usage, each by the mode it was served in; not
 * when the answer was 304 (the partner had them already and was sent nothing).
 */
export function countServed(strapi: Core.Strapi, ctx, who: Reader, articles: PartnerArticle[]) {
  if (ctx.status === 304) return;
  wire(strapi).service('usage').served(who.ledgerOwner, articles);
}

/** Sends a body a partner may cache: a weak ETag of its bytes, 304 when If-None-Match has it. */
export function sendCacheable(
  strapi: Core.Strapi,
  ctx,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const maxAge = Number(strapi.plugin('wire').config('cacheMaxAgeSeconds')) || 0;
  ctx.status = 200;
  ctx.set('ETag', `W/"${createHash('sha1').update(text).digest('base64url')}"`);
  // Private: what a response holds depends on the token. No max-age by default, so a withdrawn
  // story is gone at the next request; the ETag makes that revalidation cheap.
  ctx.set('Cache-Control', maxAge > 0 ? `private, max-age=${maxAge}` : 'private, no-cache');
  ctx.vary('Authorization');
  ctx.vary('Accept');
  if (ctx.fresh) {
    ctx.status = 304;
    ctx.body = null;
    return;
  }
  ctx.type = contentType;
  ctx.body = text;
}

/**
 * The API's public base URL, for feed self links, OpenAPI servers and ninjs links: from
 * configuration only (`WIRE_PUBLIC_URL`, else Strapi's `server.url` when it is an absolute URL
 * (`PUBLIC_URL`), else `http://localhost:<port>`), never from the request's `Host` header, which
 * any client can forge.
 */
export function apiBase(strapi: Core.Strapi, _ctx?: unknown): string {
  return publicBase(
    strapi.plugin('wire').config('publicUrl') as string | null,
    strapi.config.get('server.url'),
    strapi.config.get('server.port', 1337),
  );
}

/** `excerpt=none` (headline, link and usage only; spends nothing) or `excerpt=opening` (the default); an error otherwise. */
export function excerptMode(ctx): 'opening' | 'none' | { error: string } {
  const value = ctx.query.excerpt;
  if (value === undefined || value === '' || value === 'opening') return 'opening';
  if (value === 'none') return 'none';
  return { error: `excerpt must be "none" or "opening" (got ${JSON.stringify(value)})` };
}

/** The request wants ninjs: `?format=ninjs` or `Accept: application/ninjs+json`. */
export function wantsNinjs(ctx): boolean {
  if (ctx.query.format === 'ninjs') return true;
  return /application\/ninjs\+json/i.test(ctx.get('accept'));
}
