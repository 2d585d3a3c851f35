/** Who gets a story's tombstone (serve/reach.ts): reached moments stay, pending ones follow the story. */
import { nextReach, NOT_SERVABLE, reached } from '../../plugins/wire/server/src/serve/reach';

const T = (iso: string) => new Date(iso).getTime();
const NOW = T('2026-11-27T10:00:00Z');

describe('reach', () => {
  it('is reached at once by a story servable now', () => {
    const r = nextReach(null, NOW, null, NOW);
    expect(r).toEqual({ from: NOW, until: null });
    expect(reached(r, NOW)).toBe(true);
  });

  it('waits for an embargo, and a story withdrawn before it ends never reached anyone', () => {
    const pending = nextReach(null, T('2026-12-01T00:00:00Z'), null, NOW);
    expect(reached(pending, NOW)).toBe(false);
    const killed = nextReach(pending, null, null, T('2026-11-28T00:00:00Z'));
    expect(killed).toEqual(NOT_SERVABLE);
    expect(reached(killed, T('2099-01-01T00:00:00Z'))).toBe(false);
  });

  it('keeps a moment once passed, whatever the story becomes', () => {
    const pending = nextReach(null, T('2026-12-01T00:00:00Z'), null, NOW);
    const later = T('2026-12-02T00:00:00Z');
    expect(nextReach(pending, null, null, later)).toEqual(pending);
    expect(reached(nextReach(pending, null, null, later), later)).toBe(true);
  });

  it('never counts a story that expired before it could be served', () => {
    expect(nextReach(null, T('2026-12-01T00:00:00Z'), T('2026-11-30T00:00:00Z'), NOW)).toEqual(NOT_SERVABLE);
    expect(
      reached({ from: T('2026-12-01T00:00:00Z'), until: T('2026-12-01T00:00:00Z') }, T('2027-01-01T00:00:00Z')),
    ).toBe(false);
  });

  it('recomputes a pending moment when the embargo moves', () => {
    const pending = nextReach(null, T('2026-12-01T00:00:00Z'), null, NOW);
    expect(nextReach(pending, T('2026-12-05T00:00:00Z'), null, NOW)).toEqual({
      from: T('2026-12-05T00:00:00Z'),
      until: null,
    });
  });
});
