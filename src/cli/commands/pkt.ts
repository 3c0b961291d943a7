/**
 * `tcp-statechart pkt FILE…`: plays packetdrill scripts and prints one line
 * per script, `PASS file` or `FAIL file:line: why`. `--target` says against
 * what: `tcp`, our TCP (src/pkt/runner) on a virtual clock, the default; or
 * `linux`, the kernel's TCP in real time (src/linux/kernelScriptRun.ts),
 * each script in a network namespace of its own behind a TUN device, which
 * needs root and /dev/net/tun (without them, one line saying why, exit code
 * 2, before any script plays, as `check --target linux`). With `--netstat`,
 * what each script leaves: our TCP's sockets as `netstat -tan` lists them;
 * the kernel's connection state at a trailing `sleep`.
 *
 * packetdrill's own options: `--define NAME=VALUE` (the script's words NAME
 * read as VALUE, src/pkt/defines.ts), `--mtu N` (our TCP offers and sends an
 * MSS of N - 40; the kernel's TUN link gets MTU N), `--tolerance-usecs`.
 *
 * Exit code 1 when a script fails (as `check`), 2 for a usage error or a file
 * that cannot be read (every file is read before any script plays, as
 * `check --replay`).
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import {
  formatFailure,
  parseScript,
  runScript,
  readDefinition,
  readScriptOption,
  ScriptParseError,
  type Definitions,
  type Script,
  type ScriptHostFactory,
  type ScriptOption,
} from '../../pkt';
import { lwipUnavailable } from '../../lwip/addon';
import { lwipScriptHost } from '../../lwip/lwipScriptHost';
import { fileErrorMessage } from '../fileErrors';
import type { CliStreams } from '../streams';

/** The options as commander parses them. */
export interface PktOptions {
  readonly netstat?: boolean;
  readonly trace?: boolean;
  readonly toleranceUsecs?: number;
  readonly strict?: boolean;
  /** `--define NAME=VALUE`, as often as needed. */
  readonly define?: readonly string[];
  readonly mtu?: number;
  /** What the scripts play against: a key of PKT_TARGETS (`tcp` unless given). */
  readonly target?: string;
}

/** Exit code when a script fails. */
export const EXIT_SCRIPT_FAILED = 1;

/** A usage error (exit code 2): a file that cannot be read (in the words of src/cli/fileErrors.ts), a target that cannot run here, a bad option. */
export class PktFileError extends Error {
  override readonly name = 'PktFileError';
}

/** One script played: passed or not, and the lines to print (PASS or FAIL, then what --trace and --netstat add). */
interface PlayedScript {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

interface PktTarget {
  /** Why the target cannot play scripts here, or null. */
  unavailable(): Promise<string | null>;
  play(file: string, script: Script, options: PktOptions): Promise<PlayedScript>;
}

/** The implementations `pkt --target` plays scripts against: one entry each. */
export const PKT_TARGETS: Readonly<Record<string, PktTarget>> = {
  tcp: {
    unavailable: () => Promise.resolve(null),
    play: (file, script, options) => Promise.resolve(playInVirtualTime(file, script, options)),
  },
  linux: { unavailable: linuxUnavailable, play: playOnLinux },
  lwip: {
    unavailable: () => Promise.resolve(lwipUnavailable()),
    play: (file, script, options) => Promise.resolve(playInVirtualTime(file, script, options, lwipScriptHost)),
  },
};

/** Plays each file and prints its outcome and a count; returns the exit code. */
export async function pkt(files: readonly string[], options: PktOptions, streams: CliStreams): Promise<number> {
  const failed = await runPktFiles(files, options, streams);
  const plural = files.length === 1 ? '' : 's';
  streams.out(`${files.length} script${plural}: ${files.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : EXIT_SCRIPT_FAILED;
}

/**
 * Plays each file and prints its outcome; returns how many failed. Throws a `PktFileError` before playing
 * any if one cannot be read, a `--define` is not one, or the target cannot run here.
 */
export async function runPktFiles(files: readonly string[], options: PktOptions, streams: CliStreams): Promise<number> {
  const targetName = options.target ?? 'tcp';
  const target = Object.prototype.hasOwnProperty.call(PKT_TARGETS, targetName) ? PKT_TARGETS[targetName] : undefined;
  if (target === undefined)
    throw new PktFileError(`unknown target '${targetName}': expected one of: ${Object.keys(PKT_TARGETS).join(', ')}`);
  const definitions = readDefinitions(options.define ?? []);
  const texts = files.map((file) => readScript(file));
  const unavailable = await target.unavailable();
  if (unavailable !== null) throw new PktFileError(`--target ${targetName} cannot run here: ${unavailable}`);
  let failed = 0;
  for (const [index, file] of files.entries()) {
    const script = parse(file, texts[index]!, definitions);
    const played =
      typeof script === 'string' ? { ok: false, lines: [`FAIL ${script}`] } : await target.play(file, script, options);
    if (!played.ok) failed++;
    streams.out(played.lines.map((line) => `${line}\n`).join(''));
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

function readDefinitions(given: readonly string[]): Definitions {
  const definitions = new Map<string, string>();
  for (const text of given) {
    const definition = readDefinition(text);
    if (typeof definition === 'string') throw new PktFileError(definition);
    definitions.set(definition.name, definition.value);
  }
  return definitions;
}

/** The script, or one line saying where and why it does not parse. */
function parse(file: string, text: string, definitions: Definitions): Script | string {
  try {
    return parseScript(text, file, { definitions });
  } catch (error) {
    if (error instanceof ScriptParseError) return `${file}:${error.line}:${error.column}: ${error.detail}`;
    throw error;
  }
}

/** One script on src/pkt's runner in virtual time: against our TCP, or the host `host` makes (lwIP's). */
function playInVirtualTime(file: string, script: Script, options: PktOptions, host?: ScriptHostFactory): PlayedScript {
  const outcome = runScript(script, {
    ...(options.toleranceUsecs === undefined ? {} : { toleranceUsecs: options.toleranceUsecs }),
    ...(options.mtu === undefined ? {} : { mtu: options.mtu }),
    strict: options.strict === true,
    ...(host === undefined ? {} : { host }),
  });
  const lines = outcome.ok
    ? [`PASS ${file}`]
    : outcome.failures.map((failure) => `FAIL ${formatFailure(failure, file)}`);
  if (options.trace) {
    for (const entry of outcome.trace) {
      const arrow = entry.direction === 'inbound' ? '<' : '>';
      lines.push(`  ${(entry.timeUsecs / 1e6).toFixed(6)} ${arrow} ${entry.text}`);
    }
  }
  if (options.netstat) lines.push(outcome.netstat.trimEnd());
  return { ok: outcome.ok, lines };
}

async function linuxUnavailable(): Promise<string | null> {
  // Loaded only here: the kernel's modules need the native addon, which nothing else does.
  return (await import('../../linux/network')).linuxUnavailableReason();
}

/**
 * One script against the kernel, in a namespace of its own (its sysctls are its own), on a TUN link of
 * the command line's `--mtu`, else the script's own `--mtu=`, else 1500.
 */
async function playOnLinux(file: string, script: Script, options: PktOptions): Promise<PlayedScript> {
  const { runLinuxPacketdrill } = await import('../../linux/kernelSuites');
  const traced: string[] = [];
  const mtu = options.mtu ?? scriptMtu(script.options);
  const { results } = await runLinuxPacketdrill(
    [{ name: file, script }],
    options.trace ? (line) => traced.push(`  ${line}`) : undefined,
    { ...(mtu === undefined ? {} : { mtu }), strict: options.strict === true },
  );
  const result = results[0]!;
  const { failure } = result;
  const lines =
    failure === undefined
      ? [`PASS ${file}`]
      : [
          `FAIL ${file}:${failure.line}: ${failure.message}` +
            (failure.expected === undefined
              ? ''
              : ` (script: "${failure.expected}", linux: "${failure.actual ?? ''}")`),
        ];
  lines.push(...traced);
  if (options.netstat && result.heldState !== undefined)
    lines.push(`  the kernel's connection at the trailing sleep: ${result.heldState}`);
  return { ok: result.passed, lines };
}

function scriptMtu(options: readonly ScriptOption[]): number | undefined {
  const value = options.find((option) => option.name === 'mtu')?.value;
  return value === undefined ? undefined : Number(value);
}

function parseTolerance(value: string): number {
  const usecs = Number(value);
  if (!Number.isInteger(usecs) || usecs < 0)
    throw new InvalidArgumentError('a whole number of microseconds is needed.');
  return usecs;
}

/** packetdrill's --mtu, within the bounds a script's `--mtu=` has (src/pkt/scriptOptions.ts). */
function parseMtu(value: string): number {
  const reading = readScriptOption({ name: 'mtu', value, line: 0, column: 0 });
  if (!reading.ok) throw new InvalidArgumentError(`${reading.problem}.`);
  return Number(value);
}

function collect(value: string, previous: readonly string[] = []): readonly string[] {
  return [...previous, value];
}

export function registerPktCommand(program: Command, streams: CliStreams, setExitCode: (code: number) => void): void {
  program
    .command('pkt')
    .description(
      'play packetdrill scripts against our TCP on a virtual clock, or against Linux: PASS or FAIL per script',
    )
    .argument('<files...>', 'packetdrill scripts (.pkt)')
    .option(
      '--target <name>',
      `what the scripts play against: ${Object.keys(PKT_TARGETS).join(', ')} (linux needs root and /dev/net/tun)`,
      'tcp',
    )
    .option(
      '--netstat',
      "print the sockets each script leaves, as netstat -tan lists them (linux: the connection's state at a trailing sleep)",
    )
    .option('--trace', 'print every segment the script and the host exchanged')
    .option('--strict', "fail on any segment the host sent that no '>' line read (packetdrill only reads at '>' lines)")
    .option(
      '--define <NAME=VALUE>',
      "packetdrill's --define: the script's word NAME is read as VALUE (repeatable)",
      collect,
    )
    .option(
      '--mtu <bytes>',
      "packetdrill's --mtu: our TCP offers an MSS 40 bytes less; linux: the TUN link's MTU",
      parseMtu,
    )
    .option(
      '--tolerance-usecs <usecs>',
      "timing slack per event (packetdrill's --tolerance_usecs; default 4000)",
      parseTolerance,
    )
    .action(async (files: string[], options: PktOptions) => {
      setExitCode(await pkt(files, options, streams));
    });
}
