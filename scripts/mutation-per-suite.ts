/**
 * The mutation score of each path suite alone (issue 15), from the JSON
 * report of `npm run mutate:suites` (stryker.suites.config.mjs), where each
 * suite is one jest test and no run bails, so `killedBy` names every suite
 * that kills a mutant:
 *
 *   npx tsx scripts/mutation-per-suite.ts reports/mutation/suites/mutation.json [more.json]
 *
 * Several reports (runs over different files of src/tcp) are added up; a
 * later one replaces an earlier one's results for the same mutants. Prints
 * a Markdown table: per suite the steps it runs (the sum of its paths'
 * lengths, from src/mbt), the mutants it kills, its score, and kills per
 * 1,000 steps. A timeout is not a kill: StrykerJS cannot say which suite ran
 * too long, so timeouts are counted apart and in no suite's score.
 */
import { readFileSync } from 'node:fs';
import { buildModelGraph } from '../src/mbt/modelGraph';
import { TEST_PROFILES } from '../src/mbt/profiles';
import { buildSuite } from '../src/mbt/suites';

interface Position {
  readonly line: number;
  readonly column: number;
}
interface ReportMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: Position; readonly end: Position };
  readonly status: string;
  readonly statusReason?: string;
  readonly killedBy?: readonly string[];
}
interface Report {
  readonly files: Record<string, { readonly mutants: readonly ReportMutant[] }>;
  readonly testFiles?: Record<string, { readonly tests: readonly { readonly id: string; readonly name: string }[] }>;
}

/** The statuses of Stryker's score: a compile or runtime error is not a mutant a test could judge. */
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
const TEST_PREFIX = 'suite ';

interface Mutant {
  readonly status: string;
  /** A timeout from StrykerJS's hit limit (an endless loop), not from the clock. */
  readonly hitLimit: boolean;
  /** The suites that kill it. */
  readonly suites: readonly string[];
}

function suiteOf(file: string, testName: string): string {
  if (!testName.startsWith(TEST_PREFIX)) throw new Error(`${file}: test "${testName}" is not a "${TEST_PREFIX}…" test`);
  return testName.slice(TEST_PREFIX.length);
}

/**
 * Adds the report's mutants to `into`, and returns its suites. A mutant is
 * known by where it is and what it changes (ids are numbered per run), so a
 * later report of the same mutants (timeouts run again with more time)
 * replaces the earlier results.
 */
function readMutants(file: string, into: Map<string, Mutant>): string[] {
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  const testName = new Map<string, string>();
  for (const { tests } of Object.values(report.testFiles ?? {})) {
    for (const { id, name } of tests) testName.set(id, name);
  }
  for (const [source, { mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      const { start, end } = mutant.location;
      const key = `${source}:${start.line}:${start.column}-${end.line}:${end.column} ${mutant.mutatorName} ${mutant.replacement ?? ''}`;
      const suites = (mutant.killedBy ?? []).map((id) => suiteOf(file, testName.get(id) ?? id));
      into.set(key, { status: mutant.status, hitLimit: /hit limit/i.test(mutant.statusReason ?? ''), suites });
    }
  }
  return [...testName.values()].map((name) => suiteOf(file, name));
}

function suiteSteps(names: readonly string[]): Map<string, number> {
  const graph = buildModelGraph(TEST_PROFILES[0]!.input, TEST_PROFILES[0]!.machine);
  return new Map(
    names.map((name) => [name, buildSuite(graph, name).reduce((sum, path) => sum + path.events.length, 0)]),
  );
}

function main(): void {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: mutation-per-suite.ts REPORT.json [MORE.json …]');
  const all = new Map<string, Mutant>();
  const suites = new Set(files.flatMap((file) => readMutants(file, all)));
  const mutants = [...all.values()].filter((mutant) => COUNTED.has(mutant.status));
  const count = (status: string) => mutants.filter((mutant) => mutant.status === status).length;
  const kills = new Map<string, number>([...suites].map((suite) => [suite, 0]));
  for (const mutant of mutants) {
    if (mutant.status !== 'Killed') continue;
    for (const suite of mutant.suites) kills.set(suite, (kills.get(suite) ?? 0) + 1);
  }
  const steps = suiteSteps([...suites]);
  const percent = (n: number) => `${((100 * n) / mutants.length).toFixed(2)} %`;
  const thousands = (n: number) => n.toLocaleString('en-US');
  const killedAtAll = count('Killed');
  const killedOutsideSuites = mutants.filter((m) => m.status === 'Killed' && m.suites.length === 0).length;

  console.log(
    `${thousands(mutants.length)} mutants: killed ${killedAtAll} (by no suite in particular: ${killedOutsideSuites}), ` +
      `timeout ${count('Timeout')} (hit limit ${mutants.filter((m) => m.status === 'Timeout' && m.hitLimit).length}), survived ${count('Survived')}, no coverage ${count('NoCoverage')}; ` +
      `${all.size - mutants.length} compile or runtime errors left out`,
  );
  console.log('');
  console.log('| suite | steps | killed | score | killed per 1,000 steps | killed by no other suite here |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [suite, killed] of [...kills].sort((a, b) => steps.get(a[0])! - steps.get(b[0])!)) {
    const alone = mutants.filter((m) => m.status === 'Killed' && m.suites.length === 1 && m.suites[0] === suite).length;
    const perThousand = (1000 * killed) / steps.get(suite)!;
    console.log(
      `| \`${suite}\` | ${thousands(steps.get(suite)!)} | ${killed} | ${percent(killed)} | ${perThousand.toFixed(2)} | ${alone} |`,
    );
  }
  console.log(`| all of them | | ${killedAtAll} | ${percent(killedAtAll)} | | |`);
}

main();
