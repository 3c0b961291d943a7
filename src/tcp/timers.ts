/**
 * The timers (gVisor's timer.go): the retransmission timer (RFC 6298), the
 * persist timer (RFC 9293 §3.8.6.1), the delayed ACK (§3.8.6.3), the
 * 2 MSL wait of TIME-WAIT and the USER TIMEOUT (§3.10.8). They are deadlines
 * in the TCB (the user timeout's derived from it), so a TCB can be copied and
 * restored; one clock timer (`ConnectionTimer`) is armed for the earliest,
 * and `expireTimers` does what the deadlines that have passed call for.
 */
import type { Clock, TimerId } from '../net/clock';
import type { ConnectionContext } from './context';
import { backedOffRto } from './rtt';
import { probeZeroWindow, retransmitEarliest, sendAck } from './sendSide';
import type { Tcb } from './tcb';

/** The one clock timer of a connection, due at the earliest deadline in its TCB. */
export class ConnectionTimer {
  private armed: { id: TimerId; at: number } | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly fire: () => void,
  ) {}

  /** Arms (or re-arms) the clock timer for the earliest deadline in `tcb`. */
  arm(tcb: Tcb): void {
    // Called on every user call, segment and timer: no array of the deadlines is built.
    const earliest = earlier(
      earlier(earlier(tcb.retransmitDeadline, tcb.persistDeadline), earlier(tcb.timeWaitDeadline, tcb.ackDeadline)),
      userTimeoutDeadline(tcb),
    );
    const armed = this.armed;
    // A timer already due no later than the earliest deadline stays: it wakes us and we re-arm then.
    // With no deadline at all (CLOSED, LISTEN, an idle connection) it goes: the clock holds nothing of ours.
    if (armed !== null && armed.at <= earliest && earliest !== Number.POSITIVE_INFINITY) return;
    if (armed !== null) {
      this.clock.clearTimer(armed.id);
      this.armed = null;
    }
    if (earliest === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, earliest - this.clock.now());
    this.armed = {
      id: this.clock.setTimer(delay, () => {
        this.armed = null;
        this.fire();
      }),
      at: earliest,
    };
  }

  /** Forgets the clock timer without clearing it: the clock was reset and holds none of ours. */
  forget(): void {
    this.armed = null;
  }
}

/** The earlier of two deadlines, a missing one (null) being never. */
function earlier(a: number | null, b: number | null): number {
  const first = a ?? Number.POSITIVE_INFINITY;
  const second = b ?? Number.POSITIVE_INFINITY;
  return first < second ? first : second;
}

/** RFC 9293 §3.10.7.4: entering TIME-WAIT "turn[s] off the other timers" and starts the 2 MSL wait. */
export function startTimeWait(tcb: Tcb, now: number, msl: number): void {
  tcb.retransmitDeadline = null;
  tcb.persistDeadline = null;
  tcb.ackDeadline = null;
  tcb.timeWaitDeadline = now + 2 * msl;
}

/** The clock timer fired: act on every deadline that has passed. */
export function expireTimers(context: ConnectionContext): void {
  const now = context.now();
  const tcb = context.tcb;
  if (tcb.timeWaitDeadline !== null && tcb.timeWaitDeadline <= now) {
    context.setState('CLOSED', { kind: 'timer', timer: 'time-wait' });
    return;
  }
  const userTimeoutAt = userTimeoutDeadline(tcb);
  if (userTimeoutAt !== null && userTimeoutAt <= now) {
    giveUp(context);
    return;
  }
  if (tcb.retransmitDeadline !== null && tcb.retransmitDeadline <= now) {
    onRetransmissionTimeout(context);
  }
  if (context.tcb.persistDeadline !== null && context.tcb.persistDeadline <= now) {
    probeZeroWindow(context);
  }
  // RFC 9293 §3.8.6.3: no segment carried the pending ACK in time (a retransmission above would have).
  if (context.tcb.ackDeadline !== null && context.tcb.ackDeadline <= now) sendAck(context);
}

/**
 * When the USER TIMEOUT (RFC 9293 §3.10.8; RFC 5482 §3: how long "transmitted
 * data may remain unacknowledged before a connection is forcefully closed")
 * runs out: the oldest unacknowledged segment (data, SYN, FIN, or a
 * zero-window probe's byte) first sent `userTimeout` ms ago, while the
 * retransmission or persist timer runs. Null with no user timeout or
 * nothing waiting for an ACK.
 *
 * Where Linux differs (net/ipv4/tcp_timer.c): it counts from the first
 * retransmission (`retrans_stamp`, set in tcp_output.c's
 * tcp_retransmit_skb), not from the first transmission, and looks only when
 * the retransmission timer fires (`tcp_write_timeout` →
 * `retransmits_timed_out`, with the RTO cut to the time left by
 * `tcp_clamp_rto_to_user_timeout`), after at least one retransmission;
 * the persist timer counts from its first probe (`icsk_probes_tstamp` in
 * `tcp_probe_timer`). So Linux gives up one RTO or so later than this, and
 * with a user timeout shorter than the RTO it resends once first; here the
 * timeout is its own timer, as RFC 9293 §3.10.8 lists it.
 */
export function userTimeoutDeadline(tcb: Readonly<Tcb>): number | null {
  if (tcb.userTimeout === 0) return null;
  if (tcb.retransmitDeadline === null && tcb.persistDeadline === null) return null;
  const oldest = tcb.sendTimes[0];
  return oldest === undefined ? null : oldest.at + tcb.userTimeout;
}

/**
 * R2 reached, or the USER TIMEOUT ran out: RFC 9293 §3.10.8 "flush all
 * queues, signal the user 'error: connection aborted due to user timeout'
 * ... enter the CLOSED state". No RST is sent; a passively opened
 * connection in SYN-RECEIVED returns to LISTEN. See docs/implementation.md.
 */
function giveUp(context: ConnectionContext): void {
  const cause = { kind: 'timer', timer: 'retransmission' } as const;
  const passiveHalfOpen = context.tcb.state === 'SYN_RECEIVED' && context.tcb.passive;
  if (passiveHalfOpen) context.setState('LISTEN', cause);
  else context.setState('CLOSED', cause, 'connection aborted due to user timeout');
}

/** RFC 6298 §5.4–§5.6, RFC 9293 §3.8.3. */
function onRetransmissionTimeout(context: ConnectionContext): void {
  const tcb = context.tcb;
  const options = context.options;
  // With a USER TIMEOUT, a synchronized connection gives up by time alone, as Linux's
  // tcp_write_timeout passes icsk_user_timeout to retransmits_timed_out in place of tcp_retries2
  // (RFC 1122 §4.2.3.5: "An application MUST be able to set the value for R2"); the SYN states
  // keep their count besides, as Linux keeps tcp_syn_retries.
  const countLimits = tcb.userTimeout === 0 || tcb.synOutstanding;
  if (countLimits && tcb.retries >= options.maxRetries) {
    giveUp(context);
    return;
  }
  tcb.retries += 1;
  tcb.rto = backedOffRto(tcb.rto, options);
  if (tcb.synOutstanding) tcb.synTimedOut = true;
  tcb.dupAcks = 0;
  // RFC 6582 §3.2 "Retransmit timeouts": record the highest sequence number sent in `recover` and leave fast
  // recovery: until an ACK covers it, duplicates start no fast retransmit (§4: they may be the timeout's own echo).
  tcb.recoverySeq = tcb.sndNxt;
  tcb.fastRecovery = false;
  retransmitEarliest(context);
  // RFC 6298 §5: after a timeout a new RTT measurement "can only happen when new data has been sent and
  // acknowledged". The one MSS resent need not cover all that was outstanding (several segments in flight): the
  // rest counts as resent for Karn's rule too (§3), as Linux marks it all lost (tcp_enter_loss) and lwIP requeues it
  // all (tcp_rexmit_rto), both to resend it. Its sample would time the timeout, not the path. That holds too when
  // what was resent is a SYN-ACK alone with a FIN sent behind it (CLOSE in SYN-RECEIVED).
  tcb.resentEnd = tcb.sndNxt;
  tcb.retransmitDeadline = context.now() + tcb.rto;
}
