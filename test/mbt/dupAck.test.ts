/**
 * Duplicate ACKs, fast retransmit and NewReno's fast recovery as the model
 * drives them (RFC 9293 §3.8.1 makes RFC 5681's congestion control a MUST):
 * the peer repeats its acknowledgment of SND.UNA (RFC 5681 §2), the third
 * duplicate resends the earliest unacknowledged segment at once (§3.2 step
 * 2), a partial ACK in fast recovery resends the next one (RFC 6582 §3.2),
 * and after a fast retransmit or a timeout no duplicates start another
 * until SND.UNA passes `recover`. One scenario per test, against
 * TcpConnection through the adapter.
 */
import { type ModelEventType, type ModelGraph } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { parseScript, runScript } from '../../src/pkt';
import { expectPassesThrough, graphFor, offeredAfter, passingSteps, problemsWithResent, sentBy } from './fixtures';

const graph = graphFor('rfc9293');
const RTO = 'xstate.after.RTO.ESTABLISHED';
const TWO_IN_FLIGHT: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'SEND', 'SEND'];
const THREE_DUPLICATES: readonly ModelEventType[] = ['RCV_DUP_ACK', 'RCV_DUP_ACK', 'RCV_DUP_ACK'];
/** TcpConnection resends from SND.UNA up to one MSS (RFC 1122 §4.2.2.15): both small segments in one. */
const BOTH_RESENT = 'P. 1001:1021(20) ack 5001 win 65535';
const NEWEST_RESENT = 'P. 1011:1021(10) ack 5001 win 65535';

/** What each step of a passing path sent and after how long, as `describeSegment` writes it. */
function sentOn(
  events: readonly ModelEventType[],
  model: ModelGraph = graph,
): { delayMs: number | null; sent: string[] }[] {
  return passingSteps(events, model).map((record) => ({ delayMs: record.step.delayMs, sent: sentBy(record) }));
}

test('two duplicate ACKs send nothing (RFC 5681 §3.2: the third is the signal)', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, 'RCV_DUP_ACK', 'RCV_DUP_ACK']);
  expect(steps.slice(-2)).toEqual([
    { delayMs: null, sent: [] },
    { delayMs: null, sent: [] },
  ]);
});

test('the third duplicate ACK resends the earliest unacknowledged segment at once (RFC 5681 §3.2 step 2)', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, ...THREE_DUPLICATES]);
  expect(steps.at(-1)).toEqual({ delayMs: null, sent: [BOTH_RESENT] });
});

test('a fast retransmit leaves the retransmission timer as it was: the timeout comes after one RTO, not backed off', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, ...THREE_DUPLICATES, RTO]);
  expect(steps.at(-1)).toEqual({ delayMs: 1000, sent: [BOTH_RESENT] });
});

test('a partial ACK in fast recovery resends the segment left at once (RFC 6582 §3.2 "Partial acknowledgments")', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, ...THREE_DUPLICATES, 'RCV_PARTIAL_ACK']);
  expect(steps.at(-1)).toEqual({ delayMs: null, sent: [NEWEST_RESENT] });
});

test('a partial ACK that covers `recover` (a SEND went after the fast retransmit) ends fast recovery and sends nothing', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, ...THREE_DUPLICATES, 'SEND', 'RCV_PARTIAL_ACK']);
  expect(steps.at(-1)).toEqual({ delayMs: null, sent: [] });
  expect(offeredAfter([...TWO_IN_FLIGHT, ...THREE_DUPLICATES, 'SEND', 'RCV_PARTIAL_ACK', 'SEND'], graph)).toContain(
    'RCV_DUP_ACK',
  );
});

test('after the full ACK ends fast recovery, three new duplicates fast-retransmit again', () => {
  const steps = sentOn([
    ...TWO_IN_FLIGHT,
    ...THREE_DUPLICATES,
    'RCV_PARTIAL_ACK',
    'RCV_ACK',
    'SEND',
    'SEND',
    ...THREE_DUPLICATES,
  ]);
  expect(steps.at(-1)).toEqual({ delayMs: null, sent: ['P. 1021:1041(20) ack 5001 win 65535'] });
});

test('with one segment in flight no duplicate ACK is offered: no later segment can reach the peer first (RFC 5681 §4.2)', () => {
  expect(offeredAfter(TWO_IN_FLIGHT.slice(0, -1), graph)).not.toContain('RCV_DUP_ACK');
  expect(offeredAfter(TWO_IN_FLIGHT, graph)).toContain('RCV_DUP_ACK');
});

test('in fast recovery duplicates are not offered: they change nothing the model holds (RFC 5681 §3.2 step 4)', () => {
  expect(offeredAfter([...TWO_IN_FLIGHT, ...THREE_DUPLICATES], graph)).not.toContain('RCV_DUP_ACK');
});

test('after a timeout duplicates are not offered until SND.UNA passes `recover` (RFC 6582 §3.2 "Retransmit timeouts")', () => {
  expect(offeredAfter([...TWO_IN_FLIGHT, RTO], graph)).not.toContain('RCV_DUP_ACK');
  expect(offeredAfter([...TWO_IN_FLIGHT.slice(0, -1), RTO, 'SEND'], graph)).not.toContain('RCV_DUP_ACK');
  // The SEND after the timeout waits in the loss window (RFC 5681 §3.1); the ACK of the retransmission reaches
  // `recover` and sends it, and the next SEND puts two segments in flight again.
  expect(offeredAfter([...TWO_IN_FLIGHT.slice(0, -1), RTO, 'SEND', 'RCV_ACK', 'SEND'], graph)).toContain('RCV_DUP_ACK');
});

test('the ACK of a fast retransmission gives no RTT sample (Karn, RFC 6298 §3): the next timeout keeps the backed-off RTO', () => {
  // The timers profile tells a sample (minRto 300 ms) from a backed-off RTO (600 ms); the handshake's ACK took a
  // sample already, so a timeout backs the RTO off first, and its own ACK (of resent data) keeps it.
  const timers = graphFor('timers');
  const backedOff: ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'SEND', RTO, 'RCV_ACK'];
  const steps = sentOn([...backedOff, 'SEND', 'SEND', ...THREE_DUPLICATES, 'RCV_ACK', 'SEND', RTO], timers);
  expect(steps.at(-1)).toEqual({ delayMs: 600, sent: ['P. 1031:1041(10) ack 5001 win 65535'] });
});

test('every transition on the way to and after a duplicate ACK passes (the transitions suite, its paths with one)', () => {
  expectPassesThrough(graph, 'RCV_DUP_ACK');
});

/** What the scripted peer finds wrong with a fast retransmission of `length` bytes at `seq`, with 1001..1021 out. */
function problemsWithFastRetransmit(seq: number, length: number): string {
  return problemsWithResent(
    { iss: 1000, nxt: 1021, starts: [1000, 1001, 1011], una: 1001, userBytes: 20 },
    'RCV_DUP_ACK',
    null,
    seq,
    length,
  );
}

test('the scripted peer refuses a fast retransmit of the newest segment in place of the earliest', () => {
  expect(problemsWithFastRetransmit(1011, 10)).toContain('expected the earliest unacknowledged, SND.UNA = 1001');
});

test('the scripted peer refuses new data sent on a duplicate ACK', () => {
  expect(problemsWithFastRetransmit(1021, 10)).toContain('a retransmission that starts at no earlier segment');
});

test('packetdrill: the duplicates before the third are `<` lines at SND.UNA, and the script plays against our TCP', () => {
  const translation = pathToPacketdrill(graph, [...TWO_IN_FLIGHT, 'RCV_DUP_ACK', 'RCV_DUP_ACK']);
  if (!translation.expressible) throw new Error(translation.reason);
  expect(translation.script.trimEnd().split('\n').slice(-4)).toEqual([
    '// 6. ESTABLISHED -RCV_DUP_ACK-> ESTABLISHED',
    '+0  < . 1:1(0) ack 1 win 65535',
    '// 7. ESTABLISHED -RCV_DUP_ACK-> ESTABLISHED',
    '+0  < . 1:1(0) ack 1 win 65535',
  ]);
  expect(runScript(parseScript(translation.script, 'dupAck.pkt')).ok).toBe(true);
});

test('packetdrill: a fast retransmit of several segments has no script, the model not fixing its length', () => {
  const translation = pathToPacketdrill(graph, [...TWO_IN_FLIGHT, ...THREE_DUPLICATES]);
  expect(translation).toMatchObject({ expressible: false });
  expect(!translation.expressible && translation.reason).toContain('the model does not fix its length');
});
