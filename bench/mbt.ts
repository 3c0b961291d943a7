/**
 * Path generation and execution speed: how long each suite takes to
 * generate, how many checked steps per second the adapter runs against
 * TcpConnection, the largest D for which depth:D finishes within 60 s, the
 * minimal Mealy machine, and how deep product:D (the pruned exploration of
 * model × implementation) gets within the same budget.
 *
 *   npx tsx bench/mbt.ts [--max-depth 6] [--budget-s 60] [--max-k 1] [--suites transitions,switch:2] [--runs 5]
 *
 * `--suites` runs those suites alone (no other graph, Mealy machine, depth:D
 * or product:D), `--runs` runs each suite that many times and prints the
 * median run; the rate per CPU-second (user + system, `process.cpuUsage`,
 * the collector's helper threads included) moves less than the wall-clock
 * rate on a shared machine.
 * `--max-k 2` adds w:2, wp:2 and h:2; all three are refused on the test profile's
 * model (their work is over the limit of src/mbt/suiteSize.ts), and it says so.
 */
import { loadavg } from 'node:os';
import { characterizingSet } from '../src/mbt/distinguish';
import { minimize } from '../src/mbt/mealy';
import { runDepth } from '../src/mbt/depth';
import { runPrunedDepth } from '../src/mbt/prunedDepth';
import { buildModelGraph, type ModelGraph } from '../src/mbt/modelGraph';
import { TEST_PROFILES } from '../src/mbt/profiles';
import { runPath } from '../src/mbt/runner';
import { buildSuite, MAX_PRODUCT_DEPTH, type ModelPath } from '../src/mbt/suites';
import { depthSequenceCounts, SuiteTooLargeError } from '../src/mbt/suiteSize';
import { TcpConnectionSut } from '../src/mbt/tcpConnectionSut';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

/** `--name a,b`: the names given, or undefined without the flag. */
function listFlag(name: string): string[] | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} takes a comma-separated list`);
  return value.split(',');
}

function timed<T>(work: () => T): { value: T; ms: number; cpuMs: number } {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = work();
  const cpu = process.cpuUsage(cpuStart);
  return { value, ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The run of median wall time among `runs` runs of `work`. */
function medianRun<T>(runs: number, work: () => T): { value: T; ms: number; cpuMs: number } {
  const results = Array.from({ length: runs }, () => timed(work)).sort((a, b) => a.ms - b.ms);
  return results[Math.floor((runs - 1) / 2)]!;
}

/** product:D for growing D until the budget is spent or no new product state appears. */
function productDepth(graph: ModelGraph, budgetMs: number, print: (line: string) => void): void {
  print('');
  print(
    `product:D (model × TcpConnection × peer, breadth first, a product state explored once; budget ${budgetMs / 1000} s)`,
  );
  print('  D   explored    pruned      steps     time      steps/s  new at D');
  let previousMs = 0;
  for (let depth = 1; depth <= MAX_PRODUCT_DEPTH; depth++) {
    const result = timed(() => runPrunedDepth(graph, new TcpConnectionSut(graph.input), depth));
    const { explored, pruned, steps, failures, newPerDepth, exhaustiveAt } = result.value;
    if (failures.length > 0) throw new Error(`product:${depth} found a failure`);
    print(
      `  ${String(depth).padEnd(2)} ${String(explored).padStart(9)} ${String(pruned).padStart(9)} ${String(steps).padStart(10)}  ${(result.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(
        steps / (result.ms / 1000),
      )
        .toString()
        .padStart(9)}  ${newPerDepth.at(-1)}`,
    );
    if (exhaustiveAt !== null) {
      print(`  no new product state at depth ${exhaustiveAt}: exhaustive for every depth`);
      return;
    }
    // The time grows by about the same factor from one depth to the next.
    const nextMs = previousMs === 0 ? result.ms : (result.ms * result.ms) / previousMs;
    if (nextMs > budgetMs) {
      print(`  product:${depth + 1} would take about ${(nextMs / 1000).toFixed(0)} s: not run`);
      return;
    }
    previousMs = result.ms;
  }
}

/** Each suite generated, then run `runs` times against TcpConnection, every step judged; the median run printed. */
function suiteTable(
  graph: ModelGraph,
  sut: TcpConnectionSut,
  names: readonly string[],
  runs: number,
  print: (line: string) => void,
): void {
  print('');
  print(
    `generation and execution against TcpConnection (input ${JSON.stringify(graph.input)}${runs > 1 ? `; median of ${runs} runs` : ''})`,
  );
  print('  suite        paths   steps    generate   run        steps/s  steps/CPU-s');
  for (const suite of names) {
    let generated: { value: ModelPath[]; ms: number };
    try {
      generated = timed(() => buildSuite(graph, suite));
    } catch (error) {
      if (!(error instanceof SuiteTooLargeError)) throw error;
      print(`  ${suite.padEnd(11)} refused: ${error.message}`);
      continue;
    }
    const run = medianRun(runs, () => {
      let steps = 0;
      for (const path of generated.value) {
        const result = runPath(graph, sut, path.events);
        if (!result.passed) throw new Error(`${suite}: ${path.name} failed`);
        steps += result.steps.length;
      }
      return steps;
    });
    const rate = (ms: number) => Math.round(run.value / (ms / 1000)).toString();
    print(
      `  ${suite.padEnd(11)} ${String(generated.value.length).padStart(6)} ${String(run.value).padStart(7)}  ${generated.ms.toFixed(0).padStart(6)} ms ${run.ms.toFixed(0).padStart(6)} ms  ${rate(run.ms).padStart(9)}  ${rate(run.cpuMs).padStart(11)}`,
    );
  }
}

function main(): void {
  const budgetMs = flag('budget-s', 60) * 1000;
  const maxDepth = flag('max-depth', 6);
  // Every flag read before any work: a wrong one fails at once, not after the graphs are compiled.
  const maxK = flag('max-k', 1);
  const only = listFlag('suites');
  const runs = flag('runs', 1);
  if (!Number.isInteger(runs)) throw new Error('--runs takes a whole number');
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    console.log(line);
  };

  print(`node ${process.version}, ${process.arch}; one core (the benchmark is single-threaded)`);
  print(
    `load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')}`,
  );
  print('');
  print('model graph (compiled once per input)');
  for (const input of only === undefined ? [{}, TEST_PROFILES[0]!.input] : [TEST_PROFILES[0]!.input]) {
    const { value: graph, ms } = timed(() => buildModelGraph(input));
    const edges = graph.nodes.reduce((sum, node) => sum + node.edges.length, 0);
    print(
      `  input ${JSON.stringify(input).padEnd(18)} ${String(graph.nodes.length).padStart(5)} snapshots ${String(edges).padStart(6)} edges  ${ms.toFixed(0)} ms`,
    );
  }

  const graph = buildModelGraph(TEST_PROFILES[0]!.input);
  const sut = new TcpConnectionSut(graph.input);
  if (only !== undefined) {
    suiteTable(graph, sut, only, runs, print);
    return;
  }
  const minimal = timed(() => minimize(graph));
  const w = timed(() => characterizingSet(minimal.value));
  print('');
  print(
    `minimal Mealy machine: ${graph.nodes.length} snapshots -> ${minimal.value.states.length} classes in ${minimal.ms.toFixed(0)} ms; ` +
      `${w.value.distinctions.length} pairs of one state told apart by ${new Set(w.value.distinctions.map((d) => d.sequence.join(' '))).size} sequences (W) in ${w.ms.toFixed(0)} ms`,
  );
  const complete = ['tour', ...Array.from({ length: maxK + 1 }, (_, k) => [`w:${k}`, `wp:${k}`, `h:${k}`]).flat()];
  suiteTable(
    graph,
    sut,
    ['states', 'transitions', 'simple', 'sneak', 'switch:1', 'switch:2', ...complete],
    runs,
    print,
  );
  print('');
  print(`depth:D (every event of the alphabet at every step, restore instead of replay; budget ${budgetMs / 1000} s)`);
  print('  D   sequences    time        steps/s');
  let largestWithinBudget = 0;
  let lastRate = 0;
  for (let depth = 1; depth <= maxDepth; depth++) {
    const result = timed(() => runDepth(graph, new TcpConnectionSut(graph.input), depth));
    if (result.value.failures.length > 0) throw new Error(`depth:${depth} found a failure`);
    lastRate = result.value.steps / (result.ms / 1000);
    print(
      `  ${depth}  ${String(result.value.steps).padStart(10)}  ${(result.ms / 1000).toFixed(2).padStart(7)} s  ${Math.round(lastRate).toString().padStart(9)}`,
    );
    if (result.ms <= budgetMs) largestWithinBudget = depth;
    else break;
  }
  productDepth(graph, budgetMs, print);
  const next = largestWithinBudget + 1;
  const nextCount = depthSequenceCounts(graph, next)[next - 1]!;
  print(
    `  largest D within ${budgetMs / 1000} s: ${largestWithinBudget}` +
      ` (depth:${next} would run ${nextCount} sequences, about ${(nextCount / lastRate).toFixed(0)} s at the last rate: not run)`,
  );
}

main();
