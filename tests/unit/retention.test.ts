/** serve/retention.ts: the stricter end of use wins, and a stored value never means more than it says. */
import { effectiveExpiry, ownExpiry, retentionDays } from '../../plugins/wire/server/src/serve/retention';

const DAY = 24 * 60 * 60 * 1000;
const RECEIVED = Date.parse('2026-11-01T00:00:00Z');

describe('effectiveExpiry', () => {
  it('is none without an expiry of the copy or a retention', () => {
    expect(effectiveExpiry(null, RECEIVED, null, null)).toEqual({ expiresAt: null, basis: null });
  });

  it("takes the shorter of the feed's and the agency's retention, from first receipt", () => {
    expect(effectiveExpiry(null, RECEIVED, 10, 30)).toEqual({
      expiresAt: new Date(RECEIVED + 10 * DAY),
      basis: 'feed',
    });
    expect(effectiveExpiry(null, RECEIVED, 60, 30)).toEqual({
      expiresAt: new Date(RECEIVED + 30 * DAY),
      basis: 'agency',
    });
    expect(effectiveExpiry(null, RECEIVED, null, 30).basis).toBe('agency');
  });

  it("keeps the copy's own expiry when it is earlier, and not when it is later", () => {
    const own = new Date(RECEIVED + 5 * DAY).toISOString();
    expect(effectiveExpiry(own, RECEIVED, 10, 30)).toEqual({ expiresAt: new Date(own), basis: 'item' });
    const late = new Date(RECEIVED + 90 * DAY).toISOString();
    expect(effectiveExpiry(late, RECEIVED, null, 30).basis).toBe('agency');
  });

  it('reads nonsense retentions as none, never as longer', () => {
    for (const bad of [0, -1, 2.5, 'x', '', null, undefined, {}]) expect(retentionDays(bad)).toBeNull();
    expect(retentionDays(1e9)).toBe(3650);
    expect(effectiveExpiry(null, RECEIVED, 0, 'x')).toEqual({ expiresAt: null, basis: null });
  });

  it('counts a story with no first receipt as received now', () => {
    const now = RECEIVED + 3 * DAY;
    expect(effectiveExpiry(null, null, null, 1, now).expiresAt).toEqual(new Date(now + DAY));
  });
});

describe('ownExpiry', () => {
  it("is the copy's, or for a row stored before retention was kept its stored expiry", () => {
    expect(
      ownExpiry({ agencyExpiresAt: '2026-12-01T00:00:00Z', expiresAt: '2026-11-05T00:00:00Z', expiryBasis: 'agency' }),
    ).toBe('2026-12-01T00:00:00Z');
    expect(ownExpiry({ agencyExpiresAt: null, expiresAt: '2026-11-05T00:00:00Z', expiryBasis: 'agency' })).toBeNull();
    expect(ownExpiry({ agencyExpiresAt: null, expiresAt: '2026-11-05T00:00:00Z', expiryBasis: null })).toBe(
      '2026-11-05T00:00:00Z',
    );
  });
});
