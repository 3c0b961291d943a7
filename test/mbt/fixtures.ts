import { initialTransition, transition } from 'xstate';
import { tcpState, type TcpMachine, type TcpState } from '../../machines/tcp.machine';
import { outputActionsOf } from '../../src/model/actions';
import { buildModelGraph, eventName, walk, type ModelEdge, type ModelGraph } from '../../src/mbt/modelGraph';
import { formatPathResult, judgeStep, modelStep, runPath, type StepRecord } from '../../src/mbt/runner';
import type { ModelEventType } from '../../src/mbt/modelGraph';
import { checkSent, freshPeer, SEND_PAYLOAD, type PeerState } from '../../src/mbt/scriptedPeer';
import type { ModelStep, SystemUnderTest } from '../../src/mbt/sut';
import { LOCAL_PORT, REMOTE_PORT, TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { transitionsSuite } from '../../src/mbt/suites';
import { parseFlags } from '../../src/wire/segment';
import { profileNamed } from './profiles';

export { PROFILES, TIMER_PROFILE, WRAPPING_ISS } from './profiles';

const graphs = new Map<string, ModelGraph>();

/** The compiled model for a test profile, built once per test file. */
export function graphFor(profileName: string): ModelGraph {
  let graph = graphs.get(profileName);
  if (graph === undefined) {
    graph = buildModelGraph(profileNamed(profileName).input, profileNamed(profileName).machine);
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
 * One step of a walk that restores prefixes instead of replaying them, added
 * to `trail` (the steps from CLOSED); the test fails with the whole trail
 * and the step that disagrees.
 */
function stepJudged(graph: ModelGraph, sut: SystemUnderTest, edge: ModelEdge, trail: StepRecord[]): void {
  const step = modelStep(graph, edge);
  const observed = sut.step(step);
  const differences = judgeStep(step, observed);
  trail.push({ step, observed, differences });
  if (differences.length > 0) {
    const events = trail.map((record) => record.step.event);
    const result = { events, passed: false, steps: trail, failedAt: trail.length - 1 };
    throw new Error(`the implementation disagrees with the model:\n${formatPathResult(result)}`);
  }
}

interface Prefix {
  readonly children: Map<ModelEventType, Prefix>;
}

/**
 * Every path of a suite, walked as the tree of their common prefixes: each
 * prefix runs once and is restored from a snapshot for the next path that
 * shares it, as depth:D does. Every step of every path is judged as
 * `expectPathPasses` judges it (which replays from CLOSED, so it costs the
 * sum of the paths' lengths); returns the steps run. The walk keeps its own
 * stack: the transition tour is one path of some 56,000 steps.
 */
export function expectPathsPass<S>(
  graph: ModelGraph,
  sut: SystemUnderTest<S>,
  paths: readonly (readonly ModelEventType[])[],
): number {
  const { snapshot, restore } = snapshotsOf(sut);
  const root: Prefix = { children: new Map() };
  for (const events of paths) {
    let prefix = root;
    for (const event of events) {
      let child = prefix.children.get(event);
      if (child === undefined) prefix.children.set(event, (child = { children: new Map() }));
      prefix = child;
    }
  }
  interface Frame {
    readonly next: Iterator<[ModelEventType, Prefix]>;
    readonly nodeId: number;
    readonly depth: number;
    /** Only where the walk comes back: a prefix with more than one continuation. */
    readonly saved: S | undefined;
    visited: boolean;
  }
  const frameAt = (prefix: Prefix, nodeId: number, depth: number): Frame => ({
    next: prefix.children.entries(),
    nodeId,
    depth,
    saved: prefix.children.size > 1 ? snapshot() : undefined,
    visited: false,
  });
  const trail: StepRecord[] = [];
  let steps = 0;
  sut.reset();
  const stack = [frameAt(root, graph.initial, 0)];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const next = frame.next.next();
    if (next.done === true) {
      stack.pop();
      continue;
    }
    if (frame.visited) restore(frame.saved!);
    frame.visited = true;
    trail.length = frame.depth;
    const [event, child] = next.value;
    const edge = graph.nodes[frame.nodeId]!.edgeByEvent.get(event);
    if (edge === undefined)
      throw new Error(`${eventName(event)} is not an event of ${graph.nodes[frame.nodeId]!.state}`);
    stepJudged(graph, sut, edge, trail);
    steps++;
    stack.push(frameAt(child, edge.to, frame.depth + 1));
  }
  return steps;
}

function snapshotsOf<S>(sut: SystemUnderTest<S>): { snapshot: () => S; restore: (saved: S) => void } {
  if (sut.snapshot === undefined || sut.restore === undefined)
    throw new Error(`${sut.name} cannot snapshot and restore`);
  return { snapshot: sut.snapshot.bind(sut), restore: sut.restore.bind(sut) };
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
  const { snapshot, restore } = snapshotsOf(sut);
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
  const trail: StepRecord[] = [];
  let checked = 0;
  const visit = (nodeId: number): void => {
    const saved = snapshot();
    const depth = trail.length;
    for (const edge of graph.nodes[nodeId]!.edges) {
      if (!keep(edge)) continue;
      restore(saved);
      trail.length = depth;
      stepJudged(graph, sut, edge, trail);
      checked++;
    }
    for (const edge of treeEdges[nodeId]!) {
      restore(saved);
      trail.length = depth;
      stepJudged(graph, sut, edge, trail);
      visit(edge.to);
    }
  };
  sut.reset();
  visit(graph.initial);
  return checked;
}

/**
 * What the scripted peer finds wrong with a data segment of `length` bytes
 * at `seq` that an ESTABLISHED step (`event`, after `delayMs` or at once)
 * resends, with the peer knowing what `known` says (ISS 1000, the stream
 * from 1001 being SEND_PAYLOAD's bytes).
 */
export function problemsWithResent(
  known: Partial<PeerState>,
  event: ModelEventType,
  delayMs: number | null,
  seq: number,
  length: number,
): string {
  const peer = Object.assign(freshPeer(LOCAL_PORT, REMOTE_PORT), known);
  const step: ModelStep = {
    event,
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    sends: ['sendData'],
    rejects: null,
    signals: null,
    delayMs,
    resends: true,
  };
  const payload = Uint8Array.from({ length }, (_, i) => SEND_PAYLOAD[(seq - 1001 + i) % SEND_PAYLOAD.length]!);
  const resent = {
    srcPort: LOCAL_PORT,
    dstPort: REMOTE_PORT,
    seq,
    ack: 5001,
    flags: parseFlags(seq + length === peer.nxt ? 'P.' : '.'),
    window: 65535,
    payload,
  };
  return checkSent(peer, step, [resent], null).problems.join('\n');
}

/** The paths of the transitions suite that take `event` somewhere: the way to it and what follows it. */
export function transitionsPathsWith(graph: ModelGraph, event: ModelEventType): (readonly ModelEventType[])[] {
  return transitionsSuite(graph)
    .map((path) => path.events)
    .filter((events) => events.includes(event));
}

/**
 * Every path of the transitions suite that takes one of `events` passes on TcpConnection, walked as
 * `expectPathsPass` walks a suite; each event is on one path at least.
 */
export function expectPassesThrough(graph: ModelGraph, ...events: readonly ModelEventType[]): void {
  const paths = events.flatMap((event) => {
    const through = transitionsPathsWith(graph, event);
    expect([event, through.length > 0]).toEqual([event, true]);
    return through;
  });
  expect(expectPathsPass(graph, sutFor(graph), paths)).toBeGreaterThan(0);
}

/** The paths of `paths` that fail on `graph`'s TcpConnection, with whatever fault the test has put into it. */
export function pathsThatFail(
  graph: ModelGraph,
  paths: readonly (readonly ModelEventType[])[],
): (readonly ModelEventType[])[] {
  return paths.filter((path) => !runPath(graph, sutFor(graph), path).passed);
}

/**
 * A faulty TCP is caught through `event`: `events` fails at its last step, and `failing` of the `total` paths of
 * the transitions suite through `event` fail.
 */
export function expectCaughtThrough(
  graph: ModelGraph,
  events: readonly ModelEventType[],
  event: ModelEventType,
  failing: number,
  total: number,
): void {
  const result = runPath(graph, sutFor(graph), events);
  expect([result.passed, result.failedAt]).toEqual([false, events.length - 1]);
  const paths = transitionsPathsWith(graph, event);
  expect([pathsThatFail(graph, paths).length, paths.length]).toEqual([failing, total]);
}

/** The steps of a path played on our TCP; the test fails with the path if it does not pass. */
export function passingSteps(events: readonly ModelEventType[], graph: ModelGraph): readonly StepRecord[] {
  const result = runPath(graph, sutFor(graph), events);
  if (!result.passed) throw new Error(formatPathResult(result));
  return result.steps;
}

/** What a step sent, as `describeSegment` writes it. */
export function sentBy(record: StepRecord): string[] {
  return record.observed.sent.map((segment) => segment.text);
}

/** What each step of a passing path sent, as `describeSegment` writes it. */
export function sentOn(events: readonly ModelEventType[], graph: ModelGraph): string[][] {
  return passingSteps(events, graph).map(sentBy);
}

/** The events the model offers after `events`. */
export function offeredAfter(events: readonly ModelEventType[], graph: ModelGraph): ModelEventType[] {
  const [last] = walk(graph, events).slice(-1);
  return graph.nodes[last!.to]!.edges.map((edge) => edge.event);
}

/** The states whose snapshots offer `event` somewhere in the graph. */
export function statesOffering(event: ModelEventType, graph: ModelGraph): TcpState[] {
  const states = new Set<TcpState>();
  for (const edge of graph.edges) if (edge.event === event) states.add(graph.nodes[edge.from]!.state);
  return [...states].sort();
}

/** The state and the output actions of `machine` (a profile's) after `events`, the last event's actions. */
export function answerOf(machine: TcpMachine, events: readonly ModelEventType[]): [string, string[]] {
  let [snapshot] = initialTransition(machine, {});
  let sends: string[] = [];
  for (const type of events) {
    const [next, actions] = transition(machine, snapshot, { type } as never);
    snapshot = next;
    sends = outputActionsOf(actions);
  }
  return [tcpState(snapshot), sends];
}
