/**
 * The desk's article list query (GET /wire/articles): a search, its sort, filters and facets.
 * Pure: every parameter is checked here, and a bad one is a 400 naming it.
 */
import { ARTICLE_FILTERS, ITEM_TYPES, type ArticleFilter, type ItemType } from '../../../shared/status';
import type { SearchQuery } from '../search/query';
import { parseSearchParams, type ListSort } from '../serve/list-query';

export interface DeskArticleQuery {
  page: number;
  pageSize: number;
  /** As typed (a story's guid is found by it too). */
  q?: string;
  search?: SearchQuery;
  sort: ListSort;
  status?: ArticleFilter | 'served';
  /** Agency code, section, language (`en` also matches `en-GB`), feed documentId. */
  agency?: string;
  section?: string;
  language?: string;
  feed?: string;
  /** What the item is (`type=picture`): text, picture, video, audio, graphic or package. */
  type?: ItemType;
  /** Urgency at most this (1 is the most urgent). */
  urgency?: number;
  from?: Date;
  to?: Date;
  /** Only stories a routing rule holds for review (`held=true`). */
  held: boolean;
  /** One line per story: of the same story from several agencies, only the latest stored is listed. */
  collapse: boolean;
  facets: boolean;
}

type Parsed = { ok: true; query: DeskArticleQuery } | { ok: false; error: string };

const STATUSES = [...ARTICLE_FILTERS, 'served'] as const;

function text(raw: Record<string, unknown>, name: string): string | undefined | { error: string } {
  const value = raw[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return { error: `${name} must be given once, as text` };
  if (value.length > 200) return { error: `${name} may be at most 200 characters` };
  return value.trim() || undefined;
}

export function parseDeskArticleQuery(raw: Record<string, unknown>, page: { page: number; pageSize: number }): Parsed {
  const values: Record<string, string | undefined> = {};
  for (const name of [
    'q',
    'status',
    'agency',
    'section',
    'language',
    'feed',
    'urgency',
    'from',
    'to',
    'sort',
    'facets',
    'held',
    'collapse',
    'type',
  ]) {
    const value = text(raw, name);
    if (typeof value === 'object') return { ok: false, error: value.error };
    values[name] = value;
  }
  const { q, status, urgency } = values;
  if (status && !STATUSES.includes(status as (typeof STATUSES)[number]))
    return { ok: false, error: `status must be one of ${STATUSES.join(', ')} (got "${status}")` };
  if (values.type && !ITEM_TYPES.includes(values.type as ItemType))
    return { ok: false, error: `type must be one of ${ITEM_TYPES.join(', ')} (got "${values.type}")` };
  if (values.held && values.held !== 'true' && values.held !== 'false')
    return { ok: false, error: 'held: true (held for review) or false' };
  const search = parseSearchParams(q, values.language, values.sort);
  if (!search.ok) return search;
  const query: DeskArticleQuery = {
    ...page,
    ...search.query,
    facets: values.facets === 'true',
    held: values.held === 'true',
    collapse: values.collapse === 'true',
    ...(q ? { q } : {}),
    ...(status ? { status: status as DeskArticleQuery['status'] } : {}),
    ...(values.type ? { type: values.type as ItemType } : {}),
  };
  for (const name of ['agency', 'section', 'language', 'feed'] as const) if (values[name]) query[name] = values[name];
  if (urgency !== undefined) {
    const n = Number(urgency);
    if (!Number.isInteger(n) || n < 1 || n > 9)
      return { ok: false, error: `urgency must be 1 to 9 (got "${urgency}")` };
    query.urgency = n;
  }
  for (const name of ['from', 'to'] as const) {
    const value = values[name];
    if (!value) continue;
    // A day alone: `to` takes in the whole of it.
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const date = new Date(day && name === 'to' ? `${value}T23:59:59.999Z` : value);
    if (Number.isNaN(date.getTime()))
      return { ok: false, error: `${name} must be an ISO 8601 date or date-time (got "${value}")` };
    query[name] = date;
  }
  if (query.from && query.to && query.from > query.to) return { ok: false, error: 'from must not be after to' };
  return { ok: true, query };
}
