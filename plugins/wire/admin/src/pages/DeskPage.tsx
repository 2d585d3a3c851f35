/** The desk: every feed's health, the newest copy across agencies, embargoed and withdrawn counts. */
import { Alert, Badge, Box, Flex, Grid, LinkButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useCan, useWireGet } from '../api';
import { FeedHealth, type DeskFeed } from '../components/FeedHealth';
import { ago, when } from '../components/format';
import { Hint, Pager, Panel, Shell, HeaderRow } from '../components/Shell';
import { ACTIONS, BASE } from '../pluginId';

export interface ArticleRow {
  documentId: string;
  headline: string;
  agency: { code: string; name: string } | null;
  datelineText: string | null;
  versionCreated: string | null;
  version: number;
  pubStatus: string;
  embargoedUntil: string | null;
  wordCount: number;
}

interface Overview {
  /** Feeds paused, failing or idle. */
  attention: DeskFeed[];
  feedCount: number;
  newest: ArticleRow[];
  counts: { articles: number; embargoed: number; withdrawn: number; withheld: number };
}

function Count({ label, value, to, variant }: { label: string; value: number; to: string; variant?: string }) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5}>
      <Typography variant="sigma" textColor="neutral600" tag="p">
        {label}
      </Typography>
      <Flex justifyContent="space-between" alignItems="baseline">
        <Typography variant="alpha" tag="p" textColor={variant === 'danger' && value > 0 ? 'danger600' : 'neutral800'} data-testid={`count-${label.toLowerCase()}`}>
          {value}
        </Typography>
        <RouterLink to={to}>
          <Typography variant="pi" textColor="primary600">
            See them
          </Typography>
        </RouterLink>
      </Flex>
    </Box>
  );
}

export function StatusBadge({ article }: { article: Pick<ArticleRow, 'pubStatus' | 'embargoedUntil'> }) {
  if (article.pubStatus === 'canceled') return <Badge variant="danger">Withdrawn</Badge>;
  if (article.pubStatus === 'withheld') return <Badge variant="warning">Withheld</Badge>;
  if (article.embargoedUntil && new Date(article.embargoedUntil) > new Date()) return <Badge variant="warning">Embargoed until {when(article.embargoedUntil)}</Badge>;
  return <Badge variant="success">Usable</Badge>;
}

export function ArticleTable({ articles }: { articles: ArticleRow[] }) {
  return (
    <Table colCount={5} rowCount={articles.length + 1}>
      <HeaderRow columns={['Headline', 'Agency', 'Dateline', 'Version time', 'Status']} />
      <Tbody>
        {articles.map((a) => (
          <Tr key={a.documentId}>
            <Td style={{ whiteSpace: 'normal', maxWidth: '32rem' }}>
              <RouterLink to={`${BASE}/articles/${a.documentId}`}>
                <Typography textColor="primary600" fontWeight="semiBold">{a.headline}</Typography>
              </RouterLink>
              {a.version > 1 ? <Typography variant="pi" textColor="neutral600"> · version {a.version}</Typography> : null}
            </Td>
            <Td><Typography>{a.agency?.code ?? '—'}</Typography></Td>
            <Td><Typography>{a.datelineText ?? '—'}</Typography></Td>
            <Td><Typography>{when(a.versionCreated)}</Typography></Td>
            <Td><StatusBadge article={a} /></Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function DeskPage() {
  const { data, error, loading } = useWireGet<Overview>('/wire/desk');
  const [feedPage, setFeedPage] = React.useState(1);
  const feeds = useWireGet<DeskFeed[]>(`/wire/feeds?page=${feedPage}&pageSize=10`);
  const can = useCan();
  if (loading && !data) return <Page.Loading />;
  if (error || !data) return <Page.Error />;
  const addFeed = can(ACTIONS.manageFeeds) ? (
    <LinkButton tag={RouterLink} to={`${BASE}/feeds/new`}>
      Add a feed
    </LinkButton>
  ) : undefined;
  // Feeds that need an editor: paused (by hand or after failures), failing, or silent too long.
  const attention = data.attention;
  return (
    <Shell title="Wire desk" subtitle={`${data.feedCount} feed(s), ${data.counts.articles} article(s)`} actions={addFeed}>
      {attention.length ? (
        <Box marginBottom={6} data-testid="feeds-need-attention">
          <Alert variant="warning" title={`${attention.length} feed(s) need attention`} closeLabel="Close">
            {attention.map((f) => `${f.name}: ${f.paused ? `paused (${f.pausedReason ?? 'no reason given'})` : f.consecutiveFailures > 0 ? `${f.consecutiveFailures} failure(s) in a row, last: ${f.lastError ?? 'unknown error'}` : `idle, nothing new for more than ${Math.round(f.idleLimitMinutes / 60)} h`}`).join(' · ')}
          </Alert>
        </Box>
      ) : null}
      <Grid.Root gap={4} marginBottom={6}>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Count label="Articles" value={data.counts.articles} to={`${BASE}/articles`} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Count label="Embargoed" value={data.counts.embargoed} to={`${BASE}/articles?status=embargoed`} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Count label="Withdrawn" value={data.counts.withdrawn} to={`${BASE}/articles?status=withdrawn`} variant="danger" />
        </Grid.Item>
      </Grid.Root>

      <Panel title="Feeds" actions={<RouterLink to={`${BASE}/feeds`}><Typography textColor="primary600">All feeds</Typography></RouterLink>}>
        {!feeds.data ? null : feeds.data.length === 0 ? (
          <Hint>No feeds yet. {can(ACTIONS.manageFeeds) ? 'Use "Add a feed" to register an agency feed URL or a drop folder; "Test" shows what it would bring in before you save it.' : 'Ask an editor who may manage feeds to add one.'}</Hint>
        ) : (
          <Table colCount={6} rowCount={feeds.data.length + 1}>
            <HeaderRow columns={['Feed', 'Health', 'Last success', 'Last error', 'Failures', 'Items, 24 h']} />
            <Tbody>
              {feeds.data.map((f) => (
                <Tr key={f.documentId}>
                  <Td>
                    <RouterLink to={`${BASE}/feeds/${f.documentId}`}>
                      <Typography textColor="primary600" fontWeight="semiBold">{f.name}</Typography>
                    </RouterLink>
                  </Td>
                  <Td><FeedHealth feed={f} /></Td>
                  <Td><Typography title={when(f.lastSuccessAt)}>{ago(f.lastSuccessAt)}</Typography></Td>
                  <Td style={{ whiteSpace: 'normal', maxWidth: '22rem' }}>
                    <Typography textColor={f.lastError ? 'danger600' : 'neutral600'} variant="pi">
                      {f.lastErrorAt ? `${ago(f.lastErrorAt)}: ${f.lastError ?? ''}` : 'none'}
                    </Typography>
                    {f.paused && f.pausedReason ? <Typography variant="pi" textColor="danger600" tag="p">{f.pausedReason}</Typography> : null}
                  </Td>
                  <Td><Typography>{f.consecutiveFailures}</Typography></Td>
                  <Td><Typography>{f.itemsLast24h}</Typography></Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Pager pagination={feeds.meta?.pagination} onPage={setFeedPage} />
      </Panel>

      <Panel title="Newest articles" actions={<RouterLink to={`${BASE}/articles`}><Typography textColor="primary600">All articles</Typography></RouterLink>}>
        {data.newest.length === 0 ? (
          <Hint>No articles yet. Add a feed and press "Run now", or ingest files with `npm run wire -- ingest &lt;file or folder&gt;`.</Hint>
        ) : (
          <ArticleTable articles={data.newest} />
        )}
      </Panel>
    </Shell>
  );
}
