/**
 * `tcp-statechart check`: the main job. Runs the generated suites against
 * TcpConnection, shows progress (a bar on a terminal, plain lines
 * otherwise), prints what was covered, writes every failing path as a
 * replayable fixture, and exits non-zero on any failure.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { DEFAULT_SUITES, runCheck, type CheckReport } from '../../mbt/check';
import type { Coverage, CoverageItem } from '../../mbt/coverage';
import { buildModelGraph, type ModelEventType, type ModelGraph } from '../../mbt/modelGraph';
import { pathResultToPacketdrill } from '../../mbt/packetdrill';
import { formatPathResult, pathFixture, runPath, type PathFixture } from '../../mbt/runner';
import type { SystemUnderTest } from '../../mbt/sut';
import { TcpConnectionSut } from '../../mbt/tcpConnectionSut';
import { fileErrorMessage } from '../fileErrors';
import type { CliStreams } from '../streams';
import { CHECK_SUITE_NAMES, suiteKind, unknownSuiteMessage } from '../suiteNames';

export interface CheckCommandOptions {
  readonly suite?: readonly string[];
  readonly json?: boolean;
  readonly replay?: string;
  readonly failures?: string;
  readonly randomRuns?: string;
  readonly progress?: boolean;
}

export const DEFAULT_FAILURE_DIR = 'reports/failures';

/** At most this many failing paths per suite run are written as fixtures. */
export const MAX_FIXTURES_PER_RUN = 20;

/** Builds the system under test for a model input; `check` and `replay` take one so that another adapter can be checked. */
export type MakeSut = (graph: ModelGraph) => SystemUnderTest;

/** The implementation the command line checks: TcpConnection, through its adapter. */
export const tcpConnectionSut: MakeSut = (graph) => new TcpConnectionSut(graph.input);

/** A command failed in a way the user can act on: one line, exit code 2. */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}

function percent(item: CoverageItem): string {
  const share = item.total === 0 ? 100 : (100 * item.covered) / item.total;
  return `${item.covered}/${item.total} (${share.toFixed(share === 100 ? 0 : 1)}%)`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
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
    ['  of them delayed (after RTO, after TWO_MSL)', percent(c.delayedTransitions)],
    ['guard outcomes (each guard true and false)', percent(c.guardOutcomes)],
    ['transition pairs (1-switch)', percent(c.transitionPairs)],
    ['state × event pairs', percent(c.stateEventPairs)],
  ];
  const rate = report.ms === 0 ? 0 : report.steps / (report.ms / 1000);
  const summary =
    `${report.sut}: ${report.paths} paths, ${report.steps} steps checked, ${report.failures} failed, ` +
    `${(report.ms / 1000).toFixed(1)} s (${Math.round(rate)} steps/s)`;
  const missing = [
    ...c.missing.states.map((s) => `  state ${s}`),
    ...c.missing.transitions.map((t) => `  transition ${t}`),
    ...c.missing.stateEventPairs.map((p) => `  state × event ${p}`),
  ];
  return [
    table(suiteRows),
    '',
    table(coverageRows),
    // The machine's parent states (SYNCHRONIZED, …) hold shared transitions once; coverage counts them per state.
    'transitions: one per state, event and guarded branch of the 11 states; a branch a parent state holds for its children counts once for each of them (docs/transition-table.md)',
    ...(missing.length === 0 ? [] : ['', 'not covered:', ...missing]),
    ...(c.otherProfiles.length === 0
      ? []
      : [
          '',
          `${c.otherProfiles.length} transition definitions only other model profiles can take (the Linux profile: npm run test:linux):`,
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

/** Reads a fixture that `writeFailureFixtures` wrote; a missing, unreadable or foreign file is one line. */
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
  const fixture = (typeof data === 'object' && data !== null ? data : {}) as Partial<PathFixture>;
  if (fixture.kind !== 'tcp-statechart/path' || !Array.isArray(fixture.events)) {
    throw new CheckFailed(`${file} is not a path fixture (kind 'tcp-statechart/path' with a list of events)`);
  }
  return fixture as PathFixture;
}

/** Replays one failing path from its fixture; returns the exit code. */
export function replay(file: string, streams: CliStreams, makeSut: MakeSut = tcpConnectionSut): number {
  const fixture = readFixture(file);
  const graph = buildModelGraph(fixture.input ?? {});
  const result = runPath(graph, makeSut(graph), fixture.events as ModelEventType[]);
  streams.out(`${formatPathResult(result)}\n${result.passed ? 'passed' : 'FAILED'}\n`);
  return result.passed ? 0 : 1;
}

function progressReporter(streams: CliStreams, bar: boolean) {
  if (bar) {
    const progress = new SingleBar(
      { format: '{suite} [{bar}] {value}/{total} {profile}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
      Presets.shades_classic,
    );
    let current = '';
    return {
      update: ({ suite, profile, done, total }: { suite: string; profile: string; done: number; total: number }) => {
        const key = `${suite} ${profile}`;
        if (key !== current) {
          if (current !== '') progress.stop();
          progress.start(Math.max(total, done, 1), 0, { suite, profile });
          current = key;
        }
        progress.setTotal(Math.max(total, done, 1));
        progress.update(done, { suite, profile });
      },
      stop: () => progress.stop(),
    };
  }
  let current = '';
  return {
    update: ({ suite, profile, done, total }: { suite: string; profile: string; done: number; total: number }) => {
      const key = `${suite} ${profile}`;
      if (key !== current) {
        streams.err(`running ${suite} (${profile})\n`);
        current = key;
      }
      if (total > 0 && done === total) streams.err(`  ${suite} (${profile}): ${done} done\n`);
    },
    stop: () => {},
  };
}

/** Runs `check` with parsed options against `makeSut`'s implementation; returns the exit code. */
export function check(options: CheckCommandOptions, streams: CliStreams, makeSut: MakeSut = tcpConnectionSut): number {
  if (options.replay !== undefined) return replay(options.replay, streams, makeSut);
  const suites = options.suite === undefined || options.suite.length === 0 ? [...DEFAULT_SUITES] : [...options.suite];
  const unknown = suites.find((suite) => suiteKind(suite) === undefined);
  if (unknown !== undefined) throw new CheckFailed(unknownSuiteMessage(unknown, CHECK_SUITE_NAMES));
  const randomRuns = options.randomRuns === undefined ? undefined : Number(options.randomRuns);
  if (randomRuns !== undefined && (!Number.isInteger(randomRuns) || randomRuns < 1)) {
    throw new CheckFailed(`--random-runs takes a whole number above 0, got '${options.randomRuns}'`);
  }
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
      streams.out(`FAILED (${suite}, ${profile}):\n${fixture.report}\n  replay: tcp-statechart check --replay ${file}\n  packetdrill: ${script}\n\n`);
    }
  }
  const fixtures = written.map(({ fixture }) => fixture);
  streams.out(options.json ? `${JSON.stringify(checkReportJson(report, fixtures), null, 2)}\n` : formatCheckReport(report));
  return report.passed ? 0 : 1;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerCheckCommand(program: Command, streams: CliStreams, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description('run the generated path suites against the TcpConnection implementation and report coverage (the main job)')
    .option(
      '--suite <name>',
      `a suite to run, repeatable: ${CHECK_SUITE_NAMES.join(', ')} (default: ${DEFAULT_SUITES.join(' ')})`,
      collect,
    )
    .option('--json', 'print the report as JSON (failing paths included)')
    .option('--replay <file>', 'replay one failing path from its fixture')
    .option('--failures <dir>', `where failing paths are written (default: ${DEFAULT_FAILURE_DIR})`)
    .option('--random-runs <n>', 'how many random paths the random suite draws (default: 500)')
    .option('--no-progress', 'no progress bar')
    .action((options: CheckCommandOptions) => {
      setExitCode(check(options, streams));
    });
}
