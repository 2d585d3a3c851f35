/**
 * When an article's visibility changes without anyone writing to it, and the keyword index that
 * lets every database filter by keyword. Pure.
 */

type DateLike = string | Date | null | undefined;

const time = (value: DateLike): number | null => {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : t;
};

/** The next moment after `now` at which the embargo ends or the article expires; null if none. */
export function nextVisibilityChange(embargoedUntil: DateLike, expiresAt: DateLike, now: Date): Date | null {
  const due = [time(embargoedUntil), time(expiresAt)].filter((t): t is number => t !== null && t > now.getTime());
  return due.length ? new Date(Math.min(...due)) : null;
}

/** `|kw one|kw two|` in lower case; null for no keywords. */
export function keywordIndex(keywords: unknown): string | null {
  if (!Array.isArray(keywords)) return null;
  const clean = keywords.map((k) => String(k).toLowerCase().replace(/\|/g, ' ').trim()).filter(Boolean);
  return clean.length ? `|${clean.join('|')}|` : null;
}

import type { UnservedReason } from '../../../shared/status';

export type { UnservedReason };

type Timed = {
  pubStatus?: string | null;
  embargoedUntil?: DateLike;
  expiresAt?: DateLike;
  embargoHold?: string | null;
  reviewHold?: string | null;
  itemType?: string | null;
};

/** Why no partner receives an article now, whatever its licence; null when its status and time allow it. */
export function unservedReason(a: Timed, now: Date): UnservedReason | null {
  if (a.pubStatus === 'canceled') return 'withdrawn';
  if (a.pubStatus === 'withheld') return 'withheld';
  // A picture, video, audio clip, graphic or package: no licence's terms say what a partner may do
  // with media, so none is served (services/articles.ts visibleTo leaves them out). Text only.
  if (a.itemType && a.itemType !== 'text') return 'media';
  // An embargo that could not be read, or a routing rule, holds the story until an editor decides.
  if (a.embargoHold || a.reviewHold) return 'held';
  const embargo = time(a.embargoedUntil);
  if (embargo !== null && embargo > now.getTime()) return 'embargoed';
  const expiry = time(a.expiresAt);
  if (expiry !== null && expiry <= now.getTime()) return 'expired';
  return null;
}
