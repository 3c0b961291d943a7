/**
 * `runPath` for a system under test whose steps take real time: the same
 * judging (`judgeStep`), awaited step by step, and many paths at once, each
 * on its own port pair, so that a suite costs about one TIME-WAIT and not
 * one per path.
 */
import { walk, type ModelEventType, type ModelGraph } from '../mbt/modelGraph';
import { judgeStep, modelStep, type PathResult, type StepRecord } from '../mbt/runner';
import { eventName } from '../mbt/suites';
import type { ModelStep, StepObservation } from '../mbt/sut';

/** A system under test that answers a step asynchronously (a real kernel). One instance runs one path. */
export interface AsyncSystemUnderTest {
  readonly name: string;
  step(step: ModelStep): Promise<StepObservation>;
  /** Releases what the path holds (sockets, its port pair). */
  dispose(): Promise<void>;
  /**
   * True when the run was too slow to judge: a step took so long that the
   * kernel's own timers ran meanwhile. A failed path that was is run again.
   */
  late?(): boolean;
}

export async function runPathAsync(
  graph: ModelGraph,
  sut: AsyncSystemUnderTest,
  events: readonly ModelEventType[],
): Promise<PathResult> {
  const steps: StepRecord[] = [];
  let node = graph.nodes[graph.initial]!;
  try {
    for (const event of events) {
      const edge = node.edgeByEvent.get(event);
      if (edge === undefined) throw new Error(`${eventName(event)} is not an event of ${node.state}`);
      const step = modelStep(graph, edge);
      const observed = await sut.step(step);
      const differences = judgeStep(step, observed);
      steps.push({ step, observed, differences });
      if (differences.length > 0) return { events, passed: false, steps, failedAt: steps.length - 1 };
      node = graph.nodes[edge.to]!;
    }
    return { events, passed: true, steps, failedAt: -1 };
  } finally {
    await sut.dispose();
  }
}

/** How many more rounds the failed paths whose runs were late get, each with fewer paths in flight. */
const LATE_ROUNDS = 2;
const LATE_ROUND_LIMIT = 50;

/**
 * Runs the paths concurrently, at most `limit` at a time, the longest (by the
 * model's timer delays) first so that the slowest paths do not start last,
 * and the starts spread over `staggerMs` so that they do not all queue at
 * once. `makeSut(index)` gives each run of a path its own system under test.
 * A path that failed in a run that was late is run again after the others,
 * with few paths in flight, so that a loaded machine does not fail it.
 */
export async function runPathsConcurrently(
  graph: ModelGraph,
  paths: readonly (readonly ModelEventType[])[],
  makeSut: (index: number) => AsyncSystemUnderTest,
  options: { limit?: number; staggerMs?: number; onDone?: (index: number, result: PathResult) => void } = {},
): Promise<PathResult[]> {
  const results: PathResult[] = new Array(paths.length);
  const delayOf = (events: readonly ModelEventType[]) =>
    walk(graph, events).reduce((sum, edge) => sum + (edge.delayMs ?? 0), 0);
  let pending = paths
    .map((events, index) => ({ index, delay: delayOf(events) }))
    .sort((a, b) => b.delay - a.delay || a.index - b.index)
    .map((entry) => entry.index);
  for (let round = 0; pending.length > 0 && round <= LATE_ROUNDS; round++) {
    const late: number[] = [];
    let next = 0;
    const order = pending;
    const worker = async (slot: number) => {
      await new Promise((resolve) => setTimeout(resolve, slot * (options.staggerMs ?? 0)));
      while (next < order.length) {
        const index = order[next++]!;
        const sut = makeSut(index);
        results[index] = await runPathAsync(graph, sut, paths[index]!);
        if (!results[index]!.passed && sut.late?.() === true && round < LATE_ROUNDS) late.push(index);
        else options.onDone?.(index, results[index]!);
      }
    };
    const cap = round === 0 ? (options.limit ?? order.length) : LATE_ROUND_LIMIT;
    const limit = Math.max(1, Math.min(cap, order.length));
    await Promise.all(Array.from({ length: limit }, (_, slot) => worker(slot)));
    pending = late;
  }
  return results;
}
