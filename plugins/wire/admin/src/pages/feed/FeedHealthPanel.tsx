/** A feed's health: state, last success and error, failures, items, next poll; and "Run now" progress. */
import { Alert, Box, Flex, Typography } from '@strapi/design-system';
import type { DeskFeed, IngestRun } from '../../../../shared/desk-api';
import { FeedHealth } from '../../components/FeedHealth';
import { useAgo, when } from '../../components/format';
import { Panel } from '../../components/Shell';
import { useT } from '../../translations';

function Progress({ live }: { live: IngestRun | null }) {
  const t = useT();
  if (!live) return <>{t('feed.progress.starting')}</>;
  const done = live.created + live.updated + live.unchanged + live.rejected;
  if (live.status !== 'running')
    return (
      <>
        {t('feed.progress.finished', {
          items: live.items,
          created: live.created,
          updated: live.updated,
          rejected: live.rejected,
        })}
      </>
    );
  if (!done) return <>{t('feed.progress.fetching', { since: when(live.startedAt) })}</>;
  return (
    <>
      {t('feed.progress.storing', {
        done,
        items: live.items,
        created: live.created,
        updated: live.updated,
        unchanged: live.unchanged,
        rejected: live.rejected,
      })}
    </>
  );
}

export function FeedHealthPanel({ feed, running, live }: { feed: DeskFeed; running: boolean; live: IngestRun | null }) {
  const t = useT();
  const ago = useAgo();
  return (
    <Panel title={t('feed.health')}>
      <Flex gap={6} wrap="wrap">
        <FeedHealth feed={feed} />
        <Typography>{t('feed.lastSuccess', { when: ago(feed.lastSuccessAt) })}</Typography>
        <Typography>
          {feed.lastErrorAt
            ? t('feed.lastError', { when: ago(feed.lastErrorAt), error: feed.lastError })
            : t('feed.lastError.none')}
        </Typography>
        <Typography>{t('feed.failures', { count: feed.consecutiveFailures })}</Typography>
        <Typography>{t('feed.items24h', { count: feed.itemsLast24h })}</Typography>
        <Typography>
          {t('feed.nextPoll', {
            when: feed.paused
              ? t('feed.nextPoll.paused')
              : feed.nextPollAt
                ? when(feed.nextPollAt)
                : t('feed.nextPoll.tick'),
          })}
        </Typography>
      </Flex>
      {feed.paused && feed.pausedReason ? (
        <Box paddingTop={3}>
          <Alert variant="danger" title={t('feed.paused')} closeLabel={t('close')}>
            {t('feed.paused.because', { reason: feed.pausedReason })}
          </Alert>
        </Box>
      ) : null}
      {running ? (
        <Box paddingTop={4} data-testid="run-progress">
          <Alert variant="default" title={t('feed.running')} closeLabel={t('close')}>
            <Progress live={live} />
          </Alert>
        </Box>
      ) : null}
    </Panel>
  );
}
