/** A feed's state in one badge: paused, disabled, failing, never polled, idle, or healthy. */
import { Badge } from '@strapi/design-system';
import type { DeskFeed } from '../../../shared/desk-api';
import { useT, type TranslationKey } from '../translations';

export type { DeskFeed };

type Variant = 'success' | 'danger' | 'warning' | 'neutral' | 'secondary';

export function feedState(feed: DeskFeed): { key: TranslationKey; variant: Variant } {
  if (feed.paused) return { key: 'health.paused', variant: 'danger' };
  if (!feed.enabled) return { key: 'health.disabled', variant: 'neutral' };
  if (feed.consecutiveFailures > 0) return { key: 'health.failing', variant: 'danger' };
  if (!feed.lastPolledAt) return { key: 'health.notPolled', variant: 'secondary' };
  if (feed.idle) return { key: 'health.idle', variant: 'warning' };
  return { key: 'health.healthy', variant: 'success' };
}

export function FeedHealth({ feed }: { feed: DeskFeed }) {
  const t = useT();
  const state = feedState(feed);
  return <Badge variant={state.variant}>{t(state.key, { count: feed.consecutiveFailures })}</Badge>;
}
