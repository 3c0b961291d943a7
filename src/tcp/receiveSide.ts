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
import { seqAdd, seqGt, seqInWindow, seqSub } from './seq';
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
 * gives it: some part of the segment must fall in the receive window, and an
 * empty segment needs RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND. A zero window
 * takes a segment that covers RCV.NXT only (and, by the RFC's "special
 * allowance ... to accept valid ACKs, URGs, and RSTs", any segment there: its
 * text is trimmed away later). One that straddles RCV.NXT, old text and new,
 * is such a segment once trimmed: "only the new parts are processed", and
 * the RFC processes "the idealized segment that begins at RCV.NXT", so its
 * ACK is taken as that of text at RCV.NXT would be (Linux's tcp_sequence
 * takes it, and tcp_data_queue drops its tail at a zero window; FreeBSD's
 * tcp_input trims the front, then the tail, and goes on to the ACK).
 *
 * The right edge. An empty segment at exactly RCV.NXT+RCV.WND is what a peer
 * that filled the window we offered sends while its data is in flight or a
 * segment of it lost (SEQ=SND.NXT), and the table refuses it. The caller
 * says when it is taken instead (`takesRightEdge`; never for a RST):
 * - with a valid ACK: the same allowance. At a zero window the table's only
 *   acceptable sequence number, RCV.NXT, is the right edge, and the RFC asks
 *   that valid ACKs be taken there; an open window's right edge is where such
 *   a peer's ACKs arrive, and they are its only carrier of acknowledgments
 *   until its lost segment is resent. Refused, two peers that filled each
 *   other's windows refuse each other's ACKs and answer each with an ACK the
 *   other refuses in turn, without end (an ACK war), and a lossy transfer
 *   loses the acknowledgments it needs (docs/implementation.md has the
 *   figures);
 * - always, with the connection's `acceptRightEdge` option, as Linux's
 *   tcp_sequence() does (net/ipv4/tcp_input.c:
 *   `!after(seq, rcv_nxt + tcp_receive_window(tp))`); FreeBSD's tcp_input
 *   drops only what ends past the edge (`todrop > 0`), so it takes it too.
 * Otherwise (no ACK bit, or an ACK outside RFC 5961 §5.2's range) it gets the
 * table's ACK and is dropped.
 */
export function acceptable(
  seq: number,
  length: number,
  rcvNxt: number,
  rcvWnd: number,
  takesRightEdge: boolean,
): boolean {
  if (rcvWnd === 0) return seq === rcvNxt || seqInWindow(rcvNxt, seq, length);
  if (length === 0) return seqInWindow(seq, rcvNxt, takesRightEdge ? rcvWnd + 1 : rcvWnd);
  return seqInWindow(seq, rcvNxt, rcvWnd) || seqInWindow(seqAdd(seq, length - 1), rcvNxt, rcvWnd);
}

/** The states in which arriving text is delivered (RFC 9293 §3.10.7.4, seventh step). */
const RECEIVES_TEXT: ReadonlySet<TcpState> = new Set(['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);
/** The states in which a FIN can still arrive for the first time (eighth step). */
const RECEIVES_FIN: ReadonlySet<TcpState> = new Set(['SYN_RECEIVED', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);

/**
 * RFC 9293 §3.10.7.4 seventh and eighth steps: deliver in-order text, hold
 * what arrives ahead of RCV.NXT, and process the FIN once everything before
 * it is in. `dataSeq` is where the segment's text starts (after a SYN).
 * Returns whether the segment is owed an ACK now; in-order text may instead
 * leave its ACK delayed (`mayDelayAck`, see `delayAck`).
 */
export function receiveText(
  context: ConnectionContext,
  segment: Segment,
  dataSeq: number,
  mayDelayAck = false,
): boolean {
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
    return true; // RFC 1122 §4.2.3.2: out-of-order data is acknowledged at once (a duplicate ACK, RFC 5681 §4.2)
  }
  // RFC 5681 §4.2: "an immediate ACK SHOULD be generated when a segment arrives that fills in all or part of a
  // gap": any text at RCV.NXT while something is held beyond it, whether it ends short of the held text, inside it,
  // or past it (the held copy then a duplicate that takeInOrder drops).
  let filledHole = false;
  if (payload.length > 0) {
    filledHole = tcb.reassembly.held.length > 0 || tcb.reassembly.finSeq !== null;
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
  // RFC 5681 §4.2: a segment that fills a hole, and a FIN, are acknowledged at once.
  return fin || filledHole || !mayDelayAck || !delayAck(context);
}

/**
 * RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: the ACK of in-order text
 * waits `ackDelay` ms (less than 0.5 s) for a segment to carry it; when an
 * ACK is already pending, this second segment is acknowledged at once, so at
 * least every second segment is (FreeBSD's DELAY_ACK in tcp_input.c and
 * lwIP's tcp_ack in tcp_in.c count segments the same way; Linux counts bytes,
 * __tcp_ack_snd_check). Returns whether the ACK waits. Any segment that
 * carries an ACK clears the deadline (sendSide.ts `sendSegment`).
 */
function delayAck(context: ConnectionContext): boolean {
  const tcb = context.tcb;
  if (context.options.ackDelay === 0 || tcb.ackDeadline !== null) return false;
  tcb.ackDeadline = context.now() + context.options.ackDelay;
  return true;
}

/**
 * RFC 9293 §3.10.7.2 (LISTEN) and §3.10.7.3 (SYN-SENT, fourth, a SYN without
 * an ACK): "If there are other controls or text in the segment, queue them
 * for processing after the ESTABLISHED state has been reached". The text is
 * kept, not acknowledged: the SYN-ACK acknowledges the SYN only.
 */
export function queueSynText(tcb: Tcb, segment: Segment): void {
  tcb.synText = segment.payload.length > 0 ? segment.payload : null;
}

/**
 * On reaching ESTABLISHED from SYN-RECEIVED: the text queued from the SYN is
 * processed as text arriving at IRS+1 (seventh step). Returns whether it is
 * owed an ACK.
 */
export function receiveSynText(context: ConnectionContext, segment: Segment): boolean {
  const tcb = context.tcb;
  const payload = tcb.synText;
  if (payload === null) return false;
  tcb.synText = null;
  const queued: Segment = { ...segment, seq: tcb.irs, flags: { ...segment.flags, syn: true, fin: false }, payload };
  return receiveText(context, queued, seqAdd(tcb.irs, 1));
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
