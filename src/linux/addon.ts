/**
 * The native addon (native/tun.c): the two system calls Node cannot make.
 * Built by `npm run build:native` (node-gyp, offline against the installed
 * Node headers); loaded lazily so that nothing else depends on it.
 */
import { existsSync } from 'node:fs';
import { nativeAddonPath } from '../nativeAddon';

export interface TunAddon {
  /** unshare(CLONE_NEWNET) for the calling (main) thread. */
  unshareNetwork(): void;
  /** Opens /dev/net/tun with TUNSETIFF (IFF_TUN | IFF_NO_PI | IFF_VNET_HDR) and packetdrill's offloads (TSO), non-blocking. */
  openTun(name: string): { fd: number; name: string };
  /** shutdown(fd, SHUT_WR) at once (Node's end() waits for connect() to complete). */
  shutdownWrite(fd: number): void;
  /** SO_LINGER {1, 0}: the next close() aborts (Node's resetAndDestroy() waits for connect()). */
  lingerZero(fd: number): void;
  /** setsockopt(TCP_CONGESTION): the socket's algorithm, where the namespace cannot make it the default. */
  setCongestionControl(fd: number, name: string): void;
  /** getsockopt(TCP_INFO): the tcpi_* fields src/pkt/tcpInfo.ts fills and the congestion and loss counters (tcpi_rcv_wnd from 6.7 on). */
  tcpInfo(fd: number): Readonly<Record<string, number>>;
  /** setsockopt(IPPROTO_TCP, name, &value, sizeof(int)): TCP_USER_TIMEOUT, TCP_MAXSEG. */
  setTcpOption(fd: number, name: number, value: number): void;
  /** getsockopt(IPPROTO_TCP, name): TCP_MAXSEG. */
  getTcpOption(fd: number, name: number): number;
}

export const ADDON_PATH = nativeAddonPath('tun');

export class LinuxSetupError extends Error {
  override readonly name = 'LinuxSetupError';
}

export function loadAddon(): TunAddon {
  if (!existsSync(ADDON_PATH)) {
    throw new LinuxSetupError(`the TUN addon is not built (${ADDON_PATH}): run npm run build:native`);
  }

  return require(ADDON_PATH) as TunAddon;
}
