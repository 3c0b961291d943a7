import { buildModelGraph, type ModelGraph } from '../../src/mbt/modelGraph';
import { TEST_PROFILES } from '../../src/mbt/profiles';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import type { ModelEventType } from '../../src/mbt/modelGraph';
import type { SystemUnderTest } from '../../src/mbt/sut';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';

const graphs = new Map<string, ModelGraph>();

/** The compiled model for a test profile, built once per test file. */
export function graphFor(profileName: string): ModelGraph {
  const profile = TEST_PROFILES.find((p) => p.name === profileName);
  if (profile === undefined) throw new Error(`no profile ${profileName}`);
  let graph = graphs.get(profileName);
  if (graph === undefined) {
    graph = buildModelGraph(profile.input);
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
