import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { DocumentError } from '../formats/types';

/** Admin API: "Run now" for one feed, and its ingest runs. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async poll(ctx) {
    try {
      const result = await strapi.plugin('wire').service('poller').pollFeed(String(ctx.params.id), 'manual');
      if (result.skipped) {
        ctx.status = 409;
        ctx.body = { data: result, error: { message: `feed "${result.feed}" was not polled: ${result.skipped}` } };
        return;
      }
      ctx.body = { data: result };
    } catch (error) {
      if (error instanceof DocumentError && error.field === 'feed') return ctx.notFound(error.message);
      throw error;
    }
  },

  async runs(ctx) {
    const page = Math.max(1, Number(ctx.query.page) || 1);
    const pageSize = Math.min(100, Math.max(1, Number(ctx.query.pageSize) || 25));
    const { results, pagination } = await strapi.db.query(UID.ingestRun).findPage({
      where: { feed: { documentId: String(ctx.params.id) } },
      orderBy: { startedAt: 'desc' },
      page,
      pageSize,
    });
    ctx.body = { data: results, meta: { pagination } };
  },
});
