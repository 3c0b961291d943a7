/**
 * State fixtures for the connection tests, in the manner of smoltcp's
 * `socket_established()`: `connectionIn(state)` builds a connection in a named
 * state by real calls and segments (ESTABLISHED is `connect()` and a SYN-ACK,
 * FIN-WAIT-1 is ESTABLISHED and `close()`, ...), so a test starts from a named
 * state, feeds one segment or call, and states exactly what leaves and the
 * state after.
 *
 * The ISSs are fixed (ours `LOCAL_SEQ`, the peer's `REMOTE_SEQ`), so every
 * expected segment is exact. Segments are compared whole: ports, sequence and
 * acknowledgment numbers, flags, window, payload and options.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { VirtualClock } from '../../src/net/clock';
import { TcpConnection, type StateChange, type TcpConnectionOptions } from '../../src/tcp/connection';
import { seqAdd } from '../../src/tcp/seq';
import { formatFlags, segment, type Segment, type SegmentSpec } from '../../src/wire/segment';

export const LOCAL_PORT = 80;
export const REMOTE_PORT = 49152;
/** Our ISS. */
export const LOCAL_SEQ = 1000;
/** The peer's ISS (our IRS). */
export const REMOTE_SEQ = 5000;
/** The MSS we advertise by default (DEFAULT_MSS). */
export const LOCAL_MSS = 1460;

export type Open = 'active' | 'passive';

export interface FixtureOptions extends Partial<Omit<TcpConnectionOptions, 'clock' | 'output'>> {
  /**
   * How the connection is opened: `passive` goes through LISTEN and a SYN,
   * `active` through `connect()` (a SYN-ACK, or for SYN-RECEIVED a bare SYN:
   * the simultaneous open). Default: passive for SYN-RECEIVED, active otherwise.
   */
  open?: Open;
  /** The MSS option on the peer's SYN; none by default (so 536 applies, RFC 9293 §3.7.1). */
  peerMss?: number;
  /** The window the peer advertises during the handshake; default 65535. */
  peerWindow?: number;
  /** The peer's ISS; default REMOTE_SEQ. (Ours is `iss`, default LOCAL_SEQ.) */
  peerIss?: number;
}

/** What `expectSent` compares: a segment with its payload as text, flags as packetdrill letters. */
export interface SegmentView {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: string;
  window: number;
  payload: string;
  options: Segment['options'];
  urgentPointer: number | undefined;
}

export function view(s: Segment): SegmentView {
  return {
    srcPort: s.srcPort,
    dstPort: s.dstPort,
    seq: s.seq,
    ack: s.ack,
    flags: formatFlags(s.flags),
    window: s.window,
    payload: Buffer.from(s.payload.buffer, s.payload.byteOffset, s.payload.length).toString('latin1'),
    options: s.options,
    urgentPointer: s.urgentPointer,
  };
}

export class Fixture {
  readonly clock: VirtualClock;
  readonly connection: TcpConnection;
  /** Segments the connection sent since the last `expectSent` (or since the setup). */
  readonly sent: Segment[] = [];
  /** When each of `sent` left. */
  readonly sentAt: number[] = [];
  /** State changes reported to the listener since the setup. */
  readonly changes: StateChange[] = [];
  private readonly window: number;

  constructor(readonly options: FixtureOptions = {}) {
    this.clock = new VirtualClock();
    const {
      open: _open,
      peerMss: _peerMss,
      peerWindow: _peerWindow,
      peerIss: _peerIss,
      ...connectionOptions
    } = options;
    this.window = options.window ?? 65535;
    this.connection = new TcpConnection({
      localPort: LOCAL_PORT,
      remotePort: REMOTE_PORT,
      iss: LOCAL_SEQ,
      // The scenarios are written for an ACK on every segment; test/tcp/delayedAck.test.ts sets ackDelay.
      ackDelay: 0,
      ...connectionOptions,
      clock: this.clock,
      output: (s) => {
        this.sent.push(s);
        this.sentAt.push(this.clock.now());
      },
    });
    this.connection.on('state', (change) => this.changes.push(change));
  }

  /** Our ISS + n, modulo 2^32. */
  local(n: number): number {
    const iss = typeof this.options.iss === 'number' ? this.options.iss : LOCAL_SEQ;
    return seqAdd(iss, n);
  }

  /** The peer's ISS + n, modulo 2^32. */
  remote(n: number): number {
    return seqAdd(this.options.peerIss ?? REMOTE_SEQ, n);
  }

  get state(): TcpState {
    return this.connection.state;
  }

  /** A segment from the peer: ports filled in, window 65535 unless given. */
  segment(spec: SegmentSpec): Segment {
    return segment({ srcPort: REMOTE_PORT, dstPort: LOCAL_PORT, ...spec });
  }

  /** The peer's next segment: SEQ = our RCV.NXT, ACK = our SND.NXT, unless overridden. */
  peer(spec: SegmentSpec = {}): SegmentSpec {
    const v = this.connection.variables;
    return { seq: v.rcvNxt, ack: v.sndNxt, flags: '.', ...spec };
  }

  /** One segment arrives. */
  recv(spec: SegmentSpec): void {
    this.connection.receive(this.segment(spec));
  }

  /** A segment we send: our ports, our full window unless given, no options. */
  ours(spec: SegmentSpec): Segment {
    return segment({ srcPort: LOCAL_PORT, dstPort: REMOTE_PORT, window: this.window, ...spec });
  }

  /** Exactly these segments were sent since the last check, in this order; then forgets them. */
  expectSent(specs: SegmentSpec[]): void {
    const actual = this.sent.map(view);
    this.clearSent();
    expect(actual).toEqual(specs.map((s) => view(this.ours(s))));
  }

  /** Like `expectSent`, with the time each segment left. */
  expectSentAt(expected: Array<[number, SegmentSpec]>): void {
    const actual = this.sent.map((s, i) => [this.sentAt[i], view(s)]);
    this.clearSent();
    expect(actual).toEqual(expected.map(([at, s]) => [at, view(this.ours(s))]));
  }

  clearSent(): void {
    this.sent.length = 0;
    this.sentAt.length = 0;
  }

  /** Advances the clock to the next pending timer and returns the new time. */
  nextTimer(): number {
    const at = this.clock.nextTimerAt();
    if (at === undefined) throw new Error('no timer is pending');
    this.clock.advanceTo(at);
    return at;
  }

  /** The peer's SYN or SYN-ACK during setup. */
  peerSyn(flags: 'S' | 'S.'): SegmentSpec {
    const { peerMss, peerWindow } = this.options;
    return {
      flags,
      seq: this.remote(0),
      ack: flags === 'S.' ? this.local(1) : 0,
      window: peerWindow ?? 65535,
      ...(peerMss === undefined ? {} : { options: { mss: peerMss } }),
    };
  }
}

/**
 * A connection in `state`, reached by the calls and segments of RFC 9293's
 * Figure 5, with nothing left in `sent` or `changes`.
 */
export function connectionIn(state: TcpState, options: FixtureOptions = {}): Fixture {
  const f = new Fixture(options);
  reach(f, state);
  expect(f.state).toBe(state);
  f.clearSent();
  f.changes.length = 0;
  return f;
}

function reach(f: Fixture, state: TcpState): void {
  const open = f.options.open ?? (state === 'SYN_RECEIVED' ? 'passive' : 'active');
  switch (state) {
    case 'CLOSED':
      return;
    case 'LISTEN':
      f.connection.listen();
      return;
    case 'SYN_SENT':
      f.connection.connect();
      return;
    case 'SYN_RECEIVED':
      if (open === 'passive') f.connection.listen();
      else f.connection.connect();
      f.recv(f.peerSyn('S'));
      return;
    case 'ESTABLISHED':
      if (open === 'passive') {
        reach(f, 'SYN_RECEIVED');
        f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: f.options.peerWindow ?? 65535 });
      } else {
        f.connection.connect();
        f.recv(f.peerSyn('S.'));
      }
      return;
    case 'FIN_WAIT_1':
      reach(f, 'ESTABLISHED');
      f.connection.close();
      return;
    case 'FIN_WAIT_2':
      reach(f, 'FIN_WAIT_1');
      f.recv({ flags: '.', seq: f.remote(1), ack: f.local(2) });
      return;
    case 'CLOSE_WAIT':
      reach(f, 'ESTABLISHED');
      f.recv({ flags: 'F.', seq: f.remote(1), ack: f.local(1) });
      return;
    case 'CLOSING':
      reach(f, 'FIN_WAIT_1');
      f.recv({ flags: 'F.', seq: f.remote(1), ack: f.local(1) });
      return;
    case 'LAST_ACK':
      reach(f, 'CLOSE_WAIT');
      f.connection.close();
      return;
    case 'TIME_WAIT':
      reach(f, 'FIN_WAIT_2');
      f.recv({ flags: 'F.', seq: f.remote(1), ack: f.local(2) });
      return;
  }
}

/** Text as bytes. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Bytes as text (latin1, so any byte round-trips). */
export function text(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.length).toString('latin1');
}

/** `n` bytes of a repeating pattern, so misplaced bytes show. */
export function pattern(n: number, offset = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = 97 + ((offset + i) % 26);
  return out;
}
