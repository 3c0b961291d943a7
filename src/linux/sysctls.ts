/**
 * The model's timer settings as Linux sysctls of the test namespace, so that
 * the kernel and the model keep the same timers, and the Linux features the
 * model does not describe (they would add segments or delays the RFC's state
 * machine has no place for) switched off. docs/linux.md explains each.
 */
import { resolveSettings, type TcpInput } from '../../machines/tcp.machine';

/** TCP_RTO_MIN: the base of the kernel's time-based retry limit (tcp_model_timeout) outside the handshake. */
export const LINUX_RTO_BASE_MS = 200;
/** TCP_TIMEWAIT_LEN: Linux's TIME-WAIT is a constant 60 s. */
export const LINUX_TIME_WAIT_MS = 60_000;

/** net/ipv4/tcp_timer.c tcp_model_timeout(): how long `boundary` retries last, backing off from `rtoBase`. */
export function linuxModelTimeout(boundary: number, rtoBaseMs: number, rtoMaxMs: number): number {
  const threshold = Math.floor(Math.log2(rtoMaxMs / rtoBaseMs));
  if (boundary <= threshold) return ((2 << boundary) - 1) * rtoBaseMs;
  return ((2 << threshold) - 1) * rtoBaseMs + (boundary - threshold) * rtoMaxMs;
}

/**
 * tcp_retries2 (and tcp_orphan_retries) is not a count on Linux but a time:
 * a connection gives up at the first timeout at least
 * tcp_model_timeout(tcp_retries2, 200 ms) after its oldest unacknowledged
 * segment was sent. The model's `retryTimeLimit` is that time; this finds the
 * tcp_retries2 that gives it.
 */
export function linuxRetries2(input: TcpInput): number {
  const limit = (input as { retryTimeLimit?: number }).retryTimeLimit ?? 0;
  const { maxRto } = resolveSettings(input);
  for (let boundary = 1; boundary <= 30; boundary++) {
    if (linuxModelTimeout(boundary, LINUX_RTO_BASE_MS, maxRto) === limit) return boundary;
  }
  throw new RangeError(
    `retryTimeLimit ${limit} ms is no tcp_model_timeout(tcp_retries2, ${LINUX_RTO_BASE_MS} ms): Linux's retry limit is a time`,
  );
}

/** The sysctls of the test namespace for a model input. */
export function linuxSysctls(input: TcpInput): Record<string, number | string> {
  const settings = resolveSettings(input);
  if (settings.initialRto !== 1000) throw new RangeError('Linux fixes the initial RTO at 1 s (TCP_TIMEOUT_INIT)');
  if (settings.fallbackRto !== 3000) throw new RangeError('Linux fixes the fallback RTO at 3 s (TCP_TIMEOUT_FALLBACK)');
  if (2 * settings.msl !== LINUX_TIME_WAIT_MS)
    throw new RangeError('Linux fixes TIME-WAIT at 60 s (TCP_TIMEWAIT_LEN): msl must be 30 s');
  const retries2 = linuxRetries2(input);
  return {
    // Handshake retries are counted against a 1 s base: the same count as the model's.
    'net.ipv4.tcp_syn_retries': settings.maxRetries,
    'net.ipv4.tcp_synack_retries': settings.maxRetries,
    // Linux 6.5+: the first SYN retransmissions back off linearly (default 4); RFC 6298 §5.5 doubles.
    'net.ipv4.tcp_syn_linear_timeouts': 0,
    'net.ipv4.tcp_retries2': retries2,
    // An orphan (closed by the user, still sending its FIN) has its own limit; the model has one limit.
    'net.ipv4.tcp_orphan_retries': retries2,
    'net.ipv4.tcp_rto_min_us': settings.minRto * 1000,
    'net.ipv4.tcp_rto_max_ms': settings.maxRto,
    'net.ipv4.tcp_rfc1337': settings.rfc1337 ? 1 : 0,
    // RFC 5961 §7 rate limits (global) and the per-socket limit on out-of-window ACKs: the model answers every segment.
    'net.ipv4.tcp_challenge_ack_limit': 2147483647,
    'net.ipv4.tcp_invalid_ratelimit': 0,
    // RFC 8985 tail loss probes would resend before the RTO; F-RTO (RFC 5682) changes what follows one.
    'net.ipv4.tcp_early_retrans': 0,
    'net.ipv4.tcp_frto': 0,
    // Small writes leave at once (the adapter also sets TCP_NODELAY: no Nagle, RFC 9293 §3.7.4).
    'net.ipv4.tcp_autocorking': 0,
    // Each connection starts from RFC 6298 §2 (no RTT cached from an earlier connection to the same peer).
    'net.ipv4.tcp_no_metrics_save': 1,
    // No pacing (BBR paces segments): a segment leaves when the model says.
    'net.ipv4.tcp_congestion_control': 'reno',
  };
}
