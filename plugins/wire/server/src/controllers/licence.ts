import type { Core } from '@strapi/strapi';
import { pageOf } from './page';
import { wire } from '../services/wire';

/** Admin API for licences: the distinct licences with their article counts, and corrections. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const licences = () => wire(strapi).service('licences');
  return {
    async find(ctx) {
      const { page, pageSize } = pageOf(ctx.query, 20);
      const { data, pagination } = await licences().list(page, pageSize);
      ctx.body = { data, meta: { pagination } };
    },

    async update(ctx) {
      const licence = await licences().update(String(ctx.params.id), ctx.request.body ?? {});
      if (!licence) return ctx.notFound(`no licence ${ctx.params.id}`);
      ctx.body = { data: licence };
    },
  };
};
