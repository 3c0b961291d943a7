/**
 * The receive side (gVisor's rcv.go): the window we offer, the acceptability
 * test (RFC 9293 §3.10.7.4, first step), and text and FIN (seventh and
 * eighth steps). What it owes the peer it returns (an ACK), smoltcp's way,
 * rather than setting a flag for the output pass to find.
 */
import type { TcpState } from '../../machines/tcp.machine';
import type { Segment } from '../wire/segment';
import { enqueueBytes } from './byteQueue';
import type { ConnectionContext } from './context';
import { holdSegment, takeInOrder } from './reassembly';
import { seqAdd, seqGt, seqInWindow, seqLt, seqSub } from './seq';
import type { Tcb } from './tcb';

/**
 * The window we offer: receive buffer not taken by unread data
 * (RFC 9293 §3.8.6.2). Data held out of order is not counted: it lies inside
 * the window already offered, and counting it would shrink the right edge
 * and make duplicate ACKs look like window updates (RFC 5681 §2).
 */
export function receiveWindow(context: ConnectionContext): number {
  return Math.max(0, context.options.window - context.tcb.receiveQueue.length);
}

/** RCV.WND as last advertised. */
export function rcvWnd(tcb: Tcb): number {
  return Math.max(0, seqSub(tcb.rcvAdvertisedEdge, tcb.rcvNxt));
}

/**
 * RFC 9293 §3.10.7.4 first step, the acceptability test, as the RFC's table
 * gives it: some part of the segment must fall in the receive window
 * (RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND for an empty one). A zero window
 * takes an empty segment at RCV.NXT and, by the RFC's "special allowance
 * ... to accept valid ACKs, URGs, and RSTs", any segment there (its text is
 * then trimmed away). An empty segment at exactly
 * RCV.NXT+RCV.WND is not acceptable: it gets an ACK (see
 * `answersBeyondWindow` for what keeps two peers from trading such ACKs).
 */
export function acceptable(seq: number, length: number, rcvNxt: number, rcvWnd: number): boolean {
  if (rcvWnd === 0) return seq === rcvNxt;
  if (length === 0) return seqInWindow(seq, rcvNxt, rcvWnd);
  return seqInWindow(seq, rcvNxt, rcvWnd) || seqInWindow(seqAdd(seq, length - 1), rcvNxt, rcvWnd);
}

/**
 * How long a segment beyond an open window's right edge goes unanswered after
 * one was answered: Linux's tcp_invalid_ratelimit default (500 ms,
 * net/ipv4/tcp_input.c __tcp_oow_rate_limited), in the spirit of RFC 5961 §7.
 */
export const BEYOND_WINDOW_ACK_INTERVAL = 500;

/**
 * Whether an unacceptable segment that starts at or beyond RCV.NXT+RCV.WND
 * (RCV.WND > 0) is answered with an ACK (RFC 9293 §3.10.7.4 first step:
 * "an acknowledgment should be sent in reply"). Two peers whose windows are
 * both full, with data in flight or lost, each send ACKs with SEG.SEQ =
 * SND.NXT, the other's right edge: each refuses the other's ACK and answers
 * it, without end. At most one such answer per BEYOND_WINDOW_ACK_INTERVAL
 * stops that; old duplicates (below RCV.NXT) and zero-window probes are
 * answered every time. A segment below the right edge returns true.
 */
export function answersBeyondWindow(context: ConnectionContext, seq: number): boolean {
  const tcb = context.tcb;
  const window = rcvWnd(tcb);
  if (window === 0 || seqLt(seq, seqAdd(tcb.rcvNxt, window))) return true;
  const now = context.now();
  if (tcb.beyondWindowQuietDeadline !== null && now < tcb.beyondWindowQuietDeadline) return false;
  tcb.beyondWindowQuietDeadline = now + BEYOND_WINDOW_ACK_INTERVAL;
  return true;
}

/** The states in which arriving text is delivered (RFC 9293 §3.10.7.4, seventh step). */
const RECEIVES_TEXT: ReadonlySet<TcpState> = new Set(['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);
/** The states in which a FIN can still arrive for the first time (eighth step). */
const RECEIVES_FIN: ReadonlySet<TcpState> = new Set(['SYN_RECEIVED', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);

/**
 * RFC 9293 §3.10.7.4 seventh and eighth steps: deliver in-order text, hold
 * what arrives ahead of RCV.NXT, and process the FIN once everything before
 * it is in. `dataSeq` is where the segment's text starts (after a SYN).
 * Returns whether the segment is owed an ACK.
 */
export function receiveText(context: ConnectionContext, segment: Segment, dataSeq: number): boolean {
  const tcb = context.tcb;
  if (!RECEIVES_FIN.has(tcb.state) || (segment.payload.length === 0 && !segment.flags.fin)) return false;
  let payload = RECEIVES_TEXT.has(tcb.state) ? segment.payload : segment.payload.subarray(0, 0);
  let start = dataSeq;
  let fin = segment.flags.fin;
  // Trim what was already received (the FIN too, if it lies before RCV.NXT) ...
  const old = seqSub(tcb.rcvNxt, start);
  if (old > 0) {
    const skip = Math.min(old, payload.length);
    payload = payload.subarray(skip);
    start = seqAdd(start, skip);
    if (old > skip) fin = false;
  }
  // ... and what lies beyond the window (RFC 9293 §3.10.7.4: "trimmed to fit the window").
  const room = Math.max(0, rcvWnd(tcb) - seqSub(start, tcb.rcvNxt));
  let trimmed = false;
  if (payload.length > room) {
    payload = payload.subarray(0, room);
    fin = false;
    trimmed = true;
  }
  if (payload.length === 0 && !fin) return trimmed;
  if (start !== tcb.rcvNxt) {
    holdSegment(tcb.reassembly, start, payload, fin, tcb.rcvNxt);
    return true;
  }
  if (payload.length > 0) {
    enqueueBytes(tcb.receiveQueue, payload);
    tcb.rcvNxt = seqAdd(tcb.rcvNxt, payload.length);
    const continued = takeInOrder(tcb.reassembly, tcb.rcvNxt);
    for (const data of continued.data) {
      enqueueBytes(tcb.receiveQueue, data);
      tcb.rcvNxt = seqAdd(tcb.rcvNxt, data.length);
    }
    fin = fin || continued.fin;
  }
  if (fin) receiveFin(context, segment);
  return true;
}

/** RFC 9293 §3.10.7.4 eighth step: the FIN takes one sequence number and moves the state on. */
function receiveFin(context: ConnectionContext, segment: Segment): void {
  const tcb = context.tcb;
  tcb.rcvNxt = seqAdd(tcb.rcvNxt, 1);
  tcb.finReceived = true;
  const cause = { kind: 'segment', segment } as const;
  switch (tcb.state) {
    case 'SYN_RECEIVED':
    case 'ESTABLISHED':
      context.setState('CLOSE_WAIT', cause);
      break;
    case 'FIN_WAIT_1':
      context.setState(tcb.finSeq !== null && seqGt(tcb.sndUna, tcb.finSeq) ? 'TIME_WAIT' : 'CLOSING', cause);
      break;
    case 'FIN_WAIT_2':
      context.setState('TIME_WAIT', cause);
      break;
    default:
      break;
  }
}

/**
 * RFC 9293 §3.8.6.2.2: after a read, whether the window opened by a useful
 * amount (half the buffer or an MSS) and the peer should hear of it.
 */
export function windowUpdateOwed(context: ConnectionContext): boolean {
  const tcb = context.tcb;
  if (tcb.state !== 'ESTABLISHED' && tcb.state !== 'FIN_WAIT_1' && tcb.state !== 'FIN_WAIT_2') return false;
  const newEdge = seqAdd(tcb.rcvNxt, receiveWindow(context));
  const growth = seqSub(newEdge, tcb.rcvAdvertisedEdge);
  return growth >= Math.min(context.options.window / 2, context.options.mss);
}
