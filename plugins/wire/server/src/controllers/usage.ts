import type { Core } from '@strapi/strapi';
import { parseUsageRange, partnerCsv, summarize, compareRows, deskCsv } from '../serve/usage';
import { partnerViewer } from './respond';
import type { DeskUsage } from '../../../shared/usage';
import { wire } from '../services/wire';

/** The range asked for, or null after answering 400 (the message names the parameter). */
function rangeOf(strapi: Core.Strapi, ctx) {
  const maxDays = wire(strapi).service('usage').settings().maxDays;
  const range = parseUsageRange(ctx.query ?? {}, Date.now(), maxDays);
  if (!range.ok) {
    ctx.badRequest(range.error);
    return null;
  }
  return range;
}

/**
 * GET /api/wire/usage and /api/wire/usage.csv: the calling partner's own usage (all its keys
 * together), per agency, day and mode. Never another partner's: the partner is the token's.
 */
const partnerUsage =
  (format: 'json' | 'csv') =>
  ({ strapi }: { strapi: Core.Strapi }) => ({
    async find(ctx) {
      const who = await partnerViewer(strapi, ctx);
      if (!who) return;
      const range = rangeOf(strapi, ctx);
      if (!range) return;
      const owner = who.ledgerOwner as string;
      const rows = (await wire(strapi).service('usage').rows(range, { partner: owner })).sort(compareRows);
      ctx.set('Cache-Control', 'private, no-store');
      if (format === 'csv') {
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('Content-Disposition', `attachment; filename="wire-usage-${range.from}-${range.to}.csv"`);
        ctx.body = partnerCsv(rows);
        return;
      }
      const { byPartner: _mine, ...summary } = summarize(rows, range);
      ctx.body = {
        data: rows.map(({ partner: _p, ...row }) => row),
        meta: { ...summary, partner: who.partner ? { id: who.partner.documentId, name: who.partner.name } : null },
      };
    },
  });

export const usage = partnerUsage('json');
export const usageCsv = partnerUsage('csv');

/**
 * GET /wire/usage and /wire/usage.csv (desk, `plugin::wire.usage.read`): every partner's usage in
 * the range, optionally one agency's (`?agency=`): the royalty report.
 */
export const deskUsage = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => wire(strapi).service('usage');
  const read = async (ctx) => {
    const range = rangeOf(strapi, ctx);
    if (!range) return null;
    const agency =
      typeof ctx.query.agency === 'string' && ctx.query.agency.trim() ? ctx.query.agency.trim() : undefined;
    const rows = (await service().rows(range, { agency })).sort(compareRows);
    const nameOf = await service().partnerNames([...new Set(rows.map((r) => r.partner))]);
    return { range, rows, nameOf };
  };
  return {
    async find(ctx) {
      const found = await read(ctx);
      if (!found) return;
      const { range, rows, nameOf } = found;
      const { enabled, flushSeconds } = service().settings();
      const data: DeskUsage = {
        ...summarize(rows, range, nameOf),
        rows: rows.map((r) => ({ ...r, partnerName: nameOf(r.partner) })),
        counting: { enabled: enabled !== false, flushSeconds },
      };
      ctx.body = { data };
    },
    async csv(ctx) {
      const found = await read(ctx);
      if (!found) return;
      const { range, rows, nameOf } = found;
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="wire-royalties-${range.from}-${range.to}.csv"`);
      ctx.body = deskCsv(rows, nameOf);
    },
  };
};
