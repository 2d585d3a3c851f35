import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { DocumentError } from '../formats/types';
import { pageOf } from './page';

/** Admin API for feeds: list, add, edit, test, pause and resume, "Run now", and the feed's ingest runs. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const feeds = () => strapi.plugin('wire').service('feeds');
  const found = (ctx, feed) => {
    if (!feed) return ctx.notFound(`no feed ${ctx.params.id}`);
    ctx.body = { data: feed };
  };

  return {
    async find(ctx) {
      const { page, pageSize } = pageOf(ctx.query, 20);
      const { data, pagination } = await feeds().list(page, pageSize);
      ctx.body = { data, meta: { pagination } };
    },

    async findOne(ctx) {
      found(ctx, await feeds().get(String(ctx.params.id)));
    },

    async create(ctx) {
      ctx.status = 201;
      ctx.body = { data: await feeds().create(ctx.request.body ?? {}) };
    },

    async update(ctx) {
      found(ctx, await feeds().update(String(ctx.params.id), ctx.request.body ?? {}));
    },

    async test(ctx) {
      ctx.body = { data: await feeds().test(ctx.request.body ?? {}) };
    },

    async pause(ctx) {
      found(ctx, await feeds().pause(String(ctx.params.id), ctx.request.body?.reason ?? null));
    },

    async resume(ctx) {
      found(ctx, await feeds().resume(String(ctx.params.id)));
    },

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
      const { page, pageSize } = pageOf(ctx.query);
      const { results, pagination } = await strapi.db.query(UID.ingestRun).findPage({
        where: { feed: { documentId: String(ctx.params.id) } },
        orderBy: { startedAt: 'desc' },
        page,
        pageSize,
      });
      ctx.body = { data: results, meta: { pagination } };
    },
  };
};
