import type { Core } from '@strapi/strapi';

/** GET /api/wire/articles/:id/versions: every version of a story the caller may see, newest first. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const result = await strapi.plugin('wire').service('partners').viewerFor(ctx.state.auth);
    if (!result.ok) return result.status === 401 ? ctx.unauthorized(result.reason) : ctx.forbidden(result.reason);
    const versions = await strapi.plugin('wire').service('articles').versions(result.viewer, String(ctx.params.id));
    if (!versions) return ctx.notFound(`no article ${ctx.params.id} for this token`);
    ctx.body = { data: versions, meta: { access: result.viewer.access, count: versions.length } };
  },
});
