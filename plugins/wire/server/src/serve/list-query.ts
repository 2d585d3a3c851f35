/**
 * The partner list query: only these parameters are read, each checked; everything else in the
 * query string is ignored, so no parameter can widen what a token may see.
 */
import { SearchSyntaxError, parseSearch, type SearchQuery } from '../search/query';
import { stemLanguage } from '../search/text';
import { isClearCursor, type Position } from './cursor';

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 25;

/** Text filters: each narrows the list, matched without regard to case. */
export const TEXT_FILTERS = ['agency', 'section', 'language', 'place', 'keyword', 'q'] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];

export interface ListQuery extends Partial<Record<TextFilter, string>> {
  page: number;
  pageSize: number;
  /** Bounds on versionCreated (inclusive). */
  since?: Date;
  until?: Date;
  /** `q` as read (search/query.ts), in the forms of `language` when the list is limited to one. */
  search?: SearchQuery;
  /** With `q`: best match first (the default), or newest first. Without: newest first. */
  sort: ListSort;
}

export const LIST_SORTS = ['relevance', 'newest'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** `q` (and `sort`) read, or the reason it cannot be (a 400). Shared by the desk and the partner API. */
export function parseSearchParams(
  q: string | undefined,
  language: string | undefined,
  sort: unknown,
): Parsed<{ search?: SearchQuery; sort: ListSort }> {
  if (sort !== undefined && sort !== '' && !LIST_SORTS.includes(sort as ListSort))
    return { ok: false, error: `sort must be one of ${LIST_SORTS.join(', ')} (got "${String(sort)}")` };
  if (sort === 'relevance' && !q) return { ok: false, error: 'sort=relevance needs a search (q)' };
  if (!q) return { ok: true, query: { sort: 'newest' } };
  try {
    const search = parseSearch(q, language ? stemLanguage(language) : undefined);
    return { ok: true, query: { search, sort: (sort || 'relevance') as ListSort } };
  } catch (error) {
    if (error instanceof SearchSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

type Raw = Record<string, unknown>;
type Parsed<T> = { ok: true; query: T } | { ok: false; error: string };

function positiveInt(value: unknown, name: string): number | string {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : `${name} must be a whole number of at least 1 (got "${String(value)}")`;
}

/** A single text parameter, or an error naming it. */
function textParam(raw: Raw, name: string): string | undefined | { error: string } {
  const value = raw[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return { error: `${name} must be given once, as text` };
  if (value.length > 200) return { error: `${name} may be at most 200 characters` };
  return value.trim();
}

function dateParam(raw: Raw, name: string): Date | undefined | { error: string } {
  const text = textParam(raw, name);
  if (text === undefined || typeof text === 'object') return text;
  const date = new Date(text);
  return Number.isNaN(date.getTime())
    ? { error: `${name} must be an ISO 8601 date or date-time (got "${text}")` }
    : date;
}

/** `page`/`pageSize` (or Strapi's `pagination[page]`/`pagination[pageSize]`), at most MAX_PAGE_SIZE. */
export function parsePage(raw: Raw, sizeName = 'pageSize'): Parsed<{ page: number; pageSize: number }> {
  const pagination = (typeof raw.pagination === 'object' && raw.pagination ? raw.pagination : {}) as Raw;
  const page = positiveInt(raw.page ?? pagination.page ?? 1, 'page');
  if (typeof page === 'string') return { ok: false, error: page };
  const pageSize = positiveInt(raw[sizeName] ?? pagination.pageSize ?? DEFAULT_PAGE_SIZE, sizeName);
  if (typeof pageSize === 'string') return { ok: false, error: pageSize };
  if (pageSize > MAX_PAGE_SIZE)
    return { ok: false, error: `${sizeName} may be at most ${MAX_PAGE_SIZE} (got ${pageSize})` };
  return { ok: true, query: { page, pageSize } };
}

export function parseListQuery(raw: Raw): Parsed<ListQuery> {
  const paging = parsePage(raw);
  if (!paging.ok) return paging;
  const query: ListQuery = { ...paging.query, sort: 'newest' };
  for (const name of TEXT_FILTERS) {
    const value = textParam(raw, name);
    if (typeof value === 'object') return { ok: false, error: value.error };
    if (value) query[name] = value;
  }
  const search = parseSearchParams(query.q, query.language, raw.sort);
  if (!search.ok) return search;
  Object.assign(query, search.query);
  for (const name of ['since', 'until'] as const) {
    const value = dateParam(raw, name);
    if (value instanceof Date) query[name] = value;
    else if (value) return { ok: false, error: value.error };
  }
  if (query.since && query.until && query.since > query.until)
    return { ok: false, error: 'since must not be after until' };
  return { ok: true, query };
}

export interface ChangesQuery {
  /** Where the previous page ended; null from the beginning. */
  after: Position | null;
  limit: number;
  agency?: string;
}

/** `open` reads a sealed cursor back (serve/cursor.ts); without one (pure tests) every cursor is refused. */
export function parseChangesQuery(
  raw: Raw,
  open: (cursor: string) => Position | null = () => null,
): Parsed<ChangesQuery> {
  const limit = positiveInt(raw.limit ?? 100, 'limit');
  if (typeof limit === 'string') return { ok: false, error: limit };
  if (limit > MAX_PAGE_SIZE) return { ok: false, error: `limit may be at most ${MAX_PAGE_SIZE} (got ${limit})` };
  const cursor = textParam(raw, 'cursor');
  if (typeof cursor === 'object') return { ok: false, error: cursor.error };
  const after = cursor ? open(cursor) : null;
  if (cursor && !after && isClearCursor(cursor))
    return {
      ok: false,
      error: `cursor "${cursor}" is an unsealed cursor from an older Wire and is no longer accepted: start the sync again from the beginning, without a cursor`,
    };
  if (cursor && !after) return { ok: false, error: `cursor "${cursor}" is not one this API gave out` };
  const agency = textParam(raw, 'agency');
  if (typeof agency === 'object') return { ok: false, error: agency.error };
  return { ok: true, query: { after, limit, ...(agency ? { agency } : {}) } };
}
