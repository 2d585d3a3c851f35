/**
 * Every article, searchable (the full-text search: any form of a word, "phrases", -exclusions,
 * OR), sorted by relevance or newest first, filtered by status, dates and facets with counts.
 */
import {
  Box,
  Button,
  Checkbox,
  Flex,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import * as React from 'react';
import { useSearchParams } from 'react-router-dom';
import { DESK_FACETS, type DeskFacet } from '../../../shared/desk-api';
import { ARTICLE_FILTERS } from '../../../shared/status';
import { useGetArticlesQuery } from '../api';
import { ArticleTable } from '../components/ArticleTable';
import { Facets } from '../components/Facets';
import { PageError } from '../components/PageError';
import { Hint, Pager, Panel, Shell } from '../components/Shell';
import { useT } from '../translations';

const SORTS = ['relevance', 'newest'] as const;

export function ArticlesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1);
  // `held=true`: held for review by a routing rule (the status filter's last choice).
  const status = params.get('held') === 'true' ? 'review' : (params.get('status') ?? 'all');
  const q = params.get('q') ?? '';
  const sort = (params.get('sort') ?? (q ? 'relevance' : 'newest')) as (typeof SORTS)[number];
  const [search, setSearch] = React.useState(q);
  const [from, setFrom] = React.useState(params.get('from') ?? '');
  const [to, setTo] = React.useState(params.get('to') ?? '');
  const filters = Object.fromEntries(
    DESK_FACETS.filter((f) => f !== 'status' && params.get(f)).map((f) => [f, params.get(f)!]),
  ) as Partial<Record<DeskFacet, string>>;
  const filtered =
    !!q || status !== 'all' || Object.keys(filters).length > 0 || !!params.get('from') || !!params.get('to');
  const { data, error, isLoading } = useGetArticlesQuery({
    page,
    pageSize: 20,
    q: q || undefined,
    sort: q ? sort : undefined,
    status: status !== 'all' && status !== 'review' ? status : undefined,
    held: status === 'review' ? 'true' : undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    ...filters,
    collapse: params.get('collapse') === 'true' ? 'true' : undefined,
    // Counts come with a search or a filter: over the whole archive they would cost every visit.
    facets: filtered ? 'true' : undefined,
  });
  const set = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged);
  };
  if (error) return <PageError error={error} />;
  const pagination = data?.meta.pagination;
  const facets = data?.meta.facets;
  return (
    <Shell
      title={t('nav.articles')}
      subtitle={pagination ? t('articles.total', { count: pagination.total }) : undefined}
    >
      <Panel title={t('articles.find')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            set({ q: search.trim() || null, from: from || null, to: to || null, sort: null, page: null });
          }}
        >
          <Flex gap={3} alignItems="flex-end" wrap="wrap">
            <Box style={{ minWidth: '24rem' }}>
              <TextInput
                aria-label={t('articles.search')}
                placeholder={t('articles.search.placeholder')}
                value={search}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)}
              />
            </Box>
            <SingleSelect
              aria-label={t('articles.status')}
              value={status}
              onChange={(value: string | number) =>
                set({
                  status: value === 'all' || value === 'review' ? null : String(value),
                  held: value === 'review' ? 'true' : null,
                  page: null,
                })
              }
            >
              <SingleSelectOption value="all">{t('filter.all')}</SingleSelectOption>
              {ARTICLE_FILTERS.map((f) => (
                <SingleSelectOption key={f} value={f}>
                  {t(`filter.${f}`)}
                </SingleSelectOption>
              ))}
              <SingleSelectOption value="review">{t('filter.review')}</SingleSelectOption>
            </SingleSelect>
            <TextInput
              type="date"
              aria-label={t('articles.from')}
              value={from}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFrom(e.target.value)}
            />
            <TextInput
              type="date"
              aria-label={t('articles.to')}
              value={to}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTo(e.target.value)}
            />
            <Button type="submit" variant="secondary">
              {t('articles.searchButton')}
            </Button>
          </Flex>
          <Box paddingTop={2}>
            <Typography variant="pi" textColor="neutral600">
              {t('articles.search.help')}
            </Typography>
          </Box>
          <Box paddingTop={3}>
            <Checkbox
              checked={params.get('collapse') === 'true'}
              onCheckedChange={(c: boolean | 'indeterminate') =>
                set({ collapse: c === true ? 'true' : null, page: null })
              }
            >
              {t('articles.collapse')}
            </Checkbox>
          </Box>
        </form>
      </Panel>
      {facets ? (
        <Panel title={t('facets.title')}>
          <Facets
            facets={facets}
            chosen={{ ...filters, ...(status !== 'all' ? { status } : {}) }}
            onChoose={(facet, value) => set({ [facet]: value, page: null })}
          />
        </Panel>
      ) : null}
      <Panel
        title={q ? t(`articles.sorted.${sort}`) : t('articles.newestFirst')}
        actions={
          q ? (
            <SingleSelect
              aria-label={t('articles.sort')}
              value={sort}
              onChange={(value: string | number) => set({ sort: String(value), page: null })}
            >
              {SORTS.map((s) => (
                <SingleSelectOption key={s} value={s}>
                  {t(`articles.sort.${s}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          ) : undefined
        }
      >
        {isLoading ? null : data && data.data.length ? (
          <ArticleTable articles={data.data} />
        ) : (
          <Hint>{filtered ? t('articles.noMatch') : t('articles.empty')}</Hint>
        )}
        <Pager pagination={pagination} onPage={(p) => set({ page: String(p) })} />
      </Panel>
    </Shell>
  );
}
