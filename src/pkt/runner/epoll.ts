/**
 * epoll on our TCP: `epoll_create`, `epoll_ctl`, `epoll_wait` over the
 * sockets layer's readiness (src/sockets/poll.ts, Linux's tcp_poll), with
 * level- and edge-triggered reporting as fs/eventpoll.c gives them.
 *
 * Edge-triggered (EPOLLET) reports an item once per wakeup, and a wakeup is
 * what the kernel's socket callbacks raise: new data or a FIN (RCV.NXT moved:
 * `sk_data_ready`), a change of state (`sk_state_change`), send space freed
 * after a write found the buffer full (`sk_stream_write_space` when
 * SOCK_NOSPACE is set), and the insertion itself (`ep_insert` polls the item
 * and queues it when ready). The runner reads those from the connection at
 * each `epoll_wait` rather than hooking callbacks: what changed since the
 * item was last reported. A report carries everything ready at that moment
 * (`ep_item_poll`), so new data after a drained write space reports
 * EPOLLIN|EPOLLOUT, as google/packetdrill's epoll/epoll_in_edge.pkt expects.
 */
import { isWritable, pollEvents, POLL_BITS, type Socket } from '../../sockets';
import type { ScriptHost } from './scriptHost';

/** What a registration (an `epitem`) remembers of the socket when it was last reported. */
interface Registration {
  events: number;
  data: number;
  /** Queued on the ready list: from the insertion, or a wakeup not yet reported. */
  pending: boolean;
  seen: { readonly rcvNxt: number | null; readonly state: string };
}

/**
 * epoll descriptors take numbers far above the host's, which counts up from
 * 3 (a script would need a million sockets to meet them); the script's own
 * number for each maps to it as for sockets.
 */
const FIRST_EPOLL_FD = 1 << 20;

/** EPOLLERR and EPOLLHUP are always reported (epoll_ctl(2)). */
const ALWAYS_REPORTED = POLL_BITS.err | POLL_BITS.hup;

const EPOLLET = 0x8000_0000;

export class EpollTable {
  private readonly instances = new Map<number, Map<number, Registration>>();
  private nextFd = FIRST_EPOLL_FD;
  /** TCP_NOTSENT_LOWAT per host descriptor (0, the default: the sysctl's, UINT_MAX). */
  readonly notSentLowat = new Map<number, number>();
  /** Host descriptors whose write or poll found the send buffer full (Linux's SOCK_NOSPACE). */
  readonly noSpace = new Set<number>();

  constructor(private readonly host: ScriptHost) {}

  isEpoll(fd: number): boolean {
    return this.instances.has(fd);
  }

  create(): number {
    const fd = this.nextFd++;
    this.instances.set(fd, new Map());
    return fd;
  }

  close(fd: number): void {
    this.instances.delete(fd);
  }

  /** EPOLL_CTL_ADD, _MOD, _DEL; the errno epoll_ctl(2) gives, or undefined on success. */
  control(epfd: number, op: 'add' | 'modify' | 'delete', fd: number, events: number, data: number): string | undefined {
    const instance = this.instances.get(epfd);
    if (instance === undefined) return 'EBADF';
    if (this.socketOf(fd) === undefined) return this.isEpoll(fd) ? 'EINVAL' : 'EBADF';
    const existing = instance.get(fd);
    if (op === 'add' && existing !== undefined) return 'EEXIST';
    if (op !== 'add' && existing === undefined) return 'ENOENT';
    if (op === 'delete') instance.delete(fd);
    else instance.set(fd, { events: events >>> 0, data, pending: true, seen: this.snapshot(fd) });
    return undefined;
  }

  /**
   * The first ready item's events and data (packetdrill checks one), and how
   * many are ready up to `maxEvents`; undefined for an epoll descriptor that
   * does not exist.
   */
  wait(epfd: number, maxEvents: number): { count: number; first: { events: number; data: number } } | undefined {
    const instance = this.instances.get(epfd);
    if (instance === undefined) return undefined;
    const ready: { events: number; data: number }[] = [];
    for (const [fd, registration] of instance) {
      if (this.socketOf(fd) === undefined) {
        instance.delete(fd); // closing a descriptor removes it from every epoll set (epoll(7))
        continue;
      }
      const events = this.report(fd, registration);
      if (events !== 0 && ready.length < maxEvents) ready.push({ events, data: registration.data });
    }
    return { count: ready.length, first: ready[0] ?? { events: 0, data: 0 } };
  }

  /** What the item reports now: level-triggered, whatever is ready; edge-triggered, that only after a wakeup. */
  private report(fd: number, registration: Registration): number {
    const wasNoSpace = this.noSpace.has(fd);
    const ready = (this.readiness(fd) & (registration.events | ALWAYS_REPORTED)) >>> 0;
    if ((registration.events & EPOLLET) === 0) return ready;
    const now = this.snapshot(fd);
    const spaceFreed = wasNoSpace && (ready & POLL_BITS.out) !== 0;
    const woken =
      registration.pending ||
      now.rcvNxt !== registration.seen.rcvNxt ||
      now.state !== registration.seen.state ||
      spaceFreed;
    if (spaceFreed) this.noSpace.delete(fd);
    registration.pending = false;
    registration.seen = now;
    return woken ? ready : 0;
  }

  /** tcp_poll's bits; a connection not writable is marked SOCK_NOSPACE, as tcp_poll marks it. */
  private readiness(fd: number): number {
    const socket = this.socketOf(fd)!;
    const sendBufferSize = this.host.socketTcpOptions(fd).sendBufferSize;
    const lowWater = this.notSentLowat.get(fd) ?? 0;
    const events = pollEvents(socket, sendBufferSize, lowWater);
    if (socket.connection !== null && !isWritable(socket, sendBufferSize, lowWater)) this.noSpace.add(fd);
    return events;
  }

  private snapshot(fd: number): Registration['seen'] {
    const socket = this.socketOf(fd);
    return { rcvNxt: socket?.connection?.variables.rcvNxt ?? null, state: socket?.state ?? 'CLOSED' };
  }

  private socketOf(fd: number): Socket | undefined {
    return this.host.allSockets().find((socket) => socket.fd === fd);
  }
}
