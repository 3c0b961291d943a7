/**
 * Where lwIP 2.1.3 and RFC 9293 part, in one table: what the RFC says, what
 * lwIP does and where in its source (src/core/tcp.c, tcp_in.c, tcp_out.c at
 * the STABLE-2_1_3_RELEASE tag), and how the tests deal with it: a setting,
 * an option or a profile guard of the model's lwIP profile, the adapter, or
 * (for what no profile guard describes yet) a known difference at which a
 * failing path must stop exactly as `matches` says. docs/lwip.md is generated from it.
 * A departure from a MUST that is no choice of lwIP's carries `bug`: the
 * requirement, and a packetdrill script that shows it.
 */
import {
  SYN_CHECK_EVENTS,
  SYNCHRONIZED_STATES,
  type OutputAction,
  type ProfileGuard,
  type TcpState,
} from '../../machines/tcp.machine';
import type { ModelEdge, ModelEventType, ModelGraph } from '../mbt/modelGraph';
import { walk } from '../mbt/modelGraph';
import { PEER_DATA } from '../mbt/scriptedPeer';
import type { PathResult, StepRecord } from '../mbt/runner';
import type { ModelStep } from '../mbt/sut';

export type LwipHandling =
  /** A timer setting of the lwIP profile (rto, minRto, maxRto, maxRetries, msl). */
  | { readonly kind: 'setting'; readonly setting: string }
  /** A model input option, on in the lwIP profile. */
  | { readonly kind: 'option'; readonly option: string }
  /** A profile guard lwIP's machine answers `true` (machines/lwip.ts). */
  | { readonly kind: 'guard'; readonly guard: ProfileGuard }
  /** The adapter (native/lwip.c, src/lwip/lwipSut.ts) uses the raw API so that it does not arise. */
  | { readonly kind: 'adapter' }
  /** Not modelled yet: a path that reaches it must fail exactly there, as `matches` says. */
  | { readonly kind: 'known'; readonly matches: (edge: ModelEdge, record: StepRecord, result: PathResult) => boolean }
  /** Outside the model (an errno, a header field): packetdrill scripts stop here, as LWIP_SCRIPT_STOPS lists. */
  | { readonly kind: 'script' };

export interface LwipBug {
  /** The requirement lwIP breaks, in the RFC's words with its section and number. */
  readonly requirement: string;
  /**
   * How to see it: a packetdrill script of test/lwip/scripts (an RFC 9293
   * TCP, ours, passes it; lwIP stops at `line` with a failure that says
   * `message`; test/lwip runs both), or, where only the raw API reaches it,
   * the calls and the wire.
   */
  readonly reproduction:
    { readonly script: string; readonly line: number; readonly message: string } | { readonly rawApi: string };
}

export interface LwipDifference {
  readonly id: string;
  readonly title: string;
  /** The RFC's rule, with its section. */
  readonly rfc: string;
  /** What lwIP does, with the source file and function. */
  readonly lwip: string;
  readonly handling: LwipHandling;
  readonly bug?: LwipBug;
}

/** On the wire a challenge ACK is an ACK. */
const wire = (kind: OutputAction): OutputAction => (kind === 'sendChallengeAck' ? 'sendAck' : kind);
const seen = (record: StepRecord) => record.observed.sent.map((segment) => segment.kind);
const expected = (record: StepRecord) => record.step.sends.map(wire);
const same = (a: readonly OutputAction[], b: readonly OutputAction[]) =>
  a.length === b.length && a.every((kind, i) => kind === b[i]);
const sentExactly = (record: StepRecord, kinds: readonly OutputAction[]) => same(seen(record), kinds);
const is = (record: StepRecord, from: TcpState, event: string) =>
  record.step.from === from && record.step.event === event;
const reached = (record: StepRecord, state: TcpState) => record.observed.state === state;
const rightCallOutcome = (record: StepRecord) => record.observed.rejected === record.step.rejects;
/** The duplicate ACK the model counts third, which resends (RFC 5681 §3.2), with lwIP sending nothing. */
const thirdDuplicateUnanswered = (edge: ModelEdge, record: StepRecord) =>
  edge.event === 'RCV_DUP_ACK' && same(expected(record), ['sendData']) && sentExactly(record, []);

/** RSTs not at RCV.NXT (machines/tcp.machine.ts UNACCEPTABLE_SEGMENT_EVENTS): tcp_process drops them before tcp_receive. */
const RST_DROPPED: ReadonlySet<string> = new Set(['RCV_RST_IN_WINDOW', 'RCV_RST_OUT_OF_WINDOW']);
/**
 * SYNs in ESTABLISHED, the one again and one inside the window (SYN_CHECK_EVENTS): tcp_process answers them with an
 * ACK ("Cope with new connection attempt after remote end crashed") before tcp_receive.
 */
const SYN_ANSWERED: ReadonlySet<string> = new Set(['RCV_SYN', ...SYN_CHECK_EVENTS]);
/** States in which the peer's FIN has been received: a FIN there is a retransmission. */
const PEER_FIN_RECEIVED: ReadonlySet<TcpState> = new Set(['CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT']);
const TIMER_EARLY = "a timer fired before the model's";
const GAVE_UP_EARLY = 'lwIP gave the connection up before';
const RESENT_FROM = 'a retransmission from';
/** The scripted peer's words for a segment larger than the MSS it announced (src/mbt/scriptedPeer.ts). */
const BEYOND_MSS = 'more than the MSS of';
/** The adapter's problems are all among these. */
const problemsOnly = (record: StepRecord, ...prefixes: readonly string[]) =>
  record.observed.problems.every((problem) => prefixes.some((prefix) => problem.includes(prefix)));
const timerOnly = (record: StepRecord) => problemsOnly(record, TIMER_EARLY, GAVE_UP_EARLY);
const timerFiredEarly = (record: StepRecord) =>
  record.observed.problems.some((problem) => problem.startsWith(TIMER_EARLY));

/** What lwIP sent on a timer step is the model's retransmission `times` times over (0: none yet). */
function repeatsOfExpected(record: StepRecord): number | null {
  const want = expected(record);
  const got = seen(record);
  if (want.length === 0) return got.length === 0 ? 0 : null;
  if (got.length % want.length !== 0) return null;
  for (let i = 0; i < got.length; i++) if (got[i] !== want[i % want.length]) return null;
  return got.length / want.length;
}

/** The peer's text one segment past RCV.NXT, held (tcp_receive's ooseq), with its FIN after it or without. */
const OUT_OF_ORDER: ReadonlySet<ModelEventType> = new Set<ModelEventType>([
  'RCV_DATA_OUT_OF_ORDER',
  'RCV_DATA_FIN_OUT_OF_ORDER',
]);

/** The synchronized states (RFC 9293 §3.5), where a SYN gets a challenge ACK. */
const SYNCHRONIZED: ReadonlySet<TcpState> = new Set(SYNCHRONIZED_STATES);
/** The peer's segments that carry a SYN after the handshake: the SYN again, and one inside the window. */
const SYNS: ReadonlySet<string> = new Set(['RCV_SYN', 'RCV_SYN_ACK', ...SYN_CHECK_EVENTS]);

/**
 * A step after which lwIP's snd_wl1 lies below the peer's SND.NXT: text
 * taken or a FIN accepted (SND.WL1 stays at that segment's sequence number,
 * the peer's next segment lies past it), and the SYN-ACK in SYN-SENT
 * (tcp_process sets snd_wl1 = seqno - 1 "to force window update"). After the
 * peer's FIN its text and a retransmitted FIN take no sequence space.
 */
function leavesWl1Behind(step: ModelStep): boolean {
  switch (step.event) {
    case 'RCV_SYN_ACK':
    case 'RCV_SYN_ACK_DATA':
      return step.from === 'SYN_SENT';
    case 'RCV_DATA':
    case 'RCV_DATA_OUT_OF_ORDER':
    case 'RCV_DATA_FIN_OUT_OF_ORDER':
    case 'RCV_FIN':
    case 'RCV_FIN_ACK':
      return !PEER_FIN_RECEIVED.has(step.from);
    default:
      return false;
  }
}

/** The model sends data on the step and lwIP, in the model's state, sends none: its window is shut. */
const dataHeldBack = (edge: ModelEdge, record: StepRecord) =>
  edge.sends.includes('sendData') && !seen(record).includes('sendData') && reached(record, record.step.to);

/** The steps of a failing path before the one that failed. */
const stepsBefore = (result: PathResult): ModelStep[] =>
  result.steps.slice(0, result.failedAt).map((record) => record.step);

/**
 * lwIP has taken the zero window of an old ACK and no later segment of the
 * peer's opened it: the peer's last segments before the failing step are
 * `RCV_OLD_ACK`s, and the one before them left snd_wl1 < seqno
 * (tcp_receive). A SYN in a synchronized state is answered with a challenge
 * ACK before tcp_receive reads its window.
 */
function windowShutByOldAck(result: PathResult): boolean {
  const segments = stepsBefore(result).filter(
    (step) => step.event.startsWith('RCV_') && !(SYNCHRONIZED.has(step.from) && SYNS.has(step.event)),
  );
  let last = segments.length - 1;
  while (last >= 0 && segments[last]!.event === 'RCV_OLD_ACK') last--;
  return last >= 0 && last < segments.length - 1 && leavesWl1Behind(segments[last]!);
}

/**
 * lwIP's snd_wl2 lies past SND.NXT: an `RCV_ACK_UNSENT` came before the
 * failing step, and no step since left snd_wl1 behind the peer (its next
 * segment would lie at a higher sequence number, snd_wl1 < seqno).
 */
function windowHeldByUnsentAck(result: PathResult): boolean {
  const before = stepsBefore(result);
  const events = before.map((step) => step.event);
  const unsent = events.lastIndexOf('RCV_ACK_UNSENT');
  if (unsent < 0) return false;
  // Text held past a hole put the peer's SND.NXT, and so the ACK's sequence number, past it: the held text sent
  // again and the text that fills the hole lie below it, and only what follows moves the sequence number further.
  const lastHeld = Math.max(...[...OUT_OF_ORDER].map((event) => events.lastIndexOf(event, unsent)));
  const held = lastHeld > events.lastIndexOf('RCV_DATA', unsent);
  const after = before.slice(unsent + 1);
  const filling = held ? after.findIndex((step) => step.event === 'RCV_DATA') : -1;
  const belowAck = (step: ModelStep, index: number) =>
    held && (filling < 0 || index <= filling) && (index === filling || OUT_OF_ORDER.has(step.event));
  return !after.some((step, index) => !belowAck(step, index) && leavesWl1Behind(step));
}

export const LWIP_DIFFERENCES: readonly LwipDifference[] = [
  {
    id: 'timers',
    title: 'Timers count 500 ms ticks: initial RTO 3 s, back-off to 384 s, 12 retransmissions, 2 MSL = 120.5 s',
    rfc: 'RFC 6298 §2.1 (initial RTO 1 s), §5.5 (double it), RFC 9293 §3.8.3 (R2 at least 100 s), §3.4.2 (MSL an engineering choice).',
    lwip: "tcp_alloc: rto = sv = 3000 / TCP_SLOW_INTERVAL (6 ticks); tcp_slowtmr: rto = (sa/8 + sv) << tcp_backoff[nrtx], tcp_backoff = {1, 2, 3, 4, 5, 6, 7, 7, …}, drop the pcb once nrtx >= TCP_MAXRTX (12); TIME-WAIT ends once tcp_ticks - pcb->tmr > 2 × TCP_MSL / TCP_SLOW_INTERVAL (240 ticks), at the 241st. Debian's lwipopts.h sets none of these, so lwip/opt.h's and tcp_priv.h's defaults hold. The profile's rto 3000, maxRto 384000, maxRetries 12, msl 60250.",
    handling: { kind: 'setting', setting: 'rto, maxRto, maxRetries, msl' },
  },
  {
    id: 'listen-only',
    title: 'A listener cannot connect or send',
    rfc: 'RFC 9293 §3.10.1/§3.10.2: ACTIVE OPEN or SEND in LISTEN turns the connection active: a SYN, SYN-SENT.',
    lwip: 'tcp_listen replaces the pcb with a struct tcp_pcb_listen; tcp_connect on it fails ("can only connect from state CLOSED", ERR_ISCONN), tcp_write_checks gives ERR_CONN.',
    handling: { kind: 'guard', guard: 'listenOnly' },
  },
  {
    id: 'accept-on-established',
    title: "A passively opened SYN-RECEIVED is not yet the user's",
    rfc: 'RFC 9293 §3.10.2/§3.10.4/§3.10.5: SEND in SYN-RECEIVED is queued, CLOSE sends a FIN, ABORT a RST.',
    lwip: 'tcp_listen_input creates the SYN-RCVD pcb; the listener\'s accept callback gets it only in tcp_process once the handshake\'s ACK arrives (TCP_EVENT_ACCEPT). Until then the user holds nothing to call: the adapter refuses the calls as "connection does not exist", as the Linux adapter does for a request socket.',
    handling: { kind: 'guard', guard: 'acceptOnEstablished' },
  },
  {
    id: 'syn-recv-retransmitted-syn',
    title: 'A retransmitted SYN in SYN-RECEIVED gets the SYN-ACK again',
    rfc: 'RFC 9293 §3.10.7.4 (first check): SEG.SEQ = IRS is not acceptable; send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.',
    lwip: 'tcp_process, case SYN_RCVD: "Looks like another copy of the SYN - retransmit our SYN-ACK" (tcp_rexmit).',
    handling: { kind: 'guard', guard: 'synAckOnRetransmittedSyn' },
  },
  {
    id: 'syn-recv-in-window-syn',
    title: 'A SYN inside the window in SYN-RECEIVED is dropped',
    rfc: 'RFC 9293 §3.10.7.4 (fourth): in SYN-RECEIVED, "If the connection was initiated with a passive OPEN, then return this connection to the LISTEN state and return"; otherwise a challenge ACK (RFC 5961 §4.2).',
    lwip: 'tcp_process: the "Cope with new connection attempt" ACK excludes SYN_RCVD; case SYN_RCVD answers a segment without ACK only if it is "another copy of the SYN" (seqno == rcv_nxt - 1). A SYN at RCV.NXT is dropped and the pcb stays in SYN_RCVD, its SYN-ACK timer running (2.1.3 tcp_in.c lines 837, 975).',
    handling: { kind: 'guard', guard: 'inWindowSynIgnoredInSynReceived' },
  },
  {
    id: 'time-wait-in-window-syn',
    title: 'A SYN inside the window in TIME-WAIT gets a RST',
    rfc: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped.',
    lwip: 'tcp_timewait_input: "If the SYN is in the window it is an error, send a reset" (tcp_rst with seqno = ackno, ackno = seqno + tcplen: <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK> for a SYN without ACK); the pcb stays in TIME_WAIT, pcb->tmr untouched (2.1.3 tcp_in.c line 757). The other synchronized states answer with tcp_ack_now ("Cope with new connection attempt after remote end crashed").',
    handling: { kind: 'guard', guard: 'timeWaitInWindowSynReset' },
  },
  {
    id: 'syn-text-dropped',
    title: 'Text on a SYN or a SYN-ACK is dropped',
    rfc: 'RFC 9293 §3.10.7.2 (third): on a SYN in LISTEN "any other control or text should be queued for processing later", and the handshake\'s ACK delivers it; §3.10.7.3 (fourth): on a SYN-ACK in SYN-SENT "continue processing at the sixth step", where the text is taken and acknowledged.',
    lwip: "tcp_listen_input sets rcv_nxt = seqno + 1 and enqueues the SYN-ACK, the segment's text not kept; tcp_process, SYN_SENT, sets rcv_nxt = seqno + 1 and calls tcp_ack_now without tcp_receive (2.1.3 tcp_in.c lines 681, 861). The peer sends the text again from ISS+1.",
    handling: { kind: 'guard', guard: 'synTextDropped' },
  },
  {
    id: 'rfc1337',
    title: 'A RST in TIME-WAIT is ignored',
    rfc: 'RFC 9293 §3.10.7.4 (second): a RST in TIME-WAIT closes; RFC 1337 §3 recommends ignoring it.',
    lwip: 'tcp_timewait_input: "RFC 1337: in TIME_WAIT, ignore RST".',
    handling: { kind: 'option', option: 'rfc1337' },
  },
  {
    id: 'fin-resent-with-data',
    title: 'A timeout resends the data and the FIN together',
    rfc: 'RFC 6298 §5.4: on timeout retransmit the earliest segment not acknowledged.',
    lwip: 'tcp_rexmit_rto_prepare moves every unacknowledged segment back to unsent; tcp_output then sends as many as the one-MSS window takes, the 10 bytes of data and the FIN both.',
    handling: { kind: 'guard', guard: 'finResentWithData' },
  },
  {
    id: 'loss-window-in-bytes',
    title: 'After a timeout, small new data goes at once: the loss window counts bytes',
    rfc: 'RFC 5681 §3.1 (required by RFC 9293 §3.8.2): after a retransmission timeout the congestion window is the loss window, one full-sized segment; the model counts it in segments, so the resent segment fills it and new data waits for its ACK.',
    lwip: 'tcp_slowtmr (tcp.c) sets cwnd = one MSS before tcp_rexmit_rto_commit, and tcp_output (tcp_out.c) sends a segment while seqno - lastack + len <= min(snd_wnd, cwnd), in bytes: behind 10 resent bytes, a SEND of 10 more fits one MSS and leaves at once.',
    handling: { kind: 'guard', guard: 'lossWindowCountsBytes' },
  },
  {
    id: 'delayed-ack',
    title: 'Data is acknowledged up to 250 ms later',
    rfc: 'RFC 9293 §3.8.6.3 (RFC 1122 §4.2.3.2) allows delayed ACKs (SHLD-18, within 0.5 s); the model delays an ACK by `ackDelay` ms from the text (after ACK_DELAY), and the lwIP profile sets `ackDelay: 0`.',
    lwip: "tcp_receive sets TF_ACK_DELAY for in-order data; tcp_fasttmr sends the ACK on its next 250 ms tick, 0 to 250 ms after the text depending on the tick's phase, which no delay counted from the text describes (and the path tests move the clock by whole timer delays). The adapter's recv callback calls tcp_ack_now after tcp_recved, so tcp_input's tcp_output acknowledges at once (the Linux run's quickack), as the profile's ackDelay 0 expects.",
    handling: { kind: 'adapter' },
  },
  {
    id: 'nagle',
    title: "Nagle's algorithm holds a small segment while data is outstanding",
    rfc: 'RFC 9293 §3.7.4: a TCP SHOULD implement Nagle (SHLD-7) and MUST let the application disable it (MUST-17); the model sends at once.',
    lwip: "tcp_output stops at tcp_do_output_nagle; the adapter calls tcp_nagle_disable (TF_NODELAY) on the user's connection, as the Linux adapter sets TCP_NODELAY.",
    handling: { kind: 'adapter' },
  },
  {
    id: 'close-is-shutdown',
    title: 'CLOSE is tcp_shutdown, and tcp_close in SYN-SENT',
    rfc: 'RFC 9293 §3.10.4: CLOSE means "I have no more to send"; the connection still receives. In SYN-SENT it deletes the TCB.',
    lwip: 'tcp_close also closes the receive side (TF_RXCLOSED: data then gets a RST, FIN-WAIT-2 times out after TCP_FIN_WAIT_TIMEOUT); tcp_shutdown(pcb, 0, 1) is the RFC\'s CLOSE, but refuses in SYN-SENT ("cannot shutdown the TX side as that would bring us into CLOSED state"), where tcp_close frees the pcb. The adapter calls each where it is the RFC\'s CLOSE.',
    handling: { kind: 'adapter' },
  },
  {
    id: 'give-up-next-tick',
    title: 'After the last retransmission the connection is dropped half a second later, not one RTO later',
    rfc: 'RFC 9293 §3.8.3: after R2 the connection is closed; the model closes when the timeout after the last retransmission expires.',
    lwip: 'tcp_slowtmr checks pcb->nrtx >= TCP_MAXRTX (or TCP_SYNMAXRTX in SYN-SENT) at the start of every 500 ms tick, before the retransmission timer: the pcb is dropped (TCP_EVENT_ERR, ERR_ABRT, no RST) one tick after the last retransmission.',
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.delayMs !== null &&
        record.step.sends.length === 0 &&
        record.step.to !== record.step.from &&
        reached(record, record.step.to) &&
        seen(record).length === 0 &&
        timerFiredEarly(record) &&
        timerOnly(record),
    },
  },
  {
    id: 'syn-sent-no-backoff',
    title: 'The SYN is retransmitted every 3 s, without back-off',
    rfc: 'RFC 1122 §4.2.3.1: "Retransmission of SYN segments SHOULD use the same algorithm as data segments" (exponential back-off, a MUST for those); RFC 6298 §5.5.',
    lwip: 'tcp_slowtmr: "Double retransmission time-out unless we are trying to connect to somebody (i.e., we are in SYN_SENT)". A deliberate choice: six SYNs 3 s apart, dropped 0.5 s after the last (18.5 s).',
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.delayMs !== null &&
        record.step.from === 'SYN_SENT' &&
        reached(record, 'SYN_SENT') &&
        seen(record).length > 1 &&
        seen(record).every((kind) => kind === 'sendSyn') &&
        timerOnly(record),
    },
  },
  {
    id: 'simultaneous-open',
    title: 'No simultaneous open: a SYN in SYN-SENT is ignored',
    rfc: 'RFC 9293 §3.5: "A TCP implementation MUST support simultaneous open attempts (MUST-10)"; §3.10.7.3: a SYN without ACK in SYN-SENT enters SYN-RECEIVED and sends <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.',
    lwip: 'tcp_process, case SYN_SENT, handles a SYN with the expected ACK and a bare ACK, nothing else: the SYN is dropped, the pcb stays in SYN_SENT and its SYN retransmissions go on (still so in 2.2.1).',
    handling: { kind: 'guard', guard: 'synIgnoredInSynSent' },
    bug: {
      requirement: 'RFC 9293 §3.5, MUST-10: "A TCP implementation MUST support simultaneous open attempts."',
      reproduction: {
        script: 'simultaneous_open.pkt',
        line: 12,
        message: 'expected an outbound segment by 0.104000 s, but the host sent nothing',
      },
    },
  },
  {
    id: 'data-before-established',
    title: 'With Nagle off, data leaves in SYN-SENT, without ACK, after a SYN timeout',
    rfc: 'RFC 9293 §3.10.2: SEND in SYN-SENT: "queue the data for transmission after entering ESTABLISHED state"; §3.10.7.4 (fifth): a segment without ACK is dropped by a synchronized receiver.',
    lwip: 'tcp_write accepts data in SYN_SENT (tcp_write_checks); tcp_slowtmr sets cwnd = one MSS on the SYN\'s timeout, and tcp_output then sends the queued data behind the SYN, leaving the ACK bit off ("if (pcb->state != SYN_SENT) TCPH_SET_FLAG(seg->tcphdr, TCP_ACK)"). Nagle (on by default) holds it while the SYN is unacknowledged; with TF_NODELAY nothing does (same code in 2.2.1).',
    handling: {
      kind: 'known',
      matches: (_edge, record) =>
        record.step.from === 'SYN_SENT' &&
        seen(record).includes('sendData') &&
        record.observed.problems.some((problem) => problem.endsWith('the ACK bit is off')) &&
        problemsOnly(
          record,
          'the ACK bit is off',
          'a retransmission that starts at no earlier segment',
          TIMER_EARLY,
          BEYOND_MSS,
        ),
    },
    bug: {
      requirement:
        'RFC 9293 §3.10.2: SEND in SYN-SENT: "queue the data for transmission after entering ESTABLISHED state" (a procedure, not a numbered MUST; a synchronized receiver drops a segment without ACK, §3.10.7.4 fifth). Only the raw API reaches it: lwIP\'s sockets and netconn layers refuse a write while connecting.',
      reproduction: {
        rawApi: [
          'pcb = tcp_new(); tcp_nagle_disable(pcb); tcp_connect(pcb, &peer, port, connected);  // > S (ISS)',
          'tcp_write(pcb, data, 10, TCP_WRITE_FLAG_COPY); tcp_output(pcb);                  // ERR_OK, nothing sent yet',
          'tcp_tmr() × 12 (3 s): the SYN times out                                           // > S (ISS), then > P ISS+1:ISS+11(10), ACK bit off',
        ].join('\n'),
      },
    },
  },
  {
    id: 'data-cut-before-peer-mss',
    title: "Data written in SYN-SENT leaves in segments cut before the peer's MSS was known",
    rfc: "RFC 9293 §3.7.1 (MUST-16): the effective send MSS is the smaller of the peer's MSS option and what IP allows, and no segment sent is larger.",
    lwip: "tcp_write (tcp_out.c) cuts data written in SYN_SENT into segments of the pcb's MSS before the SYN-ACK's option lowers it (tcp_parseopt), and tcp_output sends them as they were queued: with the peer's MSS of 100 (the bigsend profile, test/lwip/suites.lwip.ts) a SEND of 200 bytes made before ESTABLISHED leaves as one segment of 200. A path stops there, the segment's length its only problem.",
    handling: {
      kind: 'known',
      matches: (_edge, record) =>
        (is(record, 'SYN_SENT', 'RCV_SYN_ACK') || is(record, 'SYN_SENT', 'RCV_SYN_ACK_DATA')) &&
        reached(record, record.step.to) &&
        same(seen(record), expected(record)) &&
        record.observed.problems.length > 0 &&
        problemsOnly(record, BEYOND_MSS),
    },
  },
  {
    id: 'syn-sent-ack-reset',
    title: 'Any ACK without SYN in SYN-SENT gets a RST, and the SYN is resent at once',
    rfc: 'RFC 9293 §3.10.7.3: an acceptable ACK (ISS < SEG.ACK =< SND.NXT) without SYN or RST is dropped ("fifth, if neither of the SYN or RST bits is set, then drop the segment and return"); an unacceptable one (SEG.ACK =< ISS or SEG.ACK > SND.NXT) gets <SEQ=SEG.ACK><CTL=RST>, no timer touched ("first check the ACK bit").',
    lwip: 'tcp_process, case SYN_SENT: "received ACK? possibly a half-open connection": tcp_rst, then tcp_rexmit_rto to "Resend SYN immediately" (if pcb->nrtx < TCP_SYNMAXRTX) — for an acceptable ACK too, and for the unacceptable ones (RCV_OLD_ACK, RCV_ACK_UNSENT) the SYN is the one segment more (2.1.3 tcp_in.c lines 909-920). A RST is judged before (line 804): acceptable only if ackno == snd_nxt (the field is read even without the ACK bit), so one with another ACK, or without ACK, is dropped, as the RFC says.',
    handling: {
      kind: 'known',
      matches: (_edge, record) =>
        record.step.from === 'SYN_SENT' &&
        ['RCV_ACK', 'RCV_FIN', 'RCV_FIN_ACK', 'RCV_DATA', 'RCV_OLD_ACK', 'RCV_ACK_UNSENT'].includes(
          record.step.event,
        ) &&
        reached(record, 'SYN_SENT') &&
        (sentExactly(record, ['sendRst', 'sendSyn']) || sentExactly(record, ['sendRst'])) &&
        problemsOnly(record, 'CTL=RST>'),
    },
  },
  {
    id: 'rst-carries-ack',
    title: 'A RST that answers an ACK carries an ACK too',
    rfc: 'RFC 9293 §3.10.7.1: "If the incoming segment has the ACK bit set, the reset takes its sequence number from the ACK field of the segment": <SEQ=SEG.ACK><CTL=RST>.',
    lwip: 'tcp_rst (tcp_out.c) always sends TCP_RST | TCP_ACK, with SEQ = SEG.ACK as the RFC says and ACK = SEG.SEQ + SEG.LEN. A receiver accepts it all the same (its acceptability rests on SEQ).',
    handling: {
      kind: 'known',
      matches: (_edge, record) =>
        sentExactly(record, expected(record)) &&
        reached(record, record.step.to) &&
        record.observed.problems.length > 0 &&
        record.observed.problems.every((problem) => {
          const reset = /^R\. (\d+):\d+\(0\) ack \d+ win \d+: expected <SEQ=(\d+)><CTL=RST> for /.exec(problem);
          return reset !== null && reset[1] === reset[2];
        }),
    },
  },
  {
    id: 'abort-sends-rst',
    title: 'ABORT sends a RST in SYN-SENT, CLOSING and LAST-ACK',
    rfc: 'RFC 9293 §3.10.5: ABORT in SYN-SENT deletes the TCB; in CLOSING, LAST-ACK and TIME-WAIT it responds "ok" and deletes the TCB — no RST.',
    lwip: 'tcp_abandon sends a RST from every state but CLOSED and TIME-WAIT (send_rst = reset once the pcb is active).',
    handling: {
      kind: 'known',
      matches: (_edge, record) =>
        record.step.event === 'ABORT' &&
        ['SYN_SENT', 'CLOSING', 'LAST_ACK'].includes(record.step.from) &&
        reached(record, record.step.to) &&
        rightCallOutcome(record) &&
        sentExactly(record, ['sendRst']) &&
        record.observed.problems.length === 0,
    },
  },
  {
    id: 'reset-signalled-after-close',
    title: 'A RST in CLOSING or LAST-ACK is reported to the user',
    rfc: 'RFC 9293 §3.10.7.4 (second): in CLOSING, LAST-ACK and TIME-WAIT a RST enters CLOSED, deletes the TCB and returns — no signal to the user.',
    lwip: 'tcp_input calls the tcp_err callback with ERR_RST whatever the state (TCP_EVENT_ERR after tcp_process sets TF_RESET).',
    handling: {
      kind: 'known',
      matches: (_edge, record) =>
        record.step.event === 'RCV_RST' &&
        (record.step.from === 'CLOSING' || record.step.from === 'LAST_ACK') &&
        reached(record, record.step.to) &&
        sentExactly(record, expected(record)) &&
        record.step.signals === null &&
        record.observed.signaled === 'connection reset' &&
        record.observed.problems.length === 0,
    },
  },
  {
    id: 'ack-on-retransmitted-fin',
    title: 'The ACK on a retransmitted FIN is taken in CLOSING and LAST-ACK',
    rfc: 'RFC 9293 §3.10.7.4 (first check): a segment ending at RCV.NXT with SEG.SEQ < RCV.NXT is not acceptable; it gets an ACK and is dropped, its ACK unread.',
    lwip: "tcp_process takes the ACK before it looks at the sequence number: case CLOSING goes to TIME-WAIT (and tcp_receive acknowledges the old FIN), case LAST_ACK closes (TF_CLOSED) and sends nothing; a retransmitted FIN whose ACK covers our data acknowledges it, so the next timeout resends the FIN alone. Linux does the same in LAST-ACK, but sends no ACK in CLOSING: the model's ackOnRetransmittedFin does not fit.",
    handling: {
      kind: 'known',
      matches: (edge, record, result) =>
        (record.step.event === 'RCV_FIN_ACK' &&
          ((record.step.from === 'CLOSING' && reached(record, 'TIME_WAIT') && sentExactly(record, ['sendAck'])) ||
            (record.step.from === 'LAST_ACK' && reached(record, 'CLOSED') && sentExactly(record, []))) &&
          record.observed.problems.length === 0) ||
        // The retransmitted FIN's ACK covered our data: the next timeout resends the FIN alone (and, the
        // ACK having given an RTT sample, sooner).
        (edge.delayMs !== null &&
          result.steps.some(
            (earlier) => earlier.step.event.startsWith('RCV_FIN') && PEER_FIN_RECEIVED.has(earlier.step.from),
          ) &&
          reached(record, record.step.to) &&
          expected(record).includes('sendData') &&
          sentExactly(
            record,
            expected(record).filter((kind) => kind !== 'sendData'),
          ) &&
          timerOnly(record)),
    },
  },
  {
    id: 'syn-rcvd-syn-ack',
    title: 'A SYN-ACK in SYN-RECEIVED completes the handshake',
    rfc: 'RFC 9293 §3.10.7.4 (first check): SEG.SEQ = IRS is below RCV.NXT: not acceptable, an ACK is sent and the segment dropped.',
    lwip: 'tcp_process, case SYN_RCVD, looks at the ACK first, before any check of the SYN or the sequence number: the SYN-ACK\'s ACK acknowledges our SYN, ESTABLISHED. Fixed after 2.1.3 by "tcp: tighten up checks for received SYN" (commit adbc5b5f, in 2.2.0).',
    handling: {
      kind: 'known',
      matches: (_edge, record) =>
        is(record, 'SYN_RECEIVED', 'RCV_SYN_ACK') &&
        reached(record, 'ESTABLISHED') &&
        record.observed.problems.length === 0,
    },
  },
  {
    id: 'time-wait-bare-ack',
    title: 'A bare ACK in TIME-WAIT is not answered; only a FIN restarts 2 MSL',
    rfc: 'RFC 9293 §3.10.7.4 (fifth), TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout." An acceptable bare ACK or data segment reaches that step: it is acknowledged and the timer restarts.',
    lwip: 'tcp_timewait_input (tcp_in.c, 2.1.3 line 739): "Acknowledge data, FIN or out-of-window SYN": tcp_ack_now only for a segment with length (tcplen > 0), so a bare ACK gets nothing; only a FIN restarts the timer (pcb->tmr = tcp_ticks). Data is acknowledged as the RFC says, without the restart. No path can see the restart: no time passes in TIME-WAIT before the 2 MSL expiry, so the restart and the first start fall at one instant.',
    handling: { kind: 'guard', guard: 'timeWaitBareAckUnanswered' },
  },
  {
    id: 'syn-rcvd-timeout',
    title: 'SYN-RECEIVED is dropped 20 s after the last segment',
    rfc: 'RFC 9293 §3.8.3: a SYN (the SYN-ACK too) is retransmitted until R2, "at least 3 minutes" (MUST-23); the model retransmits the SYN-ACK maxRetries times, backing off.',
    lwip: 'tcp_slowtmr: "Check if this PCB has stayed too long in SYN-RCVD": tcp_ticks - pcb->tmr > TCP_SYN_RCVD_TIMEOUT / TCP_SLOW_INTERVAL (20 s) drops it without a RST, after SYN-ACKs at 0, 3 and 9 s; a passive open is back in LISTEN. A choice against half-open floods (Linux\'s tcp_synack_retries = 5 gives up after 63 s, also short of 3 minutes).',
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.delayMs !== null &&
        record.step.from === 'SYN_RECEIVED' &&
        record.step.to === 'SYN_RECEIVED' &&
        (reached(record, 'LISTEN') || reached(record, 'CLOSED')) &&
        seen(record).every((kind) => kind === 'sendSynAck') &&
        timerOnly(record),
    },
  },
  {
    id: 'last-ack-timeout',
    title: 'LAST-ACK is dropped 2 MSL after the last segment',
    rfc: 'RFC 9293 §3.8.3: the FIN is retransmitted until R2; RFC 9293 has no LAST-ACK timer.',
    lwip: 'tcp_slowtmr: "Check if this PCB has stayed too long in LAST-ACK": tcp_ticks - pcb->tmr > 2 × TCP_MSL / TCP_SLOW_INTERVAL (120 s) drops it (ERR_ABRT to tcp_err, no RST) while the back-off still has retransmissions to go.',
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.delayMs !== null &&
        record.step.from === 'LAST_ACK' &&
        record.step.to === 'LAST_ACK' &&
        reached(record, 'CLOSED') &&
        repeatsOfExpected(record) !== null &&
        timerOnly(record),
    },
  },
  {
    id: 'go-back-n',
    title: 'A timeout resends every unacknowledged segment',
    rfc: 'RFC 6298 §5.4: on timeout retransmit the earliest segment not acknowledged; the model resends the oldest data (with the FIN in the lwIP profile).',
    lwip: 'tcp_rexmit_rto_prepare moves the whole unacked queue back to unsent and tcp_output sends what the one-MSS window takes: two SENDs of 10 bytes each, and the FIN, all go again.',
    handling: {
      kind: 'known',
      matches: (edge, record) => {
        const control = (kinds: readonly OutputAction[]) => kinds.filter((kind) => kind !== 'sendData');
        const data = (kinds: readonly OutputAction[]) => kinds.length - control(kinds).length;
        return (
          edge.delayMs !== null &&
          reached(record, record.step.to) &&
          same(control(seen(record)), control(expected(record))) &&
          data(seen(record)) > data(expected(record)) &&
          data(expected(record)) > 0 &&
          timerOnly(record)
        );
      },
    },
  },
  {
    id: 'timeout-one-mss-before-fin',
    title: 'A timeout with two full segments and the FIN outstanding resends the first segment only',
    rfc: 'RFC 6298 §5.4: on timeout retransmit the earliest segment not acknowledged; the lwIP profile resends the oldest data with the FIN (finResentWithData), which holds while the data outstanding fits in one segment.',
    lwip: "tcp_rexmit_rto_prepare moves the unacked queue back to unsent, and tcp_output sends what the one-MSS congestion window (tcp_slowtmr: cwnd = mss) takes: with a SEND of two full segments before the FIN (the bigsend profile, test/lwip/suites.lwip.ts), the first segment; the second and the FIN wait for its ACK. A path stops at that timeout, having sent one data segment (twice where lwIP's own RTO fired earlier, rtt-estimator).",
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.delayMs !== null &&
        same(expected(record), ['sendData', 'sendFin']) &&
        seen(record).length > 0 &&
        seen(record).every((kind) => kind === 'sendData') &&
        reached(record, record.step.to) &&
        timerOnly(record),
    },
  },
  {
    id: 'zero-window-persist-ticks',
    title: "The persist timer runs on lwIP's ticks: 1.5 s, 3 s, 6 s … 60 s",
    rfc: 'RFC 9293 §3.8.6.1 (SHLD-29, SHLD-30): the first zero-window probe after an RTO, each next one after twice the interval, up to maxRto.',
    lwip: "tcp_slowtmr (tcp.c) counts the persist timer's own 500 ms ticks (persist_cnt) up to tcp_persist_backoff[persist_backoff - 1] = 3, 6, 12, 24, 48, 96, 120 ticks, whatever the RTO, then sends tcp_zero_window_probe (one octet of the unsent head at SND.NXT = SND.UNA) and moves to the next slot. The lwIP profile's PERSIST delay (machines/lwip.ts LWIP_DELAYS) says so.",
    handling: { kind: 'setting', setting: 'PERSIST delay' },
  },
  {
    id: 'zero-window-not-taken',
    title: 'A zero window on an ACK of nothing new is not taken',
    rfc: 'RFC 9293 §3.10.7.4 (fifth): "If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND": a zero window on an acceptable ACK is taken, and a SEND behind it is queued.',
    lwip: 'tcp_receive (tcp_in.c) takes the window only if snd_wl1 < seqno, or the same seqno and snd_wl2 < ackno, or the same ackno and a larger window: a zero window on an ACK that acknowledges nothing new, from a peer whose sequence number has not moved since its last window was taken, is dropped, and lwIP goes on sending into the window it had. Not modelled (the model keeps no SND.WL1/SND.WL2): a path stops at the SEND that lwIP sends where the model queues it.',
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.event === 'SEND' &&
        record.step.sends.length === 0 &&
        sentExactly(record, ['sendData']) &&
        record.observed.state === record.step.to,
    },
  },
  {
    id: 'old-ack-window-taken',
    title: "An old ACK's window is taken when the peer's sequence number has moved on",
    rfc: 'RFC 9293 §3.10.7.4 (fifth): "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored"; the window is updated only "If SND.UNA =< SEG.ACK =< SND.NXT", so the zero window of an ACK behind SND.UNA is not taken and the next SEND goes out.',
    lwip: "tcp_receive (tcp_in.c) updates the window before it looks at the ACK field, by SND.WL1/SND.WL2 alone (snd_wl1 < seqno, …), with no SND.UNA =< SEG.ACK: after the peer's text or FIN (SND.WL1 at that segment's sequence number), or the SYN-ACK of an active open (snd_wl1 = seqno - 1, tcp_process), an old ACK at the peer's SND.NXT sets snd_wnd = 0, and lwIP holds the next data back (tcp_output). Not modelled (the model keeps no SND.WL1): a path stops where the model sends data and lwIP sends none, an old ACK after the peer's text, FIN or SYN-ACK the last segment of the peer's before it.",
    handling: {
      kind: 'known',
      matches: (edge, record, result) => dataHeldBack(edge, record) && windowShutByOldAck(result),
    },
  },
  {
    id: 'unsent-ack-blocks-window-update',
    title: 'An ACK of something not yet sent holds the window shut against later ACKs',
    rfc: 'RFC 9293 §3.10.7.4 (fifth): "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment, and return": its window is not read, and the next ACK with SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK =< SND.NXT (the window update) opens the window.',
    lwip: 'tcp_receive (tcp_in.c) updates the window before it looks at the ACK field (snd_wl1 == seqno and snd_wl2 < ackno), so the dropped segment sets snd_wl2 to its ACK past SND.NXT; then it answers with tcp_send_empty_ack. A later window update at the same sequence number acknowledges less than snd_wl2 and is not taken, so the shut window stays shut until a segment of the peer with a higher sequence number. Not modelled (the model keeps no SND.WL2): a path stops where the model sends the queued data and lwIP sends none, an ACK of something not yet sent earlier and no text or FIN of the peer since.',
    handling: {
      kind: 'known',
      matches: (edge, record, result) => dataHeldBack(edge, record) && windowHeldByUnsentAck(result),
    },
  },
  {
    id: 'out-of-order-ack-before-queued-data',
    title: 'Out-of-order text that opens the window is acknowledged before the queued data leaves',
    rfc: "RFC 9293 §3.10.7.4 (fifth, seventh), RFC 5681 §4.2: the segment's ACK opens the window and its text, past RCV.NXT, is acknowledged at once; the model lets the queued data that now leaves carry that acknowledgment.",
    lwip: 'tcp_receive (tcp_in.c) answers text past RCV.NXT with tcp_send_empty_ack at once ("immediately ACK out-of-order segments"), before tcp_input\'s tcp_output sends the unsent segment the new window lets go: a bare ACK, then the data.',
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        OUT_OF_ORDER.has(edge.event) &&
        same(expected(record), ['sendData']) &&
        sentExactly(record, ['sendAck', 'sendData']),
    },
  },
  {
    id: 'reno-partial-ack',
    title: 'A partial ACK ends fast recovery and resends nothing (Reno, not NewReno)',
    rfc: 'RFC 6582 §3.2 ("Partial acknowledgments"), with RFC 5681 §3.2 required by RFC 9293 §3.8.1: in fast recovery an ACK below `recover` resends the first segment not acknowledged at once, and fast recovery goes on.',
    lwip: 'tcp_receive (tcp_in.c) clears TF_INFR on any ACK of new data ("we are no longer in fast retransmit") and sets cwnd to ssthresh; lwIP keeps no `recover`, so the segment left waits for its timeout or three more duplicates. A path stops at the partial ACK after a fast retransmit, lwIP sending nothing where the model resends.',
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.event === 'RCV_PARTIAL_ACK' &&
        same(expected(record), ['sendData']) &&
        sentExactly(record, []) &&
        reached(record, record.step.to),
    },
  },
  {
    id: 'syn-ack-window-not-duplicate',
    title: 'After an active open the first duplicate ACK counts as a window update',
    rfc: 'RFC 5681 §2: an ACK is a duplicate if it acknowledges SND.UNA, carries no data and leaves the window unchanged; the third resends (§3.2).',
    lwip: 'tcp_process (tcp_in.c), SYN_SENT, takes the SYN-ACK\'s window and sets snd_wl1 = seqno - 1 "to force window update" but leaves snd_wl2 at the ISS; the next ACK moves snd_wl2 to ISS+1, so tcp_receive finds the right window edge changed (clause 3) and resets dupacks. Three duplicates as the first segments after the SYN-ACK (a SYN between them is answered with a challenge ACK before tcp_receive) count two, and nothing is resent. A path stops at the third, lwIP sending nothing.',
    handling: {
      kind: 'known',
      matches: (edge, record, result) => {
        if (!thirdDuplicateUnanswered(edge, record)) return false;
        const before = result.events.slice(0, result.failedAt);
        // The SYN-ACK with text as the one without: tcp_process drops the text (synTextDropped).
        const synAck = Math.max(before.lastIndexOf('RCV_SYN_ACK'), before.lastIndexOf('RCV_SYN_ACK_DATA'));
        // A SYN in ESTABLISHED is answered with a challenge ACK before tcp_receive reads the window, and
        // tcp_process drops a RST not at RCV.NXT (a challenge ACK inside the window) before it too.
        const windowUntouched = (event: string) =>
          !event.startsWith('RCV_') || event === 'RCV_DUP_ACK' || SYN_ANSWERED.has(event) || RST_DROPPED.has(event);
        return synAck >= 0 && before.slice(synAck + 1).every(windowUntouched);
      },
    },
  },
  {
    id: 'old-segment-ends-duplicates',
    title: 'A segment wholly before RCV.NXT resets the count of duplicate ACKs',
    rfc: 'RFC 9293 §3.10.7.4 (first check): a segment wholly before RCV.NXT is not acceptable; it is answered with an ACK and dropped, its ACK field unread, so the duplicates before and after it count together (RFC 5681 §3.2: the third resends).',
    lwip: 'tcp_receive (tcp_in.c) reads the ACK before the sequence number: the keep-alive\'s ACK equals lastack but carries an octet (tcplen > 0), so it is no duplicate, and "If Clause (1) or more is true, but not a duplicate ack, reset count of consecutive duplicate acks" sets dupacks = 0. Duplicates around it count apart, and a path stops at the duplicate the model counts third, lwIP sending nothing.',
    handling: {
      kind: 'known',
      matches: (edge, record, result) => {
        if (!thirdDuplicateUnanswered(edge, record)) return false;
        // The steps since the duplicates began that leave tcp_receive's count alone (user calls, a SYN or RST answered
        // in tcp_process), and the old segment that resets it among them.
        const before = result.events.slice(0, result.failedAt);
        const uncounted = (event: string) =>
          !event.startsWith('RCV_') ||
          event === 'RCV_DUP_ACK' ||
          event === 'RCV_OLD_SEGMENT' ||
          SYN_ANSWERED.has(event) ||
          RST_DROPPED.has(event);
        let start = before.length;
        while (start > 0 && uncounted(before[start - 1]!)) start--;
        return before.slice(start).includes('RCV_OLD_SEGMENT');
      },
    },
  },
  {
    id: 'out-of-order-timeout',
    title: 'Held text is dropped after six RTOs without a segment',
    rfc: 'RFC 9293 §3.10.7.4 (seventh): segments past RCV.NXT "may be held for later processing"; the model holds one until the hole is filled.',
    lwip: "tcp_slowtmr (tcp.c) frees the out-of-sequence queue (tcp_free_ooseq) once the pcb has been idle TCP_OOSEQ_TIMEOUT (6) RTOs (tcp_ticks - pcb->tmr): after a long zero-window wait the segment that fills the hole is acknowledged alone, one segment short of the model's RCV.NXT. A path stops there, having sent the ACK the model expects with that acknowledgment number.",
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.event === 'RCV_DATA' &&
        sentExactly(record, expected(record)) &&
        record.differences.length > 0 &&
        record.differences.every((difference) => {
          const found = /acknowledges (\d+), expected RCV\.NXT = (\d+)$/.exec(difference);
          return found !== null && Number(found[2]) - Number(found[1]) === PEER_DATA.length;
        }),
    },
  },
  {
    id: 'fin-on-queued-data',
    title: 'A FIN queued behind data rides on its last segment, so an ACK of the data alone acknowledges neither',
    rfc: 'RFC 9293 §3.10.7.4 (fifth): an ACK that covers the data but not the FIN advances SND.UNA over the data; RFC 6298 §5.4 then retransmits the FIN alone.',
    lwip: "tcp_close's FIN (tcp_enqueue_flags, tcp_out.c) is set on the last unsent segment when data waits behind the zero window, so data and FIN leave as one segment; tcp_receive (tcp_in.c) frees only whole segments from the unacked queue, so the peer's FIN acknowledging the data keeps that segment, and tcp_rexmit_rto resends the data with the FIN on lwIP's RTO (rtt-estimator). A path stops at that retransmission.",
    handling: {
      kind: 'known',
      matches: (edge, record) =>
        edge.delayMs !== null &&
        same(expected(record), ['sendFin']) &&
        sentExactly(record, ['sendData', 'sendFin']) &&
        record.observed.state === record.step.to,
    },
  },
  {
    id: 'probe-octet-resent',
    title: 'A segment whose first octet a zero-window probe carried is resent whole',
    rfc: "RFC 9293 §3.10.7.4 (fifth): the ACK of the probe's octet advances SND.UNA past it; RFC 6298 §5.4 then retransmits the earliest octet not acknowledged.",
    lwip: "tcp_zero_window_probe (tcp_out.c) sends a copy of the unsent head's first octet; tcp_receive (tcp_in.c) takes its ACK (lastack) but frees only whole segments, so the head keeps its seqno: tcp_output sends it whole, from the acknowledged octet, and tcp_rexmit_rto resends it so again. A path stops at that retransmission, which starts one octet before SND.UNA (at lwIP's RTO, rtt-estimator).",
    handling: {
      kind: 'known',
      matches: (edge, record) => {
        const resent = record.differences.filter((difference) => difference.includes(RESENT_FROM));
        return (
          edge.delayMs !== null &&
          sentExactly(record, expected(record)) &&
          resent.length > 0 &&
          resent.every((difference) => {
            const found = /retransmission from (\d+), expected the earliest unacknowledged, SND\.UNA = (\d+)$/.exec(
              difference,
            );
            return found !== null && (Number(found[2]) - Number(found[1])) >>> 0 === 1;
          }) &&
          problemsOnly(record, RESENT_FROM, TIMER_EARLY, GAVE_UP_EARLY)
        );
      },
    },
  },
  {
    id: 'rtt-estimator',
    title: "The RTO after an RTT sample follows lwIP's estimator in 500 ms ticks",
    rfc: 'RFC 6298 §2.3-§2.4: RTO = SRTT + max(G, 4·RTTVAR), at least 1 s; the model, whose peer answers at once, takes one fixed RTO after a sample (minRto).',
    lwip: "tcp_receive (tcp_in.c): with an answer in the same tick each sample is m = 0 and sv shrinks by a quarter: rto = 2.5 s after the first sample, 2 s after the second, 1.5 s after the third; the profile keeps the model's minRto = rto = 3 s, lwIP's RTO without a sample. An active open takes no sample from the SYN-ACK (tcp_process, case SYN_SENT); the next ACK samples the time since the SYN. And an ACK of new data undoes the back-off (tcp_receive: rto = sa/8 + sv) where Karn's algorithm (RFC 6298 §5) keeps the backed-off RTO until a sample. A path stops at a retransmission timeout that lwIP takes at another time: it sent the model's retransmission no time, or more than once, and nothing else.",
    handling: {
      kind: 'known',
      matches: (edge, record) => {
        const times = repeatsOfExpected(record);
        return (
          edge.delayMs !== null &&
          record.step.from === record.step.to &&
          reached(record, record.step.to) &&
          times !== null &&
          (times !== 1 || timerFiredEarly(record)) &&
          timerOnly(record)
        );
      },
    },
  },
  {
    id: 'reset-errno',
    title: 'A reset connection reports ECONNRESET, in SYN-SENT too',
    rfc: 'RFC 9293 §3.10.7.3 and §3.10.7.4 (second): a RST tells the user "connection reset" (in SYN-SENT too); the errno is the sockets layer\'s. Linux reports ECONNREFUSED to a connect the RST refused, and EPIPE to a write after the peer\'s FIN (tcp_reset).',
    lwip: "api_msg.c err_tcp keeps the tcp_err reason (ERR_RST) as the netconn's pending error, and err.c err_to_errno makes it ECONNRESET whatever the state. The script host reports it so (src/lwip/lwipScriptHost.ts).",
    handling: { kind: 'script' },
  },
  {
    id: 'compile-time-settings',
    title: "A script's sysctl line cannot set lwIP's TCP",
    rfc: 'RFC 9293 leaves the retry limits and timers to the implementation (§3.8.3 R1/R2); Linux reads them from sysctls, which scripts set.',
    lwip: 'TCP_SYNMAXRTX, TCP_MAXRTX, TCP_MSL and the rest are compile-time options (lwip/opt.h, lwipopts.h): nothing sets them at run time, so the script host refuses a sysctl line by name.',
    handling: { kind: 'script' },
  },
  {
    id: 'tcp-info',
    title: 'tcp_info shows only tcpi_state',
    rfc: "None: TCP_INFO is Linux's getsockopt (include/uapi/linux/tcp.h), which packetdrill scripts read in %{ assert }% blocks.",
    lwip: 'lwIP has no TCP_INFO (sockets.c lwip_getsockopt_impl knows none); the script host maps pcb->state to tcpi_state, and a block that reads another field is refused naming it rather than read as 0.',
    handling: { kind: 'script' },
  },
  {
    id: 'window-scale',
    title: 'The SYN offers window scaling',
    rfc: "RFC 7323 §2.2: a TCP may send the Window Scale option in its SYN; RFC 9293 leaves it optional. The scripts name the SYN's options exactly (<mss 1460>).",
    lwip: "Debian's lwipopts.h sets LWIP_WND_SCALE 1 and TCP_RCV_SCALE 1: tcp_enqueue_flags (tcp_out.c) puts the window scale option (TF_SEG_OPTS_WND_SCALE) on every SYN, and on a SYN-ACK when the peer offered it (TF_WND_SCALE).",
    handling: { kind: 'script' },
  },
  {
    id: 'rst-window-byte-order',
    title: "A RST's window is byte-swapped twice",
    rfc: "RFC 9293 §3.1: the header's fields are in network byte order; no rule says what window a RST carries (Linux and ours send 0).",
    lwip: "tcp_rst (tcp_out.c): wnd = PP_HTONS((TCP_WND >> TCP_RCV_SCALE) & 0xFFFF), and tcp_output_alloc_header_common swaps it again (tcphdr->wnd = lwip_htons(wnd)): 32767 leaves as 0xFF7F, 65407 (also in 2.2.1 and master). A bug, harmless: a RST's window is not read.",
    handling: { kind: 'script' },
  },
];

/** A packetdrill script of test/pkt/scripts that lwIP fails, where and why (a LWIP_DIFFERENCES id). */
export interface LwipScriptStop {
  readonly script: string;
  readonly line: number;
  /** The failure's message, in full. */
  readonly message: string;
  readonly difference: string;
}

/**
 * The scripts of test/pkt/scripts (written for RFC 9293, played against our
 * TCP) that stop on lwIP, `pkt --target lwip --strict`; every other one passes.
 */
export const LWIP_SCRIPT_STOPS: readonly LwipScriptStop[] = [
  {
    script: 'rst_no_socket.pkt',
    line: 5,
    message: 'outbound segment differs: window: expected 0, sent 65407',
    difference: 'rst-window-byte-order',
  },
  {
    script: 'rst_syn_sent.pkt',
    line: 4,
    message: 'connect: expected errno ECONNREFUSED, got ECONNRESET',
    difference: 'reset-errno',
  },
  {
    script: 'simultaneous_open.pkt',
    line: 7,
    message: 'outbound segment differs: options: expected <mss 1460>, sent <mss 1460,wscale 1>',
    difference: 'window-scale',
  },
  {
    script: 'syn_retransmit.pkt',
    line: 6,
    message: 'a sysctl line is not played against lwIP: its TCP settings are compile-time options (lwipopts.h)',
    difference: 'compile-time-settings',
  },
  {
    script: 'tcp_info.pkt',
    line: 14,
    message: 'tcpi_snd_mss is not read from this TCP (only tcpi_state is)',
    difference: 'tcp-info',
  },
  // The script's ACK 61 s after TIME-WAIT began finds lwIP still in TIME-WAIT (120.5 s): no RST.
  {
    script: 'time_wait_expiry.pkt',
    line: 20,
    message: 'expected an outbound segment by 61.404000 s, but the host sent nothing',
    difference: 'timers',
  },
];

/** The known (not modelled) difference a failing path stops at, if any. */
export function explainLwipFailure(graph: ModelGraph, result: PathResult): LwipDifference | undefined {
  if (result.passed) return undefined;
  const edge = walk(graph, result.events.slice(0, result.failedAt + 1))[result.failedAt]!;
  const record = result.steps[result.failedAt]!;
  return LWIP_DIFFERENCES.find(
    (difference) => difference.handling.kind === 'known' && difference.handling.matches(edge, record, result),
  );
}
