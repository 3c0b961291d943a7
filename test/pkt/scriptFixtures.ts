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
