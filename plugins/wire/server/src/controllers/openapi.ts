import type { Core } from '@strapi/strapi';
import { openApiDocument } from '../serve/openapi';
import { apiBase } from './respond';

/** GET /api/wire/openapi.json: the partner API described for code generators and humans. Public. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = openApiDocument(apiBase(strapi, ctx));
  },
});
