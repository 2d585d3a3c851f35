/** Every feed with its health; paginated. */
import { LinkButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useCan, useWireGet, type Pagination } from '../api';
import { FeedHealth, type DeskFeed } from '../components/FeedHealth';
import { ago, when } from '../components/format';
import { Hint, Pager, Panel, Shell, HeaderRow } from '../components/Shell';
import { ACTIONS, BASE } from '../pluginId';

export function FeedsPage() {
  const [page, setPage] = React.useState(1);
  const { data, meta, error, loading } = useWireGet<DeskFeed[]>(`/wire/feeds?page=${page}&pageSize=20`);
  const can = useCan();
  if (error) return <Page.Error />;
  const pagination = meta?.pagination as Pagination | undefined;
  const add = can(ACTIONS.manageFeeds) ? (
    <LinkButton tag={RouterLink} to={`${BASE}/feeds/new`}>
      Add a feed
    </LinkButton>
  ) : undefined;
  return (
    <Shell title="Feeds" subtitle="Agency feeds polled on a schedule, and drop folders on the server" actions={add}>
      <Panel title="Feeds">
        {loading && !data ? null : !data?.length ? (
          <Hint>No feeds yet. {can(ACTIONS.manageFeeds) ? 'Press "Add a feed", give its URL, and press "Test" to see what it brings in.' : 'An editor who may manage feeds can add one.'}</Hint>
        ) : (
          <Table colCount={6} rowCount={data.length + 1}>
            <HeaderRow columns={['Feed', 'Source', 'Health', 'Every', 'Last polled', 'Items, 24 h']} />
            <Tbody>
              {data.map((f) => (
                <Tr key={f.documentId}>
                  <Td>
                    <RouterLink to={`${BASE}/feeds/${f.documentId}`}>
                      <Typography textColor="primary600" fontWeight="semiBold">{f.name}</Typography>
                    </RouterLink>
                  </Td>
                  <Td style={{ maxWidth: '20rem' }}><Typography ellipsis title={f.source}>{f.source}</Typography></Td>
                  <Td><FeedHealth feed={f} /></Td>
                  <Td><Typography>{f.pollIntervalMinutes} min</Typography></Td>
                  <Td><Typography title={when(f.lastPolledAt)}>{ago(f.lastPolledAt)}</Typography></Td>
                  <Td><Typography>{f.itemsLast24h}</Typography></Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Pager pagination={pagination} onPage={setPage} />
      </Panel>
    </Shell>
  );
}
