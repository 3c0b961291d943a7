/**
 * jest's node environment for `npm run mutate:all` (stryker.all.config.mjs),
 * which StrykerJS wraps with its own. Two jobs:
 * - **Bail across files.** StrykerJS cannot make jest bail (jest has no
 *   programmatic bail), so a mutant that the first test kills would still run
 *   every other test that reaches it, the path suites included. Once a test
 *   or hook has failed under the active mutant, every later test of the same
 *   jest run is skipped: the mutant is killed already. (Within one file,
 *   pathSuites.mutation.ts bails itself.)
 * - **Record the tests of each file in the dry run** (no active mutant), for
 *   coveringSequencer.cjs (testsByFile.cjs).
 * StrykerJS runs jest in band, one worker process after another mutant, so
 * a module-level variable outlives the test files of one run.
 */
const { TestEnvironment } = require('jest-environment-node');
const { ACTIVE_MUTANT, recordTestFile } = require('./testsByFile.cjs');

/** The mutant a test has failed under: the rest of its run is skipped. */
let killedMutant = null;

/** jest-circus's test id, which a `testNamePattern` is matched against: the describe titles and the test's, spaced. */
function testId(test) {
  const titles = [];
  for (let block = test; block.parent !== undefined; block = block.parent) titles.unshift(block.name);
  return titles.join(' ');
}

class MutationEnvironment extends TestEnvironment {
  #testPath;
  #names = [];
  #started = Date.now();

  constructor(config, context) {
    super(config, context);
    this.#testPath = context.testPath;
  }

  handleTestEvent(event) {
    const mutant = process.env[ACTIVE_MUTANT];
    if (mutant === undefined) {
      if (event.name === 'test_start') this.#names.push(testId(event.test));
    } else if (event.name === 'test_start') {
      if (killedMutant === mutant) event.test.mode = 'skip';
    } else if ((event.name === 'test_done' && event.test.errors.length > 0) || event.name === 'hook_failure') {
      killedMutant = mutant;
    }
  }

  async teardown() {
    if (process.env[ACTIVE_MUTANT] === undefined) {
      recordTestFile(this.#testPath, this.#names, Date.now() - this.#started);
    }
    await super.teardown();
  }
}

module.exports = MutationEnvironment;
