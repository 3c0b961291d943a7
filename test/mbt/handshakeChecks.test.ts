/**
 * The handshake's checks of the ACK and RST bits (RFC 9293 §3.10.7.2,
 * §3.10.7.3, §3.10.7.4 fifth) as the model drives them: in SYN-SENT an ACK
 * that acknowledges nothing of ours (`RCV_OLD_ACK`, SEG.ACK = ISS - 1) or
 * more than we sent (`RCV_ACK_UNSENT`, SND.NXT + 1) gets <SEQ=SEG.ACK><CTL=RST>,
 * a RST with such an ACK (`RCV_RST_ACK_UNSENT`) or none (`RCV_RST_WITHOUT_ACK`)
 * is dropped; in SYN-RECEIVED the same two ACKs get the RST, the state kept;
 * text without ACK (`RCV_DATA_WITHOUT_ACK`) is dropped in LISTEN, SYN-SENT and
 * SYN-RECEIVED, and a SYN with RST (`RCV_SYN_RST`) in LISTEN. One scenario per
 * test, against TcpConnection through the adapter; the Linux and lwIP
 * profiles' answers on the model; and faulty TcpConnections that skip a check
 * fail.
 */
import { LINUX_PROFILES } from '../../src/linux/profile';
import { LWIP_PROFILES } from '../../src/lwip/profile';
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { runPath } from '../../src/mbt/runner';
import type { ConnectionContext } from '../../src/tcp/context';
import { seqGt, seqLeq } from '../../src/tcp/seq';
import type { Segment } from '../../src/wire/segment';
import type { TcpState } from '../../machines/tcp.machine';
// The compiled models, and the runs on TcpConnection.
import { answerOf, expectPassesThrough, graphFor, offeredAfter, pathsThatFail, statesOffering } from './fixtures';
import type * as FaultySegments from './faultySegments';
import { sentOn, sutFor, transitionsPathsWith } from './fixtures';

/**
 * Faults of the handshake's checks (src/tcp/segmentArrives.ts), none unless a
 * test sets one: SYN-SENT without its first check (an ACK outside ISS <
 * SEG.ACK =< SND.NXT taken as the ACK of our SYN), SYN-RECEIVED without its
 * ACK check (any ACK completes the handshake), and SYN-SENT taking a RST
 * without ACK as one that acknowledges our SYN.
 */
let fault: 'SYN-SENT first check' | 'SYN-RECEIVED ACK check' | 'RST without ACK' | null = null;
jest.mock('../../src/tcp/segmentArrives', () =>
  jest.requireActual<typeof FaultySegments>('./faultySegments').rewritingSegmentArrives(faulty),
);

function faulty(context: ConnectionContext, segment: Segment): Segment {
  const { tcb } = context;
  const ackOfSyn = { ...segment, ack: tcb.sndNxt };
  const outside = segment.flags.ack && !(seqGt(segment.ack, tcb.sndUna) && seqLeq(segment.ack, tcb.sndNxt));
  if (fault === 'SYN-SENT first check' && tcb.state === 'SYN_SENT' && outside) return ackOfSyn;
  if (fault === 'SYN-RECEIVED ACK check' && tcb.state === 'SYN_RECEIVED' && outside) return ackOfSyn;
  if (fault === 'RST without ACK' && tcb.state === 'SYN_SENT' && segment.flags.rst && !segment.flags.ack)
    return { ...ackOfSyn, flags: { ...segment.flags, ack: true } };
  return segment;
}

afterEach(() => {
  fault = null;
});

const graph = graphFor('rfc9293');
const rcvbuf = graphFor('rcvbuf');
const SYN_SENT: readonly ModelEventType[] = ['ACTIVE_OPEN'];
const SYN_RECEIVED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN'];
const SIMULTANEOUS: readonly ModelEventType[] = ['ACTIVE_OPEN', 'RCV_SYN'];
/** The events of this slice's family and the two ACK checks it offers in the handshake. */
const EVENTS: readonly ModelEventType[] = [
  'RCV_OLD_ACK',
  'RCV_ACK_UNSENT',
  'RCV_RST_ACK_UNSENT',
  'RCV_RST_WITHOUT_ACK',
  'RCV_DATA_WITHOUT_ACK',
  'RCV_SYN_RST',
];

/** The last step's segments and state on TcpConnection, the path checked against the model. */
function lastStep(events: readonly ModelEventType[]): [string, string[]] {
  const result = runPath(graph, sutFor(graph), events);
  expect(result.passed).toBe(true);
  const last = result.steps.at(-1)!;
  return [last.observed.state, last.observed.sent.map((segment) => segment.text)];
}

test('SYN-SENT: an ACK of nothing of ours gets <SEQ=SEG.ACK><CTL=RST>, and the SYN is resent on its own timer', () => {
  // Our ISS is 1000: SEG.ACK = ISS - 1.
  expect(lastStep([...SYN_SENT, 'RCV_OLD_ACK'])).toEqual(['SYN_SENT', ['R 999:999(0) win 0']]);
  expect(sentOn([...SYN_SENT, 'RCV_OLD_ACK', 'xstate.after.RTO.SYN_SENT', 'RCV_SYN_ACK'], graph).slice(-2)).toEqual([
    ['S 1000:1000(0) win 65535 <mss 1460>'],
    ['. 1001:1001(0) ack 5001 win 65535'],
  ]);
});

test('SYN-SENT: an ACK of more than we sent gets <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.5 Figure 11)', () => {
  expect(lastStep([...SYN_SENT, 'RCV_ACK_UNSENT'])).toEqual(['SYN_SENT', ['R 1002:1002(0) win 0']]);
});

test('SYN-SENT: a RST with an unacceptable ACK, or without ACK, is dropped and the connection goes on', () => {
  expect(lastStep([...SYN_SENT, 'RCV_RST_ACK_UNSENT'])).toEqual(['SYN_SENT', []]);
  expect(lastStep([...SYN_SENT, 'RCV_RST_WITHOUT_ACK'])).toEqual(['SYN_SENT', []]);
  expect(lastStep([...SYN_SENT, 'RCV_RST_WITHOUT_ACK', 'RCV_SYN_ACK'])[0]).toBe('ESTABLISHED');
});

test('SYN-RECEIVED: an ACK outside SND.UNA < SEG.ACK =< SND.NXT gets the RST, the state and the SYN-ACK timer kept', () => {
  expect(lastStep([...SYN_RECEIVED, 'RCV_OLD_ACK'])).toEqual(['SYN_RECEIVED', ['R 999:999(0) win 0']]);
  expect(lastStep([...SIMULTANEOUS, 'RCV_ACK_UNSENT'])).toEqual(['SYN_RECEIVED', ['R 1002:1002(0) win 0']]);
  expect(lastStep([...SYN_RECEIVED, 'RCV_ACK_UNSENT', 'xstate.after.RTO.HALF_SYNCHRONIZED'])).toEqual([
    'SYN_RECEIVED',
    ['S. 1000:1000(0) ack 5001 win 65535 <mss 1460>'],
  ]);
  expect(lastStep([...SYN_RECEIVED, 'RCV_OLD_ACK', 'RCV_ACK'])[0]).toBe('ESTABLISHED');
});

test('text without ACK is dropped in LISTEN, SYN-SENT and SYN-RECEIVED; a SYN with RST opens nothing in LISTEN', () => {
  expect(lastStep(['PASSIVE_OPEN', 'RCV_DATA_WITHOUT_ACK'])).toEqual(['LISTEN', []]);
  expect(lastStep([...SYN_SENT, 'RCV_DATA_WITHOUT_ACK'])).toEqual(['SYN_SENT', []]);
  expect(lastStep([...SYN_RECEIVED, 'RCV_DATA_WITHOUT_ACK'])).toEqual(['SYN_RECEIVED', []]);
  expect(lastStep(['PASSIVE_OPEN', 'RCV_SYN_RST'])).toEqual(['LISTEN', []]);
  expect(lastStep(['PASSIVE_OPEN', 'RCV_SYN_RST', 'RCV_SYN'])[0]).toBe('SYN_RECEIVED');
});

test('offered only in the states whose checks they reach, where the RTO is at its floor', () => {
  expect(EVENTS.map((event) => [event, statesOffering(event, graph)])).toEqual([
    ['RCV_OLD_ACK', ['CLOSE_WAIT', 'ESTABLISHED', 'SYN_RECEIVED', 'SYN_SENT']],
    ['RCV_ACK_UNSENT', ['CLOSE_WAIT', 'ESTABLISHED', 'SYN_RECEIVED', 'SYN_SENT']],
    ['RCV_RST_ACK_UNSENT', ['SYN_SENT']],
    ['RCV_RST_WITHOUT_ACK', ['SYN_SENT']],
    ['RCV_DATA_WITHOUT_ACK', ['LISTEN', 'SYN_RECEIVED', 'SYN_SENT']],
    ['RCV_SYN_RST', ['LISTEN']],
  ]);
  expect(offeredAfter([...SYN_SENT, 'xstate.after.RTO.SYN_SENT'], graph)).not.toContain('RCV_OLD_ACK');
});

test('Linux: before any SYN timeout a bad ACK, a RST’s too, resends the SYN at once (TCP_TIMEOUT_MIN)', () => {
  const linux = LINUX_PROFILES[0]!.machine;
  expect(answerOf(linux, [...SYN_SENT, 'RCV_OLD_ACK'])).toEqual(['SYN_SENT', ['sendRst', 'sendSyn']]);
  expect(answerOf(linux, [...SYN_SENT, 'RCV_ACK_UNSENT'])).toEqual(['SYN_SENT', ['sendRst', 'sendSyn']]);
  expect(answerOf(linux, [...SYN_SENT, 'RCV_RST_ACK_UNSENT'])).toEqual(['SYN_SENT', ['sendSyn']]);
  expect(answerOf(linux, [...SYN_SENT, 'RCV_RST_WITHOUT_ACK'])).toEqual(['SYN_SENT', []]);
  // After a timeout (icsk_retransmits > 0) the timer is left alone, as the RFC has it.
  expect(answerOf(linux, [...SYN_SENT, 'xstate.after.RTO.SYN_SENT', 'RCV_OLD_ACK'])).toEqual(['SYN_SENT', ['sendRst']]);
  expect(answerOf(linux, [...SYN_RECEIVED, 'RCV_OLD_ACK'])).toEqual(['SYN_RECEIVED', ['sendRst']]);
});

test('lwIP: the model is RFC 9293’s (its SYN-SENT resend is a known difference: src/lwip/differences.ts)', () => {
  const lwip = LWIP_PROFILES[0]!.machine;
  expect(answerOf(lwip, [...SYN_SENT, 'RCV_OLD_ACK'])).toEqual(['SYN_SENT', ['sendRst']]);
  expect(answerOf(lwip, [...SYN_SENT, 'RCV_RST_ACK_UNSENT'])).toEqual(['SYN_SENT', []]);
  expect(answerOf(lwip, [...SYN_RECEIVED, 'RCV_ACK_UNSENT'])).toEqual(['SYN_RECEIVED', ['sendRst']]);
});

/**
 * The transitions paths through `events` taken in `state`, and how many of them fail on TcpConnection: the fault
 * lies in that state's check, so those paths and no others meet it.
 */
function failingPaths(state: TcpState, events: readonly ModelEventType[]): [number, number] {
  const through = (path: readonly ModelEventType[]) =>
    walk(graph, path).some((edge) => graph.nodes[edge.from]!.state === state && events.includes(edge.event));
  const paths = events.flatMap((event) => transitionsPathsWith(graph, event));
  const failing = pathsThatFail(graph, paths);
  expect(failing.every(through)).toBe(true);
  return [failing.length, paths.filter(through).length];
}

test('a SYN-SENT without its first check fails every path through a bad ACK there', () => {
  fault = 'SYN-SENT first check';
  expect(runPath(graph, sutFor(graph), [...SYN_SENT, 'RCV_OLD_ACK']).failedAt).toBe(1);
  expect(failingPaths('SYN_SENT', ['RCV_OLD_ACK', 'RCV_ACK_UNSENT', 'RCV_RST_ACK_UNSENT'])).toEqual([6, 6]);
});

test('a SYN-RECEIVED that takes any ACK as the ACK of its SYN fails every path through a bad ACK there', () => {
  fault = 'SYN-RECEIVED ACK check';
  expect(runPath(graph, sutFor(graph), [...SYN_RECEIVED, 'RCV_OLD_ACK']).failedAt).toBe(2);
  expect(failingPaths('SYN_RECEIVED', ['RCV_OLD_ACK', 'RCV_ACK_UNSENT'])).toEqual([24, 24]);
});

test('a SYN-SENT that takes a RST without ACK as acceptable fails every path through it', () => {
  fault = 'RST without ACK';
  expect(runPath(graph, sutFor(graph), [...SYN_SENT, 'RCV_RST_WITHOUT_ACK']).failedAt).toBe(1);
  expect(failingPaths('SYN_SENT', ['RCV_RST_WITHOUT_ACK'])).toEqual([2, 2]);
});

test('every transition on the way to and after these segments passes (the transitions suite, its paths with one)', () => {
  for (const model of [graph, rcvbuf]) {
    expectPassesThrough(model, ...EVENTS);
  }
});

test('packetdrill: the RST in SYN-SENT is written at 0 with its ACK, text without ACK as `P`', () => {
  const rst = pathToPacketdrill(graph, [...SYN_SENT, 'RCV_RST_ACK_UNSENT']);
  expect(rst.expressible).toBe(true);
  if (rst.expressible) expect(rst.script).toContain('< R. 0:0(0) ack 2 win');
  const text = pathToPacketdrill(graph, [...SYN_RECEIVED, 'RCV_DATA_WITHOUT_ACK']);
  expect(text.expressible).toBe(true);
  if (text.expressible) expect(text.script).toMatch(/< P 1:\d+\(\d+\) win/);
  const reset = pathToPacketdrill(graph, [...SYN_SENT, 'RCV_OLD_ACK']);
  expect(reset.expressible).toBe(true);
  if (reset.expressible) expect(reset.script).toContain('> R 4294967295:4294967295(0)');
});
