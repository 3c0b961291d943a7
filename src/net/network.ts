/**
 * A simulated IP network between endpoints that share one clock: segments
 * are lost, duplicated, reordered, corrupted and delayed with seeded
 * randomness, so a run over a lossy path replays exactly from its seed.
 *
 * Wiring: an endpoint (a host, or a connection's arrival handler) is attached
 * under its address to receive, or connections are attached under an address
 * with `attachConnections`, which demultiplexes as a host does (a segment for
 * no connection is answered as RFC 9293 §3.10.7.1 says, never by throwing); a
 * connection's `output` callback comes from
 * `network.output(from, to)`. The two are separate so a connection can be
 * built with its output before its receiving side exists, and so a test can
 * inject segments from an address nobody is attached to.
 *
 * Segments are handed over, not copied: an undamaged segment reaches the
 * receiver as the very object the sender passed in (a duplicate, twice), since
 * copying or encoding every payload would dominate a bulk-transfer benchmark.
 * Neither the sender nor the receiver may mutate a payload once it is sent.
 * Only a corrupted segment goes through the wire format, because the checksum
 * (RFC 9293 §3.1) is what decides its fate.
 */

import { parseEndpoints, parseIpAddress } from '../wire/checksum';
import { resetFor } from '../tcp/reset';
import { TcpWireError } from '../wire/errors';
import type { Segment } from '../wire/segment';
import { decodeSegment, encodeSegment } from '../wire/tcp';
import type { Clock } from './clock';
import { SeededRandom } from './random';

export interface NetworkEndpoint {
  /** An IPv4 (or IPv6) address as `src/wire/` parses it: it enters the checksum's pseudo-header. */
  readonly address: string;
  /** `from` is the sender's address: a host needs it to demultiplex (RFC 9293 §3.3.1). */
  receive(segment: Segment, from: string): void;
}

/** What the network demultiplexes a connection by, and hands it segments through (a `TcpConnection` is one). */
export interface TcpEndpoint {
  readonly variables: { readonly state: string; readonly localPort: number; readonly remotePort: number | null };
  receive(segment: Segment): void;
}

/** What a connection calls to put a segment on the wire. */
export type SegmentOutput = (segment: Segment) => void;

/** The impairments of the path; every one defaults to none. */
export interface NetworkConditions {
  /** Probability in [0, 1] that a sent segment is lost. */
  readonly loss?: number;
  /** Probability in [0, 1] that a segment that was not lost arrives twice. */
  readonly duplication?: number;
  /** Probability in [0, 1] that a copy is held back by an extra delay (see `reorderDelayMs`). */
  readonly reorder?: number;
  /** Probability in [0, 1] that a copy has bits flipped on the way. */
  readonly corruption?: number;
  /**
   * Distinct bits flipped in a corrupted copy; default 1. The Internet
   * checksum catches every single-bit error, so undetected corruption needs 2
   * or more.
   */
  readonly corruptionBits?: number;
  /** One-way delay of every copy, in ms; default 0. */
  readonly delayMs?: number;
  /** Extra delay uniform in [0, jitterMs) added to every copy; default 0. */
  readonly jitterMs?: number;
  /**
   * A reordered copy waits between 1 and 2 times this long on top of its
   * delay, so it arrives after the copies sent up to `reorderDelayMs` after
   * it (jitter aside). Default: `delayMs`, or 1 ms when that is 0.
   */
  readonly reorderDelayMs?: number;
}

export interface SimulatedNetworkOptions extends NetworkConditions {
  readonly clock: Clock;
  /** An integer; the same seed and the same sends give the same fates. */
  readonly seed: number;
  /** Called for every fate, for debugging; omit it and the hot path allocates nothing for it. */
  readonly trace?: (event: NetworkTraceEvent) => void;
}

/**
 * - `lost`: dropped when sent (`loss`).
 * - `corruption-caught`: a corrupted copy the checksum rejected, so dropped.
 * - `delivered`: handed to the endpoint at `to`.
 * - `unroutable`: arrived where no endpoint is attached, so dropped.
 */
export type SegmentFate = 'lost' | 'corruption-caught' | 'delivered' | 'unroutable';

export interface NetworkTraceEvent {
  /** `clock.now()` when the fate was decided: the send for `lost`, the arrival otherwise. */
  readonly time: number;
  readonly from: string;
  readonly to: string;
  /** As delivered; for `lost` and `corruption-caught`, as sent. */
  readonly segment: Segment;
  readonly fate: SegmentFate;
  /** Bits were flipped and the checksum did not notice. */
  readonly corrupted: boolean;
  /** The second copy of a duplicated segment. */
  readonly duplicate: boolean;
  readonly reordered: boolean;
}

/** Counts of copies, except `sent` (calls to send) and `duplicated` (sends that became two copies). */
export interface NetworkStats {
  readonly sent: number;
  readonly delivered: number;
  /** Lost when sent (`loss`); corruption and unroutable drops are counted apart. */
  readonly dropped: number;
  readonly duplicated: number;
  readonly reordered: number;
  readonly corrupted: number;
  /** Corrupted copies the checksum rejected; `corrupted - corruptedCaught` got through altered. */
  readonly corruptedCaught: number;
  readonly unroutable: number;
  /** Copies scheduled and not yet arrived. */
  readonly inFlight: number;
}

/** Two endpoints attached under one address: the network could not tell where to deliver. */
export class AddressInUseError extends Error {
  override readonly name = 'AddressInUseError';

  constructor(readonly address: string) {
    super(`address ${address} is already attached to the network`);
  }
}

interface Copy {
  readonly segment: Segment;
  readonly from: string;
  readonly to: string;
  readonly corrupted: boolean;
  readonly duplicate: boolean;
  readonly reordered: boolean;
}

export class SimulatedNetwork {
  private readonly clock: Clock;
  private readonly random: SeededRandom;
  private readonly trace: ((event: NetworkTraceEvent) => void) | undefined;
  private readonly loss: number;
  private readonly duplication: number;
  private readonly reorder: number;
  private readonly corruption: number;
  private readonly corruptionBits: number;
  private readonly delayMs: number;
  private readonly jitterMs: number;
  private readonly reorderDelayMs: number;
  private readonly endpoints = new Map<string, NetworkEndpoint>();
  private readonly counters = {
    sent: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    reordered: 0,
    corrupted: 0,
    corruptedCaught: 0,
    unroutable: 0,
    inFlight: 0,
  };

  constructor(options: SimulatedNetworkOptions) {
    if (!Number.isInteger(options.seed)) {
      throw new RangeError(`seed must be an integer, got ${options.seed}`);
    }
    this.clock = options.clock;
    this.random = new SeededRandom(options.seed);
    this.trace = options.trace;
    this.loss = probability(options.loss, 'loss');
    this.duplication = probability(options.duplication, 'duplication');
    this.reorder = probability(options.reorder, 'reorder');
    this.corruption = probability(options.corruption, 'corruption');
    this.delayMs = duration(options.delayMs, 'delayMs', 0);
    this.jitterMs = duration(options.jitterMs, 'jitterMs', 0);
    this.reorderDelayMs = duration(options.reorderDelayMs, 'reorderDelayMs', this.delayMs > 0 ? this.delayMs : 1);
    const bits = options.corruptionBits ?? 1;
    if (!Number.isInteger(bits) || bits < 1) {
      throw new RangeError(`corruptionBits must be an integer >= 1, got ${bits}`);
    }
    this.corruptionBits = bits;
  }

  /**
   * Delivers segments addressed to `endpoint.address` to it from now on.
   * Throws `TcpWireError` (`bad-address`) for an address the wire format
   * cannot carry.
   */
  attach(endpoint: NetworkEndpoint): void {
    parseIpAddress(endpoint.address);
    if (this.endpoints.has(endpoint.address)) throw new AddressInUseError(endpoint.address);
    this.endpoints.set(endpoint.address, endpoint);
  }

  /**
   * Attaches connections that share one address, delivering each segment as
   * a host's demultiplexer does (RFC 9293 §3.3.1): to the connection its
   * ports name, else to one in LISTEN on its port, else it is a segment for a
   * CLOSED connection, answered with a RST unless it is one (§3.10.7.1).
   * So a corrupted segment whose checksum still matches but whose port
   * changed gets a RST, as from a real host, instead of reaching a connection
   * it was never for.
   */
  attachConnections(address: string, connections: readonly TcpEndpoint[]): void {
    this.attach({
      address,
      receive: (segment, from) => {
        const connection = demultiplex(connections, segment);
        if (connection !== undefined) {
          connection.receive(segment);
          return;
        }
        const reply = resetFor(segment);
        if (reply !== null) this.send(reply, address, from);
      },
    });
  }

  /** Segments still in flight to `address` will arrive as `unroutable`: the host is gone. */
  detach(address: string): void {
    this.endpoints.delete(address);
  }

  /**
   * The output callback for a connection at `from` talking to `to`. The
   * addresses are checked here, once, rather than only when a segment happens
   * to be corrupted and needs encoding: a typo should not fail at random.
   */
  output(from: string, to: string): SegmentOutput {
    parseEndpoints({ src: from, dst: to });
    return (segment) => this.send(segment, from, to);
  }

  /**
   * Puts one segment on the path from `from` to `to`; the addresses are not
   * checked (see `output`). Fates are drawn in a fixed order (loss,
   * duplication, then per copy corruption, jitter, reorder), and a draw is
   * skipped when its setting is 0, so an unimpaired network costs no random
   * numbers. The price: turning one impairment on shifts the random stream
   * the others draw from, so fates repeat for the same seed *and* settings.
   */
  send(segment: Segment, from: string, to: string): void {
    this.counters.sent++;
    if (this.loss > 0 && this.random.chance(this.loss)) {
      this.counters.dropped++;
      this.emitTrace({ segment, from, to, corrupted: false, duplicate: false, reordered: false }, 'lost');
      return;
    }
    const copies = this.duplication > 0 && this.random.chance(this.duplication) ? 2 : 1;
    if (copies === 2) this.counters.duplicated++;
    for (let copy = 0; copy < copies; copy++) {
      this.transmit(segment, from, to, copy > 0);
    }
  }

  /** A copy of the counters; the network keeps counting after it is taken. */
  get stats(): NetworkStats {
    return { ...this.counters };
  }

  private transmit(sent: Segment, from: string, to: string, duplicate: boolean): void {
    let segment = sent;
    let corrupted = false;
    if (this.corruption > 0 && this.random.chance(this.corruption)) {
      this.counters.corrupted++;
      const damaged = this.damage(sent, from, to);
      if (damaged === undefined) {
        this.counters.corruptedCaught++;
        this.emitTrace({ segment: sent, from, to, corrupted: false, duplicate, reordered: false }, 'corruption-caught');
        return;
      }
      segment = damaged;
      corrupted = true;
    }
    let delay = this.delayMs;
    if (this.jitterMs > 0) delay += this.random.float() * this.jitterMs;
    const reordered = this.reorder > 0 && this.random.chance(this.reorder);
    if (reordered) {
      this.counters.reordered++;
      delay += this.reorderDelayMs * (1 + this.random.float());
    }
    const arriving: Copy = { segment, from, to, corrupted, duplicate, reordered };
    this.counters.inFlight++;
    this.clock.setTimer(delay, () => this.arrive(arriving));
  }

  private arrive(copy: Copy): void {
    this.counters.inFlight--;
    const endpoint = this.endpoints.get(copy.to);
    if (endpoint === undefined) {
      this.counters.unroutable++;
      this.emitTrace(copy, 'unroutable');
      return;
    }
    this.counters.delivered++;
    // Traced before `receive`, so that anything the receiver sends in
    // response appears after its cause.
    this.emitTrace(copy, 'delivered');
    endpoint.receive(copy.segment, copy.from);
  }

  /**
   * Encodes the segment as it would cross the wire, flips distinct random
   * bits and decodes it again. Returns `undefined` when the receiver's checks
   * (above all the checksum) reject the bytes, as a real stack would drop
   * them. An encoding failure is not corruption but a bad segment or address
   * from the caller, so it propagates.
   */
  private damage(segment: Segment, from: string, to: string): Segment | undefined {
    const endpoints = { src: from, dst: to };
    const bytes = encodeSegment(segment, endpoints);
    const totalBits = bytes.length * 8;
    const flipped = new Set<number>();
    const wanted = Math.min(this.corruptionBits, totalBits);
    while (flipped.size < wanted) {
      const bit = this.random.below(totalBits);
      if (flipped.has(bit)) continue;
      flipped.add(bit);
      bytes[bit >> 3]! ^= 1 << (bit & 7);
    }
    try {
      return decodeSegment(bytes, endpoints);
    } catch (error) {
      if (error instanceof TcpWireError) return undefined;
      throw error;
    }
  }

  private emitTrace(copy: Copy, fate: SegmentFate): void {
    if (this.trace === undefined) return;
    this.trace({
      time: this.clock.now(),
      from: copy.from,
      to: copy.to,
      segment: copy.segment,
      fate,
      corrupted: copy.corrupted,
      duplicate: copy.duplicate,
      reordered: copy.reordered,
    });
  }
}

/** The connection a segment belongs to: its exact ports first, then a listener on its port (RFC 9293 §3.3.1). */
function demultiplex(connections: readonly TcpEndpoint[], segment: Segment): TcpEndpoint | undefined {
  let listener: TcpEndpoint | undefined;
  for (const connection of connections) {
    const { state, localPort, remotePort } = connection.variables;
    if (state === 'CLOSED' || localPort !== segment.dstPort) continue;
    if (remotePort === segment.srcPort) return connection;
    if (state === 'LISTEN' && remotePort === null) listener ??= connection;
  }
  return listener;
}

function probability(value: number | undefined, name: string): number {
  const p = value ?? 0;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be a probability in [0, 1], got ${p}`);
  return p;
}

function duration(value: number | undefined, name: string, fallback: number): number {
  const ms = value ?? fallback;
  if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`${name} must be a finite number of ms >= 0, got ${ms}`);
  return ms;
}
