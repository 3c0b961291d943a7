/**
 * product:D — depth-bounded exploration of the product of model,
 * implementation and scripted peer, pruned. The implementation is
 * deterministic and restorable, so two prefixes that leave model, TCP and
 * peer in the same situation have the same future: the second need not be
 * explored. The exploration is breadth first, so a product state is first
 * met at its smallest depth and every later visit (at the same or a greater
 * depth) is pruned. A product state is the model snapshot (its node of the
 * compiled graph) and the canonical encoding of the adapter's snapshot
 * (`canonicalSnapshot`); a hash set holds them.
 *
 * Every step is judged as in depth:D, so every input sequence of length ≤ D
 * is covered: the pruned ones from the state where their twin went on. When
 * a whole level brings no new product state, none ever appears again: the
 * exploration is exhaustive for every depth, and says so.
 */
import { canonicalSnapshot } from './canonical';
import { CoverageTracker } from './coverage';
import { snapshotAndRestore, type DepthOptions, type DepthResult } from './depth';
import type { ModelEdge, ModelEventType, ModelGraph } from './modelGraph';
import { judgeStep, modelStep, type PathResult, type StepRecord } from './runner';
import type { SystemUnderTest } from './sut';

export interface PrunedDepthResult extends DepthResult {
  /** Distinct product states reached (the initial one included). */
  readonly explored: number;
  /** Steps that led to a product state already explored, not explored again. */
  readonly pruned: number;
  /** New product states per depth (index 0: the initial state). */
  readonly newPerDepth: readonly number[];
  /** The depth at which no new product state appeared, if one did: then no depth finds more. */
  readonly exhaustiveAt: number | null;
}

/** A product state on the frontier: how it was reached, for failures. */
interface Visit<S> {
  readonly node: number;
  readonly snapshot: S;
  readonly parent: Visit<S> | null;
  readonly edge: ModelEdge | null;
  readonly record: StepRecord | null;
}

function trailOf<S>(visit: Visit<S>): { events: ModelEventType[]; records: StepRecord[] } {
  const events: ModelEventType[] = [];
  const records: StepRecord[] = [];
  for (let at: Visit<S> | null = visit; at !== null && at.edge !== null; at = at.parent) {
    events.push(at.edge.event);
    records.push(at.record!);
  }
  return { events: events.reverse(), records: records.reverse() };
}

export function runPrunedDepth<S>(
  graph: ModelGraph,
  sut: SystemUnderTest<S>,
  depth: number,
  options: DepthOptions = {},
): PrunedDepthResult {
  const { snapshot, restore } = snapshotAndRestore(sut, 'product:D');
  const maxFailures = options.maxFailures ?? 10;
  const coverage = new CoverageTracker(graph);
  const failures: PathResult[] = [];
  const seen = new Set<string>();
  const keyOf = (node: number, state: S) => `${node} ${canonicalSnapshot(state)}`;
  let steps = 0;
  let pruned = 0;

  /** One judged step from `from` (the implementation is there already). */
  const take = (from: Visit<S>, edge: ModelEdge): Visit<S> => {
    const step = modelStep(graph, edge);
    const observed = sut.step(step);
    steps++;
    coverage.visit(edge, from.edge);
    const record = { step, observed, differences: judgeStep(step, observed) };
    return { node: edge.to, snapshot: snapshot(), parent: from, edge, record };
  };
  const fail = (visit: Visit<S>) => {
    const { events, records } = trailOf(visit);
    failures.push({ events, passed: false, steps: records, failedAt: records.length - 1 });
  };

  sut.reset();
  let root: Visit<S> = { node: graph.initial, snapshot: snapshot(), parent: null, edge: null, record: null };
  for (const event of options.prefix ?? []) {
    const edge = graph.nodes[root.node]!.edgeByEvent.get(event);
    if (edge === undefined) throw new Error(`${event} is not an event of ${graph.nodes[root.node]!.state}`);
    root = take(root, edge);
    if (root.record!.differences.length > 0) fail(root);
  }
  const start = options.prefix?.length ?? 0;
  seen.add(keyOf(root.node, root.snapshot));
  const newPerDepth = [1];
  let exhaustiveAt: number | null = null;
  let frontier: Visit<S>[] = failures.length > 0 ? [] : [root];

  for (let level = start + 1; level <= depth && frontier.length > 0; level++) {
    const next: Visit<S>[] = [];
    for (const visit of frontier) {
      for (const edge of graph.nodes[visit.node]!.edges) {
        if (failures.length >= maxFailures) break;
        restore(visit.snapshot);
        const reached = take(visit, edge);
        if (options.onProgress !== undefined && steps % 10000 === 0) options.onProgress(steps);
        if (reached.record!.differences.length > 0) {
          fail(reached);
          continue;
        }
        const key = keyOf(edge.to, reached.snapshot);
        if (seen.has(key)) {
          pruned++;
          continue;
        }
        seen.add(key);
        next.push(reached);
      }
    }
    newPerDepth.push(next.length);
    if (next.length === 0 && failures.length === 0) exhaustiveAt = level;
    frontier = next;
  }
  return { depth, sequences: steps, steps, failures, coverage, explored: seen.size, pruned, newPerDepth, exhaustiveAt };
}
