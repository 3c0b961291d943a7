/**
 * What the parts of a connection share, and the only way they reach it: the
 * send side (sendSide.ts), the receive side (receiveSide.ts), the timers
 * (timers.ts) and the arrival rules (segmentArrives.ts) see the TCB, the
 * settings, the clock's time and the few effects that belong to the
 * connection itself — a state change with its announcement, an event for
 * the listeners, the one clock timer — never `TcpConnection`. So none of
 * them imports connection.ts, as gVisor's sender and receiver reach their
 * endpoint through a few fields rather than the whole `endpoint`.
 *
 * Types only: every part imports this file and it imports none of them.
 */
import type { TcpSettings, TcpState } from '../../machines/tcp.machine';
import type { Segment } from '../wire/segment';
import type { TcpErrorReason } from './errors';
import type { Tcb } from './tcb';

export type StateChangeCause =
  | { kind: 'call'; call: 'listen' | 'connect' | 'send' | 'close' | 'abort' }
  | { kind: 'segment'; segment: Segment }
  | { kind: 'timer'; timer: 'retransmission' | 'time-wait' };

export interface StateChange {
  from: TcpState;
  to: TcpState;
  cause: StateChangeCause;
  /** Set when the change loses the connection: "connection reset", … */
  reason?: TcpErrorReason;
}

export interface ResolvedOptions extends TcpSettings {
  readonly mss: number;
  readonly window: number;
  readonly sendBufferSize: number;
  readonly acceptRightEdge: boolean;
  /** The USER TIMEOUT a connection starts with, in ms; 0: off (RFC 9293 §3.10.8). */
  readonly userTimeout: number;
}

/** What the listeners hear besides state changes: data to read, send buffer freed. */
export type ConnectionEvent = 'readable' | 'writable';

export interface ConnectionContext {
  /** The TCB. A change to CLOSED or LISTEN replaces it: read it again after `setState`. */
  readonly tcb: Tcb;
  readonly options: ResolvedOptions;
  now(): number;
  /** Puts a finished segment on the wire. */
  output(segment: Segment): void;
  /** Enters `to`, announcing the change; CLOSED and LISTEN start from a fresh TCB (RFC 9293 §3.3.2). */
  setState(to: TcpState, cause: StateChangeCause, reason?: TcpErrorReason): void;
  /** Selects an ISS for a connection to `remotePort` (RFC 9293 §3.4.1). */
  selectIss(remotePort: number): number;
  /** Listeners run once the current call or segment is fully processed. */
  queueEvent(event: ConnectionEvent): void;
  /** Re-arms the one clock timer for the earliest deadline in the TCB (timers.ts). */
  armTimer(): void;
}
