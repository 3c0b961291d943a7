/**
 * TCP_USER_TIMEOUT on the host's sockets: the connection's USER TIMEOUT
 * (RFC 9293 §3.10.8, RFC 5482; src/tcp/timers.ts), set on a live
 * connection, a listener (its children inherit it) or the host, and
 * reported as Linux's tcp_write_err reports it: ETIMEDOUT, once.
 */
import { bytes, errnoOf, established, LOCAL_ISS, listening, REMOTE_ISS, synSent } from './fixtures';

describe('TCP_USER_TIMEOUT', () => {
  test('set on an ESTABLISHED socket with a write never acknowledged -> CLOSED at 3 s; the next read fails with ETIMEDOUT', () => {
    const { host, fd, clock } = established();
    host.setSocketTcpOptions(fd, { userTimeout: 3000 });
    host.write(fd, bytes('hello'));
    clock.advanceTo(2999);
    expect(host.stateOf(fd)).toBe('ESTABLISHED');
    clock.advanceTo(3000);
    expect(host.stateOf(fd)).toBe('CLOSED');
    expect(errnoOf(() => host.read(fd))).toBe('ETIMEDOUT');
  });

  test('set on a listener -> the accepted connection has it: a write unacknowledged for 2 s fails the next write with ETIMEDOUT', () => {
    const { host, listener, clock, deliver } = listening();
    host.setSocketTcpOptions(listener, { userTimeout: 2000 });
    deliver({ flags: 'S', seq: REMOTE_ISS });
    deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    const fd = host.accept(listener);
    host.write(fd, bytes('x'));
    clock.advance(2000);
    expect(errnoOf(() => host.write(fd, bytes('y')))).toBe('ETIMEDOUT');
  });

  test('a host setting of 2 s -> connect with no answer gives up at 2 s, not 247 s: ETIMEDOUT', () => {
    const { host, fd, clock } = synSent({ userTimeout: 2000 });
    clock.advanceTo(1999);
    expect(host.connectResult(fd)).toBe('pending');
    clock.advanceTo(2000);
    expect(errnoOf(() => host.connectResult(fd))).toBe('ETIMEDOUT');
  });
});
