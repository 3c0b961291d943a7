import { buildModelGraph, type ModelEdge, type ModelGraph } from '../../src/mbt/modelGraph';
import { formatPathResult, judgeStep, modelStep, runPath, type StepRecord } from '../../src/mbt/runner';
import type { ModelEventType } from '../../src/mbt/modelGraph';
import type { SystemUnderTest } from '../../src/mbt/sut';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { profileNamed } from './profiles';

export { PROFILES, TIMER_PROFILE, WRAPPING_ISS } from './profiles';

const graphs = new Map<string, ModelGraph>();

/** The compiled model for a test profile, built once per test file. */
export function graphFor(profileName: string): ModelGraph {
  let graph = graphs.get(profileName);
  if (graph === undefined) {
    graph = buildModelGraph(profileNamed(profileName).input);
    graphs.set(profileName, graph);
  }
  return graph;
}

export function sutFor(graph: ModelGraph): SystemUnderTest {
  return new TcpConnectionSut(graph.input);
}

/** Runs a path and fails the test with the whole path, the failing step marked. */
export function expectPathPasses(graph: ModelGraph, sut: SystemUnderTest, events: readonly ModelEventType[]): void {
  const result = runPath(graph, sut, events);
  if (!result.passed) throw new Error(`the implementation disagrees with the model:\n${formatPathResult(result)}`);
}

/**
 * The transitions suite (every edge of the compiled graph after the shortest
 * path to its source, as `transitionsSuite` builds it), walked as a tree:
 * the shortest paths form the breadth-first tree of the graph, and each
 * prefix is restored from a snapshot instead of replayed, as depth:D does.
 * Every step is judged, the prefix steps too. The default profile's 12,314
 * edges cost 13,343 steps instead of the 151,293 of the paths. `keep`
 * chooses the edges to check; returns how many were.
 */
export function expectEveryEdgePasses<S>(
  graph: ModelGraph,
  sut: SystemUnderTest<S>,
  keep: (edge: ModelEdge) => boolean = () => true,
): number {
  if (sut.snapshot === undefined || sut.restore === undefined)
    throw new Error(`${sut.name} cannot snapshot and restore`);
  const snapshot = sut.snapshot.bind(sut);
  const restore = sut.restore.bind(sut);
  // The same breadth-first walk as `shortestPrefixes`, keeping the edge that first reached each node.
  const treeEdges: ModelEdge[][] = graph.nodes.map(() => []);
  const reached = new Set<number>([graph.initial]);
  const queue: number[] = [graph.initial];
  for (let head = 0; head < queue.length; head++) {
    for (const edge of graph.nodes[queue[head]!]!.edges) {
      if (reached.has(edge.to)) continue;
      reached.add(edge.to);
      treeEdges[edge.from]!.push(edge);
      queue.push(edge.to);
    }
  }
  const run = (edge: ModelEdge, trail: readonly StepRecord[]): StepRecord[] => {
    const step = modelStep(graph, edge);
    const observed = sut.step(step);
    const steps = [...trail, { step, observed, differences: judgeStep(step, observed) }];
    if (steps[steps.length - 1]!.differences.length > 0) {
      const result = {
        events: steps.map((record) => record.step.event),
        passed: false,
        steps,
        failedAt: steps.length - 1,
      };
      throw new Error(`the implementation disagrees with the model:\n${formatPathResult(result)}`);
    }
    return steps;
  };
  let checked = 0;
  const visit = (nodeId: number, trail: readonly StepRecord[]): void => {
    const saved = snapshot();
    for (const edge of graph.nodes[nodeId]!.edges) {
      if (!keep(edge)) continue;
      restore(saved);
      run(edge, trail);
      checked++;
    }
    for (const edge of treeEdges[nodeId]!) {
      restore(saved);
      visit(edge.to, run(edge, trail));
    }
  };
  sut.reset();
  visit(graph.initial, []);
  return checked;
}
