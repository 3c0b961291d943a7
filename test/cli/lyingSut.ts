/**
 * A system under test that lies: TcpConnection, except that it reports
 * ESTABLISHED whenever the connection is in SYN-RECEIVED. Every path through
 * a passive open's handshake must fail on the step into SYN-RECEIVED, and
 * nothing else may fail; the check's counting, reporting and fixtures are
 * tested against it.
 */
import type { TcpInput } from '../../machines/tcp.machine';
import type { ModelGraph } from '../../src/mbt/modelGraph';
import type { ModelStep, StepObservation, SystemUnderTest } from '../../src/mbt/sut';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';

export const LYING_SUT_NAME = 'lying TcpConnection';

export class LyingSut implements SystemUnderTest {
  readonly name = LYING_SUT_NAME;
  private readonly honest: TcpConnectionSut;

  constructor(input: TcpInput) {
    this.honest = new TcpConnectionSut(input);
  }

  reset(): void {
    this.honest.reset();
  }

  step(step: ModelStep): StepObservation {
    const observed = this.honest.step(step);
    return observed.state === 'SYN_RECEIVED' ? { ...observed, state: 'ESTABLISHED' } : observed;
  }
}

export function lyingSut(graph: ModelGraph): SystemUnderTest {
  return new LyingSut(graph.input);
}
