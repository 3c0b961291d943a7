/**
 * The whole test suite against the mutants of src/tcp and src/wire (issue 16):
 * the scenario and property tests (every test/**\/*.test.ts outside test/mbt)
 * and the path tests, as the loops of test/mbt/mutation/pathSuites.mutation.ts
 * (the ~35,000 one-path jest tests of test/mbt/*.test.ts would make each
 * mutant run select among 35,000 names for the same steps).
 *
 *   npm run mutate:all       # stryker run stryker.all.config.mjs --incremental
 *
 * `perTest` coverage runs each mutant against the tests that reach it alone;
 * `--incremental` keeps the results in reports/ (ignored by git) and the next
 * run tests again only the mutants whose code or tests changed. The 1 MB lossy
 * transfer property runs 2 seeds instead of npm test's 20 (TCP_TRANSFER_RUNS,
 * test/fuzz/runs.ts): sized down, not skipped. docs/mutation.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
import paths from './stryker.config.mjs';

// Set here, before StrykerJS forks its test runners, which inherit the environment; a value already set wins.
process.env.TCP_TRANSFER_RUNS ||= '2';

export default {
  ...paths,
  mutate: ['src/tcp/**/*.ts', 'src/wire/**/*.ts'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      testMatch: ['**/*.test.ts', '**/pathSuites.mutation.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        // The path tests run as pathSuites.mutation.ts instead (above).
        '<rootDir>/test/mbt/[^/]+\\.test\\.ts$',
        // Spawns the CLI compiled from the sandbox: a child process never runs the active mutant.
        '<rootDir>/test/cli/binary\\.test\\.ts$',
        // The CLI's check runs the states suite against TcpConnection, which pathSuites.mutation.ts runs too with
        // the same checker, so it can kill nothing they miss; but it compiles the model and its coverage tables on every
        // run (107 s of the dry run's 265), which a mutant that lives would pay each time.
        '<rootDir>/test/cli/check\\.test\\.ts$',
      ],
      globalSetup: '<rootDir>/test/mbt/mutation/graphCache.ts',
      roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/machines'],
      // Skips the rest of a mutant's run once a test has failed, and records each file's tests in the dry run.
      testEnvironment: './test/mbt/mutation/bailEnvironment.cjs',
      // Runs only the files that hold a test reaching the mutant, cheapest first.
      testSequencer: '<rootDir>/test/mbt/mutation/coveringSequencer.cjs',
    },
    // Only the test files that import the mutated file, directly or not, are loaded for it: what matters for a
    // static mutant (one reached while the files load), which StrykerJS runs against every test. jest follows
    // imports only inside its roots, so they hold every folder between a test and src/tcp (src/mbt, src/sockets,
    // src/net, machines/); with test/ alone it missed the path suites and every test that reaches src/tcp
    // through another folder.
    enableFindRelatedTests: true,
  },
  // StrykerJS's default puts `// @ts-nocheck` atop every file of the sandbox, and tests compare docs/examples and
  // the generated docs/tcp.stately.ts with the README and the exporter. swc (jest's transform) checks no types.
  disableTypeChecks: false,
  // The 2 GB heap cap (testRunnerNodeArgs) comes from stryker.config.mjs. Here a send-loop mutant took a minute to fail
  // without it, and about 20 s with it. The whole suite needs less: the dry run (every test, in one process) passes
  // under it, and jest running 77 of the files in band, as a test runner process does, ends at 1.4 GB of heap.
  // docs/ stays in the sandbox: tests check the README's examples and generated files against it.
  ignorePatterns: ['dist', 'bench', 'reports', 'coverage', '*.tmp.ts'],
  incrementalFile: 'reports/mutation/all/stryker-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/all/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/all/mutation.json' },
};
