/**
 * The host's sockets as `netstat -tan` lists them:
 *
 *     Proto Recv-Q Send-Q Local Address           Foreign Address         State
 *     tcp        0      1 192.168.0.1:8080        192.0.2.1:40000         FIN_WAIT1
 *
 * The State column is the model's own name for the state
 * (`meta.netstat` in machines/tcp.machine.ts); CLOSED has none, so a socket
 * without a connection is not listed, as netstat lists none. Recv-Q and
 * Send-Q are counted as Linux counts them (net/ipv4/tcp_ipv4.c,
 * `get_tcp4_sock`), which is what the seed article's outputs show:
 * - a listener: Recv-Q is its accept queue, Send-Q 0;
 * - a connection: Recv-Q is RCV.NXT less what the program has read, so the
 *   peer's FIN counts 1 until a read returns end of file (CLOSE_WAIT 1 0);
 *   Send-Q is Linux's write_seq - snd_una: data not yet acknowledged, sent or
 *   not, plus our SYN and our FIN while unacknowledged (SYN_SENT 0 1,
 *   FIN_WAIT1 0 1, LAST_ACK 1 1, CLOSING 1 1);
 * - SYN_RECV on a listener (a request socket) and TIME_WAIT (a time-wait
 *   socket) hold no queues in Linux: 0 0.
 */
import { tcpMachine, type TcpState } from '../../machines/tcp.machine';
import { seqGt } from '../tcp/seq';
import { formatSocketAddress } from './address';
import type { Host } from './host';
import type { Socket } from './socket';

export interface ListingRow {
  readonly proto: 'tcp';
  readonly recvQ: number;
  readonly sendQ: number;
  /** `192.168.0.1:8080`. */
  readonly local: string;
  /** `192.0.2.1:40000`, or `0.0.0.0:*` for a listener. */
  readonly foreign: string;
  /** As netstat prints it: `SYN_RECV`, `FIN_WAIT1`, … */
  readonly state: string;
  /** The model's name for it: `SYN_RECEIVED`, `FIN_WAIT_1`, … */
  readonly tcpState: TcpState;
  /** The descriptor, or null for a socket no program holds (TIME-WAIT after close, not yet accepted). */
  readonly fd: number | null;
}

/** What netstat prints for a connection in `state`, read from the machine; null for CLOSED. */
export function netstatName(state: TcpState): string | null {
  const meta = tcpMachine.getStateNodeById(state).meta as { netstat?: string | null } | undefined; // each state's id is its name
  return meta?.netstat ?? null;
}

/** The rows netstat would print: listeners first, then connections, each in creation order. */
export function socketListing(host: Pick<Host, 'allSockets'>): ListingRow[] {
  const sockets = host.allSockets();
  const ordered = [...sockets.filter((s) => s.role === 'listener'), ...sockets.filter((s) => s.role !== 'listener')];
  const rows: ListingRow[] = [];
  for (const socket of ordered) {
    const state = socket.state;
    const name = netstatName(state);
    if (name === null || socket.local === null) continue;
    const [recvQ, sendQ] = queues(socket);
    rows.push({
      proto: 'tcp',
      recvQ,
      sendQ,
      local: formatSocketAddress(socket.local),
      foreign: formatSocketAddress(socket.role === 'listener' ? null : socket.remote),
      state: name,
      tcpState: state,
      fd: socket.fd,
    });
  }
  return rows;
}

/** Recv-Q and Send-Q as Linux reports them (see the file comment). */
function queues(socket: Socket): [number, number] {
  if (socket.role === 'listener') return [socket.acceptQueue.length, 0];
  const connection = socket.connection;
  if (connection === null) return [0, 0];
  const state = connection.state;
  if (state === 'TIME_WAIT' || (state === 'SYN_RECEIVED' && socket.listener !== null)) return [0, 0];
  const tcb = connection.variables;
  const finUnread = tcb.finReceived && !socket.eofRead ? 1 : 0;
  const synUnacknowledged = tcb.synOutstanding && (state === 'SYN_SENT' || state === 'SYN_RECEIVED') ? 1 : 0;
  const finQueued = tcb.finQueued || tcb.closeQueued;
  const finUnacknowledged = finQueued && !(tcb.finSeq !== null && seqGt(tcb.sndUna, tcb.finSeq)) ? 1 : 0;
  return [tcb.receiveQueue.length + finUnread, tcb.sendQueue.length + synUnacknowledged + finUnacknowledged];
}

const HEADER = ['Proto', 'Recv-Q', 'Send-Q', 'Local Address', 'Foreign Address', 'State'] as const;

/** netstat's layout: `%-5s %6d %6d %-23s %-23s %s`, one row per line, a header first. */
export function formatListing(rows: readonly ListingRow[]): string {
  const line = (cells: readonly (string | number)[]) =>
    `${String(cells[0]).padEnd(5)} ${String(cells[1]).padStart(6)} ${String(cells[2]).padStart(6)} ` +
    `${String(cells[3]).padEnd(23)} ${String(cells[4]).padEnd(23)} ${cells[5]}`.trimEnd();
  return (
    [line(HEADER), ...rows.map((r) => line([r.proto, r.recvQ, r.sendQ, r.local, r.foreign, r.state]))].join('\n') + '\n'
  );
}
