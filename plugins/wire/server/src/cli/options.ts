/**
 * Every CLI command's options, as its usage text lists them. cli/args.ts refuses any other, and
 * tests/unit/docs-claims.test.ts checks that the docs name no option missing here.
 */
import type { CommandOptions } from './args';

export const CLI_OPTIONS = {
  ingest: { valued: ['format', 'feed', 'agency', 'licence'], switches: ['json', 'dry-run'] },
  backfill: { valued: ['format', 'feed', 'summary'], switches: ['quiet-changes', 'restart', 'json'] },
  poll: { valued: [], switches: ['json'] },
  'token create': { valued: ['access', 'agencies', 'contact', 'daily-requests'], switches: ['ingest', 'any-agency'] },
  'token add': { valued: [], switches: [] },
  agency: { valued: ['homepage'], switches: [] },
  purge: { valued: [], switches: ['dry-run', 'json'] },
} satisfies Record<string, CommandOptions>;
