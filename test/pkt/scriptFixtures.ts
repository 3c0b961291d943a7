/** Script openings the packetdrill tests share, so each test writes only the lines of its own scenario. */

/** A passive open in which the peer offers MSS 1000: descriptor 3 listens, 4 is the ESTABLISHED connection. */
export const ACCEPTED = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 0:0(0) win 65535 <mss 1000>
+0 > S. 0:0(0) ack 1 <...>
+.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
`;

/**
 * TCP_USER_TIMEOUT 1000 ms on an ESTABLISHED connection whose data the peer
 * never acknowledges: the read 2 s later fails with ETIMEDOUT. Played on our
 * TCP (test/pkt/socketOptions.test.ts) and on Linux (test/linux/socketOptions.linux.ts).
 */
export const USER_TIMEOUT_SCRIPT = `${ACCEPTED}+0 setsockopt(4, SOL_TCP, TCP_USER_TIMEOUT, [1000], 4) = 0
+0 getsockopt(4, SOL_TCP, TCP_USER_TIMEOUT, [1000], [4]) = 0
+0 write(4, ..., 100) = 100
+0 > P. 1:101(100) ack 1 <...>
+2 read(4, ..., 100) = -1 ETIMEDOUT
`;

/**
 * Two `...` reads in a row that return at once (data queued): the first
 * leaves the syscall thread free for the second, as packetdrill's
 * await_idle_thread does (google/packetdrill's blocking/blocking-read.pkt
 * ends so). Played on our TCP (test/pkt/runner.test.ts) and on Linux
 * (test/linux/packetdrill.linux.ts).
 */
export const BLOCKING_READS_RETURNING_AT_ONCE = `${ACCEPTED}+0...0.100 read(4, ..., 1000) = 1000
+.1 < P. 1:1001(1000) ack 1 win 65535
+.1 < P. 1001:3001(2000) ack 1 win 65535
+0...0.000 read(4, ..., 1000) = 1000
+0...0.000 read(4, ..., 1000) = 1000
`;

/**
 * A second listener on the port after the first connection: its SYN comes
 * from a new port, a new connection beside the first (packetdrill's
 * handle_listen_for_script_packet takes a new ephemeral port). Played on our
 * TCP (test/pkt/runner.test.ts) and on Linux (test/linux/packetdrill.linux.ts).
 */
const REUSING_LISTENER = `+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 0:0(0) win 65535 <mss 1000>
+0 > S. 0:0(0) ack 1 <...>
+.1 < . 1:1(0) ack 1 win 65535
`;
export const LISTEN_AGAIN = `${REUSING_LISTENER.replace('+0 socket', '0 socket')}+0 accept(3, ..., ...) = 4
+0 close(3) = 0
${REUSING_LISTENER}+0 accept(3, ..., ...) = 5
`;
