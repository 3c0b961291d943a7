/**
 * The adapter judges TcpConnection's `readable` and `writable` events
 * against the scripted peer (src/mbt/connectionEvents.ts): a connection that
 * forgets one, or signals one with nothing behind it, fails the path at that
 * step.
 */
import { checkConnectionEvents, dataOctetsAcknowledged } from '../../src/mbt/connectionEvents';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { freshPeer, type PeerState } from '../../src/mbt/scriptedPeer';
import { LOCAL_PORT, REMOTE_PORT, TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import type { ConnectionEvent } from '../../src/tcp/context';
import { TcpConnection } from '../../src/tcp/connection';
import { graphFor } from './fixtures';

const graph = graphFor('rfc9293');

function peerWith(fields: Partial<PeerState>): PeerState {
  return { ...freshPeer(LOCAL_PORT, REMOTE_PORT), ...fields };
}

describe('what the peer knows', () => {
  test('data octets acknowledged leave out the SYN and the FIN', () => {
    // ISS 1000: the SYN is 1000, data 1001..1010, the FIN 1011.
    const peer = peerWith({ iss: 1000, nxt: 1012, finSeq: 1011, lastAck: 1012 });
    expect(dataOctetsAcknowledged(peer, null)).toBe(10);
    expect(dataOctetsAcknowledged(peer, 1001)).toBe(10);
    expect(dataOctetsAcknowledged(peer, 1006)).toBe(5);
    expect(dataOctetsAcknowledged(peer, 1011)).toBe(0);
    expect(dataOctetsAcknowledged({ ...peer, lastAck: 1001 }, null)).toBe(0);
  });

  test('readable: text unread or the FIN taken, after a segment only', () => {
    const unread = peerWith({ dataAccepted: 18, bytesRead: 0 });
    expect(checkConnectionEvents(new Set(['readable']), unread, 'ESTABLISHED', true, 0)).toEqual([]);
    expect(checkConnectionEvents(new Set(), unread, 'ESTABLISHED', true, 0)).toEqual([
      'no readable event, expected one: 18 bytes of text wait unread',
    ]);
    expect(checkConnectionEvents(new Set(), unread, 'ESTABLISHED', false, 0)).toEqual([]);
    const read = peerWith({ dataAccepted: 18, bytesRead: 18 });
    expect(checkConnectionEvents(new Set(['readable']), read, 'ESTABLISHED', true, 0)).toEqual([
      'a readable event, expected none: nothing waits to be read',
    ]);
    expect(checkConnectionEvents(new Set(['readable']), read, 'CLOSE_WAIT', true, 0)).toEqual([]);
    expect(checkConnectionEvents(new Set(['readable']), unread, 'CLOSED', true, 0)).toEqual([
      'a readable event, expected none: nothing waits to be read',
    ]);
  });

  test('writable: only for an acknowledgment of data', () => {
    const peer = peerWith({});
    expect(checkConnectionEvents(new Set(['writable']), peer, 'ESTABLISHED', true, 10)).toEqual([]);
    expect(checkConnectionEvents(new Set(), peer, 'ESTABLISHED', true, 10)).toEqual([
      'no writable event, expected one: the ACK covers 10 bytes of data',
    ]);
    expect(checkConnectionEvents(new Set(['writable']), peer, 'ESTABLISHED', true, 0)).toEqual([
      'a writable event, expected none: no data was acknowledged',
    ]);
  });
});

describe('a connection that gets its events wrong fails the path', () => {
  // The fault is TcpConnection's own event queue dropping one kind, as a bug in it would.
  type Queue = { queueEvent(event: ConnectionEvent): void };
  const prototype = TcpConnection.prototype as unknown as Queue;
  const original = prototype.queueEvent;
  afterEach(() => {
    prototype.queueEvent = original;
  });
  const dropping = (dropped: ConnectionEvent) => {
    prototype.queueEvent = function (this: Queue, event: ConnectionEvent) {
      if (event !== dropped) original.call(this, event);
    };
  };

  test('the honest connection passes', () => {
    const sut = new TcpConnectionSut(graph.input);
    expect(runPath(graph, sut, ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'SEND', 'RCV_ACK', 'RCV_DATA', 'RCV_FIN']).passed).toBe(
      true,
    );
  });

  test('no readable for text', () => {
    dropping('readable');
    const result = runPath(graph, new TcpConnectionSut(graph.input), ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'RCV_DATA']);
    expect(result.failedAt).toBe(2);
    expect(formatPathResult(result)).toContain('no readable event, expected one: 18 bytes of text wait unread');
  });

  test('no writable for an ACK of data', () => {
    dropping('writable');
    const result = runPath(graph, new TcpConnectionSut(graph.input), ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'SEND', 'RCV_ACK']);
    expect(result.failedAt).toBe(3);
    expect(formatPathResult(result)).toContain('no writable event, expected one: the ACK covers 10 bytes of data');
  });
});
