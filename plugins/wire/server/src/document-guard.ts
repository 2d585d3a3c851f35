/**
 * No side door. Wire's desk routes check Wire's own permissions; the Content Manager checks only
 * Strapi's. So the types whose writes decide what partners receive (partners and their tokens,
 * licences, article versions, ingest runs, routing rules, and feeds: where copy comes from, with
 * which default agency and licence) are written only by Wire's own code:
 * every Document Service write to them from anywhere else (the Content Manager, another plugin) is
 * refused. Wire's services run inside `asWire` (index.ts wraps every service method), which is how
 * a write is told to be Wire's: an allow-list, so an API Strapi adds later is refused too.
 *
 * The Content Manager's relation pickers list records of the type a relation points at: for Wire's
 * types they answer only roles that may read that type (relationPickerPolicy).
 *
 * Articles stay editable in the Content Manager (by roles an admin grants it), but every Document
 * Service write of one is sanitized and its derived fields are computed here, never taken from the
 * input. Ingest writes articles with the query engine (services/store.ts), which Document Service
 * middlewares do not see: its derived fields come from the pipeline itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from './content-types';
import { deriveForDocumentService } from './content-types/article';

const wireContext = new AsyncLocalStorage<true>();

/** Runs `fn` as Wire's own code: its Document Service writes to desk-only types are allowed. */
export function asWire<T>(fn: () => T): T {
  return wireContext.getStore() ? fn() : wireContext.run(true, fn);
}

export const isWire = (): boolean => wireContext.getStore() === true;

/** A service (an object of methods) whose every method runs as Wire's own code. */
export function wireService<S extends Record<string, unknown>>(service: S): S {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(service)) {
    wrapped[key] =
      typeof value === 'function'
        ? function (this: unknown, ...args: unknown[]) {
            return asWire(() => value.apply(this, args));
          }
        : value;
  }
  return wrapped as S;
}

/** Every service factory of the plugin, wrapped with `wireService`. */
export function wireServices<T extends Record<string, any>>(services: T): T {
  return Object.fromEntries(
    Object.entries(services).map(([name, factory]) => [
      name,
      typeof factory === 'function' ? (deps: unknown) => wireService(factory(deps)) : wireService(factory),
    ]),
  ) as T;
}

/** Types written only by Wire's own code. */
export const DESK_ONLY: string[] = [
  UID.partner,
  UID.partnerToken,
  UID.licence,
  UID.articleVersion,
  UID.ingestRun,
  UID.feed,
  UID.rule,
];

const WRITES = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);

/**
 * Writes allowed from outside Wire: deleting a partner only takes access away (its keys are
 * deleted with it, content-types/partner.ts).
 */
const allowedOutside = (uid: string, action: string) => uid === UID.partner && action === 'delete';

/** Relations whose targets only Wire's own code connects: desk-only types, and agencies (scopes hang on them). */
const PROTECTED_TARGETS = new Set([...DESK_ONLY, UID.agency]);

/** Whether a relation value in a write changes anything (the Content Manager sends empty connect lists). */
function touches(value: unknown, action: string): boolean {
  if (value === undefined) return false;
  if (value === null) return action !== 'create';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const ops = value as Record<string, unknown>;
    const keys = Object.keys(ops);
    if (
      keys.length &&
      keys.every((k) => ['connect', 'disconnect'].includes(k) && Array.isArray(ops[k]) && !(ops[k] as unknown[]).length)
    )
      return false;
  }
  return true;
}

const refuse = (what: string): never => {
  throw new errors.ForbiddenError(
    `${what} is edited only at the Wire desk, by editors with the matching Wire permission`,
  );
};

const CM_READ = 'plugin::content-manager.explorer.read';
const isWireUid = (uid: unknown) => typeof uid === 'string' && uid.startsWith('plugin::wire.');

/**
 * The Content Manager's relation pickers (`/content-manager/relations/:model[/:id]/:targetField`)
 * check read rights on the source's field only, never on the type listed: a role that may read an
 * article's licence field got the ids of every licence, and a role without the field's read right
 * got a 500 (Strapi's check answers and the handler carries on). For a relation from or to a Wire
 * type, the role must be allowed to read the field and the type it points at; otherwise 403.
 */
export function relationPickerPolicy(
  ctx: { params?: Record<string, string>; state?: { userAbility?: any } },
  _config: unknown,
  { strapi }: { strapi: Core.Strapi },
): boolean {
  {
    const { model, targetField } = ctx.params ?? {};
    const source = model ? strapi.getModel(model as any) : undefined;
    const attribute = (source?.attributes as Record<string, { type?: string; target?: string }> | undefined)?.[
      targetField ?? ''
    ];
    // An unknown model or field is the Content Manager's own 400.
    if (!source || attribute?.type !== 'relation') return true;
    if (!isWireUid(model) && !isWireUid(attribute.target)) return true;
    const ability = ctx.state?.userAbility;
    if (!ability || !attribute.target) return false;
    const fieldReadable = source.modelType === 'component' || ability.can(CM_READ, model, targetField);
    return fieldReadable && ability.can(CM_READ, attribute.target);
  }
}

/**
 * Adds relationPickerPolicy to the Content Manager's relations routes. In `register`: Strapi turns
 * routes into the router before any plugin's bootstrap runs.
 */
function guardRelationPickers(strapi: Core.Strapi) {
  const routers = (strapi.plugin('content-manager')?.routes ?? {}) as Record<
    string,
    { routes?: Array<{ path: string; config?: { policies?: unknown[] } }> }
  >;
  // Registered as the plugin's policy (index.ts): Strapi resolves route policies by name only.
  const policy = 'plugin::wire.relation-picker';
  let guarded = 0;
  for (const router of Object.values(routers))
    for (const route of router?.routes ?? [])
      if (route.path.startsWith('/relations/')) {
        route.config = { ...route.config, policies: [...(route.config?.policies ?? []), policy] };
        guarded += 1;
      }
  // Fail closed: a Content Manager whose routes moved must not leave the pickers open unnoticed.
  if (!guarded) throw new Error("[wire] the Content Manager's relations routes were not found: cannot guard them");
}

export function registerDocumentGuard(strapi: Core.Strapi) {
  guardRelationPickers(strapi);
  strapi.documents.use(async (ctx, next) => {
    if (!WRITES.has(ctx.action)) return next();
    const data = (ctx.params as { data?: Record<string, unknown> }).data;
    if (DESK_ONLY.includes(ctx.uid) && !isWire() && !allowedOutside(ctx.uid, ctx.action)) {
      refuse(ctx.contentType?.info?.displayName ?? ctx.uid);
    }
    if (ctx.uid === UID.agency && data && 'code' in data && ctx.action === 'update' && !isWire()) {
      // Agency scoping (partners' agencies, push tokens) hangs on the code: renaming one would move
      // every story of one agency to another.
      const current = await strapi.db
        .query(UID.agency)
        .findOne({ where: { documentId: (ctx.params as { documentId?: string }).documentId }, select: ['code'] });
      if (current && current.code !== data.code) refuse("An agency's code");
    }
    if (data && !isWire()) {
      // A relation is a write to what it points at: an article's licence, versions or agency, a
      // feed's runs or default licence are Wire's to set, not the Content Manager's.
      for (const [field, attribute] of Object.entries(
        (ctx.contentType?.attributes ?? {}) as Record<string, { type?: string; target?: string }>,
      )) {
        if (
          attribute.type === 'relation' &&
          PROTECTED_TARGETS.has(attribute.target ?? '') &&
          touches(data[field], ctx.action)
        ) {
          refuse(`${ctx.contentType?.info?.displayName ?? ctx.uid}'s ${field}`);
        }
      }
    }
    if (ctx.uid === UID.agency && !isWire()) {
      // Aliases decide whose copy is credited to an agency, and so which push tokens and partners'
      // scopes reach it: only the desk's Agencies screen (agencies.manage) changes them.
      if (ctx.action === 'delete') refuse('Deleting an agency');
      // retentionDays: its stories' expiry is recomputed when it changes, which only the desk does.
      for (const field of ['aliases', 'confirmed', 'defaultLicence', 'newsroomAccess', 'retentionDays'])
        if (data && field in data) refuse(`An agency's ${field}`);
    }
    if (ctx.uid === UID.article && data) deriveForDocumentService(data);
    return next();
  });
}
