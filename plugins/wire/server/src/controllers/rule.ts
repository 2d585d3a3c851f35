import type { Core } from '@strapi/strapi';
import { wire } from '../services/wire';

/** Admin API for routing rules (services/rules.ts): list, create, change, delete, reorder, try. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => wire(strapi).service('rules');
  const found = (ctx, rule) => {
    if (!rule) return ctx.notFound(`no rule ${ctx.params.id}`);
    ctx.body = { data: rule };
  };
  return {
    async find(ctx) {
      ctx.body = { data: await rules().list() };
    },
    async findOne(ctx) {
      found(ctx, await rules().get(String(ctx.params.id)));
    },
    async create(ctx) {
      ctx.status = 201;
      ctx.body = { data: await rules().create(ctx.request.body ?? {}) };
    },
    async update(ctx) {
      found(ctx, await rules().update(String(ctx.params.id), ctx.request.body ?? {}));
    },
    async delete(ctx) {
      found(ctx, await rules().remove(String(ctx.params.id)));
    },
    async reorder(ctx) {
      ctx.body = { data: await rules().reorder(ctx.request.body?.order) };
    },
    /** `{ rule, last }`: the rule (saved or not) against the newest `last` stories; nothing is saved. */
    async try(ctx) {
      const body = ctx.request.body ?? {};
      ctx.body = { data: await rules().tryRule(body.rule, body.last) };
    },
  };
};
