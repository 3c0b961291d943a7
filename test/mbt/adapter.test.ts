/**
 * The adapter and the runner catch a wrong implementation and say where:
 * a connection whose output is tampered with must fail with the path
 * printed, the failing step marked, and expected beside seen.
 */
import type { ModelStep, StepObservation, SystemUnderTest } from '../../src/mbt/sut';
import { formatPathResult, pathFixture, runPath } from '../../src/mbt/runner';
import { checkSent, describeSegment, freshPeer } from '../../src/mbt/scriptedPeer';
import {
  checkStateChanges,
  LOCAL_PORT,
  REMOTE_PORT,
  SEND_PAYLOAD,
  TcpConnectionSut,
} from '../../src/mbt/tcpConnectionSut';
import { parseFlags, type Segment } from '../../src/wire/segment';
import { graphFor } from './fixtures';
import { revive, store, type StoredGraph } from './graphCache';

const graph = graphFor('rfc9293');

/** A model step that is not a timer's, refuses nothing and signals nothing: only what it sends varies. */
const immediateStep = (
  event: ModelStep['event'],
  from: ModelStep['from'],
  to: ModelStep['to'],
  sends: ModelStep['sends'],
): ModelStep => ({ event, from, to, sends, rejects: null, signals: null, delayMs: null, resends: false });

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
  const sut = tampered((step, observed) => (step.event === 'RCV_SYN_ACK' ? { ...observed, sent: [] } : observed));
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
  sut.step(immediateStep('ACTIVE_OPEN', 'CLOSED', 'SYN_SENT', ['sendSyn']));
  const observed = sut.step(immediateStep('RCV_SYN_ACK', 'SYN_SENT', 'ESTABLISHED', ['sendAck']));
  expect(observed.problems).toEqual([]);
  // A step whose model state after the FIN is CLOSED: the peer then expects RCV.NXT to stay at 5001,
  // so the ACK of the FIN (5002) is flagged as acknowledging the wrong byte.
  const wrong = sut.step(immediateStep('RCV_FIN', 'ESTABLISHED', 'CLOSED', ['sendAck']));
  expect(wrong.problems.join('\n')).toContain('expected RCV.NXT = 5001');
});

test('the graph files shared by the test files give back the compiled graph (test/mbt/graphCache.ts)', () => {
  const revived = revive(JSON.parse(JSON.stringify(store(graph))) as StoredGraph, graph.machine);
  expect(revived).toEqual(graph);
  expect(revived.nodes[3]!.edges[0]).toBe(revived.edges[revived.nodes[3]!.edges[0]!.index]);
});

test('a timer that fires before the model says is a problem, even if it fires', () => {
  const early = new TcpConnectionSut({ ...graph.input, rto: 600 });
  const afterRto = graph.nodes[graph.nodes[0]!.edgeByEvent.get('ACTIVE_OPEN')!.to]!.edges.find(
    (e) => e.delayMs !== null,
  )!;
  const result = runPath(graph, early, ['ACTIVE_OPEN', afterRto.event]);
  expect(formatPathResult(result)).toContain("MISMATCH: a timer fired before the model's 1000 ms");
});

const ACK_DELAY_PATH = ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'RCV_DATA', 'xstate.after.ACK_DELAY.ESTABLISHED'] as const;

test("a delayed ACK sent before the model's ACK_DELAY is a problem (RFC 9293 §3.8.6.3)", () => {
  const early = new TcpConnectionSut({ ...graph.input, ackDelay: 20 });
  expect(formatPathResult(runPath(graph, early, ACK_DELAY_PATH))).toContain(
    "MISMATCH: a timer fired before the model's 40 ms",
  );
});

test('an ACK sent at once where the model delays it is a problem on the data step', () => {
  const quick = new TcpConnectionSut({ ...graph.input, ackDelay: 0 });
  const result = runPath(graph, quick, ACK_DELAY_PATH);
  expect(result.passed).toBe(false);
  expect(result.failedAt).toBe(2);
});

test('the delayed ACK at the model’s 40 ms passes', () => {
  expect(runPath(graph, new TcpConnectionSut(graph.input), ACK_DELAY_PATH).passed).toBe(true);
});

test("state events follow the model's transition and name the step's event as their cause", () => {
  const step = immediateStep('CLOSE', 'ESTABLISHED', 'FIN_WAIT_1', ['sendFin']);
  const cause = { kind: 'call', call: 'close' } as const;
  expect(checkStateChanges(step, [{ from: 'ESTABLISHED', to: 'FIN_WAIT_1', cause }], null)).toEqual([]);
  expect(checkStateChanges(step, [], null)).toEqual(['state events [] for ESTABLISHED -> FIN_WAIT_1']);
  expect(
    checkStateChanges(step, [{ from: 'ESTABLISHED', to: 'FIN_WAIT_1', cause: { kind: 'call', call: 'abort' } }], null),
  ).toEqual(['a state event caused by {"kind":"call","call":"abort"} on CLOSE']);
});

describe('the scripted peer checks what RFC 9293 fixes beyond the model', () => {
  const established = () => {
    const peer = freshPeer(LOCAL_PORT, REMOTE_PORT);
    Object.assign(peer, { iss: 1000, nxt: 1001, starts: [1000], userBytes: SEND_PAYLOAD.length });
    return peer;
  };
  const send = immediateStep('SEND', 'ESTABLISHED', 'ESTABLISHED', ['sendData']);
  const data = (change: Partial<Segment>): Segment => ({
    srcPort: LOCAL_PORT,
    dstPort: REMOTE_PORT,
    seq: 1001,
    ack: 5001,
    flags: parseFlags('P.'),
    window: 65535,
    payload: SEND_PAYLOAD,
    ...change,
  });
  const problems = (segment: Segment) => checkSent(established(), send, [segment], null).problems.join('\n');

  test('data is the bytes SEND handed over, at their place in the stream', () => {
    expect(problems(data({}))).toBe('');
    expect(problems(data({ payload: new TextEncoder().encode('hello, TCP') }))).toContain(
      'byte 7 of the stream is not the one SEND handed over',
    );
    expect(problems(data({ payload: new Uint8Array(11) }))).toContain(
      'bytes 0..11 of the stream, but SEND handed over 10',
    );
  });

  test('the segment with the last byte handed over has PSH (RFC 9293 §3.9.1.2)', () => {
    expect(problems(data({ flags: parseFlags('.') }))).toContain('goes without PSH');
  });

  test('a window is offered while the receive buffer is empty', () => {
    expect(problems(data({ window: 0 }))).toContain('window 0 with an empty receive buffer');
  });

  test('a SYN carries the MSS option (RFC 9293 §3.7.1)', () => {
    const open = immediateStep('ACTIVE_OPEN', 'CLOSED', 'SYN_SENT', ['sendSyn']);
    const syn = data({ seq: 1000, ack: 0, flags: parseFlags('S'), payload: new Uint8Array(0) });
    const peer = freshPeer(LOCAL_PORT, REMOTE_PORT);
    expect(checkSent(peer, open, [syn], null).problems).toEqual([
      `${describeSegment(syn)}: a SYN without the MSS option (RFC 9293 §3.7.1)`,
    ]);
    expect(
      checkSent(freshPeer(LOCAL_PORT, REMOTE_PORT), open, [{ ...syn, options: { mss: 1460 } }], null).problems,
    ).toEqual([]);
  });
});
