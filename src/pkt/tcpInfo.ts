/**
 * `struct tcp_info` as a script's `%{ assert tcpi_* }%` blocks read it: the
 * fields our TCP can fill, with Linux's units (include/uapi/linux/tcp.h,
 * filled by net/ipv4/tcp.c's `tcp_get_info`), and the names packetdrill's
 * code.c `write_symbols` defines for the values (`TCP_ESTABLISHED`,
 * `TCP_CA_Open`, `TCPI_OPT_SACK`, …), with Linux's numbers.
 *
 * A field Linux reports and our TCP cannot (it keeps no congestion window,
 * no SACK scoreboard, no estimate of the peer's segment size) is not
 * invented: a script that reads one parses (Linux plays it) and is refused
 * naming it when played on our TCP.
 */
import type { TcpState } from '../../machines/tcp.machine';
import type { TcpConnection } from '../tcp/connection';

/** Linux's `tcpi_state` numbers (include/net/tcp_states.h). */
const LINUX_STATE: Readonly<Record<TcpState, number>> = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECEIVED: 3,
  FIN_WAIT_1: 4,
  FIN_WAIT_2: 5,
  TIME_WAIT: 6,
  CLOSED: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
};

/** The names code.c `write_symbols` gives a `%{ }%` block, with Linux's values. */
export const TCP_INFO_CONSTANTS: Readonly<Record<string, number>> = {
  TCP_ESTABLISHED: 1,
  TCP_SYN_SENT: 2,
  TCP_SYN_RECV: 3,
  TCP_FIN_WAIT1: 4,
  TCP_FIN_WAIT2: 5,
  TCP_TIME_WAIT: 6,
  TCP_CLOSE: 7,
  TCP_CLOSE_WAIT: 8,
  TCP_LAST_ACK: 9,
  TCP_LISTEN: 10,
  TCP_CLOSING: 11,
  TCP_CA_Open: 0,
  TCP_CA_Disorder: 1,
  TCP_CA_CWR: 2,
  TCP_CA_Recovery: 3,
  TCP_CA_Loss: 4,
  TCPI_OPT_TIMESTAMPS: 1,
  TCPI_OPT_SACK: 2,
  TCPI_OPT_WSCALE: 4,
  TCPI_OPT_ECN: 8,
  TCPI_OPT_ECN_SEEN: 16,
  TCPI_OPT_SYN_DATA: 32,
  TCPI_OPT_USEC_TS: 64,
  TCPI_OPT_TFO_CHILD: 128,
};

/** What a socket's TCP reports; `connection` is null for a socket without one (a listener, or one never connected). */
export interface TcpInfoSource {
  readonly state: TcpState;
  readonly connection: TcpConnection | null;
  /** The MSS we advertise (our TCP's `mss` setting). */
  readonly advertisedMss: number;
}

type FieldReader = (source: TcpInfoSource) => number;

/**
 * The fields our TCP fills, each read as tcp_get_info reads Linux's. Times
 * are in µs there; our TCP keeps ms.
 */
const FIELDS = {
  tcpi_state: ({ state }) => LINUX_STATE[state],
  // No congestion control state machine: always Open, except while the oldest segment has timed out (Loss).
  tcpi_ca_state: ({ connection }) =>
    (connection?.variables.retries ?? 0) > 0 ? TCP_INFO_CONSTANTS.TCP_CA_Loss! : TCP_INFO_CONSTANTS.TCP_CA_Open!,
  // icsk_retransmits: consecutive timeouts of the oldest segment (RFC 9293 §3.8.3's R1/R2 count).
  tcpi_retransmits: ({ connection }) => connection?.variables.retries ?? 0,
  tcpi_backoff: ({ connection }) => connection?.variables.retries ?? 0,
  // Our TCP negotiates none of window scaling, timestamps, SACK or ECN (RFC 7323, 2018, 3168).
  tcpi_options: () => 0,
  tcpi_rto: ({ connection }) => (connection === null ? 0 : connection.variables.rto * 1000),
  tcpi_snd_mss: ({ connection }) => connection?.variables.sendMss ?? 0,
  tcpi_advmss: ({ advertisedMss }) => advertisedMss,
  // packets_out: segments sent and not yet acknowledged, the SYN and FIN each counting one.
  tcpi_unacked: ({ connection }) => connection?.variables.sendTimes.length ?? 0,
  tcpi_rtt: ({ connection }) =>
    connection?.variables.rtt.hasSample === true ? Math.round(connection.variables.rtt.srtt * 1000) : 0,
  tcpi_rttvar: ({ connection }) =>
    connection?.variables.rtt.hasSample === true ? Math.round(connection.variables.rtt.rttvar * 1000) : 0,
  tcpi_snd_wnd: ({ connection }) => connection?.variables.sndWnd ?? 0,
  tcpi_rcv_wnd: ({ connection }) => connection?.receiveWindow() ?? 0,
} as const satisfies Readonly<Record<string, FieldReader>>;

export type TcpInfoField = keyof typeof FIELDS;

/**
 * Every `tcpi_*` name packetdrill's code.c (`write_tcp_info`) gives a block:
 * struct tcp_info's fields (include/uapi/linux/tcp.h). A script may read any
 * of them; each runner reads what its TCP reports.
 */
const LINUX_TCP_INFO_FIELDS: ReadonlySet<string> = new Set(
  [
    ...['state', 'ca_state', 'retransmits', 'probes', 'backoff', 'options', 'snd_wscale', 'rcv_wscale'],
    ...['delivery_rate_app_limited', 'rto', 'ato', 'snd_mss', 'rcv_mss', 'unacked', 'sacked', 'lost', 'retrans'],
    ...['fackets', 'last_data_sent', 'last_ack_sent', 'last_data_recv', 'last_ack_recv', 'pmtu', 'rcv_ssthresh'],
    ...['rtt', 'rttvar', 'snd_ssthresh', 'snd_cwnd', 'advmss', 'reordering', 'total_retrans', 'pacing_rate'],
    ...['max_pacing_rate', 'rcv_rtt', 'rcv_space', 'bytes_acked', 'bytes_received', 'segs_out', 'segs_in'],
    ...['notsent_bytes', 'min_rtt', 'data_segs_in', 'data_segs_out', 'delivery_rate', 'busy_time', 'rwnd_limited'],
    ...['sndbuf_limited', 'delivered', 'delivered_ce', 'bytes_sent', 'bytes_retrans', 'dsack_dups', 'reord_seen'],
    ...['rcv_ooopack', 'snd_wnd', 'rcv_wnd', 'rehash', 'total_rto', 'total_rto_recoveries', 'total_rto_time'],
    ...['ecn_mode', 'accecn_opt_seen', 'accecn_fail_mode', 'options2', 'received_ce', 'delivered_e1_bytes'],
    ...['delivered_e0_bytes', 'delivered_ce_bytes', 'received_e1_bytes', 'received_e0_bytes', 'received_ce_bytes'],
  ].map((name) => `tcpi_${name}`),
);

export function isLinuxTcpInfoField(name: string): boolean {
  return LINUX_TCP_INFO_FIELDS.has(name);
}

/** Why our TCP cannot play a block that reads `field`. */
export function unfilledFieldProblem(field: string): string {
  return `${field} is a tcp_info field our TCP does not fill (it fills ${TCP_INFO_FIELDS.join(', ')})`;
}

export const TCP_INFO_FIELDS = Object.keys(FIELDS) as TcpInfoField[];

export function isTcpInfoField(name: string): name is TcpInfoField {
  return Object.prototype.hasOwnProperty.call(FIELDS, name);
}

export function readTcpInfo(source: TcpInfoSource): Readonly<Record<TcpInfoField, number>> {
  return Object.fromEntries(TCP_INFO_FIELDS.map((name) => [name, FIELDS[name](source)])) as Record<
    TcpInfoField,
    number
  >;
}
