/**
 * Runs every benchmark, one after another, each in a Node process of its own
 * (with this process's flags, so the tsx loader too when there is one):
 *
 *   npx tsx bench/index.ts                # all
 *   npx tsx bench/index.ts throughput     # the named ones
 *
 * A benchmark is a script in bench/ that prints its own figures. Add new ones
 * to BENCHMARKS.
 */
import { spawnSync } from 'node:child_process';
import { extname, join } from 'node:path';

const BENCHMARKS = ['throughput', 'mbt'] as const;

function main(names: readonly string[]): void {
  const unknown = names.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; there are: ${BENCHMARKS.join(', ')}`);
  const selected = names.length > 0 ? names : BENCHMARKS;
  // .ts under tsx, .js once compiled (bench/tsconfig.json)
  const extension = extname(__filename);
  for (const name of selected) {
    console.log(`\n== ${name} ==\n`);
    const script = join(__dirname, `${name}${extension}`);
    const run = spawnSync(process.execPath, [...process.execArgv, script], { stdio: 'inherit' });
    if (run.status !== 0) {
      process.exitCode = 1;
      console.error(`${name} failed: exit ${run.status ?? run.signal}`);
    }
  }
}

main(process.argv.slice(2));
