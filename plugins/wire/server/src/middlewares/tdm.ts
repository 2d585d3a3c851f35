/**
 * Text and data mining reserved (W3C TDMRep) on every partner response: `tdm-reservation` and
 * `tdm-policy` headers, and the IETF AI-preferences draft's `Content-Usage`, on everything under
 * /api/wire (errors too: they are set before the route runs); and `/.well-known/tdmrep.json`, the
 * same for crawlers that ask the site. All from the `tdm` setting (WIRE_TDM_RESERVATION).
 */
import type { Core } from '@strapi/strapi';
import { publicBase, tdmPolicyUrl } from '../serve/links';
import { tdmHeaders, tdmrepEntries } from '../serve/policy';

export const TDMREP_PATH = '/.well-known/tdmrep.json';

/** The reservation and the policy's URL, as configured now. */
export function tdmSetting(strapi: Core.Strapi): { reservation: 0 | 1; policyUrl: string } {
  const tdm = strapi.plugin('wire').config('tdm') as { reservation?: number; policyUrl?: string | null } | undefined;
  const base = publicBase(
    strapi.plugin('wire').config('publicUrl') as string | null,
    strapi.config.get('server.url'),
    strapi.config.get('server.port', 1337),
  );
  // Fail closed: only an explicit 0 lifts the reservation.
  return { reservation: tdm?.reservation === 0 ? 0 : 1, policyUrl: tdmPolicyUrl(base, tdm?.policyUrl) };
}

export default (strapi: Core.Strapi) => async (ctx, next) => {
  if (ctx.path === TDMREP_PATH && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = JSON.stringify(tdmrepEntries(tdmSetting(strapi)));
    return;
  }
  if (ctx.path === '/api/wire' || ctx.path.startsWith('/api/wire/'))
    for (const [name, value] of Object.entries(tdmHeaders(tdmSetting(strapi)))) ctx.set(name, value);
  return next();
};
