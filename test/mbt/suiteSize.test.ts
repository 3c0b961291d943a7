/**
 * A suite's work counted on the graph before it runs (src/mbt/suiteSize.ts):
 * the counts are what the suites then do, and a suite over the limit is
 * refused with its figure before any path is built or run.
 */
import { runCheck } from '../../src/mbt/checkRun';
import { runDepth } from '../../src/mbt/depth';
import { shortestPrefixes, type ModelGraph } from '../../src/mbt/modelGraph';
import { switchSuite } from '../../src/mbt/suites';
import {
  checkSuiteWork,
  depthSequenceCounts,
  MAX_SUITE_WORK,
  SuiteTooLargeError,
  suiteWork,
} from '../../src/mbt/suiteSize';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { wMethodSequences, wpMethodSequences } from '../../src/mbt/wMethod';
import { graphFor } from './fixtures';

const graph = () => graphFor('rfc9293');

test('depth:D is counted as the sequences runDepth runs', () => {
  expect(suiteWork(graph(), 'depth:3')?.amount).toBe(
    runDepth(graph(), new TcpConnectionSut(graph().input), 3).sequences,
  );
  expect(depthSequenceCounts(graph(), 3)).toEqual([12, 167, 2323]);
});

test('switch:N is counted as the transitions its walk follows, at least one per path it keeps', () => {
  const work = suiteWork(graph(), 'switch:1')!;
  expect(work.unit).toBe('transitions to follow');
  expect(work.amount).toBe(683_591);
  expect(switchSuite(graph(), 1).length).toBeLessThanOrEqual(work.amount);
});

/** switch:N by brute force: every walk of N+1 transitions from every node, and the expansions switchSuite keeps. */
function everyWalk(model: ModelGraph, n: number): { paths: string[]; followed: number } {
  const prefixes = shortestPrefixes(model);
  const order = [...model.nodes].sort((a, b) => prefixes[a.id]!.length - prefixes[b.id]!.length || a.id - b.id);
  const found = new Map<string, string>();
  const expanded = new Set<string>();
  let followed = 0;
  const walk = (id: number, definitions: string[], events: string[], start: number): void => {
    if (definitions.length === n + 1) {
      const key = definitions.join(' | ');
      if (!found.has(key)) found.set(key, [...prefixes[start]!, ...events].join(' '));
      return;
    }
    const edges = model.nodes[id]!.edges.filter((edge) => edge.transition !== null);
    const reached = `${id} ${definitions.join(' | ')}`;
    if (definitions.length === 0 || !expanded.has(reached)) followed += edges.length;
    expanded.add(reached);
    for (const edge of edges) walk(edge.to, [...definitions, edge.transition!], [...events, edge.event], start);
  };
  for (const node of order) walk(node.id, [], [], node.id);
  return { paths: [...found.values()], followed };
}

test('switch:N expands a node reached again by the same definitions once, and keeps the paths every walk gives', () => {
  const rcvbuf = graphFor('rcvbuf');
  for (const n of [1, 2]) {
    const reference = everyWalk(rcvbuf, n);
    expect(switchSuite(rcvbuf, n).map((path) => path.events.join(' '))).toEqual(reference.paths);
    expect(suiteWork(rcvbuf, `switch:${n}`)!.amount).toBe(reference.followed);
  }
});

test('random is runs × the longest path', () => {
  expect(suiteWork(graph(), 'random', { randomRuns: 1000 })).toMatchObject({
    amount: 40_000,
    unit: 'steps at most (runs × 40 events)',
  });
});

test('the suites the graph bounds by itself are not estimated', () => {
  for (const suite of ['states', 'transitions', 'simple', 'sneak']) expect(suiteWork(graph(), suite)).toBeUndefined();
});

test.each([
  [
    'depth:7',
    {},
    'depth:7 is 163,731,729 input sequences, over the limit of 15,000,000 a suite may run (depth:6 is the largest that fits)',
  ],
  [
    'depth:12',
    {},
    'depth:12 is 419,925,894,879,957 input sequences, over the limit of 15,000,000 a suite may run (depth:6 is the largest that fits)',
  ],
  [
    'switch:3',
    {},
    'switch:3 is more than 15,000,000 transitions to follow, the limit a suite may run (switch:2 is the largest that fits)',
  ],
  [
    'wp:2',
    {},
    'wp:2 is 293,337,845 steps at most (before shared prefixes are dropped), over the limit of 15,000,000 a suite may run (wp:0 is the largest that fits)',
  ],
  // Duplicate ACKs and fast recovery (issue 16's fourth slice) took wp:1 over the limit (11,783,630 before them).
  [
    'wp:1',
    {},
    'wp:1 is 20,744,020 steps at most (before shared prefixes are dropped), over the limit of 15,000,000 a suite may run (wp:0 is the largest that fits)',
  ],
  [
    'w:2',
    {},
    'w:2 is 842,935,225 steps at most (before shared prefixes are dropped), over the limit of 15,000,000 a suite may run (w:0 is the largest that fits)',
  ],
  [
    'random',
    { randomRuns: 10_000_000 },
    'random with 10000000 runs is 400,000,000 steps at most (runs × 40 events), over the limit of 15,000,000 a suite may run (--random-runs 375000 is the largest that fits)',
  ],
])('%s is refused with its figure', (suite, options, message) => {
  expect(() => checkSuiteWork(graph(), suite, options)).toThrow(
    new SuiteTooLargeError(suiteWork(graph(), suite, options)!),
  );
  expect(() => checkSuiteWork(graph(), suite, options)).toThrow(message);
});

test.each([
  ['w', wMethodSequences],
  ['wp', wpMethodSequences],
] as const)('%s:k is counted as at least the steps of the paths it keeps', (method, build) => {
  // k = 0 only: w:1 and wp:1 build millions of steps, too many for npm test.
  for (const k of [0]) {
    const steps = build(graph(), k).reduce((sum, path) => sum + path.length, 0);
    const work = suiteWork(graph(), `${method}:${k}`)!;
    expect(work.unit).toBe('steps at most (before shared prefixes are dropped)');
    expect(work.amount).toBeGreaterThanOrEqual(steps);
    // A bound, not a guess: the prefixes it counts again are at most about as many steps again.
    expect(work.amount).toBeLessThan(2.5 * steps);
  }
});

test('the largest suites that fit are under the limit', () => {
  for (const suite of ['depth:6', 'switch:2', 'w:0', 'wp:0'])
    expect(checkSuiteWork(graph(), suite)!.amount).toBeLessThanOrEqual(MAX_SUITE_WORK);
  expect(checkSuiteWork(graph(), 'random', { randomRuns: 375_000 })!.amount).toBe(MAX_SUITE_WORK);
});

test('the library refuses as the command line does: switchSuite(graph, 4) and runCheck with depth:9 throw before any work', () => {
  expect(() => switchSuite(graph(), 4)).toThrow(SuiteTooLargeError);
  let ran = 0;
  const sut = () => {
    ran++;
    return new TcpConnectionSut(graph().input);
  };
  // states would run first; the refusal of depth:9 comes before it.
  expect(() => runCheck(sut, { suites: ['states', 'depth:9'] })).toThrow('depth:9 is 56,928,593,313 input sequences');
  expect(ran).toBe(0);
});
