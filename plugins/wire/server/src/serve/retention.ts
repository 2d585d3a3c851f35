/**
 * When a story's end of use comes, and why: the copy's own expiry (NITF `date.expire`, ninjs
 * `expires`) or the newsroom's hosting rights, a number of days from first receipt set on the feed
 * or the agency (agencies' rights often run 30 days). The stricter wins: the shorter of the two
 * retentions, then the earlier of that and the copy's own. Computed by the server at every store
 * and when a retention setting changes, never taken from input. Pure.
 */
export type ExpiryBasis = 'item' | 'feed' | 'agency';

import { RETENTION_DAYS } from '../../../shared/feed-form';

type DateLike = string | Date | number | null | undefined;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest retention a feed or agency may set (ten years), in days. */
export const MAX_RETENTION_DAYS = RETENTION_DAYS.max;

const time = (value: DateLike): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const t =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : new Date(value).getTime();
  return Number.isNaN(t) ? null : t;
};

/** A stored retention: a whole number of days from 1, else none (a stored value is never trusted to mean more). */
export function retentionDays(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_RETENTION_DAYS) : null;
}

export interface Expiry {
  expiresAt: Date | null;
  basis: ExpiryBasis | null;
}

/**
 * The expiry partners are held to. `own`: the copy's; `receivedAt`: when Wire first stored the
 * story; `feedDays` and `agencyDays`: the retentions (null: none). A story with no first receipt
 * known counts as received now (never later than it was).
 */
export function effectiveExpiry(
  own: DateLike,
  receivedAt: DateLike,
  feedDays: unknown,
  agencyDays: unknown,
  now = Date.now(),
): Expiry {
  const feed = retentionDays(feedDays);
  const agency = retentionDays(agencyDays);
  const received = time(receivedAt) ?? now;
  let best: { at: number; basis: ExpiryBasis } | null = null;
  const consider = (at: number | null, basis: ExpiryBasis) => {
    if (at !== null && (best === null || at < best.at)) best = { at, basis };
  };
  consider(time(own), 'item');
  if (feed !== null) consider(received + feed * DAY_MS, 'feed');
  if (agency !== null) consider(received + agency * DAY_MS, 'agency');
  const found = best as { at: number; basis: ExpiryBasis } | null;
  return found ? { expiresAt: new Date(found.at), basis: found.basis } : { expiresAt: null, basis: null };
}

/**
 * The copy's own expiry of a stored row: `agencyExpiresAt`, or for a row stored before retention
 * was kept (no basis recorded) the `expiresAt` it was stored with, which was the copy's own.
 */
export function ownExpiry(row: { agencyExpiresAt?: DateLike; expiresAt?: DateLike; expiryBasis?: unknown }): DateLike {
  if (row.agencyExpiresAt) return row.agencyExpiresAt;
  return row.expiryBasis ? null : (row.expiresAt ?? null);
}
