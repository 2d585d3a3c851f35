/**
 * Whether a partner could have received a story: the rule that decides who gets its tombstone in
 * the change feed. Pure.
 *
 * A tombstone names a story and why it came down; sent to a partner that was never served the
 * story, it leaks what the partner may not know (that a story exists, is embargoed, held on legal
 * advice). So a partner gets a story's tombstone only when the story could have reached it:
 *
 * - the story's agency is in the partner's scope (the agency never changes), and
 * - at some moment the story was servable at the partner's access level, by the very rule the
 *   partner routes serve by: usable (not withheld or canceled), its embargo ended, not expired, and
 *   for a quote partner under a licence that allowed syndication. Full and quote access are tracked
 *   apart: a story never licensed for quote partners reached only full partners.
 *
 * Each article keeps, per access level, the moment it became (or will become) servable: `from`, and
 * `until` its expiry at the time. Whenever the article changes (every change is stamped, and stamped
 * before any change feed is read: ingest stamps in its transaction, an editor's edit or an embargo
 * ending at the next stamp; services/changes.ts), a moment already reached stays forever; one not
 * reached yet (an embargo still running) is recomputed from the article as it is now, so a story
 * embargoed from the start and withdrawn before its embargo ended never reached anyone. (The one
 * gap: an editor who releases a story at the desk and takes it down again before anything stamps
 * leaves no trace of the moment between.) Where the
 * history is not known (articles stored before this was kept), the story counts as reached: a
 * takedown that reaches too many partners is safer than one that misses a partner who has it.
 */
export type Level = 'full' | 'quote';

export interface Reach {
  /** When the story became (or will become) servable at this level, ms; null: not servable. */
  from: number | null;
  /** Its expiry as known then, ms; null: none. */
  until: number | null;
}

export const NOT_SERVABLE: Reach = { from: null, until: null };

/** True when the story had become servable at this level by `now`. */
export function reached(r: Reach | null | undefined, now: number): boolean {
  if (!r || r.from === null) return false;
  return r.from <= now && (r.until === null || r.from < r.until);
}

/**
 * The reach after a change at `now`. A reached moment stays. Otherwise the article as it is now
 * decides: `servableFrom` is the moment the partner routes' own visibility rule (services/articles.ts
 * `visibleTo`) first admits it at this level, now or when its embargo ends; null when it does not.
 */
export function nextReach(
  previous: Reach | null | undefined,
  servableFrom: number | null,
  expiresAt: number | null,
  now: number,
): Reach {
  if (reached(previous, now)) return previous as Reach;
  if (servableFrom === null) return NOT_SERVABLE;
  const from = Math.max(now, servableFrom);
  return expiresAt !== null && expiresAt <= from ? NOT_SERVABLE : { from, until: expiresAt };
}
