/**
 * The desk list's filters as query conditions, one per filter, and the facet counts: for each
 * facet, the stories under every other filter, counted by that facet's values (so an editor who
 * picked one agency still sees how many the others have). Each count is one grouped query on the
 * database, over the ids the other filters admit. With many matches (or no search) the counts read
 * the desk's narrow index (database/desk-index.ts), not each story's row.
 */
import type { Core } from '@strapi/strapi';
import { DESK_FACETS, type DeskFacet, type DeskFacetValue } from '../../../shared/desk-api';
import { ARTICLE_FILTERS } from '../../../shared/status';
import { UID } from '../content-types';
import type { DeskArticleQuery } from '../desk/article-query';
import type { SearchQuery } from '../search/query';
import { articlesAs, throughDeskIndex } from '../database/desk-index';

type Where = Record<string, unknown>;
type Filters = Partial<Record<DeskFacet | 'search' | 'dates' | 'review' | 'collapse' | 'type', Where>>;

const languageIs = (language: string): Where => ({
  $or: [{ language: { $eqi: language } }, { language: { $startsWithi: `${language}-` } }],
});

const STATUS_WHERE = {
  embargoed: (now: Date): Where => ({ embargoedUntil: { $gt: now } }),
  withdrawn: (): Where => ({ pubStatus: 'canceled' }),
  withheld: (): Where => ({ pubStatus: 'withheld' }),
  held: (): Where => ({ embargoHold: { $notNull: true } }),
} as const;

/**
 * Each filter of the query as a condition (absent when not given). `match`: the search's ids;
 * `pinned`: the stories whose guid is the query, looked up apart (an `OR guid = ?` beside the match
 * kept SQLite from probing the match's ids and PostgreSQL from using its GIN index).
 */
export function deskFilters(
  query: DeskArticleQuery,
  now: Date,
  match: (search: SearchQuery) => unknown,
  pinned: number[] = [],
): Filters {
  const filters: Filters = {};
  if (query.search)
    // A story's guid, pasted from an agency's system, finds it too.
    filters.search = pinned.length
      ? { $or: [{ id: { $in: match(query.search) } }, { id: { $in: pinned } }] }
      : { id: { $in: match(query.search) } };
  if (query.status && query.status in STATUS_WHERE)
    filters.status = STATUS_WHERE[query.status as keyof typeof STATUS_WHERE](now);
  // Held for review by a routing rule, waiting for an editor's release.
  if (query.held) filters.review = { reviewHold: { $notNull: true } };
  if (query.agency) filters.agency = { agency: { code: { $eqi: query.agency } } };
  if (query.section) filters.section = { section: { $eqi: query.section } };
  if (query.language) filters.language = languageIs(query.language);
  if (query.urgency) filters.urgency = { urgency: { $lte: query.urgency } };
  if (query.feed) filters.feed = { feed: { documentId: query.feed } };
  // Rows stored before item types were kept have none: they are text.
  if (query.type)
    filters.type =
      query.type === 'text' ? { $or: [{ itemType: 'text' }, { itemType: { $null: true } }] } : { itemType: query.type };
  if (query.from || query.to)
    filters.dates = {
      $and: [
        ...(query.from ? [{ versionCreated: { $gte: query.from } }] : []),
        ...(query.to ? [{ versionCreated: { $lte: query.to } }] : []),
      ],
    };
  return filters;
}

const FACET_VALUES = 30;

/**
 * `scan`: read the desk's index rather than each story's row (database/desk-index.ts). `match`: the
 * search's ids alone (no guid pinned), given as they are when the search is the only other filter.
 */
export async function facetCounts(
  strapi: Core.Strapi,
  filters: Filters,
  now: Date,
  { scan, match }: { scan: boolean; match?: unknown },
): Promise<Record<DeskFacet, DeskFacetValue[]>> {
  const attributes = strapi.db.metadata.get(UID.article).attributes as Record<string, any>;
  const rest = (facet: DeskFacet) => Object.entries(filters).filter(([name]) => name !== facet);
  const others = (facet: DeskFacet): Where => ({ $and: rest(facet).map(([, where]) => where) });
  /** The ids the other filters admit; null: every story. */
  const ids = (facet: DeskFacet) => {
    const conditions = rest(facet);
    if (!conditions.length) return null;
    if (match && conditions.length === 1 && conditions[0][0] === 'search') return match;
    const built = strapi.db.queryBuilder(UID.article).where(others(facet)).select('id');
    return scan ? throughDeskIndex(strapi, built) : built.getKnexQuery();
  };
  const among = (query: any, facet: DeskFacet) => {
    const admitted = ids(facet);
    return admitted ? query.whereIn('a.id', admitted) : query;
  };
  type Counted = { value: unknown; label?: unknown; n: number | string };
  const values = (rows: Counted[]): DeskFacetValue[] =>
    rows
      .filter((r) => r.value !== null && r.value !== undefined && r.value !== '')
      .map((r) => ({ value: String(r.value), label: String(r.label ?? r.value), count: Number(r.n) }));

  const column = (facet: DeskFacet, name: string) =>
    among(articlesAs(strapi, 'a', scan), facet)
      .groupBy(`a.${name}`)
      .select(`a.${name} as value`)
      .count('* as n')
      // Ties in value order, so the list does not depend on the plan.
      .orderBy([{ column: 'n', order: 'desc' }, { column: 'value' }])
      .limit(FACET_VALUES);
  /**
   * A many-to-one relation (agency, feed) counted through its link table alone: its rows are
   * counted by the id they link to, then joined to their names (a link row always has its story:
   * it goes with it, ON DELETE CASCADE). Joining the articles row by row cost more than the count.
   */
  const related = (facet: 'agency' | 'feed', uid: string, value: string, label: string) => {
    const knex = strapi.db.connection;
    const table = strapi.db.metadata.get(uid).tableName;
    const link = attributes[facet].joinTable;
    const admitted = ids(facet);
    const perTarget = knex(`${link.name} as l`)
      .select(`l.${link.inverseJoinColumn.name} as target`)
      .count('* as n')
      .groupBy(`l.${link.inverseJoinColumn.name}`);
    if (admitted) perTarget.whereIn(`l.${link.joinColumn.name}`, admitted);
    return knex
      .from(perTarget.as('c'))
      .join(`${table} as t`, 't.id', 'c.target')
      .groupBy(`t.${value}`, `t.${label}`)
      .select(`t.${value} as value`, `t.${label} as label`)
      .sum('c.n as n')
      .orderBy([{ column: 'n', order: 'desc' }, { column: 'value' }])
      .limit(FACET_VALUES);
  };
  const statuses = async (): Promise<Counted[]> =>
    Promise.all(
      ARTICLE_FILTERS.map(async (status) => {
        const built = strapi.db
          .queryBuilder(UID.article)
          .where({ $and: [others('status'), STATUS_WHERE[status](now)] })
          .count();
        const rows: Array<{ count: number | string }> = await (scan
          ? throughDeskIndex(strapi, built)
          : built.getKnexQuery());
        return { value: status, n: Number(rows[0]?.count ?? 0) };
      }),
    ).then((rows) => rows.filter((r) => Number(r.n) > 0));

  const [agency, section, language, urgency, status, feed] = await Promise.all([
    related('agency', UID.agency, 'code', 'name'),
    column('section', 'section'),
    column('language', 'language'),
    column('urgency', 'urgency'),
    statuses(),
    related('feed', UID.feed, 'document_id', 'name'),
  ]);
  const out = { agency, section, language, urgency, status, feed } as Record<DeskFacet, Counted[]>;
  return Object.fromEntries(DESK_FACETS.map((facet) => [facet, values(out[facet])])) as Record<
    DeskFacet,
    DeskFacetValue[]
  >;
}
