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

/**
 * `tc qdisc add dev tun0 root pfifo limit 0`: a queueing discipline on the
 * root of packetdrill's TUN device (`tun0`, whatever the runner's device is
 * called): the operation and what follows `root` (the qdisc's kind and
 * parameters); `ignoreErrors` for `2>/dev/null`, which the suites write where
 * the command may fail (deleting a qdisc not there).
 */
export interface QdiscCommand {
  readonly operation: string;
  readonly parameters: readonly string[];
  readonly ignoreErrors: boolean;
  /** As written, for messages. */
  readonly text: string;
}

/** packetdrill's TUN device, as its scripts name it. */
const TC_DEVICE = 'tun0';

export type ShellReading =
  | SleepCommand
  | {
      readonly ok: true;
      readonly kind: 'sysctl';
      readonly settings: readonly SysctlSetting[];
      /** `tc qdisc` lines among the sysctl lines, in order: Linux's traffic control, run by the Linux runner. Absent for none. */
      readonly qdiscs?: readonly QdiscCommand[];
    };

/**
 * `tc qdisc add|replace|change|delete dev tun0 root [KIND PARAMETERS…] [2>/dev/null]`,
 * as packetdrill's suites write it. Words are letters, digits, `.`, `_`, `-`
 * only: the runner hands them to `tc` without a shell.
 */
const TC_QDISC_LINE =
  /^tc\s+qdisc\s+(add|replace|change|del|delete)\s+dev\s+(\S+)\s+root((?:\s+[\w.-]+)*?)(\s+2>\s*\/dev\/null)?$/;

function readQdisc(line: string): QdiscCommand | string | undefined {
  const tc = TC_QDISC_LINE.exec(line);
  if (tc === null) return line.startsWith('tc ') ? commandProblem(line, line) : undefined;
  const [, operation, device, parameters, quiet] = tc;
  if (device !== TC_DEVICE)
    return `\`${line}\`: tc qdisc on ${device}: packetdrill's scripts name their TUN device ${TC_DEVICE}`;
  return {
    operation: operation!,
    parameters: parameters!.trim() === '' ? [] : parameters!.trim().split(/\s+/),
    ignoreErrors: quiet !== undefined,
    text: line,
  };
}

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
  const qdiscs: QdiscCommand[] = [];
  // A backslash before a newline continues the line, as the shell reads it (removed, with the newline): the gtests
  // write `set_sysctls.py /proc/sys/a=0 \` and the next setting on a line of its own.
  for (const line of command
    .replace(/\\\n/g, '')
    .split(/[\n;]/)
    // A word that starts with `#` begins a comment to the end of the line, as the shell reads it.
    .map((part) => part.replace(/(^|\s)#.*$/, '').trim())) {
    if (line === '') continue;
    const qdisc = readQdisc(line);
    if (typeof qdisc === 'string') return { ok: false, problem: qdisc };
    if (qdisc !== undefined) {
      qdiscs.push(qdisc);
      continue;
    }
    const sysctl = SYSCTL_LINE.exec(line);
    const setSysctls = sysctl === null ? SET_SYSCTLS_LINE.exec(line) : null;
    const assignments = sysctl?.[2] ?? setSysctls?.[1];
    if (assignments === undefined) return { ok: false, problem: commandProblem(command, line) };
    for (const [, path, quoted] of assignments.matchAll(ASSIGNMENT)) {
      const name = path!.replace(/^\/proc\/sys\//, '').replace(/\//g, '.');
      settings.push({ name, value: quoted!.replace(/^(["'])(.*)\1$/s, '$2') });
    }
  }
  if (settings.length === 0 && qdiscs.length === 0)
    return { ok: false, problem: commandProblem(command, command.trim()) };
  return { ok: true, kind: 'sysctl', settings, ...(qdiscs.length > 0 ? { qdiscs } : {}) };
}

/**
 * packetdrill's gtests/net/tcp/common/set_sysctls.py writes this script to put
 * back the host's sysctls it changed, and the gtests run it as their last line.
 * Our runs have no host sysctls to put back: against Linux each script of the
 * gtests tool plays in a network namespace of its own, whose sysctls die with
 * it; on our TCP the sysctl lines change only the run's own options. So, as the
 * untimed line after the last event (`cleanup`), it is played as the no-op it
 * is here; anywhere else it would change sysctls for the events after it, and is refused.
 */
const SYSCTL_RESTORE = /^\s*\/tmp\/sysctl_restore_\$\{PPID\}\.sh\s*$/;

export function isSysctlRestore(command: string): boolean {
  return SYSCTL_RESTORE.test(command);
}

export type CleanupReading = ShellReading | { readonly ok: true; readonly kind: 'sysctl restore' };

/** The untimed command after the last event: packetdrill's sysctl restore script (a no-op here), or as any command. */
export function readCleanupCommand(command: string): CleanupReading {
  return isSysctlRestore(command) ? { ok: true, kind: 'sysctl restore' } : readShellCommand(command);
}

function commandProblem(command: string, line: string): string {
  if (isSysctlRestore(line)) {
    return `\`${line}\` (set_sysctls.py's restore script) is played only as the script's last line, untimed, where it has nothing to restore here; before other events it would change their sysctls`;
  }
  const which = line === command.trim() ? `\`${command}\`` : `'${line}' in \`${command}\``;
  return `shell commands are not run; only \`sleep N\` and sysctl settings (\`sysctl -q name=value\`, \`sysctl -w name=value\`, set_sysctls.py /proc/sys/name=value, \`tc qdisc add|replace|delete dev tun0 root …\`) are understood, not ${which}`;
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
