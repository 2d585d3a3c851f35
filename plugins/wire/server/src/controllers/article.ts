import type { Core } from '@strapi/strapi';
import { parseListQuery } from '../serve/list-query';

/** GET /api/wire/articles and /api/wire/articles/:id for partner tokens. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = (name: string) => strapi.plugin('wire').service(name);

  async function viewer(ctx) {
    const result = await service('partners').viewerFor(ctx.state.auth);
    if (!result.ok) {
      if (result.status === 401) ctx.unauthorized(result.reason);
      else ctx.forbidden(result.reason);
      return null;
    }
    return result.viewer;
  }

  return {
    async find(ctx) {
      const who = await viewer(ctx);
      if (!who) return;
      const parsed = parseListQuery(ctx.query ?? {});
      if (!parsed.ok) return ctx.badRequest(parsed.error);
      const { data, pagination } = await service('articles').list(who, parsed.query);
      ctx.body = { data, meta: { pagination, access: who.access } };
    },

    async findOne(ctx) {
      const who = await viewer(ctx);
      if (!who) return;
      const article = await service('articles').get(who, String(ctx.params.id));
      if (!article) return ctx.notFound(`no article ${ctx.params.id} for this token`);
      ctx.body = { data: article, meta: { access: who.access } };
    },
  };
};
