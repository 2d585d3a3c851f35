/** A feed's state in one badge: paused, failing, idle, disabled, never polled, or fine. */
import { Badge } from '@strapi/design-system';
import type { DeskFeed } from '../../../shared/desk-api';

export type { DeskFeed };

export function feedState(feed: DeskFeed): { label: string; variant: 'success' | 'danger' | 'warning' | 'neutral' | 'secondary' } {
  if (feed.paused) return { label: 'Paused', variant: 'danger' };
  if (!feed.enabled) return { label: 'Disabled', variant: 'neutral' };
  if (feed.consecutiveFailures > 0) return { label: `Failing (${feed.consecutiveFailures})`, variant: 'danger' };
  if (!feed.lastPolledAt) return { label: 'Not polled yet', variant: 'secondary' };
  if (feed.idle) return { label: 'Idle', variant: 'warning' };
  return { label: 'Healthy', variant: 'success' };
}

export function FeedHealth({ feed }: { feed: DeskFeed }) {
  const state = feedState(feed);
  return <Badge variant={state.variant}>{state.label}</Badge>;
}
