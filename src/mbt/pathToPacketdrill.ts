/**
 * A model path as a packetdrill script that src/pkt's runner plays against
 * our sockets layer (`tcp-statechart pkt FILE`): the script plays the peer
 * and expects of the host exactly what the model says, so it passes against
 * a correct TCP and fails, at the lines of the step, where the TCP does
 * otherwise. Pure: the model's steps in, text out; nothing is played here.
 *
 * - User calls become system calls on a socket: ACTIVE_OPEN a non-blocking
 *   connect() (EINPROGRESS), PASSIVE_OPEN bind() and listen(), SEND a
 *   write() of SEND_PAYLOAD's length, CLOSE shutdown(SHUT_WR) (RFC 9293
 *   §3.10.4: CLOSE only ends our sending; close() would also give up the
 *   descriptor), or close() on a listener. A call the model refuses expects
 *   `-1` and the errno the sockets layer reports for the RFC's words
 *   (src/sockets/errno.ts).
 * - `RCV_*` events become `<` lines: the scripted peer's own segments
 *   (scriptedPeer.ts), its numbers relative to its ISS and ours, as
 *   packetdrill writes them.
 * - The model's sends become `>` lines, their fields worked out from what
 *   the peer knows, and checked by the scripted peer's own `checkSent`
 *   before they are written.
 * - A timer event puts its delay (the graph edge's `delayMs`) on the next
 *   line's time; every other line is `+0`.
 *
 * The model is one connection; the sockets API is not, and some paths have
 * no script. Those get a reason instead (`expressible: false`), never a
 * script that expects something else.
 */
import { initialTransition, transition } from 'xstate';
import {
  PEER_WINDOW_EVENTS,
  SYN_TEXT_EVENTS,
  SYNCHRONIZED_STATES,
  tcpMachine,
  tcpState,
  type TcpInput,
  type TcpState,
  type UserCallError,
} from '../../machines/tcp.machine';
import { outputActionsOf, rejectionOf, SEGMENT_LABELS } from '../model/actions';
import { parseDelayedEventType } from '../model/timers';
import { errnoForReason, ERRNO } from '../sockets/errno';
import { formatFlags, parseFlags, segmentLength, type Segment } from '../wire/segment';
import { seqAdd, seqGeq, seqGt, seqLeq, seqSub } from '../tcp/seq';
import { delayOf, walk, type ModelEventType, type ModelGraph } from './modelGraph';
import { modelStep, type PathResult } from './runner';
import {
  checkSent,
  freshPeer,
  noteUserData,
  peerSegment,
  PEER_ISS,
  rcvNxtAfter,
  SEND_PAYLOAD,
  settlePeer,
  type PeerState,
} from './scriptedPeer';
import { eventName } from './modelGraph';
import type { ModelStep } from './sut';

export type PacketdrillTranslation =
  | {
      readonly expressible: true;
      readonly script: string;
      /** For each step translated, the 1-based lines of the script it wrote (empty for a step with no line). */
      readonly stepLines: readonly (readonly number[])[];
    }
  | {
      readonly expressible: false;
      /** Index of the first step that has no script. */
      readonly step: number;
      readonly reason: string;
    };

export interface PacketdrillOptions {
  /** The path's name in the script's first comment; by default its states and events, as describePath writes them. */
  readonly name?: string;
  /** Index of the step that failed: marked in the script, and the steps after it left out (the run stops there). */
  readonly failedAt?: number;
}

/**
 * The host's ISS in the peer's bookkeeping: 0, because a script writes the
 * host's numbers relative to its ISN (the runner learns the real one from
 * the first `>` SYN). The ports are only the peer's labels; the runner
 * supplies its own.
 */
const HOST_ISS = 0;
const PORTS = { local: 8080, remote: 40000 };
/** A SYN's options (the MSS value) are the host's to choose; other segments carry none, and a `>` line without a list says so. */
const ANY_OPTIONS = ' <...>';

const SYNCHRONIZED: ReadonlySet<TcpState> = new Set(SYNCHRONIZED_STATES);

class Inexpressible extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** What the script has done to the host's sockets so far. */
interface Sockets {
  /** The script descriptor of the connection's socket, or null (none yet, or a connection accept() has not returned). */
  fd: number | null;
  /** The listening socket's descriptor, while it listens. */
  listenerFd: number | null;
  /** A socket(), and then an open, were made: the sockets layer keeps that socket and its port. */
  opened: boolean;
  /** shutdown(SHUT_WR) was called. */
  writeShut: boolean;
  /** A passively opened connection went back to LISTEN: its listener's next connection has an ISN the script's flow does not know. */
  backToListen: boolean;
  nextFd: number;
}

/** The host's data on the wire, as far as the script's peer knows it: RFC 9293's SND.UNA, and where each data segment began. */
interface Transmissions {
  una: number;
  dataStarts: number[];
}

/** Translates the path `events` from CLOSED, or says why it has no script. */
export function pathToPacketdrill(
  graph: ModelGraph,
  events: readonly ModelEventType[],
  options: PacketdrillOptions = {},
): PacketdrillTranslation {
  return stepsToPacketdrill(
    graph.input,
    walk(graph, events).map((edge) => modelStep(graph, edge)),
    options,
  );
}

/** Translates a path that ran (a failing one: up to its failing step, which the script marks). */
export function pathResultToPacketdrill(
  input: TcpInput,
  result: PathResult,
  options: PacketdrillOptions = {},
): PacketdrillTranslation {
  return stepsToPacketdrill(
    input,
    result.steps.map((record) => record.step),
    result.failedAt >= 0 ? { failedAt: result.failedAt, ...options } : options,
  );
}

/** `CLOSED -ACTIVE_OPEN-> SYN_SENT -after RTO-> SYN_SENT`, as describePath names a path. */
function stepsName(steps: readonly ModelStep[]): string {
  return steps.reduce<string>(
    (name, step) => `${name} -${eventName(step.event)}-> ${step.to}`,
    steps[0]?.from ?? 'CLOSED',
  );
}

/** Translates the model's steps of a path run with `input`. */
export function stepsToPacketdrill(
  input: TcpInput,
  allSteps: readonly ModelStep[],
  options: PacketdrillOptions = {},
): PacketdrillTranslation {
  const failedAt = options.failedAt ?? -1;
  const steps = failedAt >= 0 ? allSteps.slice(0, failedAt + 1) : allSteps;
  // src/pkt refuses a script with no event: it would check nothing.
  if (steps.length === 0)
    return { expressible: false, step: 0, reason: 'the empty path has no step to write as a script line' };
  if ((input.sendSegments ?? 1) > 1)
    return {
      expressible: false,
      step: 0,
      reason: 'a SEND of several segments (sendSegments) has no script: a write is of SEND_PAYLOAD',
    };
  const lines = [`// ${options.name ?? stepsName(allSteps)}`];
  lines.push('// Written from the model (src/mbt/pathToPacketdrill.ts): each step expects what the model says.');
  if (failedAt >= 0) {
    lines.push(`// Step ${failedAt + 1} failed (marked >>); the steps after it are left out.`);
  }
  const peer = freshPeer(PORTS.local, PORTS.remote);
  peer.userBytes = 0;
  const sockets: Sockets = {
    fd: null,
    listenerFd: null,
    opened: false,
    writeShut: false,
    backToListen: false,
    nextFd: 3,
  };
  const transmissions: Transmissions = { una: HOST_ISS, dataStarts: [] };
  const stepLines: number[][] = [];
  let delayMs = 0;
  for (const [index, step] of steps.entries()) {
    const marker = index === failedAt ? '>> ' : '';
    const sends = step.sends.length === 0 ? '' : ` sends ${step.sends.map((a) => SEGMENT_LABELS[a]).join(', ')}`;
    lines.push(`// ${marker}${index + 1}. ${step.from} -${eventName(step.event)}-> ${step.to}${sends}`);
    const written: string[] = [];
    try {
      if (step.delayMs !== null) delayMs += step.delayMs;
      const incoming = applyEvent(step, sockets, peer, written);
      written.push(...expectedSends(step, peer, transmissions, incoming));
      if (sockets.fd === null && sockets.listenerFd !== null && SYNCHRONIZED.has(step.to)) {
        // The listener's connection: the sockets API hands it over once it is synchronized.
        sockets.fd = sockets.nextFd++;
        written.push(`accept(${sockets.listenerFd}, ..., ...) = ${sockets.fd}`);
      }
      if (step.to === 'LISTEN' && step.from !== 'CLOSED') sockets.backToListen = true;
    } catch (error) {
      if (error instanceof Inexpressible) return inexpressible(index, step, error.reason);
      throw error;
    }
    const numbers: number[] = [];
    for (const line of written) {
      lines.push(`${timeOf(delayMs)}${line}`);
      delayMs = 0;
      numbers.push(lines.length);
    }
    stepLines.push(numbers);
  }
  // Checked last: it calls XState for every step, and most paths that have no script stop above.
  const disagreement = hostDisagreement(input, steps);
  if (disagreement !== null) return disagreement;
  if (delayMs > 0) {
    // A last timer that sends nothing: let its time pass, so that anything the host sends then is seen.
    lines.push(`${timeOf(delayMs)}\`sleep 0\``);
    stepLines[stepLines.length - 1]!.push(lines.length);
  }
  return { expressible: true, script: `${lines.join('\n')}\n`, stepLines };
}

function inexpressible(index: number, step: ModelStep, reason: string): PacketdrillTranslation {
  return {
    expressible: false,
    step: index,
    reason: `step ${index + 1} (${step.from} -${eventName(step.event)}-> ${step.to}): ${reason}`,
  };
}

/** `+0  `, `+1  `, `+0.2 `: seconds after the previous line, as packetdrill writes them. */
function timeOf(delayMs: number): string {
  return `${`+${delayMs / 1000}`.padEnd(3)} `;
}

// ---- The host's settings ----

/**
 * The runner's host has the model's default settings (`pkt FILE` takes no
 * others), so a path of another profile has a script only if the model,
 * given the defaults, takes every step the same way: `maxRetries: 2` gives up
 * where the default retransmits.
 */
function hostDisagreement(input: TcpInput, steps: readonly ModelStep[]): PacketdrillTranslation | null {
  let [snapshot] = initialTransition(tcpMachine, {});
  for (const [index, step] of steps.entries()) {
    const delay = step.delayMs === null ? null : delayOf(snapshot, step.event);
    const [next, actions] = transition(tcpMachine, snapshot, { type: step.event } as never);
    const sends = outputActionsOf(actions);
    const same =
      tcpState(next) === step.to &&
      sends.length === step.sends.length &&
      sends.every((action, i) => action === step.sends[i]) &&
      (rejectionOf(actions) ?? null) === step.rejects &&
      delay === step.delayMs;
    if (!same) {
      const differently = `${tcpState(next)}${delay === step.delayMs ? '' : ` after ${delay} ms`}`;
      return inexpressible(
        index,
        step,
        `the pkt runner's host has the model's default settings, under which this step goes to ${differently} (the path's input is ${JSON.stringify(input)})`,
      );
    }
    snapshot = next;
  }
  return null;
}

// ---- Events ----

/** Writes the lines of the step's event; returns the segment the peer sent, if it sent one. */
function applyEvent(step: ModelStep, sockets: Sockets, peer: PeerState, written: string[]): Segment | null {
  switch (step.event) {
    case 'ACTIVE_OPEN':
      activeOpen(step, sockets, written);
      return null;
    case 'PASSIVE_OPEN':
      passiveOpen(step, sockets, written);
      return null;
    case 'SEND':
      send(step, sockets, peer, written);
      return null;
    case 'RECEIVE':
      receive(sockets, peer, written);
      return null;
    case 'CLOSE':
      close(step, sockets, written);
      return null;
    case 'ABORT':
      throw new Inexpressible(
        'ABORT has no system call here: the pkt runner has no abortive close (SO_LINGER with a zero linger time), and close() is CLOSE',
      );
    default:
      break;
  }
  if (sockets.backToListen) {
    throw new Inexpressible(
      "after a passively opened connection went back to LISTEN, the listener's next connection has an ISN the script does not know",
    );
  }
  if (parseDelayedEventType(step.event) !== undefined) return null;
  if (step.from === 'CLOSED' && sockets.listenerFd !== null) {
    throw new Inexpressible(
      "the connection is gone but its listener still listens: the listener answers segments the model's CLOSED connection resets",
    );
  }
  // An ACK older than the last window update is a bare `<` line like an old ACK: no zero window of ours follows it.
  if ((PEER_WINDOW_EVENTS as readonly string[]).includes(step.event) && step.event !== 'RCV_OLD_WINDOW') {
    throw new Inexpressible(
      "the peer's zero window: the scripts advertise no window of their own yet, and a probe's length is the stack's choice",
    );
  }
  if ((SYN_TEXT_EVENTS as readonly string[]).includes(step.event)) {
    throw new Inexpressible(
      "text on a SYN or SYN-ACK: without TCP Fast Open Linux drops it (tcp_conn_request, tcp_rcv_state_process), where the model's ACK covers it",
    );
  }
  if (step.event === 'RCV_DATA_PAST_WINDOW') {
    throw new Inexpressible(
      "text past the receive window's right edge: the scripts set no receive buffer, and the host's default window takes the whole segment",
    );
  }
  const segment = peerSegment(peer, step.event, step.from);
  written.push(inboundLine(segment, step.from));
  return segment;
}

/** A fresh socket for the first call, as a program makes one. */
function ensureSocket(sockets: Sockets, written: string[]): number {
  if (sockets.fd === null) {
    sockets.fd = sockets.nextFd++;
    written.push(`socket(..., SOCK_STREAM, IPPROTO_TCP) = ${sockets.fd}`);
  }
  return sockets.fd;
}

/** `= -1 ENOTCONN (Transport endpoint is not connected)`: the errno the sockets layer gives for the RFC's refusal. */
function refusedWith(reason: UserCallError): string {
  const errno = errnoForReason(reason);
  return `-1 ${errno} (${ERRNO[errno].message})`;
}

function activeOpen(step: ModelStep, sockets: Sockets, written: string[]): void {
  if (step.from === 'LISTEN') {
    throw new Inexpressible(
      'a listening socket cannot connect() (EISCONN), where the model sends a SYN (RFC 9293 §3.10.1)',
    );
  }
  if (step.rejects === null) {
    if (sockets.opened)
      throw new Inexpressible(
        'a second open on one path: the sockets layer keeps the first socket, its port and its listener',
      );
    const fd = ensureSocket(sockets, written);
    sockets.opened = true;
    written.push(`fcntl(${fd}, F_SETFL, O_RDWR|O_NONBLOCK) = 0`);
    written.push(`connect(${fd}, ..., ...) = -1 EINPROGRESS (${ERRNO.EINPROGRESS.message})`);
    return;
  }
  if (sockets.fd === null)
    throw new Inexpressible('the connection has no descriptor to connect() on (a listener, or no socket yet)');
  if (step.from === 'SYN_SENT' || step.from === 'SYN_RECEIVED') {
    throw new Inexpressible(
      `connect() during the handshake fails with EALREADY, where the model's "${step.rejects}" is ${errnoForReason(step.rejects)}`,
    );
  }
  written.push(`connect(${sockets.fd}, ..., ...) = ${refusedWith(step.rejects)}`);
}

function passiveOpen(step: ModelStep, sockets: Sockets, written: string[]): void {
  if (step.rejects !== null || sockets.opened) {
    throw new Inexpressible(
      "listen() on a socket that was opened already fails with EINVAL or opens a second connection, unlike the model's one connection",
    );
  }
  const fd = ensureSocket(sockets, written);
  sockets.opened = true;
  written.push(`bind(${fd}, ..., ...) = 0`);
  written.push(`listen(${fd}, 1) = 0`);
  sockets.listenerFd = fd;
  sockets.fd = null;
}

function send(step: ModelStep, sockets: Sockets, peer: PeerState, written: string[]): void {
  if (sockets.fd === null) {
    throw new Inexpressible(
      step.from === 'LISTEN'
        ? 'a listening socket cannot write(): SEND in LISTEN has no system call'
        : step.from === 'CLOSED'
          ? `write() on a socket that never connected fails with EPIPE, where the model's "${step.rejects}" is ${step.rejects === null ? 'success' : errnoForReason(step.rejects)}`
          : 'a passively opened connection has no descriptor to write() on before accept()',
    );
  }
  if (step.rejects === null) {
    if (step.from !== 'ESTABLISHED' && step.from !== 'CLOSE_WAIT') {
      throw new Inexpressible(
        `write() before the handshake completes fails with EAGAIN on a non-blocking socket, where the model queues the data`,
      );
    }
    written.push(`write(${sockets.fd}, ..., ${SEND_PAYLOAD.length}) = ${SEND_PAYLOAD.length}`);
    noteUserData(peer, SEND_PAYLOAD.length);
    return;
  }
  if (step.rejects !== 'connection closing' || !sockets.writeShut) {
    throw new Inexpressible(
      `write() on a connection that is gone fails with EPIPE or its pending error, where the model's "${step.rejects}" is ${errnoForReason(step.rejects)}`,
    );
  }
  written.push(`write(${sockets.fd}, ..., ${SEND_PAYLOAD.length}) = ${refusedWith(step.rejects)}`);
}

/** RECEIVE (RFC 9293 §3.10.3) as read(): every byte of the peer's text taken and not yet read. */
function receive(sockets: Sockets, peer: PeerState, written: string[]): void {
  if (sockets.fd === null)
    throw new Inexpressible('a passively opened connection has no descriptor to read() on before accept()');
  const unread = peer.dataAccepted - peer.bytesRead;
  if (unread === 0) {
    throw new Inexpressible(
      'read() with nothing to read blocks (or fails with EAGAIN on a non-blocking socket), where RECEIVE returns nothing',
    );
  }
  written.push(`read(${sockets.fd}, ..., ${unread}) = ${unread}`);
  peer.bytesRead = peer.dataAccepted;
}

function close(step: ModelStep, sockets: Sockets, written: string[]): void {
  if (step.from === 'LISTEN' && sockets.listenerFd !== null && step.rejects === null) {
    written.push(`close(${sockets.listenerFd}) = 0`);
    sockets.listenerFd = null;
    return;
  }
  if (sockets.fd === null && step.from !== 'CLOSED') {
    throw new Inexpressible('a passively opened connection has no descriptor to shut down before accept()');
  }
  // shutdown(SHUT_WR) succeeds once our FIN is queued (Linux, inet_shutdown), where RFC 9293 §3.10.4 says "connection closing".
  if (sockets.writeShut && step.from !== 'CLOSED') {
    throw new Inexpressible(
      'a second shutdown(SHUT_WR) succeeds and does nothing, where the model refuses CLOSE with "connection closing"',
    );
  }
  const fd = ensureSocket(sockets, written);
  if (step.rejects === null) {
    written.push(`shutdown(${fd}, SHUT_WR) = 0`);
    sockets.writeShut = true;
    return;
  }
  if (step.rejects !== 'connection does not exist') {
    throw new Inexpressible(
      `shutdown(SHUT_WR) gives ENOTCONN only for a connection that does not exist, not for "${step.rejects}"`,
    );
  }
  written.push(`shutdown(${fd}, SHUT_WR) = ${refusedWith(step.rejects)}`);
}

// ---- Segments ----

/** The peer's numbers relative to its ISS, which the script's SYNs write as 0 (packetdrill's habit). */
function peerRelative(seq: number): number {
  return seqSub(seq, PEER_ISS) >>> 0;
}

/** A `<` line for a segment of the scripted peer. */
function inboundLine(segment: Segment, state: TcpState): string {
  // RFC 9293 §3.10.7.3: in SYN-SENT only a RST's ACK is read; the scripted peer sends it at 0, as rst_syn_sent.pkt does.
  const seq = segment.flags.rst && state === 'SYN_SENT' ? 0 : peerRelative(segment.seq);
  const length = segment.payload.length;
  const ack = segment.flags.ack ? ` ack ${seqSub(segment.ack, HOST_ISS) >>> 0}` : '';
  const mss = segment.options?.mss === undefined ? '' : ` <mss ${segment.options.mss}>`;
  return `< ${formatFlags(segment.flags)} ${seq}:${seq + length}(${length})${ack} win ${segment.window}${mss}`;
}

/** A `>` line for a segment the model expects of the host, in the scripted peer's numbering. */
function outboundLine(segment: Segment): string {
  const seq = seqSub(segment.seq, HOST_ISS) >>> 0;
  const length = segment.payload.length;
  const ack = segment.flags.ack ? ` ack ${peerRelative(segment.ack)}` : '';
  const options = segment.flags.syn ? ANY_OPTIONS : '';
  return `> ${formatFlags(segment.flags)} ${seq}:${seq + length}(${length})${ack}${options}`;
}

/**
 * The `>` lines of what the model sends on the step, each segment built from
 * what the peer knows (the host's SND.NXT, its FIN, the peer's own numbers)
 * and checked by the scripted peer, which learns from them as it does from
 * the implementation's.
 */
function expectedSends(
  step: ModelStep,
  peer: PeerState,
  transmissions: Transmissions,
  incoming: Segment | null,
): string[] {
  // The peer's ACK moves SND.UNA (RFC 9293 §3.10.7.4 fifth: SND.UNA < SEG.ACK =< SND.NXT).
  if (
    incoming?.flags.ack &&
    peer.nxt !== null &&
    seqGt(incoming.ack, transmissions.una) &&
    seqLeq(incoming.ack, peer.nxt)
  ) {
    transmissions.una = incoming.ack;
  }
  const rcvNxt = rcvNxtAfter(peer, step, incoming);
  const retransmission = step.resends;
  const segments = step.sends.map((action): Segment => {
    const make = (letters: string, seq: number, ack: number, payloadLength = 0, mss?: number): Segment => ({
      srcPort: PORTS.local,
      dstPort: PORTS.remote,
      seq,
      ack,
      flags: parseFlags(letters),
      window: 1,
      payload: payloadLength === 0 ? new Uint8Array(0) : SEND_PAYLOAD.subarray(0, payloadLength),
      ...(mss === undefined ? {} : { options: { mss } }),
    });
    const nxt = peer.nxt ?? HOST_ISS;
    switch (action) {
      case 'sendSyn':
        return make('S', HOST_ISS, 0, 0, 1);
      case 'sendSynAck':
        return make('S.', HOST_ISS, seqAdd(PEER_ISS, 1), 0, 1);
      case 'sendAck':
      case 'sendChallengeAck':
        return make('.', nxt, rcvNxt);
      case 'sendData': {
        if (!retransmission) {
          transmissions.dataStarts.push(nxt);
          return make('P.', nxt, rcvNxt, SEND_PAYLOAD.length);
        }
        const outstanding = transmissions.dataStarts.filter((start) => seqGeq(start, transmissions.una));
        // RFC 9293 §3.7.2 lets a retransmission repacketize: with several segments outstanding the model does not fix its length.
        if (outstanding.length !== 1)
          throw new Inexpressible(
            'a retransmission with several data segments outstanding: the model does not fix its length',
          );
        return make('P.', outstanding[0]!, rcvNxt, SEND_PAYLOAD.length);
      }
      case 'sendProbe':
        throw new Inexpressible('a zero-window probe: the scripts advertise no zero window yet');
      case 'sendFin':
        return make('F.', retransmission && peer.finSeq !== null ? peer.finSeq : nxt, rcvNxt);
      case 'sendRst':
        if (incoming === null) return make('R', nxt, 0);
        return incoming.flags.ack
          ? make('R', incoming.ack, 0)
          : make('R.', 0, seqAdd(incoming.seq, segmentLength(incoming)));
    }
  });
  const { problems } = checkSent(peer, step, segments, incoming);
  settlePeer(peer, step.to);
  if (step.to === 'CLOSED' || step.to === 'LISTEN') {
    transmissions.una = HOST_ISS;
    transmissions.dataStarts = [];
  }
  if (problems.length > 0)
    throw new Inexpressible(`the segments the model sends cannot be worked out: ${problems.join('; ')}`);
  return segments.map(outboundLine);
}
