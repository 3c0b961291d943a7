/**
 * The model's Linux profile: the Linux variant of the machine
 * (machines/linux.ts: where Linux departs from RFC 9293 on purpose, each
 * guard with its kernel function; docs/linux.md gives the RFC text), Linux's
 * retry limit by time, and the timer settings the test namespace's sysctls
 * are derived from.
 */
import { LINUX } from '../../machines/profiles';
import type { TcpInput } from '../../machines/tcp.machine';
import type { ModelProfile } from '../mbt/profiles';
import { LINUX_RTO_BASE_MS, linuxModelTimeout } from './sysctls';

/** net.ipv4.tcp_rto_max_ms (Linux 6.15+): a back-off capped at 8 s keeps the longest path near one TIME-WAIT. */
export const LINUX_MAX_RTO_MS = 8000;

/**
 * Timers: Linux's own constants (initial RTO 1 s, fallback 3 s, TIME-WAIT
 * 60 s = 2 × 30 s), a retry limit of 2, which the sysctls give the kernel,
 * and for data and FIN Linux's limit by time: tcp_model_timeout(tcp_retries2 = 5,
 * TCP_RTO_MIN = 200 ms), from which sysctls.ts sets tcp_retries2.
 */
const LINUX_INPUT: TcpInput = {
  maxRetries: 2,
  maxRto: LINUX_MAX_RTO_MS,
  retryTimeLimit: linuxModelTimeout(5, LINUX_RTO_BASE_MS, 120_000),
  // The test namespace's route has `quickack 1` (src/linux/network.ts): the kernel acknowledges every
  // segment at once (tcp_in_quickack_mode), so delayed ACKs are off (RFC 9293 §3.8.6.3 only SHOULDs them).
  ackDelay: 0,
};

export const LINUX_PROFILES: readonly ModelProfile[] = [
  { name: 'linux', machine: LINUX.machine, input: LINUX_INPUT },
  { name: 'linux-rfc1337', machine: LINUX.machine, input: { ...LINUX_INPUT, rfc1337: true } },
];
