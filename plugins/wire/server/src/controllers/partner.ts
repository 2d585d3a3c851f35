import type { Core } from '@strapi/strapi';
import { pageOf } from './page';
import { wire } from '../services/wire';

/** Admin API for partners: list, create with a token (its key in this one response), edit, revoke. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const partners = () => wire(strapi).service('partner-desk');
  const found = (ctx, partner) => {
    if (!partner) return ctx.notFound(`no partner ${ctx.params.id}`);
    ctx.body = { data: partner };
  };
  return {
    async find(ctx) {
      const { page, pageSize } = pageOf(ctx.query, 20);
      const { data, pagination } = await partners().list(page, pageSize);
      ctx.body = { data, meta: { pagination } };
    },

    async create(ctx) {
      const { partner, accessKey } = await partners().create(ctx.request.body ?? {});
      ctx.status = 201;
      ctx.body = { data: partner, meta: { accessKey, note: 'the key is shown once; Wire keeps only its hash' } };
    },

    async update(ctx) {
      found(ctx, await partners().update(String(ctx.params.id), ctx.request.body ?? {}));
    },

    async revoke(ctx) {
      found(ctx, await partners().revoke(String(ctx.params.id)));
    },

    async newKey(ctx) {
      const created = await partners().newKey(String(ctx.params.id));
      if (!created) return ctx.notFound(`no partner ${ctx.params.id}`);
      ctx.status = 201;
      ctx.body = {
        data: created.partner,
        meta: { accessKey: created.accessKey, note: 'the key is shown once; Wire keeps only its hash' },
      };
    },
  };
};
