/**
 * TcpConnection with one deliberate fault in its hidden context: after a
 * given step, one TCB variable is left as it should not be. The step itself
 * looks right on the wire (same state, same segments); only later steps can
 * show it. Such a transfer fault is what `transitions` cannot catch by
 * construction and the m-complete suites (`wp:k`) must.
 *
 * The fault is applied through the adapter's own snapshot and restore, so
 * src/tcp stays as it is.
 */
import type { TcpInput } from '../../machines/tcp.machine';
import type { ModelStep, StepObservation, SystemUnderTest } from '../../src/mbt/sut';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import type { Tcb } from '../../src/tcp/tcb';

export interface Fault {
  readonly name: string;
  /** Whether the fault strikes on this step, given the TCB before it. */
  applies(step: ModelStep, before: Readonly<Tcb>): boolean;
  /** Spoils the TCB after the step. */
  corrupt(tcb: Tcb): void;
}

/**
 * Miscounts a retry: a SEND in SYN-SENT after the SYN timed out counts as one
 * more retransmission (RFC 9293 §3.8.3 counts only timeouts), so the
 * connection gives up one SYN retransmission early.
 */
export const SEND_COUNTS_AS_RETRY: Fault = {
  name: 'a SEND in SYN-SENT after a SYN timeout counts as a retry',
  applies: (step, before) => step.from === 'SYN_SENT' && step.event === 'SEND' && before.retries > 0,
  corrupt: (tcb) => {
    tcb.retries += 1;
  },
};

/**
 * Forgets the queued FIN: a CLOSE in SYN-RECEIVED with data queued waits for
 * ESTABLISHED (RFC 9293 §3.10.4), but a SEND refused meanwhile ("connection
 * closing") drops it, so the FIN never leaves.
 */
export const REFUSED_SEND_DROPS_QUEUED_CLOSE: Fault = {
  name: 'a refused SEND in SYN-RECEIVED drops the queued CLOSE',
  applies: (step, before) => step.from === 'SYN_RECEIVED' && step.event === 'SEND' && before.closeQueued,
  corrupt: (tcb) => {
    tcb.closeQueued = false;
  },
};

type AdapterSnapshot = ReturnType<TcpConnectionSut['snapshot']>;

export class FaultyTcpSut implements SystemUnderTest<AdapterSnapshot> {
  readonly name: string;
  private readonly honest: TcpConnectionSut;

  constructor(
    input: TcpInput,
    private readonly fault: Fault,
  ) {
    this.honest = new TcpConnectionSut(input);
    this.name = `TcpConnection where ${fault.name}`;
  }

  reset(): void {
    this.honest.reset();
  }

  /** The fault lives in the TCB, so the honest adapter's snapshot holds it. */
  snapshot(): AdapterSnapshot {
    return this.honest.snapshot();
  }

  restore(snapshot: AdapterSnapshot): void {
    this.honest.restore(snapshot);
  }

  step(step: ModelStep): StepObservation {
    const before = this.honest.snapshot().connection;
    const observed = this.honest.step(step);
    if (this.fault.applies(step, before)) {
      const after = this.honest.snapshot();
      this.fault.corrupt(after.connection);
      this.honest.restore(after);
    }
    return observed;
  }
}
