/**
 * The native addon (native/tun.c): the two system calls Node cannot make.
 * Built by `npm run build:native` (node-gyp, offline against the installed
 * Node headers); loaded lazily so that nothing else depends on it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface TunAddon {
  /** unshare(CLONE_NEWNET) for the calling (main) thread. */
  unshareNetwork(): void;
  /** Opens /dev/net/tun with TUNSETIFF (IFF_TUN | IFF_NO_PI), non-blocking. */
  openTun(name: string): { fd: number; name: string };
  /** shutdown(fd, SHUT_WR) at once (Node's end() waits for connect() to complete). */
  shutdownWrite(fd: number): void;
  /** SO_LINGER {1, 0}: the next close() aborts (Node's resetAndDestroy() waits for connect()). */
  lingerZero(fd: number): void;
}

/** native/build/Release/tun.node at the package root: two levels above src/linux, three above the build's dist/src/linux. */
export const ADDON_PATH =
  [join(__dirname, '..', '..'), join(__dirname, '..', '..', '..')]
    .map((root) => join(root, 'native', 'build', 'Release', 'tun.node'))
    .find((file) => existsSync(file)) ?? join(__dirname, '..', '..', 'native', 'build', 'Release', 'tun.node');

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
