/**
 * Which tests each test file holds, as the dry run of `npm run mutate:all`
 * found them (stryker.all.config.mjs). StrykerJS's jest runner names the
 * tests that reach a mutant (`perTest` coverage) by a name pattern, and jest
 * would still load every test file to match it; with this record
 * coveringSequencer.cjs runs only the files that hold one of them, cheapest
 * first. Kept in the worker's directory (StrykerJS's sandbox), one JSON line
 * per file, written by bailEnvironment.cjs in the dry run and read by every
 * worker after it.
 */
const fs = require('node:fs');
const path = require('node:path');

const RECORD = '.stryker-tests-by-file.jsonl';

/** @stryker-mutator/api's INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE: set by its jest runner for each mutant run. */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

/** Adds one test file's tests and how long it took in the dry run. */
function recordTestFile(testPath, names, ms) {
  fs.appendFileSync(path.join(process.cwd(), RECORD), `${JSON.stringify({ testPath, names, ms })}\n`);
}

/** @type {Map<string, {names: string[], ms: number}> | null} */
let known = null;

/** Test file path → its tests and dry-run time; empty before the dry run has written anything. */
function testsByFile() {
  if (known !== null) return known;
  let text;
  try {
    text = fs.readFileSync(path.join(process.cwd(), RECORD), 'utf8');
  } catch {
    return new Map();
  }
  known = new Map();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const { testPath, names, ms } = JSON.parse(line);
    known.set(testPath, { names, ms });
  }
  return known;
}

module.exports = { ACTIVE_MUTANT, recordTestFile, testsByFile };
