/**
 * A listener spawns one connection per SYN (RFC 9293 §3.10.7.2) and keeps
 * it half-open in SYN-RECEIVED until the handshake completes, then in its
 * accept queue until `accept` takes it; the listener itself stays in LISTEN.
 */
import { SocketError, socketListing } from '../../src/sockets';
import { SOMAXCONN } from '../../src/sockets/host';
import {
  CLIENT_PORT,
  established,
  hostFixture,
  listening,
  LOCAL_ISS,
  REMOTE_ISS,
  summary,
  synReceived,
} from './fixtures';

const states = (fixture: { host: Parameters<typeof socketListing>[0] }) =>
  socketListing(fixture.host).map((row) => `${row.state} ${row.fd ?? '-'}`);

describe('the accept queue', () => {
  test('a SYN spawns a connection in SYN-RECEIVED and the listener stays in LISTEN', () => {
    const fixture = listening();
    fixture.deliver({ flags: 'S', seq: REMOTE_ISS, options: { mss: 1460 } });
    expect(fixture.sent().map((d) => summary(d.segment))).toEqual([
      { flags: 'S.', seq: LOCAL_ISS, ack: REMOTE_ISS + 1, length: 0 },
    ]);
    expect(states(fixture)).toEqual(['LISTEN 3', 'SYN_RECV -']);
  });

  test('accept fails with EAGAIN while the connection is half-open', () => {
    const { host, listener } = synReceived();
    expect(() => host.accept(listener)).toThrow(expect.objectContaining({ errno: 'EAGAIN' }));
  });

  test("the handshake's ACK queues the connection; accept gives it descriptor 4", () => {
    const fixture = synReceived();
    fixture.deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    expect(socketListing(fixture.host)[0]).toMatchObject({ state: 'LISTEN', recvQ: 1 });
    expect(fixture.host.accept(fixture.listener)).toBe(4);
    expect(states(fixture)).toEqual(['LISTEN 3', 'ESTABLISHED 4']);
    expect(fixture.host.stateOf(4)).toBe('ESTABLISHED');
  });

  test('accept takes the connections in the order their handshakes completed', () => {
    const fixture = listening();
    for (const port of [CLIENT_PORT, CLIENT_PORT + 1]) fixture.deliver({ flags: 'S', seq: REMOTE_ISS, srcPort: port });
    fixture.deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, srcPort: CLIENT_PORT + 1 });
    fixture.deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, srcPort: CLIENT_PORT });
    const first = fixture.host.accept(fixture.listener);
    const second = fixture.host.accept(fixture.listener);
    expect([fixture.host.remoteAddress(first)!.port, fixture.host.remoteAddress(second)!.port]).toEqual([
      CLIENT_PORT + 1,
      CLIENT_PORT,
    ]);
  });

  test('a FIN that completes the handshake queues the connection in CLOSE-WAIT', () => {
    const fixture = synReceived();
    fixture.deliver({ flags: 'F.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    const fd = fixture.host.accept(fixture.listener);
    expect(fixture.host.stateOf(fd)).toBe('CLOSE_WAIT');
    expect(fixture.host.read(fd)).toHaveLength(0);
  });

  test('a RST in SYN-RECEIVED removes the half-open connection; the listener stays (§3.10.7.4, second)', () => {
    const fixture = synReceived();
    fixture.deliver({ flags: 'R', seq: REMOTE_ISS + 1 });
    expect(states(fixture)).toEqual(['LISTEN 3']);
    expect(fixture.sent()).toEqual([]);
  });

  test('a half-open connection whose SYN-ACK retries run out is removed; the listener stays', () => {
    const fixture = synReceived({ maxRetries: 2 });
    fixture.clock.advance(1000 + 2000 + 4000);
    expect(fixture.sent().map((d) => summary(d.segment).flags)).toEqual(['S.', 'S.']);
    expect(states(fixture)).toEqual(['LISTEN 3']);
  });

  test('a SYN is dropped while the accept queue is over the backlog (Linux), and accepted after accept', () => {
    const fixture = listening({}, 0);
    fixture.deliver({ flags: 'S', seq: REMOTE_ISS });
    fixture.deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    fixture.sent();
    fixture.deliver({ flags: 'S', seq: REMOTE_ISS, srcPort: CLIENT_PORT + 1 });
    expect(fixture.sent()).toEqual([]);
    fixture.host.accept(fixture.listener);
    fixture.deliver({ flags: 'S', seq: REMOTE_ISS, srcPort: CLIENT_PORT + 1 });
    expect(fixture.sent().map((d) => summary(d.segment).flags)).toEqual(['S.']);
  });

  test('closing the listener resets the connections in its accept queue with <SEQ=SND.NXT><CTL=RST> (§3.10.5)', () => {
    const fixture = synReceived();
    fixture.deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    fixture.sent();
    fixture.host.close(fixture.listener);
    expect(fixture.sent().map((d) => summary(d.segment))).toEqual([
      { flags: 'R', seq: LOCAL_ISS + 1, ack: 0, length: 0 },
    ]);
    expect(socketListing(fixture.host)).toEqual([]);
  });

  test('closing the listener resets its half-open connections too', () => {
    const fixture = synReceived();
    fixture.host.close(fixture.listener);
    expect(fixture.sent().map((d) => summary(d.segment))).toEqual([
      { flags: 'R', seq: LOCAL_ISS + 1, ack: 0, length: 0 },
    ]);
    expect(socketListing(fixture.host)).toEqual([]);
  });

  test('closing the listener leaves the accepted connections alone', () => {
    const fixture = established();
    fixture.sent();
    fixture.host.close(fixture.listener);
    expect(fixture.sent()).toEqual([]);
    expect(states(fixture)).toEqual(['ESTABLISHED 4']);
  });

  test('a connection reset while queued is still accepted; its first read reports ECONNRESET', () => {
    const fixture = synReceived();
    fixture.deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    fixture.deliver({ flags: 'R', seq: REMOTE_ISS + 1 });
    const fd = fixture.host.accept(fixture.listener);
    expect(() => fixture.host.read(fd)).toThrow(expect.objectContaining({ errno: 'ECONNRESET' }));
    expect(fixture.host.read(fd)).toHaveLength(0);
  });

  test('accept on a socket that is not listening fails with EINVAL', () => {
    const { host, fd } = established();
    expect(() => host.accept(fd)).toThrow(expect.objectContaining({ errno: 'EINVAL' }));
  });
});

describe('the backlog listen grants (Linux __sys_listen)', () => {
  const granted = (backlog: number) => listening({}, backlog).host.allSockets()[0]!.backlog;

  test('listen(fd, 2^40) -> SOMAXCONN (4096), not an unbounded accept queue', () => {
    expect(granted(2 ** 40)).toBe(SOMAXCONN);
  });

  test('listen(fd, -1) -> SOMAXCONN: Linux compares the count as unsigned', () => {
    expect(granted(-1)).toBe(SOMAXCONN);
  });

  test.each([Number.NaN, 1.5, Number.POSITIVE_INFINITY])(
    'listen(fd, %p) -> EINVAL, the socket unchanged',
    (backlog) => {
      const fixture = hostFixture();
      const fd = fixture.host.socket();
      expect(() => fixture.host.listen(fd, backlog)).toThrow(
        new SocketError('EINVAL', `backlog ${backlog} is not a whole number`),
      );
      expect(fixture.host.stateOf(fd)).toBe('CLOSED');
      expect(fixture.host.localAddress(fd)).toBeNull();
    },
  );
});
