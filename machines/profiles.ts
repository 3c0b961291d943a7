/**
 * The TCPs the model describes, in one place: RFC 9293 itself and the
 * variants of it (a variant is the same machine with other implementations
 * of the profile guards, `tcpMachine.provide({ guards })`). Every tool that
 * takes a profile (path suites, the transition table, docs/linux.md) reads
 * this list.
 *
 * To add a TCP: write `machines/<name>.ts` as machines/linux.ts is written (its
 * profile guards, each with the source it follows, and
 * `tcpMachine.provide({ guards })`), and add an entry here.
 */
import { LINUX_GUARDS, linuxTcpMachine } from './linux';
import { LWIP_GUARDS, lwipTcpMachine } from './lwip';
import { PROFILE_GUARDS, tcpMachine, type ProfileGuard, type TcpMachine } from './tcp.machine';

export interface TcpVariant {
  /** What the tools call it (`rfc9293`, `linux`). */
  readonly name: string;
  readonly machine: TcpMachine;
  /** The profile guards it answers `true`: where it departs from RFC 9293. */
  readonly options: readonly ProfileGuard[];
}

export const RFC9293: TcpVariant = { name: 'rfc9293', machine: tcpMachine, options: [] };

export const LINUX: TcpVariant = {
  name: 'linux',
  machine: linuxTcpMachine,
  options: PROFILE_GUARDS.filter((guard) => guard in LINUX_GUARDS),
};

export const LWIP: TcpVariant = {
  name: 'lwip',
  machine: lwipTcpMachine,
  options: PROFILE_GUARDS.filter((guard) => guard in LWIP_GUARDS),
};

/** Every TCP the model describes, RFC 9293 first. */
export const VARIANTS: readonly TcpVariant[] = [RFC9293, LINUX, LWIP];
