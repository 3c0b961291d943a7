/**
 * The adapter between the model and `TcpConnection`: user-call events become
 * calls, `RCV_*` events become the scripted peer's segments, delayed events
 * advance the virtual clock by the model's own delay. The connection, its
 * clock and the peer snapshot together as plain data.
 */
import type { TcpInput } from '../../machines/tcp.machine';
import { VirtualClock } from '../net/clock';
import { MAX_WINDOW, TcpConnection, type StateChange, type TcpConnectionSnapshot } from '../tcp/connection';
import { TcpUserError } from '../tcp/errors';
import type { Segment } from '../wire/segment';
import { parseDelayedEventType } from '../model/timers';
import {
  checkSent,
  copyPeer,
  freshPeer,
  noteUserData,
  noteUserRead,
  PEER_DATA,
  peerMss,
  peerSegment,
  SEND_PAYLOAD,
  sendPayload,
  settlePeer,
  type PeerState,
} from './scriptedPeer';
import type { ModelStep, StepObservation, SystemUnderTest } from './sut';
import { checkConnectionEvents, dataOctetsAcknowledged, type ConnectionEventName } from './connectionEvents';

export const LOCAL_PORT = 8080;
export const REMOTE_PORT = 40000;
export { SEND_PAYLOAD };

export interface TcpConnectionSutOptions {
  /** The implementation's ISS (default 1000; near 2^32 to test wrap-around). */
  iss?: number;
}

interface AdapterSnapshot {
  readonly now: number;
  readonly connection: TcpConnectionSnapshot;
  readonly peer: PeerState;
}

export class TcpConnectionSut implements SystemUnderTest<AdapterSnapshot> {
  readonly name = 'TcpConnection';
  private clock = new VirtualClock();
  private connection!: TcpConnection;
  private peer: PeerState = freshPeer(LOCAL_PORT, REMOTE_PORT);
  private outbox: Segment[] = [];
  /** The state events the connection announced during the current step. */
  private changes: StateChange[] = [];
  /** The `readable` and `writable` events the connection emitted during the current step. */
  private readonly events = new Set<ConnectionEventName>();
  private readonly iss: number;
  /** What each SEND hands over: one segment's worth, or `sendSegments` of the peer's MSS. */
  private readonly payload: Uint8Array;
  private initial: AdapterSnapshot | undefined;

  constructor(
    private readonly input: TcpInput,
    options: TcpConnectionSutOptions = {},
  ) {
    this.iss = options.iss ?? 1000;
    this.payload = sendPayload(input);
    this.reset();
  }

  /** The receive buffer: the model's `receiveBuffer` segments of the peer's text, or TcpConnection's default. */
  private get window(): number {
    const segments = this.input.receiveBuffer ?? 0;
    return segments > 0 ? segments * PEER_DATA.length : MAX_WINDOW;
  }

  private connectionOptions(clock: VirtualClock) {
    return {
      clock,
      localPort: LOCAL_PORT,
      remotePort: REMOTE_PORT,
      iss: this.iss,
      ...this.input,
      window: this.window,
      output: (segment: Segment) => {
        this.outbox.push(segment);
      },
    };
  }

  /** A fresh connection in CLOSED: restored in place from the first one's snapshot (cheaper than building anew). */
  reset(): void {
    if (this.initial === undefined) {
      this.clock = new VirtualClock();
      this.connection = new TcpConnection(this.connectionOptions(this.clock));
      this.connection.on('state', (change) => this.changes.push(change));
      this.connection.on('readable', () => this.events.add('readable'));
      this.connection.on('writable', () => this.events.add('writable'));
      this.peer = freshPeer(LOCAL_PORT, REMOTE_PORT, peerMss(this.input));
      this.peer.userBytes = 0;
      this.peer.receiveBuffer = this.window;
      this.outbox = [];
      this.initial = this.snapshot();
      return;
    }
    this.restore(this.initial);
  }

  snapshot(): AdapterSnapshot {
    return { now: this.clock.now(), connection: this.connection.snapshot(), peer: copyPeer(this.peer) };
  }

  restore(snapshot: AdapterSnapshot): void {
    this.clock.reset(snapshot.now);
    this.connection.restoreInPlace(snapshot.connection);
    this.peer = copyPeer(snapshot.peer);
    this.outbox = [];
  }

  step(step: ModelStep): StepObservation {
    // Emptied, not replaced: nothing keeps them past the step.
    this.outbox.length = 0;
    this.changes.length = 0;
    this.events.clear();
    let rejected: string | null = null;
    let incoming: Segment | null = null;
    const problems: string[] = [];
    // A refused call is an expected outcome here; its stack trace would cost more than the step.
    const stackTraceLimit = Error.stackTraceLimit;
    if (step.rejects !== null) Error.stackTraceLimit = 0;
    try {
      incoming = this.apply(step, problems);
    } catch (error) {
      if (error instanceof TcpUserError) rejected = error.reason;
      else
        problems.push(
          `${step.event} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    const ackBefore = this.peer.lastAck;
    const checked = checkSent(this.peer, step, this.outbox, incoming);
    const state = this.connection.state;
    const segmentTaken = incoming !== null && step.from !== 'CLOSED';
    const acknowledged = dataOctetsAcknowledged(this.peer, ackBefore);
    const eventProblems = checkConnectionEvents(this.events, this.peer, state, segmentTaken, acknowledged);
    settlePeer(this.peer, state);
    problems.push(...checkStateChanges(step, this.changes, incoming));
    // The connection's unsolicited signal to the user rides on the state event that lost it.
    const signaled = this.changes.find((change) => change.reason !== undefined)?.reason ?? null;
    problems.push(...checked.problems, ...eventProblems);
    return { state, sent: checked.observed, rejected, signaled, problems };
  }

  /** Performs the event; returns the segment injected, if any. */
  private apply(step: ModelStep, problems: string[]): Segment | null {
    const connection = this.connection;
    switch (step.event) {
      case 'PASSIVE_OPEN':
        connection.listen();
        return null;
      case 'ACTIVE_OPEN':
        connection.connect();
        return null;
      case 'SEND': {
        const taken = connection.send(this.payload);
        noteUserData(this.peer, taken);
        if (taken !== this.payload.length) problems.push(`SEND took ${taken} of ${this.payload.length} bytes`);
        return null;
      }
      case 'RECEIVE': {
        const problem = noteUserRead(this.peer, connection.read());
        if (problem !== null) problems.push(problem);
        return null;
      }
      case 'CLOSE':
        connection.close();
        return null;
      case 'ABORT':
        connection.abort();
        return null;
      default:
        break;
    }
    if (parseDelayedEventType(step.event) !== undefined) {
      if (step.delayMs === null) throw new Error(`${step.event} comes without a delay`);
      // The model's timer fires at its delay, not before: 1 ms short of it, nothing may have happened.
      if (step.delayMs > 0) {
        this.clock.advance(step.delayMs - 1);
        if (this.outbox.length > 0 || connection.state !== step.from) {
          problems.push(`a timer fired before the model's ${step.delayMs} ms`);
        }
      }
      this.clock.advance(Math.min(1, step.delayMs));
      return null;
    }
    const segment = peerSegment(this.peer, step.event, step.from);
    connection.receive(segment);
    return segment;
  }
}

// A Map: most events are none of these, and an object's miss on a string key is a slow lookup.
const CALLS: ReadonlyMap<string, string> = new Map([
  ['PASSIVE_OPEN', 'listen'],
  ['ACTIVE_OPEN', 'connect'],
  ['SEND', 'send'],
  ['RECEIVE', 'read'],
  ['CLOSE', 'close'],
  ['ABORT', 'abort'],
]);
// TcpConnection reports the USER TIMEOUT as the retransmission timer's giving up, as it reports R2 (src/tcp/timers.ts giveUp).
const TIMERS: Readonly<Record<string, string>> = {
  RTO: 'retransmission',
  USER_TIMEOUT: 'retransmission',
  TWO_MSL: 'time-wait',
};

/**
 * The state events the connection announced on a step are the model's
 * transition: a chain from the state before to the state after (none, or a
 * re-entry, when the state stays), each caused by the step's own event.
 */
export function checkStateChanges(
  step: ModelStep,
  changes: readonly StateChange[],
  incoming: Segment | null,
): string[] {
  const problems: string[] = [];
  const linked = changes.every((change, i) => change.from === (i === 0 ? step.from : changes[i - 1]!.to));
  const last = changes.length === 0 ? step.from : changes[changes.length - 1]!.to;
  if (!linked || last !== step.to) {
    const chain = changes.map((change) => `${change.from} -> ${change.to}`).join(', ');
    problems.push(`state events [${chain}] for ${step.from} -> ${step.to}`);
  }
  const call = CALLS.get(step.event);
  const delayed = parseDelayedEventType(step.event);
  for (const { cause } of changes) {
    const right =
      call !== undefined
        ? cause.kind === 'call' && cause.call === call
        : delayed !== undefined
          ? cause.kind === 'timer' && cause.timer === TIMERS[delayed.delay]
          : cause.kind === 'segment' && cause.segment === incoming;
    if (!right)
      problems.push(
        `a state event caused by ${cause.kind === 'segment' ? 'a segment' : JSON.stringify(cause)} on ${step.event}`,
      );
  }
  return problems;
}
