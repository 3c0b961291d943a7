/**
 * The native addon (native/tun.c, native/socket.c): the system calls Node cannot make.
 * Built by `npm run build:native` (node-gyp, offline against the installed
 * Node headers); loaded lazily so that nothing else depends on it.
 */
import { addonUnusableReason, nativeAddonPath } from '../nativeAddon';

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
}

/**
 * native/socket.c: a packetdrill script's socket calls on a kernel socket the runner owns
 * (src/linux/kernelSocket.ts). None waits: a call that would block throws EAGAIN (connect: EINPROGRESS),
 * whatever the socket's O_NONBLOCK. Failures throw an Error whose `code` is the errno's name.
 */
export interface SocketCalls {
  /** socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), with SOCK_NONBLOCK when `nonblocking`: the descriptor. */
  socketOpen(nonblocking: boolean): number;
  socketBind(fd: number, address: string, port: number): void;
  socketListen(fd: number, backlog: number): void;
  /** connect(2) without waiting: throws EINPROGRESS while the handshake goes on. */
  socketConnect(fd: number, address: string, port: number): void;
  /** accept4(2) without waiting: the new descriptor (blocking, as accept(2) makes it on Linux). */
  socketAccept(fd: number): number;
  /**
   * send(2) of `length` zero octets with `flags` | MSG_DONTWAIT | MSG_NOSIGNAL: the octets the kernel took.
   * `nullBuffer` 1 hands the kernel a NULL buffer (packetdrill's `NULL`): EFAULT where its copy faults.
   */
  socketSend(fd: number, length: number, flags: number, nullBuffer?: number): number;
  /** recv(2) of at most `length` octets with `flags` | MSG_DONTWAIT: the octets read (0: the peer's FIN). */
  socketRecv(fd: number, length: number, flags: number, nullBuffer?: number): number;
  /** ioctl(2) whose argument is an int (SIOCINQ, SIOCOUTQ): the int the kernel wrote. */
  socketIoctlInt(fd: number, request: number): number;
  socketShutdown(fd: number, how: number): void;
  socketClose(fd: number): void;
  /** poll(2) for POLLIN | POLLOUT | POLLRDHUP with no wait: the revents. */
  socketPollEvents(fd: number): number;
  setIntOption(fd: number, level: number, name: number, value: number): void;
  getIntOption(fd: number, level: number, name: number): number;
  setLinger(fd: number, onoff: number, linger: number): void;
  getLinger(fd: number): { readonly onoff: number; readonly linger: number };
  /** fcntl(F_GETFL). */
  getFlags(fd: number): number;
  /** fcntl(F_SETFL). */
  setFlags(fd: number, flags: number): void;
}

export const ADDON_PATH = nativeAddonPath('tun');

export class LinuxSetupError extends Error {
  override readonly name = 'LinuxSetupError';
}

let loaded: (TunAddon & SocketCalls) | undefined;

/** The TUN addon, loaded once; a LinuxSetupError names why it cannot be (not built, or older than its sources). */
export function loadAddon(): TunAddon & SocketCalls {
  if (loaded !== undefined) return loaded;
  const why = addonUnusableReason(ADDON_PATH, 'the TUN addon');
  if (why !== null) throw new LinuxSetupError(why);
  loaded = require(ADDON_PATH) as TunAddon & SocketCalls;
  return loaded;
}
