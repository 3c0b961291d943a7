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
  // Every suite runs against every mutant, niced on a shared machine: a survivor can take minutes of
  // wall time. Endless loops are still caught at once by StrykerJS's hit limit, not by the clock.
  timeoutMS: 600000,
  incrementalFile: 'reports/mutation/suites/stryker-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/suites/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/suites/mutation.json' },
};
