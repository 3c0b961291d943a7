/**
 * `npm run mutate:all`'s jest plugins (test/mbt/mutation/bailEnvironment.cjs,
 * coveringSequencer.cjs): jest runs in a process of its own on three small
 * test files, first as StrykerJS's dry run (no active mutant), then as a
 * mutant run, with the active mutant in the environment and the tests that
 * reach it as a name pattern, as StrykerJS's jest runner passes them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const MUTANT = '__STRYKER_ACTIVE_MUTANT__';

interface JestJson {
  testResults: { name: string; assertionResults: { title: string; status: string }[] }[];
}

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mutation-bail-'));
  // `fails` fails only under a mutant; `slow` makes its file the dearer one in the dry run.
  writeFileSync(
    join(dir, 'a.fixture.js'),
    `test('fails', () => { if (process.env.${MUTANT}) throw new Error('killed'); });\n`,
  );
  writeFileSync(
    join(dir, 'b.fixture.js'),
    `test('slow', () => { if (!process.env.${MUTANT}) { const end = Date.now() + 300; while (Date.now() < end); } });\n`,
  );
  writeFileSync(join(dir, 'c.fixture.js'), `test('elsewhere', () => {});\n`);
  writeFileSync(
    join(dir, 'jest.config.js'),
    `module.exports = ${JSON.stringify({
      rootDir: dir,
      testMatch: ['**/*.fixture.js'],
      testEnvironment: join(ROOT, 'test/mbt/mutation/bailEnvironment.cjs'),
      testSequencer: join(ROOT, 'test/mbt/mutation/coveringSequencer.cjs'),
      transform: {},
    })};\n`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without an active mutant (this file may itself run under one). */
function withoutMutant(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { [MUTANT]: _mutant, ...rest } = env;
  return rest;
}

/** Runs jest in band in `dir` (StrykerJS's worker directory) and returns each file's tests and their outcome. */
function runJest(env: Record<string, string>, args: string[] = []): Record<string, Record<string, string>> {
  const output = join(dir, 'results.json');
  spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/jest/bin/jest.js'), '--runInBand', '--json', '--outputFile', output, ...args],
    { cwd: dir, encoding: 'utf8', env: { ...withoutMutant(process.env), ...env } },
  );
  const json = JSON.parse(readFileSync(output, 'utf8')) as JestJson;
  return Object.fromEntries(
    json.testResults.map((file) => [
      file.name.slice(dir.length + 1),
      Object.fromEntries(file.assertionResults.map((test) => [test.title, test.status])),
    ]),
  );
}

test('the dry run records each file’s tests; a mutant run runs only the files that reach the mutant, and stops at the first failure', () => {
  const dry = runJest({});
  expect(dry).toEqual({
    'a.fixture.js': { fails: 'passed' },
    'b.fixture.js': { slow: 'passed' },
    'c.fixture.js': { elsewhere: 'passed' },
  });
  const record = readFileSync(join(dir, '.stryker-tests-by-file.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { testPath: string; names: string[] });
  expect(record.map(({ testPath, names }) => [testPath.slice(dir.length + 1), names]).sort()).toEqual([
    ['a.fixture.js', ['fails']],
    ['b.fixture.js', ['slow']],
    ['c.fixture.js', ['elsewhere']],
  ]);

  // Mutant 7, reached by `fails` and `slow`: c.fixture.js is not loaded, a (the cheaper) runs first and fails, so
  // b's test is skipped.
  const mutant = runJest({ [MUTANT]: '7' }, ['--testNamePattern', '(fails)|(slow)']);
  expect(mutant).toEqual({ 'a.fixture.js': { fails: 'failed' }, 'b.fixture.js': { slow: 'pending' } });

  // A static mutant (no pattern) runs every file, the cheapest first: a (or c) then b; a's failure skips the rest.
  const staticMutant = runJest({ [MUTANT]: '8' });
  expect(staticMutant['b.fixture.js']).toEqual({ slow: 'pending' });
  expect(staticMutant['a.fixture.js']).toEqual({ fails: 'failed' });
});
