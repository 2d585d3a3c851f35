import type { Core } from '@strapi/strapi';
import { countServed, partnerViewer, sendCacheable } from './respond';
import { wire } from '../services/wire';

/** GET /api/wire/articles/:id/versions: every version of a story the caller may see, newest first. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const who = await partnerViewer(strapi, ctx);
    if (!who) return;
    const versions = await wire(strapi).service('articles').versions(who, String(ctx.params.id));
    if (!versions) return ctx.notFound(`no article ${ctx.params.id} for this token`);
    sendCacheable(strapi, ctx, { data: versions, meta: { access: who.access, count: versions.length } });
    countServed(strapi, ctx, who, versions);
  },
});
