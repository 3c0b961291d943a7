/**
 * `tcp-statechart check`: the main job. Runs the generated suites against
 * TcpConnection, shows progress (a bar on a terminal, plain lines
 * otherwise), prints what was covered, writes every failing path as a
 * replayable fixture, and exits non-zero on any failure.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_SUITES, runCheck, type CheckReport } from '../../mbt/checkRun';
import type { Coverage, CoverageItem } from '../../mbt/coverage';
import { checkPathFixture, FixtureError } from '../../mbt/fixtureSchema';
import { buildModelGraph, type ModelGraph } from '../../mbt/modelGraph';
import { pathResultToPacketdrill } from '../../mbt/pathToPacketdrill';
import { DEFAULT_RANDOM_RUNS, MAX_SUITE_WORK, RANDOM_PATH_LENGTH } from '../../mbt/suiteSize';
import { formatPathResult, pathFixture, runPath, type PathFixture } from '../../mbt/runner';
import type { SystemUnderTest } from '../../mbt/sut';
import { TcpConnectionSut } from '../../mbt/tcpConnectionSut';
import { fileErrorMessage } from '../fileErrors';
import type { CliStreams } from '../streams';
import { CHECK_SUITE_NAMES, suiteKind, unknownSuiteMessage } from '../suiteNames';
import { checkLinux, DEFAULT_LINUX_SUITES } from './checkLinux';
import { checkLwip, DEFAULT_LWIP_SUITES } from './checkLwip';
import { CheckFailed, MAX_FIXTURES_PER_RUN, parseRandomRuns, progressReporter, table } from './checkReporting';

export { CheckFailed, MAX_FIXTURES_PER_RUN } from './checkReporting';

export interface CheckCommandOptions {
  readonly suite?: readonly string[];
  readonly json?: boolean;
  readonly replay?: string;
  readonly failures?: string;
  readonly randomRuns?: string;
  readonly progress?: boolean;
  /** What is checked: `tcp` (TcpConnection, the default), `linux` (the kernel's TCP) or `lwip` (lwIP 2.1.3). */
  readonly target?: string;
}

/** The implementations `check --target` checks. */
export const CHECK_TARGETS = ['tcp', 'linux', 'lwip'] as const;

export const DEFAULT_FAILURE_DIR = 'reports/failures';

/** Builds the system under test for a model input; `check` and `replay` take one so that another adapter can be checked. */
export type MakeSut = (graph: ModelGraph) => SystemUnderTest;

/** The implementation the command line checks: TcpConnection, through its adapter. */
export const tcpConnectionSut: MakeSut = (graph) => new TcpConnectionSut(graph.input);

function percent(item: CoverageItem): string {
  const share = item.total === 0 ? 100 : (100 * item.covered) / item.total;
  return `${item.covered}/${item.total} (${share.toFixed(share === 100 ? 0 : 1)}%)`;
}

/**
 * What the tables' words mean, for a first-time reader, with this run's own
 * figures: the profiles and their inputs, why a suite's transition total
 * differs from the total of all, what `#n` in a transition's name is.
 */
export function reportLegend(report: CheckReport): string[] {
  const profiles = new Map(report.runs.map((run) => [run.profile, JSON.stringify(run.input)]));
  const [first] = report.runs;
  const perProfile = first === undefined ? '' : ` (${first.coverage.transitions.total} for ${first.profile})`;
  const rows = [
    [
      'profile',
      `the model input a suite ran with: ${[...profiles].map(([name, input]) => `${name} ${input}`).join(', ')}; ` +
        'profiles after the first run only the transitions the first cannot take',
    ],
    [
      'transitions',
      "transition definitions, each guarded branch of a state's handler for an event apart, named " +
        "STATE EVENT #n, n numbering one event's branches in the order the machine tries their guards (#0 first); a suite's column counts " +
        `those its profile can take${perProfile}, the total those any profile run can take (${report.coverage.transitions.total}); ` +
        // The machine's parent states (SYNCHRONIZED, …) hold shared transitions once; coverage counts them per leaf state.
        'a branch a parent state (SYNCHRONIZED, HALF_SYNCHRONIZED, …) holds for its children, a timer included, counts once for each of the 11 states under it, and a branch of ' +
        "SYN-RECEIVED's choice states (ESTABLISHING, …) once for each transition that enters the choice, where some profile takes the two in turn (docs/transition-table.md)",
    ],
    ['state×event', 'every event of the alphabet offered in every state, ignored events included'],
    [
      'transition pairs',
      "two transition definitions taken one right after the other (Chow's 1-switch), of the pairs the model can take",
    ],
    [
      'steps',
      'events applied to the implementation, each judged against the model (state, segments sent, error, signal)',
    ],
  ];
  const width = Math.max(...rows.map(([word]) => word!.length));
  const indent = ' '.repeat(width + 4);
  return [
    'what the words mean:',
    ...rows.flatMap(([word, meaning]) =>
      wrap(meaning!, LEGEND_WIDTH - indent.length).map((line, index) =>
        index === 0 ? `  ${word!.padEnd(width)}  ${line}` : `${indent}${line}`,
      ),
    ),
  ];
}

/** The legend's lines fit a terminal of this width. */
const LEGEND_WIDTH = 100;

/** Words into lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/** The plain-text report: one line per suite, then the coverage of all of them together. */
export function formatCheckReport(report: CheckReport): string {
  const suiteRows = [
    ['suite', 'profile', 'paths', 'steps', 'failures', 'time', 'states', 'transitions', 'state×event'],
    ...report.runs.map((run) => [
      run.suite,
      run.profile,
      String(run.paths),
      String(run.steps),
      String(run.failures.length),
      `${(run.ms / 1000).toFixed(2)} s`,
      percent(run.coverage.states),
      percent(run.coverage.transitions),
      percent(run.coverage.stateEventPairs),
    ]),
  ];
  const c: Coverage = report.coverage;
  const coverageRows = [
    ['covered by all suites', ''],
    ['states', percent(c.states)],
    ['transitions (all these profiles can take)', percent(c.transitions)],
    ['  of them delayed (after RTO, TWO_MSL, ACK_DELAY)', percent(c.delayedTransitions)],
    ['guard outcomes (each guard true and false)', percent(c.guardOutcomes)],
    ['transition pairs (1-switch)', percent(c.transitionPairs)],
    ['state × event pairs', percent(c.stateEventPairs)],
  ];
  // The rate is over the time the suites ran: compiling the model graph and counting its totals is not checking.
  const suitesMs = report.runs.reduce((sum, run) => sum + run.ms, 0);
  const rate = suitesMs <= 0 ? 0 : report.steps / (suitesMs / 1000);
  const summary =
    `${report.sut}: ${report.paths} paths, ${report.steps} steps checked, ${report.failures} failed, ` +
    `${(report.ms / 1000).toFixed(1)} s (suites ${(suitesMs / 1000).toFixed(2)} s at ${Math.round(rate)} steps/s, ` +
    `compiling the model ${(report.graphMs / 1000).toFixed(1)} s)`;
  const missing = [
    ...c.missing.states.map((s) => `  state ${s}`),
    ...c.missing.transitions.map((t) => `  transition ${t}`),
    ...c.missing.stateEventPairs.map((p) => `  state × event ${p}`),
  ];
  return [
    table(suiteRows),
    '',
    table(coverageRows),
    '',
    ...reportLegend(report),
    ...(missing.length === 0 ? [] : ['', 'not covered:', ...missing]),
    ...(c.otherProfiles.length === 0
      ? []
      : [
          '',
          `${c.otherProfiles.length} transition definitions only other model profiles can take (the Linux profile: npm run test:linux; the lwIP profile: npm run test:lwip):`,
          `  ${c.otherProfiles.join(', ')}`,
        ]),
    '',
    summary,
    '',
  ].join('\n');
}

/** The `--json` report: the numbers, with failing paths as fixtures. */
export function checkReportJson(report: CheckReport, fixtures: readonly PathFixture[]): unknown {
  return {
    sut: report.sut,
    passed: report.passed,
    paths: report.paths,
    steps: report.steps,
    failures: report.failures,
    ms: Math.round(report.ms),
    graphMs: Math.round(report.graphMs),
    coverage: report.coverage,
    suites: report.runs.map((run) => ({
      suite: run.suite,
      profile: run.profile,
      paths: run.paths,
      steps: run.steps,
      failures: run.failures.length,
      ms: Math.round(run.ms),
      coverage: run.coverage,
    })),
    failingPaths: fixtures,
  };
}

/** A failing path written as a fixture, and the file it went to. */
export interface WrittenFixture {
  readonly suite: string;
  readonly profile: string;
  readonly fixture: PathFixture;
  readonly file: string;
  /** The packetdrill script written beside it (`tcp-statechart pkt FILE`), or why the path has none. */
  readonly packetdrill: { readonly file: string } | { readonly reason: string };
}

function writeText(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new CheckFailed(fileErrorMessage('write', file, error));
  }
}

/**
 * Writes the first failing paths of every suite run to `dir` as JSON
 * fixtures, one file each, and beside each the path as a packetdrill script
 * (same name, `.pkt`) when the sockets API can express it.
 */
export function writeFailureFixtures(report: CheckReport, dir: string): WrittenFixture[] {
  const written: WrittenFixture[] = [];
  for (const run of report.runs) {
    run.failures.slice(0, MAX_FIXTURES_PER_RUN).forEach((failure, index) => {
      const fixture = pathFixture(run.input, report.sut, failure);
      const file = join(dir, `${run.suite.replace(':', '-')}-${run.profile}-${index + 1}.json`);
      try {
        mkdirSync(dir, { recursive: true });
      } catch (error) {
        throw new CheckFailed(fileErrorMessage('write', file, error));
      }
      writeText(file, `${JSON.stringify(fixture, null, 2)}\n`);
      const script = pathResultToPacketdrill(run.input, failure);
      const scriptFile = file.replace(/\.json$/, '.pkt');
      if (script.expressible) writeText(scriptFile, script.script);
      const packetdrill = script.expressible ? { file: scriptFile } : { reason: script.reason };
      written.push({ suite: run.suite, profile: run.profile, fixture, file, packetdrill });
    });
  }
  return written;
}

/** Reads a fixture that `writeFailureFixtures` wrote; a missing, unreadable, foreign or out-of-bounds file is one line naming the field. */
export function readFixture(file: string): PathFixture {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CheckFailed(fileErrorMessage('read', file, error));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CheckFailed(`${file} is not JSON: ${(error as { message?: unknown }).message}`);
  }
  try {
    return checkPathFixture(data);
  } catch (error) {
    if (error instanceof FixtureError) throw new CheckFailed(`${file}: ${error.message}`);
    throw error;
  }
}

/** Replays one failing path from its fixture; returns the exit code. */
export function replay(file: string, streams: CliStreams, makeSut: MakeSut = tcpConnectionSut): number {
  const fixture = readFixture(file);
  const graph = buildModelGraph(fixture.input);
  const result = runPath(graph, makeSut(graph), fixture.events);
  streams.out(`${formatPathResult(result)}\n${result.passed ? 'passed' : 'FAILED'}\n`);
  return result.passed ? 0 : 1;
}

/** Runs `check` with parsed options against `makeSut`'s implementation; returns the exit code. */
export function check(options: CheckCommandOptions, streams: CliStreams, makeSut: MakeSut = tcpConnectionSut): number {
  if (options.replay !== undefined) return replay(options.replay, streams, makeSut);
  const suites = options.suite === undefined || options.suite.length === 0 ? [...DEFAULT_SUITES] : [...options.suite];
  const unknown = suites.find((suite) => suiteKind(suite) === undefined);
  if (unknown !== undefined) throw new CheckFailed(unknownSuiteMessage(unknown, CHECK_SUITE_NAMES));
  const randomRuns = parseRandomRuns(options.randomRuns);
  const showBar = options.progress !== false && !options.json && process.stderr.isTTY === true;
  const progress = progressReporter(streams, showBar);
  let report: CheckReport;
  try {
    report = runCheck(makeSut, {
      suites,
      ...(randomRuns === undefined ? {} : { randomRuns }),
      onProgress: options.json ? undefined : progress.update,
    });
  } finally {
    progress.stop();
  }
  const written = writeFailureFixtures(report, options.failures ?? DEFAULT_FAILURE_DIR);
  if (!options.json) {
    for (const { suite, profile, fixture, file, packetdrill } of written) {
      const script = 'file' in packetdrill ? `tcp-statechart pkt ${packetdrill.file}` : `none, ${packetdrill.reason}`;
      streams.out(
        `FAILED (${suite}, ${profile}):\n${fixture.report}\n  replay: tcp-statechart check --replay ${file}\n  packetdrill: ${script}\n\n`,
      );
    }
  }
  const fixtures = written.map(({ fixture }) => fixture);
  streams.out(
    options.json ? `${JSON.stringify(checkReportJson(report, fixtures), null, 2)}\n` : formatCheckReport(report),
  );
  return report.passed ? 0 : 1;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerCheckCommand(program: Command, streams: CliStreams, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description(
      'run the generated path suites against the TcpConnection implementation and report coverage (the main job)',
    )
    .option(
      '--suite <name>',
      `a suite to run, repeatable: ${CHECK_SUITE_NAMES.join(', ')} (default: ${DEFAULT_SUITES.join(' ')}); ` +
        `a suite of more than ${MAX_SUITE_WORK.toLocaleString('en-US')} sequences or steps, counted on the model before it runs, is refused (depth:6, switch:2 and h:1 fit)`,
      collect,
    )
    .option('--json', 'print the report as JSON (failing paths included)')
    .option('--replay <file>', 'replay one failing path from its fixture')
    .option('--failures <dir>', `where failing paths are written (default: ${DEFAULT_FAILURE_DIR})`)
    .option(
      '--random-runs <n>',
      `how many random paths the random suite draws, each up to ${RANDOM_PATH_LENGTH} events (default: ${DEFAULT_RANDOM_RUNS}, ` +
        `at most ${MAX_SUITE_WORK / RANDOM_PATH_LENGTH})`,
    )
    .option('--no-progress', 'no progress bar')
    .option(
      '--target <name>',
      "what is checked: tcp (TcpConnection, the default) or linux (the kernel's TCP in a private network namespace; " +
        `needs root and /dev/net/tun; suites: the path suites, default ${DEFAULT_LINUX_SUITES.join(' ')}) ` +
        `or lwip (lwIP 2.1.3 in this process, in virtual time; needs liblwip-dev and npm run build:native; default ${DEFAULT_LWIP_SUITES.join(' ')})`,
    )
    .action(async (options: CheckCommandOptions) => {
      setExitCode(await checkTarget(options, streams));
    });
}

/** Dispatches on `--target`: TcpConnection in-process, the Linux kernel, or lwIP in-process. */
export async function checkTarget(options: CheckCommandOptions, streams: CliStreams): Promise<number> {
  const target = options.target ?? 'tcp';
  if (target === 'tcp') return check(options, streams);
  if (target === 'lwip') {
    const unsupported = (['replay', 'failures'] as const).find((option) => options[option] !== undefined);
    if (unsupported !== undefined)
      throw new CheckFailed(`--${unsupported} checks TcpConnection: it does not go with --target lwip`);
    return checkLwip(options, streams);
  }
  if (target !== 'linux')
    throw new CheckFailed(`unknown target '${target}': expected one of: ${CHECK_TARGETS.join(', ')}`);
  const unsupported = (['replay', 'randomRuns', 'failures'] as const).find((option) => options[option] !== undefined);
  if (unsupported !== undefined) {
    const flag = `--${unsupported.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    throw new CheckFailed(`${flag} checks TcpConnection: it does not go with --target linux`);
  }
  return checkLinux(options, streams);
}
