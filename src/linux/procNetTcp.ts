/**
 * The kernel's view of its TCP sockets, read from /proc/thread-self/net/tcp
 * (the network namespace of the calling thread, which is the namespace the
 * adapter's sockets live in). Request sockets (SYN_RECV), time-wait sockets
 * and full sockets are all listed there.
 */
import { readFileSync } from 'node:fs';
import type { TcpState } from '../../machines/tcp.machine';

/** include/net/tcp_states.h, by the hex code /proc prints. */
const KERNEL_STATES: Readonly<Record<number, TcpState>> = {
  0x01: 'ESTABLISHED',
  0x02: 'SYN_SENT',
  0x03: 'SYN_RECEIVED',
  0x04: 'FIN_WAIT_1',
  0x05: 'FIN_WAIT_2',
  0x06: 'TIME_WAIT',
  0x07: 'CLOSED',
  0x08: 'CLOSE_WAIT',
  0x09: 'LAST_ACK',
  0x0a: 'LISTEN',
  0x0b: 'CLOSING',
  0x0c: 'SYN_RECEIVED',
};

export interface KernelSocket {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly state: TcpState;
}

/** `0100630A:1F90` → 10.99.0.1, 8080 (the address is in host byte order, little-endian). */
function parseEndpoint(text: string): { address: string; port: number } {
  const [hexAddress = '', hexPort = ''] = text.split(':');
  const value = parseInt(hexAddress, 16);
  const address = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24].join('.');
  return { address, port: parseInt(hexPort, 16) };
}

export function parseProcNetTcp(text: string): KernelSocket[] {
  const sockets: KernelSocket[] = [];
  // Lines are fixed-width after "sl:" (net/ipv4/tcp_ipv4.c, get_tcp4_sock):
  // " 0100630A:1F90 0200630A:9C40 01 ...": read the fields by offset, thousands of lines a reading.
  let start = text.indexOf('\n') + 1;
  while (start > 0 && start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    start = end === -1 ? -1 : end + 1;
    const colon = line.indexOf(':');
    if (colon < 0 || line.length < colon + 33) continue;
    const local = parseEndpoint(line.slice(colon + 2, colon + 15));
    const remote = parseEndpoint(line.slice(colon + 16, colon + 29));
    const state = KERNEL_STATES[parseInt(line.slice(colon + 30, colon + 32), 16)];
    if (state === undefined) continue;
    sockets.push({
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state,
    });
  }
  return sockets;
}

export function readKernelSockets(): KernelSocket[] {
  return parseProcNetTcp(readFileSync('/proc/thread-self/net/tcp', 'utf8'));
}

/**
 * One reading of the socket table shared by every path: a step that needs the
 * state after its action waits for the first reading taken at least `fresh`
 * ms after it, and readings are at least `intervalMs` apart, so thousands of
 * concurrent paths cost a few dozen readings a second.
 */
export class KernelTable {
  private sockets = new Map<string, KernelSocket>();
  private listeners = new Set<number>();
  private readAt = -Infinity;
  private waiters: { after: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs = 20) {}

  /** Resolves once a reading taken after `time` (performance.now()) is available. */
  async after(time: number): Promise<void> {
    if (this.readAt >= time) return;
    await new Promise<void>((resolve) => {
      this.waiters.push({ after: time, resolve });
      this.schedule();
    });
  }

  /** The state of the connection between the two ports in the last reading, `LISTEN` for a listener on `localPort`, else undefined. */
  stateOf(localPort: number, remotePort: number): TcpState | undefined {
    return (
      this.sockets.get(`${localPort}>${remotePort}`)?.state ?? (this.listeners.has(localPort) ? 'LISTEN' : undefined)
    );
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.readAt + this.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh();
      if (this.waiters.length > 0) this.schedule();
    }, wait);
  }

  private refresh(): void {
    const startedAt = performance.now();
    const sockets = new Map<string, KernelSocket>();
    const listeners = new Set<number>();
    for (const socket of readKernelSockets()) {
      if (socket.state === 'LISTEN') listeners.add(socket.localPort);
      else sockets.set(`${socket.localPort}>${socket.remotePort}`, socket);
    }
    this.sockets = sockets;
    this.listeners = listeners;
    this.readAt = startedAt;
    const ready = this.waiters.filter((waiter) => waiter.after <= startedAt);
    this.waiters = this.waiters.filter((waiter) => waiter.after > startedAt);
    for (const waiter of ready) waiter.resolve();
  }
}
