/**
 * One socket as the host's kernel keeps it: what the program opened (its
 * file descriptor and flags), where it is bound, and either a listener's
 * queues or the `TcpConnection` behind a connected socket. The host decides
 * everything; this is its record.
 */
import { SYNCHRONIZED_STATES, type TcpState } from '../../machines/tcp.machine';
import type { TcpConnection, TcpConnectionOptions } from '../tcp/connection';
import type { SocketAddress } from './address';
import type { SocketError } from './errno';

/**
 * - `unconnected`: from `socket()` until `listen` or `connect` (bound or not);
 * - `listener`: after `listen`, in LISTEN;
 * - `connection`: has a `TcpConnection`, from `connect` or spawned by a listener.
 */
export type SocketRole = 'unconnected' | 'listener' | 'connection';

const SYNCHRONIZED: ReadonlySet<TcpState> = new Set(SYNCHRONIZED_STATES);

/** RFC 9293 §3.5: both sequence numbers are known; the handshake is over. */
export function isSynchronized(state: TcpState): boolean {
  return SYNCHRONIZED.has(state);
}

/** The settings a connection is created with (RFC 6298 timers, MSS, window, ISS): the host's, or a socket's own. */
export type ConnectionSettings = Omit<TcpConnectionOptions, 'clock' | 'localPort' | 'remotePort' | 'output'>;

export class Socket {
  /** The program's descriptor; null once closed, and for a connection not yet accepted. */
  fd: number | null;
  role: SocketRole = 'unconnected';
  local: SocketAddress | null = null;
  remote: SocketAddress | null = null;
  /** `O_NONBLOCK`: the host never blocks, but the program asks and a runner honours it. */
  nonBlocking = false;
  /** `SO_REUSEADDR`. */
  reuseAddress = false;
  /** Settings from setsockopt (SO_RCVBUF, TCP_MAXSEG, …) over the host's, for the connections this socket creates. */
  tcpOptions: ConnectionSettings = {};
  connection: TcpConnection | null = null;

  // A listener's queues.
  backlog = 0;
  /** Connections in SYN-RECEIVED spawned by this listener: Linux's request sockets. */
  readonly halfOpen: Socket[] = [];
  /** Synchronized connections waiting for `accept`. */
  readonly acceptQueue: Socket[] = [];

  // A connection's side of the program.
  /** The listener that spawned this connection, until `accept` takes it. */
  listener: Socket | null = null;
  /** The handshake completed once: a later CLOSED is an end of file, not "not connected". */
  everSynchronized = false;
  /** `shutdown(SHUT_RD)`: reads return end of file. */
  readShutdown = false;
  /** `shutdown(SHUT_WR)` or `close`: our FIN is queued. */
  writeShutdown = false;
  /** A read returned the end of file: the peer's FIN no longer counts in Recv-Q (Linux's copied_seq). */
  eofRead = false;
  /** Why the connection was lost, reported once by the next call (Linux's `sk_err`). */
  pendingError: SocketError | null = null;

  constructor(
    /** Creation order: the listing's order. */
    readonly id: number,
    fd: number | null,
  ) {
    this.fd = fd;
  }

  /** The model's state: a listener is in LISTEN, a socket without a connection in CLOSED. */
  get state(): TcpState {
    if (this.role === 'listener') return 'LISTEN';
    return this.connection?.state ?? 'CLOSED';
  }

  /** Reports `pendingError` once and forgets it, as `sock_error` does. */
  takeError(): SocketError | null {
    const error = this.pendingError;
    this.pendingError = null;
    return error;
  }
}
