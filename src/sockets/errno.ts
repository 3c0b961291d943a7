/**
 * The errors a socket call fails with, as a Linux process sees them: the
 * errno name, its number and strerror's text. The host speaks errno rather
 * than RFC 9293's phrases because its callers (the packetdrill runner, a
 * program) check `= -1 ECONNREFUSED`; `errnoForReason` is the one place where
 * the RFC's words ("connection reset") become errno names.
 */
import type { TcpState } from '../../machines/tcp.machine';
import type { TcpErrorReason } from '../tcp/errors';

/** Linux's numbers (asm-generic/errno.h) and glibc's strerror texts. */
export const ERRNO = {
  ENOENT: { code: 2, message: 'No such file or directory' },
  EBADF: { code: 9, message: 'Bad file descriptor' },
  EAGAIN: { code: 11, message: 'Resource temporarily unavailable' },
  EFAULT: { code: 14, message: 'Bad address' },
  EEXIST: { code: 17, message: 'File exists' },
  EINVAL: { code: 22, message: 'Invalid argument' },
  EPIPE: { code: 32, message: 'Broken pipe' },
  ENOPROTOOPT: { code: 92, message: 'Protocol not available' },
  EOPNOTSUPP: { code: 95, message: 'Operation not supported' },
  EADDRINUSE: { code: 98, message: 'Address already in use' },
  EADDRNOTAVAIL: { code: 99, message: 'Cannot assign requested address' },
  ECONNRESET: { code: 104, message: 'Connection reset by peer' },
  EISCONN: { code: 106, message: 'Transport endpoint is already connected' },
  ENOTCONN: { code: 107, message: 'Transport endpoint is not connected' },
  ETIMEDOUT: { code: 110, message: 'Connection timed out' },
  ECONNREFUSED: { code: 111, message: 'Connection refused' },
  EALREADY: { code: 114, message: 'Operation already in progress' },
  EINPROGRESS: { code: 115, message: 'Operation now in progress' },
} as const;

export type Errno = keyof typeof ERRNO;

export function isErrno(name: string): name is Errno {
  return Object.prototype.hasOwnProperty.call(ERRNO, name);
}

/** A socket call failed: what `-1` and `errno` tell a process. */
export class SocketError extends Error {
  override readonly name = 'SocketError';

  constructor(
    readonly errno: Errno,
    /** What the call was doing, for the message; the errno is what callers test. */
    readonly detail?: string,
  ) {
    super(`${errno} (${ERRNO[errno].message})${detail === undefined ? '' : `: ${detail}`}`);
  }

  get code(): number {
    return ERRNO[this.errno].code;
  }
}

/**
 * How a lost connection is reported to the process. RFC 9293 §3.10.7.3 says
 * "connection reset" for a RST in SYN-SENT, but the sockets API reports
 * ECONNREFUSED there (Linux's tcp_reset, net/ipv4/tcp_input.c, as BSD).
 * A RST in CLOSE-WAIT is "connection reset" too (§3.10.7.4, second check:
 * "any outstanding RECEIVEs and SEND should receive 'reset' responses"):
 * ECONNRESET, where Linux's tcp_reset reports EPIPE (the peer had closed);
 * docs/linux.md lists that difference.
 */
export function errnoForLoss(reason: TcpErrorReason, lostIn: TcpState): Errno {
  if (reason === 'connection reset' && lostIn === 'SYN_SENT') return 'ECONNREFUSED';
  return errnoForReason(reason);
}

/**
 * RFC 9293 §3.10's reasons as errno names: "connection reset" is
 * ECONNRESET, "connection refused" ECONNREFUSED, giving up after the
 * retransmissions ETIMEDOUT, a call refused because our FIN is queued EPIPE.
 */
export function errnoForReason(reason: TcpErrorReason): Errno {
  switch (reason) {
    case 'connection reset':
      return 'ECONNRESET';
    case 'connection refused':
      return 'ECONNREFUSED';
    case 'connection aborted due to user timeout':
      return 'ETIMEDOUT';
    case 'connection closing':
      return 'EPIPE';
    case 'connection already exists':
      return 'EISCONN';
    case 'connection does not exist':
    case 'foreign socket unspecified':
      return 'ENOTCONN';
    case 'insufficient resources':
      return 'EAGAIN';
  }
}
