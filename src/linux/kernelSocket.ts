/**
 * A packetdrill script's socket, made by the kernel at the script's
 * `socket()` and owned by the Linux runner (src/linux/kernelScriptRun.ts)
 * until its `close()`, as packetdrill's run_system_call.c owns it: every
 * call of the script is the same call on this descriptor (native/socket.c).
 *
 * Why not Node's `net` sockets, as the runner used before: Node opens the
 * kernel's socket only at connect or listen (and connects it in the same
 * call), so an option set before connect (TCP_MAXSEG on a client's SYN)
 * never reached it; libuv sets O_NONBLOCK on every descriptor it owns
 * (uv__nonblock), so fcntl(F_GETFL) could not read the script's flags; and
 * Node reads every octet as it arrives, so the kernel's receive queue was
 * always empty and a script's read was counted, not made. Handing a native
 * socket to Node afterwards (`new net.Socket({ fd })`) would bring all three
 * back the moment Node takes it. So the runner makes the calls itself, and
 * Node never sees these sockets.
 *
 * Blocking: the socket's O_NONBLOCK is the script's own (F_GETFL reads it
 * back from the kernel), but no call here waits in the kernel, since Node's
 * one thread runs the whole run. A call that would block (EAGAIN; a connect's
 * EINPROGRESS) on a socket the script left blocking is tried again every
 * POLL_MS until it completes, as the kernel would wake the sleeping call:
 * packetdrill's syscall thread, played on the event loop. A blocking write
 * goes on until every octet is queued (tcp_sendmsg sleeps in
 * sk_stream_wait_memory until the send buffer has room), which is what a
 * script's small SO_SNDBUF makes visible. Where this is not the kernel's
 * sleep: a writer asleep in the kernel is woken only once a third of the
 * send buffer is free (sk_stream_write_space), where this one puts data in
 * as soon as any room frees, so the kernel's count of send-buffer-limited
 * time (tcpi_sndbuf_limited) stays near 0 (docs/packetdrill.md). A call
 * asleep on a thread of its own would play that too.
 */
import { constants } from 'node:os';
import { loadAddon, type SocketCalls, type TunAddon } from './addon';

/** fcntl.h, socket.h. */
const O_NONBLOCK = 0o4000;
/** socket.h: this one call does not wait, whatever O_NONBLOCK says. */
const MSG_DONTWAIT = 0x40;
const SOL_SOCKET = 1;
const SO_ERROR = 4;
/** poll.h: a connect has completed (or failed) when the socket is writable or in error. */
const POLLOUT = 0x004;
const POLLERR = 0x008;
const POLLHUP = 0x010;

/** How often a call that would block is tried again. */
const POLL_MS = 2;

/** A call's outcome as a script reads it: the value, and the errno's name when it is -1. */
export interface CallOutcome {
  readonly value: number;
  readonly errno?: string;
  /** The call had not completed when the run stopped waiting for it: the kernel gave no outcome yet. */
  readonly stillBlocked?: true;
}

const STILL_BLOCKED: CallOutcome = { value: -1, stillBlocked: true };
/**
 * A call waiting on a socket the run has closed since (the script's `close`, or the run's end): the kernel may
 * have given its number to another script's socket by then, so the call must not touch it again.
 */
const CLOSED: CallOutcome = { value: -1, errno: 'EBADF' };

/** An errno's name from its number (Node's table of Linux's), for SO_ERROR. */
export function errnoName(code: number): string {
  return Object.entries(constants.errno).find(([, number]) => number === code)?.[0] ?? `errno ${code}`;
}

/** The errno's name of a call's failure (native/socket.c's errors carry it); anything else is not a call's failure. */
function errnoOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) throw error;
  return code;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** When a blocked call stops waiting: the run's deadline passed, or the run ended. */
export type KeepWaiting = () => boolean;

export class KernelSocket {
  private readonly calls: TunAddon & SocketCalls = loadAddon();
  private closed = false;

  private constructor(readonly fd: number) {}

  /** socket(AF_INET, SOCK_STREAM[|SOCK_NONBLOCK], IPPROTO_TCP). */
  static open(nonblocking: boolean): KernelSocket {
    return new KernelSocket(loadAddon().socketOpen(nonblocking));
  }

  /** The socket's O_NONBLOCK, read from the kernel. */
  get nonblocking(): boolean {
    return (this.calls.getFlags(this.fd) & O_NONBLOCK) !== 0;
  }

  getFlags(): number {
    return this.calls.getFlags(this.fd);
  }

  setFlags(flags: number): void {
    this.calls.setFlags(this.fd, flags);
  }

  setOption(level: number, name: number, value: number): void {
    this.calls.setIntOption(this.fd, level, name, value);
  }

  getOption(level: number, name: number): number {
    return this.calls.getIntOption(this.fd, level, name);
  }

  /** ioctl(2) with an int argument: SIOCINQ (tcp_inq), SIOCOUTQ (write_seq - snd_una), as tcp_ioctl answers. */
  ioctlInt(request: number): number {
    return this.calls.socketIoctlInt(this.fd, request);
  }

  setLinger(onoff: number, linger: number): void {
    this.calls.setLinger(this.fd, onoff, linger);
  }

  setCongestionControl(name: string): void {
    this.calls.setCongestionControl(this.fd, name);
  }

  tcpInfo(): Readonly<Record<string, number>> {
    return this.calls.tcpInfo(this.fd);
  }

  bind(address: string, port: number): void {
    this.calls.socketBind(this.fd, address, port);
  }

  listen(backlog: number): void {
    this.calls.socketListen(this.fd, backlog);
  }

  shutdown(how: number): void {
    this.calls.socketShutdown(this.fd, how);
  }

  /** close(2), once: a socket the script closed is not closed again when the run ends. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.calls.socketClose(this.fd);
  }

  /**
   * connect(2): on a blocking socket it waits for the handshake's end and gives its outcome, which the
   * kernel's inet_wait_for_connect then sock_error hand out (the pending error, taken as SO_ERROR takes it).
   */
  async connect(address: string, port: number, keepWaiting: KeepWaiting): Promise<CallOutcome> {
    const waits = this.waits();
    try {
      this.calls.socketConnect(this.fd, address, port);
      return { value: 0 };
    } catch (error) {
      if (errnoOf(error) !== 'EINPROGRESS' || !waits) return { value: -1, errno: errnoOf(error) };
    }
    while (!this.closed && !this.connectDone() && keepWaiting()) await sleep(POLL_MS);
    if (this.closed) return CLOSED;
    if (!this.connectDone()) return STILL_BLOCKED;
    const pending = this.getOption(SOL_SOCKET, SO_ERROR);
    return pending === 0 ? { value: 0 } : { value: -1, errno: errnoName(pending) };
  }

  private connectDone(): boolean {
    return (this.calls.socketPollEvents(this.fd) & (POLLOUT | POLLERR | POLLHUP)) !== 0;
  }

  /** accept(2): the connection's new socket. */
  async accept(keepWaiting: KeepWaiting): Promise<KernelSocket | CallOutcome> {
    const accepted = await this.untilReady(() => this.calls.socketAccept(this.fd), this.waits(), keepWaiting);
    return typeof accepted === 'number' ? new KernelSocket(accepted) : accepted;
  }

  /**
   * recv(2) of at most `length` octets; `flags` are recv's (MSG_PEEK, MSG_DONTWAIT). `nullBuffer`: the
   * script's `NULL` buffer goes to the kernel as it is (EFAULT once there is something to copy).
   */
  async receive(length: number, flags: number, keepWaiting: KeepWaiting, nullBuffer = false): Promise<CallOutcome> {
    const received = await this.untilReady(
      () => this.calls.socketRecv(this.fd, length, flags, nullBuffer ? 1 : 0),
      this.waits(flags),
      keepWaiting,
    );
    return typeof received === 'number' ? { value: received } : received;
  }

  /**
   * send(2) of `length` octets. A blocking one returns once every octet is queued; if it fails after some
   * were, it returns how many were (tcp_sendmsg_locked: `if (copied) goto out`).
   */
  async send(length: number, flags: number, keepWaiting: KeepWaiting, nullBuffer = false): Promise<CallOutcome> {
    const waits = this.waits(flags);
    let sent = 0;
    do {
      const taken = await this.untilReady(
        () => this.calls.socketSend(this.fd, length - sent, flags, nullBuffer ? 1 : 0),
        waits,
        keepWaiting,
      );
      if (typeof taken !== 'number') return sent > 0 && taken.stillBlocked !== true ? { value: sent } : taken;
      sent += taken;
    } while (waits && sent < length && keepWaiting());
    return waits && sent < length ? STILL_BLOCKED : { value: sent };
  }

  /**
   * Whether a call may wait: the socket's O_NONBLOCK when the call starts, as the kernel reads it once then
   * (sock_sndtimeo, sock_rcvtimeo), unless the call's own flags (MSG_DONTWAIT) say it may not.
   */
  private waits(flags = 0): boolean {
    return (flags & MSG_DONTWAIT) === 0 && !this.nonblocking;
  }

  /** `attempt` until it does not fail with EAGAIN, if the call `waits`; else once. */
  private async untilReady(
    attempt: () => number,
    waits: boolean,
    keepWaiting: KeepWaiting,
  ): Promise<number | CallOutcome> {
    for (;;) {
      if (this.closed) return CLOSED;
      try {
        return attempt();
      } catch (error) {
        const errno = errnoOf(error);
        if (errno !== 'EAGAIN' || !waits) return { value: -1, errno };
        if (!keepWaiting()) return STILL_BLOCKED;
      }
      await sleep(POLL_MS);
    }
  }
}
