/**
 * The send side (gVisor's snd.go): the send buffer, the output pass, what an
 * ACK from the peer does to what we sent (SND.UNA, the send window, RTT
 * samples, fast retransmit), and the segments the timers resend.
 *
 * The output pass (`transmit`) derives what to send from the TCB — new data
 * within the peer's window, the FIN once all data is out — and is told
 * whether an ACK is owed besides, as smoltcp's `dispatch` is: no flag set by
 * arrival code along the way.
 */
import type { Segment, SegmentFlags } from '../wire/segment';
import { dropBytes, enqueueBytes, peekBytes } from './byteQueue';
import type { ConnectionContext } from './context';
import { FLAGS } from './flags';
import { receiveWindow } from './receiveSide';
import { updateRto } from './rtt';
import { seqAdd, seqGt, seqLeq, seqLt, seqMax, seqSub } from './seq';
import type { Tcb } from './tcb';

const EMPTY = new Uint8Array(0);

/** Where the first byte of `sendQueue` sits in sequence space. */
export function sendQueueStart(tcb: Tcb): number {
  return tcb.synOutstanding ? seqAdd(tcb.iss, 1) : tcb.sndUna;
}

/** SEND's buffer: takes what fits and returns the count (RFC 9293 §3.10.2). The bytes are copied. */
export function queueData(context: ConnectionContext, data: Uint8Array): number {
  const tcb = context.tcb;
  const room = Math.max(0, context.options.sendBufferSize - tcb.sendQueue.length);
  const taken = Math.min(room, data.length);
  // A real copy: on a Node Buffer `slice` is a view, and the caller may reuse its buffer.
  if (taken > 0) enqueueBytes(tcb.sendQueue, new Uint8Array(data.subarray(0, taken)));
  return taken;
}

/** Puts one segment on the wire, advertising our window. */
export function sendSegment(
  context: ConnectionContext,
  seq: number,
  ack: number | null,
  flags: SegmentFlags,
  payload: Uint8Array,
  options?: Segment['options'],
): void {
  const tcb = context.tcb;
  const window = flags.rst ? 0 : receiveWindow(context);
  if (ack !== null) {
    tcb.rcvAdvertisedEdge = seqAdd(tcb.rcvNxt, window);
    tcb.ackDeadline = null; // RFC 9293 §3.8.6.3: this segment carries the pending ACK
  }
  const segment: Segment = {
    srcPort: tcb.localPort,
    dstPort: tcb.remotePort ?? 0,
    seq,
    ack: ack ?? 0,
    flags,
    window,
    payload,
    ...(options === undefined ? {} : { options }),
  };
  context.output(segment);
}

/**
 * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, except that SEQ is kept within the
 * peer's window: when a zero-window probe (RFC 9293 §3.8.6.1) has put
 * SND.NXT one past SND.UNA+SND.WND, SEQ=SND.NXT would fail the peer's
 * acceptability test (§3.10.7.4) and be answered with an ACK; two peers
 * probing each other's zero windows would then trade ACKs without end. As
 * Linux's tcp_acceptable_seq(), SEQ is then SND.UNA+SND.WND.
 */
export function sendAck(context: ConnectionContext): void {
  const tcb = context.tcb;
  const windowEnd = seqAdd(tcb.sndUna, tcb.sndWnd);
  const synchronized = !tcb.synOutstanding;
  const seq = synchronized && seqGt(tcb.sndNxt, windowEnd) ? windowEnd : tcb.sndNxt;
  sendSegment(context, seq, tcb.rcvNxt, FLAGS.ACK, EMPTY);
}

/** Our SYN, or SYN-ACK when the peer's SYN is known, with the MSS option (RFC 9293 §3.7.1). */
export function sendSyn(context: ConnectionContext): void {
  const tcb = context.tcb;
  const options = { mss: context.options.mss };
  if (tcb.state === 'SYN_SENT') sendSegment(context, tcb.iss, null, FLAGS.SYN, EMPTY, options);
  else sendSegment(context, tcb.iss, tcb.rcvNxt, FLAGS.SYN_ACK, EMPTY, options);
}

/**
 * RFC 5681 §3.1 (required by RFC 9293 §3.8.2): after a retransmission
 * timeout the congestion window is the loss window, one segment, and the
 * segment the timeout resent fills it until an ACK advances SND.UNA (which
 * resets `retries`, RFC 9293 §3.8.3 R1). The window is counted in segments,
 * as Linux's tcp_cwnd_test counts it: a small resent segment leaves no room
 * for small new data. Past the loss window no congestion window is kept.
 */
export function lossWindowFull(tcb: Readonly<Tcb>): boolean {
  return tcb.retries > 0 && tcb.sndNxt !== tcb.sndUna;
}

/**
 * The output pass: new data within the peer's window and the loss window,
 * then the FIN once all data is out, then an ACK if `ackOwed` and nothing
 * else carried one. Data and FIN go only once our SYN is acknowledged, except
 * a FIN after a CLOSE in SYN-RECEIVED with nothing queued (RFC 9293 §3.10.4).
 * A FIN with no data queued before it is not held by the loss window: the
 * congestion window limits data (RFC 5681 §3.1), and a FIN carries none.
 */
export function transmit(context: ConnectionContext, ackOwed = false): void {
  const tcb = context.tcb;
  let ackCarried = false;
  const synAcked = !tcb.synOutstanding;
  const sendsData = synAcked && (tcb.state === 'ESTABLISHED' || tcb.state === 'CLOSE_WAIT' || tcb.finQueued);
  if (sendsData && tcb.finSeq === null && !lossWindowFull(tcb)) {
    const queueStart = sendQueueStart(tcb);
    let offset = seqSub(tcb.sndNxt, queueStart);
    let usable = seqSub(seqAdd(tcb.sndUna, tcb.sndWnd), tcb.sndNxt);
    while (offset < tcb.sendQueue.length && usable > 0) {
      const length = Math.min(tcb.sendMss, usable, tcb.sendQueue.length - offset);
      const payload = peekBytes(tcb.sendQueue, offset, length);
      const last = offset + length === tcb.sendQueue.length;
      sendNew(context, payload, last ? FLAGS.PSH_ACK : FLAGS.ACK);
      ackCarried = true;
      offset += length;
      usable -= length;
    }
    if (offset < tcb.sendQueue.length && tcb.sndWnd === 0 && tcb.sndNxt === tcb.sndUna) {
      startPersistTimer(context);
    }
  }
  const allDataSent = seqSub(tcb.sndNxt, sendQueueStart(tcb)) === tcb.sendQueue.length;
  if (tcb.finQueued && tcb.finSeq === null && allDataSent && (synAcked || tcb.sendQueue.length === 0)) {
    tcb.finSeq = tcb.sndNxt;
    sendNew(context, EMPTY, FLAGS.FIN_ACK);
    ackCarried = true;
  }
  if (ackOwed && !ackCarried) sendAck(context);
  context.armTimer();
}

/** Sends a segment with new sequence space at SND.NXT and advances it (RFC 6298 §5.1 starts the timer). */
function sendNew(context: ConnectionContext, payload: Uint8Array, flags: SegmentFlags): void {
  const tcb = context.tcb;
  const seq = tcb.sndNxt;
  tcb.sndNxt = seqAdd(seq, payload.length + (flags.fin ? 1 : 0));
  noteSent(context, tcb.sndNxt);
  sendSegment(context, seq, tcb.rcvNxt, flags, payload);
}

/** Records a first transmission (for RTT samples); RFC 6298 §5.1 starts the timer. */
export function noteSent(context: ConnectionContext, end: number): void {
  const tcb = context.tcb;
  const now = context.now();
  tcb.sendTimes.push({ end, at: now });
  if (tcb.retransmitDeadline === null && tcb.persistDeadline === null) {
    tcb.retransmitDeadline = now + tcb.rto;
  }
}

/** RFC 9293 §3.8.6.1: the persist timer, backed off per probe, capped at maxRto. */
export function startPersistTimer(context: ConnectionContext): void {
  const tcb = context.tcb;
  if (tcb.persistDeadline !== null) return;
  tcb.persistDeadline = context.now() + Math.min(tcb.rto * 2 ** tcb.persistBackoff, context.options.maxRto);
}

/** RFC 6298 §5.4: resend the earliest unacknowledged segment. */
export function retransmitEarliest(context: ConnectionContext): void {
  const tcb = context.tcb;
  tcb.retransmitted = true;
  if (tcb.synOutstanding) {
    sendSyn(context);
    return;
  }
  const inFlightData = Math.min(tcb.sendQueue.length, seqSub(tcb.sndNxt, tcb.sndUna));
  if (inFlightData > 0) {
    const length = Math.min(tcb.sendMss, inFlightData);
    const payload = peekBytes(tcb.sendQueue, 0, length);
    // RFC 6298 §3 (Karn): what is resent here gives no RTT sample, even across a partial ACK (onAck keeps
    // `retransmitted` while it is unacknowledged). Its send times stay: the user timeout counts from the first sending.
    const resentEnd = seqAdd(tcb.sndUna, length);
    if (tcb.resentEnd === null || seqGt(resentEnd, tcb.resentEnd)) tcb.resentEnd = resentEnd;
    // PSH when it ends at what was sent, whatever waits unsent behind it (the loss window, or a window the peer shut:
    // then the first sending had no PSH, as more was queued; RFC 9293 §3.9.1.2 leaves PSH to the sender).
    sendSegment(context, tcb.sndUna, tcb.rcvNxt, length === inFlightData ? FLAGS.PSH_ACK : FLAGS.ACK, payload);
  } else if (tcb.finSeq !== null && !seqGt(tcb.sndUna, tcb.finSeq)) {
    sendSegment(context, tcb.finSeq, tcb.rcvNxt, FLAGS.FIN_ACK, EMPTY);
  }
}

/**
 * RFC 9293 §3.8.6.1: probe a zero window with one byte of new data at
 * SND.UNA (resent while unacknowledged), or with the FIN once no data is left;
 * no retry limit while the peer answers. Once the window has opened, the
 * output pass sends instead.
 */
export function probeZeroWindow(context: ConnectionContext): void {
  const tcb = context.tcb;
  tcb.persistDeadline = null;
  if (tcb.sndWnd > 0 || (tcb.sendQueue.length === 0 && tcb.sndNxt === tcb.sndUna)) {
    transmit(context);
    return;
  }
  if (tcb.sendQueue.length === 0) {
    // All data taken, a FIN in flight: it left into the zero window (CLOSE once the probe's octet was taken) while
    // the persist timer kept the retransmission timer off (noteSent), so it is the probe now (§3.8.1).
    retransmitEarliest(context);
  } else {
    if (tcb.sndNxt === tcb.sndUna) {
      tcb.sndNxt = seqAdd(tcb.sndNxt, 1);
      tcb.sendTimes.push({ end: tcb.sndNxt, at: context.now() });
    } else {
      tcb.retransmitted = true;
    }
    sendSegment(context, sendQueueStart(tcb), tcb.rcvNxt, FLAGS.ACK, peekBytes(tcb.sendQueue, 0, 1));
  }
  tcb.persistBackoff += 1;
  startPersistTimer(context);
}

/**
 * RFC 9293 §3.10.7.4 fifth step: "If SND.UNA =< SEG.ACK =< SND.NXT, the send
 * window should be updated. If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and
 * SND.WL2 =< SEG.ACK))". `force` is for the SYN states, which set it outright.
 * SEG.SEQ is the idealized segment's, which "begins at RCV.NXT": a segment
 * that straddles RCV.NXT counts from there, its old octets trimmed (FreeBSD's
 * tcp_input advances th_seq over them before its window update; Linux's
 * tcp_ack_update_window compares the untrimmed sequence number).
 */
export function updateSendWindow(context: ConnectionContext, segment: Segment, force: boolean): void {
  const tcb = context.tcb;
  const seq = force ? segment.seq : seqMax(segment.seq, tcb.rcvNxt);
  if (force || seqLt(tcb.sndWl1, seq) || (tcb.sndWl1 === seq && seqLeq(tcb.sndWl2, segment.ack))) {
    const opened = tcb.sndWnd === 0 && segment.window > 0;
    tcb.sndWnd = segment.window;
    tcb.sndWl1 = seq;
    tcb.sndWl2 = segment.ack;
    if (segment.window > tcb.maxSndWnd) tcb.maxSndWnd = segment.window;
    if (opened && tcb.persistDeadline !== null) {
      // RFC 9293 §3.8.6.1: the window opened; the retransmission timer takes over from the persist timer.
      tcb.persistDeadline = null;
      tcb.persistBackoff = 0;
      if (tcb.sndNxt !== tcb.sndUna) tcb.retransmitDeadline = context.now() + tcb.rto;
    }
  }
}

/** SND.UNA advances to `ack`: free the acknowledged data, sample the RTT, restart or stop the timer. */
export function acknowledge(context: ConnectionContext, ack: number): void {
  const tcb = context.tcb;
  const options = context.options;
  const synWasOutstanding = tcb.synOutstanding;
  let dataAcked = seqSub(ack, tcb.sndUna);
  if (synWasOutstanding) dataAcked -= 1;
  if (tcb.finSeq !== null && seqGt(ack, tcb.finSeq)) dataAcked -= 1;
  if (dataAcked > 0) {
    dropBytes(tcb.sendQueue, Math.min(dataAcked, tcb.sendQueue.length));
    context.queueEvent('writable');
  }

  // RFC 6298 §3 (Karn): no sample if anything was resent since SND.UNA last advanced.
  let newest: number | null = null;
  while (tcb.sendTimes.length > 0 && seqLeq(tcb.sendTimes[0]!.end, ack)) {
    newest = tcb.sendTimes.shift()!.at;
  }
  if (!tcb.retransmitted && newest !== null) {
    tcb.rto = updateRto(tcb.rtt, context.now() - newest, options);
  } else if (synWasOutstanding && tcb.synTimedOut && options.initialRto < options.fallbackRto) {
    tcb.rto = options.fallbackRto; // RFC 6298 §5.7
  }

  tcb.sndUna = ack;
  tcb.synOutstanding = false;
  tcb.retries = 0;
  // What a timeout resent and this ACK leaves unacknowledged will give no sample when it is acknowledged (Karn).
  const resentLeft = tcb.resentEnd !== null && seqGt(tcb.resentEnd, ack);
  tcb.retransmitted = resentLeft;
  if (!resentLeft) tcb.resentEnd = null;
  tcb.dupAcks = 0;
  // RFC 6298 §5.2/§5.3: stop the timer when all is acknowledged, else restart it.
  if (tcb.sndUna === tcb.sndNxt) tcb.retransmitDeadline = null;
  else if (tcb.persistDeadline === null) tcb.retransmitDeadline = context.now() + tcb.rto;

  if (tcb.recoverySeq !== null && !seqLt(ack, tcb.recoverySeq)) {
    // RFC 6582 §3.2 "Full acknowledgments": `recover` is covered; fast recovery, if it ran, ends.
    tcb.recoverySeq = null;
    tcb.fastRecovery = false;
  } else if (tcb.fastRecovery) {
    // RFC 6582 §3.2 "Partial acknowledgments": resend the next segment not acknowledged at once.
    retransmitEarliest(context);
  }
}

/**
 * RFC 5681 §3.2: the third duplicate ACK resends the earliest segment (fast
 * retransmit) and starts fast recovery, unless SND.UNA is still short of
 * RFC 6582's `recover` (§3.2 "Three duplicate ACKs"). While the persist timer runs the only thing outstanding is a
 * zero-window probe's octet, and a repeated ACK is the peer's answer that its
 * window is still shut (RFC 9293 §3.8.6.1), not a sign of loss: it is not
 * counted, as FreeBSD's tcp_input counts duplicate ACKs only while the
 * retransmission timer runs.
 */
export function onDuplicateAck(context: ConnectionContext): void {
  const tcb = context.tcb;
  if (tcb.persistDeadline !== null) return;
  tcb.dupAcks += 1;
  if (tcb.dupAcks === 3 && tcb.recoverySeq === null) {
    tcb.recoverySeq = tcb.sndNxt;
    tcb.fastRecovery = true;
    retransmitEarliest(context);
  }
}
