/**
 * packetdrill's command-line options written at the top of a script
 * (`--tolerance_usecs=10000`), those the runner honours: read here for both
 * the check at parse time and the runner.
 */
import { isIPv4 } from 'node:net';
import type { ScriptOption } from './ast';
import { readDefinition } from './defines';
import type { ResolvedRunOptions } from './runner/types';

type Setting = Partial<Omit<ResolvedRunOptions, 'tcp'>>;

export type OptionReading =
  { readonly ok: true; readonly setting: Setting } | { readonly ok: false; readonly problem: string };

/** A number option: its run option and its bounds. */
const NUMBERS = {
  tolerance_usecs: { key: 'toleranceUsecs', min: 0, max: Number.MAX_SAFE_INTEGER },
  tolerance_percent: { key: 'tolerancePercent', min: 0, max: 100 },
  bind_port: { key: 'bindPort', min: 1, max: 65535 },
  connect_port: { key: 'connectPort', min: 1, max: 65535 },
  // An MSS of TCP_MIN_MSS (88, as TCP_MAXSEG) up to an IPv4 packet's 65535 bytes.
  mtu: { key: 'mtu', min: 128, max: 65535 },
} as const;

/** An address option: its run option. */
const ADDRESSES = { local_ip: 'localAddress', remote_ip: 'remoteAddress' } as const;

export const SCRIPT_OPTION_NAMES: readonly string[] = [
  ...Object.keys(NUMBERS),
  ...Object.keys(ADDRESSES),
  'ip_version',
  'define',
];

export function readScriptOption(option: ScriptOption): OptionReading {
  const { name, value } = option;
  if (Object.prototype.hasOwnProperty.call(NUMBERS, name)) {
    const { key, min, max } = NUMBERS[name as keyof typeof NUMBERS];
    const number = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
      return { ok: false, problem: `--${name} needs a number from ${min} to ${max}` };
    }
    return { ok: true, setting: { [key]: number } };
  }
  if (Object.prototype.hasOwnProperty.call(ADDRESSES, name)) {
    // The runner plays IPv4 only (--ip_version=ipv4), so an address is a dotted quad of octets.
    if (value === undefined || !isIPv4(value))
      return { ok: false, problem: `--${name} needs an IPv4 address such as 192.168.0.1, not '${value ?? ''}'` };
    return { ok: true, setting: { [ADDRESSES[name as keyof typeof ADDRESSES]]: value } };
  }
  if (name === 'define') {
    // The parser has read it already (defines.ts); here only whether it is one.
    const definition = readDefinition(value ?? '');
    return typeof definition === 'string' ? { ok: false, problem: definition } : { ok: true, setting: {} };
  }
  if (name === 'ip_version') {
    return value === 'ipv4' ? { ok: true, setting: {} } : { ok: false, problem: 'only --ip_version=ipv4 is supported' };
  }
  return {
    ok: false,
    problem: `unsupported option --${name} (the runner reads --${SCRIPT_OPTION_NAMES.join(', --')})`,
  };
}

/** The option as written, for a failure's source text. */
export function scriptOptionText(option: ScriptOption): string {
  return `--${option.name}${option.value === undefined ? '' : `=${option.value}`}`;
}
