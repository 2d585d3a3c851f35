import type { Core } from '@strapi/strapi';
import { pageOf } from './page';
import { wire } from '../services/wire';

/**
 * Admin API for alerts (an editor's saved searches) and the desk notifications of the editor who
 * asks. Every call is the logged-in editor's own: another editor's alert is not found.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const alerts = () => wire(strapi).service('alerts');
  const notify = () => wire(strapi).service('notify');
  const editor = (ctx): number => Number(ctx.state.user?.id);
  const missing = (ctx) => ctx.notFound(`no alert ${ctx.params.id}`);

  return {
    async find(ctx) {
      ctx.body = { data: await alerts().list(editor(ctx)), meta: { channels: alerts().channels(ctx.state.user) } };
    },

    async findOne(ctx) {
      const alert = await alerts().get(editor(ctx), ctx.params.id);
      if (!alert) return missing(ctx);
      ctx.body = { data: alert };
    },

    async create(ctx) {
      ctx.status = 201;
      ctx.body = { data: await alerts().create(editor(ctx), ctx.request.body ?? {}) };
    },

    async update(ctx) {
      const alert = await alerts().update(editor(ctx), ctx.params.id, ctx.request.body ?? {});
      if (!alert) return missing(ctx);
      ctx.body = { data: alert };
    },

    async delete(ctx) {
      if (!(await alerts().remove(editor(ctx), ctx.params.id))) return missing(ctx);
      ctx.body = { data: { id: Number(ctx.params.id), deleted: true } };
    },

    async matches(ctx) {
      const { page, pageSize } = pageOf(ctx.query, 20);
      const found = await alerts().matches(editor(ctx), ctx.params.id, page, pageSize);
      if (!found) return missing(ctx);
      ctx.body = { data: found.data, meta: { pagination: found.pagination } };
    },

    async notifications(ctx) {
      const { page, pageSize } = pageOf(ctx.query, 20);
      ctx.body = await notify().list(editor(ctx), page, pageSize);
    },

    /** `{ ids: [..] }` or `{ all: true }`: marked read; answers how many are still unread. */
    async markRead(ctx) {
      const body = ctx.request.body ?? {};
      const ids = Array.isArray(body.ids) ? body.ids.map(Number).filter((n) => Number.isSafeInteger(n)) : null;
      if (body.all !== true && !ids?.length) return ctx.badRequest('say which: { "ids": [1, 2] } or { "all": true }');
      const unread = await notify().markRead(editor(ctx), body.all === true ? 'all' : ids!.slice(0, 500));
      ctx.body = { data: { unread } };
    },
  };
};
