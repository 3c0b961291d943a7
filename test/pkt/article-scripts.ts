/**
 * The packetdrill snippets of the seed article (/work/shared/seed-article.txt),
 * one per TCP state it reaches, with the text that web extraction glued to
 * their last lines removed. Named after the article's .pkt files.
 */

/** syn_sent.pkt: a connect() that is never answered. */
export const SYN_SENT = `+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 connect(3, ..., ...) = -1
`;

/** state_syn_rcvd.pkt: the final ACK of the handshake is commented out. */
export const SYN_RCVD = `+0 < S 0:0(0) win 65535 <mss 100>
+0 > S. 0:0(0) ack 1 <...>
// 故意注释掉下面这一行
// +.1 < . 1:1(0) ack 1 win 65535
`;

/** state_fin_wait_1.pkt: the server closes first. */
export const FIN_WAIT_1 = `+0 < S 0:0(0) win 65535 <mss 100>
+0 > S. 0:0(0) ack 1 <...>
.1 < . 1:1(0) ack 1 win 65535
+.1 accept(3, ..., ...) = 4
+.1 close(4) = 0
`;

/** state_fin_wait_2.pkt: as FIN-WAIT-1, then the peer ACKs the FIN. */
export const FIN_WAIT_2 = `${FIN_WAIT_1}+.1 < . 1:1(0) ack 2 win 257
`;

/** state_close_wait.pkt: the peer closes first. */
export const CLOSE_WAIT = `+.1 < F. 1:1(0) win 65535 <mss 100>
+0 > . 1:1(0) ack 2 <...>
`;

/** state_time_wait.pkt. */
export const TIME_WAIT = `// 服务端主动断开连接
+.1 close(4) = 0
+0 > F. 1:1(0) ack 1 <...>
// 向协议栈注入 ACK 包,模拟客户端发送了 ACK
+.1 < . 1:1(0) ack 2 win 257
// 向协议栈注入 FIN,模拟服务端收到了 FIN
+.1 < F. 1:1(0) win 65535 <mss 100>
+0 \`sleep 1000000\`
`;

/** state_last_ack.pkt. */
export const LAST_ACK = `// 向协议栈注入 FIN 包,模拟客户端发送了 FIN,主动关闭连接
+.1 < F. 1:1(0) win 65535 <mss 100>
// 预期协议栈会发出 ACK
+0 > . 1:1(0) ack 2 <...>
+.1 close(4) = 0
// 预期服务端会发出 FIN
+0 > F. 1:1(0) ack 2 <...>
`;

/** state-closing.pkt: simultaneous close. */
export const CLOSING = `+0.100 write(4, ..., 1000) = 1000
+0 > P. 1:1001(1000) ack 1 <...>
+0.01 < . 1:1(0) ack 1001 win 257
+.1 close(4) = 0
+0 > F. 1001:1001(0) ack 1 <...>
+.1 < F. 1:1(0) ack 1001 win 257
+0 > . 1002:1002(0) ack 2 <...>
`;

export const ARTICLE_SCRIPTS = {
  SYN_SENT,
  SYN_RCVD,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  TIME_WAIT,
  LAST_ACK,
  CLOSING,
} as const;
