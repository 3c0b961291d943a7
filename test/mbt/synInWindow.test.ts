/**
 * A SYN inside the receive window (RFC 9293 §3.10.7.4 fourth step, RFC 5961
 * §4) as the model drives it: the peer's SYN at SEG.SEQ = RCV.NXT
 * (`RCV_SYN_IN_WINDOW`) passes the first two checks, so the fourth sees it.
 * A passively opened SYN-RECEIVED returns to LISTEN; an actively opened one
 * and the synchronized states answer with a challenge ACK
 * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it. One scenario per test,
 * against TcpConnection through the adapter; the Linux and lwIP profiles'
 * answers on the model; and TcpConnections without the fourth check, or that
 * answer a passive SYN-RECEIVED as a synchronized state, fail.
 */
import { LINUX_PROFILES } from '../../src/linux/profile';
import { LWIP_PROFILES } from '../../src/lwip/profile';
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import type { ConnectionContext } from '../../src/tcp/context';
import type { Segment } from '../../src/wire/segment';
// The compiled models, and the runs on TcpConnection.
import { answerOf, expectPassesThrough, graphFor, offeredAfter, pathsThatFail, statesOffering } from './fixtures';
import type * as FaultySegments from './faultySegments';
import { sentOn, sutFor, transitionsPathsWith } from './fixtures';

/**
 * Two faults of the fourth check (src/tcp/segmentArrives.ts), none unless a
 * test sets one: a SYN past the first two checks taken without its SYN bit
 * (no fourth check: the segment goes on to the ACK and text steps), and a
 * passively opened SYN-RECEIVED answered as an actively opened one (a
 * challenge ACK instead of LISTEN).
 */
let fault: 'no fourth check' | 'passive forgotten' | null = null;
jest.mock('../../src/tcp/segmentArrives', () =>
  jest.requireActual<typeof FaultySegments>('./faultySegments').rewritingSegmentArrives(faulty),
);

function faulty(context: ConnectionContext, segment: Segment): Segment {
  const { tcb } = context;
  const { syn, ack } = segment.flags;
  const synchronizing = tcb.state !== 'CLOSED' && tcb.state !== 'LISTEN' && tcb.state !== 'SYN_SENT';
  if (fault === null || !synchronizing || !syn || ack || segment.seq !== tcb.rcvNxt) return segment;
  if (fault === 'passive forgotten') tcb.passive = false;
  return fault === 'no fourth check' ? { ...segment, flags: { ...segment.flags, syn: false } } : segment;
}

afterEach(() => {
  fault = null;
});

const graph = graphFor('rfc9293');
const rcvbuf = graphFor('rcvbuf');
const SYN_RECEIVED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN'];
const ESTABLISHED: readonly ModelEventType[] = [...SYN_RECEIVED, 'RCV_ACK'];
const SIMULTANEOUS: readonly ModelEventType[] = ['ACTIVE_OPEN', 'RCV_SYN'];
const TIME_WAIT: readonly ModelEventType[] = [...ESTABLISHED, 'CLOSE', 'RCV_FIN_ACK'];
/** The challenge ACK in ESTABLISHED with nothing sent and nothing received: <SEQ=SND.NXT><ACK=RCV.NXT>. */
const CHALLENGE_ACK = '. 1001:1001(0) ack 5001 win 65535';

test('in ESTABLISHED a SYN at RCV.NXT gets a challenge ACK and the connection stays (RFC 5961 §4.2)', () => {
  expect(sentOn([...ESTABLISHED, 'RCV_SYN_IN_WINDOW'], graph).at(-1)).toEqual([CHALLENGE_ACK]);
  expect(runPath(graph, sutFor(graph), [...ESTABLISHED, 'RCV_SYN_IN_WINDOW', 'SEND']).passed).toBe(true);
});

test('after a passive OPEN, SYN-RECEIVED returns to LISTEN silently, and the next SYN opens a new connection', () => {
  const result = runPath(graph, sutFor(graph), [...SYN_RECEIVED, 'RCV_SYN_IN_WINDOW', 'RCV_SYN']);
  expect(result.passed).toBe(true);
  expect(result.steps.slice(-2).map((record) => [record.observed.state, record.observed.sent.length])).toEqual([
    ['LISTEN', 0],
    ['SYN_RECEIVED', 1],
  ]);
});

test('after an active OPEN (simultaneous open), SYN-RECEIVED answers as a synchronized state: a challenge ACK', () => {
  const result = runPath(graph, sutFor(graph), [...SIMULTANEOUS, 'RCV_SYN_IN_WINDOW']);
  expect(result.passed).toBe(true);
  const last = result.steps.at(-1)!;
  expect(last.observed.state).toBe('SYN_RECEIVED');
  expect(last.observed.sent.map((segment) => segment.text)).toEqual(['. 1001:1001(0) ack 5001 win 65535']);
});

test('the challenge ACK carries a delayed ACK pending, and the SYN-ACK’s timer runs on in SYN-RECEIVED', () => {
  const steps = sentOn([...ESTABLISHED, 'RCV_DATA', 'RCV_SYN_IN_WINDOW', 'xstate.after.ACK_DELAY.ESTABLISHED'], graph);
  expect(steps.slice(-2)).toEqual([['. 1001:1001(0) ack 5019 win 65517'], []]);
  expect(
    runPath(graph, sutFor(graph), [...SIMULTANEOUS, 'RCV_SYN_IN_WINDOW', 'xstate.after.RTO.HALF_SYNCHRONIZED']).passed,
  ).toBe(true);
});

test('in TIME-WAIT a SYN at RCV.NXT gets a challenge ACK acknowledging the FIN', () => {
  expect(sentOn([...TIME_WAIT, 'RCV_SYN_IN_WINDOW'], graph).at(-1)).toEqual(['. 1002:1002(0) ack 5002 win 65535']);
});

test('offered in SYN-RECEIVED and every synchronized state, not while the window offered is zero', () => {
  expect(statesOffering('RCV_SYN_IN_WINDOW', graph)).toEqual([
    'CLOSE_WAIT',
    'CLOSING',
    'ESTABLISHED',
    'FIN_WAIT_1',
    'FIN_WAIT_2',
    'LAST_ACK',
    'SYN_RECEIVED',
    'TIME_WAIT',
  ]);
  expect(offeredAfter(['PASSIVE_OPEN'], graph)).not.toContain('RCV_SYN_IN_WINDOW');
  expect(offeredAfter(['ACTIVE_OPEN'], graph)).not.toContain('RCV_SYN_IN_WINDOW');
  expect(offeredAfter([...ESTABLISHED, 'RCV_DATA'], rcvbuf)).toContain('RCV_SYN_IN_WINDOW');
  // A full buffer's zero window: the SYN's octet lies outside it, and the first check answers.
  expect(offeredAfter([...ESTABLISHED, 'RCV_DATA', 'RCV_DATA'], rcvbuf)).not.toContain('RCV_SYN_IN_WINDOW');
});

test('Linux: the request is dropped with a RST, the listener stays (tcp_check_req, embryonic_reset)', () => {
  const linux = LINUX_PROFILES[0]!.machine;
  expect(answerOf(linux, [...SYN_RECEIVED, 'RCV_SYN_IN_WINDOW'])).toEqual(['LISTEN', ['sendRst']]);
  expect(answerOf(linux, [...SIMULTANEOUS, 'RCV_SYN_IN_WINDOW'])).toEqual(['SYN_RECEIVED', ['sendChallengeAck']]);
  expect(answerOf(linux, [...TIME_WAIT, 'RCV_SYN_IN_WINDOW'])).toEqual(['TIME_WAIT', ['sendChallengeAck']]);
});

test('lwIP: SYN-RECEIVED drops it (tcp_process), TIME-WAIT answers with a RST (tcp_timewait_input)', () => {
  const lwip = LWIP_PROFILES[0]!.machine;
  expect(answerOf(lwip, [...SYN_RECEIVED, 'RCV_SYN_IN_WINDOW'])).toEqual(['SYN_RECEIVED', []]);
  expect(answerOf(lwip, [...ESTABLISHED, 'RCV_SYN_IN_WINDOW'])).toEqual(['ESTABLISHED', ['sendChallengeAck']]);
  expect(answerOf(lwip, [...TIME_WAIT, 'RCV_SYN_IN_WINDOW'])).toEqual(['TIME_WAIT', ['sendRst']]);
});

test('a TCP without the fourth check takes the SYN as a bare segment: the generated paths through the event fail', () => {
  fault = 'no fourth check';
  const result = runPath(graph, sutFor(graph), [...ESTABLISHED, 'RCV_SYN_IN_WINDOW']);
  expect(result.passed).toBe(false);
  expect(result.failedAt).toBe(ESTABLISHED.length);
  const paths = transitionsPathsWith(graph, 'RCV_SYN_IN_WINDOW');
  const failing = pathsThatFail(graph, paths);
  expect([failing.length, paths.length]).toEqual([410, 410]);
});

test('a TCP that answers a passive SYN-RECEIVED with a challenge ACK stays there: the paths through that branch fail', () => {
  fault = 'passive forgotten';
  const result = runPath(graph, sutFor(graph), [...SYN_RECEIVED, 'RCV_SYN_IN_WINDOW']);
  expect(result.passed).toBe(false);
  expect(formatPathResult(result)).toContain('LISTEN');
  // Only the paths through the passive branch (SYN_RECEIVED RCV_SYN_IN_WINDOW #2) meet the fault, and each fails.
  const throughBranch = (path: readonly ModelEventType[]) =>
    walk(graph, path).some((edge) => edge.transition === 'SYN_RECEIVED RCV_SYN_IN_WINDOW #2');
  const paths = transitionsPathsWith(graph, 'RCV_SYN_IN_WINDOW');
  const failing = pathsThatFail(graph, paths);
  expect([failing.length, paths.filter(throughBranch).length]).toEqual([6, 6]);
  expect(failing.every(throughBranch)).toBe(true);
});

test('every transition on the way to and after a SYN inside the window passes (the transitions suite, its paths with one)', () => {
  for (const model of [graph, rcvbuf]) {
    expectPassesThrough(model, 'RCV_SYN_IN_WINDOW');
  }
});

test('packetdrill: the SYN at RCV.NXT is written with its sequence number and the challenge ACK expected', () => {
  const translation = pathToPacketdrill(graph, [...ESTABLISHED, 'RCV_SYN_IN_WINDOW']);
  expect(translation.expressible).toBe(true);
  if (!translation.expressible) return;
  expect(translation.script).toContain('S 1:1(0)');
});
