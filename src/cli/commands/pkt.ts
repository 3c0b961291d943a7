/**
 * `tcp-statechart pkt FILE…`: plays packetdrill scripts against our TCP
 * (src/pkt/runner.ts), or with `--target lwip` against lwIP 2.1.3
 * (src/lwip/lwipScriptHost.ts), on a virtual clock and prints one line per script,
 * `PASS file` or `FAIL file:line: why`; with `--netstat`, the socket listing
 * each script leaves, as `netstat -tan` prints it. Exit code 1 when a
 * script fails (as `check`), 2 for a usage error or a file that cannot be
 * read (every file is read before any script plays, as `check --replay`).
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { lwipUnavailable } from '../../lwip/addon';
import { lwipScriptHost } from '../../lwip/lwipScriptHost';
import {
  formatFailure,
  parseScript,
  runScript,
  ScriptParseError,
  type ScriptHostFactory,
  type ScriptResult,
} from '../../pkt';
import { fileErrorMessage } from '../fileErrors';
import type { CliStreams } from '../streams';

/** The options as commander parses them from `--netstat`, `--trace`, `--tolerance-usecs <n>`. */
export interface PktOptions {
  readonly netstat?: boolean;
  readonly trace?: boolean;
  readonly toleranceUsecs?: number;
  readonly strict?: boolean;
  /** The TCP the scripts play against (`--target`): tcp, the default, or lwip. */
  readonly target?: string;
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

/** A file that cannot be read: a usage error (exit code 2), said in the words of src/cli/fileErrors.ts. */
export class PktFileError extends Error {
  override readonly name = 'PktFileError';
}

/** Plays each file and prints its outcome; returns how many failed. Throws a `PktFileError` before playing any if one cannot be read. */
export function runPktFiles(files: readonly string[], options: PktOptions, streams: CliStreams): number {
  const host = scriptHostFor(options.target);
  const texts = files.map((file) => readScript(file));
  let failed = 0;
  for (const [index, file] of files.entries()) {
    const outcome = playFile(file, texts[index]!, options, host);
    if (typeof outcome === 'string') {
      failed++;
      streams.out(`FAIL ${outcome}\n`);
      continue;
    }
    if (!outcome.ok) failed++;
    streams.out(
      outcome.ok ? `PASS ${file}\n` : outcome.failures.map((f) => `FAIL ${formatFailure(f, file)}\n`).join(''),
    );
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

function readScript(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PktFileError(fileErrorMessage('read', file, error));
  }
}

/** The run's result, or one line saying why the script could not be played. */
function playFile(
  file: string,
  text: string,
  options: PktOptions,
  host: ScriptHostFactory | undefined,
): ScriptResult | string {
  try {
    const script = parseScript(text, file);
    return runScript(script, {
      ...(options.toleranceUsecs === undefined ? {} : { toleranceUsecs: options.toleranceUsecs }),
      strict: options.strict === true,
      ...(host === undefined ? {} : { host }),
    });
  } catch (error) {
    if (error instanceof ScriptParseError) return `${file}:${error.line}:${error.column}: ${error.detail}`;
    throw error;
  }
}

/**
 * The host of `--target`: our TCP (none given), or lwIP 2.1.3 in this process
 * (src/lwip/lwipScriptHost.ts; where it cannot load, one line says why).
 */
function scriptHostFor(target: string | undefined): ScriptHostFactory | undefined {
  switch (target ?? 'tcp') {
    case 'tcp':
      return undefined;
    case 'lwip': {
      const unavailable = lwipUnavailable();
      if (unavailable !== null) throw new Error(`--target lwip cannot run here: ${unavailable}`);
      return lwipScriptHost;
    }
    default:
      throw new Error(`unknown target '${target}': expected one of: tcp, lwip`);
  }
}

function parseTolerance(value: string): number {
  const usecs = Number(value);
  if (!Number.isInteger(usecs) || usecs < 0)
    throw new InvalidArgumentError('a whole number of microseconds is needed.');
  return usecs;
}

export function registerPktCommand(program: Command, streams: CliStreams, setExitCode: (code: number) => void): void {
  program
    .command('pkt')
    .description('play packetdrill scripts against the TCP on a virtual clock: PASS or FAIL per script')
    .argument('<files...>', 'packetdrill scripts (.pkt)')
    .option('--netstat', 'print the sockets each script leaves, as netstat -tan lists them')
    .option('--trace', 'print every segment the script and the host exchanged')
    .option('--strict', "fail on any segment the host sent that no '>' line read (packetdrill only reads at '>' lines)")
    .option(
      '--target <name>',
      'what the scripts play against: tcp (our TCP, the default) or lwip (lwIP 2.1.3 in this process)',
    )
    .option(
      '--tolerance-usecs <usecs>',
      "timing slack per event (packetdrill's --tolerance_usecs; default 4000)",
      parseTolerance,
    )
    .action((files: string[], options: PktOptions) => {
      setExitCode(pkt(files, options, streams));
    });
}
