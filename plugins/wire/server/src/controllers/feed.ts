import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { pageOf } from './page';
import { wire } from '../services/wire';

/** Admin API for feeds: list, add, edit, test, pause and resume, "Run now", and the feed's ingest runs. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const feeds = () => wire(strapi).service('feeds');
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
      // An unknown feed is the poller's NotFoundError (404). A poll skipped because another process
      // is polling the feed is a conflict, in the one error shape, the result in its details.
      const result = await wire(strapi).service('poller').pollFeed(String(ctx.params.id), 'manual');
      if (result.skipped)
        return ctx.conflict(`feed "${result.feed}" was not polled: ${result.skipped}`, {
          feed: result.feed,
          skipped: result.skipped,
        });
      ctx.body = { data: result };
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
