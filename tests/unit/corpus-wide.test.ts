/**
 * The conformance report over ../shared/corpus-wide (issue 26: agencies' real files), as part of
 * `npm test`: every file read by the parsers and prepared, and checked against
 * tests/conformance/corpus-wide.expected.json. The folder sits beside the repository on developers'
 * machines and in CI (where .ci/run also prints the report); in a bare clone it is skipped with one line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  checkExpectations,
  extractFile,
  type ExtractedFile,
  type Expectations,
} from '../../plugins/wire/server/src/cli/conformance';
import { listFiles } from '../../plugins/wire/server/src/ingest/sources';
import expectations from '../conformance/corpus-wide.expected.json';
import { describeIf } from '../helpers/optional';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus-wide');

describeIf('the real agency files in ../shared/corpus-wide', existsSync(CORPUS) ? null : `${CORPUS} not found`)(
  'conformance over ../shared/corpus-wide',
  () => {
    it('reads every file as tests/conformance/corpus-wide.expected.json says', async () => {
      const files = (await listFiles(CORPUS)).filter((f) => !/\.md$/i.test(f));
      const results: ExtractedFile[] = [];
      for (const file of files) results.push(await extractFile(file));
      const { checks, mismatches } = checkExpectations(results, CORPUS, expectations as Expectations);
      expect(mismatches).toEqual([]);
      expect(checks).toBeGreaterThan(150);
    });
  },
);
