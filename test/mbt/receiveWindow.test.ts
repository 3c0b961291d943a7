/**
 * The receive window as the model drives it (RFC 9293 §3.8.6.2, §3.10.3):
 * on the profile whose receive buffer holds two segments of the peer's text,
 * every segment taken shrinks the window offered, a full buffer offers a
 * zero window and still acknowledges what arrives (§3.8.6.1), and the user's
 * RECEIVE hands over the text in order and sends a window update
 * (§3.8.6.2.2, RFC 1122 §4.2.3.3). One scenario per test, against
 * TcpConnection through the adapter; the last runs every edge of the profile.
 */
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { buildModelGraph, type ModelEventType } from '../../src/mbt/modelGraph';
import { ModelInputError } from '../../src/mbt/modelInput';
import { noteUserRead, freshPeer, PEER_DATA } from '../../src/mbt/scriptedPeer';
import { LOCAL_PORT, REMOTE_PORT } from '../../src/mbt/tcpConnectionSut';
import { expectEveryEdgePasses, graphFor, sutFor } from './fixtures';

const graph = graphFor('rcvbuf');
const ESTABLISHED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
const ACK_DELAY = 'xstate.after.ACK_DELAY.ESTABLISHED';
const FULL: readonly ModelEventType[] = [...ESTABLISHED, 'RCV_DATA', 'RCV_DATA'];

function sentOn(events: readonly ModelEventType[]): string[][] {
  const result = runPath(graph, sutFor(graph), events);
  if (!result.passed) throw new Error(formatPathResult(result));
  return result.steps.map((record) => record.observed.sent.map((segment) => segment.text));
}

test('each segment taken shrinks the window offered, down to zero when the buffer is full', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', ACK_DELAY, 'RCV_DATA', ACK_DELAY]);
  expect(sent[1]).toEqual(['S. 1000:1000(0) ack 5001 win 36 <mss 1460>']);
  expect(sent.slice(-3)).toEqual([['. 1001:1001(0) ack 5019 win 18'], [], ['. 1001:1001(0) ack 5037 win 0']]);
});

test('text into a full buffer is not taken and is acknowledged at once with the zero window (RFC 9293 §3.8.6.1)', () => {
  const sent = sentOn([...FULL, 'RCV_DATA']);
  expect(sent.at(-1)).toEqual(['. 1001:1001(0) ack 5037 win 0']);
});

test('RECEIVE of a full buffer sends a window update at once (RFC 9293 §3.8.6.2.2)', () => {
  const sent = sentOn([...FULL, 'RECEIVE']);
  expect(sent.at(-1)).toEqual(['. 1001:1001(0) ack 5037 win 36']);
});

test('RECEIVE carries the pending delayed ACK with the update, and the delayed ACK does not follow', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', 'RECEIVE', ACK_DELAY]);
  expect(sent.slice(-3)).toEqual([[], ['. 1001:1001(0) ack 5019 win 36'], []]);
});

test('RECEIVE with nothing to read sends nothing', () => {
  expect(sentOn([...ESTABLISHED, 'RECEIVE']).at(-1)).toEqual([]);
});

test('in FIN-WAIT-2 the buffer still fills and RECEIVE still reopens it', () => {
  const sent = sentOn([...ESTABLISHED, 'CLOSE', 'RCV_ACK', 'RCV_DATA', 'RCV_DATA', 'RCV_DATA', 'RECEIVE']);
  expect(sent.slice(-3)).toEqual([
    ['. 1002:1002(0) ack 5037 win 0'],
    ['. 1002:1002(0) ack 5037 win 0'],
    ['. 1002:1002(0) ack 5037 win 36'],
  ]);
});

test("the scripted peer checks what RECEIVE returns: every unread byte of the peer's text, in order", () => {
  const peer = freshPeer(LOCAL_PORT, REMOTE_PORT);
  peer.dataAccepted = 2 * PEER_DATA.length;
  const twice = new Uint8Array([...PEER_DATA, ...PEER_DATA]);
  expect(noteUserRead({ ...peer }, twice)).toBeNull();
  expect(noteUserRead({ ...peer }, PEER_DATA)).toBe('RECEIVE returned 18 bytes, expected the 36 taken and unread');
  expect(noteUserRead({ ...peer }, twice.reverse())).toContain('wrong byte 0');
});

test('a buffer of more than two segments is refused: the model would need the window last advertised', () => {
  expect(() => buildModelGraph({ receiveBuffer: 3 })).toThrow(ModelInputError);
});

test('every edge of the profile passes, each after the shortest path to it', () => {
  expect(expectEveryEdgePasses(graph, sutFor(graph))).toBe(graph.edges.length);
});
