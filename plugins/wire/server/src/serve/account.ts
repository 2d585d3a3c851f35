/**
 * What `GET /api/wire/account` tells a partner about itself: who it is to Wire, what its keys may
 * read and push, and its limits with what is used and left (serve/rate-limit.ts). Pure.
 */
import type { WindowState } from './rate-limit';

export interface AccountViewer {
  access: 'full' | 'quote';
  agencies: string[] | null;
  partner: { name: string } | null;
  push: { agencies: string[] | null } | null;
  dailyRequests: number | null;
}

export interface AccountWindow {
  /** null: no limit in this window. */
  limit: number | null;
  windowSeconds: number;
  /** Requests counted in the window, this one included; null when nothing is counted. */
  used: number | null;
  /** null without a limit. */
  remaining: number | null;
  resetAt: string;
}

export interface Account {
  partner: { name: string } | null;
  /** The partner's terms of access: `full` or `quote`, the agencies it reads (null: every one), what it may push. */
  plan: {
    access: 'full' | 'quote';
    agencies: string[] | null;
    push: { agencies: string[] | null } | null;
  };
  limits: { burst: AccountWindow | null; daily: AccountWindow };
}

const window = (s: WindowState): AccountWindow => ({
  limit: s.limit,
  windowSeconds: s.windowSeconds,
  used: s.used,
  remaining: s.remaining,
  resetAt: new Date(s.resetAt).toISOString(),
});

/**
 * `states`: the windows after this request counted, or null when nothing is counted (no burst
 * limit and no daily quota); the day is then shown without figures.
 */
export function accountOf(viewer: AccountViewer, states: WindowState[] | null, now: number): Account {
  const burst = states?.find((s) => s.policy === 'burst');
  const daily = states?.find((s) => s.policy === 'daily');
  const dayEnd = (Math.floor(now / 86_400_000) + 1) * 86_400_000;
  return {
    partner: viewer.partner ? { name: viewer.partner.name } : null,
    plan: { access: viewer.access, agencies: viewer.agencies, push: viewer.push },
    limits: {
      burst: burst ? window(burst) : null,
      daily: daily
        ? window(daily)
        : {
            limit: viewer.dailyRequests,
            windowSeconds: 86_400,
            used: null,
            remaining: null,
            resetAt: new Date(dayEnd).toISOString(),
          },
    },
  };
}
