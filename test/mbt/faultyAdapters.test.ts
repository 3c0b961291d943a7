/**
 * What the m-complete suites catch and `transitions` cannot: TcpConnection
 * with one transfer fault (a right-looking step into the wrong hidden
 * context) passes every path of `transitions` and fails the m-complete
 * suites, `wp:k` and `h:k` (already for k = 0); the failure
 * is shrunk to a short path that fails the same way. Each failing suite is
 * judged replayed path by path and walked as the tree of its common
 * prefixes, as the mutation runs walk it (test/mbt/mutation/perSuite.mutation.ts):
 * the two must agree.
 */
import { walk, type ModelEventType, type ModelGraph } from '../../src/mbt/modelGraph';
import { runPath, type PathResult } from '../../src/mbt/runner';
import { failureSignature, shrinkFailure } from '../../src/mbt/shrink';
import { buildSuite } from '../../src/mbt/suites';
import { wpMethodSequences } from '../../src/mbt/wMethod';
import type { SystemUnderTest } from '../../src/mbt/sut';
import { FaultyTcpSut, REFUSED_SEND_DROPS_QUEUED_CLOSE, SEND_COUNTS_AS_RETRY } from './faultyTcp';
import { expectPathsPass, graphFor } from './fixtures';

const graph = graphFor('rfc9293');
/**
 * wp:1 runs on the quickack profile, the same machine with delayed ACKs off;
 * both faults lie in the SYN states, which the two profiles share. On the
 * test profile duplicate ACKs took wp:1 to 16,367,735 steps at most and the
 * loss window to 18,161,267; on quickack it is 15,155,914, 1 % over
 * MAX_SUITE_WORK, the bound `buildSuite` and the CLI put on a user's run
 * (about a minute). This test builds it with the generator itself
 * (`wpMethodSequences`), knowing its size: the point is what wp:1 catches.
 */
const wp1Graph = graphFor('quickack');
const suites = new Map<string, readonly { readonly events: readonly ModelEventType[] }[]>();

function suite(model: ModelGraph, name: string): readonly { readonly events: readonly ModelEventType[] }[] {
  const key = `${model.input.ackDelay ?? ''} ${name}`;
  if (!suites.has(key))
    suites.set(
      key,
      name === 'wp:1' ? wpMethodSequences(model, 1).map((events) => ({ events })) : buildSuite(model, name),
    );
  return suites.get(key)!;
}

/** The first failing path of a suite, or undefined. */
function firstFailure(model: ModelGraph, sut: SystemUnderTest, name: string): PathResult | undefined {
  for (const path of suite(model, name)) {
    const result = runPath(model, sut, path.events);
    if (!result.passed) return result;
  }
  return undefined;
}

describe.each([SEND_COUNTS_AS_RETRY, REFUSED_SEND_DROPS_QUEUED_CLOSE])('TcpConnection where $name', (fault) => {
  const sut = new FaultyTcpSut(graph.input, fault);
  const wp1Sut = new FaultyTcpSut(wp1Graph.input, fault);

  // Walked only: the walk judges every step a replay judges (`expectPathsPass`), and replaying the suite's
  // 361,655 steps again would only agree; where the two could part, on a failing suite, both run (below).
  test('passes transitions, walked as a prefix tree', () => {
    expect(
      expectPathsPass(
        graph,
        sut,
        suite(graph, 'transitions').map((path) => path.events),
      ),
    ).toBe(graph.edges.length);
  });

  test.each([
    ['wp:0', 'rfc9293'],
    ['wp:1', 'quickack'],
    ['h:0', 'rfc9293'],
  ])('fails %s (%s profile), replayed and walked as a prefix tree', (name, profile) => {
    const [model, faulty] = profile === 'quickack' ? [wp1Graph, wp1Sut] : [graph, sut];
    expect(firstFailure(model, faulty, name)).toBeDefined();
    expect(() =>
      expectPathsPass(
        model,
        faulty,
        suite(model, name).map((path) => path.events),
      ),
    ).toThrow(/the implementation disagrees with the model/);
  });

  test('fails the tour, and the failure shrinks to a short path of the model that fails the same way', () => {
    const failure = runPath(graph, sut, buildSuite(graph, 'tour')[0]!.events);
    expect(failure.passed).toBe(false);
    const shrunk = shrinkFailure(graph, sut, failure);
    expect(shrunk.originalLength).toBe(failure.failedAt + 1);
    expect(shrunk.result.events.length).toBeLessThan(20);
    walk(graph, shrunk.result.events);
    const replayed = runPath(graph, sut, shrunk.result.events);
    expect(replayed.failedAt).toBe(shrunk.result.events.length - 1);
    expect(failureSignature(replayed)).toBe(failureSignature(failure));
  });
});
