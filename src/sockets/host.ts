/**
 * A host: one IP address, a clock, the sockets its programs opened, and an
 * output for the datagrams it sends. It is the small kernel between programs
 * and `TcpConnection`: the Berkeley calls (`socket`, `bind`, `listen`,
 * `accept`, `connect`, `write`, `read`, `close`, `shutdown`) on file
 * descriptors, a demultiplexer that hands each arriving segment to the
 * connection its four addresses name (RFC 9293 §3.3.1), listeners that spawn
 * one connection per SYN, and resets for segments no socket wants
 * (RFC 9293 §3.10.7.1).
 *
 * The host never blocks and never waits: a call that would block fails with
 * EAGAIN (`accept`, `read`, `write`), and `connect` only starts the handshake
 * (`connectResult` tells how it ended). Blocking is the caller's business: the
 * packetdrill runner waits for it on the virtual clock.
 */
import type { TcpState } from '../../machines/tcp.machine';
import type { Clock } from '../net/clock';
import { TcpConnection, type StateChange } from '../tcp/connection';
import { TcpUserError } from '../tcp/errors';
import { resetFor } from '../tcp/reset';
import type { Segment } from '../wire/segment';
import { addressesOverlap, ANY_ADDRESS, type Datagram, type SocketAddress } from './address';
import { errnoForLoss, SocketError } from './errno';
import { isSynchronized, Socket, type ConnectionSettings } from './socket';

/** The settings every connection of the host is created with (RFC 6298 timers, MSS, window, ISS). */
export type HostTcpOptions = ConnectionSettings;

export interface HostOptions {
  /** The host's one IPv4 address. */
  readonly address: string;
  readonly clock: Clock;
  /** Where the datagrams the host sends go: a network, or a script runner. */
  readonly output: (datagram: Datagram) => void;
  readonly tcp?: HostTcpOptions;
  /** Local ports for `connect` without `bind`; Linux's default `ip_local_port_range` is 32768–60999. */
  readonly ephemeralPorts?: { readonly first: number; readonly last: number };
}

export type ShutdownHow = 'read' | 'write' | 'both';

/** How a `connect` stands: still in the handshake, or done. A failure is thrown. */
export type ConnectProgress = 'pending' | 'connected';

/** File descriptors 0, 1 and 2 are stdin, stdout and stderr: a process's first socket is 3. */
export const FIRST_SOCKET_FD = 3;

export const DEFAULT_EPHEMERAL_PORTS = { first: 32768, last: 60999 } as const;

const EMPTY = new Uint8Array(0);

export class Host {
  readonly address: string;
  readonly clock: Clock;
  private readonly output: (datagram: Datagram) => void;
  private tcpOptions: HostTcpOptions;
  private readonly ephemeralPorts: { readonly first: number; readonly last: number };
  private nextEphemeralPort: number;
  private nextSocketId = 1;
  /** Every socket the host keeps, in creation order; those without a descriptor too. */
  private readonly sockets: Socket[] = [];
  private readonly descriptors = new Map<number, Socket>();

  constructor(options: HostOptions) {
    this.address = options.address;
    this.clock = options.clock;
    this.output = options.output;
    this.tcpOptions = options.tcp ?? {};
    this.ephemeralPorts = options.ephemeralPorts ?? DEFAULT_EPHEMERAL_PORTS;
    this.nextEphemeralPort = this.ephemeralPorts.first;
  }

  /** The settings of the connections created from now on (a packetdrill script's sysctl line). */
  setTcpOptions(options: HostTcpOptions): void {
    this.tcpOptions = options;
  }

  /**
   * setsockopt's TCP settings on `fd`, over the host's, for the connections it creates from now on.
   * The user timeout reaches the socket's connection too: Linux's TCP_USER_TIMEOUT sets
   * icsk_user_timeout, read at each timeout (RFC 9293 §3.10.2: SEND may change it).
   */
  setSocketTcpOptions(fd: number, options: HostTcpOptions): void {
    const socket = this.socketFor(fd);
    socket.tcpOptions = { ...socket.tcpOptions, ...options };
    if (options.userTimeout !== undefined) socket.connection?.setUserTimeout(options.userTimeout);
  }

  /** The settings `fd`'s next connection takes: the host's, then the socket's own. */
  socketTcpOptions(fd: number): HostTcpOptions {
    return { ...this.tcpOptions, ...this.socketFor(fd).tcpOptions };
  }

  // ---- The calls a program makes ----

  /** `socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)`: the lowest free descriptor from 3 on. */
  socket(): number {
    const fd = this.lowestFreeDescriptor();
    const socket = new Socket(this.nextSocketId++, fd);
    this.sockets.push(socket);
    this.descriptors.set(fd, socket);
    return fd;
  }

  /** `fcntl(fd, F_SETFL, O_NONBLOCK)`. */
  setNonBlocking(fd: number, nonBlocking: boolean): void {
    this.socketFor(fd).nonBlocking = nonBlocking;
  }

  isNonBlocking(fd: number): boolean {
    return this.socketFor(fd).nonBlocking;
  }

  /** `setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, [1], 4)`: bind next to sockets that are not listening, TIME-WAIT ones included. */
  setReuseAddress(fd: number, reuse: boolean): void {
    this.socketFor(fd).reuseAddress = reuse;
  }

  /** `bind`: port 0 picks an ephemeral port. */
  bind(fd: number, port: number, address: string = ANY_ADDRESS): void {
    const socket = this.socketFor(fd);
    if (socket.local !== null || socket.role !== 'unconnected')
      throw new SocketError('EINVAL', 'the socket is already bound');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SocketError('EINVAL', `port ${port}`);
    if (address !== ANY_ADDRESS && address !== this.address) {
      throw new SocketError('EADDRNOTAVAIL', `${address} is not this host's address (${this.address})`);
    }
    if (port === 0) {
      socket.local = { address, port: this.ephemeralPort() };
      return;
    }
    const conflict = this.sockets.find((other) => other !== socket && this.bindConflicts(socket, other, address, port));
    if (conflict !== undefined) throw new SocketError('EADDRINUSE', `${address}:${port}`);
    socket.local = { address, port };
  }

  /** `listen`: LISTEN (RFC 9293 §3.10.1, passive OPEN), binding an ephemeral port if unbound. */
  listen(fd: number, backlog: number): void {
    const socket = this.socketFor(fd);
    if (socket.role === 'connection') throw new SocketError('EINVAL', 'the socket is connected');
    const granted = listenBacklog(backlog);
    if (socket.local === null) socket.local = { address: ANY_ADDRESS, port: this.ephemeralPort() };
    socket.role = 'listener';
    socket.backlog = granted;
  }

  /** `accept`: the oldest connection of the accept queue, on a new descriptor; EAGAIN when none waits. */
  accept(fd: number): number {
    const listener = this.socketFor(fd);
    if (listener.role !== 'listener') throw new SocketError('EINVAL', 'the socket is not listening');
    const child = listener.acceptQueue.shift();
    if (child === undefined) throw new SocketError('EAGAIN', 'no connection waits in the accept queue');
    child.listener = null;
    child.fd = this.lowestFreeDescriptor();
    this.descriptors.set(child.fd, child);
    return child.fd;
  }

  /**
   * `connect`: an active OPEN (RFC 9293 §3.10.1) that sends the SYN and
   * returns; `connectResult` tells when the handshake is over. Binds an
   * ephemeral port first if the socket is unbound.
   */
  connect(fd: number, remote: SocketAddress): void {
    const socket = this.socketFor(fd);
    if (socket.role === 'listener') throw new SocketError('EISCONN', 'the socket is listening');
    if (socket.role === 'connection') {
      const state = socket.state;
      if (state === 'SYN_SENT' || state === 'SYN_RECEIVED') throw new SocketError('EALREADY');
      throw new SocketError('EISCONN');
    }
    const local = { address: this.address, port: socket.local?.port ?? this.ephemeralPort() };
    if (this.findConnection(local, remote) !== undefined) {
      throw new SocketError(
        'EADDRNOTAVAIL',
        `${local.address}:${local.port} is already connected to ${remote.address}:${remote.port}`,
      );
    }
    socket.local = local;
    socket.remote = remote;
    socket.role = 'connection';
    const connection = this.createConnection(socket);
    connection.connect();
  }

  /** How the `connect` on `fd` stands; throws the error it failed with (ECONNREFUSED, ETIMEDOUT, …), once. */
  connectResult(fd: number): ConnectProgress {
    const socket = this.socketFor(fd);
    if (socket.role !== 'connection') throw new SocketError('ENOTCONN');
    const state = socket.state;
    if (state === 'SYN_SENT' || state === 'SYN_RECEIVED') return 'pending';
    if (isSynchronized(state)) return 'connected';
    const error = socket.takeError();
    if (error !== null) throw error;
    if (socket.everSynchronized) return 'connected';
    throw new SocketError('ENOTCONN');
  }

  /**
   * `write`: RFC 9293 §3.10.2 SEND. Returns the bytes taken; EAGAIN while the
   * handshake runs or the send buffer is full, EPIPE once our FIN is queued.
   */
  write(fd: number, data: Uint8Array): number {
    const socket = this.socketFor(fd);
    const connection = socket.connection;
    if (connection === null) throw new SocketError('EPIPE', 'the socket is not connected');
    const error = socket.takeError();
    if (error !== null) throw error;
    if (socket.writeShutdown) throw new SocketError('EPIPE', 'the socket was shut down for writing');
    switch (connection.state) {
      case 'ESTABLISHED':
      case 'CLOSE_WAIT': {
        if (data.length === 0) return 0;
        const taken = connection.send(data);
        if (taken === 0) throw new SocketError('EAGAIN', 'the send buffer is full');
        return taken;
      }
      case 'SYN_SENT':
      case 'SYN_RECEIVED':
        throw new SocketError('EAGAIN', 'the handshake is not complete');
      default:
        throw new SocketError('EPIPE', `the connection is in ${connection.state}`);
    }
  }

  /**
   * `read`: RFC 9293 §3.10.3 RECEIVE, up to `max` bytes. An empty array is
   * the end of file (the peer's FIN, or a connection that ended); EAGAIN when
   * nothing has arrived yet. A `max` of 0 returns at once with nothing, on
   * any socket, as Linux's read(2) does (net/socket.c, sock_read_iter:
   * "Match SYS5 behaviour"); a pending error stays for the next call. A
   * count that is not a whole number, 0 or more, is EINVAL.
   */
  /** The bytes a read would return now, left queued (recv(2)'s MSG_PEEK); 0 on a socket with no connection. */
  readableBytes(fd: number): number {
    return this.socketFor(fd).connection?.readableBytes ?? 0;
  }

  read(fd: number, max = Number.POSITIVE_INFINITY): Uint8Array {
    const socket = this.socketFor(fd);
    if (!(Number.isSafeInteger(max) || max === Number.POSITIVE_INFINITY) || max < 0) {
      throw new SocketError('EINVAL', `cannot read ${max} bytes: the count must be a whole number, 0 or more`);
    }
    if (max === 0) return EMPTY;
    const connection = socket.connection;
    if (connection === null) throw new SocketError('ENOTCONN');
    if (connection.readableBytes > 0) return connection.read(max);
    const error = socket.takeError();
    if (error !== null) throw error;
    if (connection.variables.finReceived) {
      socket.eofRead = true;
      return EMPTY;
    }
    if (socket.readShutdown) return EMPTY;
    if (connection.state === 'CLOSED') {
      if (socket.everSynchronized) return EMPTY;
      throw new SocketError('ENOTCONN');
    }
    throw new SocketError('EAGAIN', 'no data has arrived');
  }

  /**
   * `shutdown`: SHUT_WR is RFC 9293 §3.10.4 CLOSE (our FIN) with the
   * descriptor kept open for reading; SHUT_RD only makes reads return end of file.
   */
  shutdown(fd: number, how: ShutdownHow): void {
    const socket = this.socketFor(fd);
    const connection = socket.connection;
    if (connection === null || connection.state === 'CLOSED') throw new SocketError('ENOTCONN');
    if (how !== 'write') socket.readShutdown = true;
    if (how !== 'read' && !socket.writeShutdown) {
      socket.writeShutdown = true;
      closeConnection(connection);
    }
  }

  /**
   * `close`: the descriptor is freed at once. A connection goes on alone
   * (RFC 9293 §3.10.4 CLOSE: FIN-WAIT-1, LAST-ACK, …) and leaves the host
   * when it reaches CLOSED; a listener resets every connection it spawned
   * that no one accepted.
   */
  close(fd: number, how: 'graceful' | 'abort' = 'graceful'): void {
    const socket = this.socketFor(fd);
    this.descriptors.delete(fd);
    socket.fd = null;
    if (socket.role === 'listener') {
      this.closeListener(socket);
      return;
    }
    const connection = socket.connection;
    if (connection === null || connection.state === 'CLOSED') {
      this.forget(socket);
      return;
    }
    // SO_LINGER {1, 0}: RFC 9293 §3.10.5 ABORT, a RST instead of a FIN (Linux's tcp_close → tcp_disconnect).
    if (how === 'abort') return connection.abort();
    if (!socket.writeShutdown) {
      socket.writeShutdown = true;
      closeConnection(connection); // its state listener forgets the socket if it reaches CLOSED
    }
  }

  /** `getsockopt(fd, SOL_SOCKET, SO_ERROR)`: the pending error's number (0 for none), cleared. */
  takeSocketError(fd: number): number {
    return this.socketFor(fd).takeError()?.code ?? 0;
  }

  /** `getsockname`. */
  localAddress(fd: number): SocketAddress | null {
    return this.socketFor(fd).local;
  }

  /** `getpeername`. */
  remoteAddress(fd: number): SocketAddress | null {
    return this.socketFor(fd).remote;
  }

  /** The model state of the socket on `fd`: LISTEN for a listener, CLOSED without a connection. */
  stateOf(fd: number): TcpState {
    return this.socketFor(fd).state;
  }

  /** Every socket the host keeps, descriptor-less ones (TIME-WAIT, unaccepted) included. */
  allSockets(): readonly Socket[] {
    return this.sockets;
  }

  // ---- The network side ----

  /** A datagram arrives from the network. */
  receive(datagram: Datagram): void {
    if (datagram.dst !== this.address) return; // not ours: a host does not forward
    const { segment } = datagram;
    const local = { address: datagram.dst, port: segment.dstPort };
    const remote = { address: datagram.src, port: segment.srcPort };
    const connection = this.findConnection(local, remote);
    if (connection !== undefined) {
      connection.connection!.receive(segment);
      return;
    }
    const listener = this.sockets.find(
      (socket) =>
        socket.role === 'listener' &&
        socket.local!.port === local.port &&
        addressesOverlap(socket.local!.address, local.address),
    );
    if (listener !== undefined) {
      this.onListenerSegment(listener, local, remote, segment);
      return;
    }
    this.reset(datagram); // RFC 9293 §3.10.7.1: no connection, no listener: CLOSED
  }

  // ---- Private ----

  private socketFor(fd: number): Socket {
    const socket = this.descriptors.get(fd);
    if (socket === undefined) throw new SocketError('EBADF', `no socket on descriptor ${fd}`);
    return socket;
  }

  private lowestFreeDescriptor(): number {
    let fd = FIRST_SOCKET_FD;
    while (this.descriptors.has(fd)) fd++;
    return fd;
  }

  /** The next free port of the ephemeral range, round robin as Linux's is. */
  private ephemeralPort(): number {
    const { first, last } = this.ephemeralPorts;
    const count = last - first + 1;
    for (let tries = 0; tries < count; tries++) {
      const port = this.nextEphemeralPort;
      this.nextEphemeralPort = port === last ? first : port + 1;
      if (!this.sockets.some((socket) => socket.local?.port === port)) return port;
    }
    throw new SocketError('EADDRNOTAVAIL', 'no ephemeral port is free');
  }

  /**
   * Linux's rule, simplified: a port is taken by any socket bound to an
   * overlapping address, unless both set SO_REUSEADDR and the other is not
   * listening, or the other is in TIME-WAIT and this one set SO_REUSEADDR.
   */
  private bindConflicts(socket: Socket, other: Socket, address: string, port: number): boolean {
    if (other.local === null || other.local.port !== port || !addressesOverlap(other.local.address, address))
      return false;
    if (socket.reuseAddress && other.state === 'TIME_WAIT') return false;
    return !(socket.reuseAddress && other.reuseAddress && other.role !== 'listener');
  }

  /** The connection named by the four addresses, if one is alive. */
  private findConnection(local: SocketAddress, remote: SocketAddress): Socket | undefined {
    return this.sockets.find(
      (socket) =>
        socket.role === 'connection' &&
        socket.state !== 'CLOSED' &&
        socket.local!.port === local.port &&
        socket.local!.address === local.address &&
        socket.remote!.port === remote.port &&
        socket.remote!.address === remote.address,
    );
  }

  /** A `TcpConnection` for a socket whose addresses are set, wired to the host. */
  private createConnection(socket: Socket): TcpConnection {
    const local = socket.local!;
    const remote = socket.remote!;
    const connection = new TcpConnection({
      ...this.tcpOptions,
      ...socket.tcpOptions,
      clock: this.clock,
      localPort: local.port,
      remotePort: remote.port,
      output: (segment) => this.output({ src: local.address, dst: remote.address, segment }),
    });
    socket.connection = connection;
    connection.on('state', (change) => this.onStateChange(socket, change));
    return connection;
  }

  /** RFC 9293 §3.10.7.2, SEGMENT ARRIVES in LISTEN, with one new connection per SYN. */
  private onListenerSegment(listener: Socket, local: SocketAddress, remote: SocketAddress, segment: Segment): void {
    const { flags } = segment;
    if (flags.rst) return; // first: an incoming RST is ignored
    if (flags.ack) {
      // second: "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state"
      this.reset({ src: remote.address, dst: local.address, segment });
      return;
    }
    if (!flags.syn) return; // fourth: drop
    // Linux drops a SYN while the accept queue is over the backlog (sk_acceptq_is_full); the peer resends it.
    if (listener.acceptQueue.length > listener.backlog) return;
    const child = new Socket(this.nextSocketId++, null);
    child.role = 'connection';
    child.local = local;
    child.remote = remote;
    child.listener = listener;
    child.reuseAddress = listener.reuseAddress;
    child.tcpOptions = listener.tcpOptions; // a child inherits its listener's options, as Linux's sk_clone_lock copies them
    const connection = this.createConnection(child);
    connection.listen();
    this.sockets.push(child);
    listener.halfOpen.push(child);
    connection.receive(segment); // third: SYN-RECEIVED, and the SYN-ACK leaves
  }

  /** What a state change means for the socket around the connection. */
  private onStateChange(socket: Socket, change: StateChange): void {
    const { to } = change;
    if (isSynchronized(to)) socket.everSynchronized = true;
    const listener = socket.listener;
    if (listener !== null && isSynchronized(to) && remove(listener.halfOpen, socket)) {
      listener.acceptQueue.push(socket); // the handshake completed: accept() may take it
    }
    if (to === 'LISTEN' && change.from !== 'CLOSED') {
      // A half-open connection reset or timed out (RFC 9293 §3.10.7.4): the listener stays, the child goes.
      if (listener !== null) remove(listener.halfOpen, socket);
      socket.listener = null;
      this.forget(socket);
      socket.connection!.close();
      return;
    }
    if (to !== 'CLOSED' || change.from === 'CLOSED') return;
    if (change.reason !== undefined) {
      socket.pendingError = new SocketError(errnoForLoss(change.reason, change.from));
    }
    if (listener !== null) remove(listener.halfOpen, socket); // an accepted-queue child stays: accept() reports the error
    if (socket.fd === null && (listener === null || !listener.acceptQueue.includes(socket))) this.forget(socket);
  }

  private closeListener(listener: Socket): void {
    const children = [...listener.halfOpen, ...listener.acceptQueue];
    listener.halfOpen.length = 0;
    listener.acceptQueue.length = 0;
    this.forget(listener);
    for (const child of children) {
      child.listener = null;
      const connection = child.connection!;
      // RFC 9293 §3.10.5 ABORT: a RST for every connection no program will ever see (Linux's inet_csk_listen_stop).
      if (connection.state === 'CLOSED') this.forget(child);
      else connection.abort();
    }
  }

  private forget(socket: Socket): void {
    remove(this.sockets, socket);
  }

  /** RFC 9293 §3.10.7.1: the reset for a segment that has no connection to go to. */
  private reset(arrived: Datagram): void {
    const reply = resetFor(arrived.segment);
    if (reply !== null) this.output({ src: arrived.dst, dst: arrived.src, segment: reply });
  }
}

/** Linux's default `net.core.somaxconn` (since 5.4): the longest accept queue `listen` grants. */
export const SOMAXCONN = 4096;

/**
 * The backlog `listen` grants, as Linux's __sys_listen computes it: a count
 * above somaxconn, or a negative one (compared as unsigned), is somaxconn.
 * A count that is not a whole number is EINVAL, checked before the socket changes.
 */
function listenBacklog(backlog: number): number {
  if (!Number.isSafeInteger(backlog)) throw new SocketError('EINVAL', `backlog ${backlog} is not a whole number`);
  return backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
}

/** CLOSE on a connection; a FIN already queued ("connection closing") is not an error here. */
function closeConnection(connection: TcpConnection): void {
  try {
    connection.close();
  } catch (error) {
    if (!(error instanceof TcpUserError && error.reason === 'connection closing')) throw error;
  }
}

function remove<T>(list: T[], item: T): boolean {
  const index = list.indexOf(item);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}
