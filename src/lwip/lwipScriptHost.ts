/**
 * lwIP 2.1.3 as the host a packetdrill script plays against (`pkt --target
 * lwip`): the runner's socket calls become raw-API calls on native/lwip.c,
 * as lwIP's own sockets layer (src/api/sockets.c, api_msg.c) makes them, and
 * the script's segments cross the netif through src/wire's codecs. Time is
 * the runner's virtual clock: tcp_tmr() every 250 ms while lwIP has an
 * active or TIME-WAIT pcb, as lwIP's tcp_timer_needed() keeps its timer.
 *
 * What a sockets program gets here, call by call:
 * - `socket`, `bind`, `fcntl(O_NONBLOCK)`, SO_REUSEADDR: bookkeeping, as
 *   lwIP's netconn holds them until listen or connect.
 * - `listen`: tcp_listen; `accept`: the connection lwIP's accept callback
 *   gave once the handshake completed (tcp_process), EAGAIN before.
 * - `connect`: tcp_connect (an ephemeral port unless bound).
 * - `write`: tcp_write + tcp_output of what tcp_sndbuf takes; EAGAIN while
 *   the handshake runs (lwip_send on a connecting netconn) or the buffer is full.
 * - `read`: what arrived; tcp_recved opens the window by what was read, as
 *   lwip_recv_tcp does.
 * - `shutdown`: tcp_shutdown with lwIP's halves (SHUT_RD sets TF_RXCLOSED:
 *   data that arrives after it is answered with a RST, tcp_input).
 * - `close`: tcp_close (lwip_close → netconn_delete), with SO_LINGER {1, 0}
 *   tcp_abort; a listener's close is tcp_close of the listening pcb.
 * As the path adapter (docs/lwip.md, "the adapter"): Nagle off and every
 * segment of data acknowledged at once (no delayed ACK). One connection at a
 * time, as the addon holds one: a second one the listener would accept is
 * aborted.
 *
 * The socket options that set TCP parameters (SO_RCVBUF, SO_SNDBUF,
 * TCP_MAXSEG) and sysctl lines are refused: lwIP's are compile-time options
 * (lwipopts.h), not per socket.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { ScriptRunError, type ScriptHost, type ScriptHostFactory } from '../pkt';
import {
  ERRNO,
  isSynchronized,
  Socket,
  SocketError,
  type ConnectProgress,
  type Datagram,
  type Errno,
  type HostOptions,
  type HostTcpOptions,
  type ShutdownHow,
  type SocketAddress,
} from '../sockets';
import type { Clock, TimerId } from '../net/clock';
import { ERR, loadLwipAddon, type LwipAddon, type LwipStatus } from './addon';
import { LWIP_TMR_INTERVAL_MS, stateOf } from './lwipSut';
import { ipv4Number, packetFromPeer, segmentsFromLwip } from './wire';

const EMPTY = new Uint8Array(0);
const FIRST_FD = 3;

/** A descriptor of the script: what lwIP's netconn holds for it. */
interface Descriptor {
  nonBlocking: boolean;
  role: 'unconnected' | 'listener' | 'connection';
  /** The bound port (bind), or the one lwIP gave (connect, accept). */
  localPort: number | null;
  /** The peer's port of a connection. */
  remotePort: number | null;
  /** The handshake completed once: a later CLOSED is an end of file. */
  everSynchronized: boolean;
  readShutdown: boolean;
  writeShutdown: boolean;
  /** Why lwIP gave the connection up (tcp_err), reported once, as SO_ERROR and the next call report it. */
  pendingError: Errno | null;
}

/** A socket of the netstat listing, its state lwIP's own (the base class reads it from a TcpConnection). */
class LwipSocket extends Socket {
  constructor(
    id: number,
    fd: number | null,
    private readonly lwipState: TcpState,
  ) {
    super(id, fd);
  }

  override get state(): TcpState {
    return this.lwipState;
  }
}

/**
 * The tcp_err reason as lwIP's sockets layer reports it (src/api/err.c,
 * err_to_errno): ERR_RST is ECONNRESET in every state, SYN-SENT too (RFC 9293
 * §3.10.7.3's "connection reset"; Linux says ECONNREFUSED there). ERR_ABRT,
 * tcp_slowtmr giving up, is ECONNABORTED there, an errno src/sockets does not
 * carry: ETIMEDOUT, what the give-up means (RFC 9293 §3.8.3, R2).
 */
function errnoOfLoss(lost: number): Errno | null {
  if (lost === ERR.RST) return 'ECONNRESET';
  if (lost === ERR.ABRT) return 'ETIMEDOUT';
  return null;
}

/** An err_t of listen, connect or write as errno. */
function errnoOfErr(err: number): Errno {
  if (err === ERR.USE) return 'EADDRINUSE';
  if (err === ERR.ISCONN || err === ERR.ALREADY) return 'EISCONN';
  if (err === ERR.MEM) return 'EAGAIN';
  if (err === ERR.CONN || err === ERR.CLSD) return 'ENOTCONN';
  return 'EINVAL';
}

function check(err: number): void {
  if (err !== ERR.OK) throw new SocketError(errnoOfErr(err), `lwIP returned err_t ${err}`);
}

const notPlayed = (what: string) =>
  new ScriptRunError(
    `${what} is not played against lwIP: its TCP settings are compile-time options (lwipopts.h)`,
    null,
  );

export class LwipScriptHost implements ScriptHost {
  private readonly addon: LwipAddon;
  private readonly address: string;
  private readonly clock: Clock;
  private readonly output: (datagram: Datagram) => void;
  private readonly descriptors = new Map<number, Descriptor>();
  private nextFd = FIRST_FD;
  private timer: TimerId | null = null;
  /** The script's address, learned from its first datagram or connect(): where lwIP's packets go. */
  private peerAddress: string | null = null;

  constructor(options: HostOptions) {
    this.addon = loadLwipAddon();
    this.address = options.address;
    this.clock = options.clock;
    this.output = options.output;
    // No gateway: the netif is lwIP's default route (ip4_route), and its output ignores the next hop.
    this.addon.init(ipv4Number(this.address), 0);
    this.addon.reset(1);
  }

  // ---- Descriptors ----

  socket(): number {
    const fd = this.nextFd++;
    this.descriptors.set(fd, {
      nonBlocking: false,
      role: 'unconnected',
      localPort: null,
      remotePort: null,
      everSynchronized: false,
      readShutdown: false,
      writeShutdown: false,
      pendingError: null,
    });
    return fd;
  }

  private descriptor(fd: number): Descriptor {
    const descriptor = this.descriptors.get(fd);
    if (descriptor === undefined) throw new SocketError('EBADF', `no socket on descriptor ${fd}`);
    return descriptor;
  }

  /** The descriptor of the user's connection in lwIP, if one holds it. */
  private connectionDescriptor(): Descriptor | undefined {
    return [...this.descriptors.values()].find((descriptor) => descriptor.role === 'connection');
  }

  setNonBlocking(fd: number, nonBlocking: boolean): void {
    this.descriptor(fd).nonBlocking = nonBlocking;
  }

  isNonBlocking(fd: number): boolean {
    return this.descriptor(fd).nonBlocking;
  }

  /** lwIP's SOF_REUSEADDR only matters for a second bind of the port: with one connection at a time, bookkeeping. */
  setReuseAddress(fd: number): void {
    this.descriptor(fd);
  }

  bind(fd: number, port: number): void {
    const descriptor = this.descriptor(fd);
    if (descriptor.role !== 'unconnected' || descriptor.localPort !== null) throw new SocketError('EINVAL');
    descriptor.localPort = port;
  }

  listen(fd: number): void {
    const descriptor = this.descriptor(fd);
    if (descriptor.role === 'listener') return;
    if (descriptor.role !== 'unconnected' || descriptor.localPort === null)
      throw new SocketError('EINVAL', 'lwIP listens on a bound socket');
    this.call(() => check(this.addon.listen(descriptor.localPort!)));
    descriptor.role = 'listener';
  }

  accept(fd: number): number {
    const listener = this.descriptor(fd);
    if (listener.role !== 'listener') throw new SocketError('EINVAL');
    const status = this.status();
    if (status.handle < 0 || this.connectionDescriptor() !== undefined || status.localPort !== listener.localPort)
      throw new SocketError('EAGAIN', 'no connection has completed its handshake');
    const accepted = this.socket();
    Object.assign(this.descriptor(accepted), {
      role: 'connection',
      localPort: status.localPort,
      remotePort: status.remotePort,
      everSynchronized: true,
    });
    return accepted;
  }

  connect(fd: number, remote: SocketAddress): void {
    const descriptor = this.descriptor(fd);
    if (descriptor.role === 'connection') throw new SocketError('EISCONN');
    if (descriptor.role === 'listener' || this.connectionDescriptor() !== undefined)
      throw new SocketError('EISCONN', 'lwIP holds one connection at a time');
    this.peerAddress = remote.address;
    this.call(() => check(this.addon.connect(descriptor.localPort ?? 0, ipv4Number(remote.address), remote.port)));
    const status = this.status();
    Object.assign(descriptor, { role: 'connection', localPort: status.localPort, remotePort: remote.port });
  }

  connectResult(fd: number): ConnectProgress {
    const descriptor = this.connected(fd);
    const state = this.stateOf(fd);
    if (state === 'SYN_SENT' || state === 'SYN_RECEIVED') return 'pending';
    if (isSynchronized(state)) return 'connected';
    this.throwPendingError(descriptor);
    if (descriptor.everSynchronized) return 'connected';
    throw new SocketError('ENOTCONN');
  }

  write(fd: number, data: Uint8Array): number {
    const descriptor = this.connected(fd);
    this.throwPendingError(descriptor);
    if (descriptor.writeShutdown) throw new SocketError('EPIPE', 'the socket was shut down for writing');
    const state = this.stateOf(fd);
    if (state === 'SYN_SENT' || state === 'SYN_RECEIVED')
      throw new SocketError('EAGAIN', 'the handshake is not complete');
    if (state !== 'ESTABLISHED' && state !== 'CLOSE_WAIT')
      throw new SocketError('EPIPE', `the connection is in ${state}`);
    if (data.length === 0) return 0;
    // tcp_write takes at most tcp_sndbuf bytes (and a u16 length), as lwip_netconn_do_writemore writes a part.
    const taken = Math.min(data.length, this.status().sendBuffer, 0xffff);
    if (taken === 0) throw new SocketError('EAGAIN', 'the send buffer is full');
    this.call(() => check(this.addon.write(data.subarray(0, taken))));
    return taken;
  }

  /** What the addon keeps for read() (tcp_recv's pbufs, as lwip_recv_tcp queues them), left queued. */
  readableBytes(fd: number): number {
    return this.descriptor(fd).role === 'connection' ? this.status().unread : 0;
  }

  read(fd: number, max = Number.POSITIVE_INFINITY): Uint8Array {
    if (!(Number.isSafeInteger(max) || max === Number.POSITIVE_INFINITY) || max < 0)
      throw new SocketError('EINVAL', `cannot read ${max} bytes: the count must be a whole number, 0 or more`);
    if (max === 0) return EMPTY;
    const descriptor = this.connected(fd);
    const status = this.status();
    if (status.unread > 0) return this.call(() => this.addon.read(Math.min(max, status.unread)));
    this.throwPendingError(descriptor);
    if (status.finReceived === 1 || descriptor.readShutdown) return EMPTY;
    if (this.stateOf(fd) === 'CLOSED') {
      if (descriptor.everSynchronized) return EMPTY;
      throw new SocketError('ENOTCONN');
    }
    throw new SocketError('EAGAIN', 'no data has arrived');
  }

  /** tcp_shutdown(pcb, rx, tx) with the halves `how` names, as lwip_shutdown makes it. */
  shutdown(fd: number, how: ShutdownHow): void {
    const descriptor = this.connected(fd);
    if (this.status().handle < 0) throw new SocketError('ENOTCONN');
    const rx = how === 'write' ? 0 : 1;
    const tx = how === 'read' ? 0 : 1;
    this.call(() => check(this.addon.shutdown(rx, tx)));
    if (rx === 1) descriptor.readShutdown = true;
    if (tx === 1) descriptor.writeShutdown = true;
  }

  close(fd: number, how: 'graceful' | 'abort' = 'graceful'): void {
    const descriptor = this.descriptor(fd);
    this.descriptors.delete(fd);
    if (descriptor.role === 'listener') {
      this.call(() => this.addon.unlisten());
      return;
    }
    if (descriptor.role !== 'connection' || this.status().handle < 0) return;
    // lwip_close → netconn_delete → tcp_close; SO_LINGER {1, 0} → tcp_abort (a RST).
    this.call(() => (how === 'abort' ? this.addon.abort() : this.addon.close()));
  }

  takeSocketError(fd: number): number {
    const descriptor = this.descriptor(fd);
    this.status();
    const pending = descriptor.pendingError;
    descriptor.pendingError = null;
    return pending === null ? 0 : ERRNO[pending].code;
  }

  localAddress(fd: number): SocketAddress | null {
    const port = this.descriptor(fd).localPort;
    return port === null ? null : { address: this.address, port };
  }

  /** The state lwIP's pcb of the descriptor is in (found in its lists, as the path adapter finds it). */
  stateOf(fd: number): TcpState {
    const descriptor = this.descriptor(fd);
    if (descriptor.role === 'listener') return 'LISTEN';
    if (descriptor.role === 'unconnected') return 'CLOSED';
    const pcb = this.addon
      .pcbs()
      .find((each) => each.localPort === descriptor.localPort && each.remotePort === descriptor.remotePort);
    return pcb === undefined ? 'CLOSED' : stateOf(pcb.state);
  }

  /** Every pcb lwIP keeps, as netstat would list lwIP's sockets; a descriptor where the script holds one. */
  allSockets(): readonly Socket[] {
    const fdOf = (localPort: number, remotePort: number): number | null => {
      for (const [fd, descriptor] of this.descriptors) {
        const listening = descriptor.role === 'listener' && remotePort === 0;
        if (descriptor.localPort === localPort && (listening || descriptor.remotePort === remotePort)) return fd;
      }
      return null;
    };
    return this.addon.pcbs().map((pcb, id) => {
      const socket = new LwipSocket(id, fdOf(pcb.localPort, pcb.remotePort), stateOf(pcb.state));
      socket.role = pcb.remotePort === 0 ? 'listener' : 'connection';
      socket.local = { address: this.address, port: pcb.localPort };
      socket.remote = pcb.remotePort === 0 ? null : { address: this.peerAddress ?? this.address, port: pcb.remotePort };
      return socket;
    });
  }

  setTcpOptions(_options: HostTcpOptions): void {
    throw notPlayed('a sysctl line');
  }

  setSocketTcpOptions(_fd: number, _options: HostTcpOptions): void {
    throw notPlayed('setsockopt of SO_RCVBUF, SO_SNDBUF or TCP_MAXSEG');
  }

  socketTcpOptions(_fd: number): HostTcpOptions {
    throw notPlayed('getsockopt of SO_RCVBUF, SO_SNDBUF or TCP_MAXSEG');
  }

  // ---- The wire and the clock ----

  /** A datagram from the script: into lwIP's netif (ip4_input). */
  receive(datagram: Datagram): void {
    if (datagram.dst !== this.address) return;
    this.peerAddress = datagram.src;
    this.call(() => this.addon.input(packetFromPeer(datagram.segment, datagram.src, this.address)));
  }

  /** Runs an addon call, then hands what lwIP sent to the script and keeps tcp_tmr running while lwIP needs it. */
  private call<T>(work: () => T): T {
    const result = work();
    this.flush();
    return result;
  }

  private flush(): void {
    const peer = this.peerAddress;
    const packets = this.addon.drain();
    if (packets.length > 0 && peer !== null) {
      const { segments, problems } = segmentsFromLwip(packets, this.address, peer);
      if (problems.length > 0) throw new ScriptRunError(problems.join('; '), null);
      for (const segment of segments) this.output({ src: this.address, dst: peer, segment });
    }
    const status = this.status();
    if (this.timer === null && status.timersNeeded === 1) {
      this.timer = this.clock.setTimer(LWIP_TMR_INTERVAL_MS, () => {
        this.timer = null;
        this.call(() => this.addon.tick());
      });
    }
  }

  /** The addon's status; a connection lwIP gave up becomes its descriptor's pending error. */
  private status(): LwipStatus {
    const descriptor = this.connectionDescriptor();
    const status = this.addon.status(descriptor?.localPort ?? 0, descriptor?.remotePort ?? 0);
    if (descriptor !== undefined) {
      const errno = errnoOfLoss(status.lost);
      if (errno !== null) descriptor.pendingError = errno;
      if (isSynchronized(stateOf(status.state))) descriptor.everSynchronized = true;
    }
    return status;
  }

  /** A connection's descriptor, or ENOTCONN. */
  private connected(fd: number): Descriptor {
    const descriptor = this.descriptor(fd);
    if (descriptor.role !== 'connection') throw new SocketError('ENOTCONN');
    return descriptor;
  }

  private throwPendingError(descriptor: Descriptor): void {
    const pending = descriptor.pendingError;
    if (pending === null) return;
    descriptor.pendingError = null;
    throw new SocketError(pending);
  }
}

/** `runScript(script, { host: lwipScriptHost })`: the script plays against lwIP. */
export const lwipScriptHost: ScriptHostFactory = (options) => new LwipScriptHost(options);
