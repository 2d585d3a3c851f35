/**
 * Optional parts of the suite: a Chromium for the desk's browser tests, IPTC's ninjs schema in
 * ../shared/specs for the ninjs checks, a PostgreSQL server for the tests that only mean something
 * there. On a bare machine (Node and npm only) a test file whose part
 * is missing is skipped with one line saying what and why; with WIRE_REQUIRE_OPTIONAL=1 (set by
 * .ci/run, which installs every part) a missing part fails the run instead of skipping quietly.
 */
import { execFileSync } from 'node:child_process';

/** `describe` when the part is there, `describe.skip` (after one line on stdout) when it is not. */
export function describeIf(part: string, missing: string | null): jest.Describe {
  if (missing === null) return describe;
  if (process.env.WIRE_REQUIRE_OPTIONAL === '1') {
    throw new Error(`${part}: ${missing} (WIRE_REQUIRE_OPTIONAL=1 makes this a failure, not a skip)`);
  }
  process.stdout.write(`skipped: ${part}: ${missing}\n`);
  return describe.skip;
}

/** `it` when the part is there, `it.skip` (after one line on stdout) when it is not: as describeIf. */
export function itIf(part: string, missing: string | null): jest.It {
  if (missing === null) return it;
  if (process.env.WIRE_REQUIRE_OPTIONAL === '1') {
    throw new Error(`${part}: ${missing} (WIRE_REQUIRE_OPTIONAL=1 makes this a failure, not a skip)`);
  }
  process.stdout.write(`skipped: ${part}: ${missing}\n`);
  return it.skip;
}

/** Debian's chromium (CI installs it), or CHROMIUM_PATH; null when there is none. */
export function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
    } catch {
      // try the next name
    }
  }
  return null;
}

/**
 * For tests that only mean something on PostgreSQL (row locks across connections). They are skipped
 * with one line on the SQLite run, never failed: .ci/run runs the whole suite again on PostgreSQL.
 */
export function describeOnPostgres(): jest.Describe {
  if (process.env.DATABASE_CLIENT === 'postgres') return describe;
  process.stdout.write(
    'skipped: PostgreSQL-only tests: this run is on SQLite (DATABASE_CLIENT=postgres runs them; .ci/run does)\n',
  );
  return describe.skip;
}
