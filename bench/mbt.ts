/**
 * Path generation and execution speed: how long each suite takes to
 * generate, how many checked steps per second the adapter runs against
 * TcpConnection, the largest D for which depth:D finishes within 60 s, the
 * minimal Mealy machine, and how deep product:D (the pruned exploration of
 * model × implementation) gets within the same budget.
 *
 *   npx tsx bench/mbt.ts [--max-depth 6] [--budget-s 60] [--max-k 1]
 *
 * `--max-k 2` adds w:2, wp:2 and h:2; all three are refused on the test profile's
 * model (their work is over the limit of src/mbt/suiteSize.ts), and it says so.
 */
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

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
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

function main(): void {
  const budgetMs = flag('budget-s', 60) * 1000;
  const maxDepth = flag('max-depth', 6);
  // Every flag read before any work: a wrong one fails at once, not after the graphs are compiled.
  const maxK = flag('max-k', 1);
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    console.log(line);
  };

  print(`node ${process.version}, ${process.arch}; one core (the benchmark is single-threaded)`);
  print('');
  print('model graph (compiled once per input)');
  for (const input of [{}, TEST_PROFILES[0]!.input]) {
    const { value: graph, ms } = timed(() => buildModelGraph(input));
    const edges = graph.nodes.reduce((sum, node) => sum + node.edges.length, 0);
    print(
      `  input ${JSON.stringify(input).padEnd(18)} ${String(graph.nodes.length).padStart(5)} snapshots ${String(edges).padStart(6)} edges  ${ms.toFixed(0)} ms`,
    );
  }

  const graph = buildModelGraph(TEST_PROFILES[0]!.input);
  const sut = new TcpConnectionSut(graph.input);
  const minimal = timed(() => minimize(graph));
  const w = timed(() => characterizingSet(minimal.value));
  print('');
  print(
    `minimal Mealy machine: ${graph.nodes.length} snapshots -> ${minimal.value.states.length} classes in ${minimal.ms.toFixed(0)} ms; ` +
      `${w.value.distinctions.length} pairs of one state told apart by ${new Set(w.value.distinctions.map((d) => d.sequence.join(' '))).size} sequences (W) in ${w.ms.toFixed(0)} ms`,
  );
  print('');
  print(`generation and execution against TcpConnection (input ${JSON.stringify(graph.input)})`);
  print('  suite        paths   steps    generate   run        steps/s');
  const suites: Record<string, ModelPath[]> = {};
  const complete = ['tour', ...Array.from({ length: maxK + 1 }, (_, k) => [`w:${k}`, `wp:${k}`, `h:${k}`]).flat()];
  for (const suite of ['states', 'transitions', 'simple', 'sneak', 'switch:1', 'switch:2', ...complete]) {
    let generated: { value: ModelPath[]; ms: number };
    try {
      generated = timed(() => buildSuite(graph, suite));
    } catch (error) {
      if (!(error instanceof SuiteTooLargeError)) throw error;
      print(`  ${suite.padEnd(11)} refused: ${error.message}`);
      continue;
    }
    suites[suite] = generated.value;
    const run = timed(() => {
      let steps = 0;
      for (const path of generated.value) {
        const result = runPath(graph, sut, path.events);
        if (!result.passed) throw new Error(`${suite}: ${path.name} failed`);
        steps += result.steps.length;
      }
      return steps;
    });
    const rate = run.value / (run.ms / 1000);
    print(
      `  ${suite.padEnd(11)} ${String(generated.value.length).padStart(6)} ${String(run.value).padStart(7)}  ${generated.ms.toFixed(0).padStart(6)} ms ${run.ms.toFixed(0).padStart(6)} ms  ${Math.round(rate).toString().padStart(9)}`,
    );
  }

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
