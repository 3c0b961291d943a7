/**
 * Socket options the Linux runner sets on the kernel's socket through the
 * addon (native/socket.c): TCP_USER_TIMEOUT (RFC 5482; RFC 9293 §3.10.8's USER
 * TIMEOUT; the same script plays on our TCP in test/pkt/socketOptions.test.ts),
 * and TCP_MAXSEG on a listener and before connect. Each script
 * in a namespace of its own.
 * Needs root and /dev/net/tun.
 */
import { parseScript } from '../../src/pkt';
import { runLinuxPacketdrill } from '../../src/linux/kernelSuites';
import { linuxUnavailableReason } from '../../src/linux/network';
import { USER_TIMEOUT_SCRIPT } from '../pkt/scriptFixtures';

const unavailable = linuxUnavailableReason();

if (unavailable !== null) {
  test.skip(`socket options against Linux: skipped (${unavailable})`, () => {});
} else {
  test('TCP_USER_TIMEOUT 1000 ms: data never acknowledged, the kernel gives up within 2 s: ETIMEDOUT', async () => {
    const script = parseScript(USER_TIMEOUT_SCRIPT, 'user_timeout.pkt');
    const { results } = await runLinuxPacketdrill([{ name: 'user_timeout.pkt', script }]);
    expect(results[0]?.failure).toBeUndefined();
  }, 30_000);

  test('TCP_MAXSEG 1100 on a listener: its SYN-ACK offers 1100, and the connection sends 1100 (min of both MSS)', async () => {
    const script = parseScript(
      `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 setsockopt(3, SOL_TCP, TCP_MAXSEG, [1100], 4) = 0
+0 getsockopt(3, SOL_TCP, TCP_MAXSEG, [1100], [4]) = 0
+.1 < S 0:0(0) win 65535 <mss 1300>
+0 > S. 0:0(0) ack 1 <mss 1100>
+.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
+0 getsockopt(4, SOL_TCP, TCP_MAXSEG, [1100], [4]) = 0
`,
      'maxseg.pkt',
    );
    const { results } = await runLinuxPacketdrill([{ name: 'maxseg.pkt', script }]);
    expect(results[0]?.failure).toBeUndefined();
  }, 30_000);

  test('TCP_MAXSEG 1100 before connect: the SYN offers 1100 (the socket exists from socket() on)', async () => {
    const script = parseScript(
      `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 setsockopt(3, SOL_TCP, TCP_MAXSEG, [1100], 4) = 0
+0 getsockopt(3, SOL_TCP, TCP_MAXSEG, [1100], [4]) = 0
+0...0.1 connect(3, ..., ...) = 0
+0 > S 0:0(0) <mss 1100>
+.1 < S. 0:0(0) ack 1 win 65535 <mss 1460>
+0 > . 1:1(0) ack 1
`,
      'maxseg_client.pkt',
    );
    const { results } = await runLinuxPacketdrill([{ name: 'maxseg_client.pkt', script }]);
    expect(results[0]?.failure).toBeUndefined();
  }, 30_000);
}
