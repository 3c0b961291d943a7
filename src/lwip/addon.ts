/**
 * The lwIP addon (native/lwip.c): Debian's liblwip 2.1.3 in this process, its
 * raw TCP API for one connection at a time. Built by `npm run build:native`
 * where liblwip-dev is installed; loaded lazily so that nothing else needs it.
 */
import { existsSync } from 'node:fs';
import { addonUnusableReason, nativeAddonPath } from '../nativeAddon';

/** lwIP's err_t values the adapter tells apart (lwip/err.h). */
export const ERR = {
  OK: 0,
  MEM: -1,
  VAL: -6,
  USE: -8,
  ALREADY: -9,
  ISCONN: -10,
  CONN: -11,
  ABRT: -13,
  RST: -14,
  CLSD: -15,
} as const;

export interface LwipStatus {
  /** The followed connection's state, lwIP's enum tcp_state (CLOSED = 0 … TIME_WAIT = 10, RFC 793's order). */
  readonly state: number;
  /** The state of the user's connection, or -1 when the user holds none. */
  readonly handle: number;
  /** The listening pcb of PASSIVE_OPEN is open. */
  readonly listening: 0 | 1;
  /** The err_t with which lwIP reported the user's connection gone since the last status(), or 0. */
  readonly lost: number;
  /** Bytes of the peer's data delivered to the user. */
  readonly received: number;
  /** The peer's FIN was delivered (tcp_recv with no pbuf). */
  readonly finReceived: 0 | 1;
  /** Bytes arrived that read() has not taken (a sockets program's user only). */
  readonly unread: number;
  /** The user's connection's ports, 0 when the user holds none. */
  readonly localPort: number;
  readonly remotePort: number;
  /** tcp_sndbuf of the user's connection: what tcp_write takes now. */
  readonly sendBuffer: number;
  /** Some pcb is active or in TIME-WAIT: lwIP's tcp_timer_needed() keeps tcp_tmr running. */
  readonly timersNeeded: 0 | 1;
}

/** One of lwIP's pcbs, as netstat would list it. */
export interface LwipPcb {
  readonly state: number;
  readonly localPort: number;
  /** 0 for a listener. */
  readonly remotePort: number;
}

export interface LwipAddon {
  /** lwip_init() and the netif, once per process (later calls readdress the netif); addresses as 32-bit numbers. */
  init(localAddress: number, peerAddress: number): void;
  /**
   * Every pcb gone, the outbox empty, tcp_ticks and the slow-timer phase as at
   * the start of every path. `socketsApi` 1: the user is a sockets program
   * (reads with read(), keeps its listener after accept); 0 or none: the path
   * suites' user, who reads every byte as it arrives.
   */
  reset(socketsApi?: 0 | 1): void;
  listen(port: number): number;
  connect(localPort: number, peerAddress: number, peerPort: number): number;
  /** tcp_write (copied) and tcp_output. */
  write(bytes: Uint8Array): number;
  /** tcp_shutdown(pcb, rx, tx); without arguments (0, 1), the half-close. */
  shutdown(rx?: 0 | 1, tx?: 0 | 1): number;
  /** tcp_close of the user's connection, or of the listener when the user holds no connection. */
  close(): number;
  /** tcp_abort of the user's connection (tcp_close of the listener when the user holds no connection). */
  abort(): number;
  /** tcp_close of the listener. */
  unlisten(): number;
  /** Up to `max` bytes that arrived (a sockets program's user); tcp_recved opens the window by as much. */
  read(max: number): Uint8Array;
  /** Every pcb lwIP keeps: listeners, then the active and TIME-WAIT lists. */
  pcbs(): LwipPcb[];
  /** One IPv4 packet from the peer into netif->input (ip4_input). */
  input(packet: Uint8Array): number;
  /** tcp_tmr(): 250 ms of lwIP's time. */
  tick(): void;
  /** The IPv4 packets lwIP sent since the last drain. */
  drain(): Uint8Array[];
  status(localPort: number, remotePort: number): LwipStatus;
}

export const LWIP_ADDON_PATH = nativeAddonPath('lwip');
/** What native/binding.gyp looks for to build the addon. */
export const LWIP_HEADER = '/usr/include/lwip/lwip/tcp.h';

export class LwipSetupError extends Error {
  override readonly name = 'LwipSetupError';
}

/** Why the lwIP addon cannot be loaded here, or null when it can. */
export function lwipUnavailable(): string | null {
  if (!existsSync(LWIP_HEADER)) return `liblwip-dev is not installed (${LWIP_HEADER} is missing)`;
  return addonUnusableReason(LWIP_ADDON_PATH, 'the lwIP addon');
}

let loaded: LwipAddon | undefined;

export function loadLwipAddon(): LwipAddon {
  const why = lwipUnavailable();
  if (why !== null) throw new LwipSetupError(why);

  loaded ??= require(LWIP_ADDON_PATH) as LwipAddon;
  return loaded;
}
