/**
 * Mutation testing of the connection (src/tcp) against the path suites alone:
 * `npm run mutate`. Jest runs jest.mutation.config.js, i.e. the suites of
 * test/mbt/mutation/pathSuites.mutation.ts. Results and how to read them:
 * docs/mutation.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.mutation.config.js',
    // perSuite.mutation.ts, in the same folder, is stryker.suites.config.mjs's.
    config: { testMatch: ['**/pathSuites.mutation.ts'] },
    // Every mutant runs the one path-suite file; finding "related" tests would only cost time.
    enableFindRelatedTests: false,
  },
  mutate: ['src/tcp/**/*.ts'],
  // Each mutant runs only the suites whose paths reach it; a mutant no path reaches is reported
  // as NoCoverage without a run.
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Not needed by the tests; left out of the sandbox copy.
  ignorePatterns: ['dist', 'bench', 'reports', 'coverage', 'docs', '*.tmp.ts'],
  // `npm run mutate` passes --incremental: the next run tests again only the mutants whose code or tests changed.
  incrementalFile: 'reports/mutation/paths/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/paths/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/paths/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // Infinite loops are caught by StrykerJS's hit limit (100 × the dry run's hits), not by the clock;
  // a generous clock timeout keeps a busy machine from turning slow runs into "Timeout".
  timeoutMS: 30000,
  timeoutFactor: 2,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  // A mutant of the send loop's condition sends for ever, and its segments fill the heap before StrykerJS's hit limit
  // or clock stops it, and StrykerJS retries it. Under a 2 GB cap the 8 mutants of that line (6 of them runaway) take
  // 3 min 41 s instead of 5 min 47 s, the same 12 restarts 13 s apart instead of 23, the same result; the path suites'
  // dry run passes under it (docs/mutation.md). stryker.all.config.mjs inherits it.
  testRunnerNodeArgs: ['--max-old-space-size=2048'],
};
