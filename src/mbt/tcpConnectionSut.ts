/**
 * The adapter between the model and `TcpConnection`: user-call events become
 * calls, `RCV_*` events become the scripted peer's segments, delayed events
 * advance the virtual clock by the model's own delay. The connection, its
 * clock and the peer snapshot together as plain data.
 */
import type { TcpInput } from '../../machines/tcp.machine';
import { VirtualClock } from '../net/clock';
import { TcpConnection, type TcpConnectionSnapshot } from '../tcp/connection';
import { TcpUserError } from '../tcp/errors';
import type { Segment } from '../wire/segment';
import { parseDelayedEventType } from '../model/timers';
import { checkSent, copyPeer, freshPeer, peerSegment, settlePeer, type PeerState } from './scriptedPeer';
import type { ModelStep, StepObservation, SystemUnderTest } from './sut';

export const LOCAL_PORT = 8080;
export const REMOTE_PORT = 40000;
/** The data a SEND event hands over: small enough for one segment. */
export const SEND_PAYLOAD = new TextEncoder().encode('hello, tcp');

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
  private readonly iss: number;
  private initial: AdapterSnapshot | undefined;

  constructor(
    private readonly input: TcpInput,
    options: TcpConnectionSutOptions = {},
  ) {
    this.iss = options.iss ?? 1000;
    this.reset();
  }

  private connectionOptions(clock: VirtualClock) {
    return {
      clock,
      localPort: LOCAL_PORT,
      remotePort: REMOTE_PORT,
      iss: this.iss,
      ...this.input,
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
      this.peer = freshPeer(LOCAL_PORT, REMOTE_PORT);
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
    this.outbox = [];
    let rejected: string | null = null;
    let incoming: Segment | null = null;
    const problems: string[] = [];
    // A refused call is an expected outcome here; its stack trace would cost more than the step.
    const stackTraceLimit = Error.stackTraceLimit;
    if (step.rejects !== null) Error.stackTraceLimit = 0;
    try {
      incoming = this.apply(step);
    } catch (error) {
      if (error instanceof TcpUserError) rejected = error.reason;
      else problems.push(`${step.event} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    const checked = checkSent(this.peer, step, this.outbox, incoming);
    const state = this.connection.state;
    settlePeer(this.peer, state);
    return { state, sent: checked.observed, rejected, problems: [...problems, ...checked.problems] };
  }

  /** Performs the event; returns the segment injected, if any. */
  private apply(step: ModelStep): Segment | null {
    const connection = this.connection;
    switch (step.event) {
      case 'PASSIVE_OPEN':
        connection.listen();
        return null;
      case 'ACTIVE_OPEN':
        connection.connect();
        return null;
      case 'SEND':
        connection.send(SEND_PAYLOAD);
        return null;
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
      this.clock.advance(step.delayMs);
      return null;
    }
    const segment = peerSegment(this.peer, step.event, step.from);
    connection.receive(segment);
    return segment;
  }
}
