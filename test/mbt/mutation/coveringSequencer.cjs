/**
 * jest's test order for `npm run mutate:all` (stryker.all.config.mjs). In a
 * mutant run StrykerJS passes the tests that reach the mutant as a name
 * pattern; this sequencer keeps only the files that hold one of them (as the
 * dry run recorded, testsByFile.cjs) and runs them cheapest first, so that
 * with bailEnvironment.cjs a mutant a quick unit test kills never waits for
 * the path suites. A static mutant (no pattern) runs every related file,
 * cheapest first. In the dry run (no active mutant), or before the record
 * exists, jest's own order.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { ACTIVE_MUTANT, testsByFile } = require('./testsByFile.cjs');

class CoveringSequencer extends Sequencer {
  #pattern;

  constructor(options) {
    super(options);
    const pattern = options.globalConfig.testNamePattern;
    // jest matches the pattern case-insensitively.
    this.#pattern = pattern ? new RegExp(pattern, 'i') : null;
  }

  sort(tests) {
    const known = testsByFile();
    if (process.env[ACTIVE_MUTANT] === undefined || known.size === 0) return super.sort(tests);
    // A file the dry run did not see is run, last.
    const cost = (test) => known.get(test.path)?.ms ?? Number.POSITIVE_INFINITY;
    // No pattern: a static mutant (reached while the files load), which StrykerJS runs against every test.
    const covering =
      this.#pattern === null
        ? tests
        : tests.filter((test) => known.get(test.path)?.names.some((name) => this.#pattern.test(name)) ?? true);
    return covering.sort((a, b) => cost(a) - cost(b));
  }
}

module.exports = CoveringSequencer;
