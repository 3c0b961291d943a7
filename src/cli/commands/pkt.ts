/**
 * `tcp-statechart pkt FILE…`: plays packetdrill scripts against our TCP
 * (src/pkt/runner.ts) on a virtual clock and prints one line per script,
 * `PASS file` or `FAIL file:line: why`; with `--netstat`, the socket listing
 * each script leaves, as `netstat -tan` prints it. Exit code 1 when a
 * script fails (as `check`), 2 for a usage error.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { formatFailure, parseScript, runScript, ScriptParseError, type ScriptResult } from '../../pkt';
import type { CliStreams } from '../streams';

/** The options as commander parses them from `--netstat`, `--trace`, `--tolerance-usecs <n>`. */
export interface PktOptions {
  readonly netstat?: boolean;
  readonly trace?: boolean;
  readonly toleranceUsecs?: number;
}

/** Exit code when a script fails. */
export const EXIT_SCRIPT_FAILED = 1;

/** Plays each file and prints its outcome and a count; returns the exit code. */
export function pkt(files: readonly string[], options: PktOptions, streams: CliStreams): number {
  const failed = runPktFiles(files, options, streams);
  const plural = files.length === 1 ? '' : 's';
  streams.out(`${files.length} script${plural}: ${files.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : EXIT_SCRIPT_FAILED;
}

/** Plays each file and prints its outcome; returns how many failed. */
export function runPktFiles(files: readonly string[], options: PktOptions, streams: CliStreams): number {
  let failed = 0;
  for (const file of files) {
    const outcome = playFile(file, options);
    if (typeof outcome === 'string') {
      failed++;
      streams.out(`FAIL ${outcome}\n`);
      continue;
    }
    if (!outcome.ok) failed++;
    streams.out(outcome.ok ? `PASS ${file}\n` : outcome.failures.map((f) => `FAIL ${formatFailure(f, file)}\n`).join(''));
    if (options.trace) {
      for (const entry of outcome.trace) {
        const arrow = entry.direction === 'inbound' ? '<' : '>';
        streams.out(`  ${(entry.timeUsecs / 1e6).toFixed(6)} ${arrow} ${entry.text}\n`);
      }
    }
    if (options.netstat) streams.out(outcome.netstat);
  }
  return failed;
}

/** The run's result, or one line saying why the file could not be played. */
function playFile(file: string, options: PktOptions): ScriptResult | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // Node's fs errors may come from another realm (under jest), so no `instanceof Error`.
    const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
    return `${file}: cannot read: ${message}`;
  }
  try {
    const script = parseScript(text, file);
    return runScript(script, options.toleranceUsecs === undefined ? {} : { toleranceUsecs: options.toleranceUsecs });
  } catch (error) {
    if (error instanceof ScriptParseError) return `${file}:${error.line}:${error.column}: ${error.detail}`;
    throw error;
  }
}

function parseTolerance(value: string): number {
  const usecs = Number(value);
  if (!Number.isInteger(usecs) || usecs < 0) throw new InvalidArgumentError('a whole number of microseconds is needed.');
  return usecs;
}

export function registerPktCommand(program: Command, streams: CliStreams, setExitCode: (code: number) => void): void {
  program
    .command('pkt')
    .description('play packetdrill scripts against the TCP on a virtual clock: PASS or FAIL per script')
    .argument('<files...>', 'packetdrill scripts (.pkt)')
    .option('--netstat', 'print the sockets each script leaves, as netstat -tan lists them')
    .option('--trace', 'print every segment the script and the host exchanged')
    .option('--tolerance-usecs <usecs>', "timing slack per event (packetdrill's --tolerance_usecs; default 4000)", parseTolerance)
    .action((files: string[], options: PktOptions) => {
      setExitCode(pkt(files, options, streams));
    });
}
