/**
 * The adapter between the model and the Linux kernel's TCP, one instance per
 * path, each on its own port pair. User calls become socket calls in the
 * test namespace (listen, connect, write, end for CLOSE, resetAndDestroy for
 * ABORT); `RCV_*` events become the scripted peer's segments, written to the
 * TUN device; what the kernel sends comes back from it. The state is the
 * kernel's own, read from /proc/net/tcp. Timer events wait for real: the
 * model's delay, with a tolerance for timer slack.
 */
import * as net from 'node:net';
import type { TcpInput, TcpState, UserCallError } from '../../machines/tcp.machine';
import { parseDelayedEventType } from '../model/timers';
import {
  checkSent,
  describeSegment,
  freshPeer,
  noteUserData,
  peerNxt,
  peerSegment,
  peerMss,
  sendPayload,
  settlePeer,
  splitByMss,
  splitFin,
  type PeerState,
} from '../mbt/scriptedPeer';
import type { ModelStep, StepObservation } from '../mbt/sut';
import type { Segment } from '../wire/segment';
import { loadAddon } from './addon';
import type { AsyncSystemUnderTest } from './asyncRunner';
import type { PrivateNetwork } from './network';
import type { KernelTable } from './procNetTcp';
import type { ArrivedSegment, TunDevice } from './tunDevice';

/** How long a step waits for the kernel's answer to a call or a segment (it answers within a millisecond; the rest is margin for a loaded event loop). */
export const SETTLE_MS = 60;

/**
 * A step slower than this (beyond its settling time), or a pause this long
 * between steps, may have let a 1 s retransmission timer run: the path is
 * judged all the same, and run again if it fails.
 */
const LATE_MS = 300;
/** An event loop this late waking up makes a path's timing unreliable. */
const LAG_MS = 150;
/** How long a call waits for Node to accept a connection the kernel has established (see `accepted`). */
const ACCEPT_WAIT_MS = 500;

export interface LinuxTarget {
  readonly network: PrivateNetwork;
  readonly tun: TunDevice;
  readonly table: KernelTable;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Node's and the kernel's error codes for a refused call, in RFC 9293's words. */
export function rfcReasonOf(error: unknown): UserCallError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
    case 'EADDRNOTAVAIL':
    case 'EISCONN':
    case 'EALREADY':
    case 'ERR_SERVER_ALREADY_LISTEN':
      return 'connection already exists';
    case 'EPIPE':
    case 'ERR_STREAM_WRITE_AFTER_END':
      return 'connection closing';
    default:
      return 'connection does not exist';
  }
}

/** The kernel socket under a Node socket (libuv keeps it in its handle). */
function socketFd(socket: net.Socket): number {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('the socket has no file descriptor');
  return fd;
}

class RefusedCall extends Error {
  override readonly name = 'RefusedCall';
  constructor(
    readonly reason: UserCallError,
    why: string,
  ) {
    super(why);
  }
}

/** Refuses a user call with the RFC's words for the system's error (`rfcReasonOf`). */
function refuse(error: unknown): never {
  throw new RefusedCall(rfcReasonOf(error), String(error));
}

export class LinuxPathSut implements AsyncSystemUnderTest {
  readonly name = 'linux';
  private readonly peer: PeerState;
  private inbox: ArrivedSegment[] = [];
  private server: net.Server | null = null;
  private socket: net.Socket | null = null;
  /** Errors the sockets reported during the current step. */
  private errors: Error[] = [];
  /** When the model's timer for the current state (re)started: the last segment or state change. */
  private timerStart = performance.now();
  private lastState: TcpState = 'CLOSED';
  /** When the previous step ended, and whether any step ran late (see `late`). */
  private lastStepEnd = performance.now();
  private wasLate = false;
  /** The user called CLOSE; `shutdownPending`: it waits behind writes queued in Node before ESTABLISHED. */
  private closed = false;
  private shutdownPending = false;
  /** A SEND was handed to the socket this step; after the settling time it is known whether the kernel took it. */
  private writePending = false;
  private readonly unlisten: () => void;
  private readonly addon = loadAddon();
  /** What a SEND hands over: the model input's (`sendSegments`), with the MSS the peer announces. */
  private readonly payload: Uint8Array;

  constructor(
    private readonly target: LinuxTarget,
    readonly kernelPort: number,
    readonly peerPort: number,
    input: TcpInput = {},
  ) {
    this.payload = sendPayload(input);
    // net/ipv4/tcp_input.c tcp_conn_request, tcp_rcv_state_process: text on a SYN or SYN-ACK is dropped (synTextDropped).
    this.peer = freshPeer(kernelPort, peerPort, peerMss(input), false);
    this.unlisten = target.tun.listen(kernelPort, peerPort, (arrived) => this.inbox.push(arrived));
  }

  /** The kernel's state of this path's connection, from a reading of the socket table taken after `since`. */
  async kernelState(since = performance.now()): Promise<TcpState> {
    // The kernel answers a segment or a call within a millisecond; a reading 5 ms later sees the result.
    await this.target.table.after(since + 5);
    return this.target.table.stateOf(this.kernelPort, this.peerPort) ?? 'CLOSED';
  }

  /**
   * sleep(), noting an event loop that overslept: then the times this path
   * read from the TUN are late too, and a failure may be the test's.
   */
  private async pause(ms: number): Promise<void> {
    const start = performance.now();
    await sleep(ms);
    if (performance.now() - start - ms > LAG_MS) this.wasLate = true;
  }

  /** A step (or the pause before it) took long enough for the kernel's timers to run meanwhile. */
  late(): boolean {
    return this.wasLate;
  }

  async step(step: ModelStep): Promise<StepObservation> {
    this.errors = [];
    const actedAt = performance.now();
    if (actedAt - this.lastStepEnd > LATE_MS) this.wasLate = true;
    const problems: string[] = [];
    let rejected: string | null = null;
    let incoming: Segment | null = null;
    const delayed = parseDelayedEventType(step.event) !== undefined;
    try {
      if (delayed) {
        await this.waitForTimer(step, problems);
      } else if (step.event.startsWith('RCV_')) {
        incoming = peerSegment(this.peer, step.event, step.from);
        this.target.tun.send(incoming);
        await this.pause(SETTLE_MS);
      } else {
        await this.userCall(step.event);
        await this.pause(SETTLE_MS);
        if (this.writePending) {
          this.writePending = false;
          // After our CLOSE the kernel refuses the write with EPIPE.
          if (this.errors.length > 0) refuse(this.errors[0]);
          noteUserData(this.peer, this.payload.length);
        }
      }
      await this.nodeQueueDrained();
    } catch (error) {
      if (error instanceof RefusedCall) rejected = error.reason;
      else
        problems.push(
          `${step.event} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
    }
    if (!delayed && performance.now() - actedAt > SETTLE_MS + LATE_MS) this.wasLate = true;
    const arrived = this.inbox.splice(0);
    // Slow steps add up: a segment the model did not expect, more than 800 ms into a timer that may be
    // as short as 1 s, may be the kernel's retransmission.
    const sent = arrived.flatMap((a) => splitByMss(a.segment, this.peer.mss).flatMap(splitFin));
    if (!delayed && sent.length !== step.sends.length && performance.now() - this.timerStart > 800) this.wasLate = true;
    const state = await this.kernelState();
    if (arrived.length > 0) this.timerStart = arrived[arrived.length - 1]!.at;
    else if (state !== this.lastState || delayed) this.timerStart = delayed ? performance.now() : actedAt;
    this.lastState = state;
    this.lastStepEnd = performance.now();
    // A segment sent before the step's own segment was processed (the queued FIN that leaves as a
    // SYN-ACK or FIN establishes the connection) acknowledges what RCV.NXT was before the step.
    const before = peerNxt(step.from, this.peer.dataAccepted);
    const checked = checkSent(this.peer, step, sent, incoming);
    const earlier = new Set(
      sent
        .slice(0, -1)
        .filter((seg) => seg.ack === before)
        .map((seg) => describeSegment(seg)),
    );
    const fieldProblems = checked.problems.filter(
      (problem) => ![...earlier].some((text) => problem.startsWith(`${text}: acknowledges ${before},`)),
    );
    settlePeer(this.peer, state);
    return { state, sent: checked.observed, rejected, problems: [...problems, ...fieldProblems] };
  }

  /**
   * A timer event: wait for what the model expects (its segments, or its
   * state change), up to the model's delay plus a tolerance, and no longer.
   * A timer that fires well before the model's delay is a problem too.
   */
  private async waitForTimer(step: ModelStep, problems: string[]): Promise<void> {
    const delay = step.delayMs ?? 0;
    // Linux's RTO is the model's plus the smoothed RTT, and the RTT samples here include the time a step
    // takes (the peer answers one step later, and steps slow down under load): its timeouts run later than the model's.
    const deadline = this.timerStart + delay * 1.5 + 1000;
    const poll = Math.min(50, Math.max(5, delay / 40));
    const expected = step.sends.length;
    for (;;) {
      // A data segment with the FIN on it counts as the two the model sends (splitFin).
      if (expected > 0 && this.inbox.flatMap((a) => splitFin(a.segment)).length >= expected) break;
      if (expected === 0 && step.to !== step.from && (await this.kernelState()) === step.to) break;
      if (performance.now() >= deadline) break;
      await this.pause(poll);
    }
    const firedAt = this.inbox[0]?.at ?? performance.now();
    const elapsed = firedAt - this.timerStart;
    // Only a timer that fires far too early is judged (a tail loss probe would, after 10 ms): an event
    // loop that is slow to read the TUN makes the measured start of the timer late.
    if ((this.inbox.length > 0 || step.to !== step.from) && elapsed < 0.5 * delay - 50) {
      problems.push(`the kernel's timer fired after ${Math.round(elapsed)} ms; the model's delay is ${delay} ms`);
    }
    await this.pause(SETTLE_MS);
  }

  /**
   * Writes queued in Node before ESTABLISHED leave once connect() completes,
   * an event-loop turn after the kernel's ACK: wait for them (up to a bound),
   * then make the CLOSE that waited behind them, then let the kernel send.
   */
  private async nodeQueueDrained(): Promise<void> {
    const socket = this.socket;
    if (socket === null || socket.destroyed) return;
    if (socket.writableLength === 0 && !this.shutdownPending) return;
    // Node learns of ESTABLISHED an event-loop turn after the kernel reaches it.
    const deadline = performance.now() + 500;
    while (socket.connecting && performance.now() < deadline) {
      const state = await this.kernelState();
      if (state === 'SYN_SENT' || state === 'SYN_RECEIVED' || state === 'CLOSED') return;
      await this.pause(10);
    }
    let waited = false;
    while (socket.writableLength > 0 && performance.now() < deadline) {
      waited = true;
      await this.pause(10);
    }
    if (this.shutdownPending && socket.writableLength === 0) {
      this.shutdownPending = false;
      this.addon.shutdownWrite(socketFd(socket));
      waited = true;
    }
    if (waited) await this.pause(SETTLE_MS);
  }

  private socketOpen(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  private listening(): boolean {
    return this.server !== null && this.server.listening;
  }

  /**
   * The listening socket holds a request socket for this path's peer: a
   * connection the user cannot name, because accept() returns only
   * established ones. CLOSE and ABORT then refer to it, not to the listener.
   */
  private async halfOpen(): Promise<boolean> {
    return this.socket === null && (await this.kernelState()) === 'SYN_RECEIVED';
  }

  /**
   * CLOSE or ABORT with no connection socket open. In LISTEN either call deletes the TCB (RFC 9293 §3.10.4,
   * §3.10.5): close() on the listener. A connection the listener half-holds (halfOpen) cannot be named, and
   * with no listener there is nothing to close: ENOTCONN, "connection does not exist".
   */
  private async closeListener(): Promise<void> {
    if (!this.listening() || (await this.halfOpen())) refuse({ code: 'ENOTCONN' });
    this.server!.close();
  }

  private watch(socket: net.Socket): net.Socket {
    socket.on('error', (error) => this.errors.push(error));
    socket.on('data', () => {});
    return socket;
  }

  /**
   * The kernel established a connection on the listener, but Node has not
   * yet run the accept callback that hands it over (it runs on a later turn
   * of a loaded event loop): wait for it, up to a bound, before a call that
   * needs the connection's socket.
   */
  private async accepted(): Promise<void> {
    if (this.socket !== null || !this.listening()) return;
    const deadline = performance.now() + ACCEPT_WAIT_MS;
    while (this.socket === null && performance.now() < deadline) {
      const state = await this.kernelState();
      if (state === 'LISTEN' || state === 'SYN_RECEIVED' || state === 'CLOSED') return;
      await this.pause(5);
    }
  }

  /** Performs a user call; throws RefusedCall with the RFC's words if the system refuses it. */
  private async userCall(event: string): Promise<void> {
    const { kernelAddress, peerAddress } = this.target.network;
    if (event === 'SEND' || event === 'CLOSE' || event === 'ABORT') await this.accepted();
    switch (event) {
      case 'PASSIVE_OPEN': {
        // listen() on a handle that is already open: Node refuses (ERR_SERVER_ALREADY_LISTEN); the kernel gives EINVAL for a connected socket.
        if (this.socketOpen() || this.listening()) refuse({ code: 'ERR_SERVER_ALREADY_LISTEN' });
        const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
          // RFC 9293's LISTEN is used up by the connection it accepts: the listening socket closes.
          this.socket = this.watch(socket);
          server.close();
        });
        this.server = server;
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: kernelAddress, port: this.kernelPort, backlog: 8 }, () => resolve());
        }).catch(refuse);
        server.on('error', (error) => this.errors.push(error));
        return;
      }
      case 'ACTIVE_OPEN': {
        if (this.socketOpen() || this.listening()) refuse({ code: 'EISCONN' });
        this.socket = this.watch(
          net.connect({
            host: peerAddress,
            port: this.peerPort,
            localAddress: kernelAddress,
            localPort: this.kernelPort,
            allowHalfOpen: true,
            noDelay: true,
          }),
        );
        await this.pause(SETTLE_MS);
        const failed = this.errors.find((error) =>
          ['EADDRINUSE', 'EADDRNOTAVAIL'].includes((error as NodeJS.ErrnoException).code ?? ''),
        );
        if (failed !== undefined) refuse(failed);
        return;
      }
      case 'SEND': {
        // A half-open connection has no handle before accept() returns it; the listening socket gives ENOTCONN.
        if (!this.socketOpen()) refuse({ code: 'ENOTCONN' });
        // Before ESTABLISHED Node queues the write; after our CLOSE the kernel will refuse it (EPIPE) once
        // it gets there, so it is refused now.
        if (this.closed && this.socket!.connecting) refuse({ code: 'EPIPE' });
        this.socket!.write(this.payload);
        this.writePending = true;
        return;
      }
      case 'CLOSE': {
        if (this.socketOpen()) {
          const socket = this.socket!;
          // A SEND made before ESTABLISHED waits in Node's write queue, in front of the kernel: the CLOSE waits
          // behind it, as RFC 9293 §3.10.4 queues it (shutdown() now would send the FIN before the data).
          // A second CLOSE while it waits is a second shutdown(): accepted.
          if (this.shutdownPending) return;
          if (socket.connecting && socket.writableLength > 0 && (await this.kernelState()) === 'SYN_RECEIVED') {
            this.closed = true;
            this.shutdownPending = true;
            return;
          }
          // CLOSE is shutdown(SHUT_WR): the socket stays open for reading, as RFC 9293's CLOSE leaves the
          // connection open to receive. (close() would orphan it, and Linux orphans have timers of their own.)
          try {
            this.addon.shutdownWrite(socketFd(this.socket!));
          } catch (error) {
            refuse(error);
          }
          this.closed = true;
          return;
        }
        await this.closeListener();
        return;
      }
      case 'ABORT': {
        if (this.socketOpen()) {
          // ABORT is close() with SO_LINGER {1, 0}: Linux sends a RST where RFC 9293 §3.10.5 does.
          this.addon.lingerZero(socketFd(this.socket!));
          this.socket!.destroy();
          return;
        }
        await this.closeListener();
        return;
      }
      default:
        throw new Error(`${event} is not a user call`);
    }
  }

  async dispose(): Promise<void> {
    this.unlisten();
    this.server?.close();
    if (this.socket !== null && !this.socket.destroyed) this.socket.destroy();
  }
}
