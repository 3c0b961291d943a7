/**
 * Where Linux and RFC 9293 part, in one table: what the RFC says, what Linux
 * does and where in the kernel, and how the tests deal with it — a model
 * option of the Linux profile, a sysctl of the test namespace, the adapter,
 * or (for what the model does not describe yet) a known difference that a
 * failing path must match exactly. docs/linux.md is generated from it.
 */
import type { ModelEdge, ModelEventType, ModelGraph } from '../mbt/modelGraph';
import { walk } from '../mbt/modelGraph';
import type { PathResult } from '../mbt/runner';

export type Handling =
  /** A model input option, on in the Linux profile. */
  | { readonly kind: 'option'; readonly option: string }
  /** A sysctl of the test namespace makes Linux behave as the model. */
  | { readonly kind: 'sysctl'; readonly sysctl: string }
  /** The adapter maps it (a sockets-API or Node matter, not the kernel's TCP). */
  | { readonly kind: 'adapter' }
  /** The path suites never meet it; packetdrill scripts do, and SCRIPT_DIFFERENCES says where. */
  | { readonly kind: 'scripts' }
  /** Not modelled yet: a path that reaches it must fail exactly there, as `matches` says. */
  | { readonly kind: 'known'; readonly matches: (edge: ModelEdge, graph: ModelGraph, result: PathResult) => boolean };

export interface Difference {
  readonly id: string;
  readonly title: string;
  /** The RFC's rule, with its section. */
  readonly rfc: string;
  /** What Linux does, with the kernel function. */
  readonly linux: string;
  readonly handling: Handling;
}

const kinds = (result: PathResult) => result.steps[result.failedAt]!.observed.sent.map((segment) => segment.kind);

/**
 * The failing step is the model's but for new data or a FIN that Linux holds
 * back: the state and refusal agree, what was sent is a prefix of what the
 * model sends, and the rest is data or FIN (a loss window of one segment).
 */
function heldBackByLossWindow(result: PathResult): boolean {
  const step = result.steps[result.failedAt]!;
  const seen = kinds(result);
  const expected = step.step.sends;
  const held = expected.slice(seen.length);
  return (
    step.observed.state === step.step.to &&
    step.observed.rejected === step.step.rejects &&
    step.observed.problems.length === 0 &&
    held.length > 0 &&
    seen.every((kind, index) => kind === (expected[index] === 'sendChallengeAck' ? 'sendAck' : expected[index])) &&
    held.every((kind) => kind === 'sendData' || kind === 'sendFin')
  );
}

/** Some timeout on this path resent a segment (the SYN, the SYN-ACK, data or the FIN): Linux set cwnd to 1. */
function resentByTimeoutBefore(graph: ModelGraph, result: PathResult): boolean {
  return walk(graph, result.events.slice(0, result.failedAt)).some(
    (edge) => edge.delayMs !== null && graph.nodes[edge.to]!.context.retransmitted,
  );
}

/** Some segment of the peer's in ESTABLISHED acknowledged our data on the way `events` walks (SND.UNA passed the ISS + 1). */
function dataAcknowledgedInEstablished(graph: ModelGraph, events: readonly ModelEventType[]): boolean {
  return walk(graph, events).some((edge) => {
    const from = graph.nodes[edge.from]!;
    const to = graph.nodes[edge.to]!;
    return (
      from.state === 'ESTABLISHED' &&
      edge.event.startsWith('RCV_') &&
      from.context.dataOutstanding &&
      (!to.context.dataOutstanding || edge.event === 'RCV_PARTIAL_ACK')
    );
  });
}

/**
 * Segments of data in flight before the failing step, as the path put them
 * there: each SEND in ESTABLISHED while data is outstanding adds one; a
 * partial ACK or a timeout (Linux resends the small segments as one) leaves
 * one, and a partial ACK that ends the loss window (RFC 5681 §3.1: not a
 * resend in fast recovery) sends the data queued behind it, one more; an ACK
 * of everything, none.
 */
function segmentsInFlight(graph: ModelGraph, result: PathResult): number {
  let segments = 0;
  for (const edge of walk(graph, result.events.slice(0, result.failedAt))) {
    const to = graph.nodes[edge.to]!;
    if (!to.context.dataOutstanding) segments = 0;
    else if (edge.event === 'RCV_PARTIAL_ACK') {
      const sendsQueued = edge.sends.includes('sendData') && !graph.nodes[edge.from]!.context.fastRecovery;
      segments = sendsQueued ? 2 : 1;
    } else if (edge.delayMs !== null) segments = 1;
    else if (edge.event === 'SEND' && to.state === 'ESTABLISHED' && edge.sends.includes('sendData')) segments += 1;
    else if (segments === 0) segments = 1;
  }
  return segments;
}

export const DIFFERENCES: readonly Difference[] = [
  {
    id: 'listen-only',
    title: 'A listening socket cannot connect or send',
    rfc: 'RFC 9293 §3.10.1/§3.10.2: ACTIVE OPEN or SEND in LISTEN with the foreign socket specified turns the connection active: a SYN, SYN-SENT.',
    linux:
      'connect() on a listening socket gives EISCONN (__inet_stream_connect), send() gives ENOTCONN; a client needs a second socket.',
    handling: { kind: 'option', option: 'listenOnly' },
  },
  {
    id: 'syn-recv-request-socket',
    title: 'SYN-RECEIVED is a request socket the user cannot reach',
    rfc: 'RFC 9293 §3.10.2/§3.10.4/§3.10.5: SEND in SYN-RECEIVED is queued, CLOSE sends a FIN (FIN-WAIT-1), ABORT sends a RST.',
    linux:
      'A passive SYN-RECV is a request socket (struct request_sock, tcp_conn_request) hanging off the listener; accept() returns only ESTABLISHED connections, so the user has no handle: the calls are refused here as "connection does not exist".',
    handling: { kind: 'option', option: 'acceptOnEstablished' },
  },
  {
    id: 'syn-recv-retransmitted-syn',
    title: 'A retransmitted SYN in SYN-RECEIVED gets the SYN-ACK again',
    rfc: 'RFC 9293 §3.10.7.4 (first check): SEG.SEQ = IRS is not acceptable; send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.',
    linux:
      'tcp_check_req resends the SYN-ACK for a pure retransmitted SYN ("Enforce SYN-ACK according to figure 8, figure 6 of RFC793, fixed by RFC1122").',
    handling: { kind: 'option', option: 'synAckOnRetransmittedSyn' },
  },
  {
    id: 'simultaneous-syn-ack-acked',
    title: 'The SYN-ACK that completes a simultaneous open is acknowledged',
    rfc: 'RFC 9293 Figure 8: SYN-RECEIVED → ESTABLISHED on <SYN,ACK>, nothing sent.',
    linux:
      'tcp_validate_incoming lets this SYN-ACK pass (SEG.SEQ+1 = RCV.NXT, SEG.ACK = SND.NXT); tcp_rcv_state_process establishes and acknowledges it.',
    handling: { kind: 'option', option: 'ackSimultaneousSynAck' },
  },
  {
    id: 'simultaneous-open-retries',
    title: "A simultaneous open goes on counting the SYN's retransmissions",
    rfc: 'RFC 9293 §3.8.3 leaves the count to the implementation; the model starts a new count with the SYN-ACK.',
    linux:
      'tcp_rcv_synsent_state_process moves the socket to SYN-RECV without resetting icsk_retransmits; tcp_write_timeout counts SYN and SYN-ACK retransmissions together against tcp_syn_retries.',
    handling: { kind: 'option', option: 'simultaneousOpenKeepsRetries' },
  },
  {
    id: 'close-in-syn-recv',
    title: 'CLOSE in SYN-RECEIVED waits for ESTABLISHED',
    rfc: 'RFC 9293 §3.10.4: with nothing queued, CLOSE in SYN-RECEIVED sends a FIN and enters FIN-WAIT-1.',
    linux:
      'tcp_shutdown sends a FIN only in ESTABLISHED, SYN-SENT and CLOSE-WAIT; in SYN-RECV it marks SEND_SHUTDOWN and the FIN leaves when the handshake completes (before the segment that completed it is processed further: a FIN on it makes CLOSING).',
    handling: { kind: 'option', option: 'closeQueuedUntilEstablished' },
  },
  {
    id: 'queued-data-after-ack',
    title: 'Data sent before ESTABLISHED follows the ACK',
    rfc: 'RFC 9293 §3.10.2/§3.10.7.3: queued data leaves on ESTABLISHED and may carry the ACK of the SYN-ACK (or FIN).',
    linux:
      "send() in SYN-SENT waits for the connection (sk_stream_wait_connect): the queue is the application's (Node's write queue), so the kernel acknowledges at once and the data comes after.",
    handling: { kind: 'option', option: 'queuedDataAfterAck' },
  },
  {
    id: 'ack-on-retransmitted-fin',
    title: 'The ACK on a retransmitted FIN counts',
    rfc: 'RFC 9293 §3.10.7.4 (first check): a retransmitted FIN (SEG.SEQ = RCV.NXT-1) is not acceptable: ACK it and drop it, ACK field unread.',
    linux:
      'tcp_sequence accepts a segment that ends at RCV.NXT (!before(end_seq, rcv_wup)); its ACK acknowledges our FIN: CLOSING → TIME-WAIT, LAST-ACK → CLOSED, nothing sent.',
    handling: { kind: 'option', option: 'ackOnRetransmittedFin' },
  },
  {
    id: 'repeated-close',
    title: 'A second CLOSE is accepted',
    rfc: 'RFC 9293 §3.10.4: CLOSE in FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK: "error: connection closing".',
    linux: 'shutdown(SHUT_WR) again returns 0 (inet_shutdown; tcp_shutdown does nothing after the FIN).',
    handling: { kind: 'option', option: 'repeatedCloseAccepted' },
  },
  {
    id: 'time-wait-without-handle',
    title: 'TIME-WAIT has no handle; ABORT cannot end it (fixed 60 s)',
    rfc: 'RFC 9293 §3.10.4/§3.10.5: CLOSE in TIME-WAIT: "connection closing"; ABORT deletes the TCB (CLOSED). §3.10.8: 2 MSL, MSL an engineering choice.',
    linux:
      "tcp_time_wait moves the connection to a struct inet_timewait_sock and the user's socket to CLOSE: shutdown() gives ENOTCONN, close() leaves the time-wait socket. TCP_TIMEWAIT_LEN is a constant 60 s (msl 30 s in the profile).",
    handling: { kind: 'option', option: 'timeWaitWithoutHandle' },
  },
  {
    id: 'time-wait-bare-ack',
    title: 'A bare ACK in TIME-WAIT is not answered',
    rfc: 'RFC 9293 §3.10.7.4 (fifth), TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout." An acceptable bare ACK (SEG.SEQ = RCV.NXT) reaches that step: it is acknowledged.',
    linux:
      'tcp_timewait_state_process: "In window segment, it may be only reset or bare ack": a bare ACK at RCV.NXT reschedules the time-wait timer and returns TCP_TW_SUCCESS, nothing sent. Data at RCV.NXT (TCP_TW_ACK) is acknowledged and restarts the timer, as the RFC says.',
    handling: { kind: 'option', option: 'timeWaitBareAckUnanswered' },
  },
  {
    id: 'time-wait-rst-in-window',
    title: 'A RST inside the window in TIME-WAIT gets no challenge ACK',
    rfc: 'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the receive window but not at RCV.NXT is answered with a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and dropped, in every synchronized state.',
    linux:
      'tcp_timewait_state_process: only a RST at tw_rcv_nxt is an "In window segment"; any other reaches "Out of window segment", where only a segment without RST (`if (!th->rst)`) is answered: the RST is dropped (inet_twsk_put, TCP_TW_SUCCESS). The full socket\'s tcp_validate_incoming sends the challenge ACK (tcp_send_challenge_ack) in the other synchronized states.',
    handling: { kind: 'option', option: 'timeWaitInWindowRstDropped' },
  },
  {
    id: 'syn-recv-in-window-syn',
    title: 'A SYN inside the window resets a passively opened SYN-RECEIVED',
    rfc: 'RFC 9293 §3.10.7.4 (fourth): in SYN-RECEIVED, "If the connection was initiated with a passive OPEN, then return this connection to the LISTEN state and return" (nothing sent).',
    linux:
      'tcp_check_req: only SEG.SEQ = rcv_isn loses its SYN flag ("Truncate SYN"); a SYN past it is in window, and "fourth, check the SYN bit" goes to embryonic_reset, which sends a RST (req->rsk_ops->send_reset: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> for a SYN without ACK) and drops the request (inet_csk_reqsk_queue_drop): the listener stays in LISTEN. An actively opened SYN-RECEIVED is a full socket: tcp_validate_incoming sends the challenge ACK, as the RFC says.',
    handling: { kind: 'option', option: 'inWindowSynResetsRequest' },
  },
  {
    id: 'syn-sent-bad-ack-resends-syn',
    title: 'An unacceptable ACK in SYN-SENT resends the SYN at once',
    rfc: 'RFC 9293 §3.10.7.3 (first): "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set, if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST>, discard the segment, and return": no timer is touched.',
    linux:
      'tcp_rcv_synsent_state_process: before the reset ("Previous FIN/ACK or RST/ACK might be ignored"), if icsk_retransmits == 0 the retransmission timer is rearmed at TCP_TIMEOUT_MIN (2 jiffies, 8 ms at HZ = 250), for a RST with such an ACK too; reset_and_undo then has tcp_v4_send_reset answer all but the RST. The timer fires as any timeout (tcp_retransmit_timer): the SYN is resent, icsk_retransmits counts it, the RTO doubles. Well inside a step of the suites, so the model sends the SYN on the same step and backs off as its timeout does. After a timeout the timer is left alone, as the RFC has it. The unacceptable ACK in SYN-RECEIVED gets the RST as the RFC says: a request socket\'s tcp_check_req hands the segment to the listener (ack_seq != snt_isn + 1: "Invalid ACK: reset will be sent by listening socket"), a full socket\'s tcp_ack refuses SEG.ACK < SND.UNA or > SND.NXT ("send one RST").',
    handling: { kind: 'option', option: 'badAckResendsSyn' },
  },
  {
    id: 'syn-text-dropped',
    title: 'Text on a SYN or a SYN-ACK is dropped',
    rfc: 'RFC 9293 §3.10.7.2 (third): on a SYN in LISTEN "any other control or text should be queued for processing later", and the handshake\'s ACK delivers it; §3.10.7.3 (fourth): on a SYN-ACK in SYN-SENT "continue processing at the sixth step", where the text is taken and acknowledged.',
    linux:
      'Without TCP Fast Open: tcp_conn_request keeps a request socket only (tcp_try_fastopen returns NULL), rcv_nxt = rcv_isn + 1, and the SYN\'s skb with its text is freed; tcp_rcv_synsent_state_process sends the ACK of the SYN-ACK and returns -1, and tcp_rcv_state_process does "step6 onward by hand" (tcp_urg, __kfree_skb). The peer sends the text again from ISS+1.',
    handling: { kind: 'option', option: 'synTextDropped' },
  },
  {
    id: 'close-wait-reset-epipe',
    title: 'A RST in CLOSE-WAIT is reported as EPIPE',
    rfc: 'RFC 9293 §3.10.7.4 (second check), CLOSE-WAIT: "any outstanding RECEIVEs and SEND should receive \'reset\' responses": ECONNRESET, as src/sockets/errno.ts reports it.',
    linux:
      'tcp_reset (net/ipv4/tcp_input.c): "We want the right error as BSD sees it": sk_err = EPIPE in CLOSE-WAIT, ECONNRESET in the other synchronized states. The path suites do not read errno; rst_close_wait.pkt does.',
    handling: { kind: 'scripts' },
  },
  {
    id: 'retries-are-time',
    title: 'The retry limit of data and FIN is a time',
    rfc: 'RFC 9293 §3.8.3: R2 as a number of retransmissions or a time; the model counted.',
    linux:
      'tcp_write_timeout/retransmits_timed_out: give up at the first timeout at least tcp_model_timeout(tcp_retries2, 200 ms) after retrans_stamp, the first retransmission still counted (tcp_retries2 = 5: 12.6 s); retrans_stamp stays while a segment that was resent is outstanding. SYN and SYN-ACK retries are counts (tcp_syn_retries, tcp_synack_retries = 2).',
    handling: { kind: 'option', option: 'retryTimeLimit' },
  },
  {
    id: 'fin-resent-with-data',
    title: 'A timeout resends the FIN with the data',
    rfc: 'RFC 6298 §5.4: on timeout retransmit the earliest segment not acknowledged.',
    linux:
      'tcp_retransmit_timer resends the head; the FIN behind it follows at once in the loss recovery that the timeout starts (tcp_xmit_retransmit_queue).',
    handling: { kind: 'option', option: 'finResentWithData' },
  },
  {
    id: 'loss-window',
    title: 'After a timeout, a FIN with no data before it waits for the ACK too (not modelled yet)',
    rfc: 'RFC 5681 §3.1 (required by RFC 9293 §3.8.2): after a retransmission timeout the congestion window is the loss window, one segment. The model follows it for data: a SEND waits for the ACK of the retransmission, and a FIN queued behind that data waits with it. The window limits data, and a FIN with nothing queued before it carries none, so the model (and TcpConnection) sends that FIN at once. After a retransmitted SYN or SYN-ACK the initial window is one segment too; the model does not follow that.',
    linux:
      "tcp_enter_loss (and tcp_init_transfer after a retransmitted handshake) sets cwnd to 1; tcp_write_xmit counts packets, the FIN-only skb tcp_send_fin queues among them (tcp_cwnd_test), so it waits for an ACK. A path stops where the model sends a segment that Linux holds back: the steps sent are a prefix of the model's, the missing ones a FIN (or data after a retransmitted handshake).",
    handling: {
      kind: 'known',
      matches: (edge, graph, result) =>
        edge.delayMs === null && graph.nodes[edge.from]!.context.retransmitted && heldBackByLossWindow(result),
    },
  },
  {
    id: 'loss-window-partial-ack',
    title: 'After a timeout, a partial ACK leaves the loss window shut',
    rfc: 'RFC 5681 §3.1: after a retransmission timeout the congestion window is one segment, and slow start grows it by one for each ACK of new data. A partial ACK covers the segment the timeout resent (RFC 6298 §5.4: the earliest), so the window is two segments with one outstanding: the data queued behind the loss window leaves.',
    linux:
      "The timeout resent the two small segments as one (tcp_retrans_try_collapse); the partial ACK trims that segment (tcp_trim_head) but acknowledges no whole one, so cwnd stays 1 and tcp_write_xmit holds new data and the FIN; CA_Loss lasts until SND.UNA passes high_seq (tcp_fastretrans_alert). The Linux profile keeps the retry count across such a partial ACK (dataResentTogether), and a retry count above 0 with data outstanding is the model's loss window: the data waits for the ACK of everything.",
    handling: { kind: 'option', option: 'dataResentTogether' },
  },
  {
    id: 'slow-start-after-loss',
    title: 'After a timeout, the congestion window grows one segment per ACK (not modelled yet)',
    rfc: 'RFC 5681 §3.1 (required by RFC 9293 §3.8.2): after the loss window of one segment, slow start lets the congestion window grow by at most one segment for each ACK of new data. The model has no congestion window: a SEND with segments outstanding sends at once.',
    linux:
      'tcp_enter_loss (or tcp_init_transfer after a retransmitted handshake) sets cwnd to 1; the ACK of the resent segment makes it 2 (tcp_slow_start, cwnd counted in segments however small), so with two segments in flight tcp_write_xmit (tcp_cwnd_test) holds a third, or the FIN, until an ACK. A path stops where the model, with several segments in flight after such a timeout, sends new data or the FIN that Linux holds back.',
    handling: {
      kind: 'known',
      matches: (edge, graph, result) =>
        edge.delayMs === null &&
        graph.nodes[edge.from]!.context.severalInFlight &&
        resentByTimeoutBefore(graph, result) &&
        heldBackByLossWindow(result),
    },
  },
  {
    id: 'partial-ack-retry-clock',
    title: 'A partial ACK after a timeout keeps the retry clock',
    rfc: 'RFC 9293 §3.8.3 (R1, R2) and RFC 6298 §5.4: the timeout resends the earliest segment; an ACK of it starts the count for the next one afresh.',
    linux:
      'The timeout resent every small segment outstanding as one (tcp_retrans_try_collapse), so after a partial ACK resent data is still outstanding: retrans_stamp is cleared only once none is (tcp_try_undo_recovery, !tcp_any_retrans_done) or high_seq is acknowledged, and tcp_write_timeout goes on counting from the first retransmission.',
    handling: { kind: 'option', option: 'dataResentTogether' },
  },
  {
    id: 'dup-acks-reordering',
    title: 'Duplicate ACKs with few segments in flight are taken for reordering',
    rfc: 'RFC 5681 §3.2 (required by RFC 9293 §3.8.1): the third duplicate ACK resends the earliest unacknowledged segment (fast retransmit).',
    linux:
      'Without SACK, tcp_add_reno_sack counts each duplicate as a segment delivered (sacked_out), capped at packets_out - 1 by tcp_limit_reno_sacked (the excess raises tp->reordering, tcp_check_reno_reordering); tcp_newreno_mark_lost marks the head lost only once sacked_out reaches tp->reordering (3). With two or three segments in flight three duplicates resend nothing; RACK and the tail loss probe need SACK.',
    handling: { kind: 'option', option: 'dupAcksTakenForReordering' },
  },
  {
    id: 'fast-retransmit-four-in-flight',
    title: 'With three or more segments in flight duplicate ACKs can resend (not modelled yet)',
    rfc: 'RFC 5681 §3.2: the third duplicate ACK resends the earliest unacknowledged segment; the model counts no segments, only whether more than one is in flight, so the Linux profile takes every duplicate for reordering (above).',
    linux:
      'Once sacked_out reaches tp->reordering, tcp_newreno_mark_lost marks the head lost, tcp_fastretrans_alert enters CA_Recovery and tcp_xmit_retransmit_queue resends it: with four segments in flight on the third duplicate, and with three once earlier excess duplicates lowered tp->reordering to packets_out (tcp_check_reno_reordering). A path stops where Linux resends data from SND.UNA on a duplicate ACK that the profile answers with nothing, three or more segments in flight.',
    handling: {
      kind: 'known',
      matches: (edge, graph, result) => {
        const step = result.steps[result.failedAt]!;
        return (
          edge.event === 'RCV_DUP_ACK' &&
          step.step.sends.length === 0 &&
          step.observed.state === step.step.to &&
          step.observed.problems.length === 0 &&
          kinds(result).join() === 'sendData' &&
          segmentsInFlight(graph, result) >= 3
        );
      },
    },
  },
  {
    id: 'simultaneous-open-timer',
    title: 'The SYN-ACK of a simultaneous open does not restart the retransmission timer',
    rfc: 'RFC 6298 §5.1 starts the timer when a segment is sent and the timer is not running; the model restarts it whenever a state is entered (SYN-SENT → SYN-RECEIVED), which agrees only when no time passes in SYN-SENT.',
    linux:
      "tcp_rcv_synsent_state_process sends the SYN-ACK (tcp_send_synack) and leaves the SYN's timer running: the first SYN-ACK retransmission comes one RTO after the SYN, not after the SYN-ACK. A path that spends time in SYN-SENT (a SEND, a CLOSE) sees it early, or during a later step.",
    handling: {
      kind: 'known',
      matches: (edge, graph, result) => {
        const step = result.steps[result.failedAt]!;
        const from = graph.nodes[edge.from]!;
        if (from.state !== 'SYN_RECEIVED' || from.context.passive) return false;
        const seen = kinds(result);
        const expected = step.step.sends.map((kind) => (kind === 'sendChallengeAck' ? 'sendAck' : kind));
        const timerEarly =
          edge.delayMs !== null &&
          JSON.stringify(seen) === JSON.stringify(expected) &&
          step.observed.state === step.step.to &&
          step.observed.problems.length > 0 &&
          step.observed.problems.every((problem) => problem.startsWith("the kernel's timer fired after"));
        const extra = seen.indexOf('sendSynAck');
        const extraSynAck =
          extra >= 0 &&
          !expected.includes('sendSynAck') &&
          JSON.stringify([...seen.slice(0, extra), ...seen.slice(extra + 1)]) === JSON.stringify(expected) &&
          step.observed.state === step.step.to &&
          step.observed.rejected === step.step.rejects &&
          step.observed.problems.length === 0;
        return timerEarly || extraSynAck;
      },
    },
  },
  {
    id: 'zero-window-probe',
    title: 'A zero-window probe is a bare ACK at SND.UNA - 1 while no data fits the window',
    rfc: 'RFC 9293 §3.8.6.1: "The sending TCP must regularly transmit at least one octet of new data (if available)" into a zero window; the model probes with one octet at SND.UNA.',
    linux:
      "tcp_probe_timer → tcp_send_probe0 → tcp_write_wakeup: a segment at SND.UNA does not lie before the window's right edge (tcp_wnd_end), so tcp_xmit_probe_skb sends a bare ACK at SND.UNA - 1, outside the window, which the peer must answer. The scripted peer takes it for a probe (src/mbt/scriptedPeer.ts isZeroWindowProbe); nothing of it is outstanding, and the window update sends the data from SND.UNA.",
    handling: { kind: 'adapter' },
  },
  {
    id: 'zero-window-persist-backoff',
    title: "After a retransmission timeout the probes back off from the RTO's own back-off",
    rfc: 'RFC 9293 §3.8.6.1 (SHLD-29, SHLD-30): the first probe after an RTO, each next one after twice the interval, up to maxRto.',
    linux:
      "tcp_check_probe_timer arms the first probe at tcp_probe0_base (icsk_rto); tcp_send_probe0 increments icsk_backoff and re-arms at tcp_probe0_when = icsk_rto << icsk_backoff. icsk_backoff is cleared only by a valid RTT sample (tcp_ack_update_rtt), so after an RTO without one icsk_rto is backed off and the shift counts its back-offs again: 2 s, then 8 s instead of 2 s, then 4 s. The Linux profile's PERSIST delay (machines/linux.ts LINUX_DELAYS) says so.",
    handling: { kind: 'option', option: 'PERSIST delay' },
  },
  {
    id: 'fin-wait-1-fin-acked-at-once',
    title:
      "In FIN-WAIT-1 with data waiting behind the zero window, the peer's FIN is acknowledged before the data leaves",
    rfc: "RFC 9293 §3.10.7.4 (fifth, eighth): the FIN's ACK opens the window and the FIN is acknowledged; the model lets the data that now leaves carry that acknowledgment.",
    linux:
      'tcp_fin, case TCP_FIN_WAIT1: "we must ack the received FIN and enter the CLOSING state" (tcp_send_ack), then tcp_data_snd_check sends the data, the FIN on its last segment (tcp_send_fin put it on the queued skb).',
    handling: { kind: 'option', option: 'finAckedBeforeQueuedData' },
  },
  {
    id: 'abort-resets-unsent-data',
    title: 'ABORT in LAST-ACK sends a RST while data and the FIN still wait to be sent',
    rfc: 'RFC 9293 §3.10.5: ABORT in CLOSING, LAST-ACK or TIME-WAIT deletes the TCB and sends nothing.',
    linux:
      'tcp_disconnect sends a RST (tcp_send_active_reset) also "if snd_nxt != write_seq" in CLOSING or LAST_ACK: "the last check adjusts for discrepancy of Linux wrt. RFC states", since Linux enters LAST_ACK at close() while the data and FIN wait behind the peer\'s zero window.',
    handling: { kind: 'option', option: 'abortResetsUnsentData' },
  },
  {
    id: 'zero-window-lone-fin',
    title: 'A FIN with no data before it waits for the zero window too',
    rfc: 'RFC 9293 §3.10.4: with nothing queued, CLOSE sends a FIN (ESTABLISHED to FIN-WAIT-1, CLOSE-WAIT to LAST-ACK); §3.8.6.1 holds data, not a FIN, behind a zero window.',
    linux:
      "tcp_send_fin queues a FIN-only skb and tcp_write_xmit sends nothing: tcp_snd_wnd_test counts the FIN's sequence number against the window (end_seq past tcp_wnd_end). The persist timer probes until the window opens. Not modelled: a path that closes into a shut window with nothing queued stops there, where Linux enters the model's state and sends nothing.",
    handling: {
      kind: 'known',
      matches: (edge, graph, result) => {
        const record = result.steps[result.failedAt]!;
        const context = graph.nodes[edge.from]!.context;
        return (
          edge.event === 'CLOSE' &&
          context.sendWindowZero &&
          !context.dataQueued &&
          record.step.sends.join() === 'sendFin' &&
          record.observed.sent.length === 0 &&
          record.observed.state === record.step.to
        );
      },
    },
  },
  {
    id: 'rto-includes-rtt',
    title: "Linux's timeouts include the measured RTT, so a time limit can come one timeout sooner",
    rfc: "RFC 6298 §2.3: RTO = SRTT + max(G, 4·RTTVAR); the model's peer answers at once (SRTT 0) and its RTO is exactly 1 s, 2 s, 4 s ….",
    linux:
      'tcp_set_rto: RTO = SRTT/8 + max(RTTVAR, tcp_rto_min); the scripted peer answers one test step later, so SRTT is tens to hundreds of ms and every backed-off timeout is that much later. Near the retry time limit (retryTimeLimit) Linux then gives up one timeout before the model; timer steps allow for the lateness (model delay × 1.5 + 1 s).',
    handling: {
      kind: 'known',
      matches: (edge, graph, result) => {
        const step = result.steps[result.failedAt]!;
        const context = graph.nodes[edge.from]!.context as {
          retryElapsed?: number;
          retryTimeLimit?: number;
          rto: number;
        };
        const limit = context.retryTimeLimit ?? 0;
        const elapsed = Math.max(0, context.retryElapsed ?? 0);
        return (
          edge.delayMs !== null &&
          limit > 0 &&
          step.step.sends.length > 0 &&
          step.observed.state === 'CLOSED' &&
          step.observed.sent.length === 0 &&
          (elapsed + context.rto) * 1.5 >= limit
        );
      },
    },
  },
  {
    id: 'old-ack',
    title: 'A segment acknowledging less than SND.UNA is dropped before any data was acknowledged',
    rfc: 'RFC 9293 §3.10.7.4 (fifth): a duplicate ACK (SEG.ACK =< SND.UNA) is ignored and the segment processed further; RFC 5961 §5.2 drops it only below SND.UNA - MAX.SND.WND.',
    linux:
      'tcp_ack bounds MAX.SND.WND by the bytes acknowledged so far ("do not accept ACK for bytes we never sent"): with nothing acknowledged yet, SEG.ACK = SND.UNA-1 is too old, so a challenge ACK is sent and the segment (its FIN too) dropped. packetdrill lines such as `< F. 1:1(0)` without `ack` send SEG.ACK = ISS: close_wait.pkt, closed.pkt and last_ack.pkt stop there.',
    handling: { kind: 'scripts' },
  },
  {
    id: 'old-ack-after-passive-open',
    title: 'An old ACK of the ISS gets a challenge ACK on a passively opened connection',
    rfc: 'RFC 9293 §3.10.7.4 (fifth): "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored"; RFC 5961 §5.2 answers with a challenge ACK only an ACK below SND.UNA - MAX.SND.WND.',
    linux:
      "tcp_ack bounds MAX.SND.WND by bytes_acked (as in old-ack above). A passively opened socket starts with SND.UNA = ISS + 1 and bytes_acked = 0 (tcp_create_openreq_child): the SYN's acknowledgment is not counted, where an active open counts it (tcp_rcv_synsent_state_process's tcp_ack, tcp_snd_una_update). So SEG.ACK = ISS is always too old after a passive open, answered by a challenge ACK (<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>) and dropped. The scripted peer's old ACK (`RCV_OLD_ACK`, SND.UNA - 1 as it knows it) is the ISS until an ACK in ESTABLISHED has acknowledged data: a path stops there, Linux sending that ACK where the model sends nothing.",
    handling: {
      kind: 'known',
      matches: (edge, graph, result) => {
        const step = result.steps[result.failedAt]!;
        const before = result.events.slice(0, result.failedAt);
        return (
          edge.event === 'RCV_OLD_ACK' &&
          step.step.sends.length === 0 &&
          kinds(result).join() === 'sendAck' &&
          step.observed.state === step.step.to &&
          step.observed.problems.length === 0 &&
          before.lastIndexOf('PASSIVE_OPEN') > before.lastIndexOf('ACTIVE_OPEN') &&
          !dataAcknowledgedInEstablished(graph, before)
        );
      },
    },
  },
  {
    id: 'timer-wheel-slack',
    title: 'Long timers fire late (TIME-WAIT ends 60–64 s in)',
    rfc: 'RFC 9293 §3.10.8: the TCB is deleted when the 2 MSL timer expires; RFC 6298 §5: the RTO timer expires after RTO.',
    linux:
      "Timers sit on the kernel's timer wheel (kernel/time/timer.c), whose coarse levels round a long timer up by as much as an eighth: the 60 s TIME-WAIT (inet_twsk_schedule) ends 60–64 s in, a 64 s SYN timeout fires seconds late. The path suites allow for it (timer steps wait up to the model's delay × 1.5 + 1 s); packetdrill scripts with exact times at that scale sometimes stop.",
    handling: { kind: 'scripts' },
  },
  {
    id: 'rfc5961-rate-limits',
    title: 'Challenge ACKs and duplicate ACKs are rate-limited',
    rfc: 'RFC 5961 §4.2/§7: challenge ACKs SHOULD be rate-limited; RFC 9293 answers every unacceptable segment.',
    linux:
      'tcp_send_challenge_ack (net.ipv4.tcp_challenge_ack_limit, per second) and tcp_oow_rate_limited (net.ipv4.tcp_invalid_ratelimit, 500 ms per socket).',
    handling: { kind: 'sysctl', sysctl: 'tcp_challenge_ack_limit = 2147483647, tcp_invalid_ratelimit = 0' },
  },
  {
    id: 'rfc1337',
    title: 'RST in TIME-WAIT',
    rfc: 'RFC 9293 §3.10.7.4: a RST in TIME-WAIT closes; RFC 1337 §3 recommends ignoring it.',
    linux:
      'tcp_timewait_state_process kills the time-wait socket on a RST unless net.ipv4.tcp_rfc1337 = 1. Both agree with the model: the rfc1337 profile runs with the sysctl on.',
    handling: { kind: 'sysctl', sysctl: "tcp_rfc1337 = the profile's rfc1337" },
  },
  {
    id: 'syn-linear-timeouts',
    title: 'The first SYN retransmissions do not back off',
    rfc: 'RFC 6298 §5.5: double the RTO on every timeout.',
    linux:
      'Linux 6.5+: net.ipv4.tcp_syn_linear_timeouts (default 4) SYN retransmissions at a constant 1 s first, counted on top of tcp_syn_retries.',
    handling: { kind: 'sysctl', sysctl: 'tcp_syn_linear_timeouts = 0' },
  },
  {
    id: 'fin-wait-2-orphan',
    title: 'FIN-WAIT-2 times out for an orphan',
    rfc: "RFC 9293 §3.3.2: FIN-WAIT-2 waits for the peer's FIN, without a timer.",
    linux:
      "A socket the user closed (an orphan) leaves FIN-WAIT-2 after net.ipv4.tcp_fin_timeout (60 s, tcp_set_keepalive/tcp_time_wait). The adapter's CLOSE is shutdown(SHUT_WR), which keeps the socket open for reading as RFC 9293's CLOSE does, so no orphan arises.",
    handling: { kind: 'adapter' },
  },
  {
    id: 'tail-loss-probe',
    title: 'Tail loss probes, F-RTO, delayed ACKs, Nagle, pacing',
    rfc: 'RFC 9293 §3.8/RFC 6298: only the retransmission timer resends; RFC 1122 §4.2.3.2 allows delayed ACKs; RFC 9293 §3.7.4 Nagle.',
    linux:
      'RFC 8985 TLP (tcp_early_retrans), F-RTO (tcp_frto), delayed ACKs (route quickack), Nagle (TCP_NODELAY), autocorking, BBR pacing and cached metrics (tcp_no_metrics_save) add or move segments the state machine does not describe; they are off in the test namespace.',
    handling: {
      kind: 'sysctl',
      sysctl:
        'tcp_early_retrans = 0, tcp_frto = 0, tcp_autocorking = 0, tcp_no_metrics_save = 1, tcp_congestion_control = reno, route quickack 1, TCP_NODELAY',
    },
  },
  {
    id: 'fin-on-data',
    title: 'The FIN rides on the last data segment',
    rfc: 'RFC 9293 §3.10.4 lets the FIN go with the last data; the model sends them apart.',
    linux:
      'tcp_send_fin sets FIN on the last queued segment if it has not been sent. The adapter judges such a segment as the data followed by the FIN.',
    handling: { kind: 'adapter' },
  },
];

/** The known (not modelled) difference a failing path stops at, if any. */
export function explainFailure(graph: ModelGraph, result: PathResult): Difference | undefined {
  if (result.passed) return undefined;
  const edge = walk(graph, result.events.slice(0, result.failedAt + 1))[result.failedAt]!;
  return DIFFERENCES.find(
    (difference) => difference.handling.kind === 'known' && difference.handling.matches(edge, graph, result),
  );
}

/** A packetdrill script of test/pkt/scripts that Linux fails, where and why (a DIFFERENCES id). */
export interface ScriptDifference {
  readonly script: string;
  readonly line: number;
  /** A part of the failure message. */
  readonly message: string;
  readonly difference: string;
  /** The script may pass as well: the difference depends on timing. */
  readonly sometimes?: boolean;
}

export const SCRIPT_DIFFERENCES: readonly ScriptDifference[] = [
  // `< F. 1:1(0)` without `ack` puts SEG.ACK = ISS on the wire, one below SND.UNA.
  { script: 'close_wait.pkt', line: 14, message: 'ack: expected 2, sent 1', difference: 'old-ack' },
  { script: 'closed.pkt', line: 14, message: 'ack: expected 2, sent 1', difference: 'old-ack' },
  { script: 'last_ack.pkt', line: 16, message: 'ack: expected 2, sent 1', difference: 'old-ack' },
  {
    script: 'simultaneous_open.pkt',
    line: 13,
    message: 'flags: expected P., sent .',
    difference: 'simultaneous-syn-ack-acked',
  },
  {
    script: 'rst_close_wait.pkt',
    line: 16,
    message: 'write returned -1 EPIPE, expected -1 ECONNRESET',
    difference: 'close-wait-reset-epipe',
  },
  // Whether the ACK 61 s in still meets TIME-WAIT depends on where the timer wheel rounds to.
  {
    script: 'time_wait_expiry.pkt',
    line: 20,
    message: 'the kernel sent nothing',
    difference: 'timer-wheel-slack',
    sometimes: true,
  },
  // The 64 s wait before ETIMEDOUT may outlast the script's close(3) at 127.1 s, which ends the blocked connect.
  {
    script: 'syn_retransmit.pkt',
    line: 8,
    message: 'connect returned',
    difference: 'timer-wheel-slack',
    sometimes: true,
  },
];
