/**
 * State fixtures for the model tests, in the manner of smoltcp's
 * `socket_established()`: each of the 11 states is reached from CLOSED by a
 * canonical event sequence through XState's pure `transition()`, so a test
 * starts from a named state, feeds one event and checks what leaves.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
  tcpMachine,
  tcpState,
  type OutputAction,
  type TcpEvent,
  type TcpEventType,
  type TcpInput,
  type TcpMachine,
  type TcpState,
  type UserCallError,
} from '../../machines/tcp.machine';
import { outputActionsOf, rejectionOf } from '../../src/model/actions';
import { delayedEventType, parseDelayedEventType } from '../../src/model/timers';

export type TcpSnapshot = SnapshotFrom<typeof tcpMachine>;

/** How SYN-RECEIVED is reached: from LISTEN (passive) or by a simultaneous open (active). */
export type Open = 'passive' | 'active';

export interface FixtureOptions {
  readonly input?: TcpInput;
  /** The machine: RFC 9293's (the default) or a profile's (`linuxTcpMachine`). */
  readonly machine?: TcpMachine;
  /** How SYN-RECEIVED is reached (default: passive). Other states are reached by an active open. */
  readonly open?: Open;
  /** Retransmission timeouts to let expire once the state is reached (`after RTO` events). */
  readonly timeouts?: number;
}

/**
 * The canonical sequence that reaches each state from CLOSED. Each synchronized
 * state extends the one before it, as the RFC's Figure 5 draws them.
 */
export function canonicalEvents(state: TcpState, open: Open = 'passive'): TcpEventType[] {
  switch (state) {
    case 'CLOSED':
      return [];
    case 'LISTEN':
      return ['PASSIVE_OPEN'];
    case 'SYN_SENT':
      return ['ACTIVE_OPEN'];
    case 'SYN_RECEIVED':
      return open === 'passive' ? ['PASSIVE_OPEN', 'RCV_SYN'] : ['ACTIVE_OPEN', 'RCV_SYN'];
    case 'ESTABLISHED':
      return ['ACTIVE_OPEN', 'RCV_SYN_ACK'];
    case 'FIN_WAIT_1':
      return [...canonicalEvents('ESTABLISHED'), 'CLOSE'];
    case 'FIN_WAIT_2':
      return [...canonicalEvents('FIN_WAIT_1'), 'RCV_ACK'];
    case 'CLOSE_WAIT':
      return [...canonicalEvents('ESTABLISHED'), 'RCV_FIN'];
    case 'CLOSING':
      return [...canonicalEvents('FIN_WAIT_1'), 'RCV_FIN'];
    case 'LAST_ACK':
      return [...canonicalEvents('CLOSE_WAIT'), 'CLOSE'];
    case 'TIME_WAIT':
      return [...canonicalEvents('FIN_WAIT_2'), 'RCV_FIN'];
  }
}

/** The snapshot of a fresh connection: CLOSED. */
export function closedSnapshot(input: TcpInput = {}, machine: TcpMachine = tcpMachine): TcpSnapshot {
  return initialTransition(machine, input)[0];
}

/** Applies `events` in order from `snapshot`. */
export function run(snapshot: TcpSnapshot, events: readonly string[]): TcpSnapshot {
  return events.reduce((current, event) => step(current, event).snapshot, snapshot);
}

/** A snapshot in `state`, reached from CLOSED by its canonical sequence. */
export function snapshotIn(state: TcpState, options: FixtureOptions = {}): TcpSnapshot {
  if (canonicalEvents(state, options.open).length === 0 && !options.timeouts)
    return closedSnapshot(options.input, options.machine);
  return entering(state, options).snapshot;
}

/**
 * The step that brought the connection into `state` (the last event of its
 * canonical sequence, or of the `timeouts` after it): what it sent and which
 * timers it started.
 */
export function entering(state: TcpState, options: FixtureOptions = {}): Step {
  const events = [
    ...canonicalEvents(state, options.open),
    ...Array.from({ length: options.timeouts ?? 0 }, () => 'after RTO'),
  ];
  const last = events.pop();
  if (last === undefined) throw new Error(`${state} is where a connection starts; no event enters it`);
  const result = step(run(closedSnapshot(options.input, options.machine), events), last);
  if (result.state !== state) throw new Error(`fixture for ${state} ended in ${result.state}`);
  return result;
}

/** A timer XState schedules: the delay's name and its length in ms. */
export interface Timer {
  readonly delay: string;
  readonly ms: number;
}

export interface Step {
  readonly snapshot: TcpSnapshot;
  readonly state: TcpState;
  /** The output actions, in order: what goes on the wire. */
  readonly sends: OutputAction[];
  /** The RFC 9293 error a refused user call gets. */
  readonly rejected?: UserCallError;
  /** Timers started by this step (delayed `xstate.raise` actions). */
  readonly timers: Timer[];
  /** Delay names of the timers this step cancelled (`xstate.cancel` actions). */
  readonly cancelled: string[];
}

export function stateOf(snapshot: TcpSnapshot): TcpState {
  return tcpState(snapshot);
}

/**
 * The event type to send: a TCP event as is, `after RTO` / `after TWO_MSL` as
 * the delayed event of the snapshot's state, or an `xstate.after.…` type as is.
 */
export function eventTypeFor(snapshot: TcpSnapshot, eventType: string): string {
  const timer = /^after (\w+)$/.exec(eventType);
  return timer?.[1] === undefined ? eventType : delayedEventType(stateOf(snapshot), timer[1]);
}

interface ResolvedAction {
  readonly type: string;
  readonly params?: unknown;
}

function timersOf(actions: readonly ResolvedAction[]): Timer[] {
  return actions.flatMap((action) => {
    if (action.type !== 'xstate.raise') return [];
    const params = action.params as { id?: string; delay?: number } | undefined;
    const delayed = params?.id === undefined ? undefined : parseDelayedEventType(params.id);
    return delayed === undefined || params?.delay === undefined ? [] : [{ delay: delayed.delay, ms: params.delay }];
  });
}

function cancelledOf(actions: readonly ResolvedAction[]): string[] {
  return actions.flatMap((action) => {
    if (action.type !== 'xstate.cancel') return [];
    const sendId = (action.params as { sendId?: string } | undefined)?.sendId;
    const delayed = sendId === undefined ? undefined : parseDelayedEventType(sendId);
    return delayed === undefined ? [] : [delayed.delay];
  });
}

/** Feeds one event to the model through the pure `transition()` and reads what it does. */
export function step(snapshot: TcpSnapshot, eventType: string): Step {
  // Delayed events are not part of TcpEvent's type, but transition() takes them.
  const event = { type: eventTypeFor(snapshot, eventType) } as TcpEvent;
  // The snapshot's own machine: RFC 9293's or the profile's it was started with.
  const [next, actions] = transition(snapshot.machine as TcpMachine, snapshot, event);
  const rejected = rejectionOf(actions);
  return {
    snapshot: next,
    state: stateOf(next),
    sends: outputActionsOf(actions),
    ...(rejected === undefined ? {} : { rejected }),
    timers: timersOf(actions),
    cancelled: cancelledOf(actions),
  };
}
