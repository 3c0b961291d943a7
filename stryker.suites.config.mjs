/**
 * Each path suite alone (issue 15): the same mutants of src/tcp as
 * stryker.config.mjs, against test/mbt/mutation/perSuite.mutation.ts, one jest
 * test per suite. `disableBail` lets every suite that covers a mutant run
 * against it, so the JSON report's `killedBy` names every suite that kills it;
 * scripts/mutation-per-suite.ts makes the table of docs/mutation.md from it.
 *
 *   npm run mutate:suites
 *   npx tsx scripts/mutation-per-suite.ts reports/mutation/suites/mutation.json
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
import paths from './stryker.config.mjs';

export default {
  ...paths,
  jest: {
    ...paths.jest,
    config: { testMatch: ['**/perSuite.mutation.ts'] },
  },
  disableBail: true,
  // StrykerJS's limit is timeoutFactor × the dry run's net time (41 to 67 s on the idle 2-core
  // machine, suite generation included) + timeoutMS + the dry run's overhead (13 s since the graphs are
  // built when a test first loads them; 51 to 59 s when globalSetup built every profile's): about 2 minutes, as
  // before, so that two workers' runs of a surviving mutant stay inside it. The hit limit (100 × the
  // dry run's hits) is too far off to catch an endless loop first, so the clock does, and a
  // 10-minute clock made each endless loop cost a worker 13 minutes. docs/mutation.md#each-suite-alone.
  timeoutMS: 60000,
  timeoutFactor: 1,
  incrementalFile: 'reports/mutation/suites/stryker-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/suites/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/suites/mutation.json' },
};
