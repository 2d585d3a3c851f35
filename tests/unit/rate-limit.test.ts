/**
 * The pure part of the shared limits (serve/rate-limit.ts, serve/account.ts, shared/partner-limits.ts):
 * windows every node names alike, a window's count read into used/left/reset, the IETF
 * RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10), and the quota
 * setting read strictly on the way in and fail closed from storage.
 */
import {
  rateLimitHeaders,
  refusalOf,
  windowState,
  windowsAt,
  type Limits,
} from '../../plugins/wire/server/src/serve/rate-limit';
import { accountOf } from '../../plugins/wire/server/src/serve/account';
import { readDailyRequests, storedDailyRequests } from '../../plugins/wire/shared/partner-limits';

const NOW = Date.parse('2026-12-08T10:15:42.500Z');
const LIMITS: Limits = { burst: { max: 600, windowSeconds: 60 }, daily: 1000 };

describe('windows', () => {
  it('are aligned to the clock, so every node names the same rows', () => {
    const [burst, daily] = windowsAt('doc1', LIMITS, NOW);
    expect(burst).toEqual({
      policy: 'burst',
      key: `doc1|w60|${Date.parse('2026-12-08T10:15:00Z')}`,
      limit: 600,
      start: Date.parse('2026-12-08T10:15:00Z'),
      end: Date.parse('2026-12-08T10:16:00Z'),
    });
    expect(daily).toEqual({
      policy: 'daily',
      key: `doc1|d|${Date.parse('2026-12-08T00:00:00Z')}`,
      limit: 1000,
      start: Date.parse('2026-12-08T00:00:00Z'),
      end: Date.parse('2026-12-09T00:00:00Z'),
    });
    expect(windowsAt('doc1', LIMITS, NOW + 17_000)[0].key).toBe(burst.key);
    expect(windowsAt('doc1', LIMITS, NOW + 18_000)[0].key).not.toBe(burst.key);
    expect(windowsAt('doc2', LIMITS, NOW)[1].key).not.toBe(daily.key);
  });

  it('count the day even without a quota, and no burst window without a burst limit', () => {
    const windows = windowsAt('t', { burst: null, daily: null }, NOW);
    expect(windows.map((w) => [w.policy, w.limit])).toEqual([['daily', null]]);
  });
});

describe('a window read', () => {
  const [burst, daily] = windowsAt('doc1', LIMITS, NOW);
  it('says used, left and when it resets', () => {
    expect(windowState(burst, 3, true, NOW)).toEqual({
      policy: 'burst',
      limit: 600,
      used: 3,
      remaining: 597,
      windowSeconds: 60,
      resetAt: Date.parse('2026-12-08T10:16:00Z'),
      resetSeconds: 18,
      refused: false,
    });
    expect(windowState(daily, 1000, true, NOW)).toMatchObject({ used: 1000, remaining: 0, refused: false });
  });
  it('is refused only when the database says it did not let the request through', () => {
    expect(windowState(daily, 1000, false, NOW)).toMatchObject({ used: 1000, remaining: 0, refused: true });
    // A quota lowered below what was used: nothing left, never a negative figure.
    expect(windowState({ ...daily, limit: 10 }, 40, false, NOW)).toMatchObject({ used: 10, remaining: 0 });
  });
  it('never says 0 seconds to the reset', () => {
    expect(windowState(burst, 1, true, burst.end - 1).resetSeconds).toBe(1);
    expect(windowState(burst, 1, true, burst.end).resetSeconds).toBe(1);
  });
});

describe('RateLimit headers (draft-ietf-httpapi-ratelimit-headers-10)', () => {
  const [burst, daily] = windowsAt('doc1', LIMITS, NOW);
  it('name each policy with its quota and window, and what is left with the seconds to its reset', () => {
    const states = [windowState(burst, 3, true, NOW), windowState(daily, 12, true, NOW)];
    expect(rateLimitHeaders(states)).toEqual({
      'RateLimit-Policy': '"burst";q=600;w=60, "daily";q=1000;w=86400',
      RateLimit: '"burst";r=597;t=18, "daily";r=988;t=49458',
    });
  });
  it('leave out a window without a limit, and say nothing when no window has one', () => {
    const noQuota = windowsAt('doc1', { ...LIMITS, daily: null }, NOW);
    const states = noQuota.map((w) => windowState(w, 5, true, NOW));
    expect(rateLimitHeaders(states)).toEqual({
      'RateLimit-Policy': '"burst";q=600;w=60',
      RateLimit: '"burst";r=595;t=18',
    });
    expect(rateLimitHeaders([windowState(noQuota[1], 5, true, NOW)])).toEqual({});
  });
  it('refusal: the refused window that resets last, which Retry-After waits for', () => {
    const ok = [windowState(burst, 3, true, NOW), windowState(daily, 12, true, NOW)];
    expect(refusalOf(ok)).toBeNull();
    expect(refusalOf([windowState(burst, 600, false, NOW), windowState(daily, 12, true, NOW)])?.policy).toBe('burst');
    expect(refusalOf([windowState(burst, 600, false, NOW), windowState(daily, 1000, false, NOW)])?.policy).toBe(
      'daily',
    );
  });
});

describe('the daily quota setting', () => {
  it('takes a whole number from 1, or empty for none', () => {
    expect(readDailyRequests('250')).toEqual({ ok: true, value: 250 });
    expect(readDailyRequests(' 7 ')).toEqual({ ok: true, value: 7 });
    expect(readDailyRequests(40)).toEqual({ ok: true, value: 40 });
    for (const none of ['', '  ', null, undefined]) expect(readDailyRequests(none)).toEqual({ ok: true, value: null });
  });
  it('refuses anything else, naming the field', () => {
    for (const bad of ['0', '-1', '2.5', '1e3', '12 000', 'ten', 0, -4, 2.5, 3_000_000_000, true, {}, []]) {
      const read = readDailyRequests(bad);
      expect([bad, read.ok]).toEqual([bad, false]);
      if (!read.ok) expect(read.message).toMatch(/^dailyRequests must be a whole number from 1/);
    }
  });
  it('reads a stored value fail closed: what is not a whole number from 1 allows nothing', () => {
    expect(storedDailyRequests(null)).toBeNull();
    expect(storedDailyRequests(undefined)).toBeNull();
    expect(storedDailyRequests(12)).toBe(12);
    expect(storedDailyRequests('12')).toBe(12);
    for (const broken of [0, -5, 2.5, 'lots', '', true, {}])
      expect([broken, storedDailyRequests(broken)]).toEqual([broken, 0]);
  });
});

describe('the account', () => {
  const viewer = {
    access: 'quote' as const,
    agencies: ['USPA'],
    partner: { name: 'site', documentId: 'doc1' },
    push: null,
    dailyRequests: 1000,
  };
  it('shows the plan and each window with its figures', () => {
    const states = windowsAt('doc1', LIMITS, NOW).map((w, i) => windowState(w, [3, 12][i], true, NOW));
    expect(accountOf(viewer, states, NOW)).toEqual({
      partner: { name: 'site' },
      plan: { access: 'quote', agencies: ['USPA'], push: null },
      limits: {
        burst: { limit: 600, windowSeconds: 60, used: 3, remaining: 597, resetAt: '2026-12-08T10:16:00.000Z' },
        daily: { limit: 1000, windowSeconds: 86400, used: 12, remaining: 988, resetAt: '2026-12-09T00:00:00.000Z' },
      },
    });
  });
  it('without counting (no limit at all), the day without figures', () => {
    expect(accountOf({ ...viewer, dailyRequests: null }, null, NOW).limits).toEqual({
      burst: null,
      daily: { limit: null, windowSeconds: 86400, used: null, remaining: null, resetAt: '2026-12-09T00:00:00.000Z' },
    });
  });
});
