/**
 * recv/send flags on our TCP: MSG_PEEK (recv(2): the data stays queued) and
 * MSG_DONTWAIT (this one call does not block, as O_NONBLOCK would). The
 * common cases play in test/pkt/scripts/recv_peek.pkt, on our TCP and Linux.
 */
import { parseScript } from '../../src/pkt';
import { formatFailure, runScript } from '../../src/pkt/runner';
import { ACCEPTED } from './scriptFixtures';

function failures(text: string): string[] {
  return runScript(parseScript(text, 'test.pkt')).failures.map((failure) => formatFailure(failure, 'test.pkt'));
}

test('recv with MSG_PEEK after the peer FIN and no data is end of file, 0', () => {
  const script = `${ACCEPTED}+0 < F. 1:1(0) ack 1 win 65535
+0 > . 1:1(0) ack 2
+0 recv(4, ..., 1000, MSG_PEEK) = 0
`;
  expect(failures(script)).toEqual([]);
});

test('send with MSG_DONTWAIT on a blocking socket during the handshake is EAGAIN at once', () => {
  const script = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 connect(3, ..., ...) = -1 EINPROGRESS
+0 > S 0:0(0) <...>
+0 fcntl(3, F_SETFL, O_RDWR) = 0
+0 send(3, ..., 100, MSG_DONTWAIT) = -1 EAGAIN
`;
  expect(failures(script)).toEqual([]);
});
