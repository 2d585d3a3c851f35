import type { Core } from '@strapi/strapi';

/** The app itself is thin: Wire lives in the plugin at plugins/wire. */
export default {
  register(/* { strapi }: { strapi: Core.Strapi } */) {},
  bootstrap(/* { strapi }: { strapi: Core.Strapi } */) {},
} satisfies Partial<Core.Strapi['app']> | Record<string, unknown>;
