/** The desk: every feed's health, the newest copy across agencies, embargoed and withdrawn counts. */
import { Alert, Badge, Box, Button, Flex, Grid, LinkButton, Table, Tbody, Td, TextInput, Tr, Typography } from '@strapi/design-system';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useCan, useNotify, useWireGet } from '../api';
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
  /** The embargo as the agency wrote it, and why the story is held when it could not be used. */
  embargoRaw?: string | null;
  embargoHold?: string | null;
  wordCount: number;
}

interface Overview {
  /** Feeds paused, failing or idle. */
  attention: DeskFeed[];
  feedCount: number;
  newest: ArticleRow[];
  /** Stories held because their embargo could not be read or is implausible. */
  held?: ArticleRow[];
  counts: { articles: number; embargoed: number; withdrawn: number; withheld: number; held?: number; licencesToReview?: number };
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

export function StatusBadge({ article }: { article: Pick<ArticleRow, 'pubStatus' | 'embargoedUntil' | 'embargoHold'> }) {
  if (article.pubStatus === 'canceled') return <Badge variant="danger">Withdrawn</Badge>;
  if (article.pubStatus === 'withheld') return <Badge variant="warning">Withheld</Badge>;
  if (article.embargoHold) return <Badge variant="danger">Held: embargo not read</Badge>;
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

/**
 * Stories held because their embargo could not be read or is implausible: the raw value and the
 * reason, and (for editors who may manage feeds) release now or set the time the embargo ends.
 */
function HeldStories({ held, onDecided }: { held: ArticleRow[]; onDecided: () => void }) {
  const { put } = useFetchClient();
  const notify = useNotify();
  const can = useCan();
  const [times, setTimes] = React.useState<Record<string, string>>({});
  async function decide(a: ArticleRow, body: Record<string, unknown>) {
    try {
      await put(`/wire/articles/${a.documentId}/embargo`, body);
      notify.ok(body.release ? `Released: ${a.headline}` : `Embargoed until ${when(String(body.embargoedUntil))}: ${a.headline}`);
      onDecided();
    } catch (error) {
      notify.fail(error, 'The embargo was not changed');
    }
  }
  return (
    <Table colCount={3} rowCount={held.length + 1}>
      <HeaderRow columns={['Headline', 'Embargo as the agency wrote it', can(ACTIONS.manageFeeds) ? 'Decide' : 'Why it is held']} />
      <Tbody>
        {held.map((a) => (
          <Tr key={a.documentId} data-testid="held-story">
            <Td style={{ whiteSpace: 'normal', maxWidth: '24rem' }}>
              <RouterLink to={`${BASE}/articles/${a.documentId}`}>
                <Typography textColor="primary600" fontWeight="semiBold">{a.headline}</Typography>
              </RouterLink>
            </Td>
            <Td style={{ whiteSpace: 'normal', maxWidth: '22rem' }}>
              <Typography fontWeight="semiBold" tag="p">“{a.embargoRaw ?? ''}”</Typography>
              <Typography variant="pi" textColor="danger600" tag="p">{a.embargoHold}</Typography>
            </Td>
            <Td>
              {can(ACTIONS.manageFeeds) ? (
                <Flex gap={2} alignItems="center">
                  <TextInput
                    aria-label="Embargo ends (your local time)"
                    type="datetime-local"
                    value={times[a.documentId] ?? ''}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTimes((t) => ({ ...t, [a.documentId]: e.target.value }))}
                  />
                  <Button
                    variant="secondary"
                    size="S"
                    disabled={!times[a.documentId]}
                    onClick={() => decide(a, { embargoedUntil: new Date(times[a.documentId]).toISOString() })}
                  >
                    Set time
                  </Button>
                  <Button variant="danger-light" size="S" onClick={() => decide(a, { release: true })}>Release now</Button>
                </Flex>
              ) : (
                <Typography variant="pi" textColor="neutral600">An editor who may manage feeds sets the time or releases it.</Typography>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function DeskPage() {
  const { data, error, loading, reload } = useWireGet<Overview>('/wire/desk');
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
      {data.counts.licencesToReview ? (
        <Box marginBottom={6} data-testid="licences-need-review">
          <Alert variant="warning" title={`${data.counts.licencesToReview} licence(s) need review`} closeLabel="Close">
            Their notices were not fully read, so partners get the strictest reading (no full text) until an editor confirms the terms.{' '}
            <RouterLink to={`${BASE}/licences`}>Open Licences</RouterLink>
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

      {data.held?.length ? (
        <Panel title={`Held: ${data.counts.held ?? data.held.length} stor${(data.counts.held ?? data.held.length) === 1 ? 'y' : 'ies'} whose embargo could not be read`} actions={<RouterLink to={`${BASE}/articles?status=held`}><Typography textColor="primary600">All held</Typography></RouterLink>}>
          <Hint>No partner receives these stories until an editor sets the time the embargo ends or releases them.</Hint>
          <HeldStories held={data.held} onDecided={reload} />
        </Panel>
      ) : null}

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
