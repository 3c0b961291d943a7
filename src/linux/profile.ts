/**
 * The model's Linux profile: the RFC 9293 model with the input options that
 * describe where Linux differs on purpose (docs/linux.md gives each its
 * RFC text and its kernel function), and the timer settings the test
 * namespace's sysctls are derived from.
 */
import type { LinuxProfileOption, TcpInput } from '../../machines/tcp.machine';
import type { ModelProfile } from '../mbt/profiles';
import { LINUX_RTO_BASE_MS, linuxModelTimeout } from './sysctls';

/** The Linux behaviours the model describes as options; all true in the Linux profile. */
export const LINUX_OPTIONS: Required<Pick<TcpInput, LinuxProfileOption>> = {
  listenOnly: true,
  acceptOnEstablished: true,
  synAckOnRetransmittedSyn: true,
  closeQueuedUntilEstablished: true,
  ackOnRetransmittedFin: true,
  repeatedCloseAccepted: true,
  timeWaitWithoutHandle: true,
  timeWaitAcksData: true,
  // tcp_model_timeout(tcp_retries2 = 5, TCP_RTO_MIN = 200 ms): sysctls.ts sets tcp_retries2 from it.
  retryTimeLimit: linuxModelTimeout(5, LINUX_RTO_BASE_MS, 120_000),
  finResentWithData: true,
  ackSimultaneousSynAck: true,
  queuedDataAfterAck: true,
  simultaneousOpenKeepsRetries: true,
};

/**
 * Timers: Linux's own constants (initial RTO 1 s, fallback 3 s, TIME-WAIT
 * 60 s = 2 × 30 s) and a retry limit of 2, which the sysctls give the kernel.
 */
/** net.ipv4.tcp_rto_max_ms (Linux 6.15+): a back-off capped at 8 s keeps the longest path near one TIME-WAIT. */
export const LINUX_MAX_RTO_MS = 8000;

const LINUX_INPUT: TcpInput = { maxRetries: 2, maxRto: LINUX_MAX_RTO_MS, ...LINUX_OPTIONS };

export const LINUX_PROFILES: readonly ModelProfile[] = [
  { name: 'linux', input: LINUX_INPUT },
  { name: 'linux-rfc1337', input: { ...LINUX_INPUT, rfc1337: true } },
];
