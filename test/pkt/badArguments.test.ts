/**
 * sendto, recvfrom and sendmsg on our TCP, and a NULL buffer: EFAULT where
 * the kernel's copy would fault, as google/packetdrill's
 * syscall_bad_arg/syscall-invalid-buf-ptr.pkt expects (see hasNullBuffer in
 * src/pkt/runner/syscalls.ts for what "invalid pointer" means here).
 */
import { parseScript } from '../../src/pkt';
import { formatFailure, runScript } from '../../src/pkt/runner';
import { ACCEPTED } from './scriptFixtures';

function failures(text: string): string[] {
  return runScript(parseScript(text, 'test.pkt')).failures.map((failure) => formatFailure(failure, 'test.pkt'));
}

test('write, send and sendto with a NULL buffer are EFAULT and send nothing', () => {
  const script = `${ACCEPTED}+0 write(4, NULL, 1000) = -1 EFAULT (Bad address)
+0 send(4, NULL, 1000, 0) = -1 EFAULT (Bad address)
+0 sendto(4, NULL, 1000, 0, ..., ...) = -1 EFAULT (Bad address)
+0 ioctl(4, SIOCOUTQ, [0]) = 0
`;
  expect(failures(script)).toEqual([]);
});

test('read, recv and recvfrom with a NULL buffer and data queued are EFAULT, and the data stays queued', () => {
  const script = `${ACCEPTED}+0 < . 1:1001(1000) ack 1 win 65535
+0 read(4, NULL, 1000) = -1 EFAULT (Bad address)
+0 recv(4, NULL, 1000, 0) = -1 EFAULT (Bad address)
+0 recvfrom(4, NULL, 1000, 0, ..., ...) = -1 EFAULT (Bad address)
+0 read(4, ..., 1000) = 1000
`;
  expect(failures(script)).toEqual([]);
});

test('a NULL buffer on a non-blocking socket with nothing queued is EAGAIN: the call fails before any copy', () => {
  const script = `${ACCEPTED}+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 read(4, NULL, 1000) = -1 EAGAIN
`;
  expect(failures(script)).toEqual([]);
});

test('a NULL buffer after shutdown(SHUT_WR) is EPIPE, the socket check coming before the copy', () => {
  const script = `${ACCEPTED}+0 shutdown(4, SHUT_WR) = 0
+0 write(4, NULL, 10) = -1 EPIPE
`;
  expect(failures(script)).toEqual([]);
});

test('sendto and recvfrom on a connected socket are send and recv: the address is not read', () => {
  const script = `${ACCEPTED}+0 sendto(4, ..., 100, 0, ..., ...) = 100
+0 > P. 1:101(100) ack 1 <...>
+0 < P. 1:51(50) ack 101 win 65535
+0 recvfrom(4, ..., 1000, MSG_PEEK, ..., ...) = 50
+0 recvfrom(4, ..., 1000, 0, ..., ...) = 50
`;
  expect(failures(script)).toEqual([]);
});

test('sendmsg sends the bytes of its iovecs in one go, zero-length ones skipped', () => {
  const script = `${ACCEPTED}+0 sendmsg(4, {msg_name(...)=...,
               msg_iov(4)=[{..., 0}, {..., 40}, {..., 0}, {..., 20}],
               msg_flags=0}, 0) = 60
+0 > P. 1:61(60) ack 1 <...>
`;
  expect(failures(script)).toEqual([]);
});

test('sendmsg whose msg_iov count differs from its iovecs is refused at parse time', () => {
  expect(() =>
    parseScript(`${ACCEPTED}+0 sendmsg(4, {msg_name(...)=..., msg_iov(2)=[{..., 10}], msg_flags=0}, 0) = 10\n`),
  ).toThrow(/sendmsg: msg_iov\(2\) lists 1 iovecs/);
});

test('a buffer other than ... or NULL is refused at parse time, as packetdrill refuses it', () => {
  expect(() => parseScript(`${ACCEPTED}+0 write(4, 7, 10) = 10\n`)).toThrow(/write: buf may be '...' or NULL, not 7/);
});
