import type { Core } from '@strapi/strapi';
import { wire } from '../services/wire';

/** Admin API for routing rules (services/rules.ts): list, create, change, delete, reorder, try. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => wire(strapi).service('rules');
  /** The editor saving a rule, with their rights (a rule's take acts for them). */
  const who = (ctx) => {
    const ability = ctx.state?.userAbility;
    return {
      user: ctx.state?.user ?? null,
      can: ability ? (action: string, subject?: string, field?: string) => ability.can(action, subject, field) : null,
    };
  };
  const found = (ctx, rule) => {
    if (!rule) return ctx.notFound(`no rule ${ctx.params.id}`);
    if ('forbidden' in rule) return ctx.forbidden(rule.forbidden);
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
      const saved = await rules().create(ctx.request.body ?? {}, who(ctx));
      if ('forbidden' in saved) return ctx.forbidden(saved.forbidden);
      ctx.status = 201;
      ctx.body = { data: saved };
    },
    async update(ctx) {
      found(ctx, await rules().update(String(ctx.params.id), ctx.request.body ?? {}, who(ctx)));
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
