/**
 * The model, compiled once into a graph that tests walk without calling
 * XState again: every reachable snapshot is a node, and every event of the
 * alphabet (ignored ones included) is an edge carrying what the model says
 * about it — the next node, the segments sent, the error a refused call gets,
 * how far a timer moves the clock, and which transition definition fired.
 *
 * The traversal is `@xstate/graph`'s `getAdjacencyMap`, given the whole
 * alphabet at every snapshot (its default offers only the events a state
 * handles, which would hide the ignored ones the sneak suite needs).
 */
import { getAdjacencyMap } from '@xstate/graph';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
  ACK_CHECK_EVENTS,
  HANDSHAKE_CHECK_EVENTS,
  SYN_TEXT_EVENTS,
  STATE_SPECIFIC_EVENTS,
  SYN_CHECK_EVENTS,
  UNACCEPTABLE_SEGMENT_EVENTS,
  TCP_EVENT_TYPES,
  TCP_STATES,
  tcpMachine,
  tcpState,
  type OutputAction,
  type TcpContext,
  type TcpEventType,
  type TcpInput,
  type TcpMachine,
  type TcpState,
  type UserCallError,
  type UserSignal,
} from '../../machines/tcp.machine';
import { outputActionsOf, rejectionOf, signalOf } from '../model/actions';
import { parseDelayedEventType, timerEventName } from '../model/timers';
import { describeGuard } from '../model/guards';
import { leafNode, leafTransitions, takenTransition } from '../model/states';
import { ignoredEvents } from '../model/transitionTable';
import { checkModelInput } from './modelInput';

export type TcpSnapshot = SnapshotFrom<TcpMachine>;

/** An event of the model: a TCP event type, or a delayed event `xstate.after.<delay>.<stateId>`. */
export type ModelEventType = TcpEventType | `xstate.after.${string}`;

export interface ModelEdge {
  /** Position among all edges of the graph. */
  readonly index: number;
  readonly event: ModelEventType;
  readonly from: number;
  readonly to: number;
  readonly sends: readonly OutputAction[];
  readonly rejects: UserCallError | null;
  /** The signal the user gets as the connection is lost (RFC 9293 "connection reset", …). */
  readonly signals: UserSignal | null;
  /** For a delayed event: how far the clock moves, as the model's own delay gives it. */
  readonly delayMs: number | null;
  /** The transition definition taken (`SYN_SENT after RTO #0`), or null when the event is ignored. */
  readonly transition: string | null;
  /** The guards evaluated, in order, with their outcomes. */
  readonly guards: readonly { readonly guard: string; readonly value: boolean }[];
}

export interface ModelNode {
  readonly id: number;
  readonly state: TcpState;
  readonly context: Readonly<TcpContext>;
  readonly edges: readonly ModelEdge[];
  readonly edgeByEvent: ReadonlyMap<ModelEventType, ModelEdge>;
}

export interface TransitionDefinitionInfo {
  /** `FROM EVENT #branch`, e.g. `SYN_SENT after RTO #1`. */
  readonly id: string;
  readonly from: TcpState;
  readonly event: string;
  readonly delayed: boolean;
  readonly guard: string | null;
}

export interface ModelGraph {
  readonly input: TcpInput;
  /** The machine the graph was built from: RFC 9293's or a profile's variant of it. */
  readonly machine: TcpMachine;
  readonly nodes: readonly ModelNode[];
  /** Every edge, by `index`. */
  readonly edges: readonly ModelEdge[];
  /** Node 0 is the initial snapshot (CLOSED). */
  readonly initial: 0;
  /** Every transition definition of the machine (each guarded branch apart). */
  readonly transitions: readonly TransitionDefinitionInfo[];
  /** Every guard that appears in the machine, in words. */
  readonly guards: readonly string[];
  /** The events each state has: the alphabet plus its own timers. */
  readonly alphabet: Readonly<Record<TcpState, readonly ModelEventType[]>>;
}

/**
 * The events that speak of a bounded receive buffer: the user's read, and
 * text past the window's right edge (an unbounded buffer has no edge that
 * the model's segments reach).
 */
const BOUNDED_BUFFER_EVENTS: ReadonlySet<string> = new Set<string>(['RECEIVE', 'RCV_DATA_PAST_WINDOW']);

/**
 * The state-specific events a state handles or ignores on purpose
 * (machines/tcp.machine.ts: the peer's window, the receive side, the ACK
 * checks, in the alphabet only where they matter); `RECEIVE` and
 * `RCV_DATA_PAST_WINDOW` only where the input bounds the receive buffer, as
 * the model counts unread text only then.
 */
function stateSpecificEvents(state: TcpState, machine: TcpMachine, input: TcpInput): ModelEventType[] {
  const handled = leafTransitions(state, machine);
  const ignored = ignoredEvents(leafNode(state, machine));
  const bounded = (input.receiveBuffer ?? 0) > 0;
  return STATE_SPECIFIC_EVENTS.filter(
    (type) => (handled.has(type) || ignored[type] !== undefined) && (bounded || !BOUNDED_BUFFER_EVENTS.has(type)),
  );
}

/** The delayed event types a state declares (`after`). */
function timerEvents(state: TcpState, machine: TcpMachine): ModelEventType[] {
  return [...leafTransitions(state, machine).keys()].filter(
    (type): type is ModelEventType => parseDelayedEventType(type) !== undefined,
  );
}

function eventLabel(type: string): string {
  const delayed = parseDelayedEventType(type);
  return delayed === undefined ? type : timerEventName(delayed.delay);
}

function definitionId(from: TcpState, eventType: string, branch: number): string {
  return `${from} ${eventLabel(eventType)} #${branch}`;
}

/** The delay (ms) of a delayed event in a snapshot, from the machine's own delay implementations. */
export function delayOf(snapshot: TcpSnapshot, eventType: string, machine: TcpMachine = tcpMachine): number {
  const delayed = parseDelayedEventType(eventType);
  if (delayed === undefined) throw new Error(`${eventType} is not a delayed event`);
  const implementation = (machine.implementations.delays as Record<string, unknown>)[delayed.delay];
  if (typeof implementation !== 'function') throw new Error(`the model has no delay ${delayed.delay}`);
  return (implementation as (args: { context: TcpContext; event: unknown }) => number)({
    context: snapshot.context,
    event: { type: eventType },
  });
}

/**
 * Which branch of the state's transitions for `eventType` fires, and the
 * guards XState evaluated on the way (in order, each false until one holds).
 */
function firedBranch(
  machine: TcpMachine,
  snapshot: TcpSnapshot,
  eventType: string,
): { branch: number | null; guards: ModelEdge['guards'] } {
  // The leaf's candidates, then its parents': the order in which XState tries them (src/model/states.ts).
  const candidates = leafTransitions(tcpState(snapshot), machine).get(eventType) ?? [];
  const taken = takenTransition(machine, snapshot, { type: eventType });
  const branch = taken === undefined ? null : candidates.indexOf(taken as (typeof candidates)[number]);
  const guards: { guard: string; value: boolean }[] = [];
  const last = branch === null ? candidates.length - 1 : branch;
  for (let index = 0; index <= last; index++) {
    const guard = candidates[index]?.guard;
    if (guard !== undefined) guards.push({ guard: describeGuard(guard), value: index === branch });
  }
  return { branch: branch === -1 ? null : branch, guards };
}

/** The peer's segments that carry its FIN, bare or after text (held back while text is held: offeredEvents). */
const FIN_EVENTS: ReadonlySet<string> = new Set<string>([
  'RCV_FIN',
  'RCV_FIN_ACK',
  'RCV_DATA_FIN',
  'RCV_DATA_FIN_OUT_OF_ORDER',
]);

/**
 * Segments offered only where the RTO is at its floor (offeredEvents): those that read nothing the timers keep and
 * touch no timer, and text with a FIN, whose answer to the timers is `RCV_FIN_ACK`'s.
 */
const AT_RTO_FLOOR: ReadonlySet<string> = new Set<string>([
  ...UNACCEPTABLE_SEGMENT_EVENTS,
  ...ACK_CHECK_EVENTS,
  ...SYN_CHECK_EVENTS,
  ...HANDSHAKE_CHECK_EVENTS,
  'RCV_OLD_WINDOW',
  ...SYN_TEXT_EVENTS,
  'RCV_DATA_FIN',
  'RCV_DATA_OVERLAP_FIN',
  'RCV_DATA_FIN_OUT_OF_ORDER',
]);
/** Text that straddles RCV.NXT, offered only where the octet before RCV.NXT is the peer's text (`overlapOffered`). */
const STRADDLING_TEXT: ReadonlySet<string> = new Set<string>(['RCV_DATA_OVERLAP', 'RCV_DATA_OVERLAP_FIN']);
/** Segments that lie inside the receive window and so are not offered while it is zero (offeredEvents). */
const INSIDE_WINDOW: ReadonlySet<string> = new Set<string>([
  'RCV_RST_IN_WINDOW',
  'RCV_DATA_PAST_WINDOW',
  ...SYN_CHECK_EVENTS,
]);

/** The states after the peer's FIN: no more text comes, so a RECEIVE owes the peer no window update. */
const PAST_PEER_FIN: ReadonlySet<TcpState> = new Set<TcpState>(['CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT']);

/** RFC 9293 §3.8.6.2: a receive buffer full of unread text offers a zero window, inside which no RST lies (the machine's own guard). */
function receiveWindowZero(machine: TcpMachine, context: TcpContext): boolean {
  const guard = (machine.implementations.guards as Record<string, unknown>)['receiveBufferFull'];
  return (guard as (args: { context: TcpContext }) => boolean)({ context });
}

/**
 * RFC 9293 §3.10.7.4 (first): a segment from RCV.NXT - 1 resends the last
 * octet of the peer's text only where RCV.NXT - 1 holds text, not the
 * peer's SYN: the context shows it where the ACK of that text is delayed
 * (`ackPending`) or the text is unread (`unread`, a bounded buffer). Not
 * while text is held past a hole (no such snapshot offers it either way). A
 * flag of its own ("text taken") would tell it everywhere, but it splits the
 * snapshots of the states that take text: the test profile went from 5,194
 * snapshots to 8,670, `switch:2` to 25,246,466 walks and `h:0` to 18,596,109
 * pairs, both over src/mbt/suiteSize.ts's limit. So the profiles with delayed
 * ACKs off and an unbounded buffer (quickack, Linux, lwIP) are offered none.
 */
function overlapOffered(context: TcpContext): boolean {
  return (context.ackPending || context.unread > 0) && !context.textHeld;
}

/**
 * The events a snapshot offers: its state's alphabet, except that time moves
 * only as far as the next timer due. A state may hold two timers (ESTABLISHED:
 * RTO and ACK_DELAY), each restarted on entry, and a path moves the clock by
 * one timer's delay at a time; so of the timers that would act (a transition
 * fires) only the earliest is offered, and one that would do nothing (time
 * passes, nothing is armed) only when none would act. A timer of 0 ms that
 * does nothing (ACK_DELAY with delayed ACKs off) is no event. While the
 * peer's text is held past a hole (`textHeld`), its FIN is not offered, bare
 * or after text (`RCV_DATA_FIN`): a consistent peer's FIN lies after the held
 * text, and the model holds no FIN.
 * A partial acknowledgment (`RCV_PARTIAL_ACK`) is offered only while more
 * than one segment of our data is outstanding (`severalInFlight`): with one
 * or none there is no ACK strictly between SND.UNA and SND.NXT to send. A
 * duplicate acknowledgment (`RCV_DUP_ACK`) is offered only then too (the
 * peer repeats its ACK when a later segment arrives before the earliest,
 * RFC 5681 §4.2), and not while SND.UNA is short of RFC 6582's `recover`
 * (`recoverAhead`), where duplicates change nothing the model holds. A RST
 * inside the receive window but not at RCV.NXT (`RCV_RST_IN_WINDOW`) is not
 * offered while that window is zero (a full receive buffer), nor is text past
 * its right edge (`RCV_DATA_PAST_WINDOW`: at a zero window that is
 * `RCV_DATA`'s segment, its text not taken), nor a SYN inside it
 * (SYN_CHECK_EVENTS: at a zero window its octet lies outside, and the first
 * check answers). The segments the
 * first two checks of RFC 9293 §3.10.7.4 drop (UNACCEPTABLE_SEGMENT_EVENTS),
 * the ACKs its fifth step ignores or answers (ACK_CHECK_EVENTS: behind
 * SND.UNA, past SND.NXT; in SYN-SENT and SYN-RECEIVED a RST), the SYN its
 * fourth step answers with a challenge ACK (SYN_CHECK_EVENTS) and the
 * segments the handshake's checks of the ACK and RST bits drop
 * (HANDSHAKE_CHECK_EVENTS) read nothing the timers keep and touch no timer, so
 * they are offered only
 * where the RTO is at its floor (`rto = minRto`: no back-off since the last
 * RTT sample): every state meets them with each flag that shapes the answer
 * (an ACK pending, the peer's window shut, unread text, data outstanding),
 * without a copy of each for every back-off step, which took switch:2 over
 * src/mbt/suiteSize.ts's limit (22.2 million sequences with the first group,
 * 12.7 million without it). Text with a FIN (`RCV_DATA_FIN`, and
 * `RCV_DATA_OVERLAP_FIN`, which straddles RCV.NXT) is offered there only too: the FIN's own answer to the timers (the states it enters,
 * each timer they restart) is `RCV_FIN_ACK`'s, offered everywhere, and what
 * the text adds reads only the receive side's flags, which every state meets
 * at the floor; offered everywhere it took switch:2 to 15,322,158 walks.
 * `RCV_DATA_OVERLAP` and `RCV_DATA_OVERLAP_FIN` are offered only where the
 * octet before RCV.NXT is known to be the peer's text (`overlapOffered`).
 * While the peer's FIN is held past a hole (`finHeld`), only the text that
 * fills the hole is offered, and the timers: every other event would need
 * the FIN held in its answer too (a CLOSE, FIN-WAIT-1's and FIN-WAIT-2's
 * RCV_DATA; a shut window or queued data, more `finHeld` branches of
 * ESTABLISHED's), and would take the graph from 5,210 snapshots to 6,030
 * (h:0 from 9,021,557 pairs to 12,813,838, more than test/mbt/hMethod.test.ts's
 * 4 GB heap holds; it holds 8,963,986 with little room).
 * An ACK older than the last window update (`RCV_OLD_WINDOW`, SEG.SEQ <
 * SND.WL1) is offered only while text is held past a hole (`textHeld`: the
 * held segment put SND.WL1 past RCV.NXT, where an acceptable ACK can lie
 * behind it) and the peer's window is open (its stale zero window would
 * change nothing where the window is shut), with none of our data
 * outstanding, and only at the RTO's floor: it reads nothing the timers keep
 * and touches no timer, as an old ACK. With data outstanding it would be a
 * near-duplicate ACK (RFC 5681 §2 (e): not a duplicate, its window differs),
 * which lwIP counts as one (tcp_receive's "Clause 3" compares the right
 * window edge, which a window not taken leaves as it was): not offered there.
 * After the peer's FIN a RECEIVE is not offered while the buffer is full: the
 * window it opens is never advertised (no window update is owed once no more
 * text comes), so RCV.WND stays zero for the acceptability tests
 * (§3.8.6.2.2 keeps RCV.NXT+RCV.WND fixed until an update; TcpConnection and
 * Linux's tcp_sequence test against the window last advertised), where the
 * model's count of unread text would open it; the model would need the window
 * advertised apart from that count.
 * The peer's SYN and SYN-ACK with text (SYN_TEXT_EVENTS) are offered only
 * where the RTO is at its floor too: their answer to the timers is `RCV_SYN`'s
 * and `RCV_SYN_ACK`'s, offered everywhere, and the text adds the receive
 * side's flags only. While text queued from a SYN waits in SYN-RECEIVED
 * (`synTextQueued`), a CLOSE that would send our FIN at once (no data queued
 * before it) is not offered: FIN-WAIT-1 would take the text with the ACK of
 * our SYN (RFC 9293 §3.10.7.4 seventh), branches FIN-WAIT-1 does not hold;
 * a CLOSE behind queued data waits in SYN-RECEIVED and is offered.
 */
export function offeredEvents(
  machine: TcpMachine,
  events: readonly ModelEventType[],
  snapshot: TcpSnapshot,
): ModelEventType[] {
  const timers = events
    .filter((type) => parseDelayedEventType(type) !== undefined)
    .map((type) => ({
      type,
      ms: delayOf(snapshot, type, machine),
      acts: machine.getTransitionData(snapshot, { type } as never).length > 0,
    }));
  const acting = timers.filter((timer) => timer.acts);
  const earliest = Math.min(...acting.map((timer) => timer.ms));
  const offered = new Set(
    (acting.length > 0 ? acting.filter((timer) => timer.ms === earliest) : timers.filter((timer) => timer.ms > 0)).map(
      (timer) => timer.type,
    ),
  );
  const finHeldBack = snapshot.context.textHeld;
  const finHeld = snapshot.context.finHeld;
  const partialAckPossible = snapshot.context.severalInFlight;
  const dupAckCounted = partialAckPossible && !snapshot.context.recoverAhead;
  const windowOffered = !receiveWindowZero(machine, snapshot.context);
  const rtoAtFloor = snapshot.context.rto === snapshot.context.minRto;
  const textBeforeRcvNxt = overlapOffered(snapshot.context);
  const readOpensUnadvertised = !windowOffered && PAST_PEER_FIN.has(tcpState(snapshot));
  // RFC 9293 §3.10.7.4 fifth: only held text puts SND.WL1 past RCV.NXT, and only an open window can be taken stale.
  const staleWindowOffered =
    snapshot.context.textHeld && !snapshot.context.sendWindowZero && !snapshot.context.dataOutstanding;
  const finWouldPassSynText = snapshot.context.synTextQueued && !snapshot.context.dataQueued;
  return events.filter((type) =>
    parseDelayedEventType(type) === undefined
      ? !(finHeldBack && FIN_EVENTS.has(type)) &&
        (!finHeld || type === 'RCV_DATA') &&
        (partialAckPossible || type !== 'RCV_PARTIAL_ACK') &&
        (dupAckCounted || type !== 'RCV_DUP_ACK') &&
        (rtoAtFloor || !AT_RTO_FLOOR.has(type)) &&
        (windowOffered || !INSIDE_WINDOW.has(type)) &&
        (textBeforeRcvNxt || !STRADDLING_TEXT.has(type)) &&
        !(readOpensUnadvertised && type === 'RECEIVE') &&
        (staleWindowOffered || type !== 'RCV_OLD_WINDOW') &&
        !(finWouldPassSynText && type === 'CLOSE')
      : offered.has(type),
  );
}

const serializeSnapshot = (snapshot: TcpSnapshot): string =>
  `${tcpState(snapshot)} ${JSON.stringify(snapshot.context)}`;

/**
 * Compiles the model for one input (timer settings), by default RFC 9293's
 * machine; a profile gives its own. An input outside the bounds of
 * src/mbt/modelInput.ts is a ModelInputError before any work: the graph it
 * would make is too large to build.
 */
export function buildModelGraph(input: TcpInput = {}, machine: TcpMachine = tcpMachine): ModelGraph {
  checkModelInput(input, '');
  const declared = Object.fromEntries(
    TCP_STATES.map((state) => [
      state,
      [...TCP_EVENT_TYPES, ...stateSpecificEvents(state, machine, input), ...timerEvents(state, machine)],
    ]),
  ) as Record<TcpState, ModelEventType[]>;

  const [initial] = initialTransition(machine, input);
  const adjacency = getAdjacencyMap(machine, {
    input,
    fromState: initial,
    serializeState: serializeSnapshot,
    events: (snapshot: TcpSnapshot) =>
      offeredEvents(machine, declared[tcpState(snapshot)], snapshot).map(
        (type) => ({ type }) as { type: TcpEventType },
      ),
  });

  const keys = Object.keys(adjacency);
  const idOf = new Map(keys.map((key, index) => [key, index]));
  let edgeCount = 0;
  const nodes: ModelNode[] = keys.map((key, id) => {
    const { state: snapshot, transitions } = adjacency[key as keyof typeof adjacency]!;
    const from = tcpState(snapshot);
    const edges: ModelEdge[] = [];
    for (const { event, state: next } of Object.values(transitions)) {
      const eventType = event.type as ModelEventType;
      // The actions the step runs: recomputed here once (the adjacency map keeps only snapshots).
      const [, actions] = transition(machine, snapshot, event);
      const { branch, guards } = firedBranch(machine, snapshot, eventType);
      const to = idOf.get(serializeSnapshot(next));
      if (to === undefined) throw new Error(`snapshot after ${from} + ${eventType} is missing from the graph`);
      edges.push({
        index: edgeCount++,
        event: eventType,
        from: id,
        to,
        sends: outputActionsOf(actions),
        rejects: rejectionOf(actions) ?? null,
        signals: signalOf(actions) ?? null,
        delayMs: parseDelayedEventType(eventType) === undefined ? null : delayOf(snapshot, eventType, machine),
        transition: branch === null ? null : definitionId(from, eventType, branch),
        guards,
      });
    }
    return {
      id,
      state: from,
      context: snapshot.context,
      edges,
      edgeByEvent: new Map(edges.map((edge) => [edge.event, edge])),
    };
  });
  if (nodes[0]?.state !== 'CLOSED') throw new Error('the model must start in CLOSED');
  // A timer no snapshot offers (ACK_DELAY with delayed ACKs off) is not in the alphabet.
  const offered = new Set(nodes.flatMap((node) => node.edges.map((edge) => `${node.state} ${edge.event}`)));
  const alphabet = Object.fromEntries(
    TCP_STATES.map((state) => [
      state,
      declared[state].filter((type) => parseDelayedEventType(type) === undefined || offered.has(`${state} ${type}`)),
    ]),
  ) as Record<TcpState, ModelEventType[]>;

  const transitions: TransitionDefinitionInfo[] = [];
  const guards = new Set<string>();
  for (const key of TCP_STATES) {
    for (const [eventType, definitions] of leafTransitions(key, machine)) {
      definitions.forEach((definition, branch) => {
        const guard = definition.guard === undefined ? null : describeGuard(definition.guard);
        if (guard !== null) guards.add(guard);
        transitions.push({
          id: definitionId(key, eventType, branch),
          from: key,
          event: eventLabel(eventType),
          delayed: parseDelayedEventType(eventType) !== undefined,
          guard,
        });
      });
    }
  }
  return {
    input,
    machine,
    nodes,
    edges: nodes.flatMap((node) => node.edges),
    initial: 0,
    transitions,
    guards: [...guards],
    alphabet,
  };
}

/** Follows `events` from the initial node; throws if an event is not in the alphabet of its state. */
export function walk(graph: ModelGraph, events: readonly ModelEventType[]): ModelEdge[] {
  const edges: ModelEdge[] = [];
  let node = graph.nodes[graph.initial]!;
  for (const event of events) {
    const edge = node.edgeByEvent.get(event);
    if (edge === undefined) throw new Error(`${event} is not an event of ${node.state}`);
    edges.push(edge);
    node = graph.nodes[edge.to]!;
  }
  return edges;
}

/** `SYN_SENT`, `after RTO`: how events read in path names. */
export function eventName(event: ModelEventType): string {
  const delayed = parseDelayedEventType(event);
  return delayed === undefined ? event : timerEventName(delayed.delay);
}

/** Shortest event sequence to every node of the compiled graph (breadth first, deterministic). */
export function shortestPrefixes(graph: ModelGraph): (readonly ModelEventType[])[] {
  const prefixes: (ModelEventType[] | undefined)[] = new Array(graph.nodes.length);
  prefixes[graph.initial] = [];
  const queue = [graph.initial as number];
  for (let head = 0; head < queue.length; head++) {
    const node = graph.nodes[queue[head]!]!;
    for (const edge of node.edges) {
      if (prefixes[edge.to] !== undefined) continue;
      prefixes[edge.to] = [...prefixes[node.id]!, edge.event];
      queue.push(edge.to);
    }
  }
  return prefixes.map((prefix, id) => {
    if (prefix === undefined) throw new Error(`node ${id} is unreachable`);
    return prefix;
  });
}
