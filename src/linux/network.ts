/**
 * A private network for the kernel under test: the main thread moves into a
 * network namespace of its own (unshare(CLONE_NEWNET)), in which a TUN
 * device joins the kernel's address to the scripted peer's. Nothing else is
 * routed there, so traffic never leaves the namespace, and the namespace
 * disappears with the process. The namespace's TCP sysctls are set from the
 * model's input (see `linuxSysctls`) so that the kernel and the model keep
 * the same timers.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { LinuxSetupError, loadAddon } from './addon';

/** The kernel's address (the sockets under test bind to it) and the peer's, on the TUN's point-to-point link. */
export const KERNEL_ADDRESS = '10.99.0.1';
export const PEER_ADDRESS = '10.99.0.2';
export const TUN_NAME = 'tcpsc0';
/** packetdrill's default --mtu (config.c), an Ethernet link's. */
export const DEFAULT_MTU = 1500;

export interface PrivateNetwork {
  readonly tunFd: number;
  readonly tunName: string;
  readonly kernelAddress: string;
  readonly peerAddress: string;
  /** The TUN link's MTU (packetdrill's --mtu; 1500 unless asked): the kernel offers an MSS 40 bytes less. */
  readonly mtu: number;
  /** Sets sysctls of the namespace (names as `net.ipv4.tcp_rfc1337`). */
  setSysctls(values: Readonly<Record<string, string | number>>): void;
  readSysctl(name: string): string;
}

/** Why the Linux tests cannot run here, or null if they can. */
export function linuxUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'not root (a network namespace and a TUN device need CAP_NET_ADMIN)';
  try {
    accessSync('/dev/net/tun', constants.R_OK | constants.W_OK);
  } catch {
    return 'no /dev/net/tun';
  }
  try {
    loadAddon();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return null;
}

function sysctlPath(name: string): string {
  return `/proc/sys/${name.replace(/\./g, '/')}`;
}

function ip(...args: string[]): void {
  // A child spawned from the main thread inherits its network namespace.
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Enters a fresh network namespace and sets up the TUN link. Call once per
 * process, before any socket is opened: sockets opened before stay in the
 * namespace they were opened in.
 */
export function enterPrivateNetwork(options: { readonly mtu?: number } = {}): PrivateNetwork {
  const mtu = options.mtu ?? DEFAULT_MTU;
  const addon = loadAddon();
  addon.unshareNetwork();
  // /proc/sys/net and /proc/thread-self/net now show the new namespace to the main thread.
  const setSysctls = (values: Readonly<Record<string, string | number>>) => {
    for (const [name, value] of Object.entries(values)) writeFileSync(sysctlPath(name), String(value));
  };
  // No IPv6 on the link: router solicitations would only be noise on the TUN.
  setSysctls({ 'net.ipv6.conf.default.disable_ipv6': 1, 'net.ipv6.conf.all.disable_ipv6': 1 });
  const tun = addon.openTun(TUN_NAME);
  try {
    ip('link', 'set', 'lo', 'up');
    ip('addr', 'add', KERNEL_ADDRESS, 'peer', PEER_ADDRESS, 'dev', tun.name);
    // Thousands of paths open connections at once: a queue of 500 packets would drop SYNs.
    ip('link', 'set', tun.name, 'txqueuelen', '100000', 'mtu', String(mtu), 'up');
    // RFC 1122 §4.2.3.2 lets an ACK wait up to 500 ms; the model sends it at once, so delayed ACKs are off on this route.
    ip('route', 'replace', `${PEER_ADDRESS}/32`, 'dev', tun.name, 'src', KERNEL_ADDRESS, 'quickack', '1');
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new LinuxSetupError(`setting up ${tun.name} failed: ${stderr || String(error)}`);
  }
  return {
    tunFd: tun.fd,
    tunName: tun.name,
    kernelAddress: KERNEL_ADDRESS,
    peerAddress: PEER_ADDRESS,
    mtu,
    setSysctls,
    readSysctl: (name) => readFileSync(sysctlPath(name), 'utf8').trim(),
  };
}
