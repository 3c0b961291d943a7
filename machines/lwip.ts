/**
 * The lwIP profile: RFC 9293's machine with the profile guards lwIP 2.1.3
 * answers `true` (file and function are lwIP 2.1.3's src/core). Its timer
 * settings are the profile's input (src/lwip/profile.ts); where lwIP departs
 * and no profile guard describes it yet, src/lwip/differences.ts says so and
 * the lwIP suites stop there (docs/lwip.md).
 */
import { tcpMachine, type ProfileGuard, type TcpContext } from './tcp.machine';

const yes = (): boolean => true;

/** The profile guards lwIP implements; a guard not listed keeps RFC 9293's answer, `false`. */
export const LWIP_GUARDS = {
  // tcp.c tcp_connect on a listening pcb gives ERR_ISCONN and tcp_write ERR_CONN: a raw-API listener only accepts.
  listenOnly: yes,
  // tcp_in.c tcp_process, SYN_RCVD: the accept callback runs once the handshake's ACK arrives; before
  // that the passively opened pcb is not the user's.
  acceptOnEstablished: yes,
  // tcp_in.c tcp_process, SYN_RCVD: "Looks like another copy of the SYN - retransmit our SYN-ACK" (tcp_rexmit).
  synAckOnRetransmittedSyn: yes,
  // tcp_out.c tcp_rexmit_rto moves every unacknowledged segment back to unsent: the data and the FIN leave together.
  finResentWithData: yes,
  // tcp_in.c tcp_process, SYN_SENT: only a SYN with the expected ACK, or an ACK, is acted on; a SYN
  // without ACK is dropped and the SYN's retransmissions go on (no simultaneous open: a bug, docs/lwip.md).
  synIgnoredInSynSent: yes,
  // tcp_in.c tcp_timewait_input (2.1.3 line 739): tcp_ack_now only "if (tcplen > 0)": a bare ACK in
  // TIME-WAIT is not answered. Only a FIN resets pcb->tmr; a path cannot tell (src/lwip/differences.ts).
  timeWaitBareAckUnanswered: yes,
  // tcp_out.c tcp_output: a segment leaves while seg->seqno - lastack + seg->len <= min(snd_wnd, cwnd), cwnd in bytes;
  // tcp.c tcp_slowtmr sets cwnd = one MSS on a timeout, so small new data still fits beside the resent segment.
  lossWindowCountsBytes: yes,
  // tcp_in.c tcp_process, SYN_RCVD (2.1.3 line 975): without ACK only "another copy of the SYN" (seqno ==
  // rcv_nxt - 1) is answered; a SYN at rcv_nxt is dropped, and the "Cope with new connection attempt" ACK (line 837)
  // excludes SYN_RCVD.
  inWindowSynIgnoredInSynReceived: yes,
  // tcp_in.c tcp_timewait_input (2.1.3 line 757): "If the SYN is in the window it is an error, send a reset" (tcp_rst
  // with seqno = ackno, ackno = seqno + tcplen); the pcb stays in TIME_WAIT, its timer untouched.
  timeWaitInWindowSynReset: yes,
  // tcp_in.c tcp_listen_input (2.1.3 line 681): rcv_nxt = seqno + 1 and a SYN-ACK, the segment's text not queued;
  // tcp_process, SYN_SENT (line 861): rcv_nxt = seqno + 1, tcp_ack_now, and no tcp_receive: the text is dropped.
  synTextDropped: yes,
} satisfies Partial<Record<ProfileGuard, () => boolean>>;

/** tcp.c tcp_persist_backoff: the persist timer's intervals in tcp_slowtmr ticks of 500 ms (TCP_SLOW_INTERVAL). */
const PERSIST_BACKOFF_TICKS = [3, 6, 12, 24, 48, 96, 120] as const;
const SLOW_INTERVAL_MS = 500;

/** The timers lwIP runs on other intervals than RFC 9293's. */
export const LWIP_DELAYS = {
  // tcp.c tcp_slowtmr: the persist timer counts its own ticks (persist_cnt) up to tcp_persist_backoff[persist_backoff - 1],
  // sends tcp_zero_window_probe and moves to the next slot: 1.5 s, 3 s, 6 s … 60 s, whatever the RTO
  // (tcp_out.c tcp_output starts it at the first slot). The profile's delays are whole ticks from a path's start.
  PERSIST: ({ context }: { context: TcpContext }): number =>
    PERSIST_BACKOFF_TICKS[Math.min(context.probes, PERSIST_BACKOFF_TICKS.length - 1)]! * SLOW_INTERVAL_MS -
    context.persistElapsed,
};

/** RFC 9293's machine as lwIP 2.1.3 runs it. */
export const lwipTcpMachine = tcpMachine.provide({ guards: LWIP_GUARDS, delays: LWIP_DELAYS });
