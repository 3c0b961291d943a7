/**
 * A mutation run's `globalSetup` (test/mbt/mutation/graphCache.ts) builds no
 * graph up front: it only names the worker's directory, which outlives each
 * jest run; the test files build the graphs they load, on their first run.
 * It runs in a process of its own, as in a StrykerJS worker (the directory is
 * named by the process id).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

test('globalSetup names a kept directory and compiles nothing', () => {
  const script =
    "import setup from './test/mbt/mutation/graphCache'; setup(); console.log(process.env.TCP_STATECHART_GRAPH_DIR);";
  const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const directory = run.stdout.trim();
  try {
    expect(existsSync(directory)).toBe(true);
    // No graph, and no per-run mark: the directory stays for the worker's next run.
    expect(readdirSync(directory)).toEqual([]);
  } finally {
    if (directory !== '') rmSync(directory, { recursive: true, force: true });
  }
});
