/** Every article, newest first, searchable and filtered by status; paginated. */
import { Button, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { useSearchParams } from 'react-router-dom';
import { useWireGet, type Pagination } from '../api';
import { Hint, Pager, Panel, Shell } from '../components/Shell';
import { ArticleTable, type ArticleRow } from './DeskPage';

export function ArticlesPage() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1);
  const status = params.get('status') ?? 'all';
  const q = params.get('q') ?? '';
  const [search, setSearch] = React.useState(q);
  const query = new URLSearchParams({ page: String(page), pageSize: '20', ...(q ? { q } : {}), ...(status !== 'all' ? { status } : {}) });
  const { data, meta, error, loading } = useWireGet<ArticleRow[]>(`/wire/articles?${query}`);
  const set = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged);
  };
  if (error) return <Page.Error />;
  const pagination = meta?.pagination as Pagination | undefined;
  return (
    <Shell title="Articles" subtitle={pagination ? `${pagination.total} article(s)` : undefined}>
      <Panel title="Find an article">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            set({ q: search.trim() || null, page: null });
          }}
        >
          <Flex gap={3} alignItems="flex-end" wrap="wrap">
            <TextInput aria-label="Search headlines" placeholder="Words from the headline, or a guid" value={search} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)} />
            <SingleSelect aria-label="Status" value={status} onChange={(value: string | number) => set({ status: value === 'all' ? null : String(value), page: null })}>
              <SingleSelectOption value="all">Every status</SingleSelectOption>
              <SingleSelectOption value="embargoed">Embargoed</SingleSelectOption>
              <SingleSelectOption value="withdrawn">Withdrawn</SingleSelectOption>
              <SingleSelectOption value="withheld">Withheld</SingleSelectOption>
              <SingleSelectOption value="held">Held (embargo not read)</SingleSelectOption>
            </SingleSelect>
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </Flex>
        </form>
      </Panel>
      <Panel title="Articles, newest first">
        {loading && !data ? null : data && data.length ? (
          <ArticleTable articles={data} />
        ) : (
          <Hint>{q || status !== 'all' ? 'Nothing matches: clear the search or choose "Every status".' : 'No articles yet. Add a feed and press "Run now" on its page.'}</Hint>
        )}
        <Pager pagination={pagination} onPage={(p) => set({ page: String(p) })} />
      </Panel>
    </Shell>
  );
}
