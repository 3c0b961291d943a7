/**
 * The calls a program makes on its descriptors, and the errno each failure
 * carries, as Linux reports them.
 */
import { ERRNO, SocketError, socketListing } from '../../src/sockets';
import {
  bytes,
  closeWait,
  errnoOf,
  established,
  hostFixture,
  LOCAL,
  LOCAL_ISS,
  REMOTE,
  REMOTE_ISS,
  SERVER_PORT,
  summary,
  synSent,
} from './fixtures';

describe('descriptors', () => {
  test('a process gets 3, 4, 5: 0 to 2 are taken', () => {
    const { host } = hostFixture();
    expect([host.socket(), host.socket(), host.socket()]).toEqual([3, 4, 5]);
  });

  test('the lowest free descriptor is reused after close', () => {
    const { host } = hostFixture();
    host.socket();
    const four = host.socket();
    host.socket();
    host.close(four);
    expect(host.socket()).toBe(4);
  });

  test('a call on a descriptor that is not open fails with EBADF', () => {
    const { host } = hostFixture();
    expect(errnoOf(() => host.read(3))).toBe('EBADF');
    const fd = host.socket();
    host.close(fd);
    expect(errnoOf(() => host.close(fd))).toBe('EBADF');
  });

  test('a SocketError carries the errno, its number and its text', () => {
    const error = new SocketError('ECONNREFUSED', 'connect');
    expect([error.errno, error.code, error.message]).toEqual([
      'ECONNREFUSED',
      111,
      'ECONNREFUSED (Connection refused): connect',
    ]);
    expect(ERRNO.ETIMEDOUT.code).toBe(110);
  });
});

describe('bind', () => {
  test('a second bind of the same socket fails with EINVAL', () => {
    const { host } = hostFixture();
    const fd = host.socket();
    host.bind(fd, SERVER_PORT);
    expect(errnoOf(() => host.bind(fd, SERVER_PORT + 1))).toBe('EINVAL');
  });

  test('a port another socket is bound to fails with EADDRINUSE', () => {
    const { host } = hostFixture();
    host.bind(host.socket(), SERVER_PORT, LOCAL);
    expect(errnoOf(() => host.bind(host.socket(), SERVER_PORT))).toBe('EADDRINUSE');
  });

  test('SO_REUSEADDR does not share a port with a listener', () => {
    const { host } = hostFixture();
    const listener = host.socket();
    host.setReuseAddress(listener, true);
    host.bind(listener, SERVER_PORT);
    host.listen(listener, 1);
    const fd = host.socket();
    host.setReuseAddress(fd, true);
    expect(errnoOf(() => host.bind(fd, SERVER_PORT))).toBe('EADDRINUSE');
  });

  test('SO_REUSEADDR binds the port of a connection in TIME-WAIT', () => {
    const { host, deliver, listener, fd } = established();
    host.close(listener);
    host.close(fd);
    deliver({ flags: 'F.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 2 });
    expect(socketListing(host).map((row) => row.state)).toEqual(['TIME_WAIT']);
    const plain = host.socket();
    expect(errnoOf(() => host.bind(plain, SERVER_PORT))).toBe('EADDRINUSE');
    host.setReuseAddress(plain, true);
    expect(errnoOf(() => host.bind(plain, SERVER_PORT))).toBe('no error');
  });

  test('an address that is not the host’s fails with EADDRNOTAVAIL', () => {
    const { host } = hostFixture();
    expect(errnoOf(() => host.bind(host.socket(), SERVER_PORT, '10.9.9.9'))).toBe('EADDRNOTAVAIL');
  });
});

describe('connect', () => {
  test('an unbound socket gets the first ephemeral port, 32768, and sends a SYN from it', () => {
    const { host, sent } = hostFixture();
    const fd = host.socket();
    host.connect(fd, { address: REMOTE, port: SERVER_PORT });
    const [syn] = sent();
    expect(syn).toMatchObject({
      src: LOCAL,
      dst: REMOTE,
      segment: { srcPort: 32768, dstPort: SERVER_PORT, options: { mss: 1460 } },
    });
    expect(summary(syn!.segment)).toEqual({ flags: 'S', seq: LOCAL_ISS, ack: 0, length: 0 });
  });

  test('connectResult is pending in SYN-SENT and connected after the SYN-ACK', () => {
    const { host, fd, port, deliver, sent } = synSent();
    expect(host.connectResult(fd)).toBe('pending');
    deliver({ flags: 'S.', seq: REMOTE_ISS, ack: LOCAL_ISS + 1, srcPort: SERVER_PORT, dstPort: port });
    expect(host.connectResult(fd)).toBe('connected');
    expect(sent().map((d) => summary(d.segment))).toEqual([
      { flags: '.', seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 1, length: 0 },
    ]);
  });

  test('a RST that acknowledges our SYN: ECONNREFUSED, reported once', () => {
    const { host, fd, port, deliver } = synSent();
    deliver({ flags: 'R.', seq: 0, ack: LOCAL_ISS + 1, srcPort: SERVER_PORT, dstPort: port });
    expect(errnoOf(() => host.connectResult(fd))).toBe('ECONNREFUSED');
    expect(errnoOf(() => host.connectResult(fd))).toBe('ENOTCONN');
  });

  test('nobody answers: SYNs at 0, 1, 3, 7, 15, 31, 63, 127 s, then ETIMEDOUT at 247 s (RFC 9293 §3.8.3, MUST-23)', () => {
    const { host, fd, clock, outbox } = synSent();
    const times: number[] = [];
    const record = () => {
      while (outbox.length > 0) {
        outbox.shift();
        times.push(clock.now() / 1000);
      }
    };
    for (let second = 1; second <= 247; second++) {
      clock.advanceTo(second * 1000);
      record();
    }
    expect(times).toEqual([1, 3, 7, 15, 31, 63, 127]);
    expect(errnoOf(() => host.connectResult(fd))).toBe('ETIMEDOUT');
  });

  test('a second connect while the first runs fails with EALREADY, after it with EISCONN', () => {
    const { host, fd, port, deliver } = synSent();
    expect(errnoOf(() => host.connect(fd, { address: REMOTE, port: SERVER_PORT }))).toBe('EALREADY');
    deliver({ flags: 'S.', seq: REMOTE_ISS, ack: LOCAL_ISS + 1, srcPort: SERVER_PORT, dstPort: port });
    expect(errnoOf(() => host.connect(fd, { address: REMOTE, port: SERVER_PORT }))).toBe('EISCONN');
  });
});

describe('write and read', () => {
  test('write before the handshake completes fails with EAGAIN', () => {
    const { host, fd } = synSent();
    expect(errnoOf(() => host.write(fd, bytes('early')))).toBe('EAGAIN');
  });

  test('write in ESTABLISHED sends the data at once (RFC 9293 §3.10.2)', () => {
    const { host, fd, sent } = established();
    sent();
    expect(host.write(fd, bytes('hello'))).toBe(5);
    expect(sent().map((d) => summary(d.segment))).toEqual([
      { flags: 'P.', seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 1, length: 5 },
    ]);
  });

  test('read with nothing arrived fails with EAGAIN; the data, then end of file after the FIN', () => {
    const { host, fd, deliver } = established();
    expect(errnoOf(() => host.read(fd))).toBe('EAGAIN');
    deliver({ flags: 'P.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, payload: 'abc' });
    deliver({ flags: 'F.', seq: REMOTE_ISS + 4, ack: LOCAL_ISS + 1 });
    expect(new TextDecoder().decode(host.read(fd, 2))).toBe('ab');
    expect(new TextDecoder().decode(host.read(fd))).toBe('c');
    expect(host.read(fd)).toHaveLength(0);
    expect(host.read(fd)).toHaveLength(0);
  });

  test('read of 0 bytes returns nothing at once, though nothing has arrived, as Linux read(2) does', () => {
    const { host, fd } = established();
    expect(host.read(fd, 0)).toHaveLength(0);
  });

  test('read of 0 bytes leaves the arrived data for the next read', () => {
    const { host, fd, deliver } = established();
    deliver({ flags: 'P.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, payload: 'abc' });
    expect(host.read(fd, 0)).toHaveLength(0);
    expect(new TextDecoder().decode(host.read(fd))).toBe('abc');
  });

  test('read with a negative count fails with EINVAL', () => {
    const { host, fd } = established();
    expect(errnoOf(() => host.read(fd, -1))).toBe('EINVAL');
  });

  test('read with a count that is not a whole number fails with EINVAL', () => {
    const { host, fd } = established();
    expect([errnoOf(() => host.read(fd, 1.5)), errnoOf(() => host.read(fd, Number.NaN))]).toEqual(['EINVAL', 'EINVAL']);
  });

  test('CLOSE-WAIT still writes (RFC 9293 §3.10.2)', () => {
    const { host, fd, sent } = closeWait();
    expect(host.write(fd, bytes('bye'))).toBe(3);
    expect(sent().map((d) => summary(d.segment).flags)).toEqual(['P.']);
  });

  test('write after shutdown(SHUT_WR) fails with EPIPE; reading goes on', () => {
    const { host, fd, deliver, sent } = established();
    sent();
    host.shutdown(fd, 'write');
    expect(sent().map((d) => summary(d.segment))).toEqual([
      { flags: 'F.', seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 1, length: 0 },
    ]);
    expect(host.stateOf(fd)).toBe('FIN_WAIT_1');
    expect(errnoOf(() => host.write(fd, bytes('x')))).toBe('EPIPE');
    deliver({ flags: 'P.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 2, payload: 'late' });
    expect(new TextDecoder().decode(host.read(fd))).toBe('late');
    expect(host.stateOf(fd)).toBe('FIN_WAIT_2');
  });

  test('shutdown(SHUT_RD) makes reads return end of file and sends nothing', () => {
    const { host, fd, sent } = established();
    sent();
    host.shutdown(fd, 'read');
    expect(host.read(fd)).toHaveLength(0);
    expect(sent()).toEqual([]);
  });

  test('a RST in ESTABLISHED: read reports ECONNRESET once, then end of file; write EPIPE', () => {
    const { host, fd, deliver } = established();
    deliver({ flags: 'R', seq: REMOTE_ISS + 1 });
    expect(errnoOf(() => host.read(fd))).toBe('ECONNRESET');
    expect(host.read(fd)).toHaveLength(0);
    expect(errnoOf(() => host.write(fd, bytes('x')))).toBe('EPIPE');
  });

  // RFC 9293 §3.10.7.4, second check, CLOSE-WAIT: "any outstanding RECEIVEs and SEND should
  // receive 'reset' responses". Linux's tcp_reset says EPIPE here (docs/linux.md).
  test('a RST in CLOSE_WAIT: write reports ECONNRESET, not EPIPE', () => {
    const { host, fd, deliver } = closeWait();
    deliver({ flags: 'R', seq: REMOTE_ISS + 2 });
    expect(errnoOf(() => host.write(fd, bytes('x')))).toBe('ECONNRESET');
  });

  test('read and write on a socket that never connected: ENOTCONN and EPIPE', () => {
    const { host } = hostFixture();
    const fd = host.socket();
    expect(errnoOf(() => host.read(fd))).toBe('ENOTCONN');
    expect(errnoOf(() => host.write(fd, bytes('x')))).toBe('EPIPE');
    expect(errnoOf(() => host.shutdown(fd, 'both'))).toBe('ENOTCONN');
  });
});

describe('close', () => {
  test('close in ESTABLISHED frees the descriptor at once; the connection goes on in FIN-WAIT-1 without one', () => {
    const { host, fd, sent } = established();
    sent();
    host.close(fd);
    expect(sent().map((d) => summary(d.segment).flags)).toEqual(['F.']);
    expect(socketListing(host).map((row) => [row.state, row.fd])).toEqual([
      ['LISTEN', 3],
      ['FIN_WAIT1', null],
    ]);
    expect(host.socket()).toBe(4);
  });

  test('close in CLOSE-WAIT sends the FIN: LAST-ACK, and the ACK of it removes the socket', () => {
    const { host, fd, deliver, sent } = closeWait();
    host.close(fd);
    expect(sent().map((d) => summary(d.segment))).toEqual([
      { flags: 'F.', seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 2, length: 0 },
    ]);
    expect(socketListing(host).map((row) => row.state)).toEqual(['LISTEN', 'LAST_ACK']);
    deliver({ flags: '.', seq: REMOTE_ISS + 2, ack: LOCAL_ISS + 2 });
    expect(socketListing(host).map((row) => row.state)).toEqual(['LISTEN']);
    expect(host.allSockets()).toHaveLength(1);
  });

  test('close in SYN-SENT deletes the connection and sends nothing (RFC 9293 §3.10.4)', () => {
    const { host, fd, sent } = synSent();
    host.close(fd);
    expect(sent()).toEqual([]);
    expect(host.allSockets()).toEqual([]);
  });

  test('close after shutdown(SHUT_WR) sends no second FIN', () => {
    const { host, fd, sent } = established();
    sent();
    host.shutdown(fd, 'write');
    host.close(fd);
    expect(sent().map((d) => summary(d.segment).flags)).toEqual(['F.']);
  });

  test('a socket whose connection was reset is removed by close', () => {
    const { host, fd, deliver } = established();
    deliver({ flags: 'R', seq: REMOTE_ISS + 1 });
    host.close(fd);
    expect(host.allSockets().map((socket) => socket.role)).toEqual(['listener']);
  });
});

describe('a peer that advertises MSS 0', () => {
  test('SYN <mss 0> to a listener, accept, write(1000) -> two segments of at most 536 bytes (issue 10)', () => {
    const f = hostFixture();
    const listener = f.host.socket();
    f.host.bind(listener, SERVER_PORT, LOCAL);
    f.host.listen(listener, 8);
    f.deliver({ flags: 'S', seq: REMOTE_ISS, options: { mss: 0 } });
    f.deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    const fd = f.host.accept(listener);
    f.sent();
    expect(f.host.write(fd, new Uint8Array(1000))).toBe(1000);
    expect(f.sent().map((d) => summary(d.segment).length)).toEqual([536, 464]);
  });

  test('connect, SYN-ACK <mss 0>, write(100) -> one segment of 100 bytes', () => {
    const f = synSent();
    f.deliver({
      flags: 'S.',
      seq: REMOTE_ISS,
      ack: LOCAL_ISS + 1,
      srcPort: SERVER_PORT,
      dstPort: f.port,
      options: { mss: 0 },
    });
    f.sent();
    expect(f.host.write(f.fd, new Uint8Array(100))).toBe(100);
    expect(f.sent().map((d) => summary(d.segment).length)).toEqual([100]);
  });
});
