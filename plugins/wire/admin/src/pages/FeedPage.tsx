/**
 * One feed: add or edit it (FeedForm), "Test" it before saving, "Run now" with live progress
 * (useRunNow), pause and resume, its health (FeedHealthPanel) and its ingest runs (FeedRuns).
 */
import { Alert, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowLeft, Play, Stop } from '@strapi/icons';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import type { FeedPreview } from '../../../shared/desk-api';
import {
  useCan,
  useCreateFeedMutation,
  useErrorText,
  useGetFeedQuery,
  usePauseFeedMutation,
  useResumeFeedMutation,
  useSave,
  useTestFeedMutation,
  useUpdateFeedMutation,
} from '../api';
import { PageError } from '../components/PageError';
import { Panel, Shell } from '../components/Shell';
import { ACTIONS, BASE } from '../pluginId';
import { useT } from '../translations';
import { FeedForm } from './feed/FeedForm';
import { FeedHealthPanel } from './feed/FeedHealthPanel';
import { FeedRuns } from './feed/FeedRuns';
import { FeedTestResult } from './feed/FeedTest';
import { useRunNow } from './feed/useRunNow';

export function FeedPage() {
  const { id } = useParams();
  const isNew = !id;
  const t = useT();
  const navigate = useNavigate();
  const save = useSave();
  const errorText = useErrorText();
  const mayManage = useCan()(ACTIONS.manageFeeds);
  const feed = useGetFeedQuery(id ?? '', { skip: isNew });
  const [create, creating] = useCreateFeedMutation();
  const [update, updating] = useUpdateFeedMutation();
  const [pause] = usePauseFeedMutation();
  const [resume] = useResumeFeedMutation();
  const [testFeed, testing] = useTestFeedMutation();
  const [test, setTest] = React.useState<{ result?: FeedPreview; error?: string } | null>(null);
  const runNow = useRunNow(id);

  // A test belongs to the form it was made from: a saved feed's page starts without one.
  React.useEffect(() => setTest(null), [id]);

  // The test's answer is below the form: bring it into view.
  React.useEffect(() => {
    if (test) document.getElementById('feed-test')?.scrollIntoView({ block: 'start' });
  }, [test]);

  if (!isNew && feed.isLoading) return <Page.Loading />;
  if (!isNew && !feed.data) return <PageError error={feed.error} />;

  async function onSave(body: Record<string, unknown>) {
    if (isNew) {
      const created = await save(create(body), {
        failed: t('feed.save.failed'),
        done: (f) => t('feed.added', { name: f.name }),
      });
      if (created) navigate(`${BASE}/feeds/${created.documentId}`);
    } else {
      await save(update({ id: id!, body }), { failed: t('feed.save.failed'), done: () => t('feed.saved') });
    }
  }

  async function onTest(body: Record<string, unknown>) {
    setTest(null);
    const outcome = await testFeed({ ...body, feedId: id ?? null });
    setTest('error' in outcome ? { error: errorText(outcome.error) } : { result: outcome.data });
  }

  async function pauseOrResume() {
    if (feed.data?.paused) await save(resume(id!), { failed: t('feed.pause.failed'), done: () => t('feed.resumed') });
    else
      await save(pause({ id: id!, reason: 'paused at the desk' }), {
        failed: t('feed.pause.failed'),
        done: () => t('feed.pausedNow'),
      });
  }

  const back = (
    <RouterLink to={`${BASE}/feeds`}>
      <Flex gap={1}>
        <ArrowLeft />
        <Typography textColor="primary600">{t('nav.feeds')}</Typography>
      </Flex>
    </RouterLink>
  );
  const headerActions =
    !isNew && mayManage ? (
      <Flex gap={2}>
        <Button variant="secondary" startIcon={feed.data?.paused ? <Play /> : <Stop />} onClick={pauseOrResume}>
          {feed.data?.paused ? t('feed.resume') : t('feed.pause')}
        </Button>
        <Button startIcon={<Play />} loading={runNow.running} onClick={runNow.run}>
          {t('feed.runNow')}
        </Button>
      </Flex>
    ) : undefined;

  return (
    <Shell
      title={isNew ? t('feed.new.title') : feed.data!.name}
      subtitle={isNew ? t('feed.new.subtitle') : feed.data!.source}
      actions={headerActions}
      navigationAction={back}
    >
      {feed.data ? <FeedHealthPanel feed={feed.data} running={runNow.running} live={runNow.live} /> : null}
      {!isNew ? (
        <Panel title={t('feed.runs')} id="runs">
          <FeedRuns feedId={id!} />
        </Panel>
      ) : null}
      <FeedForm
        feed={feed.data}
        isNew={isNew}
        mayManage={mayManage}
        saving={creating.isLoading || updating.isLoading}
        testing={testing.isLoading}
        onSave={onSave}
        onTest={onTest}
      />
      {testing.isLoading || test ? (
        <Panel title={t('test.title')} id="feed-test">
          {testing.isLoading ? <Typography>{t('test.fetching')}</Typography> : null}
          {test?.error ? (
            <Alert variant="danger" title={t('test.failed')} closeLabel={t('close')} onClose={() => setTest(null)}>
              {test.error}
            </Alert>
          ) : null}
          {test?.result ? <FeedTestResult result={test.result} /> : null}
        </Panel>
      ) : null}
    </Shell>
  );
}
