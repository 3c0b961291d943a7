/**
 * The adapter and the runner catch a wrong implementation and say where:
 * a connection whose output is tampered with must fail with the path
 * printed, the failing step marked, and expected beside seen.
 */
import type { ModelStep, StepObservation, SystemUnderTest } from '../../src/mbt/sut';
import { formatPathResult, pathFixture, runPath } from '../../src/mbt/runner';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { graphFor } from './fixtures';

const graph = graphFor('rfc9293');

/** Wraps the real adapter and changes what it observed, like a buggy TCP would. */
function tampered(change: (step: ModelStep, observed: StepObservation) => StepObservation): SystemUnderTest {
  const inner = new TcpConnectionSut(graph.input);
  return {
    name: 'tampered',
    reset: () => inner.reset(),
    step: (step) => change(step, inner.step(step)),
  };
}

test('a missing ACK after SYN-ACK fails at that step, with the path printed', () => {
  const sut = tampered((step, observed) =>
    step.event === 'RCV_SYN_ACK' ? { ...observed, sent: [] } : observed,
  );
  const result = runPath(graph, sut, ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE']);
  expect(result.passed).toBe(false);
  expect(result.failedAt).toBe(1);
  const report = formatPathResult(result);
  expect(report).toContain('>> 2. SYN_SENT -RCV_SYN_ACK-> ESTABLISHED sends ACK');
  expect(report).toContain('MISMATCH: sent nothing, expected ACK');
  expect(report).toContain('(1 more step not run)');
});

test('a wrong state is reported beside the expected one', () => {
  const sut = tampered((step, observed) => (step.event === 'CLOSE' ? { ...observed, state: 'CLOSED' } : observed));
  const result = runPath(graph, sut, ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE']);
  expect(formatPathResult(result)).toContain('MISMATCH: state CLOSED, expected FIN_WAIT_1');
});

test('a call accepted where the RFC refuses it is reported with the RFC error', () => {
  const sut = tampered((step, observed) => (step.event === 'SEND' ? { ...observed, rejected: null } : observed));
  const result = runPath(graph, sut, ['SEND']);
  expect(formatPathResult(result)).toContain('the call was accepted, expected "error: connection does not exist"');
});

test('a failing path becomes a replayable JSON fixture', () => {
  const sut = tampered((step, observed) => (step.event === 'RCV_FIN' ? { ...observed, sent: [] } : observed));
  const result = runPath(graph, sut, ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'RCV_FIN']);
  const fixture = JSON.parse(JSON.stringify(pathFixture(graph.input, sut.name, result)));
  expect(fixture).toMatchObject({
    kind: 'tcp-statechart/path',
    input: graph.input,
    events: ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'RCV_FIN'],
    failedAt: 2,
  });
  expect(runPath(graph, sut, fixture.events).failedAt).toBe(2);
});

test('the adapter checks fields: an ACK of the wrong byte is a problem', () => {
  const sut = new TcpConnectionSut(graph.input);
  sut.reset();
  sut.step({ event: 'ACTIVE_OPEN', from: 'CLOSED', to: 'SYN_SENT', sends: ['sendSyn'], rejects: null, delayMs: null });
  const observed = sut.step({ event: 'RCV_SYN_ACK', from: 'SYN_SENT', to: 'ESTABLISHED', sends: ['sendAck'], rejects: null, delayMs: null });
  expect(observed.problems).toEqual([]);
  // A step whose model state after the FIN is CLOSED: the peer then expects RCV.NXT to stay at 5001,
  // so the ACK of the FIN (5002) is flagged as acknowledging the wrong byte.
  const wrong = sut.step({ event: 'RCV_FIN', from: 'ESTABLISHED', to: 'CLOSED', sends: ['sendAck'], rejects: null, delayMs: null });
  expect(wrong.problems.join('\n')).toContain('expected RCV.NXT = 5001');
});
