/**
 * Text that arrives ahead of RCV.NXT (RFC 9293 §3.10.7.4 seventh: "may be
 * held for later processing") as the model drives it: the held segment is
 * acknowledged at once with ACK = RCV.NXT (RFC 5681 §4.2), the segment that
 * fills the hole delivers both and is acknowledged at once, and a segment
 * beyond the window offered is refused. One scenario per test, against
 * TcpConnection through the adapter, on the profile with a receive buffer of
 * two segments (its graph is small; the window it offers is exact).
 */
import { checkSent, freshPeer, PEER_DATA, PEER_ISS } from '../../src/mbt/scriptedPeer';
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import type { ModelStep } from '../../src/mbt/sut';
import { LOCAL_PORT, REMOTE_PORT } from '../../src/mbt/tcpConnectionSut';
import { parseFlags } from '../../src/wire/segment';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { graphFor, sutFor } from './fixtures';

const graph = graphFor('rcvbuf');
const ESTABLISHED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
const ACK_DELAY = 'xstate.after.ACK_DELAY.ESTABLISHED';

/** What each step of a passing path sent, as `describeSegment` writes it. */
function sentOn(events: readonly ModelEventType[]): string[][] {
  const result = runPath(graph, sutFor(graph), events);
  if (!result.passed) throw new Error(formatPathResult(result));
  return result.steps.map((record) => record.observed.sent.map((segment) => segment.text));
}

test('a segment past RCV.NXT is held and acknowledged at once: a duplicate ACK, ACK = RCV.NXT (RFC 5681 §4.2)', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA_OUT_OF_ORDER']);
  // The held text is inside the window offered and takes none of it (receiveSide.ts receiveWindow).
  expect(sent.at(-1)).toEqual(['. 1001:1001(0) ack 5001 win 36']);
});

test('the segment that fills the hole delivers the held text too, acknowledged at once past both', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA_OUT_OF_ORDER', 'RCV_DATA']);
  expect(sent.at(-1)).toEqual([`. 1001:1001(0) ack ${PEER_ISS + 1 + 2 * PEER_DATA.length} win 0`]);
});

test('the held segment again is another duplicate ACK, and is delivered once', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA_OUT_OF_ORDER', 'RCV_DATA_OUT_OF_ORDER', 'RCV_DATA', 'RECEIVE']);
  expect(sent.slice(-4)).toEqual([
    ['. 1001:1001(0) ack 5001 win 36'],
    ['. 1001:1001(0) ack 5001 win 36'],
    ['. 1001:1001(0) ack 5037 win 0'],
    ['. 1001:1001(0) ack 5037 win 36'],
  ]);
});

test('a segment past RCV.NXT + RCV.WND is not acceptable: an ACK, and the text is not held (RFC 9293 §3.10.7.4 first)', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', ACK_DELAY, 'RCV_DATA_OUT_OF_ORDER', 'RCV_DATA', ACK_DELAY]);
  // The next segment in order is the one that fills the buffer: its ACK is delayed as any first one is.
  expect(sent.slice(-4)).toEqual([
    ['. 1001:1001(0) ack 5019 win 18'],
    ['. 1001:1001(0) ack 5019 win 18'],
    [],
    ['. 1001:1001(0) ack 5037 win 0'],
  ]);
});

test('a hole filled after the peer shut its window leaves the window shut (SND.WL1 > SEG.SEQ); the update sends the data', () => {
  const sent = sentOn([
    ...ESTABLISHED,
    'RCV_DATA_OUT_OF_ORDER',
    'RCV_WINDOW_ZERO',
    'SEND',
    'RCV_DATA',
    'RCV_WINDOW_OPEN',
  ]);
  expect(sent.slice(-4)).toEqual([[], [], ['. 1001:1001(0) ack 5037 win 0'], ['P. 1001:1011(10) ack 5037 win 0']]);
});

test("while text is held the peer's FIN is not offered: it lies past the held text", () => {
  const [last] = walk(graph, [...ESTABLISHED, 'RCV_DATA_OUT_OF_ORDER']).slice(-1);
  const offered = graph.nodes[last!.to]!.edges.map((edge) => edge.event);
  expect(offered).toContain('RCV_DATA');
  expect(offered).not.toContain('RCV_FIN');
  expect(offered).not.toContain('RCV_FIN_ACK');
});

test('the scripted peer refuses an ACK that counts the held text as received', () => {
  const peer = freshPeer(LOCAL_PORT, REMOTE_PORT);
  Object.assign(peer, { iss: 1000, nxt: 1001, starts: [1000], userBytes: 0, receiveBuffer: 36 });
  const step: ModelStep = {
    event: 'RCV_DATA_OUT_OF_ORDER',
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    sends: ['sendAck'],
    rejects: null,
    signals: null,
    delayMs: null,
    resends: false,
  };
  const ack = {
    srcPort: LOCAL_PORT,
    dstPort: REMOTE_PORT,
    seq: 1001,
    ack: 5037,
    flags: parseFlags('.'),
    window: 36,
    payload: new Uint8Array(0),
  };
  expect(checkSent(peer, step, [ack], null).problems.join('\n')).toContain(
    'acknowledges 5037, expected RCV.NXT = 5001',
  );
});
