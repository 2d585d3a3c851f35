/**
 * The partner list query: only these parameters are read, each checked; everything else in the
 * query string is ignored, so no parameter can widen what a token may see.
 */
import type { ListQuery } from '../services/articles';

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 25;

type Raw = Record<string, unknown>;

function positiveInt(value: unknown, name: string): number | string {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : `${name} must be a whole number of at least 1 (got "${String(value)}")`;
}

export function parseListQuery(raw: Raw): { ok: true; query: ListQuery } | { ok: false; error: string } {
  const pagination = (typeof raw.pagination === 'object' && raw.pagination ? raw.pagination : {}) as Raw;
  const pageRaw = raw.page ?? pagination.page ?? 1;
  const sizeRaw = raw.pageSize ?? pagination.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = positiveInt(pageRaw, 'page');
  if (typeof page === 'string') return { ok: false, error: page };
  const pageSize = positiveInt(sizeRaw, 'pageSize');
  if (typeof pageSize === 'string') return { ok: false, error: pageSize };
  if (pageSize > MAX_PAGE_SIZE) return { ok: false, error: `pageSize may be at most ${MAX_PAGE_SIZE} (got ${pageSize})` };
  const query: ListQuery = { page, pageSize };
  for (const name of ['agency', 'q'] as const) {
    const value = raw[name];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') return { ok: false, error: `${name} must be given once, as text` };
    if (value.length > 200) return { ok: false, error: `${name} may be at most 200 characters` };
    query[name] = value.trim();
  }
  return { ok: true, query };
}
