/**
 * The remote TCP that the path tests play: it turns the model's `RCV_*`
 * events into the exact segments a consistent peer would send, and checks
 * the fields of what the implementation sends back. It knows only what a
 * real peer can know: its own sequence numbers (which follow from the
 * model's state) and what it has seen the implementation send. It is plain
 * data, so it snapshots with the implementation.
 */
import {
  ACK_CHECK_EVENTS,
  UNACCEPTABLE_SEGMENT_EVENTS,
  type OutputAction,
  type TcpInput,
  type TcpState,
} from '../../machines/tcp.machine';
import { formatFlags, parseFlags, segmentLength, type Segment } from '../wire/segment';
import { seqAdd, seqGt, seqSub } from '../tcp/seq';
import type { ModelStep, ObservedSegment } from './sut';

export const PEER_ISS = 5000;
export const PEER_WINDOW = 65535;
export const PEER_MSS = 1460;
/**
 * The MSS the peer announces where a SEND is to fill several segments (the
 * `sendSegments` setting): the MSS option is the peer's to choose (RFC 9293
 * §3.7.1), and a small one segments a SEND of a few hundred bytes. 100 lies
 * above the floor Linux raises a smaller one to (48, TCP_MIN_SND_MSS in
 * include/net/tcp.h, through tcp_sync_mss and __tcp_mtu_to_mss) and so does
 * TcpConnection (MIN_SEND_MSS), and below lwIP's TCP_MSS (1460, which
 * tcp_parseopt takes the smaller of): all three segment by exactly 100.
 */
export const PEER_SMALL_MSS = 100;
// Typed as Uint8Array: @types/node types encode()'s result as NodeJS.NonSharedUint8Array, a name a consumer
// without @types/node cannot resolve in the published .d.ts.
/** The data a SEND event hands over: small enough for one segment. */
export const SEND_PAYLOAD: Uint8Array = new TextEncoder().encode('hello, tcp');
const SEND_PAYLOADS = new Map<number, Uint8Array>([[1, SEND_PAYLOAD]]);

/**
 * The data a SEND hands over under `input`: `SEND_PAYLOAD`, or with
 * `sendSegments` of 2 or more that many of the peer's small MSS, filled
 * with `SEND_PAYLOAD` over and over (so a byte's value still follows from its
 * place in the stream).
 */
export function sendPayload(input: Readonly<TcpInput>): Uint8Array {
  const segments = input.sendSegments ?? 1;
  let payload = SEND_PAYLOADS.get(segments);
  if (payload === undefined) {
    payload = Uint8Array.from({ length: segments * PEER_SMALL_MSS }, (_, i) => SEND_PAYLOAD[i % SEND_PAYLOAD.length]!);
    SEND_PAYLOADS.set(segments, payload);
  }
  return payload;
}

/** The MSS the peer announces in its SYN under `input`: small where a SEND is to fill several segments. */
export function peerMss(input: Readonly<TcpInput>): number {
  return (input.sendSegments ?? 1) > 1 ? PEER_SMALL_MSS : PEER_MSS;
}

/** The text of the peer's `RCV_DATA` segments. */
export const PEER_DATA: Uint8Array = new TextEncoder().encode('data from the peer');
/**
 * The text of `RCV_DATA_OVERLAP`, from RCV.NXT - 1: the last octet of the
 * peer's previous segment again, then the next segment's text (RFC 9293
 * §3.10.7.4: "only the new parts are processed").
 */
const OVERLAP_DATA = Uint8Array.from([PEER_DATA[PEER_DATA.length - 1]!, ...PEER_DATA]);
/**
 * The text of `RCV_DATA_PAST_WINDOW`, from RCV.NXT: the peer's next three
 * segments in one, more than any window a receive buffer of the model's (two
 * segments at most) offers. The tail past the right edge is trimmed (RFC 9293
 * §3.10.7.4 first), and the peer sends it again as `RCV_DATA`'s text.
 */
export const PAST_WINDOW_DATA: Uint8Array = Uint8Array.from([...PEER_DATA, ...PEER_DATA, ...PEER_DATA]);
/** The acknowledgment number a peer uses when the implementation has sent nothing yet. */
export const UNSOLICITED_ACK = 0x00c0ffee;

export interface PeerState {
  localPort: number;
  remotePort: number;
  /** The MSS the peer announces in its SYN: the implementation's SND.MSS (RFC 9293 §3.7.1). */
  mss: number;
  /** The implementation's ISS, once seen. */
  iss: number | null;
  /** Just past the highest sequence number the implementation has sent. */
  nxt: number | null;
  /** Sequence number of the implementation's FIN, once seen. */
  finSeq: number | null;
  /** Where each segment the implementation sent began, to recognise retransmissions. */
  starts: number[];
  /**
   * SND.UNA as the peer knows it in ESTABLISHED: the highest acknowledgment
   * it sent there that the implementation took (every segment of the peer in
   * ESTABLISHED is acceptable but text beyond the window, a SYN and a RST).
   * Null until the first; a timeout in ESTABLISHED resends from here.
   */
  una: number | null;
  /**
   * Bytes handed to SEND on this connection, each SEND being `SEND_PAYLOAD`,
   * when the adapter reports them (`noteUserData`); null if it does not, and
   * the checks that need the count are skipped.
   */
  userBytes: number | null;
  /** Bytes of the peer's data the implementation has taken (`RCV_DATA` in a state that takes text). */
  dataAccepted: number;
  /**
   * While the peer's window is zero (`RCV_WINDOW_ZERO`, until a segment
   * opens it): the acknowledgment it sent with it, which it repeats, taking no
   * probe's octet. Null while the window is open.
   */
  windowZeroAck: number | null;
  /**
   * Where a zero-window probe of one octet began, until data follows it: the
   * window update may send the data from that octet on (lwIP's
   * tcp_zero_window_probe leaves the octet in its unsent segment) or after it.
   */
  probeOctet: number | null;
  /** Bytes of the peer's text held past RCV.NXT (`RCV_DATA_OUT_OF_ORDER` taken), until `RCV_DATA` fills the hole. */
  heldBytes: number;
  /** Bytes of the peer's text the user has read (`RECEIVE`, reported by the adapter with `noteUserRead`). */
  bytesRead: number;
  /**
   * The implementation's receive buffer in bytes, when the adapter knows it:
   * every window it advertises is then checked exactly (RFC 9293 §3.8.6.2:
   * the buffer not taken by unread text). Null: only that a window is open.
   */
  receiveBuffer: number | null;
  /**
   * The peer's latest acknowledgment on a segment other than a SYN whose ACK
   * field the implementation reads (its highest, as SND.UNA only advances):
   * what a segment the first check drops repeats (`RCV_OLD_SEGMENT`). Null
   * before the first.
   */
  lastAck: number | null;
  /**
   * Whether the implementation keeps the text on a SYN or SYN-ACK (RFC 9293
   * §3.10.7.2 third, §3.10.7.3 fourth); Linux and lwIP drop it
   * (`synTextDropped`), and the peer then sends it again from ISS+1.
   */
  takesSynText: boolean;
  /**
   * In SYN-RECEIVED: bytes of the text on the peer's SYN that the
   * implementation queued (`RCV_SYN_DATA`), unacknowledged until the handshake
   * completes; the peer's segments start past them.
   */
  synQueued: number;
}

export function freshPeer(localPort: number, remotePort: number, mss = PEER_MSS, takesSynText = true): PeerState {
  return {
    localPort,
    remotePort,
    mss,
    takesSynText,
    synQueued: 0,
    iss: null,
    nxt: null,
    finSeq: null,
    starts: [],
    una: null,
    userBytes: null,
    dataAccepted: 0,
    windowZeroAck: null,
    probeOctet: null,
    heldBytes: 0,
    bytesRead: 0,
    receiveBuffer: null,
    lastAck: null,
  };
}

/** The adapter tells the peer that a SEND took `bytes` bytes of `SEND_PAYLOAD`. */
export function noteUserData(peer: PeerState, bytes: number): void {
  peer.userBytes = (peer.userBytes ?? 0) + bytes;
}

/**
 * The adapter tells the peer that a RECEIVE returned `data`: it must be
 * every byte taken and not yet read, in order (RFC 9293 §3.10.3), each
 * segment's text being `PEER_DATA`. Returns what is wrong, or null.
 */
export function noteUserRead(peer: PeerState, data: Uint8Array): string | null {
  const unread = peer.dataAccepted - peer.bytesRead;
  const offset = peer.bytesRead;
  peer.bytesRead = peer.dataAccepted;
  if (data.length !== unread) return `RECEIVE returned ${data.length} bytes, expected the ${unread} taken and unread`;
  const wrong = data.findIndex((byte, i) => byte !== PEER_DATA[(offset + i) % PEER_DATA.length]);
  return wrong < 0 ? null : `RECEIVE returned a wrong byte ${offset + wrong} of the peer's stream`;
}

export function copyPeer(peer: Readonly<PeerState>): PeerState {
  // A spread alone is V8's fast clone; a spread with a field after it is built in the runtime.
  const copy = { ...peer };
  copy.starts = peer.starts.slice();
  return copy;
}

/** Our SYN has been accepted by the implementation in these states. */
function synAccepted(state: TcpState): boolean {
  return state !== 'CLOSED' && state !== 'LISTEN' && state !== 'SYN_SENT';
}

/** Our FIN has been accepted by the implementation in these states. */
export function finAccepted(state: TcpState): boolean {
  return state === 'CLOSE_WAIT' || state === 'CLOSING' || state === 'LAST_ACK' || state === 'TIME_WAIT';
}

/** The implementation's FIN is sent and not acknowledged by us. */
function theirFinOutstanding(state: TcpState): boolean {
  return state === 'FIN_WAIT_1' || state === 'CLOSING' || state === 'LAST_ACK';
}

/**
 * The states whose `RCV_DATA` text the implementation takes (RFC 9293
 * §3.10.7.4 seventh; SYN-RECEIVED's ACK completes the handshake first). After
 * the peer's FIN, text is ignored.
 */
const TAKES_TEXT: ReadonlySet<TcpState> = new Set(['SYN_RECEIVED', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);

/** SND.NXT of the peer: what the implementation's RCV.NXT is in `state`, after `dataAccepted` bytes of the peer's data. */
export function peerNxt(state: TcpState, dataAccepted = 0): number {
  return PEER_ISS + (synAccepted(state) ? 1 : 0) + dataAccepted + (finAccepted(state) ? 1 : 0);
}

/** Bytes the implementation's receive buffer has room for: its window as last advertised (never shrunk, RFC 9293 §3.8.6.2). */
function bufferRoom(peer: Readonly<PeerState>): number {
  return peer.receiveBuffer === null
    ? Number.POSITIVE_INFINITY
    : peer.receiveBuffer - (peer.dataAccepted - peer.bytesRead);
}

/** The events whose text starts at or before RCV.NXT: the implementation takes what lies past RCV.NXT. */
const IN_ORDER_TEXT: ReadonlySet<string> = new Set([
  'RCV_DATA',
  'RCV_DATA_OVERLAP',
  'RCV_DATA_PAST_WINDOW',
  'RCV_DATA_FIN',
  'RCV_DATA_OVERLAP_FIN',
]);

/**
 * Bytes of the peer's text the implementation takes on `step` (the `RCV_DATA`,
 * `RCV_DATA_OVERLAP` or `RCV_DATA_PAST_WINDOW` segment `incoming`): the
 * segment's new part, past RCV.NXT ("only the new parts are processed"), and
 * the text held after it (RFC 9293 §3.10.7.4 first, seventh); where the new
 * part runs past the window's right edge, what lies up to the edge (the held
 * text inside it), the rest trimmed: nothing where a full buffer offers a
 * zero window.
 */
function textTaken(peer: Readonly<PeerState>, step: ModelStep, incoming: Segment | null): number {
  if (!IN_ORDER_TEXT.has(step.event) || incoming === null || !TAKES_TEXT.has(step.from))
    return Math.min(synTextTaken(peer, step, incoming), bufferRoom(peer));
  // From SYN-RECEIVED the segment's text lies past the text queued from the SYN (`synQueued`): both are fresh.
  const fresh = incoming.payload.length - seqSub(peerNxt(step.from, peer.dataAccepted), incoming.seq);
  if (finOutsideWindow(peer, step, incoming)) return 0;
  const room = bufferRoom(peer);
  return room >= fresh ? fresh + peer.heldBytes : room;
}

/** The states a connection can leave SYN-RECEIVED for without completing the handshake. */
const HANDSHAKE_NOT_COMPLETED: ReadonlySet<TcpState> = new Set(['SYN_RECEIVED', 'LISTEN', 'CLOSED']);

/** Whether `step` completes a passive handshake: the moment text queued from the peer's SYN is taken. */
function completesHandshake(step: ModelStep): boolean {
  return step.from === 'SYN_RECEIVED' && !HANDSHAKE_NOT_COMPLETED.has(step.to);
}

/**
 * Bytes of the text on the peer's SYN or SYN-ACK taken on `step`: a SYN-ACK's
 * in SYN-SENT (RFC 9293 §3.10.7.3 fourth: "continue processing at the sixth
 * step"), or the text queued from a SYN, once a segment completes the
 * handshake (§3.10.7.2 third). None where the implementation drops it.
 */
function synTextTaken(peer: Readonly<PeerState>, step: ModelStep, incoming: Segment | null): number {
  if (incoming === null || !peer.takesSynText) return 0;
  if (step.event === 'RCV_SYN_ACK_DATA') return step.from === 'SYN_SENT' ? incoming.payload.length : 0;
  return completesHandshake(step) ? peer.synQueued : 0;
}

/**
 * RFC 9293 §3.10.7.4 first: text that straddles RCV.NXT with a FIN after it (`RCV_DATA_OVERLAP_FIN`) is not
 * acceptable where the window has room for its new text at most: its first octet lies before RCV.NXT, and its last,
 * the FIN (SEG.LEN counts it), at or past RCV.NXT + RCV.WND. A zero window takes it (it covers RCV.NXT), its text
 * trimmed.
 */
function finOutsideWindow(peer: Readonly<PeerState>, step: ModelStep, incoming: Segment | null): boolean {
  if (step.event !== 'RCV_DATA_OVERLAP_FIN' || incoming === null || !TAKES_TEXT.has(step.from)) return false;
  const room = bufferRoom(peer);
  return room > 0 && room <= segmentLength(incoming) - 1 - seqSub(peerNxt(step.from, peer.dataAccepted), incoming.seq);
}

/** The events whose text lies one segment past RCV.NXT, the segment at RCV.NXT still to come. */
const OUT_OF_ORDER_TEXT: ReadonlySet<string> = new Set(['RCV_DATA_OUT_OF_ORDER', 'RCV_DATA_FIN_OUT_OF_ORDER']);

/** Bytes of text past RCV.NXT the implementation holds on `step`: out-of-order text inside its window. */
function textHeld(peer: Readonly<PeerState>, step: ModelStep, incoming: Segment | null): number {
  if (!OUT_OF_ORDER_TEXT.has(step.event) || incoming === null || !TAKES_TEXT.has(step.from)) return 0;
  // One segment past RCV.NXT: inside the window if the window has room for it and the one before it.
  return bufferRoom(peer) >= 2 * incoming.payload.length ? incoming.payload.length : 0;
}

/**
 * What the implementation must acknowledge after `step`: the peer's SYN,
 * data (this step's included) and FIN as the model has them. A step that
 * loses the connection is judged by the state it left.
 */
export function rcvNxtAfter(peer: Readonly<PeerState>, step: ModelStep, incoming: Segment | null): number {
  const state = step.to === 'CLOSED' || step.to === 'LISTEN' ? step.from : step.to;
  return peerNxt(state, peer.dataAccepted + textTaken(peer, step, incoming));
}

const EMPTY = new Uint8Array(0);
/**
 * The events whose segment's ACK field and window the implementation does not
 * take (RFC 9293 §3.10.7.4): those the first two checks drop, an old ACK
 * (ignored), an ACK of something not yet sent (answered and dropped) and the
 * stale window's ACK (its SEG.ACK moves nothing, its window is not taken).
 */
const ACK_FIELD_UNREAD: ReadonlySet<string> = new Set<string>([
  ...UNACCEPTABLE_SEGMENT_EVENTS,
  ...ACK_CHECK_EVENTS,
  'RCV_OLD_WINDOW',
]);
const SYN_OPTIONS = Object.freeze({ mss: PEER_MSS });

function synOptions(peer: Readonly<PeerState>): Segment['options'] {
  return peer.mss === PEER_MSS ? SYN_OPTIONS : { mss: peer.mss };
}

/** The segment the peer sends for a `RCV_*` event in the model state `state`. */
export function peerSegment(peer: PeerState, event: string, state: TcpState): Segment {
  const all = peer.nxt ?? UNSOLICITED_ACK;
  const nxt = peerNxt(state, peer.dataAccepted);
  // In SYN-RECEIVED the text queued from the peer's SYN lies between RCV.NXT and the peer's SND.NXT.
  const next = seqAdd(nxt, peer.synQueued);
  // While text is held past the hole, the peer's SND.NXT lies past it: a bare ACK is sent there (RFC 9293 §3.8.6.1).
  const sndNxt = peer.heldBytes > 0 ? seqAdd(nxt, PEER_DATA.length + peer.heldBytes) : next;
  // A segment of text resent (the one that fills the hole, or the held one again) after the peer shut its window
  // carries that window and its acknowledgment: it is older than the window update (SND.WL1 > SEG.SEQ).
  // Only while the implementation still heeds that window: in ESTABLISHED, or in FIN-WAIT-1 with its FIN queued
  // behind the window (not yet sent); a FIN sent ends new data, and the model forgets the window.
  const heeded = state === 'ESTABLISHED' || (state === 'FIN_WAIT_1' && peer.finSeq === null);
  const resentIntoShut = peer.heldBytes > 0 && peer.windowZeroAck !== null && heeded;
  const textAck = resentIntoShut ? peer.windowZeroAck! : all;
  const textWindow = resentIntoShut ? 0 : PEER_WINDOW;
  // A FIN already accepted is resent at its own sequence number, with the window the peer advertises now: while
  // that is shut, zero (the retransmission is not acceptable, so its window would not be taken anyway: §3.10.7.4 first).
  const finSeq = finAccepted(state) ? PEER_ISS + 1 + peer.dataAccepted : next;
  const finWindow = finAccepted(state) && peer.windowZeroAck !== null ? 0 : PEER_WINDOW;
  const make = (
    letters: string,
    seq: number,
    ack: number,
    options?: Segment['options'],
    payload: Uint8Array = EMPTY,
    window = PEER_WINDOW,
  ): Segment => ({
    srcPort: peer.remotePort,
    dstPort: peer.localPort,
    seq,
    ack,
    flags: parseFlags(letters),
    window,
    payload,
    ...(options === undefined ? {} : { options }),
  });
  switch (event) {
    case 'RCV_SYN':
      return make('S', PEER_ISS, 0, synOptions(peer));
    case 'RCV_SYN_ACK':
      return make('S.', PEER_ISS, all, synOptions(peer));
    // RFC 9293 §3.10.7.2 (third), §3.10.7.3 (fourth): the peer's SYN or SYN-ACK with its first segment of text.
    case 'RCV_SYN_DATA':
      return make('S', PEER_ISS, 0, synOptions(peer), PEER_DATA);
    case 'RCV_SYN_ACK_DATA':
      return make('S.', PEER_ISS, all, synOptions(peer), PEER_DATA);
    case 'RCV_ACK':
      return make('.', sndNxt, all);
    case 'RCV_DATA':
      return make('P.', next, textAck, undefined, PEER_DATA, textWindow);
    // RFC 9293 §3.10.7.4 (first): the last octet taken again, with the next segment's text; as RCV_DATA's otherwise.
    case 'RCV_DATA_OVERLAP':
      return make('P.', seqAdd(nxt, -1), textAck, undefined, OVERLAP_DATA, textWindow);
    // RFC 9293 §3.10.7.4 (first): text at RCV.NXT that runs past the window's right edge; as RCV_DATA's otherwise.
    case 'RCV_DATA_PAST_WINDOW':
      return make('P.', nxt, textAck, undefined, PAST_WINDOW_DATA, textWindow);
    // RFC 9293 §3.10.7.4 (seventh, eighth): text at RCV.NXT and the FIN right after it; its ACK as RCV_DATA's.
    case 'RCV_DATA_FIN':
      return make('FP.', nxt, textAck, undefined, PEER_DATA, textWindow);
    // RFC 9293 §3.10.7.4 (first, seventh, eighth): the overlap's segment with the FIN after its text.
    case 'RCV_DATA_OVERLAP_FIN':
      return make('FP.', seqAdd(nxt, -1), textAck, undefined, OVERLAP_DATA, textWindow);
    // The peer's next segment, arriving before the one at RCV.NXT.
    case 'RCV_DATA_OUT_OF_ORDER':
      return make('P.', seqAdd(nxt, PEER_DATA.length), textAck, undefined, PEER_DATA, textWindow);
    // The same with the peer's FIN after its text: its last segment, arriving before the one at RCV.NXT.
    case 'RCV_DATA_FIN_OUT_OF_ORDER':
      return make('FP.', seqAdd(nxt, PEER_DATA.length), textAck, undefined, PEER_DATA, textWindow);
    // RFC 9293 §3.10.7.4: with its window shut the peer takes no probe's octet and repeats its acknowledgment.
    case 'RCV_WINDOW_ZERO':
      return make('.', sndNxt, peer.windowZeroAck ?? all, undefined, EMPTY, 0);
    case 'RCV_WINDOW_OPEN':
      return make('.', sndNxt, peer.windowZeroAck ?? all);
    // RFC 9293 §3.10.7.4 (fifth): a bare ACK sent before the held text, arriving after it: SEG.SEQ = RCV.NXT, behind
    // SND.WL1 (the held segment's SEG.SEQ), SEG.ACK = SND.UNA, and a zero window that must not be taken.
    case 'RCV_OLD_WINDOW':
      return make('.', nxt, earliestUnacknowledged(peer) ?? all, undefined, EMPTY, 0);
    // RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK < SND.NXT, every segment acknowledged but the newest.
    case 'RCV_PARTIAL_ACK':
      return make('.', sndNxt, newestStart(peer));
    // RFC 5681 §2: a duplicate ACK repeats SEG.ACK = SND.UNA with the same window, no data, no SYN or FIN.
    case 'RCV_DUP_ACK':
      return make('.', sndNxt, earliestUnacknowledged(peer) ?? all);
    // RFC 9293 §3.10.7.4 (fifth): SEG.ACK < SND.UNA, one behind SND.UNA as the peer knows it (its acknowledgments in
    // ESTABLISHED: in CLOSE-WAIT SND.UNA may lie further on), so at least the ISS: within RFC 5961 §5.2's MAX.SND.WND
    // (the few segments sent are far shorter than the window). Its zero window would stop the next SEND if it were taken.
    // In SYN-SENT and SYN-RECEIVED SND.UNA is the ISS: SEG.ACK = ISS - 1 acknowledges nothing of ours (§3.10.7.3 first,
    // §3.10.7.4 fifth), and lies below what Linux's tcp_ack takes as a duplicate (SEG.ACK = SND.UNA).
    case 'RCV_OLD_ACK': {
      const una = state === 'SYN_SENT' || state === 'SYN_RECEIVED' ? peer.iss : earliestUnacknowledged(peer);
      return make('.', sndNxt, una === null ? UNSOLICITED_ACK : seqAdd(una, -1), undefined, EMPTY, 0);
    }
    // RFC 9293 §3.10.7.4 (fifth): SEG.ACK > SND.NXT, one past the highest sequence number the implementation sent,
    // with the window the peer advertises now (zero while it is shut: the segment is dropped, its window not taken).
    case 'RCV_ACK_UNSENT':
      return make('.', sndNxt, seqAdd(all, 1), undefined, EMPTY, peer.windowZeroAck === null ? PEER_WINDOW : 0);
    case 'RCV_FIN':
      return make(
        'F.',
        finSeq,
        theirFinOutstanding(state) && peer.finSeq !== null ? peer.finSeq : all,
        undefined,
        EMPTY,
        finWindow,
      );
    case 'RCV_FIN_ACK':
      return make('F.', finSeq, all, undefined, EMPTY, finWindow);
    case 'RCV_RST':
      // RFC 9293 §3.10.7.3: in SYN-SENT a RST is acceptable if its ACK acknowledges the SYN;
      // elsewhere RFC 5961 §3.2 wants SEG.SEQ = RCV.NXT exactly.
      return state === 'SYN_SENT' ? make('R.', 0, all) : make('R', nxt, 0);
    default:
      return unacceptableSegment(peer, event, nxt, make) ?? notASegmentEvent(event);
  }
}

function notASegmentEvent(event: string): never {
  throw new Error(`${event} is not a segment event`);
}

/** The one garbage octet of a keep-alive (RFC 9293 §3.8.4). */
const KEEP_ALIVE_OCTET = new Uint8Array(1);
/** How far past RCV.NXT the peer puts a RST meant to miss the receive window: farther than any window offered. */
const BEYOND_ANY_WINDOW = 2 ** 30;

/**
 * The segments of UNACCEPTABLE_SEGMENT_EVENTS, SYN_CHECK_EVENTS and HANDSHAKE_CHECK_EVENTS (machines/tcp.machine.ts), `nxt`
 * being the implementation's RCV.NXT, built by `peerSegment`'s `segment`; null
 * for any other event.
 */
function unacceptableSegment(
  peer: Readonly<PeerState>,
  event: string,
  nxt: number,
  segment: (
    letters: string,
    seq: number,
    ack: number,
    options?: Segment['options'],
    payload?: Uint8Array,
    window?: number,
  ) => Segment,
): Segment | null {
  switch (event) {
    // RFC 9293 §3.8.4: a keep-alive, SEG.SEQ = SND.NXT - 1 with one garbage octet, carrying the peer's last
    // acknowledgment and window, so that a TCP reading them (Linux's tcp_sequence takes a segment that ends at
    // RCV.NXT, lwIP's tcp_receive reads the ACK first) learns nothing new from them.
    case 'RCV_OLD_SEGMENT':
      return segment(
        '.',
        seqAdd(nxt, -1),
        peer.lastAck ?? earliestUnacknowledged(peer) ?? UNSOLICITED_ACK,
        undefined,
        KEEP_ALIVE_OCTET,
        peer.windowZeroAck === null ? PEER_WINDOW : 0,
      );
    // RFC 5961 §3.2: inside the window, not at RCV.NXT.
    case 'RCV_RST_IN_WINDOW':
      return segment('R', seqAdd(nxt, 1), 0);
    case 'RCV_RST_OUT_OF_WINDOW':
      return segment('R', seqAdd(nxt, BEYOND_ANY_WINDOW), 0);
    // RFC 5961 §4.2: a SYN inside the window, at RCV.NXT itself (one past it, Linux's TIME-WAIT takes as a new
    // connection: tcp_timewait_state_process, TCP_TW_SYN); with the MSS option, as a peer that restarted sends it.
    case 'RCV_SYN_IN_WINDOW':
      return segment('S', nxt, 0, synOptions(peer));
    // RFC 9293 §3.10.7.3 (first, second): in SYN-SENT only a RST's ACK is read; its sequence number is 0, as RCV_RST's.
    case 'RCV_RST_ACK_UNSENT':
      return segment('R.', 0, seqAdd(peer.nxt ?? UNSOLICITED_ACK, 1));
    case 'RCV_RST_WITHOUT_ACK':
      return segment('R', 0, 0);
    // RFC 9293 §3.10.7.2 (first): a SYN that carries a RST, at the peer's ISS as RCV_SYN.
    case 'RCV_SYN_RST':
      return segment('SR', PEER_ISS, 0, synOptions(peer));
    // RFC 9293 §3.10.7.2 (fourth), §3.10.7.3 (fifth), §3.10.7.4 (fifth): text at RCV.NXT with the ACK bit off.
    case 'RCV_DATA_WITHOUT_ACK':
      return segment('P', nxt, 0, undefined, PEER_DATA);
    default:
      return null;
  }
}

/** `S. 1000:1000(0) ack 5001 win 65535`, absolute sequence numbers. */
export function describeSegment(seg: Segment): string {
  const end = seqAdd(seg.seq, seg.payload.length);
  const ack = seg.flags.ack ? ` ack ${seg.ack}` : '';
  const mss = seg.options?.mss === undefined ? '' : ` <mss ${seg.options.mss}>`;
  return `${formatFlags(seg.flags) || '-'} ${seg.seq}:${end}(${seg.payload.length})${ack} win ${seg.window}${mss}`;
}

/** What output action a segment is on the wire. */
export function classify(seg: Segment): OutputAction {
  const { flags } = seg;
  if (flags.rst) return 'sendRst';
  if (flags.syn) return flags.ack ? 'sendSynAck' : 'sendSyn';
  if (flags.fin) return 'sendFin';
  if (seg.payload.length > 0) return 'sendData';
  return 'sendAck';
}

/**
 * RFC 9293 §3.10.4 lets the FIN ride on the last data segment, and Linux
 * (tcp_send_fin) and lwIP (tcp_rexmit_rto_prepare, a timeout resending data
 * and FIN together) put it there; the model sends them apart. Such a segment
 * is judged as the data segment followed by the FIN.
 */
export function splitFin(segment: Segment): Segment[] {
  if (!segment.flags.fin || segment.payload.length === 0) return [segment];
  return [
    { ...segment, flags: { ...segment.flags, fin: false } },
    { ...segment, seq: seqAdd(segment.seq, segment.payload.length), payload: new Uint8Array(0) },
  ];
}

/**
 * A segment longer than the MSS the peer announced is a TSO packet read
 * before the device cut it (Linux's TUN with offloads hands it over whole):
 * on the wire it is segments of `mss` bytes, the last with the rest, PSH and
 * FIN on the last only (tcp_gso_segment). Judged as those segments.
 */
export function splitByMss(segment: Segment, mss: number): Segment[] {
  if (segment.payload.length <= mss) return [segment];
  const pieces: Segment[] = [];
  for (let offset = 0; offset < segment.payload.length; offset += mss) {
    const last = offset + mss >= segment.payload.length;
    pieces.push({
      ...segment,
      seq: seqAdd(segment.seq, offset),
      flags: last ? segment.flags : { ...segment.flags, psh: false, fin: false },
      payload: segment.payload.subarray(offset, offset + mss),
    });
  }
  return pieces;
}

/**
 * A segment sent, as the path tests observe it; its text is written only when
 * a report reads it (a class, not an object literal with a getter: V8 builds
 * such a literal in its runtime, several times slower on every segment).
 */
class SentSegment implements ObservedSegment {
  /** The segments after the first of a burst of new data (`checkSent`), or null. */
  private rest: Segment[] | null = null;

  constructor(
    readonly kind: OutputAction,
    private readonly segment: Segment,
  ) {}

  /** The next segment of the same burst of new data. */
  add(segment: Segment): void {
    (this.rest ??= []).push(segment);
  }

  get text(): string {
    const first = describeSegment(this.segment);
    return this.rest === null ? first : [first, ...this.rest.map(describeSegment)].join(', ');
  }
}

/**
 * Checks the fields of the segments sent on one step and learns from them.
 * `incoming` is the segment the step injected (for RST replies).
 */
export function checkSent(
  peer: PeerState,
  step: ModelStep,
  sent: readonly Segment[],
  incoming: Segment | null,
): { observed: ObservedSegment[]; problems: string[] } {
  const problems: string[] = [];
  const observed: ObservedSegment[] = [];
  const retransmission = step.resends;
  const expectedAck = rcvNxtAfter(peer, step, incoming);
  const taken = textTaken(peer, step, incoming);
  peer.dataAccepted += taken;
  // RFC 9293 §3.10.7.2 (third): the text on a SYN is queued, not acknowledged, until the handshake completes.
  if (completesHandshake(step)) peer.synQueued = 0;
  if (step.event === 'RCV_SYN_DATA' && step.to === 'SYN_RECEIVED' && peer.takesSynText && incoming !== null)
    peer.synQueued = incoming.payload.length;
  if (taken > 0) peer.heldBytes = 0;
  const held = textHeld(peer, step, incoming);
  peer.heldBytes ||= held;
  // Text beyond the window offered is not acceptable (RFC 9293 §3.10.7.4 first): its ACK and window are not read;
  // nor are those of a segment that the first two checks drop, and a FIN the implementation has taken, sent again,
  // lies wholly before RCV.NXT: the first check drops it too.
  const finResent = incoming !== null && incoming.flags.fin && finAccepted(step.from);
  const notAcceptable = (OUT_OF_ORDER_TEXT.has(step.event) && held === 0) || finOutsideWindow(peer, step, incoming);
  if (!notAcceptable && !ACK_FIELD_UNREAD.has(step.event) && !finResent) {
    noteWindow(peer, incoming);
    if (step.from === 'ESTABLISHED') noteAcknowledged(peer, incoming);
  }
  // RFC 6298 §5.4, RFC 5681 §3.2, RFC 6582 §3.2: a retransmission in ESTABLISHED resends the earliest segment not
  // acknowledged, at SND.UNA.
  let resendFrom = retransmission && step.from === 'ESTABLISHED' ? earliestUnacknowledged(peer) : null;
  const expectedWindow = peer.receiveBuffer === null ? null : bufferRoom(peer);
  // RFC 9293 §3.10.2 segmentizes the data a SEND hands over by SND.MSS: new data that leaves on one step as
  // segments that continue each other, each but the last as long as the MSS the peer announced, is the one
  // `sendData` of the model (as packetdrill's loose segmentation joins them, src/linux/looseSegmentation.ts).
  // A timeout resends one segment (RFC 6298 §5.4), never a burst.
  let burst: SentSegment | null = null;
  let burstEnd = 0;
  for (const seg of sent) {
    const kind = isZeroWindowProbe(seg, peer) ? 'sendProbe' : classify(seg);
    const continues = burst !== null && kind === 'sendData' && !retransmission && seg.seq === burstEnd;
    if (continues) burst!.add(seg);
    else observed.push((burst = new SentSegment(kind, seg)));
    burstEnd = kind === 'sendData' && seg.payload.length === peer.mss ? seqAdd(seg.seq, seg.payload.length) : -1;
    const problem = (what: string) => problems.push(`${describeSegment(seg)}: ${what}`);
    const expectAck = () => {
      if (!seg.flags.ack) problem('the ACK bit is off');
      else if (seg.ack !== expectedAck) problem(`acknowledges ${seg.ack}, expected RCV.NXT = ${expectedAck}`);
    };
    const expectNew = () => {
      if (retransmission) {
        // RFC 9293 §3.7.2 lets a retransmission repacketize: it starts where an earlier segment did and adds nothing new.
        const end = seqAdd(seg.seq, segmentLength(seg));
        if (!peer.starts.includes(seg.seq) || (peer.nxt !== null && seqGt(end, peer.nxt))) {
          problem('a retransmission that starts at no earlier segment or carries new data');
        }
      } else if (
        peer.nxt !== null &&
        seg.seq !== peer.nxt &&
        !(seg.seq === peer.probeOctet && seqGt(seqAdd(seg.seq, segmentLength(seg)), peer.nxt))
      ) {
        problem(`sequence number ${seg.seq}, expected SND.NXT = ${peer.nxt}`);
      }
    };
    if (seg.srcPort !== peer.localPort || seg.dstPort !== peer.remotePort) {
      problem(`ports ${seg.srcPort} > ${seg.dstPort}, expected ${peer.localPort} > ${peer.remotePort}`);
    }
    // RFC 9293 §3.8.6.2: the window offered is the buffer not taken by unread text. Where the adapter does not
    // know the buffer, the peer's few small segments cannot fill it.
    if (!seg.flags.rst && expectedWindow !== null && seg.window !== expectedWindow) {
      problem(`window ${seg.window}, expected ${expectedWindow} (the buffer not taken by unread text)`);
    }
    if (!seg.flags.rst && expectedWindow === null && !(seg.window > 0)) {
      problem(`window ${seg.window} with an empty receive buffer`);
    }
    switch (kind) {
      case 'sendSyn':
      case 'sendSynAck':
        if (peer.iss !== null && seg.seq !== peer.iss) problem(`a SYN at ${seg.seq}, but the ISS was ${peer.iss}`);
        if (seg.payload.length > 0 || seg.flags.fin) problem('a SYN with data or FIN');
        if (kind === 'sendSynAck' && seg.ack !== PEER_ISS + 1)
          problem(`acknowledges ${seg.ack}, expected ${PEER_ISS + 1}`);
        if (!(seg.options?.mss !== undefined && seg.options.mss > 0))
          problem('a SYN without the MSS option (RFC 9293 §3.7.1)');
        peer.iss = seg.seq;
        break;
      case 'sendAck': {
        // RFC 9293 §3.10.7.4: <SEQ=SND.NXT>; where a probe's octet lies past the shut window, the window's right
        // edge too (Linux's tcp_acceptable_seq, ours), where lwIP keeps SND.NXT.
        const seq = ackSeq(peer);
        if (seq !== null && seg.seq !== seq && seg.seq !== peer.nxt)
          problem(`sequence number ${seg.seq}, expected ${seq}`);
        expectAck();
        break;
      }
      case 'sendProbe':
        expectAck();
        if (seg.payload.length > 0) {
          checkData(seg, peer, problem);
          peer.probeOctet = seg.seq;
        }
        break;
      case 'sendData':
      case 'sendFin':
        expectNew();
        expectAck();
        if (kind === 'sendData') checkData(seg, peer, problem);
        // RFC 9293 §3.7.1 (MUST-16): no segment larger than the send MSS, here the MSS the peer announced.
        if (seg.payload.length > peer.mss) problem(`${seg.payload.length} bytes, more than the MSS of ${peer.mss}`);
        peer.probeOctet = null;
        if (kind === 'sendData' && resendFrom !== null) {
          checkResent(seg, resendFrom, peer, problem);
          resendFrom = null;
        }
        if (kind === 'sendFin') {
          if (seg.payload.length > 0) problem('a FIN on a data segment');
          peer.finSeq = seg.seq;
        }
        break;
      case 'sendRst':
        checkReset(seg, step, incoming, peer, problem);
        break;
      default:
        break;
    }
    if (!seg.flags.rst) {
      const end = seqAdd(seg.seq, segmentLength(seg));
      if (peer.nxt === null || seqGt(end, peer.nxt)) peer.nxt = end;
      // A segment without sequence space (an ACK, a challenge ACK) starts no segment a partial ACK could stop at.
      if (segmentLength(seg) > 0 && !peer.starts.includes(seg.seq)) peer.starts.push(seg.seq);
    }
  }
  return { observed, problems };
}

/** Where the newest segment the implementation sent began: a partial ACK acknowledges everything before it. */
function newestStart(peer: Readonly<PeerState>): number {
  const newest = peer.starts.reduce<number | null>(
    (latest, start) => (latest === null || seqGt(start, latest) ? start : latest),
    null,
  );
  if (newest === null) throw new Error('a partial acknowledgment, but the implementation has sent nothing');
  return newest;
}

/** The peer's acknowledgment, taken by the implementation in ESTABLISHED, moves SND.UNA as the peer knows it. */
function noteAcknowledged(peer: PeerState, incoming: Segment | null): void {
  if (incoming === null || !incoming.flags.ack || incoming.flags.syn || incoming.flags.rst) return;
  if (peer.una === null || seqGt(incoming.ack, peer.una)) peer.una = incoming.ack;
}

/** SND.UNA in ESTABLISHED: the peer's last acknowledgment there, or just past the ISS before any. */
function earliestUnacknowledged(peer: Readonly<PeerState>): number | null {
  return peer.una ?? (peer.iss === null ? null : seqAdd(peer.iss, 1));
}

/**
 * The first data segment a timeout, a fast retransmit or a partial ACK in
 * fast recovery resends starts at SND.UNA (RFC 6298 §5.4, RFC 5681 §3.2,
 * RFC 6582 §3.2) and ends where a segment sent earlier ended, or is one full
 * SND.MSS (RFC 1122 §4.2.2.15 lets it repacketize: Linux's
 * tcp_retrans_try_collapse, ours up to one MSS, which may end inside a
 * segment sent earlier).
 */
function checkResent(seg: Segment, una: number, peer: Readonly<PeerState>, problem: (what: string) => void): void {
  const end = seqAdd(seg.seq, seg.payload.length);
  if (seg.seq !== una)
    problem(`a retransmission from ${seg.seq}, expected the earliest unacknowledged, SND.UNA = ${una}`);
  else if (end !== peer.nxt && !peer.starts.includes(end) && seg.payload.length !== peer.mss)
    problem(`a resent segment that ends at ${end}, inside a segment sent earlier`);
}

/**
 * The peer's window as the segment it sent sets it, and its acknowledgment
 * (an ACK without SYN or RST: RFC 9293 §3.10.7.4 fifth).
 */
function noteWindow(peer: PeerState, incoming: Segment | null): void {
  if (incoming === null || !incoming.flags.ack || incoming.flags.syn || incoming.flags.rst) return;
  if (incoming.window > 0) peer.windowZeroAck = null;
  else peer.windowZeroAck ??= incoming.ack;
  if (peer.lastAck === null || seqGt(incoming.ack, peer.lastAck)) peer.lastAck = incoming.ack;
}

/**
 * A zero-window probe (RFC 9293 §3.8.6.1), while the peer's window is shut:
 * one octet of new data at SND.UNA ("at least one octet of new data": ours,
 * lwIP's tcp_zero_window_probe), or a bare ACK at SND.UNA - 1, outside the
 * window so that it must be answered (Linux's tcp_xmit_probe_skb).
 */
function isZeroWindowProbe(seg: Segment, peer: Readonly<PeerState>): boolean {
  const una = peer.windowZeroAck;
  if (una === null || seg.flags.syn || seg.flags.fin || seg.flags.rst || !seg.flags.ack) return false;
  return seg.payload.length === 1 ? seg.seq === una : seg.payload.length === 0 && seg.seq === seqAdd(una, -1);
}

/**
 * SEQ of a bare ACK: SND.NXT, except that a probe's octet or a FIN sent into
 * the peer's zero window has put SND.NXT past the window's right edge; then
 * SND.UNA + SND.WND, which the peer accepts (Linux's tcp_acceptable_seq; the
 * implementation's sendAck).
 */
function ackSeq(peer: Readonly<PeerState>): number | null {
  if (peer.nxt === null) return null;
  return peer.windowZeroAck !== null && seqGt(peer.nxt, peer.windowZeroAck) ? peer.windowZeroAck : peer.nxt;
}

/**
 * The text of a data segment is the user's, at its place in the stream
 * (SEQ = ISS + 1 + offset), within what SEND was handed; and the segment
 * that carries the last byte handed over has PSH (RFC 9293 §3.9.1.2, MUST-61).
 */
function checkData(seg: Segment, peer: PeerState, problem: (what: string) => void): void {
  if (peer.iss === null) return;
  const offset = seqSub(seg.seq, seqAdd(peer.iss, 1));
  const end = offset + seg.payload.length;
  if (offset < 0 || (peer.userBytes !== null && end > peer.userBytes)) {
    problem(`bytes ${offset}..${end} of the stream, but SEND handed over ${peer.userBytes ?? 'fewer'}`);
    return;
  }
  const wrong = seg.payload.findIndex((byte, i) => byte !== SEND_PAYLOAD[(offset + i) % SEND_PAYLOAD.length]);
  if (wrong >= 0) problem(`byte ${offset + wrong} of the stream is not the one SEND handed over`);
  if (end === peer.userBytes && !seg.flags.psh)
    problem('the last byte handed to SEND goes without PSH (RFC 9293 §3.9.1.2)');
}

/** RFC 9293 §3.10.7.1 (a reply) or §3.10.5 (ABORT): the fields of a RST. */
function checkReset(
  seg: Segment,
  step: ModelStep,
  incoming: Segment | null,
  peer: PeerState,
  problem: (what: string) => void,
): void {
  if (incoming === null) {
    // ABORT: <SEQ=SND.NXT><CTL=RST>
    if (peer.nxt !== null && seg.seq !== peer.nxt) problem(`RST at ${seg.seq}, expected SND.NXT = ${peer.nxt}`);
    return;
  }
  if (incoming.flags.ack) {
    if (seg.seq !== incoming.ack || seg.flags.ack) problem(`expected <SEQ=${incoming.ack}><CTL=RST> for ${step.event}`);
  } else {
    const ack = seqAdd(incoming.seq, segmentLength(incoming));
    if (seg.seq !== 0 || !seg.flags.ack || seg.ack !== ack) {
      problem(`expected <SEQ=0><ACK=${ack}><CTL=RST,ACK> for ${step.event}`);
    }
  }
}

/** After a step: a connection that is gone takes the peer's knowledge of it along. */
export function settlePeer(peer: PeerState, state: TcpState): void {
  if (state === 'CLOSED' || state === 'LISTEN') {
    peer.iss = null;
    peer.nxt = null;
    peer.finSeq = null;
    peer.starts = [];
    peer.una = null;
    peer.dataAccepted = 0;
    peer.windowZeroAck = null;
    peer.probeOctet = null;
    peer.heldBytes = 0;
    peer.bytesRead = 0;
    peer.lastAck = null;
    peer.synQueued = 0;
    if (peer.userBytes !== null) peer.userBytes = 0;
  }
}
