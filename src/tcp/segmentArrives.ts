/**
 * SEGMENT ARRIVES (RFC 9293 §3.10.7) for a connection that exists: LISTEN
 * (§3.10.7.2), SYN-SENT (§3.10.7.3) and the other states (§3.10.7.4), each
 * in the RFC's order of checks: sequence number, RST, security, SYN, ACK,
 * URG, text, FIN. CLOSED (§3.10.7.1) is answered by the connection itself
 * with `resetFor`.
 *
 * Arrival returns what it owes the peer (an ACK) instead of setting a flag;
 * the connection's output pass then sends it unless data or a FIN carries it
 * (smoltcp's `process` and `dispatch`). The send side (sendSide.ts) and the
 * receive side (receiveSide.ts) do the work; this file keeps the order.
 */
import { segmentLength, type Segment } from '../wire/segment';
import type { ConnectionContext, StateChangeCause } from './context';
import { acceptable, queueSynText, rcvWnd, receiveSynText, receiveText, receiveWindow } from './receiveSide';
import { resetFor } from './reset';
import { acknowledge, noteSent, onDuplicateAck, sendSyn, updateSendWindow } from './sendSide';
import { seqAdd, seqGeq, seqGt, seqLeq } from './seq';
import type { Tcb } from './tcb';

/** What an arriving segment leaves owed to the peer. */
export interface ArrivalResult {
  /** An ACK: the output pass sends one unless a data segment or FIN carries it. */
  readonly ackOwed: boolean;
}

const NOTHING_OWED: ArrivalResult = { ackOwed: false };
const ACK_OWED: ArrivalResult = { ackOwed: true };
const owed = (ack: boolean): ArrivalResult => (ack ? ACK_OWED : NOTHING_OWED);

/** RFC 9293 §3.7.1 (MUST-15): the MSS assumed without an MSS option. */
const DEFAULT_PEER_MSS = 536;
/**
 * The smallest send MSS we accept from a peer, whatever it advertises: 48
 * bytes (40 of options and at least 8 of data), Linux's TCP_MIN_SND_MSS
 * (include/net/tcp.h, the `tcp_min_snd_mss` sysctl's default, added against
 * CVE-2019-11479). A tiny MSS costs a segment per few bytes; without a floor
 * an MSS of 1 is a remote amplification, and 0 would make no progress at all.
 */
export const MIN_SEND_MSS = 48;

export function segmentArrives(context: ConnectionContext, segment: Segment): ArrivalResult {
  switch (context.tcb.state) {
    case 'CLOSED':
      return NOTHING_OWED;
    case 'LISTEN':
      return inListen(context, segment);
    case 'SYN_SENT':
      return inSynSent(context, segment);
    default:
      return inOtherStates(context, segment);
  }
}

function causeOf(segment: Segment): StateChangeCause {
  return { kind: 'segment', segment };
}

function reset(context: ConnectionContext, segment: Segment): ArrivalResult {
  const reply = resetFor(segment);
  if (reply !== null) context.output(reply);
  return NOTHING_OWED;
}

/**
 * RFC 9293 §3.7.1 and RFC 6691 §2: what we may send is bounded by the peer's
 * MSS option and our own. The RFCs set no lower bound; as Linux does, an MSS
 * option of 0 counts as absent (tcp_parse_options reads it only "if (in_mss)"),
 * so the default of 536 applies, and a smaller one is raised to MIN_SEND_MSS
 * (tcp_sync_mss → __tcp_mtu_to_mss: max(mss_now, sysctl_tcp_min_snd_mss)).
 * Our own configured MSS still caps the result.
 */
function sendMssFrom(context: ConnectionContext, segment: Segment): number {
  const advertised = segment.options?.mss;
  const peer = advertised === undefined || advertised === 0 ? DEFAULT_PEER_MSS : Math.max(advertised, MIN_SEND_MSS);
  return Math.min(peer, context.options.mss);
}

/** RFC 9293 §3.10.7.2 */
function inListen(context: ConnectionContext, segment: Segment): ArrivalResult {
  const { flags } = segment;
  if (flags.rst) return NOTHING_OWED; // first: an incoming RST is ignored
  if (flags.ack) return reset(context, segment); // second: any ACK is bad
  if (!flags.syn) return NOTHING_OWED; // fourth: other text or control is dropped
  // third: the SYN (its security check is not implemented; see inOtherStates). Text on it
  // is queued until ESTABLISHED ("any other incoming control or data (combined with SYN) will
  // be processed in the SYN-RECEIVED state"; SYN-RECEIVED delivers no text).
  const tcb = context.tcb;
  tcb.remotePort = segment.srcPort;
  tcb.passive = true;
  tcb.irs = segment.seq;
  tcb.rcvNxt = seqAdd(segment.seq, 1);
  tcb.iss = context.selectIss(segment.srcPort);
  tcb.sndUna = tcb.iss;
  tcb.sndNxt = seqAdd(tcb.iss, 1);
  tcb.sndWnd = segment.window;
  tcb.maxSndWnd = segment.window;
  tcb.sndWl1 = segment.seq;
  tcb.sndWl2 = tcb.iss;
  tcb.sendMss = sendMssFrom(context, segment);
  queueSynText(tcb, segment);
  context.setState('SYN_RECEIVED', causeOf(segment));
  noteSent(context, tcb.sndNxt);
  sendSyn(context);
  return NOTHING_OWED;
}

/** RFC 9293 §3.10.7.3 */
function inSynSent(context: ConnectionContext, segment: Segment): ArrivalResult {
  const tcb = context.tcb;
  const { flags } = segment;
  // first: the ACK must acknowledge our SYN and nothing beyond it
  if (flags.ack && (seqLeq(segment.ack, tcb.iss) || seqGt(segment.ack, tcb.sndNxt))) {
    return reset(context, segment);
  }
  const ackAcceptable = flags.ack && seqLeq(tcb.sndUna, segment.ack);
  // second: a RST is acceptable only with an acceptable ACK (RFC 5961 §3.2 does not change SYN-SENT)
  if (flags.rst) {
    if (ackAcceptable) context.setState('CLOSED', causeOf(segment), 'connection reset');
    return NOTHING_OWED;
  }
  // third: security, not implemented (see inOtherStates)
  // fourth: the SYN
  if (!flags.syn) return NOTHING_OWED; // fifth: neither SYN nor RST: drop
  tcb.irs = segment.seq;
  tcb.rcvNxt = seqAdd(segment.seq, 1);
  tcb.rcvAdvertisedEdge = seqAdd(tcb.rcvNxt, receiveWindow(context));
  tcb.sendMss = sendMssFrom(context, segment);
  updateSendWindow(context, segment, true);
  if (ackAcceptable) acknowledge(context, segment.ack);
  if (seqGt(tcb.sndUna, tcb.iss)) {
    context.setState('ESTABLISHED', causeOf(segment));
    // "If there are other controls or text in the segment, then continue processing at the sixth
    // step"; the SYN-ACK itself is owed an ACK whatever the text does.
    receiveText(context, segment, seqAdd(segment.seq, 1));
    return ACK_OWED;
  }
  // Simultaneous open (RFC 9293 Figure 8): <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. The SYN-ACK
  // resends our ISS, so its ACK gives no RTT sample (Karn), and a new retry count starts.
  // Text on the SYN is queued until ESTABLISHED (fourth: "queue them for processing after the
  // ESTABLISHED state has been reached").
  queueSynText(tcb, segment);
  context.setState('SYN_RECEIVED', causeOf(segment));
  tcb.retries = 0;
  tcb.retransmitted = true;
  tcb.retransmitDeadline = context.now() + tcb.rto;
  sendSyn(context);
  return NOTHING_OWED;
}

/** RFC 9293 §3.10.7.4: SYN-RECEIVED and the synchronized states. */
function inOtherStates(context: ConnectionContext, segment: Segment): ArrivalResult {
  const tcb = context.tcb;
  const { flags } = segment;
  const cause = causeOf(segment);

  // RFC 9293 Figure 8, line 6: in a simultaneous open the peer's SYN-ACK repeats its SYN
  // (SEG.SEQ = IRS) and acknowledges ours; it completes the handshake. After a passive open
  // the peer sent no SYN-ACK to wait for: the same segment fails the first check below.
  if (
    tcb.state === 'SYN_RECEIVED' &&
    !tcb.passive &&
    flags.syn &&
    flags.ack &&
    !flags.rst &&
    seqAdd(segment.seq, 1) === tcb.rcvNxt &&
    seqGt(segment.ack, tcb.sndUna) &&
    seqLeq(segment.ack, tcb.sndNxt)
  ) {
    updateSendWindow(context, segment, true);
    acknowledge(context, segment.ack);
    context.setState('ESTABLISHED', cause);
    return owed(receiveSynText(context, segment));
  }

  // first: sequence number. An empty segment at the right edge is taken with a valid ACK (the RFC's
  // "special allowance ... to accept valid ACKs"), or always with `acceptRightEdge`; never a RST.
  const takesRightEdge = !flags.rst && (context.options.acceptRightEdge || (flags.ack && ackValid(tcb, segment.ack)));
  if (!acceptable(segment.seq, segmentLength(segment), tcb.rcvNxt, rcvWnd(tcb), takesRightEdge)) {
    if (flags.rst) return NOTHING_OWED;
    if (tcb.state === 'TIME_WAIT' && flags.fin && seqAdd(segment.seq, segment.payload.length + 1) === tcb.rcvNxt) {
      // RFC 9293 §3.10.7.4 (eighth) and RFC 1122 §4.2.2.13: the peer resent its FIN because
      // our ACK was lost: acknowledge it and restart the 2 MSL timeout.
      context.setState('TIME_WAIT', cause);
    }
    return ACK_OWED;
  }

  // second: RST (RFC 5961 §3.2: only an exact match resets; otherwise a challenge ACK)
  if (flags.rst) {
    // RFC 1337 §3: "ignore RST segments in TIME-WAIT state": one inside the window gets no challenge ACK either.
    if (tcb.state === 'TIME_WAIT' && context.options.rfc1337) return NOTHING_OWED;
    if (segment.seq !== tcb.rcvNxt) return ACK_OWED;
    if (tcb.state === 'SYN_RECEIVED') {
      if (tcb.passive) context.setState('LISTEN', cause);
      else context.setState('CLOSED', cause, 'connection refused');
      return NOTHING_OWED;
    }
    const quiet = tcb.state === 'CLOSING' || tcb.state === 'LAST_ACK' || tcb.state === 'TIME_WAIT';
    context.setState('CLOSED', cause, quiet ? undefined : 'connection reset');
    return NOTHING_OWED;
  }

  // third: security. Not implemented: the RFC compares the segment's IP security
  // compartment (RFC 791's option, rarely sent) with the connection's and resets on a
  // mismatch; we carry no IP options, so every segment passes. See docs/implementation.md.

  // fourth: SYN (RFC 5961 §4.2: a challenge ACK in any synchronized state)
  if (flags.syn) {
    if (tcb.state === 'SYN_RECEIVED' && tcb.passive) {
      context.setState('LISTEN', cause);
      return NOTHING_OWED;
    }
    return ACK_OWED;
  }

  // fifth: ACK
  if (!flags.ack) return NOTHING_OWED;
  const completesHandshake = tcb.state === 'SYN_RECEIVED';
  if (completesHandshake) {
    if (!(seqGt(segment.ack, tcb.sndUna) && seqLeq(segment.ack, tcb.sndNxt))) {
      return reset(context, segment);
    }
    updateSendWindow(context, segment, true);
    context.setState('ESTABLISHED', cause);
  }
  const synTextOwed = receiveSynText(context, segment);
  if (processAck(context, segment) === 'drop-with-ack') return ACK_OWED;
  const finAcked = tcb.finSeq !== null && seqGt(tcb.sndUna, tcb.finSeq);
  switch (tcb.state) {
    case 'FIN_WAIT_1':
      if (finAcked) context.setState('FIN_WAIT_2', cause);
      break;
    case 'CLOSING':
      if (finAcked) context.setState('TIME_WAIT', cause);
      return NOTHING_OWED;
    case 'LAST_ACK':
      if (finAcked) context.setState('CLOSED', cause);
      return NOTHING_OWED;
    case 'TIME_WAIT':
      // "The only thing that can arrive in this state is a retransmission of the remote FIN.
      // Acknowledge it, and restart the 2 MSL timeout." A retransmitted FIN itself is answered
      // by the first check; what reaches this step is acceptable (a bare ACK or text at
      // RCV.NXT), and it gets the same answer. Its text is ignored (seventh: "should not occur").
      context.setState('TIME_WAIT', cause);
      return ACK_OWED;
    default:
      break;
  }

  // sixth (URG) is not implemented: the urgent pointer is ignored; see docs/implementation.md.
  // seventh and eighth: text and FIN; text on the ACK that completes the handshake is acknowledged at once
  return owed(receiveText(context, segment, segment.seq, !completesHandshake) || synTextOwed);
}

/**
 * An ACK the fifth step takes: SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT.
 * Beyond SND.NXT: "If the ACK acks something not yet sent (SEG.ACK >
 * SND.NXT), then send an ACK, drop the segment"; below the largest window
 * ever offered: RFC 5961 §5.2, answered and dropped the same way.
 */
function ackValid(tcb: Readonly<Tcb>, ack: number): boolean {
  return seqLeq(ack, tcb.sndNxt) && seqGeq(ack, seqAdd(tcb.sndUna, -tcb.maxSndWnd));
}

/**
 * RFC 9293 §3.10.7.4 fifth step for the synchronized states: the ACK field
 * against what we sent. `drop-with-ack` is a segment to drop with an ACK
 * sent back.
 */
function processAck(context: ConnectionContext, segment: Segment): 'accepted' | 'drop-with-ack' {
  const tcb = context.tcb;
  if (!ackValid(tcb, segment.ack)) return 'drop-with-ack';
  if (seqGt(segment.ack, tcb.sndUna)) {
    acknowledge(context, segment.ack);
  } else if (
    segment.ack === tcb.sndUna &&
    segment.payload.length === 0 &&
    !segment.flags.fin &&
    segment.window === tcb.sndWnd &&
    tcb.sndNxt !== tcb.sndUna
  ) {
    onDuplicateAck(context);
  }
  if (seqGeq(segment.ack, tcb.sndUna)) updateSendWindow(context, segment, false);
  return 'accepted';
}
