/**
 * What the runner makes of a script's embedded programs: of backquoted shell
 * commands it understands `sleep N` and the lines that set sysctls
 * (`sysctl -q name=value`, `sysctl -w …`, packetdrill's `set_sysctls.py
 * /proc/sys/…=value`), and no shell is ever run; of `%{ }%` Python,
 * `assert`s over tcp_info (assertion.ts). The check at parse time and the
 * runners read them here; what a sysctl means is each runner's business
 * (our TCP's options, sysctls.ts; the kernel's own, against Linux).
 */
import { secondsToMicros } from './numbers';

export type SleepCommand =
  | { readonly ok: true; readonly kind: 'sleep'; readonly usecs: number }
  | { readonly ok: false; readonly problem: string };

const SLEEP = /^\s*sleep(?:\s+(.*?))?\s*$/s;

/** `net.ipv4.tcp_syn_retries = 2`: a sysctl by its dotted name, and the value as written (quotes removed). */
export interface SysctlSetting {
  readonly name: string;
  readonly value: string;
}

export type ShellReading =
  SleepCommand | { readonly ok: true; readonly kind: 'sysctl'; readonly settings: readonly SysctlSetting[] };

/** `sysctl [-q] [-w] a=1 b="x y"`, as procps reads it. */
const SYSCTL_LINE = /^sysctl((?:\s+-[qw]+)*)((?:\s+[\w./-]+=(?:"[^"]*"|'[^']*'|\S+))+)$/;
/** packetdrill's gtests/net/common/set_sysctls.py: `/proc/sys/net/ipv4/tcp_timestamps=0`, one or more. */
const SET_SYSCTLS_LINE = /^(?:\S*\/)?set_sysctls\.py((?:\s+\/proc\/sys\/[\w./-]+=(?:"[^"]*"|'[^']*'|\S+))+)$/;
const ASSIGNMENT = /([\w./-]+)=("[^"]*"|'[^']*'|\S+)/g;

/**
 * A backquoted command: `sleep N`, or lines (or `;`-separated commands) each
 * setting sysctls. Anything else is refused, quoting it.
 */
export function readShellCommand(command: string): ShellReading {
  if (SLEEP.test(command)) return readSleep(command);
  const settings: SysctlSetting[] = [];
  for (const line of command.split(/[\n;]/).map((part) => part.trim())) {
    if (line === '') continue;
    const sysctl = SYSCTL_LINE.exec(line);
    const setSysctls = sysctl === null ? SET_SYSCTLS_LINE.exec(line) : null;
    const assignments = sysctl?.[2] ?? setSysctls?.[1];
    if (assignments === undefined) return { ok: false, problem: commandProblem(command, line) };
    for (const [, path, quoted] of assignments.matchAll(ASSIGNMENT)) {
      const name = path!.replace(/^\/proc\/sys\//, '').replace(/\//g, '.');
      settings.push({ name, value: quoted!.replace(/^(["'])(.*)\1$/s, '$2') });
    }
  }
  if (settings.length === 0) return { ok: false, problem: commandProblem(command, command.trim()) };
  return { ok: true, kind: 'sysctl', settings };
}

function commandProblem(command: string, line: string): string {
  const which = line === command.trim() ? `\`${command}\`` : `'${line}' in \`${command}\``;
  return `shell commands are not run; only \`sleep N\` and sysctl settings (\`sysctl -q name=value\`, \`sysctl -w name=value\`, set_sysctls.py /proc/sys/name=value) are understood, not ${which}`;
}

/** `sleep 1`, `sleep 0.5`, `sleep .1`: the seconds as whole µs, read as exactly as event times are. */
export function readSleep(command: string): SleepCommand {
  const sleep = SLEEP.exec(command);
  if (sleep === null) return { ok: false, problem: commandProblem(command, command.trim()) };
  const seconds = sleep[1] ?? '';
  const usecs = seconds === '' ? undefined : secondsToMicros(seconds);
  if (usecs === undefined) {
    const what =
      seconds === ''
        ? 'no number of seconds'
        : /^[0-9]*\.?[0-9]+$/.test(seconds)
          ? `'${seconds}' seconds: too long to wait`
          : `'${seconds}': not a number of seconds`;
    return {
      ok: false,
      problem: `\`${command}\`: ${what} (write \`sleep N\` with N in seconds, as in \`sleep 1\` or \`sleep 0.5\`)`,
    };
  }
  return { ok: true, kind: 'sleep', usecs };
}
