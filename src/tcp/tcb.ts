/**
 * The Transmission Control Block (RFC 9293 §3.3.1): everything a connection
 * knows, as plain data. Timers are absolute deadlines on the connection's
 * clock, not callbacks, so a TCB can be copied (`structuredClone`) and a
 * connection restored from the copy.
 */
import type { TcpState } from '../../machines/tcp.machine';
import type { ByteQueue } from './byteQueue';
import type { TcpErrorReason } from './errors';
import type { ReassemblyQueue } from './reassembly';
import type { RttEstimate } from './rtt';

export interface SendTime {
  /** Sequence number just past the segment. */
  end: number;
  /** When it was first sent. */
  at: number;
}

export interface Tcb {
  state: TcpState;
  localPort: number;
  /** Unknown (null) in LISTEN until a SYN names the peer. */
  remotePort: number | null;
  /** The connection was opened passively (from LISTEN): a RST in SYN-RECEIVED returns to LISTEN. */
  passive: boolean;

  // Send sequence variables (RFC 9293 §3.3.1, Figure 3)
  iss: number;
  sndUna: number;
  sndNxt: number;
  sndWnd: number;
  sndWl1: number;
  sndWl2: number;
  /** Largest window the peer has offered (RFC 5961 §5.2: MAX.SND.WND). */
  maxSndWnd: number;
  /** RFC 9293 §3.7.1: the MSS we may send, from the peer's MSS option (default 536). */
  sendMss: number;

  // Receive sequence variables (RFC 9293 §3.3.1, Figure 4)
  irs: number;
  rcvNxt: number;
  /** The right edge of the window last advertised, RCV.NXT + RCV.WND at that time. */
  rcvAdvertisedEdge: number;

  /** Data the user handed to SEND, starting at SND.UNA (after the SYN, if unacknowledged). */
  sendQueue: ByteQueue;
  /** The user called CLOSE: a FIN follows the queued data. */
  finQueued: boolean;
  /** Sequence number of our FIN once sent. */
  finSeq: number | null;
  /** CLOSE came in SYN-RECEIVED with data queued (RFC 9293 §3.10.4): it takes effect on ESTABLISHED. */
  closeQueued: boolean;

  /** In-order data not yet read by the user. */
  receiveQueue: ByteQueue;
  reassembly: ReassemblyQueue;
  /** The peer's FIN has been received (and counted in RCV.NXT). */
  finReceived: boolean;
  /**
   * Text that came on the peer's SYN (RFC 9293 §3.10.7.2, §3.10.7.3 fourth),
   * queued "for processing after the ESTABLISHED state has been reached".
   */
  synText: Uint8Array | null;

  // Retransmission (RFC 6298, RFC 9293 §3.8.1, §3.8.3)
  rto: number;
  rtt: RttEstimate;
  /** Consecutive timeouts of the oldest unacknowledged segment (R1/R2 of RFC 9293 §3.8.3). */
  retries: number;
  /** Something was resent since SND.UNA last advanced: its ACK gives no RTT sample (Karn). */
  retransmitted: boolean;
  /**
   * The end of the data a timeout resent, while some of it is still unacknowledged (else null): a partial ACK
   * leaves `retransmitted` set, so the ACK of the rest gives no RTT sample either (RFC 6298 §3, Karn; the
   * model's `newestResent`, and Linux's tcp_clean_rtx_queue, which takes no sample from an ACK that covers any
   * retransmitted data: FLAG_RETRANS_DATA_ACKED).
   */
  resentEnd: number | null;
  /** Our SYN (or SYN-ACK) timed out at least once (RFC 6298 §5.7). */
  synTimedOut: boolean;
  /**
   * Our SYN (or SYN-ACK) is not acknowledged yet (the model's `synOutstanding`). Not SND.UNA = ISS: SND.UNA comes
   * round to ISS again once 2^32 − 1 octets have been acknowledged (RFC 9293 §3.4), and the connection would stop.
   */
  synOutstanding: boolean;
  /** First-send times of the segments in flight, oldest first (for RTT samples). */
  sendTimes: SendTime[];
  /** Duplicate ACKs of SND.UNA counted (RFC 5681 §3.2); the third resends at once (fast retransmit). */
  dupAcks: number;
  /**
   * RFC 6582's "recover": SND.NXT when a fast retransmit or a timeout last resent, until an ACK covers it (then
   * null). Three duplicates below it start no new fast retransmit (§3.2 "Three duplicate ACKs", §4).
   */
  recoverySeq: number | null;
  /** In fast recovery (RFC 6582 §3.2): a partial ACK, below `recoverySeq`, resends the next segment at once. */
  fastRecovery: boolean;
  retransmitDeadline: number | null;
  /** RFC 9293 §3.8.6.1: the persist timer while the peer's window is zero. */
  persistDeadline: number | null;
  persistBackoff: number;
  /** RFC 9293 §3.10.8: the 2 MSL wait in TIME-WAIT. */
  timeWaitDeadline: number | null;
  /** RFC 9293 §3.8.6.3: when the delayed ACK of received text is due; null when no ACK is pending. */
  ackDeadline: number | null;
  /**
   * RFC 9293 §3.10.8 USER TIMEOUT in ms, 0 when off: how long the oldest
   * unacknowledged segment may wait for its ACK (timers.ts). A connection's
   * own, as OPEN and SEND may change it (§3.10.1, §3.10.2).
   */
  userTimeout: number;

  /** Why the connection was lost, once it was (reported to later calls). */
  lostReason: TcpErrorReason | null;
}

/**
 * A deep copy of a TCB for snapshots, sharing the payload bytes: nothing ever
 * writes into a queued `Uint8Array` (SEND copies the user's data once, and
 * received payloads are views the receiver must not change), so only the
 * containers are copied. Much cheaper than `structuredClone`.
 */
export function cloneTcb(tcb: Readonly<Tcb>): Tcb {
  // Every field by name (the return type makes a forgotten one a type error): much faster than a spread.
  return {
    state: tcb.state,
    localPort: tcb.localPort,
    remotePort: tcb.remotePort,
    passive: tcb.passive,
    iss: tcb.iss,
    sndUna: tcb.sndUna,
    sndNxt: tcb.sndNxt,
    sndWnd: tcb.sndWnd,
    sndWl1: tcb.sndWl1,
    sndWl2: tcb.sndWl2,
    maxSndWnd: tcb.maxSndWnd,
    sendMss: tcb.sendMss,
    irs: tcb.irs,
    rcvNxt: tcb.rcvNxt,
    rcvAdvertisedEdge: tcb.rcvAdvertisedEdge,
    sendQueue: {
      chunks: tcb.sendQueue.chunks.slice(),
      head: tcb.sendQueue.head,
      headOffset: tcb.sendQueue.headOffset,
      length: tcb.sendQueue.length,
    },
    finQueued: tcb.finQueued,
    finSeq: tcb.finSeq,
    closeQueued: tcb.closeQueued,
    receiveQueue: {
      chunks: tcb.receiveQueue.chunks.slice(),
      head: tcb.receiveQueue.head,
      headOffset: tcb.receiveQueue.headOffset,
      length: tcb.receiveQueue.length,
    },
    reassembly: { held: tcb.reassembly.held.slice(), finSeq: tcb.reassembly.finSeq },
    finReceived: tcb.finReceived,
    synText: tcb.synText,
    rto: tcb.rto,
    rtt: { srtt: tcb.rtt.srtt, rttvar: tcb.rtt.rttvar, hasSample: tcb.rtt.hasSample },
    retries: tcb.retries,
    retransmitted: tcb.retransmitted,
    resentEnd: tcb.resentEnd,
    synTimedOut: tcb.synTimedOut,
    synOutstanding: tcb.synOutstanding,
    sendTimes: tcb.sendTimes.slice(),
    dupAcks: tcb.dupAcks,
    recoverySeq: tcb.recoverySeq,
    fastRecovery: tcb.fastRecovery,
    retransmitDeadline: tcb.retransmitDeadline,
    persistDeadline: tcb.persistDeadline,
    persistBackoff: tcb.persistBackoff,
    timeWaitDeadline: tcb.timeWaitDeadline,
    ackDeadline: tcb.ackDeadline,
    userTimeout: tcb.userTimeout,
    lostReason: tcb.lostReason,
  };
}
