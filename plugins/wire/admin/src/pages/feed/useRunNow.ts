/**
 * "Run now": polls the feed once on the server, and meanwhile reads the feed's newest run every
 * second (the live progress the run writes as it stores). Toasts how it ended.
 */
import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useGetRunsQuery, usePollFeedMutation, useSave } from '../../api';
import type { IngestRun } from '../../../../shared/desk-api';
import { useT } from '../../translations';

export function useRunNow(feedId: string | undefined) {
  const t = useT();
  const save = useSave();
  const { toggleNotification } = useNotification();
  const [poll] = usePollFeedMutation();
  const [startedAt, setStartedAt] = React.useState<number | null>(null);
  const latest = useGetRunsQuery(
    { feedId: feedId ?? '', page: 1, pageSize: 1 },
    { skip: !feedId || startedAt === null, pollingInterval: 1000 },
  );
  const newest = latest.data?.data[0];
  // Only a run that began with this press is this run's progress (a little slack for clocks).
  const live: IngestRun | null =
    startedAt !== null && newest && new Date(newest.startedAt).getTime() >= startedAt - 5000 ? newest : null;

  const run = React.useCallback(async () => {
    if (!feedId) return;
    setStartedAt(Date.now());
    const answer = await save(poll(feedId), { failed: t('feed.run.failed') });
    setStartedAt(null);
    const done = answer?.run;
    if (!done) return;
    if (done.status === 'failed')
      toggleNotification({
        type: 'danger',
        message: t('error.withReason', { what: t('feed.run.failed'), reason: done.error ?? '' }),
      });
    else
      toggleNotification({
        type: 'success',
        message: t('feed.run.finished', {
          created: done.created,
          updated: done.updated,
          unchanged: done.unchanged,
          rejected: done.rejected,
        }),
      });
  }, [feedId, poll, save, t, toggleNotification]);

  return { run, running: startedAt !== null, live };
}
