/**
 * Test suites generated from the model: each is a list of paths, a path being
 * the events to apply from CLOSED. Paths come out in a deterministic order,
 * so a suite splits across machines with jest's `--shard`.
 */
import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { tcpState, type TcpState } from '../../machines/tcp.machine';
import {
  eventName,
  offeredEvents,
  shortestPrefixes,
  type ModelEdge,
  type ModelEventType,
  type ModelGraph,
  type TcpSnapshot,
} from './modelGraph';
import { checkSuiteWork } from './suiteSize';
import { transitionTour } from './tour';
import { hMethodSequences } from './hMethod';
import { MAX_EXTRA_STATES, wMethodSequences, wpMethodSequences } from './wMethod';

export interface ModelPath {
  readonly name: string;
  readonly events: readonly ModelEventType[];
}

export type SuiteName = 'states' | 'transitions' | 'simple' | 'sneak' | `switch:${number}`;

export const FIXED_SUITES = ['states', 'transitions', 'simple', 'sneak', 'switch:1', 'switch:2'] as const;

/** The largest N of `switch:N` and D of `depth:D` accepted: beyond them a suite outgrows any run. */
export const MAX_SWITCH = 4;
export const MAX_DEPTH = 12;
/** The largest D of `product:D`, the pruned exploration of model × implementation (src/mbt/prunedDepth.ts). */
// Bounded work (issue 10): each level adds about 1.8 times the product states of the last
// (docs/benchmarks.md: 125,733 at D = 12 in 51 s), so D = 14 is minutes and a few hundred MB of keys; beyond, hours.
export const MAX_PRODUCT_DEPTH = 14;

/** The path suites' names as a user is told them (`paths`), and every suite `check` runs. */
export const PATH_SUITE_NAMES: readonly string[] = [
  'states',
  'transitions',
  'simple',
  'sneak',
  `switch:N (N 0–${MAX_SWITCH})`,
  'tour',
  `w:k, wp:k, h:k (k 0–${MAX_EXTRA_STATES})`,
];
export const CHECK_SUITE_NAMES: readonly string[] = [
  ...PATH_SUITE_NAMES,
  `depth:D (D 1–${MAX_DEPTH})`,
  `product:D (D 1–${MAX_PRODUCT_DEPTH})`,
  'random',
];

const COMPLETE_METHODS = { w: wMethodSequences, wp: wpMethodSequences, h: hMethodSequences } as const;
const COMPLETE_SUITE = /^(wp?|h):(\d)$/;

/** The suites from FSM testing theory (`tour`, `w:k`, `wp:k`, `h:k`), or undefined for another name. */
function completeSuite(graph: ModelGraph, name: string): (readonly ModelEventType[])[] | undefined {
  if (name === 'tour') return [transitionTour(graph)];
  const match = COMPLETE_SUITE.exec(name);
  if (match === null || Number(match[2]) > MAX_EXTRA_STATES) return undefined;
  // Each method's work (w:k, wp:k: the steps at most; h:k: the pairs it examines) is counted before it builds
  // anything: refused here when it would not fit.
  checkSuiteWork(graph, name);
  return COMPLETE_METHODS[match[1] as keyof typeof COMPLETE_METHODS](graph, Number(match[2]));
}

/** Whether `buildSuite` accepts the name. */
export function isPathSuiteName(name: string): boolean {
  const switchN = /^switch:(\d)$/.exec(name);
  const complete = COMPLETE_SUITE.exec(name);
  return (
    ['states', 'transitions', 'simple', 'sneak', 'tour'].includes(name) ||
    (switchN !== null && Number(switchN[1]) <= MAX_SWITCH) ||
    (complete !== null && Number(complete[2]) <= MAX_EXTRA_STATES)
  );
}

/** `CLOSED -ACTIVE_OPEN-> SYN_SENT -after RTO-> SYN_SENT` */
export function describePath(graph: ModelGraph, events: readonly ModelEventType[]): string {
  let node = graph.nodes[graph.initial]!;
  let text: string = node.state;
  for (const event of events) {
    const edge = node.edgeByEvent.get(event);
    if (edge === undefined) return `${text} -${eventName(event)}-> (not an event of ${node.state})`;
    node = graph.nodes[edge.to]!;
    text += ` -${eventName(event)}-> ${node.state}`;
  }
  return text;
}

function pathOf(graph: ModelGraph, events: readonly ModelEventType[]): ModelPath {
  return { name: describePath(graph, events), events };
}

/** The traversal options that make `@xstate/graph` see the whole alphabet at the level of state values. */
function stateLevelOptions(graph: ModelGraph) {
  return {
    input: graph.input,
    serializeState: (snapshot: TcpSnapshot) => tcpState(snapshot),
    events: (snapshot: TcpSnapshot) =>
      offeredEvents(graph.machine, graph.alphabet[tcpState(snapshot)], snapshot).map(
        (type) => ({ type }) as { type: never },
      ),
  };
}

function eventsOfSteps(steps: readonly { event: { type: string } }[]): ModelEventType[] {
  // @xstate/graph starts each path with a synthetic `xstate.init` step.
  return steps.map((step) => step.event.type).filter((type) => type !== 'xstate.init') as ModelEventType[];
}

/**
 * The state-level paths of `@xstate/graph`, as walks of the compiled graph.
 * At the level of state names it takes each state's events from the first
 * snapshot of that state it meets, so a path that reaches the state otherwise
 * may go on with an event the snapshot actually reached does not offer (a
 * CLOSE that stays in SYN-RECEIVED behind queued data, where the first
 * SYN-RECEIVED met went on to FIN-WAIT-1 and its `RCV_DATA_FIN`). Such a path
 * is cut where it leaves the graph; a cut path that repeats another is kept
 * once.
 */
function stateLevelPaths(graph: ModelGraph, plans: readonly { steps: { event: { type: string } }[] }[]): ModelPath[] {
  const seen = new Set<string>();
  const paths: ModelPath[] = [];
  for (const plan of plans) {
    const events = eventsOfSteps(plan.steps);
    let node = graph.nodes[graph.initial]!;
    let length = 0;
    for (const event of events) {
      const edge = node.edgeByEvent.get(event);
      if (edge === undefined) break;
      node = graph.nodes[edge.to]!;
      length++;
    }
    const walkable = events.slice(0, length);
    const key = walkable.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    paths.push(pathOf(graph, walkable));
  }
  return paths;
}

/** states: a shortest path to every state (`getShortestPaths`). */
export function statesSuite(graph: ModelGraph): ModelPath[] {
  return stateLevelPaths(graph, getShortestPaths(graph.machine, stateLevelOptions(graph)));
}

/**
 * transitions: every edge of the adjacency map, delayed ones included: a
 * shortest path to the edge's source, then the edge.
 */
export function transitionsSuite(graph: ModelGraph, keep: (edge: ModelEdge) => boolean = () => true): ModelPath[] {
  const prefixes = shortestPrefixes(graph);
  const paths: ModelPath[] = [];
  for (const node of graph.nodes) {
    for (const edge of node.edges) {
      if (keep(edge)) paths.push(pathOf(graph, [...prefixes[node.id]!, edge.event]));
    }
  }
  return paths;
}

/** simple: every simple path from CLOSED over the 11 states (`getSimplePaths`). */
export function simpleSuite(graph: ModelGraph): ModelPath[] {
  return stateLevelPaths(graph, getSimplePaths(graph.machine, stateLevelOptions(graph)));
}

/**
 * sneak: every state × every event of its alphabet, ignored events included,
 * each from the first snapshot of that state that a breadth-first walk meets
 * where the event is offered (a timer is offered only where it is the next
 * to act, or where none acts).
 */
export function sneakSuite(graph: ModelGraph): ModelPath[] {
  const prefixes = shortestPrefixes(graph);
  const firstNodeOf = new Map<string, number>();
  for (const node of [...graph.nodes].sort((a, b) => prefixes[a.id]!.length - prefixes[b.id]!.length)) {
    for (const event of node.edgeByEvent.keys()) {
      if (!firstNodeOf.has(`${node.state} ${event}`)) firstNodeOf.set(`${node.state} ${event}`, node.id);
    }
  }
  const paths: ModelPath[] = [];
  for (const state of Object.keys(graph.alphabet) as TcpState[]) {
    for (const event of graph.alphabet[state]) {
      const id = firstNodeOf.get(`${state} ${event}`);
      if (id !== undefined) paths.push(pathOf(graph, [...prefixes[id]!, event]));
    }
  }
  return paths;
}

/**
 * switch:N — N-switch coverage (Chow): every sequence of N+1 consecutive
 * transition definitions that the model can take, each realized once by the
 * shortest prefix found breadth first. Ignored events are not transitions.
 * A node reached again by the same definitions is not expanded again: every
 * sequence beyond it was found the first time, with a prefix no longer, so
 * the suite is the same as enumerating every walk (measured: 78,978 paths
 * alike on the test profile, 5,766,105 calls instead of 14,275,076 walks).
 */
export function switchSuite(graph: ModelGraph, n: number): ModelPath[] {
  if (!Number.isInteger(n) || n < 0 || n > 4) throw new RangeError(`switch:N takes N from 0 to 4, got ${n}`);
  // Refused here when the transitions it follows would not fit (./suiteSize.ts counts them the same way).
  checkSuiteWork(graph, `switch:${n}`);
  const prefixes = shortestPrefixes(graph);
  const order = [...graph.nodes].sort((a, b) => prefixes[a.id]!.length - prefixes[b.id]!.length || a.id - b.id);
  const found = new Map<string, ModelEventType[]>();
  const expanded = new Set<string>();
  const walkFrom = (nodeId: number, depth: number, definitions: string[], events: ModelEventType[], start: number) => {
    if (depth === n + 1) {
      const key = definitions.join(' | ');
      if (!found.has(key)) found.set(key, [...prefixes[start]!, ...events]);
      return;
    }
    if (depth > 0) {
      const reached = `${nodeId} ${definitions.join(' | ')}`;
      if (expanded.has(reached)) return;
      expanded.add(reached);
    }
    for (const edge of graph.nodes[nodeId]!.edges) {
      if (edge.transition === null) continue;
      definitions.push(edge.transition);
      events.push(edge.event);
      walkFrom(edge.to, depth + 1, definitions, events, start);
      definitions.pop();
      events.pop();
    }
  };
  for (const node of order) walkFrom(node.id, 0, [], [], node.id);
  return [...found.values()].map((events) => pathOf(graph, events));
}

/** Parses `switch:2`-style names and builds the named suite. */
export function buildSuite(graph: ModelGraph, name: string): ModelPath[] {
  if (name === 'states') return statesSuite(graph);
  if (name === 'transitions') return transitionsSuite(graph);
  if (name === 'simple') return simpleSuite(graph);
  if (name === 'sneak') return sneakSuite(graph);
  const match = /^switch:(\d)$/.exec(name);
  if (match !== null && Number(match[1]) <= MAX_SWITCH) return switchSuite(graph, Number(match[1]));
  const complete = completeSuite(graph, name);
  if (complete !== undefined) return complete.map((events) => pathOf(graph, events));
  throw new UnknownSuiteError(name, PATH_SUITE_NAMES);
}

export class UnknownSuiteError extends Error {
  override readonly name = 'UnknownSuiteError';
  constructor(
    readonly suite: string,
    accepted: readonly string[] = CHECK_SUITE_NAMES,
  ) {
    super(`unknown suite '${suite}': expected one of: ${accepted.join(', ')}`);
  }
}
