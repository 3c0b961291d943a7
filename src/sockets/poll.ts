/**
 * A socket's readiness, as poll(2) and epoll report it: what Linux's
 * `tcp_poll` (net/ipv4/tcp.c) computes from the socket's state, read here
 * from the `Socket` record and its `TcpConnection`. The bits are Linux's
 * (`POLLIN`, `POLLOUT`, …, the same values as epoll's `EPOLLIN`, …).
 */
import { DEFAULT_SEND_BUFFER } from '../tcp/connection';
import { seqSub } from '../tcp/seq';
import type { Socket } from './socket';

/** uapi/linux/eventpoll.h and asm-generic/poll.h: the bits tcp_poll sets that a TCP script reads. */
export const POLL_BITS = {
  in: 0x001,
  out: 0x004,
  err: 0x008,
  hup: 0x010,
  rdhup: 0x2000,
} as const;

/** Linux's default `net.ipv4.tcp_notsent_lowat`: UINT_MAX, no limit on unsent bytes. */
export const DEFAULT_NOTSENT_LOWAT = 0xffff_ffff;

/**
 * The bits `tcp_poll` reports for `socket`. `notSentLowat` is the socket's
 * TCP_NOTSENT_LOWAT (0: the sysctl's default).
 *
 * - A listener is readable when a connection waits in its accept queue.
 * - A connection is readable with data queued, or once the peer's FIN came or
 *   reads were shut down (with EPOLLRDHUP); both halves closed is EPOLLHUP;
 *   a pending error EPOLLERR.
 * - It is writable after the handshake when `sk_stream_is_writeable` holds:
 *   the free send buffer is at least half of what is queued
 *   (`sk_stream_min_wspace`), and twice the unsent bytes are below the
 *   not-sent low-water mark (`tcp_stream_memory_free` with `wake` = 1, as
 *   `tcp_poll` asks). After `shutdown(SHUT_WR)` it is writable, as on Linux
 *   (a write then fails at once with EPIPE).
 */
export function pollEvents(socket: Socket, sendBufferSize: number | undefined, notSentLowat: number): number {
  if (socket.role === 'listener') return socket.acceptQueue.length > 0 ? POLL_BITS.in : 0;
  const connection = socket.connection;
  let events = socket.pendingError === null ? 0 : POLL_BITS.err;
  if (connection === null) return events | POLL_BITS.out | POLL_BITS.hup; // tcp_poll: TCP_CLOSE is EPOLLOUT|EPOLLHUP
  const state = connection.state;
  const readClosed = connection.variables.finReceived || socket.readShutdown || state === 'CLOSED';
  if ((readClosed && socket.writeShutdown) || state === 'CLOSED') events |= POLL_BITS.hup;
  if (readClosed) events |= POLL_BITS.in | POLL_BITS.rdhup;
  if (state === 'SYN_SENT' || state === 'SYN_RECEIVED') return events;
  if (connection.readableBytes > 0) events |= POLL_BITS.in;
  if (socket.writeShutdown || isWritable(socket, sendBufferSize, notSentLowat)) events |= POLL_BITS.out;
  return events;
}

/** `sk_stream_is_writeable(sk, 1)` over our send buffer (see pollEvents). */
export function isWritable(socket: Socket, sendBufferSize: number | undefined, notSentLowat: number): boolean {
  const connection = socket.connection;
  if (connection === null) return false;
  const queued = connection.unacknowledgedBytes;
  const { sndNxt, sndUna } = connection.variables;
  // Bytes sent and not yet acknowledged count in the queue; what is left has not been sent (SYN and FIN take no byte of it).
  const notSent = Math.max(0, queued - Math.min(queued, seqSub(sndNxt, sndUna)));
  const freeSpace = (sendBufferSize ?? DEFAULT_SEND_BUFFER) - queued;
  const lowWater = notSentLowat === 0 ? DEFAULT_NOTSENT_LOWAT : notSentLowat;
  return freeSpace >= queued / 2 && 2 * notSent < lowWater;
}
