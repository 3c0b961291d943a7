/**
 * TCP's connection state machine (RFC 9293 §3.3.2, Figure 5, and the event
 * processing of §3.10) as an XState v5 statechart.
 *
 * This file imports nothing but `xstate`, and its config is plain data (no
 * spread constants, no helper calls), so Stately's code importer reads it
 * whole (docs/stately.md: `npm run check:stately`). It is a Mealy machine: what a transition sends is a
 * named action (`sendSyn`, `sendSynAck`, `sendAck`, `sendFin`, `sendRst`,
 * `sendChallengeAck`, `sendData`, `sendProbe`), what a user call is refused with is the
 * parameterized action `rejectCall`, and the timers are delayed transitions
 * (`after`) whose delays (`RTO`, `TWO_MSL`, `ACK_DELAY`, `PERSIST`) are computed from the context.
 *
 * The context mirrors what a real connection's timers depend on, so that the
 * model is the oracle for timing too:
 * - `retries`: consecutive timeouts of the oldest unacknowledged segment; any
 *   ACK that advances SND.UNA resets it (RFC 9293 §3.8.3, R1/R2).
 * - `rto`: the current retransmission timeout. It doubles on every timeout
 *   (RFC 6298 §5.5). An ACK that advances SND.UNA gives an RTT sample unless
 *   something was resent since SND.UNA last advanced (`retransmitted`; Karn's
 *   rule, RFC 6298 §3). The model assumes a peer that answers at once, so a
 *   sample is 0 ms and RFC 6298 §2 gives `minRto`. Without a sample the RTO
 *   stays as it is, except that a handshake whose SYN or SYN-ACK timed out
 *   (`synTimedOut`) starts data transfer with `fallbackRto` (RFC 6298 §5.7).
 * - `synOutstanding`: our SYN is not yet acknowledged (SYN-SENT, SYN-RECEIVED,
 *   and FIN-WAIT-1 after a CLOSE in SYN-RECEIVED); the timer resends it first.
 * - `dataQueued` / `closeQueued`: a SEND (or a CLOSE after one) made before the
 *   connection is ESTABLISHED is queued (RFC 9293 §3.10.2, §3.10.4).
 * - The loss window (RFC 5681 §3.1, which RFC 9293 §3.8.2 requires): after a
 *   timeout resent data (`retries` > 0 with `dataOutstanding`: no ACK has
 *   advanced SND.UNA since, R1) the congestion window is one segment, which
 *   the resent segment fills. A SEND in ESTABLISHED or CLOSE-WAIT then queues
 *   its data (`dataQueued`, the window open), and a CLOSE behind it queues the
 *   FIN (`closeQueued` in FIN-WAIT-1 or LAST-ACK), as behind a zero window but
 *   with the retransmission timer running and no persist timer. The ACK that
 *   covers the resent segment (an ACK of everything, or in ESTABLISHED a
 *   partial ACK, which covers the earliest segment, the one RFC 6298 §5.4
 *   resends) ends it: slow start makes the window two segments, so the queued
 *   data leaves as one segment (the model's SENDs are smaller than an MSS
 *   together), the FIN after it. A FIN with no data queued before it is not
 *   held: the window limits data, and a FIN carries none. A profile whose
 *   window counts bytes (`lossWindowCountsBytes`, lwIP) sends small data at
 *   once.
 * - `dataOutstanding`: data sent and not yet acknowledged, which the
 *   retransmission timer resends before anything else.
 * - `severalInFlight`: in ESTABLISHED, more than one segment of data is
 *   outstanding (a SEND while data is outstanding sends another segment, and
 *   with the `sendSegments` setting every SEND fills several).
 *   Only then can the peer acknowledge part of it (`RCV_PARTIAL_ACK`: every
 *   segment but the newest, SND.UNA < SEG.ACK < SND.NXT, RFC 9293 §3.10.7.4
 *   fifth step): SND.UNA advances, retries reset (§3.8.3 R1), the RTO takes a
 *   sample by Karn's rule as a full acknowledgment does (RFC 6298 §3), and
 *   the retransmission timer restarts (RFC 6298 §5.3); the one segment left
 *   is what the next timeout resends (§5.4). `newestResent`: that segment was
 *   outstanding when a timeout fired, so its ACK gives no sample either (a
 *   sample of a segment sent before a timeout is not 0 ms, and TcpConnection,
 *   Linux and lwIP resend it with the earliest: RFC 1122 §4.2.2.15
 *   repacketization, go-back-N; Karn, RFC 6298 §3). A flag, not a count: a partial
 *   ACK always leaves exactly one segment, so the context stays finite
 *   however many SENDs went before it (with two segments out, it acknowledges
 *   the first only). A CLOSE forgets it: no other state is offered a partial
 *   acknowledgment.
 * - `dupAcks`, `fastRecovery`, `recoverAhead`, `sentPastRecover`: fast
 *   retransmit and NewReno's fast recovery (RFC 9293 §3.8.1 makes RFC 5681's
 *   congestion control a MUST; RFC 6582). With several segments in flight
 *   the peer repeats its acknowledgment of SND.UNA when a later segment
 *   arrives before the earliest (`RCV_DUP_ACK`, RFC 5681 §2, §4.2);
 *   `dupAcks` counts them (0..2), and the third resends the earliest
 *   unacknowledged segment at once (RFC 5681 §3.2 step 2) and starts fast
 *   recovery (`fastRecovery`) with RFC 6582's `recover` = SND.NXT. While
 *   SND.UNA has not passed `recover` (`recoverAhead`, set by a fast
 *   retransmit and by a timeout: RFC 6582 §3.2 "Retransmit timeouts"),
 *   three duplicates start no fast retransmit (§3.2 "Three duplicate ACKs",
 *   §4), so they change nothing the model holds (they would inflate the
 *   congestion window only, RFC 5681 §3.2 step 4) and are not offered. In
 *   fast recovery a partial acknowledgment (`RCV_PARTIAL_ACK` below
 *   `recover`) resends the next segment not acknowledged at once (RFC 6582
 *   §3.2 "Partial acknowledgments"); a timeout ends fast recovery. Once a
 *   SEND has put data past `recover` (`sentPastRecover`), the partial ACK
 *   covers `recover`: a full acknowledgment in RFC 6582's sense, which ends
 *   it all. The retransmission timer is not touched by duplicates nor by the
 *   fast retransmit: RFC 6298 restarts it only on an ACK of new data (§5.3)
 *   and on its expiry (§5.6); and no time passes between the SEND that
 *   started it and the duplicates, so a restart (Linux, lwIP) is the same
 *   here. A CLOSE forgets all four: no later state is offered either event.
 * - `ackPending`: text was received in order and its ACK delayed (RFC 9293
 *   §3.8.6.3, SHLD-18; RFC 1122 §4.2.3.2). The next segment that carries an
 *   ACK (data, a FIN, an ACK) clears it; if none leaves, the delayed
 *   transition `after: { ACK_DELAY }` of ESTABLISHED and FIN-WAIT-2 sends a
 *   bare ACK `ackDelay` ms after the text arrived. A second segment of text
 *   while an ACK is pending is acknowledged at once, so at least every second
 *   segment is (the RFC's "every second full-sized segment", counted per
 *   segment as FreeBSD's DELAY_ACK and lwIP's tcp_ack do: the model has no
 *   segment sizes, and a boolean keeps the context finite). A FIN is
 *   acknowledged at once. Each transition of ESTABLISHED and FIN-WAIT-2 that
 *   sends a segment carrying the ACK names `clearAckPending`.
 * - `sendWindowZero`, `probes`, `persistElapsed`: the peer's window (RFC 9293
 *   §3.8.6.1, §3.10.7.4 fifth step). `RCV_WINDOW_ZERO` closes it (SND.WND = 0)
 *   in ESTABLISHED and in CLOSE-WAIT, where we still send (§3.10.2); every
 *   other segment of the peer carries its full window and opens it again (a
 *   retransmitted FIN is not acceptable, so its window is not read). A SEND
 *   into the closed window queues the data (`dataQueued`, §3.10.2) and the
 *   persist timer (`after: { PERSIST }`)
 *   sends a zero-window probe (`sendProbe`: one octet of the queued data at
 *   SND.UNA) each time it expires, the interval doubling from the RTO up to
 *   `maxRto` (SHLD-29, SHLD-30). `probes` counts the probes and stops counting
 *   once the interval reaches `maxRto` (it would not change further), so the
 *   context stays finite; `probes > 0` also means the probe's octet is
 *   outstanding. `persistElapsed` is how long the persist timer has run when
 *   the delayed ACK fired without restarting it (the only timer that can). A
 *   CLOSE while data waits behind the window queues the FIN behind it
 *   (`closeQueued` in FIN-WAIT-1 or LAST-ACK, §3.10.4: "Queue this until all
 *   preceding SENDs have been segmentized"): the user has closed, so the state
 *   changes at once, the persist timer goes on probing, and the retransmission
 *   timer has no FIN to resend until the window update lets the data and the
 *   FIN go; once no new data can be sent, the model forgets the window
 *   (`leaveZeroWindow`). A profile may time the probes otherwise
 *   (`provide({ delays: { PERSIST } })`: machines/linux.ts, machines/lwip.ts).
 * - `userElapsed`, `newestElapsed`, with the `userTimeout` setting: the USER
 *   TIMEOUT (RFC 9293 §3.10.8), a timer of its own (`after: { USER_TIMEOUT }`
 *   in the seven states where something of ours can be outstanding). Its
 *   delay is `userTimeout - userElapsed`: `userElapsed` is how long the oldest
 *   unacknowledged segment (the SYN, data, our FIN or a probe's octet) has
 *   waited since it was first sent, as RFC 5482 §3 counts. Time passes only by
 *   the timers, so the actions of the RTO and the persist timer add their
 *   delays to it, and an ACK of everything sets it back to 0 (the delayed ACK
 *   fires only with nothing outstanding: the peer's text acknowledges all we
 *   sent). `newestElapsed` is the same for the newest segment in flight (the
 *   newest of several, our FIN behind data, or data that left behind a
 *   probe's octet): an ACK of all but it hands its age over. Both stay 0
 *   without a user timeout, so the other profiles' graphs are unchanged. The
 *   persist delay counted is the machine's own: a profile that times the
 *   probes otherwise (`provide({ delays: { PERSIST } })`) is run without one.
 * - `textHeld`: the peer's next segment of text arrived before the one at
 *   RCV.NXT (`RCV_DATA_OUT_OF_ORDER`, in ESTABLISHED's alphabet) and is held
 *   (RFC 9293 §3.10.7.4 seventh: "segments with higher beginning sequence
 *   numbers may be held for later processing"); it is acknowledged at once
 *   with ACK = RCV.NXT, a duplicate ACK (RFC 5681 §4.2, RFC 9293 §3.8.6.3).
 *   The `RCV_DATA` that fills the hole delivers both and is acknowledged at
 *   once (RFC 5681 §4.2: an ACK of a segment that fills a gap is not
 *   delayed). One segment at most is held (the flag keeps the context
 *   finite). `finHeld`: the held segment carried the peer's FIN after its
 *   text (`RCV_DATA_FIN_OUT_OF_ORDER`); the FIN is held with it, and the
 *   `RCV_DATA` that fills the hole delivers both texts, then the FIN (eighth
 *   step: processed once everything before it has arrived), as
 *   `RCV_DATA_FIN` does: CLOSE-WAIT, one ACK at once past text and FIN. The
 *   tools offer no other FIN while text is held (a consistent peer's FIN lies
 *   past its held text).
 * - `unread`, with the `receiveBuffer` setting: segments of the peer's text
 *   taken and not yet read by the user. With the default (0) the model counts
 *   none and the user's `RECEIVE` is in no state's alphabet. With a buffer of
 *   one or two segments the window we offer shrinks with each segment taken
 *   (RFC 9293 §3.8.6.2); a full buffer offers a zero window, and text that
 *   still arrives (the peer's zero-window probe, §3.8.6.1) is not taken but
 *   acknowledged at once, its ACK field processed (§3.10.7.4: "special
 *   allowance should be made to accept valid ACKs"). `RECEIVE` (§3.10.3)
 *   reads all unread text; it opens the window by at least half the buffer,
 *   so a window update is due (§3.8.6.2.2, RFC 1122 §4.2.3.3) and an ACK is
 *   sent. The count goes on past the peer's FIN (text taken before it is
 *   still the user's: §3.10.3 CLOSE-WAIT, "RECEIVEs must be satisfied by data
 *   already on hand"), where a RECEIVE reads it with no window update (the
 *   peer sends no text after its FIN) and, with none left, gets "connection
 *   closing". A larger buffer would need the bytes since the last window
 *   advertised in the context, which is why the input stops at two. Text
 *   that runs past the window's right edge (`RCV_DATA_PAST_WINDOW`) is
 *   trimmed there and fills the buffer (§3.10.7.4 first).
 *
 * Choices where the RFC leaves room (each is documented on its transition):
 * - A passively opened SYN-RECEIVED that reaches its retry limit goes back to
 *   LISTEN, as it does on a RST (§3.10.7.4); an actively opened one closes.
 * - Giving up after `maxRetries` timeouts closes the connection without a RST
 *   (RFC 9293 §3.8.3 asks only that it be closed; Linux sends none either).
 * - A FIN is never carried on a data segment; a segment that carries data or a
 *   FIN carries the ACK too, so no separate bare ACK is sent with it.
 * - A retransmitted FIN in TIME-WAIT is acknowledged and restarts the 2MSL
 *   timer (RFC 9293 §3.10.7.4, eighth step; RFC 1122 §4.2.2.13), although the
 *   sequence-number test alone would only acknowledge it.
 * - A timer restarts whenever its state is entered. RFC 6298 §5.1 keeps a
 *   running retransmission timer across a CLOSE (ESTABLISHED with data
 *   outstanding, then FIN-WAIT-1); the two agree whenever no time passes
 *   between the last (re)start and the state change, which is how the path
 *   tests drive the model (time moves only by timer events).
 * - A RST in TIME-WAIT closes the connection (RFC 9293 §3.10.7.4) unless the
 *   `rfc1337` input asks for RFC 1337's protection (ignore it).
 * - A RECEIVE in CLOSING, LAST-ACK or TIME-WAIT is answered as in CLOSE-WAIT:
 *   the text taken before the peer's FIN, then "connection closing". §3.10.3
 *   says "connection closing" there outright, written for RFC 793's pending
 *   RECEIVEs, which the text filled as it arrived (the FIN returns those left
 *   "with same message", §3.10.7.4 eighth), so none can be on hand; the user
 *   who closed may "continue to RECEIVE until he is told that the other side
 *   has CLOSED also" (§3.10.4), and a TCP that hands out text only on RECEIVE
 *   would otherwise lose text it acknowledged (TcpConnection delivers it;
 *   Linux's tcp_recvmsg reads its receive queue before it looks at the state).
 *
 * Structure (Harel's depth): the 11 states of RFC 9293 are the leaves, each
 * with an `id` equal to its name (targets read `#ESTABLISHED`). Parent states
 * hold what their children share, and a child overrides where it differs
 * (XState tries the leaf's transitions first, then its parent's):
 * - `CONNECTION`: a TCB exists (every state but CLOSED); OPEN is refused.
 * - `HANDSHAKE`: SYN-SENT and SYN-RECEIVED, our SYN not yet acknowledged; SEND
 *   is queued (§3.10.2 groups the two).
 * - `HALF_SYNCHRONIZED`: SYN-RECEIVED and its choice states: the peer's SYN is
 *   in, ours is not acknowledged. The choice states never rest, so what this
 *   parent holds is SYN-RECEIVED's for every event that does not complete the
 *   handshake, and the leaf keeps only the five segments that do (they enter
 *   the choice states):
 *   - the user's calls, the synchronized states' way: CLOSE waits behind
 *     queued data or sends a FIN (§3.10.4), ABORT sends a RST (§3.10.5);
 *   - a RST, which §3.10.7.4 (second step) answers by how the connection
 *     was opened (passive: back to LISTEN; active: "connection refused"),
 *     the peer's SYN again, unacceptable (first step: an ACK), a SYN
 *     inside the window (fourth step: passive, back to LISTEN; active, a
 *     challenge ACK), and an ACK that acknowledges nothing of ours or more
 *     than we sent (fifth step: <SEQ=SEG.ACK><CTL=RST>, the state kept);
 *   - the retransmission timer of our SYN-ACK (RFC 6298 §5), whose event is
 *     `xstate.after.RTO.HALF_SYNCHRONIZED`: its retransmission re-enters this
 *     parent (`reenter`, target the leaf), which restarts the timer, and a
 *     handshake-completing segment leaves the parent, which cancels it.
 *   A profile whose user has no handle on a passively opened connection
 *   before accept() refuses SEND, CLOSE and ABORT here: one branch each, the
 *   first one, so the refusal beats the RFC's answer (XState takes a parent's
 *   branches in order) without an override on the leaf. It is written once
 *   per call because XState puts one transition on several events only by a
 *   wildcard (`*`), which would catch the segments too.
 * - `SYNCHRONIZED`: RFC 9293 §3.5's synchronized states; SYN, RST and ABORT
 *   are handled alike (§3.10.7.4 second and fourth steps, §3.10.5), and so
 *   are the segments the first two checks drop (UNACCEPTABLE_SEGMENT_EVENTS):
 *   one wholly before RCV.NXT gets an ACK, a RST inside the window but not at
 *   RCV.NXT a challenge ACK (RFC 5961 §3.2), a RST outside it nothing; and
 *   the SYN that passes them (SYN_CHECK_EVENTS) a challenge ACK (RFC 5961
 *   §4.2). No state overrides them but TIME-WAIT, whose RFC 1337 protection
 *   ignores every RST.
 * - `FIN_SENT`: the user closed (FIN-WAIT-1 to TIME-WAIT); SEND and CLOSE get
 *   "connection closing" (§3.10.2, §3.10.4).
 * - `FINS_EXCHANGED`: both FINs sent (CLOSING, LAST-ACK, TIME-WAIT); a RST or
 *   ABORT ends the connection quietly (§3.10.7.4 second step, §3.10.5).
 * - `ESTABLISHING`, `ESTABLISHING_ACK_OWED`, `ESTABLISHING_WITH_FIN`: choice
 *   states, not states of the RFC. SYN-RECEIVED's handshake-completing
 *   segments enter one, and its `always` branches send what the user queued
 *   and leave in the same step, so no snapshot rests there; the tools fold
 *   each branch into the transition that enters it (src/model/states.ts).
 * Tools speak of the leaves only: `tcpState(snapshot)` reads the leaf.
 *
 * Profiles: RFC 9293 is this machine. A profile (machines/linux.ts) is the
 * same machine with other implementations of the profile guards named in
 * `setup()` (`tcpMachine.provide({ guards })`); machines/profiles.ts lists them.
 */
import { and, assign, not, or, setup, type AnyMachineSnapshot } from 'xstate';

/** The 11 states of RFC 9293 §3.3.2, spelled as identifiers. */
export const TCP_STATES = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
] as const;

export type TcpState = (typeof TCP_STATES)[number];

/** The states in which both sides' sequence numbers are known (RFC 9293 §3.5). */
export const SYNCHRONIZED_STATES = [
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
] as const satisfies readonly TcpState[];

/** The user calls of RFC 9293 §3.9.1 that change or query the state. */
export const USER_CALL_EVENTS = ['PASSIVE_OPEN', 'ACTIVE_OPEN', 'SEND', 'CLOSE', 'ABORT'] as const;

/**
 * Segments that arrive, named from the receiver's side. Every segment but a
 * bare SYN carries ACK:
 * - `RCV_SYN`: a SYN without ACK;
 * - `RCV_SYN_ACK`: a SYN whose ACK acknowledges our SYN;
 * - `RCV_ACK`: an ACK of everything outstanding (our SYN or FIN included);
 * - `RCV_FIN`: a FIN whose ACK does not cover our FIN (or we sent none);
 * - `RCV_FIN_ACK`: a FIN whose ACK covers everything we sent, our FIN included;
 * - `RCV_RST`: an acceptable reset (RFC 5961 §3: its sequence number is RCV.NXT);
 * - `RCV_DATA`: data at RCV.NXT, inside the window, whose ACK acknowledges
 *   everything outstanding as `RCV_ACK`'s does. Where the peer's FIN was
 *   received already, the data lies beyond that FIN.
 * In a state where the peer's FIN was already received, `RCV_FIN` and
 * `RCV_FIN_ACK` are retransmissions of that FIN.
 */
export const SEGMENT_EVENTS = [
  'RCV_SYN',
  'RCV_SYN_ACK',
  'RCV_ACK',
  'RCV_FIN',
  'RCV_FIN_ACK',
  'RCV_RST',
  'RCV_DATA',
] as const;

/** The model's input alphabet, timers excluded. */
export const TCP_EVENT_TYPES = [...USER_CALL_EVENTS, ...SEGMENT_EVENTS] as const;

/**
 * The receive side's events (RFC 9293 §3.10.3, §3.10.7.4 seventh), in the
 * alphabet only of the states that handle them:
 * - `RCV_DATA_OUT_OF_ORDER` (ESTABLISHED): the peer's text one segment past
 *   RCV.NXT, whose ACK acknowledges everything outstanding as `RCV_DATA`'s
 *   does; the segment at RCV.NXT is still to come (`RCV_DATA`).
 * - `RCV_DATA_OVERLAP` (ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2): the peer's
 *   text resent together with
 *   new text, straddling RCV.NXT: SEG.SEQ = RCV.NXT - 1 (the last octet of
 *   the text already taken) and one segment's worth past RCV.NXT, whose ACK
 *   acknowledges everything outstanding as `RCV_DATA`'s does. First check
 *   (§3.10.7.4): acceptable, its last octet lies in the window; "If a
 *   segment's contents straddle the boundary between old and new, only the
 *   new parts are processed", and the later steps process "the idealized
 *   segment that begins at RCV.NXT": trimmed, it is `RCV_DATA`'s segment, so
 *   each state that takes text answers it branch for branch as it answers
 *   `RCV_DATA`. XState gives one transition list to one event type only (a
 *   wildcard would catch every segment, and a `raise` of RCV_DATA would hide
 *   the answer from the tools that read the transitions), so each writes the
 *   list again, without the branches for text held past a hole (never
 *   offered then). Offered only
 *   where the context shows that the octet before RCV.NXT is the peer's
 *   text, not its SYN: an ACK of it is pending (`ackPending`) or it lies
 *   unread (`unread`); see `offeredEvents` in src/mbt/modelGraph.ts.
 * - `RCV_DATA_PAST_WINDOW` (ESTABLISHED, with a bounded `receiveBuffer`
 *   only): the peer's text at RCV.NXT, three segments' worth, more than any
 *   window the model offers (the buffer holds two segments at most), whose
 *   ACK acknowledges everything outstanding as `RCV_DATA`'s does. First
 *   check (§3.10.7.4): acceptable, its first octet lies in the window; the
 *   later steps process "the idealized segment that begins at RCV.NXT and
 *   does not exceed the window", the actual one trimmed "off any portions
 *   that lie outside the window": the text up to the right edge is taken
 *   (with any held text, which lies inside it), the buffer is full, and the
 *   tail is dropped for the peer to send again. The ACK is owed as
 *   `RCV_DATA`'s is (a delayed ACK may wait: the RFC asks no ACK at once for
 *   a trimmed segment, nor do FreeBSD's tcp_input or TcpConnection), so
 *   ESTABLISHED answers it branch for branch as `RCV_DATA`, in a list of its
 *   own for the reason given above. Offered only where the window offered is
 *   open: at a zero window (a full buffer) it is `RCV_DATA`'s segment, its
 *   text not taken. A segment wholly past the right edge is
 *   `RCV_DATA_OUT_OF_ORDER` where the window has no room for two segments
 *   (`outOfOrderBeyondWindow`).
 * - `RCV_DATA_FIN` (ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2): the peer's text
 *   at RCV.NXT and its FIN in one segment (the common close on the wire:
 *   `F.` with data), whose ACK acknowledges everything outstanding as
 *   `RCV_DATA`'s does (our FIN included, as `RCV_FIN_ACK`'s). §3.10.7.4
 *   seventh and eighth steps: the text is taken, then the FIN, which lies
 *   right after it, is processed, so each state answers as it answers
 *   `RCV_FIN_ACK` (CLOSE-WAIT, TIME-WAIT, or CLOSING behind a queued FIN),
 *   the ACK sent at once and covering text and FIN. Where the buffer is full
 *   (a zero window) the first check trims "any portions that lie outside the
 *   window (including SYN and FIN)": the text and the FIN after it go, and
 *   the segment is `RCV_DATA`'s with a full buffer, its ACK field read and an
 *   ACK sent at once. Where the text just fills the window the FIN lies at
 *   its right edge, one sequence number outside it: the model takes it, as
 *   TcpConnection, FreeBSD's tcp_input (a FIN dropped only with trimmed text)
 *   and Linux's tcp_data_queue do, where the RFC's trimming ("One could
 *   tailor") would drop it, as lwIP's tcp_receive does (docs/lwip.md).
 *   Not offered while text is held past a hole (a consistent peer's FIN lies
 *   after it).
 * - `RCV_DATA_OVERLAP_FIN` (ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2): the
 *   overlap's segment (from RCV.NXT - 1, the last octet taken again) with the
 *   FIN after its text. The first check trims the old octet ("only the new
 *   parts are processed") and keeps the FIN, which lies past RCV.NXT: it is
 *   then `RCV_DATA_FIN`'s segment, answered branch for branch as that one, in
 *   a list of its own (one transition list per event type), and offered
 *   where both are (`overlapOffered` and the RTO at its floor). One case
 *   comes first: where the window has room for the new text only (a bounded
 *   buffer with one segment unread), SEG.LEN counts the FIN ("counting SYN
 *   and FIN"), so the segment's first octet lies before RCV.NXT and its last,
 *   the FIN, at RCV.NXT+RCV.WND: the acceptability test fails at both ends,
 *   and the segment gets an ACK and is dropped, its ACK unread
 *   (`overlapFinOutsideWindow`), as TcpConnection does; Linux's
 *   tcp_sequence and FreeBSD's tcp_input would take it, and no profile that
 *   models them offers it. FIN-WAIT-1's list has no branch for our FIN sent
 *   and the window open (`RCV_DATA_FIN`'s TIME-WAIT): the overlap is never
 *   offered then, since an ACK pending in FIN-WAIT-1 means our FIN still
 *   waits (a FIN sent carries the ACK), and unread text there fills the
 *   window or leaves room for the new text only; nor Linux's
 *   `finAckedBeforeQueuedData`, since no Linux graph offers the overlap
 *   (delayed ACKs off, an unbounded buffer).
 * - `RCV_DATA_FIN_OUT_OF_ORDER` (ESTABLISHED): `RCV_DATA_OUT_OF_ORDER`'s
 *   segment with the peer's FIN after its text: the peer's last segment,
 *   arriving before the one at RCV.NXT. §3.10.7.4 seventh: held "for later
 *   processing", the FIN with it (`finHeld`), and acknowledged at once with
 *   ACK = RCV.NXT (RFC 5681 §4.2), its ACK field processed as
 *   `RCV_DATA_OUT_OF_ORDER`'s; beyond the window offered (`outOfOrderBeyondWindow`)
 *   it is not acceptable, and the FIN after it neither. Where the text just
 *   fits the window the FIN lies at its right edge and is held with it (as
 *   `RCV_DATA_FIN` takes it there). The `RCV_DATA` that fills the hole then
 *   processes text, held text and FIN (ESTABLISHED's `finHeld` branch).
 *   Offered only while no text is held, and with the RTO at its floor, as
 *   `RCV_DATA_FIN` is; while the FIN is held the tools offer only that
 *   `RCV_DATA`, and the timers (`offeredEvents`): the segment carried the
 *   full window and let queued data go, so one `finHeld` branch answers it,
 *   and no other state holds a FIN.
 * - `RECEIVE` (every state, with a bounded `receiveBuffer` only: the model
 *   counts unread text only then): the user reads all the text taken so
 *   far (§3.10.3). CLOSED: "connection does not exist" (after a reset or a
 *   user timeout too: the user had the reason as the connection was lost);
 *   LISTEN, SYN-SENT, SYN-RECEIVED: queued until ESTABLISHED, so nothing yet;
 *   after the peer's FIN (CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT) the text
 *   on hand, then "connection closing".
 */
export const RECEIVE_SIDE_EVENTS = [
  'RCV_DATA_OUT_OF_ORDER',
  'RCV_DATA_OVERLAP',
  'RCV_DATA_PAST_WINDOW',
  'RCV_DATA_FIN',
  'RCV_DATA_OVERLAP_FIN',
  'RCV_DATA_FIN_OUT_OF_ORDER',
  'RECEIVE',
] as const;

/**
 * Segments that speak of the peer's window (RFC 9293 §3.8.6.1), in the
 * alphabet only of the states that handle them (ESTABLISHED, CLOSE-WAIT):
 * where no new data can be sent, a window update is an `RCV_ACK`.
 * - `RCV_WINDOW_ZERO`: an acceptable ACK advertising a zero window. With the
 *   window open it acknowledges everything outstanding, as `RCV_ACK`'s does;
 *   once shut, it repeats that acknowledgment (a probe's octet is not taken).
 * - `RCV_WINDOW_OPEN`: an ACK advertising the full window. After a zero
 *   window it is the window update and repeats the last acknowledgment (a
 *   probe's octet is not taken); with the window open it is `RCV_ACK`'s.
 * - `RCV_OLD_WINDOW` (ESTABLISHED only): an ACK older than the last window
 *   update, its zero window stale. While the peer's text is held past a hole
 *   (`textHeld`), the held segment set SND.WL1 to its SEG.SEQ, past RCV.NXT;
 *   a bare ACK the peer sent before that text, at SEG.SEQ = RCV.NXT <
 *   SND.WL1, with SEG.ACK = SND.UNA and a zero window, arrives late.
 *   Fifth step: "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be
 *   updated. If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =<
 *   SEG.ACK)), set SND.WND <- SEG.WND": neither holds, and the note that
 *   follows says why ("prevents using old segments to update the window"):
 *   ESTABLISHED takes it (its ACK field is read) and keeps SND.WND: a
 *   transition that does nothing, not an ignored event, so that the path
 *   suites' pairs (switch:1) follow it with the SEND that shows the window
 *   kept. Offered only while the peer's window is open (a stale zero window
 *   where the window is shut changes nothing) and none of our data is
 *   outstanding (with data outstanding it would be a near-duplicate ACK,
 *   RFC 5681 §2 (e), which lwIP counts as a duplicate), with the RTO at its
 *   floor, as the ACKs the fifth step drops or ignores (`offeredEvents`).
 *   SEG.SEQ = SND.WL1 with SEG.ACK < SND.WL2 needs no event: the fifth step
 *   reaches the window rule only with SND.UNA =< SEG.ACK, and SND.WL2 =<
 *   SND.UNA always (SND.WL2 is an ACK taken), so that half of the rule
 *   never decides.
 */
export const PEER_WINDOW_EVENTS = ['RCV_WINDOW_ZERO', 'RCV_WINDOW_OPEN', 'RCV_OLD_WINDOW'] as const;

/**
 * The send side's events, in the alphabet only of the states that handle
 * them (ESTABLISHED), and offered only while more than one segment of our
 * data is outstanding (`severalInFlight`):
 * - `RCV_PARTIAL_ACK`: an ACK of every outstanding segment but the newest
 *   (SND.UNA < SEG.ACK < SND.NXT, RFC 9293 §3.10.7.4 fifth step), with the
 *   full window.
 * - `RCV_DUP_ACK`: a duplicate acknowledgment (RFC 5681 §2): SEG.ACK =
 *   SND.UNA, no data, no SYN or FIN, the window unchanged (full), while data
 *   is outstanding; not offered in fast recovery (`fastRecovery`).
 */
export const SEND_SIDE_EVENTS = ['RCV_PARTIAL_ACK', 'RCV_DUP_ACK'] as const;

/**
 * Segments that the first two checks of RFC 9293 §3.10.7.4 drop, in the
 * alphabet only of the synchronized states (SYNCHRONIZED), where every
 * segment but these is acceptable:
 * - `RCV_OLD_SEGMENT`: one octet wholly before RCV.NXT (SEG.SEQ = RCV.NXT - 1:
 *   §3.8.4's keep-alive with its garbage octet, or text already taken sent
 *   again), whose ACK repeats the peer's last acknowledgment and whose
 *   window is the one it last advertised. First check: not acceptable, so
 *   <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its
 *   ACK and window unread.
 * - `RCV_RST_IN_WINDOW`: a RST inside the receive window but not at RCV.NXT
 *   (SEG.SEQ = RCV.NXT + 1; not offered while the window offered is zero).
 *   Second check, RFC 5961 §3.2: a challenge ACK, the connection kept.
 * - `RCV_RST_OUT_OF_WINDOW`: a RST outside the receive window (SEG.SEQ =
 *   RCV.NXT + 2^30). First and second checks: dropped silently.
 */
export const UNACCEPTABLE_SEGMENT_EVENTS = ['RCV_OLD_SEGMENT', 'RCV_RST_IN_WINDOW', 'RCV_RST_OUT_OF_WINDOW'] as const;

/**
 * The fifth step's checks of the ACK field (RFC 9293 §3.10.7.4), in the
 * alphabet only of the states where we may still send data (ESTABLISHED,
 * CLOSE-WAIT: §3.10.2), where the peer's window decides what leaves:
 * - `RCV_OLD_ACK`: an acceptable segment without text whose ACK lies behind
 *   SND.UNA (SEG.ACK = SND.UNA - 1, at least the ISS, within RFC 5961 §5.2's
 *   SND.UNA - MAX.SND.WND), carrying a zero window. "If the ACK is a duplicate (SEG.ACK =< SND.UNA),
 *   it can be ignored", and the window rule takes a window only from an ACK
 *   with SND.UNA =< SEG.ACK: the states ignore it on purpose (`meta.ignored`),
 *   and the next SEND still goes out.
 * - `RCV_ACK_UNSENT`: an acceptable segment without text, with the window
 *   the peer advertises (zero while shut), whose ACK lies past SND.NXT: "If the ACK acks something not yet
 *   sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment, and
 *   return": <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, SND.UNA unmoved.
 * Both are in the alphabet of SYN-SENT and SYN-RECEIVED too, where an ACK
 * must acknowledge our SYN and nothing past it, and SND.UNA is the ISS:
 * `RCV_OLD_ACK`'s SEG.ACK is ISS - 1, `RCV_ACK_UNSENT`'s SND.NXT + 1 (ISS +
 * 2). SYN-SENT's first check: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send
 * a reset <SEQ=SEG.ACK><CTL=RST>, discard the segment, and return"
 * (§3.10.7.3; RFC 9293 §3.5 Figure 11, a half-open connection discovered);
 * SYN-RECEIVED's fifth step: "If the segment acknowledgment is not
 * acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST> and send it"
 * (§3.10.7.4). Neither changes the state or touches a timer.
 */
export const ACK_CHECK_EVENTS = ['RCV_OLD_ACK', 'RCV_ACK_UNSENT'] as const;

/**
 * Segments that the handshake's checks of the ACK and RST bits drop (RFC
 * 9293 §3.10.7.2, §3.10.7.3, §3.10.7.4 fifth), in the alphabet only of the
 * states named; elsewhere no state's rule tells them from another event's
 * segment:
 * - `RCV_RST_ACK_UNSENT` (SYN-SENT): a RST whose ACK lies past SND.NXT (ISS +
 *   2). First check: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset
 *   (unless the RST bit is set, if so drop the segment and return)": dropped,
 *   the connection goes on. (`RCV_RST` in SYN-SENT acknowledges our SYN.)
 * - `RCV_RST_WITHOUT_ACK` (SYN-SENT): a RST without ACK. Second check: "If
 *   the ACK was acceptable, then signal to the user "error: connection
 *   reset" ... Otherwise (no ACK), drop the segment and return."
 * - `RCV_DATA_WITHOUT_ACK` (LISTEN, SYN-SENT, SYN-RECEIVED): the peer's text
 *   at RCV.NXT (where the implementation has none, at the peer's ISS) with
 *   neither SYN, RST nor ACK. LISTEN's fourth step: "Any other control or
 *   text-bearing segment (not containing SYN) must have an ACK ... drop the
 *   segment and return"; SYN-SENT's fifth: "If neither of the SYN or RST bits
 *   is set, then drop the segment and return"; SYN-RECEIVED's fifth: "if the
 *   ACK bit is off, drop the segment and return" (it is acceptable, so the
 *   first check lets it through).
 * - `RCV_SYN_RST` (LISTEN): a SYN with RST, without ACK. LISTEN's first
 *   step: "An incoming RST segment could not be valid ... An incoming RST
 *   should be ignored": the SYN on it opens nothing.
 */
export const HANDSHAKE_CHECK_EVENTS = [
  'RCV_RST_ACK_UNSENT',
  'RCV_RST_WITHOUT_ACK',
  'RCV_DATA_WITHOUT_ACK',
  'RCV_SYN_RST',
] as const;

/**
 * The fourth step's check of the SYN bit (RFC 9293 §3.10.7.4), in the
 * alphabet only of the states that reach it (SYN-RECEIVED and the
 * synchronized states): `RCV_SYN` there is the peer's SYN again (SEG.SEQ =
 * IRS), which the first check drops before the fourth is reached.
 * - `RCV_SYN_IN_WINDOW`: a SYN without ACK at SEG.SEQ = RCV.NXT (RFC 5961
 *   §4's blind SYN, or a peer that restarted and chose that ISN), with the
 *   MSS option; acceptable (first check), no RST (second), so the fourth
 *   check sees it. SYN-RECEIVED: "If the connection was initiated with a
 *   passive OPEN, then return this connection to the LISTEN state and
 *   return. Otherwise, handle per the directions for synchronized states";
 *   the synchronized states: RFC 5961 §4.2's challenge ACK
 *   <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, the segment dropped, no timer
 *   touched. Not offered while the window offered is zero (a full buffer):
 *   there the SYN's octet lies outside it and the first check answers.
 */
export const SYN_CHECK_EVENTS = ['RCV_SYN_IN_WINDOW'] as const;

/**
 * Text on the peer's SYN (RFC 9293 §3.10.7.2 third, §3.10.7.3 fourth), in
 * the alphabet only of the states that wait for a SYN: one segment's worth
 * of the peer's text (`RCV_DATA`'s) right after its SYN, with the MSS option.
 * - `RCV_SYN_DATA` (LISTEN, SYN-SENT): a SYN without ACK that carries text. The SYN is
 *   taken as `RCV_SYN`'s (SYN-RECEIVED, a SYN-ACK that acknowledges the SYN
 *   only: RCV.NXT = IRS+1), and the text is queued (`synTextQueued`): "any
 *   other control or text should be queued for processing later" ("will be
 *   processed in the SYN-RECEIVED state", whose fifth step delivers none
 *   before the ACK bit moves it to ESTABLISHED). The segment that completes
 *   the handshake then processes it as text at IRS+1 (seventh step), owing an
 *   ACK at once (the text is not new, its ACK was never sent), before its own
 *   text or FIN. The tools offer no CLOSE that would send a FIN while it is
 *   queued (`offeredEvents`): FIN-WAIT-1 would take it with the ACK of our
 *   SYN and FIN, branches the model does not hold. In SYN-SENT (simultaneous
 *   open) the SYN is taken as `RCV_SYN`'s and the text queued alike (§3.10.7.3
 *   fourth: "queue them for processing after the ESTABLISHED state has been
 *   reached"); the peer's SYN-ACK then completes the handshake and owes the
 *   ACK of the text.
 * - `RCV_SYN_ACK_DATA` (SYN-SENT): a SYN-ACK that acknowledges our SYN and
 *   carries text. "If there are other controls or text in the segment, then
 *   continue processing at the sixth step ... where the URG bit is checked":
 *   ESTABLISHED, the text taken at IRS+1 (seventh step), and the SYN-ACK is
 *   acknowledged at once as `RCV_SYN_ACK`'s, the ACK covering the text.
 * Linux and lwIP drop the text of both without TCP Fast Open
 * (`synTextDropped`): the SYN-ACK, and the ACK of a SYN-ACK, acknowledge the
 * SYN only.
 */
export const SYN_TEXT_EVENTS = ['RCV_SYN_DATA', 'RCV_SYN_ACK_DATA'] as const;

/** The events in the alphabet only of the states that handle them (or ignore them on purpose). */
export const STATE_SPECIFIC_EVENTS = [
  ...PEER_WINDOW_EVENTS,
  ...RECEIVE_SIDE_EVENTS,
  ...SEND_SIDE_EVENTS,
  ...UNACCEPTABLE_SEGMENT_EVENTS,
  ...ACK_CHECK_EVENTS,
  ...SYN_CHECK_EVENTS,
  ...HANDSHAKE_CHECK_EVENTS,
  ...SYN_TEXT_EVENTS,
] as const;

export type TcpEventType = (typeof TCP_EVENT_TYPES)[number] | (typeof STATE_SPECIFIC_EVENTS)[number];
export type TcpEvent = { type: TcpEventType };

/** The named actions that put a segment on the wire: the machine's output alphabet. */
export const OUTPUT_ACTIONS = [
  'sendSyn',
  'sendSynAck',
  'sendAck',
  'sendChallengeAck',
  'sendData',
  'sendProbe',
  'sendFin',
  'sendRst',
] as const;

export type OutputAction = (typeof OUTPUT_ACTIONS)[number];

/** RFC 9293 §3.10's error responses to user calls, in its words. */
export const USER_CALL_ERRORS = [
  'connection does not exist',
  'connection already exists',
  'connection closing',
] as const;

export type UserCallError = (typeof USER_CALL_ERRORS)[number];

/**
 * RFC 9293's unsolicited signals to the user when the connection is lost
 * (§3.10.7.3, §3.10.7.4 second check, §3.10.8 user timeout). A transition
 * that loses the connection names its signal with the parameterized action
 * `signalUser`; one that ends quietly (a RST in CLOSING, ABORT) names none.
 */
export const USER_SIGNALS = [
  'connection reset',
  'connection refused',
  'connection aborted due to user timeout',
] as const;

export type UserSignal = (typeof USER_SIGNALS)[number];

/**
 * The guards a profile implements: each names a place where a TCP departs
 * from RFC 9293 on purpose. RFC 9293's machine answers `false` to all of
 * them, so it never takes the branches they guard; a profile's machine
 * (`tcpMachine.provide({ guards })`, machines/linux.ts) answers `true` to
 * those it has, and documents each with the RFC text and its source.
 */
export const PROFILE_GUARDS = [
  'listenOnly',
  'acceptOnEstablished',
  'synAckOnRetransmittedSyn',
  'closeQueuedUntilEstablished',
  'ackOnRetransmittedFin',
  'repeatedCloseAccepted',
  'timeWaitWithoutHandle',
  'timeWaitBareAckUnanswered',
  'finResentWithData',
  'ackSimultaneousSynAck',
  'queuedDataAfterAck',
  'simultaneousOpenKeepsRetries',
  'synIgnoredInSynSent',
  'finAckedBeforeQueuedData',
  'abortResetsUnsentData',
  'dataResentTogether',
  'dupAcksTakenForReordering',
  'lossWindowCountsBytes',
  'timeWaitInWindowRstDropped',
  'inWindowSynResetsRequest',
  'inWindowSynIgnoredInSynReceived',
  'timeWaitInWindowSynReset',
  'badAckResendsSyn',
  'synTextDropped',
] as const;

export type ProfileGuard = (typeof PROFILE_GUARDS)[number];

/** The timer settings a machine is created with; every field is optional. */
export interface TcpInput {
  /** Initial retransmission timeout in ms (RFC 6298 §2.1: 1 s). */
  rto?: number;
  /** Lower bound of the RTO computed from RTT samples, in ms (RFC 6298 §2.4: 1 s). Defaults to `rto`. */
  minRto?: number;
  /** Upper bound of the backed-off RTO in ms (RFC 6298 §2.5: at least 60 s; Linux: 120 s). */
  maxRto?: number;
  /** RTO after a handshake whose SYN timed out, in ms (RFC 6298 §5.7: 3 s). */
  fallbackRto?: number;
  /**
   * Retransmissions before giving up (R2 of RFC 9293 §3.8.3, counted). The
   * default, 7, with `rto` 1 s doubling and `maxRto` 120 s, resends the SYN
   * until 127 s and gives up at 247 s: "R2 for a SYN segment MUST be set
   * large enough to provide retransmission of the segment for at least 3
   * minutes" (MUST-23, RFC 1122 §4.2.3.5). Linux's `tcp_syn_retries` default
   * of 6 gives up after 127 s.
   */
  maxRetries?: number;
  /** Maximum segment lifetime in ms; TIME-WAIT lasts 2 MSL (RFC 9293 §3.4.2). */
  msl?: number;
  /** Ignore RST in TIME-WAIT, as RFC 1337 recommends (RFC 9293 closes). */
  rfc1337?: boolean;
  /**
   * Give up on data and FIN retransmissions by time, not by count: at the
   * first timeout at least this many ms after the first retransmission of the
   * oldest unacknowledged segment (Linux: tcp_retries2 through
   * tcp_model_timeout and retrans_stamp, net/ipv4/tcp_timer.c
   * retransmits_timed_out). 0 (RFC 9293 §3.8.3): count `maxRetries` timeouts.
   */
  retryTimeLimit?: number;
  /**
   * The USER TIMEOUT in ms (RFC 9293 §3.8.3, §3.10.8; RFC 5482 §3: how long
   * "transmitted data may remain unacknowledged before a connection is
   * forcefully closed"): its own timer, `after: { USER_TIMEOUT }`, running
   * from the first sending of the oldest unacknowledged segment (SYN, data,
   * FIN or a zero-window probe's octet) while one is outstanding. It expires
   * into CLOSED with "connection aborted due to user timeout" (a passively
   * opened SYN-RECEIVED returns to LISTEN), and where it falls due together
   * with another timer it acts first. With it the synchronized states give up
   * by time alone, as RFC 1122 §4.2.3.5 lets the user set R2; the SYN states
   * keep counting `maxRetries` besides. 0, the default: none.
   */
  userTimeout?: number;
  /**
   * Delayed ACK timeout in ms (RFC 9293 §3.8.6.3 SHLD-18, RFC 1122 §4.2.3.2:
   * less than 0.5 s). 40 ms is Linux's TCP_DELACK_MIN (include/net/tcp.h,
   * HZ/25) and FreeBSD's TCPTV_DELACK (sys/netinet/tcp_timer.h, hz/25,
   * net.inet.tcp.delacktime). 0 turns delayed ACKs off: every segment of
   * text is acknowledged at once (Linux's quickack).
   */
  ackDelay?: number;
  /**
   * The receive buffer in segments of the peer's text (`RCV_DATA`): 1 or 2
   * bound it, and the user's `RECEIVE` empties it; 0, the default, leaves it
   * unbounded and uncounted (RFC 9293 §3.8.6.2: the window offered is the
   * buffer not taken by unread data).
   */
  receiveBuffer?: number;
  /**
   * How many segments a SEND fills (RFC 9293 §3.10.2: the data is
   * segmentized by SND.MSS): 1, the default, a SEND fits in one segment; 2 or
   * more, each SEND leaves as that many segments at once, so it puts several
   * in flight (`severalInFlight`) by itself. The model needs no more than
   * that flag: a partial acknowledgment leaves the newest segment, a timeout
   * resends one MSS from SND.UNA (RFC 6298 §5.4).
   */
  sendSegments?: number;
}

export interface TcpSettings {
  readonly initialRto: number;
  readonly minRto: number;
  readonly maxRto: number;
  readonly fallbackRto: number;
  readonly maxRetries: number;
  readonly msl: number;
  readonly rfc1337: boolean;
  readonly retryTimeLimit: number;
  readonly userTimeout: number;
  readonly ackDelay: number;
  readonly receiveBuffer: number;
  readonly sendSegments: number;
}

/** The settings (fixed for the connection's life) and what changes as it runs. */
export interface TcpContext extends TcpSettings {
  /** The connection was opened passively (from LISTEN). */
  passive: boolean;
  retries: number;
  /**
   * With retryTimeLimit: ms from the first retransmission still counted
   * (Linux's retrans_stamp) to the last timeout; -1 before any.
   */
  retryElapsed: number;
  /**
   * With userTimeout: ms since the oldest unacknowledged segment was first
   * sent; 0 while nothing is outstanding.
   */
  userElapsed: number;
  /** With userTimeout: the same for the newest segment in flight (our FIN, or the newest of several). */
  newestElapsed: number;
  rto: number;
  retransmitted: boolean;
  synTimedOut: boolean;
  synOutstanding: boolean;
  dataQueued: boolean;
  closeQueued: boolean;
  dataOutstanding: boolean;
  /** In ESTABLISHED, more than one segment of data is outstanding: a partial acknowledgment can come. */
  severalInFlight: boolean;
  /** With several in flight: the newest was outstanding when the last timeout fired, so it gives no RTT sample. */
  newestResent: boolean;
  /** Duplicate ACKs counted since SND.UNA last moved (RFC 5681 §3.2), 0..2: the third starts fast recovery. */
  dupAcks: number;
  /** In fast recovery (RFC 6582): a partial ACK below `recover` resends the next segment at once. */
  fastRecovery: boolean;
  /** SND.UNA has not passed RFC 6582's `recover` (a fast retransmit or a timeout set it): no new fast retransmit. */
  recoverAhead: boolean;
  /** With `recoverAhead`, a SEND put the newest segment past `recover`: the partial ACK that leaves it covers it. */
  sentPastRecover: boolean;
  ackPending: boolean;
  /** The peer's last segment advertised a zero window (SND.WND = 0). */
  sendWindowZero: boolean;
  /** Zero-window probes sent since the window closed, counted until the interval reaches maxRto. */
  probes: number;
  /** ms the persist timer had run when the delayed ACK fired (0 or ackDelay). */
  persistElapsed: number;
  /** One segment of the peer's text is held past RCV.NXT (RFC 9293 §3.10.7.4 seventh). */
  textHeld: boolean;
  /** The held segment carries the peer's FIN after its text: processed once the hole is filled (§3.10.7.4 eighth). */
  finHeld: boolean;
  /** Segments of the peer's text taken and not read, counted up to receiveBuffer (0 when unbounded), its FIN or not. */
  unread: number;
  /** In SYN-RECEIVED: the peer's SYN carried text, queued until the handshake completes (RFC 9293 §3.10.7.2 third). */
  synTextQueued: boolean;
}

export const DEFAULT_INPUT = {
  rto: 1000,
  maxRto: 120_000,
  fallbackRto: 3000,
  maxRetries: 7,
  msl: 30_000,
  rfc1337: false,
  retryTimeLimit: 0,
  userTimeout: 0,
  ackDelay: 40,
  receiveBuffer: 0,
  sendSegments: 1,
} as const;

/** Resolves the input into settings, defaults filled in. */
export function resolveSettings(input: TcpInput = {}): TcpSettings {
  const initialRto = input.rto ?? DEFAULT_INPUT.rto;
  return {
    initialRto,
    minRto: input.minRto ?? initialRto,
    maxRto: input.maxRto ?? DEFAULT_INPUT.maxRto,
    fallbackRto: input.fallbackRto ?? DEFAULT_INPUT.fallbackRto,
    maxRetries: input.maxRetries ?? DEFAULT_INPUT.maxRetries,
    msl: input.msl ?? DEFAULT_INPUT.msl,
    rfc1337: input.rfc1337 ?? DEFAULT_INPUT.rfc1337,
    retryTimeLimit: input.retryTimeLimit ?? DEFAULT_INPUT.retryTimeLimit,
    userTimeout: input.userTimeout ?? DEFAULT_INPUT.userTimeout,
    ackDelay: input.ackDelay ?? DEFAULT_INPUT.ackDelay,
    receiveBuffer: input.receiveBuffer ?? DEFAULT_INPUT.receiveBuffer,
    sendSegments: input.sendSegments ?? DEFAULT_INPUT.sendSegments,
  };
}

/**
 * The send side's segment bookkeeping with nothing in flight: no segments
 * beyond one, no duplicates counted, no fast recovery or `recover` ahead
 * (a fresh connection, an ACK of everything, a CLOSE that forgets them).
 */
const SEGMENTS_AT_REST = {
  severalInFlight: false,
  newestResent: false,
  dupAcks: 0,
  fastRecovery: false,
  recoverAhead: false,
  sentPastRecover: false,
} as const;

/** The USER TIMEOUT's clocks with nothing outstanding. */
const USER_CLOCKS_AT_REST = { userElapsed: 0, newestElapsed: 0 } as const;

/** The context of a connection that holds nothing: CLOSED or LISTEN. */
export function freshContext(settings: TcpSettings): TcpContext {
  return {
    initialRto: settings.initialRto,
    minRto: settings.minRto,
    maxRto: settings.maxRto,
    fallbackRto: settings.fallbackRto,
    maxRetries: settings.maxRetries,
    msl: settings.msl,
    rfc1337: settings.rfc1337,
    retryTimeLimit: settings.retryTimeLimit,
    userTimeout: settings.userTimeout,
    ackDelay: settings.ackDelay,
    receiveBuffer: settings.receiveBuffer,
    sendSegments: settings.sendSegments,
    passive: false,
    retryElapsed: settings.retryTimeLimit > 0 ? -1 : 0,
    ...USER_CLOCKS_AT_REST,
    retries: 0,
    rto: settings.initialRto,
    retransmitted: false,
    synTimedOut: false,
    synOutstanding: false,
    dataQueued: false,
    closeQueued: false,
    dataOutstanding: false,
    ...SEGMENTS_AT_REST,
    ackPending: false,
    sendWindowZero: false,
    probes: 0,
    persistElapsed: 0,
    textHeld: false,
    finHeld: false,
    unread: 0,
    synTextQueued: false,
  };
}

/**
 * The TCP state of a snapshot: the active leaf, one of the 11. A snapshot's
 * `value` nests the parent states (`{ CONNECTION: { SYNCHRONIZED: 'ESTABLISHED' } }`);
 * every tool speaks of the leaf.
 */
export function tcpState(snapshot: Pick<AnyMachineSnapshot, 'value'>): TcpState {
  let value: unknown = snapshot.value;
  while (typeof value === 'object' && value !== null) {
    const children = Object.values(value);
    if (children.length !== 1)
      throw new Error(`a TCP snapshot has one active state at each level, not ${JSON.stringify(snapshot.value)}`);
    value = children[0];
  }
  if (typeof value !== 'string' || !(TCP_STATES as readonly string[]).includes(value)) {
    throw new Error(`${JSON.stringify(snapshot.value)} is not one of the 11 TCP states`);
  }
  return value as TcpState;
}

/** What an ACK that advances SND.UNA over everything outstanding does to the timer state. */
function acknowledged(context: TcpContext): Partial<TcpContext> {
  return {
    retries: 0,
    retryElapsed: context.retryTimeLimit > 0 ? -1 : 0,
    ...USER_CLOCKS_AT_REST,
    rto: !context.retransmitted
      ? context.minRto
      : context.synOutstanding && context.synTimedOut && context.initialRto < context.fallbackRto
        ? context.fallbackRto
        : context.rto,
    retransmitted: false,
    synOutstanding: false,
    dataOutstanding: false,
    ...SEGMENTS_AT_REST,
  };
}

/**
 * What an ACK of every segment but the newest does (RFC 9293 §3.10.7.4
 * fifth): SND.UNA advances, the newest stays outstanding and gives no RTT
 * sample if it was outstanding across a timeout (RFC 6298 §3). It covers
 * RFC 6582's `recover` only if a SEND put the newest past it.
 */
function acknowledgedButNewest(context: TcpContext): Partial<TcpContext> {
  const recoverAhead = context.recoverAhead && !context.sentPastRecover;
  return {
    ...acknowledged(context),
    dataOutstanding: true,
    userElapsed: context.newestElapsed,
    newestElapsed: context.newestElapsed,
    retransmitted: context.newestResent,
    fastRecovery: context.fastRecovery && recoverAhead,
    recoverAhead,
  };
}

/** Something we sent waits for its ACK: the SYN, data, or a zero-window probe's octet (our FIN: by state). */
function outstanding(context: TcpContext): boolean {
  return context.synOutstanding || context.dataOutstanding || context.probes > 0;
}

/** RFC 9293 §3.8.6.1 (SHLD-29, SHLD-30): the first probe after an RTO, each next one after twice the interval, up to maxRto. */
function persistDelay(context: TcpContext): number {
  return Math.min(context.rto * 2 ** context.probes, context.maxRto) - context.persistElapsed;
}

/** `ms` pass while something is outstanding: the USER TIMEOUT (RFC 9293 §3.10.8) has that much less to go. */
function userTimePassed(context: TcpContext, ms: number): Partial<TcpContext> {
  return context.userTimeout > 0
    ? { userElapsed: context.userElapsed + ms, newestElapsed: context.newestElapsed + ms }
    : {};
}

/** A timer due in `ms` falls due before the USER TIMEOUT, which acts first where the two are due together. */
function beforeUserTimeout(context: TcpContext, ms: number): boolean {
  return context.userTimeout === 0 || context.userElapsed + ms < context.userTimeout;
}

export const tcpMachine = setup({
  types: {
    context: {} as TcpContext,
    events: {} as TcpEvent,
    input: {} as TcpInput,
  },
  delays: {
    RTO: ({ context }) => context.rto,
    TWO_MSL: ({ context }) => 2 * context.msl,
    ACK_DELAY: ({ context }) => context.ackDelay,
    PERSIST: ({ context }) => persistDelay(context),
    USER_TIMEOUT: ({ context }) => context.userTimeout - context.userElapsed,
  },
  guards: {
    // RFC 9293 §3.8.3 R2 counts; with retryTimeLimit (Linux) data and FIN retransmissions are limited by time, and
    // with userTimeout by the USER TIMEOUT alone (§3.10.8), which also ends the SYN states' count when it falls due first.
    retriesLeft: ({ context }) =>
      beforeUserTimeout(context, context.rto) &&
      (context.retryTimeLimit > 0 && !context.synOutstanding
        ? context.retries === 0 ||
          context.retryElapsed < 0 ||
          context.retryElapsed + context.rto < context.retryTimeLimit
        : (context.userTimeout > 0 && !context.synOutstanding) || context.retries < context.maxRetries),
    // RFC 9293 §3.10.8: a USER TIMEOUT is set.
    userTimeoutSet: ({ context }) => context.userTimeout > 0,
    // The USER TIMEOUT runs: it is set and the SYN, data or a probe's octet is outstanding (our FIN: by state).
    userTimerRunning: ({ context }) => context.userTimeout > 0 && outstanding(context),
    // The persist timer falls due before the USER TIMEOUT, which acts first on a tie (a first probe starts it).
    persistBeforeUserTimeout: ({ context }) =>
      !outstanding(context) || beforeUserTimeout(context, persistDelay(context)),
    passiveOpen: ({ context }) => context.passive,
    dataQueued: ({ context }) => context.dataQueued,
    closeQueued: ({ context }) => context.closeQueued,
    dataOutstanding: ({ context }) => context.dataOutstanding,
    severalInFlight: ({ context }) => context.severalInFlight,
    newestResent: ({ context }) => context.newestResent,
    // RFC 5681 §3.2 step 2: this duplicate is the third.
    thirdDuplicateAck: ({ context }) => context.dupAcks >= 2,
    fastRecovery: ({ context }) => context.fastRecovery,
    recoverAhead: ({ context }) => context.recoverAhead,
    sentPastRecover: ({ context }) => context.sentPastRecover,
    // RFC 5681 §3.1: a timeout resent data and no ACK has advanced SND.UNA since (R1 resets `retries`): the
    // congestion window is the loss window, one segment, and the resent segment fills it.
    lossWindow: ({ context }) => context.dataOutstanding && context.retries > 0,
    synOutstanding: ({ context }) => context.synOutstanding,
    retransmitted: ({ context }) => context.retransmitted,
    rfc1337: ({ context }) => context.rfc1337,
    ackDelayed: ({ context }) => context.ackDelay > 0,
    ackPending: ({ context }) => context.ackPending,
    sendWindowZero: ({ context }) => context.sendWindowZero,
    textHeld: ({ context }) => context.textHeld,
    finHeld: ({ context }) => context.finHeld,
    unreadText: ({ context }) => context.unread > 0,
    // RFC 9293 §3.8.6.2: the buffer is full of unread text, so the window offered is zero.
    receiveBufferFull: ({ context }) => context.receiveBuffer > 0 && context.unread >= context.receiveBuffer,
    // The segment one past RCV.NXT ends beyond the window offered (RCV.NXT + RCV.WND): no room for two segments.
    outOfOrderBeyondWindow: ({ context }) => context.receiveBuffer > 0 && context.unread + 2 > context.receiveBuffer,
    // The window has room for one segment exactly: the straddling segment's first octet lies before RCV.NXT and the FIN
    // after its text at RCV.NXT + RCV.WND, so neither end lies in the window.
    overlapFinOutsideWindow: ({ context }) => context.receiveBuffer > 0 && context.unread + 1 === context.receiveBuffer,
    // The profile guards (PROFILE_GUARDS): RFC 9293 departs from none of its rules.
    listenOnly: () => false,
    acceptOnEstablished: () => false,
    synAckOnRetransmittedSyn: () => false,
    closeQueuedUntilEstablished: () => false,
    ackOnRetransmittedFin: () => false,
    repeatedCloseAccepted: () => false,
    timeWaitWithoutHandle: () => false,
    timeWaitBareAckUnanswered: () => false,
    finResentWithData: () => false,
    ackSimultaneousSynAck: () => false,
    queuedDataAfterAck: () => false,
    simultaneousOpenKeepsRetries: () => false,
    synIgnoredInSynSent: () => false,
    finAckedBeforeQueuedData: () => false,
    abortResetsUnsentData: () => false,
    dataResentTogether: () => false,
    dupAcksTakenForReordering: () => false,
    lossWindowCountsBytes: () => false,
    timeWaitInWindowRstDropped: () => false,
    inWindowSynResetsRequest: () => false,
    inWindowSynIgnoredInSynReceived: () => false,
    timeWaitInWindowSynReset: () => false,
    badAckResendsSyn: () => false,
    synTextDropped: () => false,
    synTextQueued: ({ context }) => context.synTextQueued,
  },
  actions: {
    // Output actions: markers of what goes on the wire. The model runs no I/O;
    // an adapter or a `provide()` gives them meaning.
    sendSyn: () => {},
    sendSynAck: () => {},
    sendAck: () => {},
    sendChallengeAck: () => {},
    sendData: () => {},
    sendProbe: () => {},
    sendFin: () => {},
    sendRst: () => {},
    rejectCall: (_, _params: { reason: UserCallError }) => {},
    signalUser: (_, _params: { reason: UserSignal }) => {},

    resetConnection: assign(({ context }) => freshContext(context)),
    markPassive: assign({ passive: true }),
    markActive: assign({ passive: false }),
    startHandshake: assign({ synOutstanding: true }),
    // RFC 6298 §5.5: back off the timer; RFC 9293 §3.8.3 counts toward R2.
    backOff: assign(({ context }) => ({
      ...userTimePassed(context, context.rto),
      retries: context.retries + 1,
      retryElapsed:
        context.retryTimeLimit > 0 ? (context.retryElapsed < 0 ? 0 : context.retryElapsed + context.rto) : 0,
      rto: Math.min(2 * context.rto, context.maxRto),
      retransmitted: true,
      synTimedOut: context.synTimedOut || context.synOutstanding,
    })),
    // RFC 6582 §3.2 "Retransmit timeouts": `recover` = the highest sequence number sent, fast recovery ends; the
    // duplicates counted before go with it (RFC 5681 §3.2 counts them toward a fast retransmit that cannot come now).
    recordRecover: assign({ dupAcks: 0, fastRecovery: false, recoverAhead: true, sentPastRecover: false }),
    // Simultaneous open: the SYN-ACK resends our ISS, so its ACK gives no RTT
    // sample (Karn), and a new retry count starts with the SYN-ACK.
    restartRetries: assign({ retries: 0, retransmitted: true }),
    // Linux: the SYN-ACK of a simultaneous open goes on with the SYN's retry count.
    keepRetries: assign({ retransmitted: true }),
    // Everything outstanding is acknowledged: SND.UNA advances.
    acknowledgeAll: assign(({ context }) => acknowledged(context)),
    // Linux: our FIN, resent with the data, is still outstanding, so retrans_stamp (the retry clock) stays.
    acknowledgeDataKeepRetryClock: assign(({ context }) => ({
      ...acknowledged(context),
      retryElapsed: context.retryElapsed,
    })),
    // An ACK that covers everything but our FIN advances SND.UNA only if a SYN or data was outstanding.
    acknowledgeAllButFin: assign(({ context }) =>
      context.synOutstanding || context.dataOutstanding ? acknowledged(context) : {},
    ),
    // The same where our FIN was sent: the FIN, now the oldest segment outstanding, keeps the time it has waited for
    // the USER TIMEOUT (RFC 9293 §3.10.8).
    acknowledgeAllBeforeFin: assign(({ context }) =>
      context.synOutstanding || context.dataOutstanding
        ? { ...acknowledged(context), userElapsed: context.newestElapsed, newestElapsed: context.newestElapsed }
        : {},
    ),
    queueData: assign({ dataQueued: true }),
    queueClose: assign({ closeQueued: true }),
    // Queued data leaves once ESTABLISHED is reached (RFC 9293 §3.10.2); a SEND of several segments' worth
    // leaves as several.
    flushQueuedData: assign(({ context }) => ({
      dataQueued: false,
      closeQueued: false,
      dataOutstanding: true,
      // The newest segment in flight leaves now (behind a probe's octet the opening ACK left outstanding, if any).
      newestElapsed: 0,
      ...(context.sendSegments > 1 ? { severalInFlight: true } : {}),
    })),
    flushQueuedClose: assign({ closeQueued: false }),
    // Nothing was outstanding: the SEND's data leaves as one segment, or as several (sendSegments).
    markDataOutstanding: assign(({ context }) => ({
      dataOutstanding: true,
      ...(context.sendSegments > 1 ? { severalInFlight: true } : {}),
    })),
    // A SEND while data is outstanding puts a second segment (or a later one) in flight, the newest; in fast
    // recovery it lies past `recover` (RFC 6582 §3.2).
    markSeveralInFlight: assign(({ context }) => ({
      severalInFlight: true,
      newestElapsed: 0,
      newestResent: false,
      sentPastRecover: context.recoverAhead,
    })),
    // The FIN is sent: no state after ESTABLISHED is offered a partial or duplicate acknowledgment, so the counts
    // are dropped.
    forgetSegmentsInFlight: assign(SEGMENTS_AT_REST),
    // RFC 5681 §3.2: one more duplicate ACK of SND.UNA.
    countDuplicateAck: assign(({ context }) => ({ dupAcks: context.dupAcks + 1 })),
    // RFC 5681 §3.2 step 2, RFC 6582 §3.2: the third duplicate resends the earliest segment (no RTT sample from it:
    // Karn, RFC 6298 §3) and fast recovery runs until SND.NXT of now (`recover`) is acknowledged. TcpConnection
    // resends from SND.UNA up to one MSS (RFC 1122 §4.2.2.15), so with the model's small segments the newest too.
    enterFastRecovery: assign({
      dupAcks: 0,
      fastRecovery: true,
      recoverAhead: true,
      sentPastRecover: false,
      retransmitted: true,
      newestResent: true,
    }),
    // A timeout with several segments in flight: the newest was outstanding across it.
    noteNewestResent: assign(({ context }) => (context.severalInFlight ? { newestResent: true } : {})),
    // RFC 9293 §3.10.7.4 (fifth): SND.UNA advances over every segment but the newest, which stays outstanding;
    // if it was outstanding across a timeout, its ACK gives no sample either (RFC 6298 §3).
    acknowledgeAllButNewest: assign(({ context }) => acknowledgedButNewest(context)),
    // RFC 6582 §3.2 "Partial acknowledgments": in fast recovery the segment left is resent at once (no RTT sample
    // from it: Karn, RFC 6298 §3), and fast recovery goes on.
    acknowledgeAllButNewestInRecovery: assign(({ context }) => ({
      ...acknowledgedButNewest(context),
      retransmitted: true,
    })),
    // Linux: the segment left was resent with the one acknowledged, so retrans_stamp (the retry clock) and
    // icsk_retransmits stay until high_seq is acknowledged (tcp_fastretrans_alert); the count bounds the graph.
    acknowledgeAllButNewestKeepRetryClock: assign(({ context }) => ({
      ...acknowledgedButNewest(context),
      retries: context.retries,
      retryElapsed: context.retryElapsed,
    })),
    // RFC 9293 §3.8.6.3: the ACK of in-order text waits for ACK_DELAY or a segment to carry it.
    delayAck: assign({ ackPending: true }),
    clearAckPending: assign({ ackPending: false }),
    // RFC 9293 §3.10.7.4 (fifth): SND.WND = SEG.WND = 0.
    closeSendWindow: assign({ sendWindowZero: true }),
    // The window opened (SND.WND > 0), or no new data will be sent into it: the persist timer and its back-off end.
    leaveZeroWindow: assign({ sendWindowZero: false, probes: 0, persistElapsed: 0 }),
    // RFC 9293 §3.8.6.1 (SHLD-30): the next probe waits twice as long, up to maxRto; a probe sent again is a
    // retransmission of its octet (Karn, RFC 6298 §3). The count stops where the interval stops growing, but
    // not before 1: it also says that the probe's octet is outstanding.
    backOffPersist: assign(({ context }) => ({
      // The first probe's octet starts the USER TIMEOUT if nothing else was outstanding.
      ...(outstanding(context) ? userTimePassed(context, persistDelay(context)) : {}),
      probes:
        context.probes === 0 || context.rto * 2 ** context.probes < context.maxRto
          ? context.probes + 1
          : context.probes,
      retransmitted: context.retransmitted || context.probes > 0,
      persistElapsed: 0,
    })),
    // What is outstanding is acknowledged: a probe's octet once a probe left (zero window), or the data a timeout
    // resent and the data before it (loss window).
    acknowledgeOutstanding: assign(({ context }) =>
      context.probes > 0 || context.dataOutstanding ? acknowledged(context) : {},
    ),
    // The delayed ACK fired while the persist timer ran on: the persist timer has ackDelay ms less to go.
    notePersistElapsed: assign(({ context }) =>
      context.dataQueued && context.sendWindowZero ? { persistElapsed: context.persistElapsed + context.ackDelay } : {},
    ),
    // Our FIN leaves behind what is outstanding: it is the newest segment in flight (the USER TIMEOUT's clock).
    noteFinSent: assign({ newestElapsed: 0 }),
    // RFC 9293 §3.10.7.4 (seventh): text past RCV.NXT is held for later processing.
    holdText: assign({ textHeld: true }),
    // RFC 9293 §3.10.7.4 (seventh, eighth): the text past RCV.NXT is held, and the FIN after it, until the hole fills.
    holdTextAndFin: assign({ textHeld: true, finHeld: true }),
    // RFC 9293 §3.10.7.4 (seventh): the text at RCV.NXT is taken, and the held text after it; a full buffer takes none.
    takeText: assign(({ context }) =>
      context.receiveBuffer > 0 && context.unread >= context.receiveBuffer
        ? {}
        : {
            textHeld: false,
            finHeld: false,
            unread:
              context.receiveBuffer > 0
                ? Math.min(context.unread + (context.textHeld ? 2 : 1), context.receiveBuffer)
                : 0,
          },
    ),
    // RFC 9293 §3.10.7.4 (first, seventh): text past the window's right edge is trimmed; what lies up to the edge (the
    // held text with it) is taken, and the buffer is full. A full buffer takes none; an unbounded one counts none.
    takeTextToRightEdge: assign(({ context }) =>
      context.receiveBuffer > 0 && context.unread >= context.receiveBuffer
        ? {}
        : { textHeld: false, unread: context.receiveBuffer },
    ),
    // RFC 9293 §3.10.3: RECEIVE hands the user every segment taken.
    readText: assign({ unread: 0 }),
    // RFC 9293 §3.10.7.2 (third): the text on the SYN is queued for processing later.
    queueSynText: assign({ synTextQueued: true }),
    // RFC 9293 §3.10.7.2 (third), §3.10.7.4 (seventh): the handshake is complete and the text queued from the SYN, if
    // any, is taken as text at IRS+1, before anything the completing segment carries (one segment, in an empty buffer).
    takeSynText: assign(({ context }) =>
      context.synTextQueued
        ? {
            synTextQueued: false,
            unread: context.receiveBuffer > 0 ? Math.min(context.unread + 1, context.receiveBuffer) : 0,
          }
        : {},
    ),
  },
}).createMachine({
  id: 'tcp',
  description:
    'The TCP connection state machine of RFC 9293 (§3.3.2 Figure 5, §3.10 event processing), as a Mealy machine: actions name the segments each transition sends.',
  initial: 'CLOSED',
  context: ({ input }) => freshContext(resolveSettings(input)),
  states: {
    CLOSED: {
      id: 'CLOSED',
      description:
        'No connection (RFC 9293 §3.3.2: "no connection state at all"). A fictional state: there is no TCB, so netstat and ss show nothing. Every segment but a RST is answered with a RST.',
      entry: 'resetConnection',
      meta: {
        netstat: null,
        ss: null,
        ignored: { RCV_RST: 'RFC 9293 §3.10.7.1: an incoming RST for no connection is discarded' },
      },
      on: {
        PASSIVE_OPEN: {
          target: '#LISTEN',
          description:
            'RFC 9293 §3.10.1: a passive OPEN creates a TCB and waits in LISTEN (a server calls bind and listen)',
        },
        ACTIVE_OPEN: {
          target: '#SYN_SENT',
          actions: ['markActive', 'startHandshake', 'sendSyn'],
          description:
            'RFC 9293 §3.10.1: an active OPEN selects an ISS and sends <SEQ=ISS><CTL=SYN> (a client calls connect)',
        },
        SEND: {
          actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
          description: 'RFC 9293 §3.10.2: "error: connection does not exist"',
        },
        CLOSE: {
          actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
          description: 'RFC 9293 §3.10.4: "error: connection does not exist"',
        },
        ABORT: {
          actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
          description: 'RFC 9293 §3.10.5: "error: connection does not exist"',
        },
        RECEIVE: {
          actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
          description:
            'RFC 9293 §3.10.3: "error: connection does not exist", after a reset or a user timeout too: the user was given the reason as the connection was lost (§3.10.7.4 second check, §3.10.8), and no TCB is left to answer for it',
        },
        RCV_SYN: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a SYN without ACK gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>',
        },
        RCV_SYN_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_FIN: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_FIN_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_DATA: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
      },
    },

    CONNECTION: {
      description:
        'A TCB exists (RFC 9293 §3.3.2: every state but CLOSED). Not a state of the RFC: the parent of the states that refuse an OPEN alike.',
      initial: 'LISTEN',
      on: {
        PASSIVE_OPEN: {
          actions: { type: 'rejectCall', params: { reason: 'connection already exists' } },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: { type: 'rejectCall', params: { reason: 'connection already exists' } },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        RECEIVE: {
          description:
            'RFC 9293 §3.10.3 (LISTEN, SYN-SENT, SYN-RECEIVED): "Queue for processing after entering ESTABLISHED state": no text can have arrived, so nothing is handed over yet and nothing sent (the synchronized states answer for themselves)',
        },
      },
      states: {
        LISTEN: {
          id: 'LISTEN',
          description:
            'Waiting for a connection request from any remote TCP (RFC 9293 §3.3.2). A server that called bind and listen: netstat shows LISTEN with a foreign address of 0.0.0.0:*, ss shows LISTEN.',
          entry: 'resetConnection',
          meta: {
            netstat: 'LISTEN',
            ss: 'LISTEN',
            ignored: {
              RCV_RST: 'RFC 9293 §3.10.7.2: an incoming RST in LISTEN is ignored',
              RCV_SYN_RST:
                'RFC 9293 §3.10.7.2 (first): "An incoming RST should be ignored", the SYN on it too: no connection is opened',
              RCV_DATA_WITHOUT_ACK:
                'RFC 9293 §3.10.7.2 (fourth): "Any other control or text-bearing segment (not containing SYN) must have an ACK": without one it is dropped',
            },
          },
          on: {
            RCV_SYN: {
              target: '#SYN_RECEIVED',
              actions: ['markPassive', 'startHandshake', 'sendSynAck'],
              description:
                'RFC 9293 §3.10.7.2: a SYN sets RCV.NXT = SEG.SEQ+1, selects an ISS and sends <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
            },
            RCV_SYN_DATA: [
              {
                guard: 'synTextDropped',
                target: '#SYN_RECEIVED',
                actions: ['markPassive', 'startHandshake', 'sendSynAck'],
                description:
                  'synTextDropped (Linux tcp_conn_request, lwIP tcp_listen_input): the SYN opens the connection as RCV_SYN does and its text is dropped (where RFC 9293 §3.10.7.2 queues it)',
              },
              {
                target: '#SYN_RECEIVED',
                actions: ['markPassive', 'startHandshake', 'queueSynText', 'sendSynAck'],
                description:
                  'RFC 9293 §3.10.7.2 (third): the SYN is taken as RCV_SYN (<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, RCV.NXT = SEG.SEQ+1) and "any other control or text should be queued for processing later"',
              },
            ],
            ACTIVE_OPEN: [
              {
                guard: 'listenOnly',
                actions: { type: 'rejectCall', params: { reason: 'connection already exists' } },
                description:
                  'listenOnly (Linux): connect() on a listening socket gives EISCONN (where RFC 9293 §3.10.1 turns LISTEN active)',
              },
              {
                target: '#SYN_SENT',
                actions: ['markActive', 'startHandshake', 'sendSyn'],
                description:
                  'RFC 9293 §3.10.1: an active OPEN with the foreign socket specified turns the connection active and sends a SYN',
              },
            ],
            SEND: [
              {
                guard: 'listenOnly',
                actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
                description:
                  'listenOnly (Linux): send() on a listening socket gives ENOTCONN (where RFC 9293 §3.10.1 turns LISTEN active)',
              },
              {
                target: '#SYN_SENT',
                actions: ['markActive', 'startHandshake', 'queueData', 'sendSyn'],
                description:
                  'RFC 9293 §3.10.2: SEND with the foreign socket specified turns the connection active and sends a SYN; the data is queued until ESTABLISHED',
              },
            ],
            CLOSE: {
              target: '#CLOSED',
              description: 'RFC 9293 §3.10.4: CLOSE in LISTEN deletes the TCB',
            },
            ABORT: {
              target: '#CLOSED',
              description: 'RFC 9293 §3.10.5: ABORT in LISTEN deletes the TCB',
            },
            RCV_ACK: {
              actions: 'sendRst',
              description: 'RFC 9293 §3.10.7.2: any acknowledgment in LISTEN is bad; it gets <SEQ=SEG.ACK><CTL=RST>',
            },
            RCV_DATA: {
              actions: 'sendRst',
              description:
                'RFC 9293 §3.10.7.2: data with an ACK in LISTEN: the acknowledgment is bad; it gets <SEQ=SEG.ACK><CTL=RST>',
            },
            RCV_SYN_ACK: {
              actions: 'sendRst',
              description:
                'RFC 9293 §3.10.7.2: a SYN-ACK in LISTEN carries an ACK, which is bad; it gets <SEQ=SEG.ACK><CTL=RST>',
            },
            RCV_FIN: {
              actions: 'sendRst',
              description: 'RFC 9293 §3.10.7.2: a FIN with ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>',
            },
            RCV_FIN_ACK: {
              actions: 'sendRst',
              description: 'RFC 9293 §3.10.7.2: a FIN with ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>',
            },
          },
        },

        HANDSHAKE: {
          description:
            'SYN-SENT and SYN-RECEIVED: our SYN is sent and not yet acknowledged. Not a state of the RFC: the parent that holds what the two share, a SEND queued until ESTABLISHED (RFC 9293 §3.10.2 answers them alike).',
          initial: 'SYN_SENT',
          on: {
            SEND: {
              actions: 'queueData',
              description: 'RFC 9293 §3.10.2: data is queued for transmission after entering ESTABLISHED',
            },
          },
          states: {
            SYN_SENT: {
              id: 'SYN_SENT',
              description:
                'Waiting for a matching connection request after having sent one (RFC 9293 §3.3.2). A client that called connect and has no answer yet: netstat shows SYN_SENT with Send-Q 1 (the SYN). The SYN is retransmitted with exponential back-off. ss shows SYN-SENT.',
              meta: {
                netstat: 'SYN_SENT',
                ss: 'SYN-SENT',
                ignored: {
                  RCV_ACK: 'RFC 9293 §3.10.7.3: an acceptable ACK without SYN or RST is dropped',
                  RCV_DATA:
                    'RFC 9293 §3.10.7.3 (fifth): neither SYN nor RST is set: the segment and its text are dropped',
                  RCV_FIN: 'RFC 9293 §3.10.7.3: neither SYN nor RST is set: the segment is dropped',
                  RCV_FIN_ACK: 'RFC 9293 §3.10.7.3: neither SYN nor RST is set: the segment is dropped',
                  RCV_RST_WITHOUT_ACK:
                    'RFC 9293 §3.10.7.3 (second): a RST is acted on only with an acceptable ACK; "Otherwise (no ACK), drop the segment and return"',
                  RCV_DATA_WITHOUT_ACK:
                    'RFC 9293 §3.10.7.3 (fifth): neither SYN nor RST is set: the segment and its text are dropped',
                },
              },
              on: {
                RCV_SYN_ACK: [
                  {
                    guard: and(['queuedDataAfterAck', 'dataQueued']),
                    target: '#ESTABLISHED',
                    actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData'],
                    description:
                      "queuedDataAfterAck (sockets API): ESTABLISHED; the kernel acknowledges the SYN-ACK, then the application's data leaves (where RFC 9293 §3.10.2 lets the data carry the ACK)",
                  },
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    actions: ['acknowledgeAll', 'flushQueuedData', 'sendData'],
                    description:
                      'RFC 9293 §3.10.7.3: our SYN is acknowledged: ESTABLISHED; the queued data leaves at once and carries the ACK of the SYN',
                  },
                  {
                    target: '#ESTABLISHED',
                    actions: ['acknowledgeAll', 'sendAck'],
                    description:
                      "RFC 9293 §3.10.7.3: our SYN is acknowledged and the peer's SYN received: ESTABLISHED, sending <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
                  },
                ],
                RCV_SYN_ACK_DATA: [
                  {
                    guard: and(['synTextDropped', 'queuedDataAfterAck', 'dataQueued']),
                    target: '#ESTABLISHED',
                    actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData'],
                    description:
                      'synTextDropped (Linux tcp_rcv_synsent_state_process, then "Do step6 onward by hand": __kfree_skb), queuedDataAfterAck: as RCV_SYN_ACK, the ACK covering the SYN only (where RFC 9293 §3.10.7.3 takes the text at the sixth step)',
                  },
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    actions: ['acknowledgeAll', 'takeText', 'flushQueuedData', 'sendData'],
                    description:
                      'RFC 9293 §3.10.7.3 (fourth, "continue processing at the sixth step"), §3.10.7.4 (seventh): ESTABLISHED, the text taken; the queued data leaves and carries the ACK of the SYN and the text (lwIP drops the text, tcp_process SYN_SENT: its buffer is unbounded, so the model counts none either way, and the scripted peer knows)',
                  },
                  {
                    target: '#ESTABLISHED',
                    actions: ['acknowledgeAll', 'takeText', 'sendAck'],
                    description:
                      'RFC 9293 §3.10.7.3 (fourth, "continue processing at the sixth step"), §3.10.7.4 (seventh): ESTABLISHED, the text taken at IRS+1, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> covers the SYN and the text (Linux and lwIP drop the text: their buffers are unbounded, so the model counts none either way, and the scripted peer knows)',
                  },
                ],
                RCV_SYN: [
                  {
                    guard: 'simultaneousOpenKeepsRetries',
                    target: '#SYN_RECEIVED',
                    actions: ['keepRetries', 'sendSynAck'],
                    description:
                      "simultaneousOpenKeepsRetries (Linux): the SYN-ACK is sent, and its retransmissions go on counting from the SYN's (where RFC 9293 §3.8.3 leaves the count to the implementation)",
                  },
                  {
                    guard: 'synIgnoredInSynSent',
                    description:
                      'synIgnoredInSynSent (lwIP): the SYN is dropped; SYN-SENT and its retransmission timer go on (where RFC 9293 §3.5 MUST-10 requires simultaneous open)',
                  },
                  {
                    target: '#SYN_RECEIVED',
                    actions: ['restartRetries', 'sendSynAck'],
                    description:
                      'RFC 9293 §3.10.7.3 (simultaneous open, Figure 8): a SYN without ACK sends <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
                  },
                ],
                RCV_SYN_DATA: [
                  {
                    guard: and(['simultaneousOpenKeepsRetries', 'synTextDropped']),
                    target: '#SYN_RECEIVED',
                    actions: ['keepRetries', 'sendSynAck'],
                    description:
                      'simultaneousOpenKeepsRetries, synTextDropped (Linux tcp_rcv_synsent_state_process: "we could accept data and URG from this segment ... but we have no reason", goto discard): as RCV_SYN, the text dropped (where RFC 9293 §3.10.7.3 queues it)',
                  },
                  {
                    guard: 'synIgnoredInSynSent',
                    description:
                      'synIgnoredInSynSent (lwIP): the SYN is dropped with its text; SYN-SENT and its retransmission timer go on (where RFC 9293 §3.5 MUST-10 requires simultaneous open)',
                  },
                  {
                    target: '#SYN_RECEIVED',
                    actions: ['restartRetries', 'queueSynText', 'sendSynAck'],
                    description:
                      'RFC 9293 §3.10.7.3 (fourth, simultaneous open): <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, and "If there are other controls or text in the segment, queue them for processing after the ESTABLISHED state has been reached"',
                  },
                ],
                RCV_RST: {
                  target: '#CLOSED',
                  actions: { type: 'signalUser', params: { reason: 'connection reset' } },
                  description: 'RFC 9293 §3.10.7.3: a RST whose ACK acknowledges our SYN: "error: connection reset"',
                },
                RCV_OLD_ACK: [
                  {
                    guard: and(['badAckResendsSyn', not('retransmitted')]),
                    target: '#SYN_SENT',
                    reenter: true,
                    actions: ['sendRst', 'backOff', 'sendSyn'],
                    description:
                      'badAckResendsSyn (Linux tcp_rcv_synsent_state_process): the RST, and before any SYN timeout the retransmission timer rearmed at TCP_TIMEOUT_MIN (2 jiffies): the SYN leaves again at once, a timeout (where RFC 9293 §3.10.7.3 (first) touches no timer)',
                  },
                  {
                    actions: 'sendRst',
                    description:
                      'RFC 9293 §3.10.7.3 (first): SEG.ACK =< ISS acknowledges nothing of ours: <SEQ=SEG.ACK><CTL=RST>, the segment discarded',
                  },
                ],
                RCV_ACK_UNSENT: [
                  {
                    guard: and(['badAckResendsSyn', not('retransmitted')]),
                    target: '#SYN_SENT',
                    reenter: true,
                    actions: ['sendRst', 'backOff', 'sendSyn'],
                    description:
                      'badAckResendsSyn (Linux tcp_rcv_synsent_state_process): the RST, and before any SYN timeout the retransmission timer rearmed at TCP_TIMEOUT_MIN (2 jiffies): the SYN leaves again at once, a timeout (where RFC 9293 §3.10.7.3 (first) touches no timer)',
                  },
                  {
                    actions: 'sendRst',
                    description:
                      'RFC 9293 §3.10.7.3 (first): SEG.ACK > SND.NXT acknowledges something not yet sent: <SEQ=SEG.ACK><CTL=RST>, the segment discarded',
                  },
                ],
                RCV_RST_ACK_UNSENT: [
                  {
                    guard: and(['badAckResendsSyn', not('retransmitted')]),
                    target: '#SYN_SENT',
                    reenter: true,
                    actions: ['backOff', 'sendSyn'],
                    description:
                      'badAckResendsSyn (Linux tcp_rcv_synsent_state_process): no RST answers a RST, but before any SYN timeout the retransmission timer is rearmed at TCP_TIMEOUT_MIN (2 jiffies): the SYN leaves again at once, a timeout (where RFC 9293 §3.10.7.3 (first) drops the segment, no timer touched)',
                  },
                  {
                    description:
                      'RFC 9293 §3.10.7.3 (first): SEG.ACK > SND.NXT on a RST: "unless the RST bit is set, if so drop the segment and return"',
                  },
                ],
                CLOSE: {
                  target: '#CLOSED',
                  description: 'RFC 9293 §3.10.4: CLOSE in SYN-SENT deletes the TCB; queued SENDs get "error: closing"',
                },
                ABORT: {
                  target: '#CLOSED',
                  description: 'RFC 9293 §3.10.5: ABORT in SYN-SENT deletes the TCB (no RST: nothing is synchronized)',
                },
              },
              after: {
                RTO: [
                  {
                    guard: 'retriesLeft',
                    target: '#SYN_SENT',
                    reenter: true,
                    actions: ['backOff', 'sendSyn'],
                    description: 'RFC 6298 §5.4–§5.6: the SYN is retransmitted and the RTO doubled',
                  },
                  {
                    target: '#CLOSED',
                    actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                    description:
                      'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8); with the defaults (rto 1 s, maxRto 120 s, maxRetries 7) the last SYN leaves at 127 s and the connection gives up at 247 s, past the 3 minutes of MUST-23',
                  },
                ],
                USER_TIMEOUT: {
                  guard: 'userTimeoutSet',
                  target: '#CLOSED',
                  actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                  description:
                    'RFC 9293 §3.10.8 (USER TIMEOUT): our SYN waited userTimeout ms unacknowledged: "flush all queues, signal the user \"error: connection aborted due to user timeout\" ... enter the CLOSED state" (no RST is sent)',
                },
              },
            },

            HALF_SYNCHRONIZED: {
              // Its timer's event is `xstate.after.RTO.HALF_SYNCHRONIZED`.
              id: 'HALF_SYNCHRONIZED',
              description:
                "SYN-RECEIVED and its choice states: the peer's SYN is received (RCV.NXT is known), ours is not yet acknowledged. Not a state of the RFC: the parent that holds what SYN-RECEIVED does until a segment acknowledges our SYN: the user's calls, the synchronized states' way (a CLOSE sends a FIN, RFC 9293 §3.10.4; an ABORT a RST, §3.10.5), with SEND queued by HANDSHAKE; a RST, answered by how the connection was opened (§3.10.7.4 second step), the peer's SYN again (first step), a SYN inside the window (fourth step, answered by how the connection was opened too) and an ACK outside SND.UNA < SEG.ACK =< SND.NXT (fifth step: a RST, the state kept); and the SYN-ACK's retransmission timer. A profile whose user has no handle on a passively opened connection before accept() refuses the calls here, before HANDSHAKE's SEND.",
              initial: 'SYN_RECEIVED',
              on: {
                SEND: [
                  {
                    guard: and(['passiveOpen', 'acceptOnEstablished']),
                    actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
                    description:
                      'acceptOnEstablished (Linux): the user has no handle before accept() (where RFC 9293 §3.10.2 queues the data)',
                  },
                  {
                    guard: 'closeQueued',
                    actions: { type: 'rejectCall', params: { reason: 'connection closing' } },
                    description: 'RFC 9293 §3.10.2: "error: connection closing" (after a queued CLOSE)',
                  },
                ],
                CLOSE: [
                  {
                    guard: and(['passiveOpen', 'acceptOnEstablished']),
                    actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
                    description:
                      'acceptOnEstablished (Linux): the user has no handle before accept() (where RFC 9293 §3.10.4 acts on it)',
                  },
                  {
                    guard: and(['closeQueued', 'repeatedCloseAccepted']),
                    description:
                      'repeatedCloseAccepted (Linux inet_shutdown): shutdown(SHUT_WR) again succeeds and changes nothing (where RFC 9293 §3.10.4: "connection closing")',
                  },
                  {
                    guard: 'closeQueued',
                    actions: { type: 'rejectCall', params: { reason: 'connection closing' } },
                    description: 'RFC 9293 §3.10.4: "error: connection closing"',
                  },
                  {
                    guard: 'dataQueued',
                    actions: 'queueClose',
                    description: 'RFC 9293 §3.10.4: with SENDs pending, the CLOSE is queued until ESTABLISHED',
                  },
                  {
                    guard: 'closeQueuedUntilEstablished',
                    actions: 'queueClose',
                    description:
                      'closeQueuedUntilEstablished (Linux tcp_shutdown): the FIN waits until ESTABLISHED (where RFC 9293 §3.10.4 sends the FIN at once)',
                  },
                  {
                    target: '#FIN_WAIT_1',
                    actions: ['sendFin', 'noteFinSent'],
                    description: 'RFC 9293 §3.10.4: with nothing to send, CLOSE sends a FIN and enters FIN-WAIT-1',
                  },
                ],
                ABORT: [
                  {
                    guard: and(['passiveOpen', 'acceptOnEstablished']),
                    actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
                    description:
                      'acceptOnEstablished (Linux): the user has no handle before accept() (where RFC 9293 §3.10.5 sends a RST)',
                  },
                  {
                    target: '#CLOSED',
                    actions: 'sendRst',
                    description: 'RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> and deletes the TCB',
                  },
                ],
                RCV_SYN: [
                  {
                    guard: and(['passiveOpen', 'synAckOnRetransmittedSyn']),
                    actions: 'sendSynAck',
                    description:
                      'synAckOnRetransmittedSyn (Linux tcp_check_req, RFC 793 Figure 8): a retransmitted SYN gets the SYN-ACK again',
                  },
                  {
                    actions: 'sendAck',
                    description: 'RFC 9293 §3.10.7.4 (first): the SYN again (SEG.SEQ = IRS) is unacceptable: ACK',
                  },
                ],
                RCV_RST: [
                  {
                    guard: 'passiveOpen',
                    target: '#LISTEN',
                    description: 'RFC 9293 §3.10.7.4 (second): after a passive open, back to LISTEN',
                  },
                  {
                    target: '#CLOSED',
                    actions: { type: 'signalUser', params: { reason: 'connection refused' } },
                    description: 'RFC 9293 §3.10.7.4 (second): after an active open, "connection refused"',
                  },
                ],
                RCV_SYN_IN_WINDOW: [
                  {
                    guard: and(['passiveOpen', 'inWindowSynResetsRequest']),
                    target: '#LISTEN',
                    actions: 'sendRst',
                    description:
                      'inWindowSynResetsRequest (Linux tcp_check_req, embryonic_reset): the request is dropped with a RST <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; the listener stays (where RFC 9293 §3.10.7.4 (fourth) returns to LISTEN silently)',
                  },
                  {
                    guard: 'inWindowSynIgnoredInSynReceived',
                    description:
                      'inWindowSynIgnoredInSynReceived (lwIP tcp_process, SYN_RCVD): a SYN without ACK not at IRS is dropped, SYN-RECEIVED goes on (where RFC 9293 §3.10.7.4 (fourth) returns a passive open to LISTEN)',
                  },
                  {
                    guard: 'passiveOpen',
                    target: '#LISTEN',
                    description:
                      'RFC 9293 §3.10.7.4 (fourth): "If the connection was initiated with a passive OPEN, then return this connection to the LISTEN state and return"',
                  },
                  {
                    actions: 'sendChallengeAck',
                    description:
                      'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: after an active open, "handle per the directions for synchronized states": a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, the segment dropped',
                  },
                ],
                RCV_OLD_ACK: {
                  actions: 'sendRst',
                  description:
                    "RFC 9293 §3.10.7.4 (fifth): SEG.ACK =< SND.UNA is not acceptable in SYN-RECEIVED: <SEQ=SEG.ACK><CTL=RST>; the state and the SYN-ACK's timer go on",
                },
                RCV_ACK_UNSENT: {
                  actions: 'sendRst',
                  description:
                    "RFC 9293 §3.10.7.4 (fifth): SEG.ACK > SND.NXT is not acceptable in SYN-RECEIVED: <SEQ=SEG.ACK><CTL=RST>; the state and the SYN-ACK's timer go on",
                },
              },
              after: {
                RTO: [
                  {
                    guard: 'retriesLeft',
                    target: '#SYN_RECEIVED',
                    reenter: true,
                    actions: ['backOff', 'sendSynAck'],
                    description: 'RFC 6298 §5.4–§5.6: the SYN-ACK is retransmitted and the RTO doubled',
                  },
                  {
                    guard: 'passiveOpen',
                    target: '#LISTEN',
                    description: 'RFC 9293 §3.8.3 leaves it; ours: after a passive open, back to LISTEN as on a RST',
                  },
                  {
                    target: '#CLOSED',
                    actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                    description: 'RFC 9293 §3.8.3 (R2): after maxRetries timeouts, closed without a RST (§3.10.8)',
                  },
                ],
                USER_TIMEOUT: [
                  {
                    guard: and(['userTimeoutSet', 'passiveOpen']),
                    target: '#LISTEN',
                    description:
                      'RFC 9293 §3.10.8 (USER TIMEOUT): the SYN-ACK waited userTimeout ms unacknowledged; after a passive open, back to LISTEN as on R2 (§3.8.3 leaves it; ours, as on a RST)',
                  },
                  {
                    guard: 'userTimeoutSet',
                    target: '#CLOSED',
                    actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                    description:
                      'RFC 9293 §3.10.8 (USER TIMEOUT): the SYN-ACK waited userTimeout ms unacknowledged: "flush all queues, signal the user \"error: connection aborted due to user timeout\" ... enter the CLOSED state" (no RST is sent)',
                  },
                ],
              },
              states: {
                SYN_RECEIVED: {
                  id: 'SYN_RECEIVED',
                  description:
                    'Waiting for a confirming ACK after having both received and sent a connection request (RFC 9293 §3.3.2). A half-open handshake: netstat shows SYN_RECV. The SYN-ACK is retransmitted with back-off. ss shows SYN-RECV.',
                  meta: {
                    netstat: 'SYN_RECV',
                    ss: 'SYN-RECV',
                    ignored: {
                      RCV_DATA_WITHOUT_ACK:
                        'RFC 9293 §3.10.7.4 (fifth): acceptable, but "if the ACK bit is off, drop the segment and return"',
                    },
                  },
                  on: {
                    // The segments that acknowledge our SYN complete the handshake (RFC 9293 §3.10.7.4 fifth): each enters a
                    // choice state (below), whose entry takes the ACK and whose branches send what the user queued meanwhile.
                    RCV_ACK: {
                      target: '#ESTABLISHING',
                      description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK =< SND.NXT: our SYN is acknowledged',
                    },
                    RCV_DATA: {
                      target: '#ESTABLISHING_ACK_OWED',
                      actions: 'takeText',
                      description:
                        'RFC 9293 §3.10.7.4 (fifth, seventh): our SYN is acknowledged; the text is taken and owes an ACK',
                    },
                    RCV_SYN_ACK: [
                      {
                        guard: 'passiveOpen',
                        actions: 'sendAck',
                        description: 'RFC 9293 §3.10.7.4 (first): passive open: SEG.SEQ = IRS is unacceptable: ACK',
                      },
                      {
                        guard: 'ackSimultaneousSynAck',
                        target: '#ESTABLISHING_ACK_OWED',
                        description:
                          "ackSimultaneousSynAck (Linux tcp_rcv_state_process): the peer's SYN-ACK acknowledges our SYN and owes an ACK (where RFC 9293 Figure 8 sends nothing)",
                      },
                      {
                        target: '#ESTABLISHING',
                        description: 'RFC 9293 Figure 8 (simultaneous open): the SYN-ACK acknowledges our SYN',
                      },
                    ],
                    RCV_FIN: {
                      target: '#ESTABLISHING_WITH_FIN',
                      description: 'RFC 9293 §3.10.7.4 (fifth, eighth): our SYN is acknowledged; the FIN owes an ACK',
                    },
                    RCV_FIN_ACK: {
                      target: '#ESTABLISHING_WITH_FIN',
                      description: 'RFC 9293 §3.10.7.4 (fifth, eighth): as RCV_FIN, which it is (we sent no FIN)',
                    },
                  },
                },

                // Choice states (a statechart's choice pseudostate): SYN-RECEIVED's handshake-completing segments enter them
                // and their eventless `always` branches leave in the same step, so no snapshot rests here. Each writes once
                // the fan-out "close queued → FIN-WAIT-1 / data queued → ESTABLISHED / otherwise" (RFC 9293 §3.10.2, §3.10.4).
                // Entering one is our SYN acknowledged (entry `acknowledgeAll`: SND.UNA advances, §3.10.7.4 fifth). The tools
                // (src/model/states.ts) fold each branch into the transition that enters, so every table, path and export
                // speaks of the 11 states only.
                ESTABLISHING: {
                  id: 'ESTABLISHING',
                  entry: 'acknowledgeAll',
                  exit: 'takeSynText',
                  description:
                    'Not a state of the RFC: the handshake is complete and the segment owes no ACK (a bare ACK, or the SYN-ACK of a simultaneous open); what the user queued in SYN-RECEIVED leaves (RFC 9293 §3.10.2, §3.10.4).',
                  always: [
                    {
                      guard: and(['closeQueuedUntilEstablished', 'closeQueued', not('dataQueued')]),
                      target: '#FIN_WAIT_1',
                      actions: ['flushQueuedClose', 'sendFin'],
                      description:
                        'closeQueuedUntilEstablished (Linux tcp_shutdown): ESTABLISHED is reached and the queued CLOSE sends its FIN: FIN-WAIT-1 (where RFC 9293 §3.10.4 sends the FIN at once)',
                    },
                    {
                      guard: 'closeQueued',
                      target: '#FIN_WAIT_1',
                      actions: ['flushQueuedData', 'sendData', 'sendFin'],
                      description:
                        'RFC 9293 §3.10.2, §3.10.4: ESTABLISHED is reached, the queued data and the queued CLOSE leave: FIN-WAIT-1',
                    },
                    {
                      guard: 'dataQueued',
                      target: '#ESTABLISHED',
                      actions: ['flushQueuedData', 'sendData'],
                      description: 'RFC 9293 §3.10.2: ESTABLISHED, and the queued data leaves',
                    },
                    {
                      guard: 'synTextQueued',
                      target: '#ESTABLISHED',
                      actions: 'sendAck',
                      description:
                        "RFC 9293 §3.10.7.2 (third), §3.10.7.4 (seventh): ESTABLISHED; the text queued from the peer's SYN is taken (exit `takeSynText`) and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> acknowledges it",
                    },
                    {
                      target: '#ESTABLISHED',
                      description: 'RFC 9293 §3.10.7.4 (fifth): ESTABLISHED',
                    },
                  ],
                },

                ESTABLISHING_ACK_OWED: {
                  id: 'ESTABLISHING_ACK_OWED',
                  entry: 'acknowledgeAll',
                  exit: 'takeSynText',
                  description:
                    'Not a state of the RFC: as ESTABLISHING, for a segment that owes an ACK (it carries text, RFC 9293 §3.10.7.4 seventh, or it is a SYN-ACK Linux acknowledges); queued data carries the ACK.',
                  always: [
                    {
                      guard: and(['closeQueuedUntilEstablished', 'closeQueued', not('dataQueued')]),
                      target: '#FIN_WAIT_1',
                      actions: ['flushQueuedClose', 'sendFin', 'sendAck'],
                      description:
                        'closeQueuedUntilEstablished (Linux tcp_shutdown): ESTABLISHED is reached and the queued FIN leaves at once (FIN-WAIT-1); then the segment is acknowledged (where RFC 9293 §3.10.4 sends the FIN at once)',
                    },
                    {
                      guard: and(['queuedDataAfterAck', 'closeQueued']),
                      target: '#FIN_WAIT_1',
                      actions: ['flushQueuedData', 'sendAck', 'sendData', 'sendFin'],
                      description:
                        "queuedDataAfterAck (sockets API): the segment is acknowledged at once, then the application's data and CLOSE leave (where RFC 9293 §3.10.2 lets the data carry the ACK)",
                    },
                    {
                      guard: and(['queuedDataAfterAck', 'dataQueued']),
                      target: '#ESTABLISHED',
                      actions: ['flushQueuedData', 'sendAck', 'sendData'],
                      description:
                        "queuedDataAfterAck (sockets API): the segment is acknowledged at once, then the application's data leaves (where RFC 9293 §3.10.2 lets the data carry the ACK)",
                    },
                    {
                      guard: 'closeQueued',
                      target: '#FIN_WAIT_1',
                      actions: ['flushQueuedData', 'sendData', 'sendFin'],
                      description:
                        'RFC 9293 §3.10.2, §3.10.4: ESTABLISHED is reached; the queued data, which acknowledges the segment, and the queued CLOSE leave: FIN-WAIT-1',
                    },
                    {
                      guard: 'dataQueued',
                      target: '#ESTABLISHED',
                      actions: ['flushQueuedData', 'sendData'],
                      description:
                        'RFC 9293 §3.10.2: ESTABLISHED, and the queued data leaves acknowledging the segment',
                    },
                    {
                      target: '#ESTABLISHED',
                      actions: 'sendAck',
                      description:
                        'RFC 9293 §3.10.7.4 (seventh): ESTABLISHED; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> acknowledges the segment',
                    },
                  ],
                },

                ESTABLISHING_WITH_FIN: {
                  id: 'ESTABLISHING_WITH_FIN',
                  entry: 'acknowledgeAll',
                  exit: 'takeSynText',
                  description:
                    "Not a state of the RFC: as ESTABLISHING_ACK_OWED, for a segment that carries the peer's FIN (RFC 9293 §3.10.7.4 eighth): CLOSE-WAIT, and a queued CLOSE makes LAST-ACK.",
                  always: [
                    {
                      guard: and(['closeQueuedUntilEstablished', 'closeQueued', not('dataQueued')]),
                      target: '#CLOSING',
                      actions: ['flushQueuedClose', 'sendFin', 'sendAck'],
                      description:
                        "closeQueuedUntilEstablished (Linux tcp_shutdown): the queued FIN leaves at once (FIN-WAIT-1); then the peer's FIN is acknowledged: CLOSING (where RFC 9293 §3.10.4 sends the FIN at once)",
                    },
                    {
                      guard: and(['queuedDataAfterAck', 'closeQueued']),
                      target: '#LAST_ACK',
                      actions: ['flushQueuedData', 'sendAck', 'sendData', 'sendFin'],
                      description:
                        "queuedDataAfterAck (sockets API): CLOSE-WAIT, the FIN is acknowledged at once, then the application's data and CLOSE leave (where RFC 9293 §3.10.2 lets the data carry the ACK)",
                    },
                    {
                      guard: and(['queuedDataAfterAck', 'dataQueued']),
                      target: '#CLOSE_WAIT',
                      actions: ['flushQueuedData', 'sendAck', 'sendData'],
                      description:
                        "queuedDataAfterAck (sockets API): CLOSE-WAIT, the FIN is acknowledged at once, then the application's data leaves (where RFC 9293 §3.10.2 lets the data carry the ACK)",
                    },
                    {
                      guard: 'closeQueued',
                      target: '#LAST_ACK',
                      actions: ['flushQueuedData', 'sendData', 'sendFin'],
                      description:
                        'RFC 9293 §3.10.7.4 (eighth), §3.10.4: CLOSE-WAIT, then the queued data (acknowledging the FIN) and the queued CLOSE leave: LAST-ACK',
                    },
                    {
                      guard: 'dataQueued',
                      target: '#CLOSE_WAIT',
                      actions: ['flushQueuedData', 'sendData'],
                      description:
                        'RFC 9293 §3.10.7.4 (eighth): CLOSE-WAIT; the queued data carries the ACK of the FIN',
                    },
                    {
                      target: '#CLOSE_WAIT',
                      actions: 'sendAck',
                      description: 'RFC 9293 §3.10.7.4 (eighth): CLOSE-WAIT, and the FIN is acknowledged',
                    },
                  ],
                },
              },
            },
          },
        },

        SYNCHRONIZED: {
          description:
            "The synchronized states of RFC 9293 §3.5 (ESTABLISHED to TIME-WAIT): both sides know the other's sequence numbers, so a SYN, a RST, an ABORT and a segment that is not acceptable are handled alike (§3.10.7.4 first, second and fourth steps, §3.10.5).",
          initial: 'ESTABLISHED',
          on: {
            RCV_SYN: {
              actions: ['sendChallengeAck', 'clearAckPending'],
              description:
                'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
            },
            RCV_SYN_ACK: {
              actions: ['sendChallengeAck', 'clearAckPending'],
              description:
                'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
            },
            RCV_RST: {
              target: '#CLOSED',
              actions: { type: 'signalUser', params: { reason: 'connection reset' } },
              description:
                'RFC 9293 §3.10.7.4 (second): an acceptable RST (SEG.SEQ = RCV.NXT, RFC 5961 §3) aborts the connection and signals the user "connection reset"',
            },
            RCV_OLD_SEGMENT: {
              actions: ['sendAck', 'clearAckPending'],
              description:
                'RFC 9293 §3.10.7.4 (first): a segment wholly before RCV.NXT is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK and window unread; no timer is touched (in TIME-WAIT too: only an acceptable segment or the FIN again restarts 2 MSL, fifth and eighth)',
            },
            RCV_RST_IN_WINDOW: {
              actions: ['sendChallengeAck', 'clearAckPending'],
              description:
                'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped; the connection stays',
            },
            RCV_RST_OUT_OF_WINDOW: {
              description:
                'RFC 9293 §3.10.7.4 (first, second), RFC 5961 §3.2: a RST outside the window is dropped silently',
            },
            RCV_SYN_IN_WINDOW: {
              actions: ['sendChallengeAck', 'clearAckPending'],
              description:
                'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN inside the window (SEG.SEQ = RCV.NXT) passes the first two checks and gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped, no timer touched',
            },
            ABORT: {
              target: '#CLOSED',
              actions: 'sendRst',
              description: 'RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> and deletes the TCB',
            },
            // The states after the peer's FIN (CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT); ESTABLISHED, FIN-WAIT-1 and
            // FIN-WAIT-2, where text may still come, answer for themselves.
            RECEIVE: [
              {
                guard: 'unreadText',
                actions: 'readText',
                description:
                  'RFC 9293 §3.10.3: the peer\'s FIN is in, so the RECEIVE is "satisfied by data already on hand, but not yet delivered to the user"; no window update is sent, since the peer sends no text after its FIN (§3.10.7.4 eighth)',
              },
              {
                actions: { type: 'rejectCall', params: { reason: 'connection closing' } },
                description:
                  'RFC 9293 §3.10.3: the peer\'s FIN is in and no text is awaiting delivery: "error: connection closing"',
              },
            ],
          },
          states: {
            ESTABLISHED: {
              id: 'ESTABLISHED',
              description:
                'An open connection; data received can be delivered to the user (RFC 9293 §3.3.2). The normal state of the data transfer phase: netstat shows ESTABLISHED. ss shows ESTAB.',
              meta: {
                netstat: 'ESTABLISHED',
                ss: 'ESTAB',
                ignored: {
                  RCV_OLD_ACK:
                    'RFC 9293 §3.10.7.4 (fifth): SEG.ACK < SND.UNA, a duplicate, "can be ignored"; the window is taken only if SND.UNA =< SEG.ACK, so its zero window is not',
                },
              },
              on: {
                CLOSE: [
                  {
                    guard: 'dataQueued',
                    target: '#FIN_WAIT_1',
                    actions: ['queueClose', 'forgetSegmentsInFlight'],
                    description:
                      'RFC 9293 §3.10.4: "Queue this until all preceding SENDs have been segmentized, then form a FIN segment and send it. In any case, enter FIN-WAIT-1 state": the data waits behind the zero window or the loss window (RFC 5681 §3.1), and the FIN behind the data',
                  },
                  {
                    target: '#FIN_WAIT_1',
                    actions: ['sendFin', 'noteFinSent', 'clearAckPending', 'leaveZeroWindow', 'forgetSegmentsInFlight'],
                    description:
                      'RFC 9293 §3.10.4: CLOSE sends a FIN after the queued data: FIN-WAIT-1 (the active close). No new data follows, so a zero window no longer matters',
                  },
                ],
                RCV_FIN: [
                  {
                    guard: 'dataQueued',
                    target: '#CLOSE_WAIT',
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth, eighth): the FIN opens the peer's window and acknowledges a probe's octet: CLOSE-WAIT; the queued data leaves and carries the FIN's ACK",
                  },
                  {
                    target: '#CLOSE_WAIT',
                    actions: ['acknowledgeAllButFin', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (eighth): a FIN is acknowledged and the connection enters CLOSE-WAIT (the passive close)',
                  },
                ],
                RCV_FIN_ACK: [
                  {
                    guard: 'dataQueued',
                    target: '#CLOSE_WAIT',
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth, eighth): we sent no FIN, so this is a plain FIN; it opens the peer's window and acknowledges a probe's octet: CLOSE-WAIT; the queued data leaves and carries the FIN's ACK",
                  },
                  {
                    target: '#CLOSE_WAIT',
                    actions: ['acknowledgeAllButFin', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (eighth): we sent no FIN, so this is a plain FIN: CLOSE-WAIT, sending an ACK',
                  },
                ],
                RCV_ACK: [
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the ACK opens the peer's window and acknowledges a probe's octet; the queued data leaves (RFC 6298 §5.1 starts the retransmission timer)",
                  },
                  {
                    guard: 'sendWindowZero',
                    actions: 'leaveZeroWindow',
                    description:
                      "RFC 9293 §3.10.7.4 (fifth): the ACK opens the peer's window (SND.WND = SEG.WND); nothing waits to be sent",
                  },
                  {
                    guard: 'dataOutstanding',
                    actions: 'acknowledgeAllButFin',
                    description:
                      'RFC 9293 §3.10.7.4 (fifth): SND.UNA advances; RFC 6298 §5.2 stops the timer. An ACK with nothing outstanding is a duplicate and is ignored',
                  },
                ],
                RCV_WINDOW_ZERO: [
                  {
                    guard: 'sendWindowZero',
                    description:
                      "RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the window stays shut and a probe's octet is not taken; the persist timer runs on",
                  },
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: ['acknowledgeAllButFin', 'closeSendWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth), RFC 5681 §3.1: SND.UNA advances over the data a timeout resent, which ends the loss window, but SND.WND = SEG.WND = 0: the queued data waits on, now behind the zero window; the persist timer starts (§3.8.6.1)',
                  },
                  {
                    actions: ['acknowledgeAllButFin', 'closeSendWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth): SND.UNA advances over everything outstanding and SND.WND = SEG.WND = 0; nothing is queued, so no persist timer starts',
                  },
                ],
                RCV_OLD_WINDOW: {
                  description:
                    'RFC 9293 §3.10.7.4 (fifth): SEG.ACK = SND.UNA is processed, but SEG.SEQ < SND.WL1 (the held text\'s): "If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND" holds for neither ("The check here prevents using old segments to update the window"), so the window stays open and its zero is not taken; nothing is sent, no timer is touched',
                },
                RCV_WINDOW_OPEN: [
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeAllButFin',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the window update opens the peer's window; the queued data after a probe's octet leaves at SND.NXT, and the retransmission timer takes over from the persist timer (RFC 6298 §5.1). Behind the loss window (RFC 5681 §3.1) the window was open: the ACK acknowledges the data a timeout resent, and the queued data leaves",
                  },
                  {
                    guard: 'sendWindowZero',
                    actions: 'leaveZeroWindow',
                    description:
                      "RFC 9293 §3.10.7.4 (fifth): the window update opens the peer's window; nothing waits to be sent",
                  },
                  {
                    actions: 'acknowledgeAllButFin',
                    description:
                      'RFC 9293 §3.10.7.4 (fifth): with the window open it is an ACK of everything outstanding: SND.UNA advances (if anything was outstanding)',
                  },
                ],
                RCV_PARTIAL_ACK: [
                  {
                    guard: and(['dataResentTogether', 'severalInFlight', 'newestResent']),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: 'acknowledgeAllButNewestKeepRetryClock',
                    description:
                      'dataResentTogether (Linux): as below; the timeout resent the segment left together with the ones acknowledged, so resent data is still outstanding and the retry clock goes on (where RFC 6298 §5.4 resends the earliest segment only)',
                  },
                  {
                    guard: and(['severalInFlight', 'fastRecovery', not('sentPastRecover')]),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: ['acknowledgeAllButNewestInRecovery', 'sendData'],
                    description:
                      'RFC 6582 §3.2 "Partial acknowledgments" (NewReno): in fast recovery an ACK below `recover` is partial: SND.UNA advances as below, and the first segment not acknowledged is resent at once; fast recovery goes on. RFC 6298 §5.3 restarts the retransmission timer',
                  },
                  {
                    guard: and(['severalInFlight', 'dataQueued']),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeAllButNewest',
                      'flushQueuedData',
                      'sendData',
                      'markSeveralInFlight',
                      'clearAckPending',
                    ],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth), RFC 5681 §3.1: as below, and the ACK covers the segment a timeout resent (RFC 6298 §5.4: the earliest), so the loss window is over; slow start opens the congestion window to two segments for this ACK of new data, one of them the segment left, so the queued data leaves as one segment behind it',
                  },
                  {
                    guard: 'severalInFlight',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: 'acknowledgeAllButNewest',
                    description:
                      'RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK < SND.NXT, so SND.UNA advances over every segment but the newest; retries reset (§3.8.3 R1), the RTO takes a sample unless a segment was resent (Karn, RFC 6298 §3), and the retransmission timer restarts for the segment left (RFC 6298 §5.3), which gives no sample later if it was outstanding across a timeout. Nothing is sent. Where a SEND put the newest segment past RFC 6582\'s `recover`, the ACK covers `recover` and ends fast recovery (§3.2 "Full acknowledgments")',
                  },
                ],
                RCV_ACK_UNSENT: {
                  actions: ['sendAck', 'clearAckPending'],
                  description:
                    'RFC 9293 §3.10.7.4 (fifth): SEG.ACK > SND.NXT acknowledges something not yet sent: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped; SND.UNA does not move and its window is not taken',
                },
                RCV_DUP_ACK: [
                  {
                    guard: 'dupAcksTakenForReordering',
                    description:
                      'dupAcksTakenForReordering (Linux): without SACK a duplicate ACK counts as a segment that reached the peer, no more than the segments in flight after the hole, and the head is marked lost only once they reach the reordering threshold (3); with the two segments the model puts in flight the duplicates are taken for reordering: nothing is sent (where RFC 5681 §3.2 resends on the third)',
                  },
                  {
                    guard: and(['severalInFlight', not('recoverAhead'), 'thirdDuplicateAck']),
                    actions: ['sendData', 'enterFastRecovery'],
                    description:
                      'RFC 5681 §3.2 step 2 (fast retransmit), RFC 6582 §3.2 "Three duplicate ACKs": the third duplicate ACK resends the earliest unacknowledged segment at once and starts fast recovery, `recover` = SND.NXT. The retransmission timer runs on (RFC 6298 restarts it only on new data acknowledged, §5.3, or on its expiry, §5.6)',
                  },
                  {
                    guard: and(['severalInFlight', not('recoverAhead')]),
                    actions: 'countDuplicateAck',
                    description:
                      'RFC 5681 §3.2: a duplicate ACK (SEG.ACK = SND.UNA, no data, the window unchanged, data outstanding) is counted; nothing is sent before the third',
                  },
                ],
                RCV_DATA: [
                  {
                    guard: 'finHeld',
                    target: '#CLOSE_WAIT',
                    actions: ['acknowledgeAllButFin', 'takeText', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (seventh, eighth): the text fills the hole; it and the held text after it are delivered, then the held FIN, now in order: CLOSE-WAIT; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once past text and FIN (RFC 5681 §4.2: a segment that fills a gap)',
                  },
                  {
                    guard: and(['textHeld', 'sendWindowZero']),
                    actions: ['sendAck', 'clearAckPending', 'takeText'],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth, seventh): the segment that fills the hole was sent before the zero window, so SND.WL1 > SEG.SEQ and its window is not taken: the window stays shut, the persist timer runs on; the text and the held text after it are delivered and acknowledged at once (RFC 5681 §4.2)',
                  },
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                      'takeText',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth, seventh): the segment opens the peer's window and acknowledges a probe's octet; its text is delivered (with any held after it, if the buffer has room), and the queued data leaves carrying the ACK",
                  },
                  {
                    guard: and(['ackDelayed', not('ackPending'), not('textHeld'), not('receiveBufferFull')]),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: ['acknowledgeAllButFin', 'delayAck', 'leaveZeroWindow', 'takeText'],
                    description:
                      'RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: the text is delivered and RCV.NXT advances over it; its ACK is delayed (ACK_DELAY starts)',
                  },
                  {
                    guard: 'dataOutstanding',
                    actions: ['acknowledgeAllButFin', 'sendAck', 'takeText'],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth, seventh): the ACK advances SND.UNA over our data; the text is delivered, RCV.NXT advances over it, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent',
                  },
                  {
                    actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow', 'takeText'],
                    description:
                      'RFC 9293 §3.10.7.4 (seventh): the text is delivered, RCV.NXT advances over it, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: delayed ACKs are off, an ACK was pending (RFC 1122 §4.2.3.2: at least every second segment is acknowledged), the segment fills the hole before held text (RFC 5681 §4.2), or the buffer is full and the text is not taken (§3.8.6.1: a zero window still acknowledges)',
                  },
                ],
                RCV_DATA_OVERLAP: [
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                      'takeText',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: the segment opens the peer's window and acknowledges a probe's octet; the new text is delivered, and the queued data leaves carrying the ACK",
                  },
                  {
                    guard: and(['ackDelayed', not('ackPending'), not('receiveBufferFull')]),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: ['acknowledgeAllButFin', 'delayAck', 'leaveZeroWindow', 'takeText'],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: RCV.NXT advances over the new text, and its ACK is delayed (§3.8.6.3, ACK_DELAY starts)",
                  },
                  {
                    guard: 'dataOutstanding',
                    actions: ['acknowledgeAllButFin', 'sendAck', 'takeText'],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: the ACK advances SND.UNA over our data, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (an ACK was pending, or the buffer is full and the new text not taken)",
                  },
                  {
                    actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow', 'takeText'],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: RCV.NXT advances over the new text and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: an ACK was pending (RFC 1122 §4.2.3.2), or the buffer is full and the new text is not taken (§3.8.6.1)",
                  },
                ],
                RCV_DATA_PAST_WINDOW: [
                  {
                    guard: and(['textHeld', 'sendWindowZero']),
                    actions: ['sendAck', 'clearAckPending', 'takeTextToRightEdge'],
                    description:
                      "RFC 9293 §3.10.7.4 (first, fifth, seventh): the text past the window's right edge is trimmed, and what is left covers the hole and the held text; sent before the zero window (SND.WL1 > SEG.SEQ), its window is not taken; the text up to the edge is delivered and acknowledged at once (RFC 5681 §4.2)",
                  },
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                      'takeTextToRightEdge',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (first, fifth, seventh): the text past the window's right edge is trimmed, the rest processed as RCV_DATA's: the segment opens the peer's window and acknowledges a probe's octet; the text up to the edge is delivered (the buffer is full), and the queued data leaves carrying the ACK",
                  },
                  {
                    guard: and(['ackDelayed', not('ackPending'), not('textHeld'), not('receiveBufferFull')]),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: ['acknowledgeAllButFin', 'delayAck', 'leaveZeroWindow', 'takeTextToRightEdge'],
                    description:
                      "RFC 9293 §3.10.7.4 (first, seventh): the text past the window's right edge is trimmed; RCV.NXT advances to the edge (the buffer is full), and the ACK is delayed as RCV_DATA's (§3.8.6.3, ACK_DELAY starts)",
                  },
                  {
                    guard: 'dataOutstanding',
                    actions: ['acknowledgeAllButFin', 'sendAck', 'takeTextToRightEdge'],
                    description:
                      "RFC 9293 §3.10.7.4 (first, fifth, seventh): the text past the window's right edge is trimmed; the ACK advances SND.UNA over our data, RCV.NXT advances to the edge, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (an ACK was pending, or the buffer is full and no text is taken)",
                  },
                  {
                    actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow', 'takeTextToRightEdge'],
                    description:
                      "RFC 9293 §3.10.7.4 (first, seventh): the text past the window's right edge is trimmed; RCV.NXT advances to the edge and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: an ACK was pending (RFC 1122 §4.2.3.2), the segment covers the hole before held text (RFC 5681 §4.2), or the buffer is full and no text is taken (§3.8.6.1)",
                  },
                ],
                RCV_DATA_FIN: [
                  {
                    guard: and(['receiveBufferFull', 'dataQueued']),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (first, fifth): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the segment's ACK opens the peer's window and acknowledges a probe's octet, and the queued data leaves carrying <ACK=RCV.NXT> (RCV.NXT unmoved)",
                  },
                  {
                    guard: and(['receiveBufferFull', 'dataOutstanding']),
                    actions: ['acknowledgeAllButFin', 'sendAck'],
                    description:
                      'RFC 9293 §3.10.7.4 (first, fifth): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the ACK advances SND.UNA, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1: a zero window still acknowledges)',
                  },
                  {
                    guard: 'receiveBufferFull',
                    actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (first): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1), RCV.NXT unmoved',
                  },
                  {
                    guard: 'dataQueued',
                    target: '#CLOSE_WAIT',
                    actions: [
                      'acknowledgeOutstanding',
                      'takeText',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth, seventh, eighth): the segment opens the peer's window and acknowledges a probe's octet; its text is delivered, then its FIN: CLOSE-WAIT; the queued data leaves and carries the ACK of text and FIN",
                  },
                  {
                    target: '#CLOSE_WAIT',
                    actions: ['acknowledgeAllButFin', 'takeText', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (seventh, eighth): the text is delivered, then the FIN after it: CLOSE-WAIT (the passive close); <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN (RFC 1122 §4.2.3.2 delays no ACK of a FIN)',
                  },
                ],
                RCV_DATA_OVERLAP_FIN: [
                  {
                    guard: 'overlapFinOutsideWindow',
                    actions: ['sendAck', 'clearAckPending'],
                    description:
                      'RFC 9293 §3.10.7.4 (first): the window has room for the new text only, so SEG.SEQ = RCV.NXT - 1 lies before it and SEG.SEQ+SEG.LEN-1, the FIN, at RCV.NXT+RCV.WND: neither end is in the window, and the segment is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
                  },
                  {
                    guard: and(['receiveBufferFull', 'dataQueued']),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the segment's ACK opens the peer's window and acknowledges a probe's octet, and the queued data leaves carrying <ACK=RCV.NXT> (RCV.NXT unmoved)",
                  },
                  {
                    guard: and(['receiveBufferFull', 'dataOutstanding']),
                    actions: ['acknowledgeAllButFin', 'sendAck'],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the ACK advances SND.UNA, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1: a zero window still acknowledges)",
                  },
                  {
                    guard: 'receiveBufferFull',
                    actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow'],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1), RCV.NXT unmoved",
                  },
                  {
                    guard: 'dataQueued',
                    target: '#CLOSE_WAIT',
                    actions: [
                      'acknowledgeOutstanding',
                      'takeText',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the segment opens the peer's window and acknowledges a probe's octet; its text is delivered, then its FIN: CLOSE-WAIT; the queued data leaves and carries the ACK of text and FIN",
                  },
                  {
                    target: '#CLOSE_WAIT',
                    actions: ['acknowledgeAllButFin', 'takeText', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
                    description:
                      "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the text is delivered, then the FIN after it: CLOSE-WAIT (the passive close); <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN (RFC 1122 §4.2.3.2 delays no ACK of a FIN)",
                  },
                ],
                RCV_DATA_OUT_OF_ORDER: [
                  {
                    guard: 'outOfOrderBeyondWindow',
                    actions: ['sendAck', 'clearAckPending'],
                    description:
                      'RFC 9293 §3.10.7.4 (first): the segment lies beyond the window offered (RCV.NXT + RCV.WND), so it is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
                  },
                  {
                    guard: and(['textHeld', 'sendWindowZero']),
                    actions: ['sendAck', 'clearAckPending'],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth, seventh): the held segment again, sent before the zero window (SND.WL1 > SEG.SEQ: its window is not taken); its text is held already: a duplicate ACK, ACK = RCV.NXT',
                  },
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                      'holdText',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth, seventh): the segment opens the peer's window and acknowledges a probe's octet; its text, past RCV.NXT, is held, and the queued data leaves carrying ACK = RCV.NXT (RFC 5681 §4.2: out-of-order data is acknowledged at once)",
                  },
                  {
                    actions: ['acknowledgeAllButFin', 'sendAck', 'clearAckPending', 'leaveZeroWindow', 'holdText'],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth, seventh): the ACK advances SND.UNA; the text, past RCV.NXT, is held for later processing and acknowledged at once with ACK = RCV.NXT, a duplicate ACK (RFC 5681 §4.2, RFC 9293 §3.8.6.3)',
                  },
                ],
                RCV_DATA_FIN_OUT_OF_ORDER: [
                  {
                    guard: 'outOfOrderBeyondWindow',
                    actions: ['sendAck', 'clearAckPending'],
                    description:
                      'RFC 9293 §3.10.7.4 (first): the segment lies beyond the window offered (RCV.NXT + RCV.WND), and the FIN after it: not acceptable, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
                  },
                  {
                    guard: 'dataQueued',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: [
                      'acknowledgeOutstanding',
                      'flushQueuedData',
                      'sendData',
                      'leaveZeroWindow',
                      'clearAckPending',
                      'holdTextAndFin',
                    ],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth, seventh): the segment opens the peer's window and acknowledges a probe's octet; its text and the FIN after it, past RCV.NXT, are held, and the queued data leaves carrying ACK = RCV.NXT (RFC 5681 §4.2)",
                  },
                  {
                    actions: [
                      'acknowledgeAllButFin',
                      'sendAck',
                      'clearAckPending',
                      'leaveZeroWindow',
                      'holdTextAndFin',
                    ],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth, seventh, eighth): the ACK advances SND.UNA; the text past RCV.NXT is held for later processing, and the FIN after it, which is processed only once everything before it has arrived; acknowledged at once with ACK = RCV.NXT, a duplicate ACK (RFC 5681 §4.2)',
                  },
                ],
                RECEIVE: [
                  {
                    guard: 'unreadText',
                    actions: ['readText', 'sendAck', 'clearAckPending'],
                    description:
                      'RFC 9293 §3.10.3: the text taken is handed to the user; the window opens by at least half the buffer, so a window update <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.8.6.2.2, RFC 1122 §4.2.3.3)',
                  },
                  {
                    description: 'RFC 9293 §3.10.3: no text is waiting; nothing is handed over and nothing sent',
                  },
                ],
                SEND: [
                  {
                    guard: 'dataQueued',
                    actions: 'queueData',
                    description:
                      'RFC 9293 §3.10.2: the data joins what waits behind the zero window (the persist timer runs on) or the loss window',
                  },
                  {
                    guard: and(['lossWindow', not('lossWindowCountsBytes')]),
                    actions: 'queueData',
                    description:
                      'RFC 5681 §3.1 (required by RFC 9293 §3.8.2): a timeout resent data, so the congestion window is the loss window, one segment, and the resent segment fills it: the data is queued until the ACK of the retransmission; the retransmission timer runs on',
                  },
                  {
                    guard: 'sendWindowZero',
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: 'queueData',
                    description:
                      "RFC 9293 §3.10.2, §3.8.6.1: the peer's window is zero, so the data is queued and nothing is sent; the persist timer starts",
                  },
                  {
                    guard: 'dataOutstanding',
                    actions: ['sendData', 'markSeveralInFlight'],
                    description:
                      'RFC 9293 §3.10.2: data is segmentized and sent behind the segment outstanding; the retransmission timer already runs (RFC 6298 §5.1)',
                  },
                  {
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: ['sendData', 'markDataOutstanding', 'clearAckPending'],
                    description:
                      'RFC 9293 §3.10.2: data is segmentized and sent; RFC 6298 §5.1 starts the retransmission timer',
                  },
                ],
              },
              after: {
                RTO: [
                  {
                    guard: and(['dataOutstanding', 'retriesLeft']),
                    target: '#ESTABLISHED',
                    reenter: true,
                    actions: ['backOff', 'sendData', 'noteNewestResent', 'recordRecover'],
                    description:
                      'RFC 6298 §5.4–§5.6: the oldest unacknowledged data segment is retransmitted and the RTO doubled',
                  },
                  {
                    guard: 'dataOutstanding',
                    target: '#CLOSED',
                    actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                    description:
                      'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
                  },
                ],
                ACK_DELAY: {
                  guard: 'ackPending',
                  actions: ['sendAck', 'clearAckPending', 'notePersistElapsed'],
                  description:
                    'RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: no segment carried the pending ACK within ackDelay ms of the text (less than 0.5 s): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent',
                },
                PERSIST: {
                  guard: and(['dataQueued', 'sendWindowZero', 'persistBeforeUserTimeout']),
                  target: '#ESTABLISHED',
                  reenter: true,
                  actions: ['sendProbe', 'backOffPersist'],
                  description:
                    'RFC 9293 §3.8.6.1: "The sending TCP must regularly transmit at least one octet of new data (if available)": a zero-window probe, one octet at SND.UNA; the next waits twice as long, up to maxRto (SHLD-29, SHLD-30)',
                },
                USER_TIMEOUT: {
                  guard: 'userTimerRunning',
                  target: '#CLOSED',
                  actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                  description:
                    'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (data or a zero-window probe\'s octet) waited userTimeout ms unacknowledged: "flush all queues, signal the user \"error: connection aborted due to user timeout\" ... enter the CLOSED state" (no RST is sent)',
                },
              },
            },

            CLOSE_WAIT: {
              id: 'CLOSE_WAIT',
              description:
                'Waiting for a connection termination request from the local user (RFC 9293 §3.3.2). The peer closed (its FIN is acknowledged) and our application has not called close: netstat shows CLOSE_WAIT. We may still send data. ss shows CLOSE-WAIT.',
              meta: {
                netstat: 'CLOSE_WAIT',
                ss: 'CLOSE-WAIT',
                ignored: {
                  RCV_OLD_ACK:
                    'RFC 9293 §3.10.7.4 (fifth): SEG.ACK < SND.UNA, a duplicate, "can be ignored"; the window is taken only if SND.UNA =< SEG.ACK, so its zero window is not',
                },
              },
              on: {
                CLOSE: [
                  {
                    guard: 'dataQueued',
                    target: '#LAST_ACK',
                    actions: 'queueClose',
                    description:
                      'RFC 9293 §3.10.4: "Queue this request until all preceding SENDs have been segmentized; then send a FIN segment, enter LAST-ACK state": the data waits behind the zero window and the FIN behind it. The user has closed, so LAST-ACK (as ESTABLISHED\'s CLOSE enters FIN-WAIT-1 "in any case"); the FIN leaves with the window',
                  },
                  {
                    target: '#LAST_ACK',
                    actions: ['sendFin', 'noteFinSent', 'leaveZeroWindow'],
                    description:
                      'RFC 9293 §3.10.4: CLOSE sends a FIN: LAST-ACK. No new data follows, so a zero window no longer matters',
                  },
                ],
                SEND: [
                  {
                    guard: 'dataQueued',
                    actions: 'queueData',
                    description:
                      'RFC 9293 §3.10.2: the data joins what waits behind the zero window (the persist timer runs on) or the loss window',
                  },
                  {
                    guard: and(['lossWindow', not('lossWindowCountsBytes')]),
                    actions: 'queueData',
                    description:
                      'RFC 5681 §3.1 (required by RFC 9293 §3.8.2): a timeout resent data, so the congestion window is the loss window, one segment, and the resent segment fills it: the data is queued until the ACK of the retransmission; the retransmission timer runs on',
                  },
                  {
                    guard: 'sendWindowZero',
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: 'queueData',
                    description:
                      'RFC 9293 §3.10.2 (CLOSE-WAIT: "Segmentize any text to be sent"), §3.8.6.1: the peer\'s window is zero, so the data is queued and nothing is sent; the persist timer starts',
                  },
                  {
                    guard: 'dataOutstanding',
                    actions: 'sendData',
                    description:
                      'RFC 9293 §3.10.2: data is segmentized and sent; the retransmission timer already runs (RFC 6298 §5.1)',
                  },
                  {
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: ['sendData', 'markDataOutstanding'],
                    description:
                      'RFC 9293 §3.10.2: data is segmentized and sent; RFC 6298 §5.1 starts the retransmission timer',
                  },
                ],
                RCV_ACK: [
                  {
                    guard: 'dataQueued',
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'leaveZeroWindow'],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the ACK opens the peer's window and acknowledges a probe's octet; the queued data leaves (RFC 6298 §5.1 starts the retransmission timer)",
                  },
                  {
                    guard: 'sendWindowZero',
                    actions: 'leaveZeroWindow',
                    description:
                      "RFC 9293 §3.10.7.4 (fifth): the ACK opens the peer's window (SND.WND = SEG.WND); nothing waits to be sent",
                  },
                  {
                    guard: 'dataOutstanding',
                    actions: 'acknowledgeAllButFin',
                    description:
                      'RFC 9293 §3.10.7.4 (fifth): SND.UNA advances; RFC 6298 §5.2 stops the timer. An ACK with nothing outstanding is a duplicate and is ignored',
                  },
                ],
                RCV_WINDOW_ZERO: [
                  {
                    guard: 'sendWindowZero',
                    description:
                      "RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the window stays shut and a probe's octet is not taken; the persist timer runs on",
                  },
                  {
                    guard: 'dataQueued',
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: ['acknowledgeAllButFin', 'closeSendWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth), RFC 5681 §3.1: SND.UNA advances over the data a timeout resent, which ends the loss window, but SND.WND = SEG.WND = 0: the queued data waits on, now behind the zero window; the persist timer starts (§3.8.6.1)',
                  },
                  {
                    actions: ['acknowledgeAllButFin', 'closeSendWindow'],
                    description:
                      'RFC 9293 §3.10.7.4 (fifth): SND.UNA advances over everything outstanding and SND.WND = SEG.WND = 0 (CLOSE-WAIT still sends: §3.10.2); nothing is queued, so no persist timer starts',
                  },
                ],
                RCV_WINDOW_OPEN: [
                  {
                    guard: 'dataQueued',
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: ['acknowledgeAllButFin', 'flushQueuedData', 'sendData', 'leaveZeroWindow'],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the window update opens the peer's window; the queued data after a probe's octet leaves at SND.NXT, and the retransmission timer takes over from the persist timer (RFC 6298 §5.1). Behind the loss window (RFC 5681 §3.1) the window was open: the ACK acknowledges the data a timeout resent, and the queued data leaves",
                  },
                  {
                    guard: 'sendWindowZero',
                    actions: 'leaveZeroWindow',
                    description:
                      "RFC 9293 §3.10.7.4 (fifth): the window update opens the peer's window; nothing waits to be sent",
                  },
                  {
                    actions: 'acknowledgeAllButFin',
                    description:
                      'RFC 9293 §3.10.7.4 (fifth): with the window open it is an ACK of everything outstanding: SND.UNA advances (if anything was outstanding)',
                  },
                ],
                RCV_DATA: [
                  {
                    guard: 'dataQueued',
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'leaveZeroWindow'],
                    description:
                      "RFC 9293 §3.10.7.4 (fifth): the segment's ACK opens the peer's window and acknowledges a probe's octet; the queued data leaves. Its text, after the peer's FIN, is ignored (seventh: \"this should not occur\")",
                  },
                  {
                    guard: 'sendWindowZero',
                    actions: 'leaveZeroWindow',
                    description:
                      "RFC 9293 §3.10.7.4 (fifth): the segment's ACK opens the peer's window; nothing waits to be sent. Its text, after the peer's FIN, is ignored (seventh: \"this should not occur\")",
                  },
                  {
                    guard: 'dataOutstanding',
                    actions: 'acknowledgeAllButFin',
                    description:
                      'RFC 9293 §3.10.7.4 (fifth): the ACK advances SND.UNA over our data; text after the peer\'s FIN is ignored (RFC 9293 §3.10.7.4 seventh: "this should not occur")',
                  },
                  {
                    description:
                      'RFC 9293 §3.10.7.4: the ACK acknowledges nothing new; text after the peer\'s FIN is ignored (RFC 9293 §3.10.7.4 seventh: "this should not occur")',
                  },
                ],
                RCV_ACK_UNSENT: {
                  actions: 'sendAck',
                  description:
                    'RFC 9293 §3.10.7.4 (fifth): SEG.ACK > SND.NXT acknowledges something not yet sent: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped; SND.UNA does not move and its window is not taken',
                },
                RCV_FIN: [
                  {
                    guard: and(['ackOnRetransmittedFin', 'dataQueued', 'lossWindow']),
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData'],
                    description:
                      'ackOnRetransmittedFin (Linux tcp_sequence): the retransmitted FIN ends at RCV.NXT, so its ACK is read: it covers the data a timeout resent, which ends the loss window, and the queued data leaves carrying the ACK (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
                  },
                  {
                    actions: 'sendAck',
                    description:
                      'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
                  },
                ],
                RCV_FIN_ACK: [
                  {
                    guard: and(['ackOnRetransmittedFin', 'dataQueued', 'lossWindow']),
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData'],
                    description:
                      'ackOnRetransmittedFin (Linux tcp_sequence): the retransmitted FIN ends at RCV.NXT, so its ACK is read: it covers the data a timeout resent, which ends the loss window, and the queued data leaves carrying the ACK (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
                  },
                  {
                    actions: 'sendAck',
                    description:
                      'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
                  },
                ],
              },
              after: {
                RTO: [
                  {
                    guard: and(['dataOutstanding', 'retriesLeft']),
                    target: '#CLOSE_WAIT',
                    reenter: true,
                    actions: ['backOff', 'sendData'],
                    description:
                      'RFC 6298 §5.4–§5.6: the oldest unacknowledged data segment is retransmitted and the RTO doubled',
                  },
                  {
                    guard: 'dataOutstanding',
                    target: '#CLOSED',
                    actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                    description:
                      'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
                  },
                ],
                PERSIST: {
                  guard: and(['dataQueued', 'sendWindowZero', 'persistBeforeUserTimeout']),
                  target: '#CLOSE_WAIT',
                  reenter: true,
                  actions: ['sendProbe', 'backOffPersist'],
                  description:
                    'RFC 9293 §3.8.6.1: the data queued in CLOSE-WAIT waits for the zero window; a zero-window probe, one octet at SND.UNA, and the next waits twice as long, up to maxRto (SHLD-29, SHLD-30)',
                },
                USER_TIMEOUT: {
                  guard: 'userTimerRunning',
                  target: '#CLOSED',
                  actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                  description:
                    'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (data or a zero-window probe\'s octet) waited userTimeout ms unacknowledged: "flush all queues, signal the user \"error: connection aborted due to user timeout\" ... enter the CLOSED state" (no RST is sent)',
                },
              },
            },

            FIN_SENT: {
              description:
                'The user called CLOSE and our FIN is sent (FIN-WAIT-1 to TIME-WAIT). Not a state of the RFC: the parent of the states where SEND and CLOSE get "connection closing" (RFC 9293 §3.10.2, §3.10.4).',
              initial: 'FIN_WAIT_1',
              on: {
                SEND: {
                  actions: { type: 'rejectCall', params: { reason: 'connection closing' } },
                  description: 'RFC 9293 §3.10.2: "error: connection closing"',
                },
                CLOSE: [
                  {
                    guard: 'repeatedCloseAccepted',
                    description:
                      'repeatedCloseAccepted (Linux inet_shutdown): shutdown(SHUT_WR) again succeeds and changes nothing (where RFC 9293 §3.10.4: "connection closing")',
                  },
                  {
                    actions: { type: 'rejectCall', params: { reason: 'connection closing' } },
                    description: 'RFC 9293 §3.10.4: "error: connection closing"',
                  },
                ],
              },
              states: {
                FIN_WAIT_1: {
                  id: 'FIN_WAIT_1',
                  description:
                    'Waiting for a connection termination request from the remote TCP, or an acknowledgment of the termination request previously sent (RFC 9293 §3.3.2). We called close and our FIN is unacknowledged: netstat shows FIN_WAIT1 with Send-Q 1. ss shows FIN-WAIT-1.',
                  meta: {
                    netstat: 'FIN_WAIT1',
                    ss: 'FIN-WAIT-1',
                    ignored: {},
                  },
                  on: {
                    RCV_ACK: [
                      {
                        guard: 'closeQueued',
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (fifth), §3.10.4: the ACK opens the peer's window and acknowledges a probe's octet; the queued data leaves, then the FIN queued behind it",
                      },
                      {
                        target: '#FIN_WAIT_2',
                        actions: 'acknowledgeAll',
                        description: 'RFC 9293 §3.10.7.4 (fifth): our FIN is acknowledged: FIN-WAIT-2',
                      },
                    ],
                    RCV_DATA: [
                      {
                        guard: and(['textHeld', 'sendWindowZero']),
                        actions: ['sendAck', 'clearAckPending', 'takeText'],
                        description:
                          'RFC 9293 §3.10.7.4 (fifth, seventh): the segment that fills the hole was sent before the zero window (SND.WL1 > SEG.SEQ: its window is not taken); the data and the FIN wait on, the text and the held text are delivered and acknowledged at once (RFC 5681 §4.2)',
                      },
                      {
                        guard: 'closeQueued',
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                          'takeText',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (fifth, seventh), §3.10.4: the segment opens the peer's window and acknowledges a probe's octet; its text is taken (with any held after it, if the buffer has room), and the queued data, carrying the ACK, leaves, then the FIN queued behind it",
                      },
                      {
                        guard: and(['ackDelayed', not('textHeld'), not('receiveBufferFull')]),
                        target: '#FIN_WAIT_2',
                        actions: ['acknowledgeAll', 'delayAck', 'takeText'],
                        description:
                          'RFC 9293 §3.10.7.4 (fifth, seventh), §3.8.6.3: our FIN is acknowledged: FIN-WAIT-2; the text is taken and its ACK delayed (ACK_DELAY starts)',
                      },
                      {
                        target: '#FIN_WAIT_2',
                        actions: ['acknowledgeAll', 'sendAck', 'takeText'],
                        description:
                          'RFC 9293 §3.10.7.4 (fifth, seventh): our FIN is acknowledged: FIN-WAIT-2; the text is taken and acknowledged at once: delayed ACKs are off, the segment fills the hole before held text (RFC 5681 §4.2), or the buffer is full and the text is not taken (§3.8.6.1)',
                      },
                    ],
                    RCV_DATA_OVERLAP: [
                      {
                        guard: 'closeQueued',
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                          'takeText',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: the segment opens the peer's window and acknowledges a probe's octet; the new text is taken, and the queued data, carrying the ACK, leaves, then the FIN queued behind it",
                      },
                      {
                        guard: and(['ackDelayed', not('receiveBufferFull')]),
                        target: '#FIN_WAIT_2',
                        actions: ['acknowledgeAll', 'delayAck', 'takeText'],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: our FIN is acknowledged: FIN-WAIT-2; RCV.NXT advances over the new text, and its ACK is delayed (§3.8.6.3, ACK_DELAY starts)",
                      },
                      {
                        target: '#FIN_WAIT_2',
                        actions: ['acknowledgeAll', 'sendAck', 'takeText'],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: our FIN is acknowledged: FIN-WAIT-2; RCV.NXT advances over the new text and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: delayed ACKs are off, or the buffer is full and the new text is not taken (§3.8.6.1)",
                      },
                    ],
                    RCV_DATA_FIN: [
                      {
                        guard: and(['receiveBufferFull', 'closeQueued']),
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (first, fifth), §3.10.4: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the segment opens the peer's window and acknowledges a probe's octet, and the queued data, carrying the ACK, leaves, then the FIN queued behind it",
                      },
                      {
                        guard: 'receiveBufferFull',
                        target: '#FIN_WAIT_2',
                        actions: ['acknowledgeAll', 'sendAck'],
                        description:
                          'RFC 9293 §3.10.7.4 (first, fifth): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; our FIN is acknowledged: FIN-WAIT-2, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1)',
                      },
                      {
                        guard: and(['closeQueued', 'finAckedBeforeQueuedData']),
                        target: '#CLOSING',
                        actions: [
                          'acknowledgeOutstanding',
                          'takeText',
                          'flushQueuedData',
                          'sendAck',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "finAckedBeforeQueuedData (Linux tcp_fin): the text is taken and the peer's FIN acknowledged at once by a bare ACK, then the data and our FIN that its window lets go leave (where RFC 9293 §3.10.7.4 lets the data carry the FIN's ACK)",
                      },
                      {
                        guard: 'closeQueued',
                        target: '#CLOSING',
                        actions: [
                          'acknowledgeOutstanding',
                          'takeText',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (fifth, seventh, eighth), §3.10.4: our FIN was not sent yet, so CLOSING; the text is taken, then the FIN; the segment opens the peer's window and acknowledges a probe's octet, and the queued data, carrying the ACK of text and FIN, leaves, then our FIN",
                      },
                      {
                        target: '#TIME_WAIT',
                        actions: ['acknowledgeAll', 'takeText', 'sendAck'],
                        description:
                          'RFC 9293 §3.10.7.4 (fifth, seventh, eighth): the ACK covers our FIN, the text is taken, then the FIN after it: TIME-WAIT, skipping FIN-WAIT-2; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN',
                      },
                    ],
                    RCV_DATA_OVERLAP_FIN: [
                      {
                        guard: 'overlapFinOutsideWindow',
                        actions: ['sendAck', 'clearAckPending'],
                        description:
                          'RFC 9293 §3.10.7.4 (first): the window has room for the new text only, so SEG.SEQ = RCV.NXT - 1 lies before it and SEG.SEQ+SEG.LEN-1, the FIN, at RCV.NXT+RCV.WND: neither end is in the window, and the segment is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
                      },
                      {
                        guard: and(['receiveBufferFull', 'closeQueued']),
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the segment opens the peer's window and acknowledges a probe's octet, and the queued data, carrying the ACK, leaves, then the FIN queued behind it",
                      },
                      {
                        guard: 'receiveBufferFull',
                        target: '#FIN_WAIT_2',
                        actions: ['acknowledgeAll', 'sendAck'],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; our FIN is acknowledged: FIN-WAIT-2, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1)",
                      },
                      {
                        guard: 'closeQueued',
                        target: '#CLOSING',
                        actions: [
                          'acknowledgeOutstanding',
                          'takeText',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: our FIN was not sent yet, so CLOSING; the text is taken, then the FIN; the segment opens the peer's window and acknowledges a probe's octet, and the queued data, carrying the ACK of text and FIN, leaves, then our FIN",
                      },
                    ],
                    RECEIVE: [
                      {
                        guard: 'unreadText',
                        actions: ['readText', 'sendAck', 'clearAckPending'],
                        description:
                          'RFC 9293 §3.10.3: the text taken is handed to the user; the window opens by at least half the buffer, so a window update <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.8.6.2.2, RFC 1122 §4.2.3.3)',
                      },
                      {
                        description: 'RFC 9293 §3.10.3: no text is waiting; nothing is handed over and nothing sent',
                      },
                    ],
                    RCV_FIN: [
                      {
                        guard: and(['closeQueued', 'finAckedBeforeQueuedData']),
                        target: '#CLOSING',
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendAck',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "finAckedBeforeQueuedData (Linux tcp_fin): the peer's FIN is acknowledged at once by a bare ACK, then the data and our FIN that its window lets go leave (where RFC 9293 §3.10.7.4 lets the data carry the FIN's ACK)",
                      },
                      {
                        guard: 'closeQueued',
                        target: '#CLOSING',
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (fifth, eighth), §3.10.4: our FIN was not sent yet, so CLOSING; the FIN opens the peer's window and acknowledges a probe's octet, and the queued data, carrying the FIN's ACK, leaves, then our FIN",
                      },
                      {
                        guard: and(['finResentWithData', 'dataOutstanding', 'retransmitted']),
                        target: '#CLOSING',
                        actions: ['acknowledgeDataKeepRetryClock', 'sendAck'],
                        description:
                          'finResentWithData (Linux): as below; our FIN was resent with the data and is still outstanding, so the retry clock goes on (where RFC 6298 §5.4 resends the oldest segment only)',
                      },
                      {
                        target: '#CLOSING',
                        actions: ['acknowledgeAllBeforeFin', 'sendAck'],
                        description:
                          'RFC 9293 §3.10.7.4 (eighth), simultaneous close: a FIN whose ACK covers our data but not our FIN is acknowledged: CLOSING',
                      },
                    ],
                    RCV_FIN_ACK: [
                      {
                        guard: and(['closeQueued', 'finAckedBeforeQueuedData']),
                        target: '#CLOSING',
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendAck',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "finAckedBeforeQueuedData (Linux tcp_fin): the peer's FIN is acknowledged at once by a bare ACK, then the data and our FIN that its window lets go leave (where RFC 9293 §3.10.7.4 lets the data carry the FIN's ACK)",
                      },
                      {
                        guard: 'closeQueued',
                        target: '#CLOSING',
                        actions: [
                          'acknowledgeOutstanding',
                          'flushQueuedData',
                          'sendData',
                          'sendFin',
                          'leaveZeroWindow',
                          'clearAckPending',
                        ],
                        description:
                          "RFC 9293 §3.10.7.4 (fifth, eighth), §3.10.4: our FIN was not sent yet, so its ACK covers everything we sent and this is a plain FIN: CLOSING; the queued data, carrying the FIN's ACK, leaves, then our FIN",
                      },
                      {
                        target: '#TIME_WAIT',
                        actions: ['acknowledgeAll', 'sendAck'],
                        description:
                          'RFC 9293 §3.10.7.4 (eighth): a FIN whose ACK covers our FIN skips FIN-WAIT-2: it is acknowledged and TIME-WAIT begins',
                      },
                    ],
                  },
                  after: {
                    RTO: [
                      {
                        guard: and(['synOutstanding', 'retriesLeft']),
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: ['backOff', 'sendSynAck'],
                        description:
                          'RFC 6298 §5.4: after a CLOSE in SYN-RECEIVED our SYN is still the oldest unacknowledged segment; the SYN-ACK is resent first',
                      },
                      {
                        guard: and(['finResentWithData', 'dataOutstanding', 'retriesLeft', not('closeQueued')]),
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: ['backOff', 'sendData', 'sendFin'],
                        description:
                          'finResentWithData (Linux): the timeout resends the data and the FIN behind it (where RFC 6298 §5.4 resends the oldest segment only); a FIN still queued behind the loss window was never sent',
                      },
                      {
                        guard: and(['dataOutstanding', 'retriesLeft']),
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: ['backOff', 'sendData'],
                        description:
                          'RFC 6298 §5.4: the oldest unacknowledged segment, data sent before the FIN, is retransmitted first',
                      },
                      {
                        guard: and(['retriesLeft', not('closeQueued')]),
                        target: '#FIN_WAIT_1',
                        reenter: true,
                        actions: ['backOff', 'sendFin'],
                        description:
                          'RFC 6298 §5.4–§5.6: the FIN is retransmitted and the RTO doubled (a FIN still queued behind a zero window is no segment sent: the persist timer runs instead)',
                      },
                      {
                        guard: or(['dataOutstanding', not('closeQueued')]),
                        target: '#CLOSED',
                        actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                        description:
                          'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
                      },
                    ],
                    ACK_DELAY: {
                      guard: 'ackPending',
                      actions: ['sendAck', 'clearAckPending', 'notePersistElapsed'],
                      description:
                        'RFC 9293 §3.8.6.3 (SHLD-18): a CLOSE whose FIN waits behind a zero window carried no ACK; the pending one leaves ackDelay ms after the text: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
                    },
                    PERSIST: {
                      guard: and(['closeQueued', 'sendWindowZero', 'persistBeforeUserTimeout']),
                      target: '#FIN_WAIT_1',
                      reenter: true,
                      actions: ['sendProbe', 'backOffPersist'],
                      description:
                        'RFC 9293 §3.8.6.1: the data and the FIN behind it wait for the zero window; a zero-window probe, one octet at SND.UNA, and the next waits twice as long, up to maxRto (SHLD-29, SHLD-30)',
                    },
                    USER_TIMEOUT: {
                      guard: or(['userTimerRunning', and(['userTimeoutSet', not('closeQueued')])]),
                      target: '#CLOSED',
                      actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                      description:
                        'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (the SYN-ACK, data, a probe\'s octet or our FIN) waited userTimeout ms unacknowledged: "flush all queues, signal the user \"error: connection aborted due to user timeout\" ... enter the CLOSED state" (no RST is sent)',
                    },
                  },
                },

                FIN_WAIT_2: {
                  id: 'FIN_WAIT_2',
                  description:
                    'Waiting for a connection termination request from the remote TCP (RFC 9293 §3.3.2). Our FIN is acknowledged, the peer has not closed yet: netstat shows FIN_WAIT2. RFC 9293 sets no timer here (Linux does, for orphaned sockets: tcp_fin_timeout). ss shows FIN-WAIT-2.',
                  meta: {
                    netstat: 'FIN_WAIT2',
                    ss: 'FIN-WAIT-2',
                    ignored: {},
                  },
                  on: {
                    RCV_FIN: {
                      target: '#TIME_WAIT',
                      actions: ['sendAck', 'clearAckPending'],
                      description: "RFC 9293 §3.10.7.4 (eighth): the peer's FIN is acknowledged and TIME-WAIT begins",
                    },
                    RCV_FIN_ACK: {
                      target: '#TIME_WAIT',
                      actions: ['sendAck', 'clearAckPending'],
                      description: "RFC 9293 §3.10.7.4 (eighth): the peer's FIN is acknowledged and TIME-WAIT begins",
                    },
                    RCV_ACK: {
                      description: 'RFC 9293 §3.10.7.4 (fifth): a duplicate ACK (SEG.ACK = SND.UNA) is ignored',
                    },
                    RCV_DATA: [
                      {
                        guard: and(['ackDelayed', not('ackPending'), not('textHeld'), not('receiveBufferFull')]),
                        target: '#FIN_WAIT_2',
                        reenter: true,
                        actions: ['delayAck', 'takeText'],
                        description:
                          'RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: the text is delivered and RCV.NXT advances over it; its ACK is delayed (ACK_DELAY starts)',
                      },
                      {
                        actions: ['sendAck', 'clearAckPending', 'takeText'],
                        description:
                          'RFC 9293 §3.10.7.4 (seventh): the text is delivered, RCV.NXT advances over it, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: delayed ACKs are off, an ACK was pending (RFC 1122 §4.2.3.2: at least every second segment is acknowledged), the segment fills the hole before held text (RFC 5681 §4.2), or the buffer is full and the text is not taken (§3.8.6.1)',
                      },
                    ],
                    RCV_DATA_OVERLAP: [
                      {
                        guard: and(['ackDelayed', not('ackPending'), not('receiveBufferFull')]),
                        target: '#FIN_WAIT_2',
                        reenter: true,
                        actions: ['delayAck', 'takeText'],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: RCV.NXT advances over the new text, and its ACK is delayed (§3.8.6.3, ACK_DELAY starts)",
                      },
                      {
                        actions: ['sendAck', 'clearAckPending', 'takeText'],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA's: RCV.NXT advances over the new text and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: an ACK was pending (RFC 1122 §4.2.3.2), or the buffer is full and the new text is not taken (§3.8.6.1)",
                      },
                    ],
                    RCV_DATA_FIN: [
                      {
                        guard: 'receiveBufferFull',
                        actions: ['sendAck', 'clearAckPending'],
                        description:
                          'RFC 9293 §3.10.7.4 (first): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1), RCV.NXT unmoved',
                      },
                      {
                        target: '#TIME_WAIT',
                        actions: ['takeText', 'sendAck', 'clearAckPending'],
                        description:
                          "RFC 9293 §3.10.7.4 (seventh, eighth): the text is delivered, then the peer's FIN after it: TIME-WAIT; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN",
                      },
                    ],
                    RCV_DATA_OVERLAP_FIN: [
                      {
                        guard: 'overlapFinOutsideWindow',
                        actions: ['sendAck', 'clearAckPending'],
                        description:
                          'RFC 9293 §3.10.7.4 (first): the window has room for the new text only, so SEG.SEQ = RCV.NXT - 1 lies before it and SEG.SEQ+SEG.LEN-1, the FIN, at RCV.NXT+RCV.WND: neither end is in the window, and the segment is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
                      },
                      {
                        guard: 'receiveBufferFull',
                        actions: ['sendAck', 'clearAckPending'],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1), RCV.NXT unmoved",
                      },
                      {
                        target: '#TIME_WAIT',
                        actions: ['takeText', 'sendAck', 'clearAckPending'],
                        description:
                          "RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN's: the text is delivered, then the peer's FIN after it: TIME-WAIT; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN",
                      },
                    ],
                    RECEIVE: [
                      {
                        guard: 'unreadText',
                        actions: ['readText', 'sendAck', 'clearAckPending'],
                        description:
                          'RFC 9293 §3.10.3: the text taken is handed to the user; the window opens by at least half the buffer, so a window update <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.8.6.2.2, RFC 1122 §4.2.3.3)',
                      },
                      {
                        description: 'RFC 9293 §3.10.3: no text is waiting; nothing is handed over and nothing sent',
                      },
                    ],
                  },
                  after: {
                    ACK_DELAY: {
                      guard: 'ackPending',
                      actions: ['sendAck', 'clearAckPending'],
                      description:
                        'RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: no segment carried the pending ACK within ackDelay ms of the text (less than 0.5 s): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent',
                    },
                  },
                },

                FINS_EXCHANGED: {
                  description:
                    "Both sides closed (CLOSING, LAST-ACK, TIME-WAIT): both FINs are sent, or in LAST-ACK ours waits behind data the peer's zero window holds. Not a state of the RFC: the parent of the states where a RST or an ABORT ends the connection quietly (RFC 9293 §3.10.7.4 second step, §3.10.5) and a retransmitted FIN is acknowledged.",
                  initial: 'CLOSING',
                  on: {
                    RCV_RST: {
                      target: '#CLOSED',
                      description:
                        'RFC 9293 §3.10.7.4 (second): a RST in CLOSING, LAST-ACK or TIME-WAIT enters CLOSED and deletes the TCB; the user, who closed already, gets no signal',
                    },
                    ABORT: {
                      target: '#CLOSED',
                      description:
                        'RFC 9293 §3.10.5: ABORT in CLOSING, LAST-ACK or TIME-WAIT deletes the TCB and sends nothing',
                    },
                    RCV_FIN: {
                      actions: 'sendAck',
                      description:
                        'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
                    },
                    RCV_FIN_ACK: {
                      actions: 'sendAck',
                      description:
                        'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
                    },
                  },
                  states: {
                    CLOSING: {
                      id: 'CLOSING',
                      description:
                        'Waiting for a connection termination request acknowledgment from the remote TCP (RFC 9293 §3.3.2). Both sides closed at once (a simultaneous close): each FIN crossed the other. netstat shows CLOSING. ss shows CLOSING.',
                      meta: {
                        netstat: 'CLOSING',
                        ss: 'CLOSING',
                        ignored: {},
                      },
                      on: {
                        RCV_ACK: {
                          target: '#TIME_WAIT',
                          actions: 'acknowledgeAll',
                          description: 'RFC 9293 §3.10.7.4 (fifth): our FIN is acknowledged: TIME-WAIT',
                        },
                        RCV_DATA: {
                          target: '#TIME_WAIT',
                          actions: 'acknowledgeAll',
                          description:
                            'RFC 9293 §3.10.7.4 (fifth): our FIN is acknowledged: TIME-WAIT; text after the peer\'s FIN is ignored (RFC 9293 §3.10.7.4 seventh: "this should not occur")',
                        },
                        RCV_FIN_ACK: {
                          guard: 'ackOnRetransmittedFin',
                          target: '#TIME_WAIT',
                          actions: 'acknowledgeAll',
                          description:
                            'ackOnRetransmittedFin (Linux tcp_sequence): the ACK on the retransmitted FIN acknowledges our FIN: TIME-WAIT, nothing sent (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
                        },
                      },
                      after: {
                        RTO: [
                          {
                            guard: and(['finResentWithData', 'dataOutstanding', 'retriesLeft']),
                            target: '#CLOSING',
                            reenter: true,
                            actions: ['backOff', 'sendData', 'sendFin'],
                            description:
                              'finResentWithData (Linux): the timeout resends the data and the FIN behind it (where RFC 6298 §5.4 resends the oldest segment only)',
                          },
                          {
                            guard: and(['dataOutstanding', 'retriesLeft']),
                            target: '#CLOSING',
                            reenter: true,
                            actions: ['backOff', 'sendData'],
                            description:
                              'RFC 6298 §5.4: the oldest unacknowledged segment, data that waited behind a zero window and left with the FIN, is retransmitted first',
                          },
                          {
                            guard: 'retriesLeft',
                            target: '#CLOSING',
                            reenter: true,
                            actions: ['backOff', 'sendFin'],
                            description: 'RFC 6298 §5.4–§5.6: the FIN is retransmitted and the RTO doubled',
                          },
                          {
                            target: '#CLOSED',
                            actions: {
                              type: 'signalUser',
                              params: { reason: 'connection aborted due to user timeout' },
                            },
                            description:
                              'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
                          },
                        ],
                        USER_TIMEOUT: {
                          guard: 'userTimeoutSet',
                          target: '#CLOSED',
                          actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                          description:
                            'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (data or our FIN) waited userTimeout ms unacknowledged: "flush all queues, signal the user \"error: connection aborted due to user timeout\" ... enter the CLOSED state" (no RST is sent)',
                        },
                      },
                    },

                    LAST_ACK: {
                      id: 'LAST_ACK',
                      description:
                        "Waiting for an acknowledgment of the connection termination request previously sent to the remote TCP, which includes an acknowledgment of its request (RFC 9293 §3.3.2). The passive closer called close after the peer's FIN: netstat shows LAST_ACK. ss shows LAST-ACK.",
                      meta: {
                        netstat: 'LAST_ACK',
                        ss: 'LAST-ACK',
                        ignored: {},
                      },
                      on: {
                        RCV_ACK: [
                          {
                            guard: 'closeQueued',
                            target: '#LAST_ACK',
                            reenter: true,
                            actions: [
                              'acknowledgeOutstanding',
                              'flushQueuedData',
                              'sendData',
                              'sendFin',
                              'leaveZeroWindow',
                            ],
                            description:
                              "RFC 9293 §3.10.7.4 (fifth), §3.10.4: the ACK opens the peer's window and acknowledges a probe's octet; the queued data leaves, then the FIN queued behind it",
                          },
                          {
                            target: '#CLOSED',
                            description:
                              'RFC 9293 §3.10.7.4 (fifth): the acknowledgment of our FIN deletes the TCB: CLOSED',
                          },
                        ],
                        RCV_DATA: [
                          {
                            guard: 'closeQueued',
                            target: '#LAST_ACK',
                            reenter: true,
                            actions: [
                              'acknowledgeOutstanding',
                              'flushQueuedData',
                              'sendData',
                              'sendFin',
                              'leaveZeroWindow',
                            ],
                            description:
                              "RFC 9293 §3.10.7.4 (fifth), §3.10.4: the segment's ACK opens the peer's window and acknowledges a probe's octet; the queued data leaves, then the FIN queued behind it. Its text, after the peer's FIN, is ignored (seventh: \"this should not occur\")",
                          },
                          {
                            target: '#CLOSED',
                            description:
                              'RFC 9293 §3.10.7.4 (fifth): the acknowledgment of our FIN deletes the TCB: CLOSED; text after the peer\'s FIN is ignored (RFC 9293 §3.10.7.4 seventh: "this should not occur")',
                          },
                        ],
                        ABORT: {
                          guard: and(['closeQueued', 'abortResetsUnsentData']),
                          target: '#CLOSED',
                          actions: 'sendRst',
                          description:
                            'abortResetsUnsentData (Linux tcp_disconnect): data and the FIN still wait to be sent (snd_nxt != write_seq), so ABORT sends <SEQ=SND.NXT><CTL=RST> (where RFC 9293 §3.10.5 deletes the TCB in LAST-ACK quietly)',
                        },
                        RCV_FIN: [
                          {
                            guard: and(['ackOnRetransmittedFin', 'closeQueued', 'lossWindow']),
                            target: '#LAST_ACK',
                            reenter: true,
                            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'sendFin'],
                            description:
                              'ackOnRetransmittedFin (Linux tcp_sequence): the ACK on the retransmitted FIN is read; our FIN was not sent, so it covers the data a timeout resent, which ends the loss window: the queued data leaves, then the FIN (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
                          },
                        ],
                        RCV_FIN_ACK: [
                          {
                            guard: and(['ackOnRetransmittedFin', 'closeQueued', 'lossWindow']),
                            target: '#LAST_ACK',
                            reenter: true,
                            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'sendFin'],
                            description:
                              'ackOnRetransmittedFin (Linux tcp_sequence): the ACK on the retransmitted FIN is read; our FIN was not sent, so it covers the data a timeout resent, which ends the loss window: the queued data leaves, then the FIN (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
                          },
                          {
                            guard: and(['ackOnRetransmittedFin', not('closeQueued')]),
                            target: '#CLOSED',
                            actions: 'acknowledgeAll',
                            description:
                              'ackOnRetransmittedFin (Linux tcp_sequence): the ACK on the retransmitted FIN acknowledges our FIN: CLOSED, nothing sent (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
                          },
                        ],
                      },
                      after: {
                        RTO: [
                          {
                            guard: and(['finResentWithData', 'dataOutstanding', 'retriesLeft', not('closeQueued')]),
                            target: '#LAST_ACK',
                            reenter: true,
                            actions: ['backOff', 'sendData', 'sendFin'],
                            description:
                              'finResentWithData (Linux): the timeout resends the data and the FIN behind it (where RFC 6298 §5.4 resends the oldest segment only); a FIN still queued behind the loss window was never sent',
                          },
                          {
                            guard: and(['dataOutstanding', 'retriesLeft']),
                            target: '#LAST_ACK',
                            reenter: true,
                            actions: ['backOff', 'sendData'],
                            description:
                              'RFC 6298 §5.4: the oldest unacknowledged segment, data sent before the FIN, is retransmitted first',
                          },
                          {
                            guard: and(['retriesLeft', not('closeQueued')]),
                            target: '#LAST_ACK',
                            reenter: true,
                            actions: ['backOff', 'sendFin'],
                            description:
                              'RFC 6298 §5.4–§5.6: the FIN is retransmitted and the RTO doubled (a FIN still queued behind a zero window is no segment sent: the persist timer runs instead)',
                          },
                          {
                            guard: or(['dataOutstanding', not('closeQueued')]),
                            target: '#CLOSED',
                            actions: {
                              type: 'signalUser',
                              params: { reason: 'connection aborted due to user timeout' },
                            },
                            description:
                              'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
                          },
                        ],
                        PERSIST: {
                          guard: and(['closeQueued', 'sendWindowZero', 'persistBeforeUserTimeout']),
                          target: '#LAST_ACK',
                          reenter: true,
                          actions: ['sendProbe', 'backOffPersist'],
                          description:
                            'RFC 9293 §3.8.6.1: the data and the FIN behind it wait for the zero window; a zero-window probe, one octet at SND.UNA, and the next waits twice as long, up to maxRto (SHLD-29, SHLD-30)',
                        },
                        USER_TIMEOUT: {
                          guard: or(['userTimerRunning', and(['userTimeoutSet', not('closeQueued')])]),
                          target: '#CLOSED',
                          actions: { type: 'signalUser', params: { reason: 'connection aborted due to user timeout' } },
                          description:
                            'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (data, a probe\'s octet or our FIN) waited userTimeout ms unacknowledged: "flush all queues, signal the user \"error: connection aborted due to user timeout\" ... enter the CLOSED state" (no RST is sent)',
                        },
                      },
                    },

                    TIME_WAIT: {
                      id: 'TIME_WAIT',
                      description:
                        'Waiting for enough time to pass to be sure the remote TCP received the acknowledgment of its connection termination request, and to avoid new connections being impacted by delayed segments from previous connections (RFC 9293 §3.3.2). The active closer waits 2 MSL: netstat shows TIME_WAIT. ss shows TIME-WAIT.',
                      meta: {
                        netstat: 'TIME_WAIT',
                        ss: 'TIME-WAIT',
                        ignored: {},
                      },
                      on: {
                        RCV_ACK: [
                          {
                            guard: 'timeWaitBareAckUnanswered',
                            target: '#TIME_WAIT',
                            reenter: true,
                            description:
                              'timeWaitBareAckUnanswered (Linux tcp_timewait_state_process, lwIP tcp_timewait_input): a bare ACK at RCV.NXT is not answered; the 2 MSL timer restarts (where RFC 9293 §3.10.7.4 (fifth) acknowledges it)',
                          },
                          {
                            target: '#TIME_WAIT',
                            reenter: true,
                            actions: 'sendAck',
                            description:
                              'RFC 9293 §3.10.7.4 (fifth), TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout." An acceptable ACK reaches this step and is answered so',
                          },
                        ],
                        RCV_FIN: {
                          target: '#TIME_WAIT',
                          reenter: true,
                          actions: 'sendAck',
                          description:
                            'RFC 9293 §3.10.7.4 (eighth), RFC 1122 §4.2.2.13: a retransmitted FIN is acknowledged and the 2 MSL timer restarts',
                        },
                        RCV_FIN_ACK: {
                          target: '#TIME_WAIT',
                          reenter: true,
                          actions: 'sendAck',
                          description:
                            'RFC 9293 §3.10.7.4 (eighth), RFC 1122 §4.2.2.13: a retransmitted FIN is acknowledged and the 2 MSL timer restarts',
                        },
                        RCV_RST: {
                          guard: 'rfc1337',
                          description:
                            'RFC 1337 §3 (TIME-WAIT assassination): with rfc1337 set, a RST in TIME-WAIT is ignored',
                        },
                        RCV_RST_IN_WINDOW: [
                          {
                            guard: 'rfc1337',
                            description:
                              'RFC 1337 §3 (TIME-WAIT assassination): "ignore RST segments in TIME-WAIT state": with rfc1337 set, one inside the window gets no challenge ACK either',
                          },
                          {
                            guard: 'timeWaitInWindowRstDropped',
                            description:
                              'timeWaitInWindowRstDropped (Linux tcp_timewait_state_process): a RST not at RCV.NXT is dropped silently (where RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2 send a challenge ACK)',
                          },
                        ],
                        RCV_SYN_IN_WINDOW: {
                          guard: 'timeWaitInWindowSynReset',
                          actions: 'sendRst',
                          description:
                            'timeWaitInWindowSynReset (lwIP tcp_timewait_input): "If the SYN is in the window it is an error, send a reset": <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, TIME-WAIT and its timer go on (where RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2 send a challenge ACK)',
                        },
                        ABORT: {
                          guard: 'timeWaitWithoutHandle',
                          description:
                            "timeWaitWithoutHandle (Linux): close() reaches the user's CLOSED socket, not the time-wait socket: TIME-WAIT goes on (where RFC 9293 §3.10.4/§3.10.5 act on the TCB)",
                        },
                        CLOSE: [
                          {
                            guard: 'timeWaitWithoutHandle',
                            actions: { type: 'rejectCall', params: { reason: 'connection does not exist' } },
                            description:
                              "timeWaitWithoutHandle (Linux): shutdown() on the user's CLOSED socket gives ENOTCONN (where RFC 9293 §3.10.4/§3.10.5 act on the TCB)",
                          },
                          {
                            actions: { type: 'rejectCall', params: { reason: 'connection closing' } },
                            description: 'RFC 9293 §3.10.4: "error: connection closing"',
                          },
                        ],
                        RCV_DATA: {
                          target: '#TIME_WAIT',
                          reenter: true,
                          actions: 'sendAck',
                          description:
                            'RFC 9293 §3.10.7.4 (fifth), TIME-WAIT: an acceptable segment reaches this step: "Acknowledge it, and restart the 2 MSL timeout"; its text, after the peer\'s FIN, is ignored (seventh: "this should not occur")',
                        },
                      },
                      after: {
                        TWO_MSL: {
                          target: '#CLOSED',
                          description:
                            'RFC 9293 §3.10.8: when the time-wait timeout expires the TCB is deleted: CLOSED',
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});

export type TcpMachine = typeof tcpMachine;
