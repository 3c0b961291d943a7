/**
 * What the runner makes of a script's embedded programs: of backquoted shell
 * commands it understands `sleep N` alone (no shell is ever run); of `%{ }%`
 * Python, `assert`s over tcp_info (assertion.ts). The check at parse time
 * and the runners read them here.
 */
import { secondsToMicros } from './numbers';

export type SleepCommand = { readonly ok: true; readonly usecs: number } | { readonly ok: false; readonly problem: string };

const SLEEP = /^\s*sleep(?:\s+(.*?))?\s*$/s;

/** `sleep 1`, `sleep 0.5`, `sleep .1`: the seconds as whole µs, read as exactly as event times are. */
export function readSleep(command: string): SleepCommand {
  const sleep = SLEEP.exec(command);
  if (sleep === null) {
    return { ok: false, problem: `shell commands are not run; only \`sleep N\` is understood, not \`${command}\`` };
  }
  const seconds = sleep[1] ?? '';
  const usecs = seconds === '' ? undefined : secondsToMicros(seconds);
  if (usecs === undefined) {
    const what =
      seconds === '' ? 'no number of seconds' : /^[0-9]*\.?[0-9]+$/.test(seconds) ? `'${seconds}' seconds: too long to wait` : `'${seconds}': not a number of seconds`;
    return { ok: false, problem: `\`${command}\`: ${what} (write \`sleep N\` with N in seconds, as in \`sleep 1\` or \`sleep 0.5\`)` };
  }
  return { ok: true, usecs };
}

/** Against Linux a `%{ assert }%` block would read the kernel's TCP_INFO, which Node cannot ask for. */
export const LINUX_CODE_BLOCK_PROBLEM =
  "%{ assert }% blocks are not played against Linux: they read the kernel's TCP_INFO, and neither Node nor the native addon offers getsockopt";
