/**
 * What the script runner takes and gives back. The defaults are
 * packetdrill's (config.c) where they matter for a script's meaning, and
 * fixed where packetdrill would pick at random, so that every run of a
 * script is the same.
 */
import type { HostTcpOptions, ListingRow } from '../../sockets';
import type { Datagram } from '../../sockets/address';
import type { ScriptHost, ScriptHostFactory } from './scriptHost';

export interface RunOptions {
  /** Slack allowed on every event's time, in µs (packetdrill `--tolerance_usecs`, default 4000). */
  readonly toleranceUsecs?: number;
  /**
   * Extra slack as a percentage of the time since the previous event
   * (packetdrill `--tolerance_percent`). packetdrill defaults to 12.5 % for
   * the kernel's timer-wheel slack; a virtual clock has none, so 0.
   */
  readonly tolerancePercent?: number;
  /** The host under test (packetdrill's `--local_ip`): 192.168.0.1. */
  readonly localAddress?: string;
  /** The script's side (packetdrill's `--remote_ip`): 192.0.2.1. */
  readonly remoteAddress?: string;
  /** Where `bind(fd, ..., ...)` binds (packetdrill `--bind_port`): 8080. */
  readonly bindPort?: number;
  /** Where `connect(fd, ..., ...)` connects (packetdrill `--connect_port`): 8080. */
  readonly connectPort?: number;
  /**
   * The script's port for connections it opens to a listener. packetdrill
   * asks the kernel for a free ephemeral port; we count up from this one, a
   * new port for each new connection: 40000.
   */
  readonly remotePort?: number;
  /**
   * Fail on any segment the host sent that no `>` line has read, at the next
   * `<` line, a trailing `sleep` and the end (`pkt --strict`). packetdrill
   * only reads segments at `>` lines (false, the default).
   */
  readonly strict?: boolean;
  /**
   * The MTU of the host's link (packetdrill `--mtu`, default 1500): the MSS
   * the host offers and the most it sends are the MTU less the IPv4 and TCP
   * headers, 40 bytes (RFC 9293 §3.7.1), unless `tcp.mss` says otherwise.
   */
  readonly mtu?: number;
  /** The host's TCP settings (RFC 6298 timers, MSL, MSS, window, ISS); the model's defaults otherwise. */
  readonly tcp?: HostTcpOptions;
  /** The TCP the script plays against: our TCP's `Host` unless another is given (`pkt --target lwip`). */
  readonly host?: ScriptHostFactory;
}

export const DEFAULT_RUN_OPTIONS = {
  toleranceUsecs: 4000,
  tolerancePercent: 0,
  localAddress: '192.168.0.1',
  remoteAddress: '192.0.2.1',
  bindPort: 8080,
  connectPort: 8080,
  remotePort: 40000,
  strict: false,
  mtu: 1500,
} as const;

/** An IPv4 header and a TCP header without options: what a segment of MSS bytes adds up to an MTU with (RFC 9293 §3.7.1). */
export const IPV4_TCP_HEADER_BYTES = 40;

export type ResolvedRunOptions = Required<Omit<RunOptions, 'tcp' | 'host'>> & { readonly tcp: HostTcpOptions };

/** Why a script failed, at which line. */
export interface ScriptFailure {
  readonly line: number;
  readonly column: number;
  /** The script text of the event (empty for a failure of the whole script, line 0). */
  readonly sourceText: string;
  readonly message: string;
  /** What the script said, in its own notation, when a segment or a result differed. */
  readonly expected?: string;
  /** What the host did, in the same notation. */
  readonly actual?: string;
  /** Virtual time of the failure, µs from the script's start. */
  readonly timeUsecs: number;
}

/** A segment that crossed between the script and the host. */
export interface TraceEntry {
  /** µs from the script's start. */
  readonly timeUsecs: number;
  /** `inbound`: injected by the script; `outbound`: sent by the host. */
  readonly direction: 'inbound' | 'outbound';
  readonly datagram: Datagram;
  /** In packetdrill's notation, sequence numbers relative to each side's ISN (`S. 0:0(0) ack 1 win 65535 <mss 1460>`). */
  readonly text: string;
  /** The script line that injected it or expected it; absent for a segment no line expected. */
  readonly line?: number;
}

export interface ScriptResult {
  readonly fileName?: string;
  readonly ok: boolean;
  /** Empty when `ok`; the runner stops at the first failure, as packetdrill does. */
  readonly failures: readonly ScriptFailure[];
  /** The host's sockets when the script ended (or held at a final `sleep`), as netstat shows them. */
  readonly listing: readonly ListingRow[];
  /** `listing` laid out as netstat prints it. */
  readonly netstat: string;
  readonly trace: readonly TraceEntry[];
  /** Virtual time when the script ended, µs. */
  readonly endTimeUsecs: number;
  /** The host, to look further at what the script left. */
  readonly host: ScriptHost;
}
