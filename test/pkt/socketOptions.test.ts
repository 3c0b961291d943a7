/**
 * setsockopt/getsockopt options that set a connection's settings on our
 * TCP: SO_RCVBUF (the window we offer), SO_SNDBUF, TCP_MAXSEG (the MSS we
 * advertise and send), set on a socket before it connects or listens, and
 * TCP_USER_TIMEOUT (RFC 9293 §3.10.8), at any time; a listener's children
 * inherit them.
 */
import { parseScript } from '../../src/pkt';
import { formatFailure, runScript, type ScriptResult } from '../../src/pkt/runner';
import { USER_TIMEOUT_SCRIPT } from './scriptFixtures';

function play(text: string): ScriptResult {
  return runScript(parseScript(text, 'test.pkt'));
}

function failures(result: ScriptResult): string[] {
  return result.failures.map((failure) => formatFailure(failure, 'test.pkt'));
}

const SOCKET = '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n';
const LISTEN = '+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n';
const HANDSHAKE = `+0 < S 0:0(0) win 65535 <mss 500>
+0 > S. 0:0(0) ack 1 <...>
+.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
`;

test('SO_RCVBUF on a listener: its connections offer that window, and getsockopt reports it doubled (socket(7))', () => {
  const script = `${SOCKET}+0 setsockopt(3, SOL_SOCKET, SO_RCVBUF, [10000], 4) = 0
+0 getsockopt(3, SOL_SOCKET, SO_RCVBUF, [20000], [4]) = 0
${LISTEN}+0 < S 0:0(0) win 65535 <mss 500>
+0 > S. 0:0(0) ack 1 win 10000 <mss 1460>
`;
  expect(failures(play(script))).toEqual([]);
});

test('SO_RCVBUF on an established connection is refused, saying when to set it', () => {
  const script = `${SOCKET}${LISTEN}${HANDSHAKE}+0 setsockopt(4, SOL_SOCKET, SO_RCVBUF, [10000], 4) = 0\n`;
  expect(failures(play(script))).toEqual([
    'test.pkt:8: setsockopt: SO_RCVBUF on a connection in ESTABLISHED is not played: our TCP takes it when the connection is created (set it before connect or listen)',
  ]);
});

test('TCP_MAXSEG before connect: the SYN advertises it; once connected getsockopt reads the MSS we send', () => {
  const script = `${SOCKET}+0 setsockopt(3, SOL_TCP, TCP_MAXSEG, [1000], 4) = 0
+0 getsockopt(3, SOL_TCP, TCP_MAXSEG, [1000], [4]) = 0
+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 connect(3, ..., ...) = -1 EINPROGRESS
+0 > S 0:0(0) <mss 1000>
+0 < S. 0:0(0) ack 1 win 65535 <mss 500>
+0 > . 1:1(0) ack 1 <...>
+0 getsockopt(3, SOL_TCP, TCP_MAXSEG, [500], [4]) = 0
`;
  expect(failures(play(script))).toEqual([]);
});

test('TCP_MAXSEG below TCP_MIN_MSS (88) is EINVAL, as on Linux', () => {
  expect(failures(play(`${SOCKET}+0 setsockopt(3, SOL_TCP, TCP_MAXSEG, [50], 4) = -1 EINVAL\n`))).toEqual([]);
});

test('SO_SNDBUF: a non-blocking write takes only what the buffer holds', () => {
  const script = `${SOCKET}+0 setsockopt(3, SOL_SOCKET, SO_SNDBUF, [1000], 4) = 0
${LISTEN}${HANDSHAKE}+0 getsockopt(4, SOL_SOCKET, SO_SNDBUF, [2000], [4]) = 0
+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 write(4, ..., 5000) = 1000
`;
  expect(failures(play(script))).toEqual([]);
});

test('TCP_USER_TIMEOUT 1000 on an ESTABLISHED connection whose data is never acknowledged: the read 2 s later is ETIMEDOUT', () => {
  expect(failures(play(USER_TIMEOUT_SCRIPT))).toEqual([]);
});

test("TCP_USER_TIMEOUT on a listener: getsockopt on the accepted connection reads it (as Linux's sk_clone_lock copies it)", () => {
  const script = `${SOCKET}+0 setsockopt(3, SOL_TCP, TCP_USER_TIMEOUT, [3000], 4) = 0
${LISTEN}${HANDSHAKE}+0 getsockopt(4, SOL_TCP, TCP_USER_TIMEOUT, [3000], [4]) = 0
`;
  expect(failures(play(script))).toEqual([]);
});

test('TCP_USER_TIMEOUT -1 is EINVAL, as on Linux', () => {
  expect(failures(play(`${SOCKET}+0 setsockopt(3, SOL_TCP, TCP_USER_TIMEOUT, [-1], 4) = -1 EINVAL\n`))).toEqual([]);
});
