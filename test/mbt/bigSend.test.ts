/**
 * A SEND of more than one segment's worth, as the bigsend profile drives it
 * (`sendSegments: 2`): the peer announces an MSS of 100 in its SYN (RFC 9293
 * §3.7.1), each SEND hands over 200 bytes, and the data is segmentized by
 * SND.MSS (§3.10.2), so one SEND puts two segments in flight. The peer may
 * then acknowledge the first only (§3.10.7.4 fifth step), and a timeout
 * resends one MSS from SND.UNA (RFC 6298 §5.4). One scenario per test,
 * against TcpConnection through the adapter, the exact segments sent.
 */
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { checkSent, freshPeer, PEER_SMALL_MSS, peerSegment, sendPayload } from '../../src/mbt/scriptedPeer';
import type { ModelStep } from '../../src/mbt/sut';
import { LOCAL_PORT, REMOTE_PORT } from '../../src/mbt/tcpConnectionSut';
import { parseFlags, type Segment } from '../../src/wire/segment';
import { graphFor, sutFor } from './fixtures';

const graph = graphFor('bigsend');
const RTO = 'xstate.after.RTO.ESTABLISHED';
const ONE_SEND: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'SEND'];
const FIRST = '. 1001:1101(100) ack 5001 win 65535';
const SECOND = 'P. 1101:1201(100) ack 5001 win 65535';

/** What the last `count` steps of a passing path sent, each as `describeSegment` writes it, with their delays. */
function lastSteps(events: readonly ModelEventType[], count: number): { delayMs: number | null; sent: string[] }[] {
  const result = runPath(graph, sutFor(graph), events);
  if (!result.passed) throw new Error(formatPathResult(result));
  return result.steps.slice(-count).map(({ step, observed }) => ({
    delayMs: step.delayMs,
    sent: observed.sent.map((segment) => segment.text),
  }));
}

test("the peer's SYN announces the small MSS, and a SEND hands over two of it", () => {
  const syn = peerSegment(freshPeer(LOCAL_PORT, REMOTE_PORT, PEER_SMALL_MSS), 'RCV_SYN', 'LISTEN');
  expect(syn.options).toEqual({ mss: 100 });
  expect(sendPayload(graph.input)).toHaveLength(200);
});

test('a SEND of 200 bytes leaves at once as two segments of SND.MSS, PSH on the last, one sendData of the model', () => {
  expect(lastSteps(ONE_SEND, 1)).toEqual([{ delayMs: null, sent: [`${FIRST}, ${SECOND}`] }]);
});

test('a single SEND puts several segments in flight: a partial acknowledgment is offered after it', () => {
  const [send] = walk(graph, ONE_SEND).slice(-1);
  expect(graph.nodes[send!.to]!.context.severalInFlight).toBe(true);
  expect(graph.nodes[send!.to]!.edgeByEvent.has('RCV_PARTIAL_ACK')).toBe(true);
});

test('a partial ACK of the first segment sends nothing; the timeout resends the second only', () => {
  expect(lastSteps([...ONE_SEND, 'RCV_PARTIAL_ACK', RTO], 2)).toEqual([
    { delayMs: null, sent: [] },
    { delayMs: 1000, sent: [SECOND] },
  ]);
});

test('a timeout with two full segments in flight resends one MSS from SND.UNA, not both (RFC 6298 §5.4)', () => {
  expect(lastSteps([...ONE_SEND, RTO], 1)).toEqual([{ delayMs: 1000, sent: [FIRST] }]);
});

test('after a partial ACK of the resent first segment, the second is resent at the backed-off RTO (Karn)', () => {
  expect(lastSteps([...ONE_SEND, RTO, 'RCV_PARTIAL_ACK', RTO], 1)).toEqual([{ delayMs: 2000, sent: [SECOND] }]);
});

test('the second segment, outstanding when the timer fired but not resent, gives no RTT sample (RFC 6298 §5)', () => {
  // Its sample would time the timeout (1 s): TcpConnection took it and fired at 1125 ms against the model's 2 s.
  const events: ModelEventType[] = [...ONE_SEND, RTO, 'RCV_PARTIAL_ACK', 'RCV_ACK', 'SEND', RTO];
  expect(lastSteps(events, 1)).toEqual([{ delayMs: 2000, sent: ['. 1201:1301(100) ack 5001 win 65535'] }]);
});

test('a SEND queued in SYN-SENT leaves as two segments once the SYN-ACK arrives, the first carrying its ACK', () => {
  expect(lastSteps(['ACTIVE_OPEN', 'SEND', 'RCV_SYN_ACK'], 1)).toEqual([
    { delayMs: null, sent: [`${FIRST}, ${SECOND}`] },
  ]);
});

test("after a zero-window probe's octet the window update sends the 199 bytes left as 100 and 99", () => {
  const events: ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'RCV_WINDOW_ZERO', 'SEND'];
  const steps = lastSteps([...events, 'xstate.after.PERSIST.ESTABLISHED', 'RCV_WINDOW_OPEN'], 2);
  expect(steps).toEqual([
    { delayMs: 1000, sent: ['. 1001:1002(1) ack 5001 win 65535'] },
    { delayMs: null, sent: ['. 1002:1102(100) ack 5001 win 65535, P. 1102:1201(99) ack 5001 win 65535'] },
  ]);
});

/** What the scripted peer makes of `lengths` (bytes each, in order from ISS + 1) sent on `step` after a SEND. */
function judged(step: ModelStep, lengths: readonly number[]): { kinds: string[]; problems: string[] } {
  const peer = freshPeer(LOCAL_PORT, REMOTE_PORT, PEER_SMALL_MSS);
  Object.assign(peer, { iss: 1000, userBytes: 200 });
  if (step.delayMs !== null) Object.assign(peer, { nxt: 1201, starts: [1000, 1001, 1101], una: 1001 });
  const payload = sendPayload(graph.input);
  let offset = 0;
  const sent = lengths.map((length): Segment => {
    const segment = {
      srcPort: LOCAL_PORT,
      dstPort: REMOTE_PORT,
      seq: 1001 + offset,
      ack: 5001,
      flags: parseFlags(offset + length === 200 ? 'P.' : '.'),
      window: 65535,
      payload: payload.subarray(offset, offset + length),
    };
    offset += length;
    return segment;
  });
  const { observed, problems } = checkSent(peer, step, sent, null);
  return { kinds: observed.map((segment) => segment.kind), problems };
}

const SEND_STEP: ModelStep = {
  event: 'SEND',
  from: 'ESTABLISHED',
  to: 'ESTABLISHED',
  sends: ['sendData'],
  rejects: null,
  signals: null,
  delayMs: null,
  resends: false,
};

test('the scripted peer joins segments of the MSS it announced only: 150 and 50 bytes are two data segments', () => {
  expect(judged(SEND_STEP, [100, 100]).kinds).toEqual(['sendData']);
  expect(judged(SEND_STEP, [150, 50]).kinds).toEqual(['sendData', 'sendData']);
});

test('the scripted peer refuses a segment longer than the MSS it announced (RFC 9293 §3.7.1, MUST-16)', () => {
  expect(judged(SEND_STEP, [200]).problems).toEqual([
    'P. 1001:1201(200) ack 5001 win 65535: 200 bytes, more than the MSS of 100',
  ]);
});

test('the scripted peer never joins what a timeout resends: two segments resent are two data segments', () => {
  expect(judged({ ...SEND_STEP, event: RTO, delayMs: 1000, resends: true }, [100, 100]).kinds).toEqual([
    'sendData',
    'sendData',
  ]);
});
