/**
 * What a path test needs from an implementation: apply one model event,
 * then report the state and what was sent. Write one of these to point the
 * generated suites at your own TCP.
 */
import type { OutputAction, TcpState, UserCallError, UserSignal } from '../../machines/tcp.machine';
import type { ModelEventType } from './modelGraph';

/** One step of a path, as the model sees it. The adapter turns it into a call, a segment or a clock advance. */
export interface ModelStep {
  readonly event: ModelEventType;
  readonly from: TcpState;
  readonly to: TcpState;
  /** What the model sends on this step, in order. */
  readonly sends: readonly OutputAction[];
  /** The error the model expects a user call to be refused with. */
  readonly rejects: UserCallError | null;
  /** The signal the user must get as the connection is lost ("connection reset", …), or null for none. */
  readonly signals: UserSignal | null;
  /** For a delayed event: how far to move the clock. */
  readonly delayMs: number | null;
  /**
   * Whether the data this step sends is sent again rather than new: on a
   * timeout, a third duplicate ACK (RFC 5681 §3.2) and a partial ACK in fast
   * recovery (RFC 6582 §3.2). The event alone does not tell: a partial ACK
   * that ends the loss window after a timeout sends queued data, new
   * (RFC 5681 §3.1).
   */
  readonly resends: boolean;
}

/** A segment the implementation sent, as the adapter classified it. */
export interface ObservedSegment {
  /** Which output action it is on the wire (a challenge ACK is an ACK there). */
  readonly kind: OutputAction;
  /** packetdrill-style: `S. 1000:1000(0) ack 5001 win 65535`. */
  readonly text: string;
}

export interface StepObservation {
  readonly state: TcpState;
  readonly sent: readonly ObservedSegment[];
  /** The error a user call was refused with (RFC 9293 words), if it was. */
  readonly rejected: string | null;
  /**
   * The signal the user got on this step as the connection was lost, or null;
   * leave it out if your implementation cannot tell, and it is not judged.
   */
  readonly signaled?: string | null;
  /** Field-level mismatches the adapter found (a wrong sequence number, an ACK of the wrong byte …). */
  readonly problems: readonly string[];
}

export interface SystemUnderTest<Snapshot = unknown> {
  /** A short name for reports: "TcpConnection", "linux". */
  readonly name: string;
  /** A fresh implementation in CLOSED. */
  reset(): void;
  step(step: ModelStep): StepObservation;
  /** Plain-data copy of everything the implementation and adapter hold, for depth-first runs. */
  snapshot?(): Snapshot;
  restore?(snapshot: Snapshot): void;
}
