/**
 * Puts `plugin::wire.push-body` just before `strapi::body` in the host app's middleware list, so a
 * host installs Wire without editing config/middlewares (Strapi reads the list after plugins
 * register). A list that already names it is left as it is, if it comes before `strapi::body`;
 * one Wire cannot place it in refuses to start, naming the line to add. Pure but for the config.
 */
export const PUSH_BODY_MIDDLEWARE = 'plugin::wire.push-body';

type Entry = string | { name?: string; resolve?: string; config?: unknown };

const nameOf = (entry: Entry) => (typeof entry === 'string' ? entry : (entry.name ?? entry.resolve ?? ''));

const ADD_IT = `add '${PUSH_BODY_MIDDLEWARE}' just before 'strapi::body' in config/middlewares`;

export function withPushBody(list: unknown): Entry[] {
  if (!Array.isArray(list)) {
    throw new Error(`Wire: config/middlewares is not a list of middlewares; ${ADD_IT}`);
  }
  const names = list.map(nameOf);
  const body = names.indexOf('strapi::body');
  const ours = names.indexOf(PUSH_BODY_MIDDLEWARE);
  if (body === -1) {
    throw new Error(
      `Wire: config/middlewares has no 'strapi::body'; pushes to POST /api/wire/ingest need it. Restore it and ${ADD_IT}`,
    );
  }
  if (ours !== -1) {
    if (ours > body)
      throw new Error(
        `Wire: '${PUSH_BODY_MIDDLEWARE}' comes after 'strapi::body' in config/middlewares; move it just before`,
      );
    return list;
  }
  return [...list.slice(0, body), PUSH_BODY_MIDDLEWARE, ...list.slice(body)];
}
