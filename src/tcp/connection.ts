/**
 * A TCP connection endpoint that works on segments (RFC 9293 §3.10): user
 * calls in, segments in and out, time from an injected clock. No I/O, no real
 * timers: what it sends goes to `output`, and its timers are deadlines on the
 * clock, so tests run a 2 MSL wait in microseconds.
 *
 * This file keeps what is the connection's own: the user calls, the state
 * and its announcements, the events, snapshots. The work is split by concept
 * as gVisor splits it: the arrival rules (segmentArrives.ts), the send side
 * (sendSide.ts), the receive side (receiveSide.ts) and the timers
 * (timers.ts), which see the connection only through context.ts.
 *
 * Choices where the RFC leaves room are listed in docs/implementation.md.
 */
import { resolveSettings, type TcpInput, type TcpState } from '../../machines/tcp.machine';
import type { Clock } from '../net/clock';
import type { Segment } from '../wire/segment';
import { dequeueBytes, emptyByteQueue } from './byteQueue';
import type { ConnectionContext, ConnectionEvent, ResolvedOptions, StateChange, StateChangeCause } from './context';
import { TcpUsageError, TcpUserError, type TcpErrorReason } from './errors';
import { FLAGS } from './flags';
import { rfc6528IssGenerator, type IssGenerator } from './iss';
import { emptyReassemblyQueue } from './reassembly';
import { receiveWindow, windowUpdateOwed } from './receiveSide';
import { resetFor } from './reset';
import { initialRttEstimate } from './rtt';
import { segmentArrives } from './segmentArrives';
import { noteSent, queueData, sendAck, sendSegment, sendSyn, transmit } from './sendSide';
import { seqAdd } from './seq';
import { cloneTcb, type Tcb } from './tcb';
import { ConnectionTimer, expireTimers, startTimeWait } from './timers';

export type { ResolvedOptions, StateChange, StateChangeCause } from './context';

/** RFC 9293 §3.7.1: the MSS assumed when the peer sends no MSS option. */
export const DEFAULT_SEND_MSS = 536;
/** The MSS we advertise: an Ethernet MTU of 1500 less 40 bytes of IPv4 and TCP headers. */
export const DEFAULT_MSS = 1460;
/** Without window scaling (RFC 7323) the window field tops out here. */
export const MAX_WINDOW = 65535;
export const DEFAULT_SEND_BUFFER = 1 << 20;

/**
 * The model's timer settings this TCP follows (`rto`, `maxRetries`, `msl`, …, with
 * the model's defaults). A profile's departures from RFC 9293 (Linux's retry
 * limit by time, its guards) belong to the model's variants, not to this TCP.
 */
export type TcpTimerOptions = Pick<
  TcpInput,
  'rto' | 'minRto' | 'maxRto' | 'fallbackRto' | 'maxRetries' | 'msl' | 'rfc1337' | 'ackDelay'
>;

export interface TcpConnectionOptions extends TcpTimerOptions {
  clock: Clock;
  localPort: number;
  /** The foreign port; without it the connection can only LISTEN. */
  remotePort?: number;
  /** A fixed ISS, or a generator; by default RFC 6528 with a random secret. */
  iss?: number | IssGenerator;
  /** The MSS we advertise and the largest segment we send. */
  mss?: number;
  /** Receive buffer size: the largest window we advertise (at most 65535). */
  window?: number;
  /** Bytes SEND accepts before returning a short count. */
  sendBufferSize?: number;
  /**
   * Accept an empty segment (not a RST) at exactly RCV.NXT+RCV.WND, as
   * Linux's tcp_sequence() does (net/ipv4/tcp_input.c:
   * `!after(seq, rcv_nxt + tcp_receive_window(tp))`). Off by default: RFC
   * 9293 §3.10.7.4's table refuses it and answers with an ACK, unless its ACK
   * is valid (the RFC's allowance; receiveSide.ts `acceptable`).
   */
  acceptRightEdge?: boolean;
  /**
   * USER TIMEOUT in ms (RFC 9293 §3.10.8, RFC 5482): how long sent data, a SYN or a FIN may stay
   * unacknowledged before the connection is aborted (timers.ts). 0, the default, turns it off.
   */
  userTimeout?: number;
  output: (segment: Segment) => void;
}

export interface TcpConnectionEvents {
  state: (change: StateChange) => void;
  /** In-order data (or the peer's FIN) is waiting for `read()`. */
  readable: () => void;
  /** Send buffer space was freed by an acknowledgment. */
  writable: () => void;
}

/** The connection's data, to restore it later with `TcpConnection.restore`. */
export type TcpConnectionSnapshot = Readonly<Tcb>;

type Listeners = { [K in keyof TcpConnectionEvents]: Set<TcpConnectionEvents[K]> };

const EMPTY = new Uint8Array(0);

export class TcpConnection {
  /** @internal */ readonly options: ResolvedOptions;
  private readonly clock: Clock;
  private readonly output: (segment: Segment) => void;
  private readonly issFor: IssGenerator;
  private readonly configuredRemotePort: number | null;
  private readonly localPort: number;
  private readonly listeners: Listeners = { state: new Set(), readable: new Set(), writable: new Set() };
  private readonly timer: ConnectionTimer;
  /** What the parts (send side, receive side, timers, arrival rules) see of this connection: its TCB too. */
  private readonly context: ConnectionContext & { tcb: Tcb };
  private busy = false;
  private readonly pendingStateChanges: StateChange[] = [];
  private readonly pendingEvents = new Set<ConnectionEvent>();

  constructor(options: TcpConnectionOptions) {
    checkPort('localPort', options.localPort);
    if (options.remotePort !== undefined) checkPort('remotePort', options.remotePort);
    const window = options.window ?? MAX_WINDOW;
    if (!Number.isInteger(window) || window < 1 || window > MAX_WINDOW) {
      throw new TcpUsageError(`window must be an integer from 1 to ${MAX_WINDOW}, got ${window}`);
    }
    const mss = options.mss ?? DEFAULT_MSS;
    if (!Number.isInteger(mss) || mss < 1 || mss > 65495) {
      throw new TcpUsageError(`mss must be an integer from 1 to 65495, got ${mss}`);
    }
    const sendBufferSize = options.sendBufferSize ?? DEFAULT_SEND_BUFFER;
    if (!Number.isSafeInteger(sendBufferSize) || sendBufferSize < 1) {
      throw new TcpUsageError(`sendBufferSize must be a whole number of bytes, 1 or more, got ${sendBufferSize}`);
    }
    const acceptRightEdge = options.acceptRightEdge ?? false;
    if (typeof acceptRightEdge !== 'boolean') {
      throw new TcpUsageError(`acceptRightEdge must be true or false, got ${String(acceptRightEdge)}`);
    }
    const userTimeout = checkUserTimeout(options.userTimeout ?? 0);
    this.options = { ...resolveSettings(options), mss, window, sendBufferSize, acceptRightEdge, userTimeout };
    this.clock = options.clock;
    this.output = options.output;
    const iss = options.iss;
    this.issFor = typeof iss === 'number' ? () => iss >>> 0 : (iss ?? rfc6528IssGenerator());
    this.configuredRemotePort = options.remotePort ?? null;
    this.localPort = options.localPort;
    this.timer = new ConnectionTimer(this.clock, () => this.onTimer());
    this.context = {
      tcb: this.freshTcb('CLOSED'),
      options: this.options,
      now: () => this.clock.now(),
      output: this.output,
      setState: (to, cause, reason) => this.setState(to, cause, reason),
      selectIss: (remotePort) => this.selectIss(remotePort),
      queueEvent: (event) => this.queueEvent(event),
      armTimer: () => this.armTimer(),
    };
  }

  /** The TCB lives in the context, so the parts always see the current one. */
  private get tcb(): Tcb {
    return this.context.tcb;
  }

  private set tcb(tcb: Tcb) {
    this.context.tcb = tcb;
  }

  /** Rebuilds a connection from a snapshot, on the given clock (set to the snapshot's time). */
  static restore(snapshot: TcpConnectionSnapshot, options: TcpConnectionOptions): TcpConnection {
    const connection = new TcpConnection(options);
    connection.tcb = cloneTcb(snapshot);
    connection.armTimer();
    return connection;
  }

  /**
   * Puts this connection back to a snapshot taken from it, on a clock that was
   * moved back to the snapshot's time and holds no timers of this connection.
   */
  restoreInPlace(snapshot: TcpConnectionSnapshot): void {
    this.tcb = cloneTcb(snapshot);
    this.timer.forget();
    this.pendingStateChanges.length = 0;
    // Set#clear allocates a new table even for an empty set, and a path test restores on every path.
    if (this.pendingEvents.size > 0) this.pendingEvents.clear();
    this.armTimer();
  }

  /** A deep copy of the connection's data: plain (payload bytes shared, never written), restorable. */
  snapshot(): TcpConnectionSnapshot {
    return cloneTcb(this.tcb);
  }

  get state(): TcpState {
    return this.tcb.state;
  }

  /** A read-only view of the TCB (SND.UNA, RCV.NXT, …), for tests and tools. */
  get variables(): Readonly<Tcb> {
    return this.tcb;
  }

  /** Why the connection was lost, if it was. */
  get lostReason(): TcpErrorReason | null {
    return this.tcb.lostReason;
  }

  /** Bytes waiting to be read. */
  get readableBytes(): number {
    return this.tcb.receiveQueue.length;
  }

  /** Bytes handed to SEND and not yet acknowledged. */
  get unacknowledgedBytes(): number {
    return this.tcb.sendQueue.length;
  }

  /** The window we would offer now (RFC 9293 §3.8.6.2): receive buffer not taken by unread data. */
  receiveWindow(): number {
    return receiveWindow(this.context);
  }

  /**
   * Changes the USER TIMEOUT of this connection (0: off), as OPEN and SEND's
   * optional timeout parameter does (RFC 9293 §3.10.1, §3.10.2: "the current
   * user timeout for this connection is changed to the new one"); Linux's
   * setsockopt(TCP_USER_TIMEOUT) on a live socket too.
   */
  setUserTimeout(ms: number): void {
    const userTimeout = checkUserTimeout(ms);
    this.guarded(() => {
      this.tcb.userTimeout = userTimeout;
      this.armTimer();
    });
  }

  on<K extends keyof TcpConnectionEvents>(event: K, listener: TcpConnectionEvents[K]): () => void {
    const set = this.listeners[event] as Set<TcpConnectionEvents[K]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  // ---- User calls (RFC 9293 §3.10.1–§3.10.5) ----

  /** OPEN, passive (RFC 9293 §3.10.1). */
  listen(): void {
    this.guarded(() => {
      if (this.tcb.state !== 'CLOSED') throw new TcpUserError('connection already exists');
      this.setState('LISTEN', { kind: 'call', call: 'listen' });
    });
  }

  /** OPEN, active (RFC 9293 §3.10.1): from CLOSED, or from LISTEN with the foreign socket known. */
  connect(): void {
    this.guarded(() => {
      const { state } = this.tcb;
      if (state !== 'CLOSED' && state !== 'LISTEN') throw new TcpUserError('connection already exists');
      this.openActively({ kind: 'call', call: 'connect' });
    });
  }

  /**
   * SEND (RFC 9293 §3.10.2). Returns how many bytes were taken (a short count
   * when the send buffer is full). The bytes are copied.
   */
  send(data: Uint8Array): number {
    return this.guarded(() => {
      const tcb = this.tcb;
      switch (tcb.state) {
        case 'CLOSED':
          throw new TcpUserError('connection does not exist');
        case 'LISTEN':
          this.openActively({ kind: 'call', call: 'send' });
          return queueData(this.context, data);
        case 'SYN_SENT':
        case 'SYN_RECEIVED':
          if (tcb.closeQueued || tcb.finQueued) throw new TcpUserError('connection closing');
          return queueData(this.context, data); // sent once ESTABLISHED (RFC 9293 §3.10.2)
        case 'ESTABLISHED':
        case 'CLOSE_WAIT': {
          const taken = queueData(this.context, data);
          transmit(this.context);
          return taken;
        }
        default:
          throw new TcpUserError('connection closing');
      }
    });
  }

  /**
   * RECEIVE (RFC 9293 §3.10.3): up to `max` bytes of in-order data, possibly
   * none. Once the peer's FIN has been read past, "connection closing".
   */
  read(max = Number.POSITIVE_INFINITY): Uint8Array {
    if (!(Number.isSafeInteger(max) || max === Number.POSITIVE_INFINITY) || max < 0) {
      throw new TcpUsageError(`read: max must be a whole number of bytes, 0 or more (or Infinity), got ${max}`);
    }
    return this.guarded(() => {
      const tcb = this.tcb;
      // RFC 9293 §3.10.3: after a reset or a user timeout too; the user had the reason as the connection was lost.
      if (tcb.state === 'CLOSED') throw new TcpUserError('connection does not exist');
      if (tcb.receiveQueue.length === 0) {
        if (tcb.finReceived) throw new TcpUserError('connection closing');
        return EMPTY;
      }
      const data = dequeueBytes(tcb.receiveQueue, max);
      if (windowUpdateOwed(this.context)) sendAck(this.context);
      return data;
    });
  }

  /** CLOSE (RFC 9293 §3.10.4): "I have no more to send". */
  close(): void {
    this.guarded(() => {
      const tcb = this.tcb;
      const cause = { kind: 'call', call: 'close' } as const;
      switch (tcb.state) {
        case 'CLOSED':
          throw new TcpUserError('connection does not exist');
        case 'LISTEN':
        case 'SYN_SENT':
          this.setState('CLOSED', cause);
          return;
        case 'SYN_RECEIVED':
          if (tcb.closeQueued) throw new TcpUserError('connection closing');
          if (tcb.sendQueue.length > 0) {
            tcb.closeQueued = true; // RFC 9293 §3.10.4: processed after entering ESTABLISHED
            return;
          }
          tcb.finQueued = true;
          this.setState('FIN_WAIT_1', cause);
          transmit(this.context);
          return;
        case 'ESTABLISHED':
          tcb.finQueued = true;
          this.setState('FIN_WAIT_1', cause);
          transmit(this.context);
          return;
        case 'CLOSE_WAIT':
          tcb.finQueued = true;
          this.setState('LAST_ACK', cause);
          transmit(this.context);
          return;
        default:
          throw new TcpUserError('connection closing');
      }
    });
  }

  /** ABORT (RFC 9293 §3.10.5). */
  abort(): void {
    this.guarded(() => {
      const tcb = this.tcb;
      const cause = { kind: 'call', call: 'abort' } as const;
      switch (tcb.state) {
        case 'CLOSED':
          throw new TcpUserError('connection does not exist');
        case 'SYN_RECEIVED':
        case 'ESTABLISHED':
        case 'FIN_WAIT_1':
        case 'FIN_WAIT_2':
        case 'CLOSE_WAIT':
          sendSegment(this.context, tcb.sndNxt, null, FLAGS.RST, EMPTY);
          this.setState('CLOSED', cause);
          return;
        default:
          // LISTEN and SYN-SENT have nothing synchronized; CLOSING, LAST-ACK and TIME-WAIT send nothing.
          this.setState('CLOSED', cause);
      }
    });
  }

  /** SEGMENT ARRIVES (RFC 9293 §3.10.7). */
  receive(segment: Segment): void {
    this.guarded(() => {
      if (this.tcb.state === 'CLOSED') {
        const reset = resetFor(segment);
        if (reset !== null) this.output(reset);
        return;
      }
      if (!this.isForUs(segment)) {
        throw new TcpUsageError(
          `segment for port ${segment.dstPort} from ${segment.srcPort} delivered to the connection on ${this.tcb.localPort}` +
            (this.tcb.remotePort === null ? '' : ` with ${this.tcb.remotePort}`),
        );
      }
      const { ackOwed } = segmentArrives(this.context, segment);
      this.afterSegment(segment, ackOwed);
    });
  }

  // ---- Private ----

  /** A fresh TCB for CLOSED or LISTEN. */
  private freshTcb(state: 'CLOSED' | 'LISTEN'): Tcb {
    const o = this.options;
    return {
      state,
      localPort: this.localPort,
      remotePort: this.configuredRemotePort,
      passive: false,
      iss: 0,
      sndUna: 0,
      sndNxt: 0,
      sndWnd: 0,
      sndWl1: 0,
      sndWl2: 0,
      maxSndWnd: 0,
      sendMss: Math.min(DEFAULT_SEND_MSS, o.mss),
      irs: 0,
      rcvNxt: 0,
      rcvAdvertisedEdge: 0,
      sendQueue: emptyByteQueue(),
      finQueued: false,
      finSeq: null,
      closeQueued: false,
      receiveQueue: emptyByteQueue(),
      reassembly: emptyReassemblyQueue(),
      finReceived: false,
      synText: null,
      rto: o.initialRto,
      rtt: initialRttEstimate(),
      retries: 0,
      retransmitted: false,
      resentEnd: null,
      synTimedOut: false,
      synOutstanding: true,
      sendTimes: [],
      dupAcks: 0,
      recoverySeq: null,
      fastRecovery: false,
      retransmitDeadline: null,
      persistDeadline: null,
      persistBackoff: 0,
      timeWaitDeadline: null,
      ackDeadline: null,
      userTimeout: o.userTimeout,
      lostReason: null,
    };
  }

  /** Selects an ISS for a new connection (RFC 9293 §3.4.1). */
  private selectIss(remotePort: number): number {
    return this.issFor(this.clock.now(), this.tcb.localPort, remotePort) >>> 0;
  }

  private setState(to: TcpState, cause: StateChangeCause, reason?: TcpErrorReason): void {
    const from = this.tcb.state;
    if (to === 'CLOSED' || to === 'LISTEN') {
      const lost = to === 'CLOSED' ? (reason ?? null) : null;
      this.tcb = this.freshTcb(to);
      this.tcb.lostReason = lost;
    } else {
      this.tcb.state = to;
      if (to === 'TIME_WAIT') startTimeWait(this.tcb, this.clock.now(), this.options.msl);
    }
    this.armTimer();
    if (from === to && to !== 'TIME_WAIT') return;
    this.announce(reason === undefined ? { from, to, cause } : { from, to, cause, reason });
  }

  private announce(change: StateChange): void {
    if (this.listeners.state.size > 0) this.pendingStateChanges.push(change);
  }

  private armTimer(): void {
    this.timer.arm(this.tcb);
  }

  private guarded<T>(work: () => T): T {
    if (this.busy) {
      throw new TcpUsageError(
        're-entrant call: output() and listeners must not call back into the connection synchronously',
      );
    }
    this.busy = true;
    try {
      return work();
    } finally {
      this.busy = false;
      this.flushEvents();
    }
  }

  /** Listeners may call back into the connection, so they run after the work, not inside it. */
  private flushEvents(): void {
    // The hot path (a segment in, an ACK out, nobody listening) allocates nothing here.
    if (this.pendingStateChanges.length > 0) {
      const changes = this.pendingStateChanges.splice(0);
      for (const change of changes) for (const listener of this.listeners.state) listener(change);
    }
    if (this.pendingEvents.size > 0) {
      const events = [...this.pendingEvents];
      this.pendingEvents.clear();
      for (const event of events) for (const listener of this.listeners[event]) listener();
    }
  }

  private queueEvent(event: ConnectionEvent): void {
    if (this.listeners[event].size > 0) this.pendingEvents.add(event);
  }

  private isForUs(segment: Segment): boolean {
    const tcb = this.tcb;
    return segment.dstPort === tcb.localPort && (tcb.remotePort === null || segment.srcPort === tcb.remotePort);
  }

  /** RFC 9293 §3.10.1: select an ISS, send <SEQ=ISS><CTL=SYN>, enter SYN-SENT. */
  private openActively(cause: StateChangeCause): void {
    const from = this.tcb.state;
    const remotePort = this.tcb.remotePort;
    if (remotePort === null) throw new TcpUserError('foreign socket unspecified');
    const tcb = this.freshTcb('CLOSED');
    tcb.state = 'SYN_SENT';
    tcb.remotePort = remotePort;
    tcb.iss = this.selectIss(remotePort);
    tcb.sndUna = tcb.iss;
    tcb.sndNxt = seqAdd(tcb.iss, 1);
    this.tcb = tcb;
    noteSent(this.context, tcb.sndNxt);
    sendSyn(this.context);
    this.armTimer();
    this.announce({ from, to: 'SYN_SENT', cause });
  }

  /**
   * After a segment: a CLOSE queued in SYN-RECEIVED takes effect once the
   * connection is synchronized; then the output pass, with the ACK the
   * arrival owes (none once the connection is gone).
   */
  private afterSegment(segment: Segment, ackOwed: boolean): void {
    const tcb = this.tcb;
    if (tcb.closeQueued && (tcb.state === 'ESTABLISHED' || tcb.state === 'CLOSE_WAIT')) {
      tcb.closeQueued = false;
      tcb.finQueued = true;
      this.setState(tcb.state === 'ESTABLISHED' ? 'FIN_WAIT_1' : 'LAST_ACK', { kind: 'segment', segment });
    }
    if (this.tcb.state !== 'CLOSED' && this.tcb.state !== 'LISTEN') transmit(this.context, ackOwed);
    if (tcb.receiveQueue.length > 0 || tcb.finReceived) this.queueEvent('readable');
  }

  private onTimer(): void {
    this.guarded(() => {
      expireTimers(this.context);
      this.armTimer();
    });
  }
}

function checkUserTimeout(ms: number): number {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new TcpUsageError(`userTimeout must be a whole number of ms, 0 (off) or more, got ${ms}`);
  }
  return ms;
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TcpUsageError(`${name} must be an integer from 0 to 65535, got ${port}`);
  }
}
