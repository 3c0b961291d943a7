/**
 * Path generation and execution speed: how long each suite takes to
 * generate, how many checked steps per second the adapter runs against
 * TcpConnection, and the largest D for which depth:D finishes within 60 s.
 *
 *   npx tsx bench/mbt.ts [--max-depth 6] [--budget-s 60]
 */
import { runDepth } from '../src/mbt/depth';
import { buildModelGraph } from '../src/mbt/modelGraph';
import { TEST_PROFILES } from '../src/mbt/profiles';
import { runPath } from '../src/mbt/runner';
import { buildSuite, type ModelPath } from '../src/mbt/suites';
import { depthSequenceCounts } from '../src/mbt/suiteSize';
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

function main(): void {
  const budgetMs = flag('budget-s', 60) * 1000;
  const maxDepth = flag('max-depth', 6);
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
    print(`  input ${JSON.stringify(input).padEnd(18)} ${String(graph.nodes.length).padStart(5)} snapshots ${String(edges).padStart(6)} edges  ${ms.toFixed(0)} ms`);
  }

  const graph = buildModelGraph(TEST_PROFILES[0]!.input);
  const sut = new TcpConnectionSut(graph.input);
  print('');
  print(`generation and execution against TcpConnection (input ${JSON.stringify(graph.input)})`);
  print('  suite        paths   steps    generate   run        steps/s');
  const suites: Record<string, ModelPath[]> = {};
  for (const suite of ['states', 'transitions', 'simple', 'sneak', 'switch:1', 'switch:2']) {
    const generated = timed(() => buildSuite(graph, suite));
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
    print(`  ${depth}  ${String(result.value.steps).padStart(10)}  ${(result.ms / 1000).toFixed(2).padStart(7)} s  ${Math.round(lastRate).toString().padStart(9)}`);
    if (result.ms <= budgetMs) largestWithinBudget = depth;
    else break;
  }
  const next = largestWithinBudget + 1;
  const nextCount = depthSequenceCounts(graph, next)[next - 1]!;
  print(
    `  largest D within ${budgetMs / 1000} s: ${largestWithinBudget}` +
      ` (depth:${next} would run ${nextCount} sequences, about ${(nextCount / lastRate).toFixed(0)} s at the last rate: not run)`,
  );
}

main();
