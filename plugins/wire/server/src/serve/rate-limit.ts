/**
 * Request limits of a partner, the pure part: which counting windows a request falls in, what a
 * window's count means (allowed, used, left, reset), and the headers that say so. The counts
 * themselves live in the database, shared by every node (services/limits.ts); the clock is the
 * caller's.
 *
 * Two policies, both fixed windows aligned to the clock, so every node names the same window:
 * - `burst`: `rateLimit.max` requests per `rateLimit.windowSeconds` (default 600 a minute), for
 *   every token of a partner together;
 * - `daily`: the partner's `dailyRequests` per UTC day (none when it has no quota; the day is still
 *   counted, for `GET /api/wire/account`).
 *
 * Headers: draft-ietf-httpapi-ratelimit-headers-10 (the syntax of -09 and -10):
 * `RateLimit-Policy: "burst";q=600;w=60, "daily";q=1000;w=86400` and
 * `RateLimit: "burst";r=597;t=42, "daily";r=988;t=30511` (r: left, t: seconds to the reset).
 */

export type PolicyName = 'burst' | 'daily';

export const DAY_MS = 86_400_000;

/** One counting window of one owner: the database row's key, its limit (null: none) and its span. */
export interface CountWindow {
  policy: PolicyName;
  key: string;
  limit: number | null;
  start: number;
  end: number;
}

export interface Limits {
  /** Requests per `windowSeconds`; null: no burst limit. */
  burst: { max: number; windowSeconds: number } | null;
  /** Requests per UTC day; null: no quota (the day is counted all the same). */
  daily: number | null;
}

/** The windows a request at `now` counts in: the burst window (when there is a limit) and the day. */
export function windowsAt(owner: string, limits: Limits, now: number): CountWindow[] {
  const windows: CountWindow[] = [];
  if (limits.burst) {
    const span = limits.burst.windowSeconds * 1000;
    const start = Math.floor(now / span) * span;
    windows.push({
      policy: 'burst',
      key: `${owner}|w${limits.burst.windowSeconds}|${start}`,
      limit: limits.burst.max,
      start,
      end: start + span,
    });
  }
  const day = Math.floor(now / DAY_MS) * DAY_MS;
  windows.push({ policy: 'daily', key: `${owner}|d|${day}`, limit: limits.daily, start: day, end: day + DAY_MS });
  return windows;
}

/** A window after a request counted (or, read only, as it stands). */
export interface WindowState {
  policy: PolicyName;
  limit: number | null;
  /** Requests that counted in the window (never above the limit). */
  used: number;
  /** Requests left; null without a limit. */
  remaining: number | null;
  windowSeconds: number;
  /** When the window ends and its count starts again (ms since the epoch). */
  resetAt: number;
  /** Seconds to the reset, at least 1. */
  resetSeconds: number;
  /** This request went over the window's limit. */
  refused: boolean;
}

/**
 * `hits`: the window's count after this request, as the database returned it (a refused request
 * does not count); `admitted`: whether the window let this request through (false when only read).
 */
export function windowState(window: CountWindow, hits: number, admitted: boolean, now: number): WindowState {
  const limit = window.limit;
  const count = Number.isFinite(hits) && hits > 0 ? Math.floor(hits) : 0;
  return {
    policy: window.policy,
    limit,
    used: limit === null ? count : Math.min(count, limit),
    remaining: limit === null ? null : Math.max(0, limit - count),
    windowSeconds: Math.round((window.end - window.start) / 1000),
    resetAt: window.end,
    resetSeconds: Math.max(1, Math.ceil((window.end - now) / 1000)),
    refused: !admitted,
  };
}

/** The header fields of the IETF draft (see the top); windows without a limit are not policies. */
export function rateLimitHeaders(states: WindowState[]): Record<string, string> {
  const limited = states.filter((s) => s.limit !== null);
  if (!limited.length) return {};
  return {
    'RateLimit-Policy': limited.map((s) => `"${s.policy}";q=${s.limit};w=${s.windowSeconds}`).join(', '),
    RateLimit: limited.map((s) => `"${s.policy}";r=${s.remaining};t=${s.resetSeconds}`).join(', '),
  };
}

/** The refusal, when a window refused the request: the window that resets last, as Retry-After waits for it. */
export function refusalOf(states: WindowState[]): WindowState | null {
  const refused = states.filter((s) => s.refused);
  if (!refused.length) return null;
  return refused.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a));
}
