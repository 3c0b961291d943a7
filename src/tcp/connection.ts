/**
 * A TCP connection endpoint that works on segments (RFC 9293 §3.10): user
 * calls in, segments in and out, time from an injected clock. No I/O, no real
 * timers: what it sends goes to `output`, and its timers are deadlines on the
 * clock, so tests run a 2 MSL wait in microseconds.
 *
 * Choices where the RFC leaves room are listed in docs/implementation.md.
 */
import {
  resolveSettings,
  type TcpInput,
  type TcpSettings,
  type TcpState,
} from '../../machines/tcp.machine';
import type { Clock, TimerId } from '../net/clock';
import type { Segment, SegmentFlags } from '../wire/segment';
import { dequeueBytes, emptyByteQueue, enqueueBytes, peekBytes } from './byteQueue';
import { TcpUsageError, TcpUserError, type TcpErrorReason } from './errors';
import { FLAGS } from './flags';
import { rfc6528IssGenerator, type IssGenerator } from './iss';
import { emptyReassemblyQueue } from './reassembly';
import { resetFor } from './reset';
import { backedOffRto, initialRttEstimate } from './rtt';
import { segmentArrives } from './segmentArrives';
import { seqAdd, seqGt, seqSub } from './seq';
import { cloneTcb, type Tcb } from './tcb';

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
export type TcpTimerOptions = Pick<TcpInput, 'rto' | 'minRto' | 'maxRto' | 'fallbackRto' | 'maxRetries' | 'msl' | 'rfc1337'>;

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
  output: (segment: Segment) => void;
}

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

export interface TcpConnectionEvents {
  state: (change: StateChange) => void;
  /** In-order data (or the peer's FIN) is waiting for `read()`. */
  readable: () => void;
  /** Send buffer space was freed by an acknowledgment. */
  writable: () => void;
}

/** The connection's data, to restore it later with `TcpConnection.restore`. */
export type TcpConnectionSnapshot = Readonly<Tcb>;

export interface ResolvedOptions extends TcpSettings {
  readonly mss: number;
  readonly window: number;
  readonly sendBufferSize: number;
}

type Listeners = { [K in keyof TcpConnectionEvents]: Set<TcpConnectionEvents[K]> };

const EMPTY = new Uint8Array(0);

export class TcpConnection {
  /** @internal */ tcb: Tcb;
  /** @internal */ readonly options: ResolvedOptions;
  /** @internal */ ackPending = false;
  private readonly clock: Clock;
  private readonly output: (segment: Segment) => void;
  private readonly issFor: IssGenerator;
  private readonly configuredRemotePort: number | null;
  private readonly localPort: number;
  private readonly listeners: Listeners = { state: new Set(), readable: new Set(), writable: new Set() };
  private armedTimer: { id: TimerId; at: number } | null = null;
  private busy = false;
  private readonly pendingStateChanges: StateChange[] = [];
  private readonly pendingEvents = new Set<'readable' | 'writable'>();

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
    this.options = {
      ...resolveSettings(options),
      mss,
      window,
      sendBufferSize: options.sendBufferSize ?? DEFAULT_SEND_BUFFER,
    };
    this.clock = options.clock;
    this.output = options.output;
    const iss = options.iss;
    this.issFor = typeof iss === 'number' ? () => iss >>> 0 : (iss ?? rfc6528IssGenerator());
    this.configuredRemotePort = options.remotePort ?? null;
    this.localPort = options.localPort;
    this.tcb = this.freshTcb('CLOSED');
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
    this.armedTimer = null;
    this.ackPending = false;
    this.pendingStateChanges.length = 0;
    this.pendingEvents.clear();
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
          return this.queueData(data);
        case 'SYN_SENT':
        case 'SYN_RECEIVED':
          if (tcb.closeQueued || tcb.finQueued) throw new TcpUserError('connection closing');
          return this.queueData(data); // sent once ESTABLISHED (RFC 9293 §3.10.2)
        case 'ESTABLISHED':
        case 'CLOSE_WAIT': {
          const taken = this.queueData(data);
          this.transmit();
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
    return this.guarded(() => {
      const tcb = this.tcb;
      if (tcb.state === 'CLOSED') throw new TcpUserError(tcb.lostReason ?? 'connection does not exist');
      if (tcb.receiveQueue.length === 0) {
        if (tcb.finReceived) throw new TcpUserError('connection closing');
        return EMPTY;
      }
      const data = dequeueBytes(tcb.receiveQueue, max);
      this.maybeSendWindowUpdate();
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
          this.transmit();
          return;
        case 'ESTABLISHED':
          tcb.finQueued = true;
          this.setState('FIN_WAIT_1', cause);
          this.transmit();
          return;
        case 'CLOSE_WAIT':
          tcb.finQueued = true;
          this.setState('LAST_ACK', cause);
          this.transmit();
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
          this.sendSegment(tcb.sndNxt, null, FLAGS.RST, EMPTY);
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
      this.ackPending = false;
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
      segmentArrives(this, segment);
      this.afterSegment(segment);
    });
  }

  // ---- Internals shared with segmentArrives ----

  /** @internal */
  now(): number {
    return this.clock.now();
  }

  /** @internal A fresh TCB for CLOSED or LISTEN. */
  freshTcb(state: 'CLOSED' | 'LISTEN'): Tcb {
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
      rto: o.initialRto,
      rtt: initialRttEstimate(),
      retries: 0,
      retransmitted: false,
      synTimedOut: false,
      sendTimes: [],
      dupAcks: 0,
      recoverySeq: null,
      retransmitDeadline: null,
      persistDeadline: null,
      persistBackoff: 0,
      timeWaitDeadline: null,
      lostReason: null,
    };
  }

  /** @internal Selects an ISS for a new connection (RFC 9293 §3.4.1). */
  selectIss(remotePort: number): number {
    return this.issFor(this.now(), this.tcb.localPort, remotePort) >>> 0;
  }

  /** @internal */
  setState(to: TcpState, cause: StateChangeCause, reason?: TcpErrorReason): void {
    const from = this.tcb.state;
    if (to === 'CLOSED' || to === 'LISTEN') {
      const lost = to === 'CLOSED' ? (reason ?? null) : null;
      this.tcb = this.freshTcb(to);
      this.tcb.lostReason = lost;
    } else {
      this.tcb.state = to;
      if (to === 'TIME_WAIT') {
        // RFC 9293 §3.10.7.4: "turn off the other timers" and start the 2 MSL wait.
        this.tcb.retransmitDeadline = null;
        this.tcb.persistDeadline = null;
        this.tcb.timeWaitDeadline = this.now() + 2 * this.options.msl;
      }
    }
    this.armTimer();
    if (from === to && to !== 'TIME_WAIT') return;
    this.announce(reason === undefined ? { from, to, cause } : { from, to, cause, reason });
  }

  private announce(change: StateChange): void {
    if (this.listeners.state.size > 0) this.pendingStateChanges.push(change);
  }

  /** @internal Puts one segment on the wire, advertising our window. */
  sendSegment(
    seq: number,
    ack: number | null,
    flags: SegmentFlags,
    payload: Uint8Array,
    options?: Segment['options'],
  ): void {
    const tcb = this.tcb;
    const window = flags.rst ? 0 : this.receiveWindow();
    if (ack !== null) tcb.rcvAdvertisedEdge = seqAdd(tcb.rcvNxt, window);
    const segment: Segment = {
      srcPort: tcb.localPort,
      dstPort: tcb.remotePort ?? 0,
      seq,
      ack: ack ?? 0,
      flags,
      window,
      payload,
      ...(options === undefined ? {} : { options }),
    };
    this.output(segment);
  }

  /**
   * @internal <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, except that SEQ is kept
   * within the peer's window: when a zero-window probe (RFC 9293 §3.8.6.1)
   * has put SND.NXT one past SND.UNA+SND.WND, SEQ=SND.NXT would fail the
   * peer's acceptability test (§3.10.7.4) and be answered with an ACK; two
   * peers probing each other's zero windows would then trade ACKs without
   * end. As Linux's tcp_acceptable_seq(), SEQ is then SND.UNA+SND.WND.
   */
  sendAck(): void {
    const tcb = this.tcb;
    const windowEnd = seqAdd(tcb.sndUna, tcb.sndWnd);
    const synchronized = tcb.sndUna !== tcb.iss;
    const seq = synchronized && seqGt(tcb.sndNxt, windowEnd) ? windowEnd : tcb.sndNxt;
    this.sendSegment(seq, tcb.rcvNxt, FLAGS.ACK, EMPTY);
    this.ackPending = false;
  }

  /** @internal Our SYN, or SYN-ACK when the peer's SYN is known, with the MSS option (RFC 9293 §3.7.1). */
  sendSyn(): void {
    const tcb = this.tcb;
    const options = { mss: this.options.mss };
    if (tcb.state === 'SYN_SENT') this.sendSegment(tcb.iss, null, FLAGS.SYN, EMPTY, options);
    else this.sendSegment(tcb.iss, tcb.rcvNxt, FLAGS.SYN_ACK, EMPTY, options);
    this.ackPending = false;
  }

  /**
   * @internal The window we offer: receive buffer not taken by unread data
   * (RFC 9293 §3.8.6.2). Data held out of order is not counted: it lies inside
   * the window already offered, and counting it would shrink the right edge
   * and make duplicate ACKs look like window updates (RFC 5681 §2).
   */
  receiveWindow(): number {
    return Math.max(0, this.options.window - this.tcb.receiveQueue.length);
  }

  /** @internal RCV.WND as last advertised. */
  rcvWnd(): number {
    return Math.max(0, seqSub(this.tcb.rcvAdvertisedEdge, this.tcb.rcvNxt));
  }

  /** @internal Where the first byte of `sendQueue` sits in sequence space. */
  sendQueueStart(): number {
    const tcb = this.tcb;
    return tcb.sndUna === tcb.iss ? seqAdd(tcb.iss, 1) : tcb.sndUna;
  }

  /**
   * @internal The output pass: new data within the peer's window, then the
   * FIN once all data is out, then an ACK if one is owed and nothing else
   * carried it. Data and FIN go only once our SYN is acknowledged, except a
   * FIN after a CLOSE in SYN-RECEIVED with nothing queued (RFC 9293 §3.10.4).
   */
  transmit(): void {
    const tcb = this.tcb;
    const synAcked = tcb.sndUna !== tcb.iss;
    const sendsData = synAcked && (tcb.state === 'ESTABLISHED' || tcb.state === 'CLOSE_WAIT' || tcb.finQueued);
    if (sendsData && tcb.finSeq === null) {
      const queueStart = this.sendQueueStart();
      let offset = seqSub(tcb.sndNxt, queueStart);
      let usable = seqSub(seqAdd(tcb.sndUna, tcb.sndWnd), tcb.sndNxt);
      while (offset < tcb.sendQueue.length && usable > 0) {
        const length = Math.min(tcb.sendMss, usable, tcb.sendQueue.length - offset);
        const payload = peekBytes(tcb.sendQueue, offset, length);
        const last = offset + length === tcb.sendQueue.length;
        this.sendNew(payload, last ? FLAGS.PSH_ACK : FLAGS.ACK);
        offset += length;
        usable -= length;
      }
      if (offset < tcb.sendQueue.length && tcb.sndWnd === 0 && tcb.sndNxt === tcb.sndUna) {
        this.startPersistTimer();
      }
    }
    const allDataSent = seqSub(tcb.sndNxt, this.sendQueueStart()) === tcb.sendQueue.length;
    if (tcb.finQueued && tcb.finSeq === null && allDataSent && (synAcked || tcb.sendQueue.length === 0)) {
      tcb.finSeq = tcb.sndNxt;
      this.sendNew(EMPTY, FLAGS.FIN_ACK);
    }
    if (this.ackPending) this.sendAck();
    this.armTimer();
  }

  /** @internal RFC 6298 §5.4: resend the earliest unacknowledged segment. */
  retransmitEarliest(): void {
    const tcb = this.tcb;
    tcb.retransmitted = true;
    if (tcb.sndUna === tcb.iss) {
      this.sendSyn();
      return;
    }
    const inFlightData = Math.min(tcb.sendQueue.length, seqSub(tcb.sndNxt, tcb.sndUna));
    if (inFlightData > 0) {
      const length = Math.min(tcb.sendMss, inFlightData);
      const payload = peekBytes(tcb.sendQueue, 0, length);
      this.sendSegment(tcb.sndUna, tcb.rcvNxt, length === tcb.sendQueue.length ? FLAGS.PSH_ACK : FLAGS.ACK, payload);
    } else if (tcb.finSeq !== null && !seqGt(tcb.sndUna, tcb.finSeq)) {
      this.sendSegment(tcb.finSeq, tcb.rcvNxt, FLAGS.FIN_ACK, EMPTY);
    } else {
      return;
    }
    this.ackPending = false;
  }

  /** @internal Arms (or re-arms) the one clock timer for the earliest deadline. */
  armTimer(): void {
    const tcb = this.tcb;
    let earliest = Number.POSITIVE_INFINITY;
    for (const deadline of [tcb.retransmitDeadline, tcb.persistDeadline, tcb.timeWaitDeadline]) {
      if (deadline !== null && deadline < earliest) earliest = deadline;
    }
    const armed = this.armedTimer;
    // A timer already due no later than the earliest deadline stays: it wakes us and we re-arm then.
    if (armed !== null && armed.at <= earliest) return;
    if (armed !== null) {
      this.clock.clearTimer(armed.id);
      this.armedTimer = null;
    }
    if (earliest === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, earliest - this.now());
    this.armedTimer = { id: this.clock.setTimer(delay, () => this.onTimer()), at: earliest };
  }

  // ---- Private ----

  private guarded<T>(work: () => T): T {
    if (this.busy) {
      throw new TcpUsageError('re-entrant call: output() and listeners must not call back into the connection synchronously');
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
    this.noteSent(tcb.sndNxt);
    this.sendSyn();
    this.armTimer();
    this.announce({ from, to: 'SYN_SENT', cause });
  }

  private queueData(data: Uint8Array): number {
    const tcb = this.tcb;
    const room = Math.max(0, this.options.sendBufferSize - tcb.sendQueue.length);
    const taken = Math.min(room, data.length);
    // A real copy: on a Node Buffer `slice` is a view, and the caller may reuse its buffer.
    if (taken > 0) enqueueBytes(tcb.sendQueue, new Uint8Array(data.subarray(0, taken)));
    return taken;
  }

  /** Sends a segment with new sequence space at SND.NXT and advances it (RFC 6298 §5.1 starts the timer). */
  private sendNew(payload: Uint8Array, flags: SegmentFlags): void {
    const tcb = this.tcb;
    const seq = tcb.sndNxt;
    tcb.sndNxt = seqAdd(seq, payload.length + (flags.fin ? 1 : 0));
    this.noteSent(tcb.sndNxt);
    this.sendSegment(seq, tcb.rcvNxt, flags, payload);
    this.ackPending = false;
  }

  /** @internal Records a first transmission (for RTT samples); RFC 6298 §5.1 starts the timer. */
  noteSent(end: number): void {
    const tcb = this.tcb;
    tcb.sendTimes.push({ end, at: this.now() });
    if (tcb.retransmitDeadline === null && tcb.persistDeadline === null) {
      tcb.retransmitDeadline = this.now() + tcb.rto;
    }
  }

  private startPersistTimer(): void {
    const tcb = this.tcb;
    if (tcb.persistDeadline !== null) return;
    tcb.persistDeadline = this.now() + Math.min(tcb.rto * 2 ** tcb.persistBackoff, this.options.maxRto);
  }

  /** After a segment: a CLOSE queued in SYN-RECEIVED takes effect once the connection is synchronized. */
  private afterSegment(segment: Segment): void {
    const tcb = this.tcb;
    if (tcb.closeQueued && (tcb.state === 'ESTABLISHED' || tcb.state === 'CLOSE_WAIT')) {
      tcb.closeQueued = false;
      tcb.finQueued = true;
      this.setState(tcb.state === 'ESTABLISHED' ? 'FIN_WAIT_1' : 'LAST_ACK', { kind: 'segment', segment });
    }
    if (this.tcb.state !== 'CLOSED' && this.tcb.state !== 'LISTEN') this.transmit();
    else if (this.ackPending) this.ackPending = false;
    if (tcb.receiveQueue.length > 0 || tcb.finReceived) this.queueEvent('readable');
  }

  /** @internal Sends a segment built elsewhere (a RST for a bad segment). */
  emit(segment: Segment): void {
    this.output(segment);
  }

  /** @internal Listeners run once the current call or segment is fully processed. */
  queueEvent(event: 'readable' | 'writable'): void {
    if (this.listeners[event].size > 0) this.pendingEvents.add(event);
  }

  /** RFC 9293 §3.8.6.2.2: tell the peer when reading opened the window by a useful amount. */
  private maybeSendWindowUpdate(): void {
    const tcb = this.tcb;
    if (tcb.state !== 'ESTABLISHED' && tcb.state !== 'FIN_WAIT_1' && tcb.state !== 'FIN_WAIT_2') return;
    const newEdge = seqAdd(tcb.rcvNxt, this.receiveWindow());
    const growth = seqSub(newEdge, tcb.rcvAdvertisedEdge);
    if (growth >= Math.min(this.options.window / 2, this.options.mss)) this.sendAck();
  }

  private onTimer(): void {
    this.armedTimer = null;
    this.guarded(() => {
      const now = this.now();
      const tcb = this.tcb;
      if (tcb.timeWaitDeadline !== null && tcb.timeWaitDeadline <= now) {
        this.setState('CLOSED', { kind: 'timer', timer: 'time-wait' });
        return;
      }
      if (tcb.retransmitDeadline !== null && tcb.retransmitDeadline <= now) {
        this.onRetransmissionTimeout();
      }
      if (this.tcb.persistDeadline !== null && this.tcb.persistDeadline <= now) {
        this.onPersistTimeout();
      }
      this.armTimer();
    });
  }

  /** RFC 6298 §5.4–§5.6, RFC 9293 §3.8.3. */
  private onRetransmissionTimeout(): void {
    const tcb = this.tcb;
    const cause = { kind: 'timer', timer: 'retransmission' } as const;
    if (tcb.retries >= this.options.maxRetries) {
      // R2 reached: the connection is closed without a RST; see docs/implementation.md.
      const passiveHalfOpen = tcb.state === 'SYN_RECEIVED' && tcb.passive;
      this.setState(passiveHalfOpen ? 'LISTEN' : 'CLOSED', cause, passiveHalfOpen ? undefined : 'connection aborted due to user timeout');
      return;
    }
    tcb.retries += 1;
    tcb.rto = backedOffRto(tcb.rto, this.options);
    if (tcb.sndUna === tcb.iss) tcb.synTimedOut = true;
    tcb.dupAcks = 0;
    // RFC 6582 partial-ACK recovery belongs to fast retransmit; after a timeout each hole waits for its own.
    tcb.recoverySeq = null;
    this.retransmitEarliest();
    tcb.retransmitDeadline = this.now() + tcb.rto;
  }

  /** RFC 9293 §3.8.6.1: probe a zero window with one byte; no retry limit while the peer answers. */
  private onPersistTimeout(): void {
    const tcb = this.tcb;
    tcb.persistDeadline = null;
    const queueStart = this.sendQueueStart();
    if (tcb.sndWnd > 0 || tcb.sendQueue.length === 0) {
      this.transmit();
      return;
    }
    if (tcb.sndNxt === tcb.sndUna) {
      tcb.sndNxt = seqAdd(tcb.sndNxt, 1);
      tcb.sendTimes.push({ end: tcb.sndNxt, at: this.now() });
    } else {
      tcb.retransmitted = true;
    }
    this.sendSegment(queueStart, tcb.rcvNxt, FLAGS.ACK, peekBytes(tcb.sendQueue, 0, 1));
    tcb.persistBackoff += 1;
    this.startPersistTimer();
  }
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TcpUsageError(`${name} must be an integer from 0 to 65535, got ${port}`);
  }
}
