/**
 * google/packetdrill's own TCP suite (`gtests/net/tcp/**`) measured against
 * our packetdrill parser (src/pkt) and our Linux runner (src/linux): which
 * scripts parse, which of those play against the kernel with packetdrill's
 * verdict, and for the rest the one feature each lacks, counted per folder.
 *
 *   npm run gtests -- [PACKETDRILL] [--write] [--timeout S] [--total S] [--jobs N] [--parse-only]
 *   npm run gtests -- --only shutdown/shutdown-wr-close.pkt --trace     (one script, with what the kernel sent)
 *
 * PACKETDRILL is a checkout of google/packetdrill or its git directory (a
 * bare mirror is read with git, no work tree); by default the mirror that the
 * `fetch` tool leaves in /work/.mirror. Nothing of packetdrill's is copied
 * into this repository: the scripts are read from there at each run.
 *
 * How a script is played, as packetdrill's own harness plays it
 * (gtests/net/packetdrill/run_all.py, read, not copied):
 * - each script on its own, in a network namespace of its own: here a child
 *   process per script (run_all.py: `in_netns.sh`), killed when it runs past
 *   its time (run_all.py: 180 s), which makes a hang a result ("timeout");
 * - over IPv4 only (run_all.py's `--ip_version=ipv4` run); a script whose
 *   name ends in `v6.pkt` is one run_all.py plays over IPv6 only, so it is
 *   refused for IPv6;
 * - the scripts' first line runs `../common/defaults.sh`, a shell file that
 *   sets the production sysctls the suite is written for. The tool reads its
 *   `sysctl -q name=value` lines from the checkout and sets them in the
 *   script's namespace, then plays the script without that line. Everything
 *   else a script runs (`set_sysctls.py`, other shell commands) is left to
 *   the parser, which plays it or refuses it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ScriptParseError, parseScript, parseSyntax, runScript, type Script } from '../src/pkt';
import { runScriptOnLinux, type LinuxScriptResult } from '../src/linux/kernelScriptRun';

/** Where the suite sits in a packetdrill checkout, and the shell file its scripts start with. */
export const SUITE_DIRECTORY = 'gtests/net/tcp';
const DEFAULTS_FILE = 'gtests/net/common/defaults.sh';
const DEFAULT_SOURCE = '/work/.mirror/google+packetdrill/repo';
/** The folders the issue asks to play against Linux, listed script by script in the document. */
export const CONNECTION_FOLDERS = [
  'close',
  'shutdown',
  'blocking',
  'syscall_bad_arg',
  'mss',
  'user_timeout',
  'validate',
  'epoll',
] as const;
/** At most this many constructs are taken out of one script while its missing features are collected. */
const MAX_REFUSALS = 100;

// ---------------------------------------------------------------------------
// Reading the suite

export interface SuiteFile {
  /** Path under gtests/net/tcp, such as `close/close-on-syn-sent.pkt`. */
  readonly path: string;
  readonly text: string;
}

export interface Suite {
  readonly commit: string;
  readonly files: readonly SuiteFile[];
  /** The text of gtests/net/common/defaults.sh. */
  readonly defaults: string;
}

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The scripts of a checkout (a directory with gtests/) or of a git directory (read at HEAD). */
export function readSuite(source: string): Suite {
  if (existsSync(join(source, SUITE_DIRECTORY))) {
    const root = join(source, SUITE_DIRECTORY);
    const paths = listPkt(root).map((file) => relative(root, file));
    let commit = 'unknown (not a git checkout)';
    try {
      commit = execFileSync('git', ['-C', source, 'rev-parse', 'HEAD'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      // A copy without .git: the table says so.
    }
    return {
      commit,
      files: paths.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') })),
      defaults: readFileSync(join(source, DEFAULTS_FILE), 'utf8'),
    };
  }
  if (!existsSync(join(source, 'HEAD')))
    throw new Error(`${source} is neither a packetdrill checkout (no ${SUITE_DIRECTORY}) nor a git directory`);
  const commit = git(source, 'rev-parse', 'HEAD').trim();
  const paths = git(source, 'ls-tree', '-r', '--name-only', 'HEAD', `${SUITE_DIRECTORY}/`)
    .split('\n')
    .filter((path) => path.endsWith('.pkt'))
    .sort();
  const show = (path: string) => git(source, 'show', `HEAD:${path}`);
  return {
    commit,
    files: paths.map((path) => ({ path: path.slice(SUITE_DIRECTORY.length + 1), text: show(path) })),
    defaults: show(DEFAULTS_FILE),
  };
}

function listPkt(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) return listPkt(path);
      return name.endsWith('.pkt') ? [path] : [];
    });
}

// ---------------------------------------------------------------------------
// The suite's environment: defaults.sh

/**
 * The sysctls `defaults.sh` sets (`sysctl -q a=1 b="x y"`, shell arithmetic
 * `$((15*1024*1024))` evaluated), by name as /proc/sys spells them with dots.
 * Its other lines (`ip tcp_metrics flush`, `tc qdisc add dev tun0`) concern
 * state a fresh namespace does not have, or packetdrill's own device.
 */
export function defaultsSysctls(defaults: string): Record<string, string> {
  const sysctls: Record<string, string> = {};
  for (const line of defaults.split('\n')) {
    const command = /^\s*sysctl\s+(?:-\w+\s+)*(.*)$/.exec(line);
    if (command === null) continue;
    for (const [, name, quoted, bare] of command[1]!.matchAll(/([\w./]+)=(?:"([^"]*)"|(\S+))/g)) {
      sysctls[name!.replace(/\//g, '.')] = evaluateArithmetic(quoted ?? bare!);
    }
  }
  return sysctls;
}

/** `$((15*1024*1024))` in a sysctl value: products and sums of integers, as the shell evaluates them. */
function evaluateArithmetic(value: string): string {
  return value.replace(/\$\(\(([\d\s*+]+)\)\)/g, (_, expression: string) =>
    String(
      expression
        .split('+')
        .reduce((sum, term) => sum + term.split('*').reduce((product, factor) => product * Number(factor), 1), 0),
    ),
  );
}

/**
 * The script without its call of `common/defaults.sh` (the tool sets those
 * sysctls itself): the line goes, and a command left empty goes with it. Line
 * numbers stay as in the file, so that every message points at the file.
 */
export function withoutDefaults(text: string): { readonly text: string; readonly usesDefaults: boolean } {
  let usesDefaults = false;
  const stripped = text.replace(/`([^`]*)`/g, (block, body: string) => {
    const lines = body.split('\n');
    const kept = lines.map((line) => (/^\s*(\.\.\/)+common\/defaults\.sh\s*$/.test(line) ? '' : line));
    if (kept.every((line, index) => line === lines[index])) return block;
    usesDefaults = true;
    if (kept.every((line) => line.trim() === '')) return kept.join('\n');
    return `\`${kept.join('\n')}\``;
  });
  return { text: stripped, usesDefaults };
}

// ---------------------------------------------------------------------------
// What a script lacks

/**
 * The construct a parse error names, as a feature: `setsockopt(TCP_MAXSEG)`,
 * `syscall epoll_create()`, `sysctl (set_sysctls.py)`, `TCP option FO`. The
 * same feature in different scripts gets the same name, so they can be counted.
 */
export function featureOf(error: ScriptParseError, construct?: Construct): string {
  if (construct?.kind === 'command') return shellFeature(construct.text);
  if (construct?.kind === 'code') return codeFeature(construct.text);
  const detail = error.detail;
  const patterns: [RegExp, (match: RegExpExecArray) => string][] = [
    [/unsupported system call '(\w+)'/, (m) => `syscall ${m[1]}()`],
    [/^(\w+): unsupported option (\w+)/, (m) => `${m[1]}(${m[2]})`],
    [/unknown symbol '(\w+)'/, (m) => `symbol ${m[1]}`],
    [/unknown errno '(\w+)'/, (m) => `errno ${m[1]}`],
    [/unsupported option --(\w+)/, (m) => `--${m[1]}`],
    [/only --ip_version=ipv4/, () => 'IPv6 (--ip_version)'],
    [/'(\w+)' is not a TCP option/, (m) => `TCP option ${m[1]}`],
    [/^expected TCP flags .*found '\['/, () => 'IP ECN field ([ect0], [ce])'],
    [/only TCP packets are supported, found '(\w+)'/, (m) => `${m[1]} packets`],
    [/^(\w+): (?:\w+ )*flags? /, (m) => `${m[1]}() flags`],
  ];
  for (const [pattern, name] of patterns) {
    const match = pattern.exec(detail);
    if (match !== null) return name(match);
  }
  // Anything else: the message without its figures, so that like errors group together.
  return `other: ${detail.replace(/\d+/g, 'N').slice(0, 90)}`;
}

/** `%{ assert tcpi_x == N }%` blocks, which a small evaluator could play, apart from other Python. */
export function codeFeature(code: string): string {
  const statements = code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return statements.every((line) => /^assert\b.*\btcpi_\w+/.test(line))
    ? '%{ assert tcpi_* }% (TCP_INFO)'
    : '%{ }% Python (other than assert tcpi_*)';
}

/**
 * A shell command's first part the parser refuses on its own, named by what
 * it does. Each part is tried alone as `0 \`part\``, so that when the parser
 * learns sysctl lines, a command mixing them with `tc` is charged to `tc`.
 */
export function shellFeature(command: string): string {
  const parts = command
    .replace(/\\\n/g, ' ')
    .split(/[\n;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const refused = parts.find((part) => !parses(`0 \`${part}\`\n`)) ?? parts[0] ?? '';
  return shellPartFeature(refused);
}

function shellPartFeature(part: string): string {
  if (/set_sysctls\.py/.test(part)) return 'sysctl (set_sysctls.py)';
  if (/sysctl_restore/.test(part)) return 'sysctl restore (/tmp/sysctl_restore_${PPID}.sh)';
  if (/^sysctl\b/.test(part)) return 'sysctl (sysctl -q)';
  if (/^echo .*\/sys\/module\//.test(part)) return 'shell: module parameter (/sys/module)';
  const words = part.split(/\s+/);
  const program = (words[0] ?? '').replace(/^.*\//, '');
  const subcommand = ['ip', 'tc'].includes(program)
    ? ` ${words.find((word, index) => index > 0 && !word.startsWith('-')) ?? ''}`
    : '';
  return `shell: ${program}${subcommand}`;
}

function parses(text: string): boolean {
  try {
    parseScript(text);
    return true;
  } catch (error) {
    if (error instanceof ScriptParseError) return false;
    throw error;
  }
}

/** A construct of the syntax tree with the lines it spans (1-based, inclusive). */
interface Construct {
  readonly kind: 'option' | 'command' | 'code' | 'syscall' | 'packet';
  readonly first: number;
  readonly last: number;
  readonly text: string;
}

function constructs(script: Script): Construct[] {
  const span = (line: number, sourceText: string) => ({ first: line, last: line + sourceText.split('\n').length - 1 });
  return [
    ...script.options.map((option) => ({
      kind: 'option' as const,
      first: option.line,
      last: option.line,
      text: option.name,
    })),
    ...[script.initCommand, script.cleanupCommand].flatMap((command) =>
      command === undefined
        ? []
        : [{ kind: 'command' as const, ...span(command.line, command.sourceText), text: command.command }],
    ),
    ...script.events.map((event) => ({
      kind: event.kind === 'command' ? ('command' as const) : event.kind,
      ...span(event.line, event.sourceText),
      text: event.kind === 'command' ? event.command : event.kind === 'code' ? event.code : event.sourceText,
    })),
  ];
}

export type ParseOutcome =
  | { readonly parsed: true; readonly script: Script }
  /** `features`: every construct the parser refused, in order; the first is the one the table counts. */
  | { readonly parsed: false; readonly features: readonly string[]; readonly firstError: string };

/**
 * Parses a script; when the parser refuses it, takes the refused construct
 * out (its lines blanked, so later lines keep their numbers) and parses again,
 * to list every feature the script lacks, not only the first.
 */
export function classifyParse(text: string, fileName: string): ParseOutcome {
  const features: string[] = [];
  let firstError: string | undefined;
  let lines = text.split('\n');
  const refusedLines = new Set<number>();
  for (let round = 0; round < MAX_REFUSALS; round += 1) {
    try {
      const script = parseScript(lines.join('\n'), fileName);
      if (firstError === undefined) return { parsed: true, script };
      break;
    } catch (error) {
      if (!(error instanceof ScriptParseError)) throw error;
      firstError ??= `line ${error.line}: ${error.detail}`;
      const construct = constructAt(lines.join('\n'), error.line);
      const feature = featureOf(error, construct);
      if (!features.includes(feature)) features.push(feature);
      // A refusal that blanking cannot remove (it would repeat for ever) ends the search.
      if (refusedLines.has(error.line)) break;
      refusedLines.add(error.line);
      const { first, last } = construct ?? { first: error.line, last: error.line };
      lines = lines.map((line, index) => (index + 1 >= first && index + 1 <= last ? '' : line));
    }
  }
  return { parsed: false, features, firstError: firstError ?? 'the parser refused the script' };
}

/** The construct around `line` in packetdrill's full grammar, or undefined when the text is not grammatical. */
function constructAt(text: string, line: number): Construct | undefined {
  try {
    return constructs(parseSyntax(text)).find((construct) => construct.first <= line && line <= construct.last);
  } catch (error) {
    if (error instanceof ScriptParseError) return undefined;
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Playing against Linux, one child process (and namespace) per script

export type Verdict = 'pass' | 'fail' | 'timeout' | 'refused' | 'not played';

export interface Outcome {
  readonly path: string;
  readonly verdict: Verdict;
  /** refused: the features the script lacks, the first one counted. */
  readonly features?: readonly string[];
  /** fail, timeout, not played: why, in one line; refused: the parser's first message. */
  readonly reason?: string;
  readonly ms?: number;
  /** A script that parses, played on our TCP (virtual time): `pass`, or where and why it stops. */
  readonly ourTcp?: string;
}

/**
 * A script on our TCP (src/pkt's runner, virtual time), as packetdrill plays
 * it: `pass`, or the first failure's line and message. Written for Linux, the
 * suite's scripts mostly stop where our TCP is not Linux (SACK-permitted and
 * window scaling on the SYN-ACK, Linux's RTO of 200 ms at least, …).
 */
export function playOnOurTcp(script: Script): string {
  const failure = runScript(script).failures[0];
  return failure === undefined ? 'pass' : `line ${failure.line}: ${failure.message}`;
}

/** What the child prints: the runner's result, and the sysctls it could not set (name: errno). */
interface PlayReply {
  readonly result: LinuxScriptResult;
  readonly unset: Readonly<Record<string, string>>;
}

interface PlayRequest {
  readonly path: string;
  readonly text: string;
  readonly sysctls: Readonly<Record<string, string>>;
  /** The runner's trace (each segment the kernel sends, with its time) on stderr. */
  readonly trace: boolean;
}

/** The sysctl our Linux runner sets for every script (src/linux/check.ts): RFC 6298's doubling SYN back-off. */
const RUNNER_SYSCTLS = { 'net.ipv4.tcp_syn_linear_timeouts': '0' };
const KERNEL_PORT = 10_000;
const PEER_PORT = 40_000;

/** Plays one script in a child process, killed after `timeoutMs`; adds the sysctls the child could not set to `unsetSysctls`. */
function playInChild(request: PlayRequest, timeoutMs: number, unsetSysctls: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...process.execArgv, __filename, '--play-one'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (request.trace) process.stderr.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (timedOut)
        return resolve({
          path: request.path,
          verdict: 'timeout',
          reason: `still running after ${timeoutMs / 1000} s`,
          ms,
        });
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        const { result, unset } = JSON.parse(last) as PlayReply;
        Object.assign(unsetSysctls, unset);
        if (result.passed) return resolve({ path: request.path, verdict: 'pass', ms });
        const failure = result.failure;
        return resolve({
          path: request.path,
          verdict: 'fail',
          reason: `line ${failure?.line}: ${failure?.message}`,
          ms,
        });
      } catch {
        const why = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
        return resolve({ path: request.path, verdict: 'fail', reason: `the runner stopped: ${why}`, ms });
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}

const CONGESTION_CONTROL = 'net.ipv4.tcp_congestion_control';

/** The child's side: a namespace of its own with the suite's sysctls, one script, the result as JSON on stdout. */
async function playOne(): Promise<void> {
  const request = JSON.parse(readFileSync(0, 'utf8')) as PlayRequest;
  // Imported here: only the child touches the kernel.
  const { enterPrivateNetwork } = await import('../src/linux/network');
  const { TunDevice } = await import('../src/linux/tunDevice');
  const { KernelTable } = await import('../src/linux/procNetTcp');
  const network = enterPrivateNetwork();
  const unset: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...request.sysctls, ...RUNNER_SYSCTLS })) {
    // defaults.sh runs `sysctl -q`, which goes on past a name this kernel lacks or a value it refuses.
    try {
      if (network.readSysctl(name) !== value) network.setSysctls({ [name]: value });
    } catch (error) {
      unset[name] = (error as NodeJS.ErrnoException).code ?? String(error);
    }
  }
  const tun = new TunDevice(network.tunFd, network.kernelAddress, network.peerAddress);
  tun.start();
  const script = parseScript(request.text, request.path);
  const trace = request.trace ? (line: string) => process.stderr.write(`  ${request.path}: ${line}\n`) : undefined;
  // A namespace cannot make an algorithm outside tcp_allowed_congestion_control its default; each socket can use it.
  const congestionControl = unset[CONGESTION_CONTROL] === undefined ? undefined : request.sysctls[CONGESTION_CONTROL];
  const options = congestionControl === undefined ? {} : { congestionControl };
  const result = await runScriptOnLinux(
    script,
    { network, tun, table: new KernelTable() },
    KERNEL_PORT,
    PEER_PORT,
    trace,
    options,
  );
  const reply: PlayReply = { result, unset };
  process.stdout.write(`${JSON.stringify(reply)}\n`);
  process.exit(0);
}

export interface RunOptions {
  readonly play: boolean;
  readonly timeoutMs: number;
  readonly totalMs: number;
  readonly jobs: number;
  /** Only the scripts whose path contains one of these (all when empty). */
  readonly only: readonly string[];
  readonly trace: boolean;
  readonly onOutcome?: (outcome: Outcome, done: number, total: number) => void;
}

export interface SuiteRun {
  /** Every script's outcome, in the suite's order. */
  readonly outcomes: readonly Outcome[];
  /** The sysctls of defaults.sh the namespaces refused (name: errno). */
  readonly unsetSysctls: Readonly<Record<string, string>>;
}

export async function classifySuite(suite: Suite, options: RunOptions): Promise<SuiteRun> {
  const unsetSysctls: Record<string, string> = {};
  const sysctls = defaultsSysctls(suite.defaults);
  const toPlay: { index: number; ourTcp: string; request: PlayRequest }[] = [];
  let done = 0;
  const record = (index: number, outcome: Outcome) => {
    outcomes[index] = outcome;
    options.onOutcome?.(outcome, ++done, outcomes.length);
  };
  const files = suite.files.filter(
    (file) => options.only.length === 0 || options.only.some((part) => file.path.includes(part)),
  );
  const outcomes: Outcome[] = new Array(files.length);
  files.forEach((file, index) => {
    // run_all.py plays `*v6.pkt` over IPv6 only; the runner plays IPv4.
    const ipv6 = file.path.endsWith('v6.pkt') ? ['IPv6 (run_all.py plays *v6.pkt over IPv6 only)'] : [];
    const { text } = withoutDefaults(file.text);
    const parse = classifyParse(text, file.path);
    if (!parse.parsed || ipv6.length > 0) {
      const features = [...ipv6, ...(parse.parsed ? [] : parse.features)];
      return record(index, {
        path: file.path,
        verdict: 'refused',
        features,
        reason: parse.parsed ? features[0] : parse.firstError,
      });
    }
    const ourTcp = playOnOurTcp(parse.script);
    if (!options.play)
      return record(index, { path: file.path, verdict: 'not played', reason: 'parse only (--parse-only)', ourTcp });
    toPlay.push({ index, ourTcp, request: { path: file.path, text, sysctls, trace: options.trace } });
  });
  const deadline = performance.now() + options.totalMs;
  const worker = async () => {
    for (let next = toPlay.shift(); next !== undefined; next = toPlay.shift()) {
      const left = deadline - performance.now();
      if (left <= 0) {
        record(next.index, {
          path: next.request.path,
          verdict: 'not played',
          reason: `the run's total time (${options.totalMs / 1000} s) ran out`,
          ourTcp: next.ourTcp,
        });
        continue;
      }
      const onLinux = await playInChild(next.request, Math.min(options.timeoutMs, left), unsetSysctls);
      record(next.index, { ...onLinux, ourTcp: next.ourTcp });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  return { outcomes, unsetSysctls };
}

// ---------------------------------------------------------------------------
// The table

export function folderOf(path: string): string {
  return path.split('/')[0] ?? path;
}

interface FolderCounts {
  total: number;
  parse: number;
  pass: number;
  fail: number;
  timeout: number;
  refused: number;
  notPlayed: number;
}

function countsOf(outcomes: readonly Outcome[]): FolderCounts {
  const counts: FolderCounts = { total: 0, parse: 0, pass: 0, fail: 0, timeout: 0, refused: 0, notPlayed: 0 };
  for (const outcome of outcomes) {
    counts.total += 1;
    if (outcome.verdict !== 'refused') counts.parse += 1;
    if (outcome.verdict === 'pass') counts.pass += 1;
    if (outcome.verdict === 'fail') counts.fail += 1;
    if (outcome.verdict === 'timeout') counts.timeout += 1;
    if (outcome.verdict === 'refused') counts.refused += 1;
    if (outcome.verdict === 'not played') counts.notPlayed += 1;
  }
  return counts;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** A failure's message without its figures: the group it is counted in. */
export function failureGroup(reason: string): string {
  return reason
    .replace(/^line \d+: /, '')
    .replace(/\d+(\.\d+)?/g, 'N')
    .replace(/expected [^;]*?, sent/g, 'expected …, sent')
    .slice(0, 100);
}

/**
 * What a failure group's message shows of its cause, where the message alone
 * tells it: a `>` line that gets less data than it expects, although the
 * runner joins in-order segments as packetdrill does (run_packet.c: loose
 * segmentation, src/linux/looseSegmentation.ts), got all the kernel sent by
 * the line's time: the kernel held the rest back (a window, the congestion
 * window, the pacing rate).
 */
export function likelyCause(reason: string): string {
  const short = /data length: expected (\d+), sent (\d+)/.exec(reason);
  if (short !== null && Number(short[1]) > Number(short[2]) && Number(short[2]) > 0) {
    return "less data by the line's time than it expects, in-order segments joined as packetdrill joins them: the kernel held the rest back";
  }
  return '';
}

export interface TableContext {
  readonly command: string;
  readonly commit: string;
  readonly date: string;
  readonly sysctls: Readonly<Record<string, string>>;
  readonly unsetSysctls: Readonly<Record<string, string>>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/packetdrill-gtests.md. */
export function renderTable(outcomes: readonly Outcome[], context: TableContext): string {
  const byFolder = groupBy(outcomes, (outcome) => folderOf(outcome.path));
  const all = countsOf(outcomes);
  const refused = outcomes.filter((outcome) => outcome.verdict === 'refused');
  const firstFeatures = [...groupBy(refused, (outcome) => outcome.features?.[0] ?? 'unknown')].sort(
    (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
  );
  const everyFeature = groupBy(
    refused.flatMap((outcome) => (outcome.features ?? []).map((feature) => ({ feature, outcome }))),
    (entry) => entry.feature,
  );
  const failed = outcomes.filter((outcome) => outcome.verdict === 'fail' || outcome.verdict === 'timeout');
  const failureGroups = [
    ...groupBy(failed, (outcome) => (outcome.verdict === 'timeout' ? 'timeout' : failureGroup(outcome.reason ?? ''))),
  ].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const row = (name: string, counts: FolderCounts) =>
    `| ${name} | ${counts.total} | ${counts.parse} | ${counts.pass} | ${counts.fail} | ${counts.timeout} | ${counts.notPlayed} | ${counts.refused} |`;
  const lines = [
    "# google/packetdrill's TCP suite against our parser and Linux runner",
    '',
    '<!-- Generated by scripts/packetdrillGtests.ts --write; do not edit by hand. -->',
    '',
    `Every script under \`${SUITE_DIRECTORY}/\` of [google/packetdrill](https://github.com/google/packetdrill) at commit \`${context.commit}\`, read ${context.date}:`,
    "parsed by `src/pkt`; each script that parses played against this machine's Linux through `src/linux/kernelScriptRun.ts`, each in a network namespace of its own, with packetdrill's verdict (the scripts are written for Linux).",
    'A script the parser refuses is listed with the feature it lacks: the first construct the parser refuses; the tool then takes that construct out and parses again, so the "in all" counts say how many scripts use each feature at all.',
    '',
    'Reproduce (root and /dev/net/tun; `npm run build:native` first):',
    '',
    '```sh',
    context.command,
    '```',
    '',
    "As packetdrill's `run_all.py` plays the suite: one namespace per script, IPv4 (`*v6.pkt` scripts are IPv6-only there, so refused here), and the sysctls of `gtests/net/common/defaults.sh`, which each script runs first, set in the namespace by the tool:",
    Object.entries(context.sysctls)
      .map(([name, value]) => `\`${name}=${value}\``)
      .join(', ') + '; plus `net.ipv4.tcp_syn_linear_timeouts=0`, as our Linux runner sets for every script.',
    ...unsetNote(context.unsetSysctls),
    '',
    '## Counts per folder',
    '',
    'parse: the parser accepts it (after `defaults.sh` is taken out); pass / fail / timeout: played against Linux; not played: parsed, but the run was told not to play (`--parse-only`) or its total time ran out; refused: the parser names a feature it lacks.',
    '',
    '| folder | scripts | parse | pass on Linux | fail | timeout | not played | refused |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...[...byFolder].map(([folder, items]) => row(`${folder}/`, countsOf(items))),
    row('**all**', all),
    '',
    '## Missing features, by the number of scripts they stop',
    '',
    'first: scripts for which it is the first refusal (what the table above counts); in all: scripts that use it anywhere; alone: scripts it is the only refusal of (adding it makes them parse).',
    '',
    '| feature | first | in all | alone | folders |',
    '|---|---:|---:|---:|---|',
    ...[...everyFeature]
      .map(([feature, entries]) => ({
        feature,
        first: firstFeatures.find(([name]) => name === feature)?.[1].length ?? 0,
        inAll: new Set(entries.map((entry) => entry.outcome.path)).size,
        alone: entries.filter((entry) => entry.outcome.features?.length === 1).length,
        folders: [...new Set(entries.map((entry) => folderOf(entry.outcome.path)))].sort().join(', '),
      }))
      .sort((a, b) => b.first - a.first || b.inAll - a.inAll || a.feature.localeCompare(b.feature))
      .map(
        (entry) => `| ${cell(entry.feature)} | ${entry.first} | ${entry.inAll} | ${entry.alone} | ${entry.folders} |`,
      ),
    '',
    '## Why scripts that parse fail on Linux',
    '',
    ...(failureGroups.length === 0
      ? ['None failed.']
      : [
          '| reason (figures taken out) | scripts | what the message shows of the cause |',
          '|---|---|---|',
          ...failureGroups.map(
            ([group, items]) =>
              `| ${cell(group)} | ${items.map((item) => item.path).join(', ')} | ${likelyCause(items[0]?.reason ?? '')} |`,
          ),
        ]),
    '',
    '## The connection-management folders, script by script',
    '',
    'result and why: against Linux; our TCP: the same script on our TCP (`src/pkt`, virtual time), which is not Linux: where it stops, and why.',
    '',
    '| script | result | why | our TCP |',
    '|---|---|---|---|',
    ...outcomes
      .filter((outcome) => (CONNECTION_FOLDERS as readonly string[]).includes(folderOf(outcome.path)))
      .map(
        (outcome) =>
          `| ${outcome.path} | ${outcome.verdict} | ${cell(detailOf(outcome))} | ${cell(outcome.ourTcp ?? '')} |`,
      ),
    '',
  ];
  return lines.join('\n');
}

/**
 * defaults.sh's `sysctl -q` goes on past a value it cannot set, and so does the tool; the table says which.
 * `tcp_congestion_control=cubic` is one: only the initial namespace may choose an algorithm that is not in
 * the host's `tcp_allowed_congestion_control` (tcp_cong.c, tcp_set_default_congestion_control: EPERM).
 */
function unsetNote(unset: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(unset);
  if (entries.length === 0) return [];
  return [
    '',
    `Not set, as \`sysctl -q\` passes over a value it cannot set: ${entries.map(([name, code]) => `\`${name}\` (${code})`).join(', ')}. An algorithm other than the host's allowed ones (\`tcp_allowed_congestion_control\`) can be made the default only in the initial namespace (the kernel's \`tcp_set_default_congestion_control\`), so a namespace keeps the host's default; a socket may still choose it (\`setsockopt(TCP_CONGESTION)\`, with CAP_NET_ADMIN), so the runner gives the script's algorithm to each socket it opens.`,
  ];
}

function detailOf(outcome: Outcome): string {
  switch (outcome.verdict) {
    case 'pass':
      return `${((outcome.ms ?? 0) / 1000).toFixed(1)} s`;
    case 'refused':
      return `lacks ${(outcome.features ?? []).join('; ')}${outcome.reason?.startsWith('line ') ? ` (refused first at ${/^line \d+/.exec(outcome.reason)?.[0]})` : ''}`;
    default:
      return outcome.reason ?? '';
  }
}

// ---------------------------------------------------------------------------
// Command line

interface Arguments extends Omit<RunOptions, 'onOutcome'> {
  readonly source: string;
  readonly write: boolean;
}

function parseArguments(argv: readonly string[]): Arguments {
  let source = DEFAULT_SOURCE;
  let write = false;
  let play = true;
  let timeoutMs = 60_000;
  let totalMs = 30 * 60_000;
  let jobs = 1;
  const only: string[] = [];
  let trace = false;
  const positive = (flag: string, value: string | undefined) => {
    const number = Number(value);
    if (value === undefined || !Number.isFinite(number) || number <= 0)
      throw new Error(`${flag} needs a positive number`);
    return number;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--write') write = true;
    else if (argument === '--parse-only') play = false;
    else if (argument === '--trace') trace = true;
    else if (argument === '--only') only.push(...(argv[++index] ?? '').split(',').filter((part) => part !== ''));
    else if (argument === '--timeout') timeoutMs = positive(argument, argv[++index]) * 1000;
    else if (argument === '--total') totalMs = positive(argument, argv[++index]) * 1000;
    else if (argument === '--jobs') jobs = Math.ceil(positive(argument, argv[++index]));
    else if (argument.startsWith('--'))
      throw new Error(
        `unknown option ${argument} (--write, --parse-only, --timeout S, --total S, --jobs N, --only PART[,PART], --trace)`,
      );
    else source = argument;
  }
  if (write && only.length > 0) throw new Error("--write writes the whole suite's table: leave out --only");
  return { source, write, play, timeoutMs, totalMs, jobs, only, trace };
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const suite = readSuite(args.source);
  if (args.play) {
    const { linuxUnavailableReason } = await import('../src/linux/network');
    const unavailable = linuxUnavailableReason();
    if (unavailable !== null)
      throw new Error(`cannot play against Linux: ${unavailable} (--parse-only classifies without playing)`);
  }
  const { outcomes, unsetSysctls } = await classifySuite(suite, {
    ...args,
    onOutcome: (outcome, done, total) =>
      process.stderr.write(
        `[${done}/${total}] ${outcome.verdict.padEnd(10)} ${outcome.path}${outcome.verdict === 'pass' ? '' : `: ${outcome.verdict === 'refused' ? outcome.features?.[0] : outcome.reason}`}\n`,
      ),
  });
  const command = `npm run gtests -- ${args.source === DEFAULT_SOURCE ? '' : `${args.source} `}--write${args.play ? '' : ' --parse-only'}`;
  const table = renderTable(outcomes, {
    command,
    commit: suite.commit,
    date: new Date().toISOString().slice(0, 10),
    sysctls: defaultsSysctls(suite.defaults),
    unsetSysctls,
  });
  if (args.write) {
    const path = join(__dirname, '..', 'docs', 'packetdrill-gtests.md');
    writeFileSync(path, table);
    process.stderr.write(`wrote ${relative(process.cwd(), path)}\n`);
  } else {
    process.stdout.write(table);
  }
}

if (require.main === module) {
  const run = process.argv.includes('--play-one') ? playOne : main;
  run().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
