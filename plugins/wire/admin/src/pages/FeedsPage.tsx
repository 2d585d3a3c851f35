/** Every feed with its health; paginated. */
import { LinkButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useCan, useGetFeedsQuery } from '../api';
import { FeedHealth } from '../components/FeedHealth';
import { useAgo, when } from '../components/format';
import { PageError } from '../components/PageError';
import { HeaderRow, Hint, Pager, Panel, RowLink, Shell, TextCell } from '../components/Shell';
import { ACTIONS, BASE } from '../pluginId';
import { useT } from '../translations';

export function FeedsPage() {
  const t = useT();
  const ago = useAgo();
  const [page, setPage] = React.useState(1);
  const { data, error, isLoading } = useGetFeedsQuery({ page, pageSize: 20 });
  const mayManage = useCan()(ACTIONS.manageFeeds);
  if (error) return <PageError error={error} />;
  const add = mayManage ? (
    <LinkButton tag={RouterLink} to={`${BASE}/feeds/new`}>
      {t('feed.new.title')}
    </LinkButton>
  ) : undefined;
  return (
    <Shell title={t('nav.feeds')} subtitle={t('feeds.subtitle')} actions={add}>
      <Panel title={t('nav.feeds')}>
        {isLoading ? null : !data?.data.length ? (
          <Hint>{mayManage ? t('feeds.empty.manager') : t('feeds.empty.reader')}</Hint>
        ) : (
          <Table colCount={6} rowCount={data.data.length + 1}>
            <HeaderRow
              columns={[
                t('feeds.feed'),
                t('feed.source'),
                t('feed.health'),
                t('feeds.every'),
                t('feeds.lastPolled'),
                t('feeds.items24h'),
              ]}
            />
            <Tbody>
              {data.data.map((f) => (
                <Tr key={f.documentId}>
                  <Td>
                    <RowLink to={`${BASE}/feeds/${f.documentId}`}>{f.name}</RowLink>
                  </Td>
                  <Td style={{ maxWidth: '20rem' }}>
                    <Typography ellipsis title={f.source}>
                      {f.source}
                    </Typography>
                  </Td>
                  <Td>
                    <FeedHealth feed={f} />
                  </Td>
                  <TextCell>{t('feeds.minutes', { count: f.pollIntervalMinutes })}</TextCell>
                  <TextCell title={when(f.lastPolledAt)}>{ago(f.lastPolledAt)}</TextCell>
                  <TextCell>{f.itemsLast24h}</TextCell>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Pager pagination={data?.meta.pagination} onPage={setPage} />
      </Panel>
    </Shell>
  );
}
