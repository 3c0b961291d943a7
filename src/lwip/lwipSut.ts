/**
 * The adapter between the model and lwIP's TCP (Debian's liblwip 2.1.3, in
 * this process, native/lwip.c). User calls become raw-API calls on the one
 * connection lwIP holds for the user; `RCV_*` events become the scripted
 * peer's segments, encoded by src/wire with their checksums and handed to
 * lwIP's netif; what lwIP sends is decoded (checksums verified) and judged by
 * the same `checkSent` as `TcpConnection`'s. Time is a `VirtualClock` whose
 * 250 ms timer calls `tcp_tmr()`, so a 2 MSL wait costs microseconds.
 */
import {
  TCP_STATES,
  type TcpInput,
  type TcpState,
  type UserCallError,
  type UserSignal,
} from '../../machines/tcp.machine';
import { parseDelayedEventType } from '../model/timers';
import {
  checkSent,
  freshPeer,
  noteUserData,
  peerMss,
  peerSegment,
  sendPayload,
  settlePeer,
  splitFin,
  type PeerState,
} from '../mbt/scriptedPeer';
import type { ModelStep, StepObservation, SystemUnderTest } from '../mbt/sut';
import { LOCAL_PORT, REMOTE_PORT } from '../mbt/tcpConnectionSut';
import { VirtualClock } from '../net/clock';
import type { Segment } from '../wire/segment';
import { ERR, loadLwipAddon, type LwipAddon, type LwipStatus } from './addon';
import { ipv4Number, packetFromPeer, segmentsFromLwip } from './wire';

/** lwIP's TCP_TMR_INTERVAL: tcp_tmr() runs every 250 ms (tcp_slowtmr every 500 ms). */
export const LWIP_TMR_INTERVAL_MS = 250;
export const LWIP_ADDRESS = '10.0.0.1';
export const PEER_ADDRESS = '10.0.0.2';

/** lwIP's enum tcp_state lists the 11 states in RFC 793's order, as TCP_STATES does. */
export function stateOf(lwipState: number): TcpState {
  const state = TCP_STATES[lwipState];
  if (state === undefined) throw new RangeError(`lwIP state ${lwipState} is not one of the 11`);
  return state;
}

class RefusedCall extends Error {
  override readonly name = 'RefusedCall';
  constructor(readonly reason: UserCallError) {
    super(reason);
  }
}

/**
 * An err_t from a call, in RFC 9293 §3.10's words. ERR_CONN is lwIP's "not
 * connected" (tcp_write_checks, tcp_shutdown): "connection closing" when the
 * user's connection exists but is past its CLOSE, "connection does not exist"
 * when the user holds only a listener.
 */
export function rfcReasonOf(err: number, userHasConnection: boolean): UserCallError {
  if (err === ERR.ISCONN || err === ERR.USE || err === ERR.ALREADY) return 'connection already exists';
  if (err === ERR.CONN && userHasConnection) return 'connection closing';
  return 'connection does not exist';
}

/**
 * The user's signal as lwIP's tcp_err callback gives it: ERR_RST for a reset
 * (in an actively opened SYN-RECEIVED, RFC 9293 §3.10.7.4's "connection
 * refused"; the user holds no passively opened one), ERR_ABRT when
 * tcp_slowtmr gave up (the retry limit, the user timeout of §3.8.3).
 * ERR_CLSD (LAST-ACK done) is no signal.
 */
export function signalOf(lost: number, from: TcpState): UserSignal | null {
  if (lost === ERR.RST) return from === 'SYN_RECEIVED' ? 'connection refused' : 'connection reset';
  if (lost === ERR.ABRT) return 'connection aborted due to user timeout';
  return null;
}

/** The steps since reset: the adapter's snapshot (lwIP's memory cannot be copied, a path can be replayed). */
interface ReplaySnapshot {
  readonly steps: readonly ModelStep[];
}

export class LwipSut implements SystemUnderTest<ReplaySnapshot> {
  readonly name = 'lwip';
  private readonly addon: LwipAddon;
  private readonly clock = new VirtualClock();
  private peer: PeerState = freshPeer(LOCAL_PORT, REMOTE_PORT);
  private taken: ModelStep[] = [];
  /** The err_t with which lwIP reported the user's connection gone during the current step, or 0. */
  private lost = 0;

  /** What a SEND hands over and the MSS the peer announces: the model input's (`sendSegments`). */
  private readonly payload: Uint8Array;
  private readonly mss: number;

  constructor(input: TcpInput = {}) {
    this.payload = sendPayload(input);
    this.mss = peerMss(input);
    this.addon = loadLwipAddon();
    this.reset();
  }

  reset(): void {
    // The netif's addresses on every path: a packetdrill run in the same process readdresses it (lwipScriptHost.ts).
    this.addon.init(ipv4Number(LWIP_ADDRESS), ipv4Number(PEER_ADDRESS));
    this.addon.reset();
    this.clock.reset(0);
    this.armTick();
    // tcp_in.c tcp_listen_input, tcp_process (SYN_SENT): text on a SYN or SYN-ACK is dropped (synTextDropped).
    this.peer = freshPeer(LOCAL_PORT, REMOTE_PORT, this.mss, false);
    this.peer.userBytes = 0;
    this.taken = [];
  }

  /** tcp_tmr() every 250 ms of the clock, from the path's start (the addon's reset() puts the slow ticks on whole 500 ms). */
  private armTick(): void {
    this.clock.setTimer(LWIP_TMR_INTERVAL_MS, () => {
      this.addon.tick();
      this.armTick();
    });
  }

  snapshot(): ReplaySnapshot {
    return { steps: this.taken.slice() };
  }

  restore(snapshot: ReplaySnapshot): void {
    this.reset();
    for (const step of snapshot.steps) this.step(step);
  }

  /** The addon's status; the err_t of a lost connection is kept for the step's signal. */
  private status(): LwipStatus {
    const status = this.addon.status(LOCAL_PORT, REMOTE_PORT);
    if (status.lost !== 0) this.lost = status.lost;
    return status;
  }

  step(step: ModelStep): StepObservation {
    this.taken.push(step);
    const problems: string[] = [];
    let rejected: string | null = null;
    let incoming: Segment | null = null;
    const packets: Uint8Array[] = [];
    this.lost = 0;
    try {
      incoming = this.apply(step, problems, packets);
    } catch (error) {
      if (error instanceof RefusedCall) rejected = error.reason;
      else
        problems.push(
          `${step.event} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
    }
    packets.push(...this.addon.drain());
    const status = this.status();
    const decoded = segmentsFromLwip(packets, LWIP_ADDRESS, PEER_ADDRESS);
    problems.push(...decoded.problems);
    const sent = decoded.segments.flatMap(splitFin);
    const checked = checkSent(this.peer, step, sent, incoming);
    const state = stateOf(status.state);
    settlePeer(this.peer, state);
    const signaled = signalOf(this.lost, step.from);
    return { state, sent: checked.observed, rejected, signaled, problems: [...problems, ...checked.problems] };
  }

  /** Performs the event; returns the segment injected, if any. Timer packets that come early go to `packets`. */
  private apply(step: ModelStep, problems: string[], packets: Uint8Array[]): Segment | null {
    if (parseDelayedEventType(step.event) !== undefined) {
      if (step.delayMs === null) throw new Error(`${step.event} comes without a delay`);
      // The model's timer fires at its delay, not before: 1 ms short of it, nothing may have happened.
      if (step.delayMs > 0) {
        this.clock.advance(step.delayMs - 1);
        packets.push(...this.addon.drain());
        const early = this.status();
        if (packets.length > 0 || early.state !== TCP_STATES.indexOf(step.from)) {
          problems.push(`a timer fired before the model's ${step.delayMs} ms`);
        }
        if (early.lost !== 0) problems.push(`lwIP gave the connection up before the model's ${step.delayMs} ms`);
      }
      this.clock.advance(Math.min(1, step.delayMs));
      return null;
    }
    if (step.event.startsWith('RCV_')) {
      const segment = peerSegment(this.peer, step.event, step.from);
      this.addon.input(packetFromPeer(segment, PEER_ADDRESS, LWIP_ADDRESS));
      return segment;
    }
    this.userCall(step);
    return null;
  }

  /**
   * A user call on the raw API. The user holds what a raw-API program holds:
   * the listener of PASSIVE_OPEN, or its connection (connect()'s pcb, or the
   * one the accept callback gave). A passively opened SYN-RECEIVED is lwIP's
   * pcb, not yet the user's (tcp_listen_input; accepted in tcp_process).
   */
  private userCall(step: ModelStep): void {
    const addon = this.addon;
    const before = this.status();
    const hasConnection = before.handle >= 0;
    const check = (err: number) => {
      if (err !== ERR.OK) throw new RefusedCall(rfcReasonOf(err, hasConnection));
    };
    const halfOpen = !hasConnection && before.listening === 1 && stateOf(before.state) === 'SYN_RECEIVED';
    switch (step.event) {
      case 'PASSIVE_OPEN':
        check(addon.listen(LOCAL_PORT));
        return;
      case 'ACTIVE_OPEN':
        check(addon.connect(LOCAL_PORT, ipv4Number(PEER_ADDRESS), REMOTE_PORT));
        return;
      case 'SEND': {
        if (halfOpen) throw new RefusedCall('connection does not exist');
        check(addon.write(this.payload));
        noteUserData(this.peer, this.payload.length);
        return;
      }
      case 'CLOSE':
        if (halfOpen) throw new RefusedCall('connection does not exist');
        // RFC 9293 §3.10.4: CLOSE is "I have no more to send", the connection still receives:
        // tcp_shutdown(pcb, 0, 1). In SYN-SENT it deletes the TCB (tcp_shutdown refuses there; tcp_close frees).
        check(hasConnection && stateOf(before.handle) !== 'SYN_SENT' ? addon.shutdown() : addon.close());
        return;
      case 'ABORT':
        if (halfOpen) throw new RefusedCall('connection does not exist');
        check(addon.abort());
        return;
      default:
        throw new Error(`${step.event} is not a user call`);
    }
  }
}
