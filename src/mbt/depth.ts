/**
 * depth:D — bounded-exhaustive testing: every input sequence of length ≤ D
 * from CLOSED, ignored events included, run depth first. Shared prefixes run
 * once: before trying the next event at a node, the implementation is
 * restored from a snapshot taken when the node was reached, instead of
 * replaying the prefix.
 */
import type { ModelEdge, ModelEventType, ModelGraph } from './modelGraph';
import { CoverageTracker } from './coverage';
import { judgeStep, modelStep, type PathResult, type StepRecord } from './runner';
import type { SystemUnderTest } from './sut';

export interface DepthResult {
  readonly depth: number;
  /** Input sequences run (every prefix counts: each is a sequence of length ≤ D). */
  readonly sequences: number;
  /** Steps checked (one per sequence). */
  readonly steps: number;
  readonly failures: readonly PathResult[];
  readonly coverage: CoverageTracker;
}

export interface DepthOptions {
  /** Only sequences that start with these events (to split a run). */
  readonly prefix?: readonly ModelEventType[];
  /** Stop collecting after this many failures (default 10). */
  readonly maxFailures?: number;
  readonly onProgress?: (steps: number) => void;
}

/** The adapter's snapshot and restore, which every depth exploration needs; a one-line error naming `suite` without them. */
export function snapshotAndRestore<S>(
  sut: SystemUnderTest<S>,
  suite: string,
): { snapshot: () => S; restore: (snapshot: S) => void } {
  if (sut.snapshot === undefined || sut.restore === undefined) {
    throw new Error(`${suite} needs a system under test that can snapshot and restore; ${sut.name} cannot`);
  }
  return { snapshot: sut.snapshot.bind(sut), restore: sut.restore.bind(sut) };
}

export function runDepth<S>(
  graph: ModelGraph,
  sut: SystemUnderTest<S>,
  depth: number,
  options: DepthOptions = {},
): DepthResult {
  const { snapshot, restore } = snapshotAndRestore(sut, 'depth:D');
  const maxFailures = options.maxFailures ?? 10;
  const coverage = new CoverageTracker(graph);
  const failures: PathResult[] = [];
  const trail: StepRecord[] = [];
  const events: ModelEventType[] = [];
  let steps = 0;

  const runStep = (edge: ModelEdge, previous: ModelEdge | null): boolean => {
    const step = modelStep(graph, edge);
    const observed = sut.step(step);
    const differences = judgeStep(step, observed);
    steps++;
    // Here, not after the step's subtree: a step that leads deeper would pass the mark unreported.
    if (options.onProgress !== undefined && steps % 10000 === 0) options.onProgress(steps);
    coverage.visit(edge, previous);
    trail.push({ step, observed, differences });
    events.push(edge.event);
    if (differences.length === 0) return true;
    failures.push({ events: [...events], passed: false, steps: [...trail], failedAt: trail.length - 1 });
    return false;
  };
  const leave = () => {
    trail.pop();
    events.pop();
  };

  const explore = (nodeId: number, remaining: number, previous: ModelEdge | null): void => {
    if (remaining === 0 || failures.length >= maxFailures) return;
    const node = graph.nodes[nodeId]!;
    const saved = snapshot();
    node.edges.forEach((edge, index) => {
      if (failures.length >= maxFailures) return;
      if (index > 0) restore(saved);
      if (runStep(edge, previous)) explore(edge.to, remaining - 1, edge);
      leave();
    });
  };

  sut.reset();
  let start = graph.initial as number;
  let previous: ModelEdge | null = null;
  for (const event of options.prefix ?? []) {
    const edge = graph.nodes[start]!.edgeByEvent.get(event);
    if (edge === undefined) throw new Error(`${event} is not an event of ${graph.nodes[start]!.state}`);
    if (!runStep(edge, previous)) return { depth, sequences: steps, steps, failures, coverage };
    previous = edge;
    start = edge.to;
  }
  explore(start, depth - (options.prefix?.length ?? 0), previous);
  return { depth, sequences: steps, steps, failures, coverage };
}
