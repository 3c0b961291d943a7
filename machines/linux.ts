/**
 * The Linux profile: RFC 9293's machine with the profile guards Linux
 * answers `true`, each where the kernel departs from the RFC on purpose
 * (src/linux/differences.ts and docs/linux.md give the RFC text beside each;
 * file and function here are Linux 6.x's). The kernel suites
 * (`npm run test:linux`) check this machine against the kernel path by path.
 *
 * Linux's retry limit is a timer setting, not a guard: `retryTimeLimit` in
 * the profile's input (src/linux/profile.ts, from tcp_retries2).
 */
import { tcpMachine, type ProfileGuard, type TcpContext } from './tcp.machine';

const yes = (): boolean => true;

/** The profile guards Linux implements; a guard not listed keeps RFC 9293's answer, `false`. */
export const LINUX_GUARDS = {
  // net/ipv4/af_inet.c __inet_stream_connect: connect() on a listening socket gives EISCONN;
  // net/ipv4/tcp.c tcp_sendmsg_locked: send() on it gives ENOTCONN.
  listenOnly: yes,
  // net/ipv4/inet_connection_sock.c inet_csk_accept: accept() returns only ESTABLISHED
  // connections; a passive SYN-RECV is a request socket the user cannot reach.
  acceptOnEstablished: yes,
  // net/ipv4/tcp_minisocks.c tcp_check_req: a retransmitted SYN gets the SYN-ACK again.
  synAckOnRetransmittedSyn: yes,
  // net/ipv4/tcp.c tcp_shutdown: no FIN in SYN-RECV; it leaves once the handshake completes.
  closeQueuedUntilEstablished: yes,
  // net/ipv4/tcp_input.c tcp_sequence: a segment ending at RCV.NXT is acceptable, so the ACK
  // on a retransmitted FIN is processed.
  ackOnRetransmittedFin: yes,
  // net/ipv4/af_inet.c inet_shutdown: shutdown(SHUT_WR) again succeeds.
  repeatedCloseAccepted: yes,
  // net/ipv4/tcp_minisocks.c tcp_time_wait: TIME-WAIT is a time-wait socket no descriptor reaches.
  timeWaitWithoutHandle: yes,
  // net/ipv4/tcp_minisocks.c tcp_timewait_state_process: "In window segment, it may be only reset
  // or bare ack": a bare ACK at RCV.NXT reschedules the time-wait timer and returns TCP_TW_SUCCESS,
  // sending nothing.
  timeWaitBareAckUnanswered: yes,
  // net/ipv4/tcp_output.c tcp_retransmit_skb/tcp_xmit_retransmit_queue: a timeout with data and
  // the FIN outstanding resends both.
  finResentWithData: yes,
  // net/ipv4/tcp_input.c tcp_rcv_state_process: the SYN-ACK completing a simultaneous open is acknowledged.
  ackSimultaneousSynAck: yes,
  // Sockets API: send() blocks until ESTABLISHED, so the kernel acknowledges at once and the
  // application's data follows (tcp_sendmsg_locked, sk_stream_wait_connect).
  queuedDataAfterAck: yes,
  // net/ipv4/tcp_input.c tcp_rcv_synsent_state_process: a simultaneous open keeps icsk_retransmits,
  // counting toward tcp_syn_retries.
  simultaneousOpenKeepsRetries: yes,
  // net/ipv4/tcp_input.c tcp_fin, case TCP_FIN_WAIT1: "we must ack the received FIN" (tcp_send_ack) at once;
  // tcp_data_snd_check then sends what the FIN's window lets go.
  finAckedBeforeQueuedData: yes,
  // net/ipv4/tcp.c tcp_disconnect: a RST also "if snd_nxt != write_seq" in CLOSING or LAST_ACK ("adjusts for
  // discrepancy of Linux wrt. RFC states": Linux enters LAST_ACK before its FIN is sent).
  abortResetsUnsentData: yes,
  // net/ipv4/tcp_output.c __tcp_retransmit_skb, tcp_retrans_try_collapse: a timeout resends the small segments
  // outstanding as one; net/ipv4/tcp_input.c clears retrans_stamp only once high_seq is acknowledged
  // (tcp_fastretrans_alert) or no resent data is outstanding (tcp_try_undo_recovery, !tcp_any_retrans_done),
  // so a partial ACK of that segment keeps the retry clock.
  dataResentTogether: yes,
  // net/ipv4/tcp_input.c tcp_add_reno_sack, tcp_limit_reno_sacked: without SACK each duplicate ACK counts a segment
  // as delivered (sacked_out), capped at packets_out - 1, the excess taken for reordering (tcp_check_reno_reordering);
  // tcp_newreno_mark_lost marks the head lost only once sacked_out reaches tp->reordering (3), so fewer than four
  // segments in flight never fast-retransmit (RACK and TLP need SACK). Four or more: src/linux/differences.ts.
  dupAcksTakenForReordering: yes,
  // net/ipv4/tcp_minisocks.c tcp_timewait_state_process: only a RST at tw_rcv_nxt is "In window segment"; any
  // other RST reaches "Out of window segment", where `if (!th->rst)` alone answers: inet_twsk_put, TCP_TW_SUCCESS.
  timeWaitInWindowRstDropped: yes,
  // net/ipv4/tcp_minisocks.c tcp_check_req: a SYN past rcv_isn is in window and keeps its SYN flag ("fourth, check
  // the SYN bit": `if (flg & (TCP_FLAG_RST|TCP_FLAG_SYN)) goto embryonic_reset`), which sends a RST (send_reset, not
  // for a RST) and drops the request (inet_csk_reqsk_queue_drop): the listener stays in LISTEN.
  inWindowSynResetsRequest: yes,
  // net/ipv4/tcp_input.c tcp_rcv_synsent_state_process: an ACK with SEG.ACK =< ISS or > SND.NXT ("Previous FIN/ACK or
  // RST/ACK might be ignored"), a RST's too, rearms the retransmission timer at TCP_TIMEOUT_MIN (2 jiffies) if
  // icsk_retransmits == 0, then reset_and_undo (tcp_v4_send_reset answers all but a RST); tcp_retransmit_timer then
  // resends the SYN and backs off as on any timeout.
  badAckResendsSyn: yes,
  // net/ipv4/tcp_input.c tcp_conn_request: without a Fast Open cookie (tcp_try_fastopen returns NULL) only a request
  // socket is kept, rcv_nxt = rcv_isn + 1 (tcp_openreq_init), and the SYN's skb, text and all, is freed;
  // tcp_rcv_synsent_state_process acknowledges a SYN-ACK (tcp_send_ack) and returns -1, and tcp_rcv_state_process
  // then does "step6 onward by hand": tcp_urg, __kfree_skb. The text on a SYN or SYN-ACK is dropped, unacknowledged.
  synTextDropped: yes,
} satisfies Partial<Record<ProfileGuard, () => boolean>>;

/** The options of the Linux profile: the profile guards it answers `true`. */
export const LINUX_PROFILE_OPTIONS = Object.keys(LINUX_GUARDS) as (keyof typeof LINUX_GUARDS)[];

export type LinuxProfileOption = (typeof LINUX_PROFILE_OPTIONS)[number];

/**
 * 2^b, b the RTO back-offs still in icsk_backoff: Linux clears it only on a
 * valid RTT sample (net/ipv4/tcp_input.c tcp_ack_update_rtt), as the model
 * keeps a backed-off RTO without one (Karn), so rto = minRto · 2^b.
 */
function rtoBackoffFactor(context: TcpContext): number {
  const ratio = context.rto / context.minRto;
  return Number.isInteger(Math.log2(ratio)) ? ratio : 1;
}

/** The timers Linux runs on other intervals than RFC 9293's. */
export const LINUX_DELAYS = {
  // The persist timer (ICSK_TIME_PROBE0). include/net/tcp.h tcp_check_probe_timer arms the first probe at
  // tcp_probe0_base (icsk_rto); net/ipv4/tcp_output.c tcp_send_probe0 then increments icsk_backoff and re-arms at
  // tcp_probe0_when = icsk_rto << icsk_backoff, up to tcp_rto_max_ms. icsk_backoff still holds the RTO's own back-offs
  // (icsk_rto is already backed off by them), so after a timeout the probes back off twice as fast.
  PERSIST: ({ context }: { context: TcpContext }): number =>
    Math.min(
      context.probes === 0 ? context.rto : context.rto * 2 ** context.probes * rtoBackoffFactor(context),
      context.maxRto,
    ) - context.persistElapsed,
};

/** RFC 9293's machine as Linux runs it. */
export const linuxTcpMachine = tcpMachine.provide({ guards: LINUX_GUARDS, delays: LINUX_DELAYS });
