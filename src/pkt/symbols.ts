/**
 * The symbolic constants a script may write where the runner reads a number,
 * with Linux's values, and the errno names a result may carry. One table
 * each: the check at parse time (check.ts) and the runner read the same ones.
 */
import { ERRNO, type Errno } from '../sockets';

/** Linux's values (socket.h, in.h, tcp.h, fcntl.h, bits/socket.h's MSG_*, ioctls, epoll) of the symbols the calls we play take. */
const CONSTANTS = {
  AF_INET: 2,
  PF_INET: 2,
  SOCK_STREAM: 1,
  SOCK_NONBLOCK: 0o4000,
  IPPROTO_TCP: 6,
  SOL_TCP: 6,
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_ERROR: 4,
  SO_SNDBUF: 7,
  SO_RCVBUF: 8,
  SO_KEEPALIVE: 9,
  SO_REUSEPORT: 15,
  TCP_NODELAY: 1,
  TCP_MAXSEG: 2,
  F_GETFL: 3,
  F_SETFL: 4,
  O_RDWR: 2,
  O_NONBLOCK: 0o4000,
  SHUT_RD: 0,
  SHUT_WR: 1,
  SHUT_RDWR: 2,
  MSG_PEEK: 2,
  MSG_DONTWAIT: 0x40,
  TCP_NOTSENT_LOWAT: 25,
  // asm-generic/ioctls.h: SIOCINQ is FIONREAD, SIOCOUTQ is TIOCOUTQ (linux/sockios.h).
  SIOCINQ: 0x541b,
  SIOCOUTQ: 0x5411,
  // sys/epoll.h. EPOLLET is bit 31: read it as unsigned (`>>> 0`), as the kernel's __poll_t is.
  EPOLL_CTL_ADD: 1,
  EPOLL_CTL_DEL: 2,
  EPOLL_CTL_MOD: 3,
  EPOLLIN: 0x001,
  EPOLLOUT: 0x004,
  EPOLLERR: 0x008,
  EPOLLHUP: 0x010,
  EPOLLRDHUP: 0x2000,
  EPOLLET: 0x80000000,
  // packetdrill reads a buffer argument as `...` or 0 (run_system_call.c's buffer_arg); NULL is written for the 0.
  NULL: 0,
} as const;

export type ConstantName = keyof typeof CONSTANTS;

/** A symbol's value: a constant above, or an errno's number (`[ECONNREFUSED]` in getsockopt's SO_ERROR). */
export type SymbolName = ConstantName | Errno;

export const SYMBOLS: Readonly<Record<SymbolName, number>> = {
  ...CONSTANTS,
  ...(Object.fromEntries(Object.entries(ERRNO).map(([name, { code }]) => [name, code])) as Record<Errno, number>),
};

export const ERRNO_NAMES: readonly Errno[] = Object.keys(ERRNO) as Errno[];

export function isSymbol(name: string): name is SymbolName {
  return Object.prototype.hasOwnProperty.call(SYMBOLS, name);
}

/** An errno's name from its number, for messages; the number itself if none has it. */
export function errnoName(code: number): string {
  return ERRNO_NAMES.find((name) => ERRNO[name].code === code) ?? `${code}`;
}

/**
 * Why a word where a number belongs is not one: packetdrill's lexer reads
 * `1e12` or `10k` as a word, which then names no constant.
 */
export function unknownSymbolProblem(name: string): string {
  return /^[0-9]/.test(name)
    ? `'${name}' is not a number: write integers in decimal or 0x hex`
    : `unknown symbol '${name}'`;
}
