/**
 * The USER TIMEOUT (RFC 9293 §3.10.8; RFC 5482 §3: how long "transmitted
 * data may remain unacknowledged before a connection is forcefully closed")
 * as the model drives it on the usertimeout profile (`userTimeout: 2500`,
 * `maxRetries: 1`): its own timer, from the first sending of the oldest
 * segment outstanding, between the retransmissions and the probes. Scenarios
 * against TcpConnection through the adapter, the model's inputs, and
 * TcpConnections that count the user timeout otherwise, which fail.
 */
import { DEFAULT_INPUT } from '../../machines/tcp.machine';
import { checkModelInput, ModelInputError } from '../../src/mbt/modelInput';
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { transitionsSuite } from '../../src/mbt/suites';
import type { Tcb } from '../../src/tcp/tcb';
import { FaultyTcpSut, type Fault } from './faultyTcp';
import { expectEveryEdgePasses, graphFor, sutFor } from './fixtures';

const graph = graphFor('usertimeout');
const USER_TIMEOUT = graph.input.userTimeout!;

const after = (delay: string, state: string) => `xstate.after.${delay}.${state}` as ModelEventType;
const ESTABLISHED: readonly ModelEventType[] = ['ACTIVE_OPEN', 'RCV_SYN_ACK'];

/** Plays `events` on TcpConnection: each step's state, delay and signal, or the failing path. */
function played(events: readonly ModelEventType[]): { to: string; delayMs: number | null; signals: string | null }[] {
  const result = runPath(graph, sutFor(graph), events);
  if (!result.passed) throw new Error(`the implementation disagrees with the model:\n${formatPathResult(result)}`);
  return result.steps.map(({ step }) => ({ to: step.to, delayMs: step.delayMs, signals: step.signals }));
}

test('the data gives up 2500 ms after its first sending: one retransmission at 1000 ms, then the user timeout at 1500', () => {
  const steps = played([...ESTABLISHED, 'SEND', after('RTO', 'ESTABLISHED'), after('USER_TIMEOUT', 'ESTABLISHED')]);
  expect(steps.slice(-2)).toEqual([
    { to: 'ESTABLISHED', delayMs: 1000, signals: null },
    { to: 'CLOSED', delayMs: USER_TIMEOUT - 1000, signals: 'connection aborted due to user timeout' },
  ]);
  // With no user timeout and no retransmission left (maxRetries 0), the same data gives up at its first timeout.
  const counted = walk(graphFor('rcvbuf'), [...ESTABLISHED, 'SEND', after('RTO', 'ESTABLISHED')]).at(-1)!;
  expect([counted.delayMs, counted.signals]).toEqual([1000, 'connection aborted due to user timeout']);
});

test('an ACK of everything stops the user timeout; the next SEND starts it afresh', () => {
  // The ACK of the resent data gives no RTT sample (Karn, RFC 6298 §3): the RTO stays at 2000 ms.
  const events = [...ESTABLISHED, 'SEND', after('RTO', 'ESTABLISHED'), 'RCV_ACK', 'SEND'] as ModelEventType[];
  const steps = played([...events, after('RTO', 'ESTABLISHED'), after('USER_TIMEOUT', 'ESTABLISHED')]);
  expect(steps.slice(-2)).toEqual([
    { to: 'ESTABLISHED', delayMs: 2000, signals: null },
    { to: 'CLOSED', delayMs: USER_TIMEOUT - 2000, signals: 'connection aborted due to user timeout' },
  ]);
});

test("a zero window: the first probe's octet starts the user timeout, which ends the probing between two probes", () => {
  const probing = [...ESTABLISHED, 'RCV_WINDOW_ZERO', 'SEND', after('PERSIST', 'ESTABLISHED')] as ModelEventType[];
  const steps = played([...probing, after('PERSIST', 'ESTABLISHED'), after('USER_TIMEOUT', 'ESTABLISHED')]);
  expect(steps.slice(-3).map((step) => [step.to, step.delayMs])).toEqual([
    ['ESTABLISHED', 1000],
    ['ESTABLISHED', 2000],
    ['CLOSED', USER_TIMEOUT - 2000],
  ]);
});

test('a FIN sent behind data keeps its own age once the data is acknowledged (FIN-WAIT-1 to CLOSING)', () => {
  // The data leaves at 0 and is resent at 1000; the FIN leaves at 1000; the peer's FIN acknowledges the data only.
  // The FIN is resent at 3000 (the RTO backed off to 2000) and given up at 3500, 2500 ms after its first sending:
  // counted from the data's, the user timeout would have ended it at 2500, before that RTO.
  const events = [...ESTABLISHED, 'SEND', after('RTO', 'ESTABLISHED'), 'CLOSE', 'RCV_FIN'] as ModelEventType[];
  const steps = played([...events, after('RTO', 'CLOSING'), after('USER_TIMEOUT', 'CLOSING')]);
  expect(steps.slice(-2)).toEqual([
    { to: 'CLOSING', delayMs: 2000, signals: null },
    { to: 'CLOSED', delayMs: USER_TIMEOUT - 2000, signals: 'connection aborted due to user timeout' },
  ]);
});

test('the SYN states give up by the user timeout too, after one retransmission (maxRetries 1 would at 3000 ms)', () => {
  expect(played(['ACTIVE_OPEN', after('RTO', 'SYN_SENT'), after('USER_TIMEOUT', 'SYN_SENT')]).at(-1)).toEqual({
    to: 'CLOSED',
    delayMs: USER_TIMEOUT - 1000,
    signals: 'connection aborted due to user timeout',
  });
  const passive = ['PASSIVE_OPEN', 'RCV_SYN', after('RTO', 'HALF_SYNCHRONIZED')] as ModelEventType[];
  expect(played([...passive, after('USER_TIMEOUT', 'HALF_SYNCHRONIZED')]).at(-1)).toEqual({
    to: 'LISTEN',
    delayMs: USER_TIMEOUT - 1000,
    signals: null,
  });
});

test('every transition of the usertimeout profile passes on TcpConnection, the user timeout acting in all seven states', () => {
  expect(expectEveryEdgePasses(graph, sutFor(graph))).toBe(graph.edges.length);
  const acting = graph.edges.filter(
    (edge) => /USER_TIMEOUT/.test(edge.event) && graph.nodes[edge.to]!.state !== graph.nodes[edge.from]!.state,
  );
  expect(new Set(acting.map((edge) => graph.nodes[edge.from]!.state))).toEqual(
    new Set(['SYN_SENT', 'SYN_RECEIVED', 'ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT_1', 'CLOSING', 'LAST_ACK']),
  );
});

test('without a user timeout no profile has a USER_TIMEOUT event', () => {
  for (const name of ['rfc9293', 'quickack', 'rcvbuf', 'bigsend']) {
    expect(graphFor(name).edges.filter((edge) => /USER_TIMEOUT/.test(edge.event))).toEqual([]);
  }
});

describe('the model input', () => {
  test('userTimeout and retryTimeLimit are two ways to give up by time: one of them', () => {
    expect(() => checkModelInput({ userTimeout: 2500, retryTimeLimit: 5000 })).toThrow(
      'input.userTimeout and input.retryTimeLimit are two ways to give up by time: set one of them',
    );
  });

  test('a user timeout that allows more retransmissions than the graph bounds is refused', () => {
    expect(() => checkModelInput({ userTimeout: 3_600_000 })).toThrow(ModelInputError);
    expect(() => checkModelInput({ userTimeout: 3_600_000 })).toThrow(
      'input.userTimeout 3600000 ms allows more than 12 retransmissions at these RTOs (the limit of maxRetries)',
    );
    expect(checkModelInput({ userTimeout: 2500 })).toEqual({ userTimeout: 2500 });
    expect(DEFAULT_INPUT.userTimeout).toBe(0);
  });
});

/** How many of the usertimeout profile's transitions paths a TcpConnection with `fault` fails. */
function failingPaths(fault: Fault): number {
  const sut = new FaultyTcpSut(graph.input, fault);
  return transitionsPaths().filter((events) => !runPath(graph, sut, events).passed).length;
}

let transitions: (readonly ModelEventType[])[] | undefined;
/** The profile's transitions suite, built once for both faults. */
function transitionsPaths(): (readonly ModelEventType[])[] {
  return (transitions ??= transitionsSuite(graph).map((path) => path.events));
}

describe('TcpConnections that count the user timeout otherwise fail', () => {
  test('counting from the last retransmission (as Linux counts from the first retransmission, not the sending)', () => {
    const fromRetransmission: Fault = {
      name: 'the user timeout counts from the last retransmission',
      applies: (step) => step.event.startsWith('xstate.after.RTO.'),
      corrupt: (tcb: Tcb) => {
        const oldest = tcb.sendTimes[0];
        if (oldest !== undefined && tcb.retransmitDeadline !== null) oldest.at = tcb.retransmitDeadline - tcb.rto;
      },
    };
    expect(failingPaths(fromRetransmission)).toBe(218);
  });

  test('no user timeout while the persist timer runs', () => {
    const notWhileProbing: Fault = {
      name: 'the persist timer stops the user timeout',
      applies: (step) => step.event.startsWith('xstate.after.PERSIST.'),
      corrupt: (tcb: Tcb) => {
        tcb.userTimeout = 0;
      },
    };
    expect(failingPaths(notWhileProbing)).toBe(148);
  });
});
