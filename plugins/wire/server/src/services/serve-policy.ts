/**
 * The newsroom's serve policy as configured: the fallback quote limit, the text-and-data-mining
 * reservation, and the public base URL of the links served articles carry. One reading for the
 * quote ledger (what partners are served) and the articles service (what the desk previews).
 */
import type { Core } from '@strapi/strapi';
import { publicBase } from '../serve/links';
import type { ServePolicy } from '../serve/terms';

export function servePolicyOf(strapi: Core.Strapi): ServePolicy {
  const config = (key: string) => strapi.plugin('wire').config(key);
  return {
    fallbackQuotePercent: (config('fallbackQuotePercent') as number | null) ?? null,
    // Fail closed: only an explicit 0 lifts the reservation.
    tdmReserved: (config('tdm') as { reservation?: number } | undefined)?.reservation !== 0,
    apiUrl: publicBase(
      config('publicUrl') as string | null,
      strapi.config.get('server.url'),
      strapi.config.get('server.port', 1337),
    ),
  };
}
