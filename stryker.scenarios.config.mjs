/**
 * The same mutants as stryker.config.mjs, against every test but the path
 * suites (the scenario tests of test/tcp, and whatever else imports
 * src/tcp): what the hand-written tests catch, for comparison with the path
 * suites. `npm run mutate -- stryker.scenarios.config.mjs`; docs/mutation.md
 * combines the two reports into the score of the whole test suite.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
import paths from './stryker.config.mjs';

export default {
  ...paths,
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: { testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/mbt/'] },
    // Only the test files that import the mutated file run for it.
    enableFindRelatedTests: true,
  },
  htmlReporter: { fileName: 'reports/mutation/scenarios/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/scenarios/mutation.json' },
};
