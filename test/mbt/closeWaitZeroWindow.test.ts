/**
 * The peer's zero window after its FIN (RFC 9293 §3.10.2: CLOSE-WAIT still
 * sends): a SEND queues behind the window and the persist timer probes it
 * (§3.8.6.1), a CLOSE queues its FIN behind the data and enters LAST-ACK
 * (§3.10.4), and the window update lets the data and then the FIN go. One
 * scenario per test, against TcpConnection through the adapter.
 */
import type { ModelEventType } from '../../src/mbt/modelGraph';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { graphFor } from './fixtures';

const graph = graphFor('rfc9293');
const CLOSE_WAIT_QUEUED: readonly ModelEventType[] = [
  'PASSIVE_OPEN',
  'RCV_SYN',
  'RCV_ACK',
  'RCV_FIN',
  'RCV_WINDOW_ZERO',
  'SEND',
];

/** The segments sent by the last `count` steps of a path that must pass. */
function lastSent(events: readonly ModelEventType[], count: number) {
  const result = runPath(graph, new TcpConnectionSut(graph.input), events);
  if (!result.passed) throw new Error(formatPathResult(result));
  return result.steps.slice(-count).map((record) => ({
    state: record.observed.state,
    sent: record.observed.sent.map((segment) => segment.text),
  }));
}

test('SEND in CLOSE-WAIT into a zero window is probed with one octet at SND.UNA; the window update sends the rest', () => {
  expect(lastSent([...CLOSE_WAIT_QUEUED, 'xstate.after.PERSIST.CLOSE_WAIT', 'RCV_WINDOW_OPEN'], 3)).toEqual([
    { state: 'CLOSE_WAIT', sent: [] },
    { state: 'CLOSE_WAIT', sent: ['. 1001:1002(1) ack 5002 win 65535'] },
    { state: 'CLOSE_WAIT', sent: ['P. 1002:1011(9) ack 5002 win 65535'] },
  ]);
});

test('CLOSE in CLOSE-WAIT while data waits behind the window enters LAST-ACK and sends nothing; the ACK that opens it sends the data, then the FIN', () => {
  expect(lastSent([...CLOSE_WAIT_QUEUED, 'CLOSE', 'RCV_ACK'], 2)).toEqual([
    { state: 'LAST_ACK', sent: [] },
    { state: 'LAST_ACK', sent: ['P. 1001:1011(10) ack 5002 win 65535', 'F. 1011:1011(0) ack 5002 win 65535'] },
  ]);
});

test('in LAST-ACK the FIN waiting behind the window is no segment to retransmit: the persist timer probes instead', () => {
  const events = [...CLOSE_WAIT_QUEUED, 'CLOSE', 'xstate.after.PERSIST.LAST_ACK'] as const;
  expect(lastSent(events, 1)).toEqual([{ state: 'LAST_ACK', sent: ['. 1001:1002(1) ack 5002 win 65535'] }]);
});

test("the peer's FIN resent while its window is shut is acknowledged at the window's right edge, SND.UNA", () => {
  expect(lastSent([...CLOSE_WAIT_QUEUED, 'xstate.after.PERSIST.CLOSE_WAIT', 'RCV_FIN'], 1)).toEqual([
    { state: 'CLOSE_WAIT', sent: ['. 1001:1001(0) ack 5002 win 65535'] },
  ]);
});
