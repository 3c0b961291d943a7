/**
 * Several segments in flight and a partial acknowledgment as the model
 * drives them: the peer acknowledges every segment but the newest (SND.UNA <
 * SEG.ACK < SND.NXT, RFC 9293 §3.10.7.4 fifth step), SND.UNA advances, the
 * retransmission timer restarts (RFC 6298 §5.3) with the RTO Karn's rule
 * gives (§3), retries start again (RFC 9293 §3.8.3 R1), and a timeout
 * resends the earliest segment not acknowledged (RFC 6298 §5.4). One
 * scenario per test, against TcpConnection through the adapter.
 */
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { expectPassesThrough, graphFor, problemsWithResent, sutFor } from './fixtures';

const graph = graphFor('rfc9293');
const RTO = 'xstate.after.RTO.ESTABLISHED';
const TWO_IN_FLIGHT: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'SEND', 'SEND'];

/** What each step of a passing path sent and after how long, as `describeSegment` writes it. */
function sentOn(events: readonly ModelEventType[]): { delayMs: number | null; sent: string[] }[] {
  const result = runPath(graph, sutFor(graph), events);
  if (!result.passed) throw new Error(formatPathResult(result));
  return result.steps.map((record) => ({
    delayMs: record.step.delayMs,
    sent: record.observed.sent.map((segment) => segment.text),
  }));
}

test('a partial ACK of the first of two segments sends nothing; the timeout resends the second only (RFC 6298 §5.4)', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, 'RCV_PARTIAL_ACK', RTO]);
  expect(steps.slice(-2)).toEqual([
    { delayMs: null, sent: [] },
    { delayMs: 1000, sent: ['P. 1011:1021(10) ack 5001 win 65535'] },
  ]);
});

test('a timeout with two segments in flight resends from SND.UNA, up to the end of what was sent (RFC 1122 §4.2.2.15)', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, RTO]);
  expect(steps.at(-1)).toEqual({ delayMs: 1000, sent: ['P. 1001:1021(20) ack 5001 win 65535'] });
});

test('a partial ACK of a resent segment takes no RTT sample (Karn): the restarted timer keeps the backed-off RTO', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, RTO, 'RCV_PARTIAL_ACK', RTO]);
  expect(steps.at(-1)).toEqual({ delayMs: 2000, sent: ['P. 1011:1021(10) ack 5001 win 65535'] });
});

test('the segment left after a partial ACK was resent by the timeout too: its ACK gives no RTT sample (Karn)', () => {
  // TcpConnection resent 1001..1021 as one segment: the ACK of 1011..1021 must not time it from its first sending.
  const steps = sentOn([...TWO_IN_FLIGHT, RTO, 'RCV_PARTIAL_ACK', 'RCV_ACK', 'SEND', RTO]);
  expect(steps.at(-1)).toEqual({ delayMs: 2000, sent: ['P. 1021:1031(10) ack 5001 win 65535'] });
});

test('a segment sent after the timeout is timed by its ACK: 0 ms here, so the RTO is the minimum again', () => {
  // The SEND waits for the partial ACK that ends the loss window (RFC 5681 §3.1); the next partial ACK covers the resent segment.
  const steps = sentOn([...TWO_IN_FLIGHT, RTO, 'RCV_PARTIAL_ACK', 'SEND', 'RCV_PARTIAL_ACK', 'RCV_ACK', 'SEND', RTO]);
  expect(steps.at(-1)).toEqual({ delayMs: 1000, sent: ['P. 1031:1041(10) ack 5001 win 65535'] });
});

test('a partial ACK resets the retries: two more timeouts resend before the connection gives up (RFC 9293 §3.8.3 R1)', () => {
  // The profile's maxRetries is 2: without the reset, the third timeout would close the connection.
  const steps = sentOn([...TWO_IN_FLIGHT, RTO, RTO, 'RCV_PARTIAL_ACK', RTO, RTO]);
  expect(steps.slice(-2)).toEqual([
    { delayMs: 4000, sent: ['P. 1011:1021(10) ack 5001 win 65535'] },
    { delayMs: 8000, sent: ['P. 1011:1021(10) ack 5001 win 65535'] },
  ]);
});

test('with three segments in flight a partial ACK covers all but the newest, which the timeout resends', () => {
  const steps = sentOn([...TWO_IN_FLIGHT, 'SEND', 'RCV_PARTIAL_ACK', RTO]);
  expect(steps.at(-1)).toEqual({ delayMs: 1000, sent: ['P. 1021:1031(10) ack 5001 win 65535'] });
});

test('with one segment in flight no partial ACK is offered: no ACK lies strictly between SND.UNA and SND.NXT', () => {
  const [one] = walk(graph, TWO_IN_FLIGHT.slice(0, -1)).slice(-1);
  const [two] = walk(graph, TWO_IN_FLIGHT).slice(-1);
  const offered = (node: number) => graph.nodes[node]!.edges.map((edge) => edge.event);
  expect(offered(one!.to)).not.toContain('RCV_PARTIAL_ACK');
  expect(offered(two!.to)).toContain('RCV_PARTIAL_ACK');
});

test('every transition on the way to and after a partial ACK passes (the transitions suite, its paths with one)', () => {
  expectPassesThrough(graph, 'RCV_PARTIAL_ACK');
});

/** What the scripted peer finds wrong with `resent` on a timeout after its partial ACK of 1001..1011 of 1001..1021. */
function problemsWithResentAfterPartialAck(seq: number, length: number): string {
  return problemsWithResent(
    { iss: 1000, nxt: 1021, starts: [1000, 1001, 1011], una: 1011, userBytes: 20 },
    RTO,
    1000,
    seq,
    length,
  );
}

test('the scripted peer refuses a timeout that resends the segment it acknowledged already', () => {
  expect(problemsWithResentAfterPartialAck(1001, 10)).toContain('expected the earliest unacknowledged, SND.UNA = 1011');
});

test('the scripted peer refuses a resent segment cut inside a segment sent earlier', () => {
  expect(problemsWithResentAfterPartialAck(1011, 5)).toContain(
    'a resent segment that ends at 1016, inside a segment sent earlier',
  );
});

test('a challenge ACK between the segments and the partial ACK takes no sequence space: the partial ACK still stops at the newest segment', () => {
  // Found by switch:2 and h:0 after the merge with the zero-window work: the scripted peer counted the challenge
  // ACK at SND.NXT as a segment start and so acknowledged everything.
  const steps = sentOn([...TWO_IN_FLIGHT, 'RCV_SYN', 'RCV_PARTIAL_ACK', RTO]);
  expect(steps.slice(-3)).toEqual([
    { delayMs: null, sent: ['. 1021:1021(0) ack 5001 win 65535'] },
    { delayMs: null, sent: [] },
    { delayMs: 1000, sent: ['P. 1011:1021(10) ack 5001 win 65535'] },
  ]);
});
