/** Every article, newest first, searchable and filtered by status; paginated. */
import { Button, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import * as React from 'react';
import { useSearchParams } from 'react-router-dom';
import { ARTICLE_FILTERS } from '../../../shared/status';
import { useGetArticlesQuery } from '../api';
import { ArticleTable } from '../components/ArticleTable';
import { PageError } from '../components/PageError';
import { Hint, Pager, Panel, Shell } from '../components/Shell';
import { useT } from '../translations';

export function ArticlesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1);
  // `held=true`: held for review by a routing rule (the status filter's last choice).
  const status = params.get('held') === 'true' ? 'review' : (params.get('status') ?? 'all');
  const q = params.get('q') ?? '';
  const [search, setSearch] = React.useState(q);
  const { data, error, isLoading } = useGetArticlesQuery({
    page,
    pageSize: 20,
    q: q || undefined,
    status: status !== 'all' && status !== 'review' ? status : undefined,
    held: status === 'review' ? 'true' : undefined,
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
  return (
    <Shell
      title={t('nav.articles')}
      subtitle={pagination ? t('articles.total', { count: pagination.total }) : undefined}
    >
      <Panel title={t('articles.find')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            set({ q: search.trim() || null, page: null });
          }}
        >
          <Flex gap={3} alignItems="flex-end" wrap="wrap">
            <TextInput
              aria-label={t('articles.search')}
              placeholder={t('articles.search.placeholder')}
              value={search}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)}
            />
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
            <Button type="submit" variant="secondary">
              {t('articles.searchButton')}
            </Button>
          </Flex>
        </form>
      </Panel>
      <Panel title={t('articles.newestFirst')}>
        {isLoading ? null : data && data.data.length ? (
          <ArticleTable articles={data.data} />
        ) : (
          <Hint>{q || status !== 'all' ? t('articles.noMatch') : t('articles.empty')}</Hint>
        )}
        <Pager pagination={pagination} onPage={(p) => set({ page: String(p) })} />
      </Panel>
    </Shell>
  );
}
