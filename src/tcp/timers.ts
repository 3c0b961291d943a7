/**
 * The timers (gVisor's timer.go): the retransmission timer (RFC 6298), the
 * persist timer (RFC 9293 §3.8.6.1), the delayed ACK (§3.8.6.3) and the
 * 2 MSL wait of TIME-WAIT (§3.10.8). They are deadlines in the TCB, so a TCB can be copied and
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
    let earliest = Number.POSITIVE_INFINITY;
    for (const deadline of [tcb.retransmitDeadline, tcb.persistDeadline, tcb.timeWaitDeadline, tcb.ackDeadline]) {
      if (deadline !== null && deadline < earliest) earliest = deadline;
    }
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
  if (tcb.retransmitDeadline !== null && tcb.retransmitDeadline <= now) {
    onRetransmissionTimeout(context);
  }
  if (context.tcb.persistDeadline !== null && context.tcb.persistDeadline <= now) {
    probeZeroWindow(context);
  }
  // RFC 9293 §3.8.6.3: no segment carried the pending ACK in time (a retransmission above would have).
  if (context.tcb.ackDeadline !== null && context.tcb.ackDeadline <= now) sendAck(context);
}

/** RFC 6298 §5.4–§5.6, RFC 9293 §3.8.3. */
function onRetransmissionTimeout(context: ConnectionContext): void {
  const tcb = context.tcb;
  const options = context.options;
  const cause = { kind: 'timer', timer: 'retransmission' } as const;
  if (tcb.retries >= options.maxRetries) {
    // R2 reached: the connection is closed without a RST; see docs/implementation.md.
    const passiveHalfOpen = tcb.state === 'SYN_RECEIVED' && tcb.passive;
    context.setState(
      passiveHalfOpen ? 'LISTEN' : 'CLOSED',
      cause,
      passiveHalfOpen ? undefined : 'connection aborted due to user timeout',
    );
    return;
  }
  tcb.retries += 1;
  tcb.rto = backedOffRto(tcb.rto, options);
  if (tcb.sndUna === tcb.iss) tcb.synTimedOut = true;
  tcb.dupAcks = 0;
  // RFC 6582 partial-ACK recovery belongs to fast retransmit; after a timeout each hole waits for its own.
  tcb.recoverySeq = null;
  retransmitEarliest(context);
  tcb.retransmitDeadline = context.now() + tcb.rto;
}
