/**
 * A summary gathers every document's problems and warnings, however many: a million of them (an
 * archive whose every item warns) must not overflow the stack, as spreading them into push() did.
 */
import { addReport, emptySummary, type FileReport, type Problem } from '../../plugins/wire/server/src/ingest/summary';

const report = (source: string): FileReport => ({
  source,
  format: 'rss',
  items: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  error: null,
});

it('adds a document with half a million problems and warnings', () => {
  const many = (n: number, warning: boolean): Problem[] =>
    Array.from({ length: n }, (_, i) => ({
      source: 'a.rss',
      item: i + 1,
      guid: null,
      field: 'pubDate',
      reason: 'r',
      warning,
    }));
  const summary = addReport(emptySummary(), report('a.rss'), many(500_000, false), many(500_000, true));
  expect(summary.problems).toHaveLength(500_000);
  expect(summary.warnings).toHaveLength(500_000);
  expect(summary.warnings[499_999].item).toBe(500_000);
});
