/**
 * What a script's sysctl lines mean for our TCP: the Linux sysctls that have
 * a counterpart among its settings (src/linux/sysctls.ts maps the same
 * settings the other way, for the kernel), read as Linux reads them. A
 * connection takes its settings when it is created, as Linux's take most
 * of theirs, so a line changes the connections opened after it. Any other
 * sysctl is refused, naming it: playing on as if it were set would check
 * a script against the wrong TCP.
 */
import type { HostTcpOptions } from '../sockets';
import type { SysctlSetting } from './commands';

type Meaning = (value: number) => HostTcpOptions;

interface SysctlMeaning {
  /** The values Linux's proc handler takes (proc_dointvec_minmax's bounds). */
  readonly min: number;
  readonly max: number;
  readonly apply: Meaning;
  /** What it sets, for the docs and messages. */
  readonly sets: string;
}

const MEANINGS: Readonly<Record<string, SysctlMeaning>> = {
  // Our TCP counts one limit, `maxRetries`, for the SYN, the SYN-ACK and data: each sets it. tcp_retries2 is not
  // here: Linux's data limit is a time (tcp_model_timeout), the model's retryTimeLimit, which src/tcp does not
  // implement (its time limit is the per-connection USER TIMEOUT, setsockopt TCP_USER_TIMEOUT).
  'net.ipv4.tcp_syn_retries': { min: 1, max: 127, apply: (maxRetries) => ({ maxRetries }), sets: 'maxRetries' },
  'net.ipv4.tcp_synack_retries': { min: 0, max: 255, apply: (maxRetries) => ({ maxRetries }), sets: 'maxRetries' },
  // RFC 1337 §3: a RST in TIME-WAIT is ignored.
  'net.ipv4.tcp_rfc1337': { min: 0, max: 1, apply: (on) => ({ rfc1337: on === 1 }), sets: 'rfc1337' },
};

export const SYSCTLS_WITH_A_MEANING = Object.keys(MEANINGS);

/** The settings after `setting`, or why our TCP cannot take it. */
export function applySysctl(setting: SysctlSetting, current: HostTcpOptions): HostTcpOptions | string {
  // RFC 3168's ECN is not implemented: off (0) is what our TCP is already; asking for it cannot play.
  if (setting.name === 'net.ipv4.tcp_ecn')
    return setting.value === '0'
      ? current
      : `sysctl net.ipv4.tcp_ecn=${setting.value}: our TCP does not implement ECN (RFC 3168); only 0 (off) plays`;
  const meaning = MEANINGS[setting.name];
  if (meaning === undefined) {
    return `sysctl ${setting.name} has no meaning for our TCP (it reads ${SYSCTLS_WITH_A_MEANING.join(', ')})`;
  }
  const value = /^-?[0-9]+$/.test(setting.value) ? Number(setting.value) : Number.NaN;
  if (!(value >= meaning.min && value <= meaning.max)) {
    return `sysctl ${setting.name}=${setting.value}: Linux takes an integer from ${meaning.min} to ${meaning.max}`;
  }
  return { ...current, ...meaning.apply(value) };
}
