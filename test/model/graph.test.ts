/**
 * Properties of the whole model, checked over its state graph with
 * `@xstate/graph`: every state can be reached, every connection can end, and
 * every state says what it does with every event of the alphabet.
 *
 * The graph's vertices are snapshots (state and context), reached from CLOSED
 * by every event a state has a handler for, the timer events
 * (`xstate.after.<delay>.<stateId>`) included.
 */
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths, serializeSnapshot } from '@xstate/graph';
import { initialTransition, transition } from 'xstate';
import {
  STATE_SPECIFIC_EVENTS,
  TCP_EVENT_TYPES,
  TCP_STATES,
  tcpMachine,
  tcpState,
  type TcpEvent,
  type TcpState,
} from '../../machines/tcp.machine';
import { leafNode, leafTransitions } from '../../src/model/states';
import { ignoredEvents } from '../../src/model/transitionTable';
import { parseDelayedEventType } from '../../src/model/timers';
import { stateOf, step, type TcpSnapshot } from './fixtures';

const adjacency = getAdjacencyMap(tcpMachine, { input: {} });
const reachable = Object.entries(adjacency);

/** The event types that have a handler in `state` or one of its parents, timers left out. */
function handledEvents(state: TcpState): string[] {
  return [...leafTransitions(state).keys()].filter((type) => parseDelayedEventType(type) === undefined);
}

/** How a path reads: `ACTIVE_OPEN, after RTO, RCV_SYN`. */
function pathText(events: readonly { type: string }[]): string {
  if (events.length === 0) return 'no event (it is the initial state)';
  return events
    .map(({ type }) => {
      const delayed = parseDelayedEventType(type);
      return delayed === undefined ? type : `after ${delayed.delay}`;
    })
    .join(', ');
}

describe('reachability', () => {
  // The shortest path to each state: the fewest events, the first one found.
  const shortestPaths = getShortestPaths(tcpMachine, { input: {} });
  const pathTo = new Map<TcpState, readonly TcpEvent[]>();
  for (const path of shortestPaths) {
    // A path's first step is the initial snapshot, reached by `xstate.init`.
    const events = path.steps
      .map((pathStep) => pathStep.event)
      .filter((event) => (event.type as string) !== 'xstate.init');
    const known = pathTo.get(stateOf(path.state));
    if (known === undefined || events.length < known.length) pathTo.set(stateOf(path.state), events);
  }

  test.each(TCP_STATES.map((state) => [state, pathText(pathTo.get(state) ?? [])] as const))(
    '%s is reachable from CLOSED by %s',
    (state) => {
      const events = pathTo.get(state);
      expect(events).toBeDefined();
      // Replayed through the pure transition(), the path ends in the state.
      const [initial] = initialTransition(tcpMachine, {});
      const end = (events ?? []).reduce((snapshot, event) => transition(tcpMachine, snapshot, event)[0], initial);
      expect(tcpState(end)).toBe(state);
    },
  );

  test('the graph reaches all 11 states and nothing else', () => {
    const states = new Set(reachable.map(([, vertex]) => stateOf(vertex.state)));
    expect([...states].sort()).toEqual([...TCP_STATES].sort());
  });

  // Reverse reachability: walk the edges backwards from every CLOSED snapshot.
  const predecessors = new Map<string, Set<string>>();
  for (const edge of adjacencyMapToArray(adjacency)) {
    const target = serializeSnapshot(edge.nextState);
    const sources = predecessors.get(target) ?? new Set<string>();
    sources.add(serializeSnapshot(edge.state));
    predecessors.set(target, sources);
  }
  const canClose = new Set(reachable.filter(([, vertex]) => stateOf(vertex.state) === 'CLOSED').map(([key]) => key));
  const queue = [...canClose];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const source of predecessors.get(next) ?? []) {
      if (!canClose.has(source)) {
        canClose.add(source);
        queue.push(source);
      }
    }
  }

  test.each(TCP_STATES)('CLOSED is reachable from every reachable snapshot in %s', (state) => {
    const snapshots = reachable.filter(([, vertex]) => stateOf(vertex.state) === state);
    expect(snapshots.length).toBeGreaterThan(0);
    const stuck = snapshots.filter(([key]) => !canClose.has(key)).map(([key]) => key);
    expect(stuck).toEqual([]);
  });
});

describe('every state × every event is written down', () => {
  function checkAlphabet(state: TcpState): void {
    const stateNode = leafNode(state);
    const handled = handledEvents(state);
    const ignored = Object.keys(ignoredEvents(stateNode));
    expect(handled.filter((event) => ignored.includes(event))).toEqual([]);
    // The window and receive-side events are in the alphabet only of the states that handle them (machines/tcp.machine.ts).
    const stateSpecific: readonly string[] = STATE_SPECIFIC_EVENTS;
    expect([...handled, ...ignored].filter((event) => !stateSpecific.includes(event)).sort()).toEqual(
      [...TCP_EVENT_TYPES].sort(),
    );
  }

  const title = '%s handles or ignores each event of the alphabet, exactly once';
  test.each([...TCP_STATES])(title, checkAlphabet);

  const ignoredPairs = TCP_STATES.flatMap((state) => {
    return Object.entries(ignoredEvents(leafNode(state))).map(
      ([event, reason]) => [state, event, reason ?? ''] as const,
    );
  });

  test.each(ignoredPairs)('%s ignores %s: snapshot and timers unchanged, nothing sent (%s)', (state, event) => {
    const snapshots = reachable
      .map(([, vertex]) => vertex.state as TcpSnapshot)
      .filter((snapshot) => stateOf(snapshot) === state);
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) {
      const result = step(snapshot, event);
      expect({
        value: result.snapshot.value,
        context: result.snapshot.context,
        sends: result.sends,
        rejected: result.rejected,
        timers: result.timers,
        cancelled: result.cancelled,
      }).toEqual({
        value: snapshot.value,
        context: snapshot.context,
        sends: [],
        rejected: undefined,
        timers: [],
        cancelled: [],
      });
    }
  });

  test('meta.ignored names only events of the alphabet', () => {
    const alphabet: readonly string[] = [...TCP_EVENT_TYPES, ...STATE_SPECIFIC_EVENTS];
    const stray = ignoredPairs.filter(([, event]) => !alphabet.includes(event));
    expect(stray).toEqual([]);
  });
});
