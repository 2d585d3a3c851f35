/** The desk: every feed's health, the newest copy across agencies, embargoed and withdrawn counts. */
import {
  Alert,
  Box,
  Button,
  Flex,
  Grid,
  LinkButton,
  Table,
  Tbody,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import type { DeskArticleRow, DeskFeed } from '../../../shared/desk-api';
import { useCan, useDecideEmbargoMutation, useGetDeskQuery, useGetFeedsQuery, useSave } from '../api';
import { ArticleTable } from '../components/ArticleTable';
import { FeedHealth } from '../components/FeedHealth';
import { useAgo, when } from '../components/format';
import { PageError } from '../components/PageError';
import { HeaderRow, Hint, Pager, Panel, RowLink, Shell, TextCell } from '../components/Shell';
import { ACTIONS, BASE } from '../pluginId';
import { useT } from '../translations';

function Count({
  label,
  testId,
  value,
  to,
  danger,
}: {
  label: string;
  testId: string;
  value: number;
  to: string;
  danger?: boolean;
}) {
  const t = useT();
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5}>
      <Typography variant="sigma" textColor="neutral600" tag="p">
        {label}
      </Typography>
      <Flex justifyContent="space-between" alignItems="baseline">
        <Typography
          variant="alpha"
          tag="p"
          textColor={danger && value > 0 ? 'danger600' : 'neutral800'}
          data-testid={`count-${testId}`}
        >
          {value}
        </Typography>
        <RouterLink to={to}>
          <Typography variant="pi" textColor="primary600">
            {t('desk.seeThem')}
          </Typography>
        </RouterLink>
      </Flex>
    </Box>
  );
}

/**
 * Stories held because their embargo could not be read or is implausible: the raw value and the
 * reason, and (for editors who may manage feeds) release now or set the time the embargo ends.
 */
function HeldStories({ held }: { held: DeskArticleRow[] }) {
  const t = useT();
  const save = useSave();
  const [decideEmbargo] = useDecideEmbargoMutation();
  const mayDecide = useCan()(ACTIONS.manageFeeds);
  const [times, setTimes] = React.useState<Record<string, string>>({});
  const release = (a: DeskArticleRow) =>
    save(decideEmbargo({ id: a.documentId, body: { release: true } }), {
      failed: t('held.failed'),
      done: () => t('held.released', { headline: a.headline }),
    });
  const embargo = (a: DeskArticleRow) => {
    const until = new Date(times[a.documentId]).toISOString();
    return save(decideEmbargo({ id: a.documentId, body: { embargoedUntil: until } }), {
      failed: t('held.failed'),
      done: () => t('held.embargoed', { when: when(until), headline: a.headline }),
    });
  };
  return (
    <Table colCount={3} rowCount={held.length + 1}>
      <HeaderRow columns={[t('articles.headline'), t('held.raw'), mayDecide ? t('held.decide') : t('held.why')]} />
      <Tbody>
        {held.map((a) => (
          <Tr key={a.documentId} data-testid="held-story">
            <Td style={{ whiteSpace: 'normal', maxWidth: '24rem' }}>
              <RowLink to={`${BASE}/articles/${a.documentId}`}>{a.headline}</RowLink>
            </Td>
            <Td style={{ whiteSpace: 'normal', maxWidth: '22rem' }}>
              <Typography fontWeight="semiBold" tag="p">
                “{a.embargoRaw ?? ''}”
              </Typography>
              <Typography variant="pi" textColor="danger600" tag="p">
                {a.embargoHold}
              </Typography>
            </Td>
            <Td>
              {mayDecide ? (
                <Flex gap={2} alignItems="center">
                  <TextInput
                    aria-label={t('held.ends')}
                    type="datetime-local"
                    value={times[a.documentId] ?? ''}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                      setTimes((all) => ({ ...all, [a.documentId]: e.target.value }))
                    }
                  />
                  <Button variant="secondary" size="S" disabled={!times[a.documentId]} onClick={() => embargo(a)}>
                    {t('held.setTime')}
                  </Button>
                  <Button variant="danger-light" size="S" onClick={() => release(a)}>
                    {t('held.release')}
                  </Button>
                </Flex>
              ) : (
                <Typography variant="pi" textColor="neutral600">
                  {t('held.readerHint')}
                </Typography>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** Why a feed needs an editor, in one line. */
function attentionLine(f: DeskFeed, t: ReturnType<typeof useT>) {
  if (f.paused)
    return t('desk.attention.paused', { name: f.name, reason: f.pausedReason ?? t('desk.attention.noReason') });
  if (f.consecutiveFailures > 0)
    return t('desk.attention.failing', {
      name: f.name,
      count: f.consecutiveFailures,
      error: f.lastError ?? t('desk.attention.unknownError'),
    });
  return t('desk.attention.idle', { name: f.name, hours: Math.round(f.idleLimitMinutes / 60) });
}

function FeedTable({ feeds }: { feeds: DeskFeed[] }) {
  const t = useT();
  const ago = useAgo();
  return (
    <Table colCount={6} rowCount={feeds.length + 1}>
      <HeaderRow
        columns={[
          t('feeds.feed'),
          t('feed.health'),
          t('desk.lastSuccess'),
          t('desk.lastError'),
          t('desk.failures'),
          t('feeds.items24h'),
        ]}
      />
      <Tbody>
        {feeds.map((f) => (
          <Tr key={f.documentId}>
            <Td>
              <RowLink to={`${BASE}/feeds/${f.documentId}`}>{f.name}</RowLink>
            </Td>
            <Td>
              <FeedHealth feed={f} />
            </Td>
            <TextCell title={when(f.lastSuccessAt)}>{ago(f.lastSuccessAt)}</TextCell>
            <Td style={{ whiteSpace: 'normal', maxWidth: '22rem' }}>
              <Typography textColor={f.lastError ? 'danger600' : 'neutral600'} variant="pi">
                {f.lastErrorAt ? `${ago(f.lastErrorAt)}: ${f.lastError ?? ''}` : t('runs.none')}
              </Typography>
              {f.paused && f.pausedReason ? (
                <Typography variant="pi" textColor="danger600" tag="p">
                  {f.pausedReason}
                </Typography>
              ) : null}
            </Td>
            <TextCell>{f.consecutiveFailures}</TextCell>
            <TextCell>{f.itemsLast24h}</TextCell>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

const allLink = (to: string, label: string) => (
  <RouterLink to={to}>
    <Typography textColor="primary600">{label}</Typography>
  </RouterLink>
);

export function DeskPage() {
  const t = useT();
  const desk = useGetDeskQuery();
  const [feedPage, setFeedPage] = React.useState(1);
  const feeds = useGetFeedsQuery({ page: feedPage, pageSize: 10 });
  const mayManage = useCan()(ACTIONS.manageFeeds);
  if (desk.isLoading) return <Page.Loading />;
  if (!desk.data) return <PageError error={desk.error} />;
  const data = desk.data;
  const addFeed = mayManage ? (
    <LinkButton tag={RouterLink} to={`${BASE}/feeds/new`}>
      {t('feed.new.title')}
    </LinkButton>
  ) : undefined;
  return (
    <Shell
      title={t('menu.desk')}
      subtitle={t('desk.subtitle', { feeds: data.feedCount, articles: data.counts.articles })}
      actions={addFeed}
    >
      {data.attention.length ? (
        <Box marginBottom={6} data-testid="feeds-need-attention">
          <Alert
            variant="warning"
            title={t('desk.attention', { count: data.attention.length })}
            closeLabel={t('close')}
          >
            {data.attention.map((f) => attentionLine(f, t)).join(' · ')}
          </Alert>
        </Box>
      ) : null}
      {data.counts.licencesToReview ? (
        <Box marginBottom={6} data-testid="licences-need-review">
          <Alert
            variant="warning"
            title={t('desk.review', { count: data.counts.licencesToReview })}
            closeLabel={t('close')}
          >
            {t('desk.review.why')} <RouterLink to={`${BASE}/licences`}>{t('desk.review.open')}</RouterLink>
          </Alert>
        </Box>
      ) : null}
      {data.counts.heldForReview ? (
        <Box marginBottom={6} data-testid="desk-held-for-review">
          <Alert
            variant="warning"
            title={t('desk.heldForReview', { count: data.counts.heldForReview })}
            closeLabel={t('close')}
          >
            {t('desk.heldForReview.why')}{' '}
            <RouterLink to={`${BASE}/articles?held=true`}>{t('desk.heldForReview.open')}</RouterLink>
          </Alert>
        </Box>
      ) : null}
      <Grid.Root gap={4} marginBottom={6}>
        {(['articles', 'embargoed', 'withdrawn'] as const).map((kind) => (
          <Grid.Item key={kind} col={4} s={12} direction="column" alignItems="stretch">
            <Count
              label={t(kind === 'articles' ? 'nav.articles' : `filter.${kind}`)}
              testId={kind}
              value={data.counts[kind]}
              to={kind === 'articles' ? `${BASE}/articles` : `${BASE}/articles?status=${kind}`}
              danger={kind === 'withdrawn'}
            />
          </Grid.Item>
        ))}
      </Grid.Root>

      {data.held.length ? (
        <Panel
          title={t('held.title', { count: data.counts.held })}
          actions={allLink(`${BASE}/articles?status=held`, t('held.all'))}
        >
          <Hint>{t('held.hint')}</Hint>
          <HeldStories held={data.held} />
        </Panel>
      ) : null}

      <Panel title={t('nav.feeds')} actions={allLink(`${BASE}/feeds`, t('desk.allFeeds'))}>
        {!feeds.data ? null : feeds.data.data.length === 0 ? (
          <Hint>{mayManage ? t('desk.noFeeds.manager') : t('desk.noFeeds.reader')}</Hint>
        ) : (
          <FeedTable feeds={feeds.data.data} />
        )}
        <Pager pagination={feeds.data?.meta.pagination} onPage={setFeedPage} />
      </Panel>

      <Panel title={t('desk.newest')} actions={allLink(`${BASE}/articles`, t('desk.allArticles'))}>
        {data.newest.length === 0 ? <Hint>{t('desk.noArticles')}</Hint> : <ArticleTable articles={data.newest} />}
      </Panel>
    </Shell>
  );
}
