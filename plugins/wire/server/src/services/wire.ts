/**
 * Wire's services with their real types: `wire(strapi).service('ingest')` is the ingest service as
 * services/ingest.ts makes it, where `strapi.plugin('wire').service('ingest')` is `any`. The one way
 * the plugin's code reaches its own services and settings.
 */
import type { Core } from '@strapi/strapi';

/**
 * Each service by its registered name, as its factory returns it. Filled in by services/index.ts
 * (`declare module './wire'`), so that this module imports no service and services may import it
 * without an import cycle.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WireServices {}
export type WireServiceName = keyof WireServices;

/** Looks the plugin up at each call: a service factory may hold the accessor before the plugin is registered. */
export function wire(strapi: Core.Strapi) {
  return {
    service<Name extends WireServiceName>(name: Name): WireServices[Name] {
      return strapi.plugin('wire').service(name) as WireServices[Name];
    },
  };
}
