/**
 * SEGMENT ARRIVES (RFC 9293 §3.10.7) for a connection that exists: LISTEN
 * (§3.10.7.2), SYN-SENT (§3.10.7.3) and the other states (§3.10.7.4), in the
 * RFC's order of checks. CLOSED (§3.10.7.1) is answered by the connection
 * itself with `resetFor`.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { segmentLength, type Segment } from '../wire/segment';
import { dropBytes, enqueueBytes } from './byteQueue';
import type { StateChangeCause, TcpConnection } from './connection';
import { holdSegment, takeInOrder } from './reassembly';
import { resetFor } from './reset';
import { updateRto } from './rtt';
import { seqAdd, seqGeq, seqGt, seqInWindow, seqLeq, seqLt, seqSub } from './seq';

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

export function segmentArrives(connection: TcpConnection, segment: Segment): void {
  switch (connection.tcb.state) {
    case 'CLOSED':
      return;
    case 'LISTEN':
      return inListen(connection, segment);
    case 'SYN_SENT':
      return inSynSent(connection, segment);
    default:
      return inOtherStates(connection, segment);
  }
}

function causeOf(segment: Segment): StateChangeCause {
  return { kind: 'segment', segment };
}

function reset(connection: TcpConnection, segment: Segment): void {
  const reply = resetFor(segment);
  if (reply !== null) connection.emit(reply);
}

/**
 * RFC 9293 §3.7.1 and RFC 6691 §2: what we may send is bounded by the peer's
 * MSS option and our own. The RFCs set no lower bound; as Linux does, an MSS
 * option of 0 counts as absent (tcp_parse_options reads it only "if (in_mss)"),
 * so the default of 536 applies, and a smaller one is raised to MIN_SEND_MSS
 * (tcp_sync_mss → __tcp_mtu_to_mss: max(mss_now, sysctl_tcp_min_snd_mss)).
 * Our own configured MSS still caps the result.
 */
function sendMssFrom(connection: TcpConnection, segment: Segment): number {
  const advertised = segment.options?.mss;
  const peer = advertised === undefined || advertised === 0 ? DEFAULT_PEER_MSS : Math.max(advertised, MIN_SEND_MSS);
  return Math.min(peer, connection.options.mss);
}

/** RFC 9293 §3.10.7.2 */
function inListen(connection: TcpConnection, segment: Segment): void {
  const { flags } = segment;
  if (flags.rst) return; // first: an incoming RST is ignored
  if (flags.ack) return reset(connection, segment); // second: any ACK is bad
  if (!flags.syn) return; // fourth: other text or control is dropped
  // third: the SYN. Text on it is dropped (the peer resends it); see docs/implementation.md.
  const tcb = connection.tcb;
  tcb.remotePort = segment.srcPort;
  tcb.passive = true;
  tcb.irs = segment.seq;
  tcb.rcvNxt = seqAdd(segment.seq, 1);
  tcb.iss = connection.selectIss(segment.srcPort);
  tcb.sndUna = tcb.iss;
  tcb.sndNxt = seqAdd(tcb.iss, 1);
  tcb.sndWnd = segment.window;
  tcb.maxSndWnd = segment.window;
  tcb.sndWl1 = segment.seq;
  tcb.sndWl2 = tcb.iss;
  tcb.sendMss = sendMssFrom(connection, segment);
  connection.setState('SYN_RECEIVED', causeOf(segment));
  connection.noteSent(tcb.sndNxt);
  connection.sendSyn();
}

/** RFC 9293 §3.10.7.3 */
function inSynSent(connection: TcpConnection, segment: Segment): void {
  const tcb = connection.tcb;
  const { flags } = segment;
  // first: the ACK must acknowledge our SYN and nothing beyond it
  if (flags.ack && (seqLeq(segment.ack, tcb.iss) || seqGt(segment.ack, tcb.sndNxt))) {
    return reset(connection, segment);
  }
  const ackAcceptable = flags.ack && seqLeq(tcb.sndUna, segment.ack);
  // second: a RST is acceptable only with an acceptable ACK (RFC 5961 §3.2 does not change SYN-SENT)
  if (flags.rst) {
    if (ackAcceptable) connection.setState('CLOSED', causeOf(segment), 'connection reset');
    return;
  }
  // fourth: the SYN
  if (!flags.syn) return; // fifth: neither SYN nor RST: drop
  tcb.irs = segment.seq;
  tcb.rcvNxt = seqAdd(segment.seq, 1);
  tcb.rcvAdvertisedEdge = seqAdd(tcb.rcvNxt, connection.receiveWindow());
  tcb.sendMss = sendMssFrom(connection, segment);
  updateSendWindow(connection, segment, true);
  if (ackAcceptable) acknowledge(connection, segment.ack);
  if (seqGt(tcb.sndUna, tcb.iss)) {
    connection.setState('ESTABLISHED', causeOf(segment));
    connection.ackPending = true;
    // "If there are other controls or text in the segment, then continue processing at the sixth step"
    receiveText(connection, segment, seqAdd(segment.seq, 1));
    return;
  }
  // Simultaneous open (RFC 9293 Figure 8): <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. The SYN-ACK
  // resends our ISS, so its ACK gives no RTT sample (Karn), and a new retry count starts.
  connection.setState('SYN_RECEIVED', causeOf(segment));
  tcb.retries = 0;
  tcb.retransmitted = true;
  tcb.retransmitDeadline = connection.now() + tcb.rto;
  connection.sendSyn();
}

/**
 * RFC 9293 §3.10.7.4 first step, the acceptability test: some part of the
 * segment must fall in the receive window (a zero window takes only an
 * empty segment at RCV.NXT; and, for ACKs and RSTs, any segment there).
 *
 * One allowance beyond the RFC's table: an empty segment other than a RST at
 * exactly RCV.NXT+RCV.WND is accepted. It occupies no sequence space, and it
 * is what a peer that filled the window we offered sends (SEQ=SND.NXT). The
 * strict test refuses it and answers with an ACK; when both peers have
 * filled each other's windows, each refuses the other's ACK and the two
 * trade ACKs without end. Linux's tcp_sequence() accepts it too
 * (SEG.SEQ =< RCV.NXT+RCV.WND). See docs/implementation.md.
 */
function acceptable(seq: number, length: number, rst: boolean, rcvNxt: number, rcvWnd: number): boolean {
  if (rcvWnd === 0) return seq === rcvNxt;
  if (length === 0) return seqInWindow(seq, rcvNxt, rst ? rcvWnd : rcvWnd + 1);
  return seqInWindow(seq, rcvNxt, rcvWnd) || seqInWindow(seqAdd(seq, length - 1), rcvNxt, rcvWnd);
}

/** RFC 9293 §3.10.7.4: SYN-RECEIVED and the synchronized states. */
function inOtherStates(connection: TcpConnection, segment: Segment): void {
  const tcb = connection.tcb;
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
    updateSendWindow(connection, segment, true);
    acknowledge(connection, segment.ack);
    connection.setState('ESTABLISHED', cause);
    return;
  }

  // first: sequence number
  if (!acceptable(segment.seq, segmentLength(segment), flags.rst, tcb.rcvNxt, connection.rcvWnd())) {
    if (flags.rst) return;
    if (tcb.state === 'TIME_WAIT' && flags.fin && seqAdd(segment.seq, segment.payload.length + 1) === tcb.rcvNxt) {
      // RFC 9293 §3.10.7.4 (eighth) and RFC 1122 §4.2.2.13: the peer resent its FIN because
      // our ACK was lost: acknowledge it and restart the 2 MSL timeout.
      connection.setState('TIME_WAIT', cause);
    }
    connection.ackPending = true;
    return;
  }

  // second: RST (RFC 5961 §3.2: only an exact match resets; otherwise a challenge ACK)
  if (flags.rst) {
    if (segment.seq !== tcb.rcvNxt) {
      connection.ackPending = true;
      return;
    }
    if (tcb.state === 'SYN_RECEIVED') {
      if (tcb.passive) connection.setState('LISTEN', cause);
      else connection.setState('CLOSED', cause, 'connection refused');
      return;
    }
    if (tcb.state === 'TIME_WAIT' && connection.options.rfc1337) return; // RFC 1337 §3
    const quiet = tcb.state === 'CLOSING' || tcb.state === 'LAST_ACK' || tcb.state === 'TIME_WAIT';
    connection.setState('CLOSED', cause, quiet ? undefined : 'connection reset');
    return;
  }

  // fourth: SYN (RFC 5961 §4.2: a challenge ACK in any synchronized state)
  if (flags.syn) {
    if (tcb.state === 'SYN_RECEIVED' && tcb.passive) {
      connection.setState('LISTEN', cause);
      return;
    }
    connection.ackPending = true;
    return;
  }

  // fifth: ACK
  if (!flags.ack) return;
  if (tcb.state === 'SYN_RECEIVED') {
    if (!(seqGt(segment.ack, tcb.sndUna) && seqLeq(segment.ack, tcb.sndNxt))) {
      return reset(connection, segment);
    }
    updateSendWindow(connection, segment, true);
    connection.setState('ESTABLISHED', cause);
  }
  if (!processAck(connection, segment)) return;
  const finAcked = tcb.finSeq !== null && seqGt(tcb.sndUna, tcb.finSeq);
  switch (tcb.state) {
    case 'FIN_WAIT_1':
      if (finAcked) connection.setState('FIN_WAIT_2', cause);
      break;
    case 'CLOSING':
      if (finAcked) connection.setState('TIME_WAIT', cause);
      return;
    case 'LAST_ACK':
      if (finAcked) connection.setState('CLOSED', cause);
      return;
    default:
      break;
  }

  // sixth (URG) is not implemented: the urgent pointer is ignored; see docs/implementation.md.
  // seventh and eighth: text and FIN
  receiveText(connection, segment, segment.seq);
}

/**
 * RFC 9293 §3.10.7.4 fifth step for the synchronized states. Returns false
 * when the segment is to be dropped.
 */
function processAck(connection: TcpConnection, segment: Segment): boolean {
  const tcb = connection.tcb;
  if (seqGt(segment.ack, tcb.sndNxt)) {
    // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment"
    connection.ackPending = true;
    return false;
  }
  if (seqLt(segment.ack, seqAdd(tcb.sndUna, -tcb.maxSndWnd))) {
    // RFC 5961 §5.2: an ACK older than the largest window ever offered is answered and dropped
    connection.ackPending = true;
    return false;
  }
  if (seqGt(segment.ack, tcb.sndUna)) {
    acknowledge(connection, segment.ack);
  } else if (
    segment.ack === tcb.sndUna &&
    segment.payload.length === 0 &&
    !segment.flags.fin &&
    segment.window === tcb.sndWnd &&
    tcb.sndNxt !== tcb.sndUna
  ) {
    onDuplicateAck(connection);
  }
  if (seqGeq(segment.ack, tcb.sndUna)) updateSendWindow(connection, segment, false);
  return true;
}

/**
 * RFC 9293 §3.10.7.4 fifth step: "If SND.UNA =< SEG.ACK =< SND.NXT, the send
 * window should be updated. If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and
 * SND.WL2 =< SEG.ACK))". `force` is for the SYN states, which set it outright.
 */
function updateSendWindow(connection: TcpConnection, segment: Segment, force: boolean): void {
  const tcb = connection.tcb;
  if (
    force ||
    seqLt(tcb.sndWl1, segment.seq) ||
    (tcb.sndWl1 === segment.seq && seqLeq(tcb.sndWl2, segment.ack))
  ) {
    const opened = tcb.sndWnd === 0 && segment.window > 0;
    tcb.sndWnd = segment.window;
    tcb.sndWl1 = segment.seq;
    tcb.sndWl2 = segment.ack;
    if (segment.window > tcb.maxSndWnd) tcb.maxSndWnd = segment.window;
    if (opened && tcb.persistDeadline !== null) {
      // RFC 9293 §3.8.6.1: the window opened; the retransmission timer takes over from the persist timer.
      tcb.persistDeadline = null;
      tcb.persistBackoff = 0;
      if (tcb.sndNxt !== tcb.sndUna) tcb.retransmitDeadline = connection.now() + tcb.rto;
    }
  }
}

/** SND.UNA advances to `ack`: free the acknowledged data, sample the RTT, restart or stop the timer. */
function acknowledge(connection: TcpConnection, ack: number): void {
  const tcb = connection.tcb;
  const options = connection.options;
  const synWasOutstanding = tcb.sndUna === tcb.iss;
  let dataAcked = seqSub(ack, tcb.sndUna);
  if (synWasOutstanding) dataAcked -= 1;
  if (tcb.finSeq !== null && seqGt(ack, tcb.finSeq)) dataAcked -= 1;
  if (dataAcked > 0) {
    dropBytes(tcb.sendQueue, Math.min(dataAcked, tcb.sendQueue.length));
    connection.queueEvent('writable');
  }

  // RFC 6298 §3 (Karn): no sample if anything was resent since SND.UNA last advanced.
  let newest: number | null = null;
  while (tcb.sendTimes.length > 0 && seqLeq(tcb.sendTimes[0]!.end, ack)) {
    newest = tcb.sendTimes.shift()!.at;
  }
  if (!tcb.retransmitted && newest !== null) {
    tcb.rto = updateRto(tcb.rtt, connection.now() - newest, options);
  } else if (synWasOutstanding && tcb.synTimedOut && options.initialRto < options.fallbackRto) {
    tcb.rto = options.fallbackRto; // RFC 6298 §5.7
  }

  tcb.sndUna = ack;
  tcb.retries = 0;
  tcb.retransmitted = false;
  tcb.dupAcks = 0;
  // RFC 6298 §5.2/§5.3: stop the timer when all is acknowledged, else restart it.
  if (tcb.sndUna === tcb.sndNxt) tcb.retransmitDeadline = null;
  else if (tcb.persistDeadline === null) tcb.retransmitDeadline = connection.now() + tcb.rto;

  if (tcb.recoverySeq !== null) {
    // RFC 6582 §3.2 step 5 (partial acknowledgment): resend the next hole at once.
    if (seqLt(ack, tcb.recoverySeq)) connection.retransmitEarliest();
    else tcb.recoverySeq = null;
  }
}

/** RFC 5681 §3.2: the third duplicate ACK resends the earliest segment (fast retransmit). */
function onDuplicateAck(connection: TcpConnection): void {
  const tcb = connection.tcb;
  tcb.dupAcks += 1;
  if (tcb.dupAcks === 3 && tcb.recoverySeq === null) {
    tcb.recoverySeq = tcb.sndNxt;
    connection.retransmitEarliest();
  }
}

/** The states in which arriving text is delivered (RFC 9293 §3.10.7.4, seventh step). */
const RECEIVES_TEXT: ReadonlySet<TcpState> = new Set(['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);
/** The states in which a FIN can still arrive for the first time (eighth step). */
const RECEIVES_FIN: ReadonlySet<TcpState> = new Set(['SYN_RECEIVED', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);

/**
 * RFC 9293 §3.10.7.4 seventh and eighth steps: deliver in-order text, hold
 * what arrives ahead of RCV.NXT, and process the FIN once everything before
 * it is in. `dataSeq` is where the segment's text starts (after a SYN).
 */
function receiveText(connection: TcpConnection, segment: Segment, dataSeq: number): void {
  const tcb = connection.tcb;
  if (!RECEIVES_FIN.has(tcb.state) || (segment.payload.length === 0 && !segment.flags.fin)) return;
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
  const room = Math.max(0, connection.rcvWnd() - seqSub(start, tcb.rcvNxt));
  if (payload.length > room) {
    payload = payload.subarray(0, room);
    fin = false;
    connection.ackPending = true;
  }
  if (payload.length === 0 && !fin) return;
  connection.ackPending = true;
  if (start !== tcb.rcvNxt) {
    holdSegment(tcb.reassembly, start, payload, fin, tcb.rcvNxt);
    return;
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
  if (fin) receiveFin(connection, segment);
}

/** RFC 9293 §3.10.7.4 eighth step. */
function receiveFin(connection: TcpConnection, segment: Segment): void {
  const tcb = connection.tcb;
  tcb.rcvNxt = seqAdd(tcb.rcvNxt, 1);
  tcb.finReceived = true;
  connection.ackPending = true;
  const cause = causeOf(segment);
  switch (tcb.state) {
    case 'SYN_RECEIVED':
    case 'ESTABLISHED':
      connection.setState('CLOSE_WAIT', cause);
      break;
    case 'FIN_WAIT_1':
      connection.setState(tcb.finSeq !== null && seqGt(tcb.sndUna, tcb.finSeq) ? 'TIME_WAIT' : 'CLOSING', cause);
      break;
    case 'FIN_WAIT_2':
      connection.setState('TIME_WAIT', cause);
      break;
    default:
      break;
  }
}
