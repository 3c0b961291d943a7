/**
 * The native addon (native/tun.c): the two system calls Node cannot make.
 * Built by `npm run build:native` (node-gyp, offline against the installed
 * Node headers); loaded lazily so that nothing else depends on it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
}

/**
 * The addon lives in the package's `native/` folder, which the compiled code
 * reaches from one level deeper than the sources (src/linux/ under ts-node
 * or jest, dist/src/linux/ once built): the package root is the nearest
 * folder above this file that holds package.json.
 */
export const ADDON_PATH = join(packageRoot(__dirname), 'native', 'build', 'Release', 'tun.node');

function packageRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return join(from, '..', '..'); // not in a package: as laid out in the sources
  }
}

export class LinuxSetupError extends Error {
  override readonly name = 'LinuxSetupError';
}

export function loadAddon(): TunAddon {
  if (!existsSync(ADDON_PATH)) {
    throw new LinuxSetupError(`the TUN addon is not built (${ADDON_PATH}): run npm run build:native`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(ADDON_PATH) as TunAddon;
}
