/**
 * `tcp-statechart check --target lwip`: the model's suites against lwIP 2.1.3
 * (src/lwip/lwipSuites.ts, docs/lwip.md) from the command line, as
 * `npm run test:lwip` runs them from jest. lwIP runs in this process and in
 * virtual time, so every suite runs (depth:D and random too); where
 * liblwip-dev or the addon is missing the command says why in one line and
 * exits 2, before any work.
 *
 * A path passes when lwIP agrees with the model's lwIP profile at every step,
 * or stops at a difference docs/lwip.md documents, exactly as described
 * there; any other disagreement fails the run (exit 1).
 */
import { formatPathResult } from '../../mbt/runner';
import { lwipUnavailable } from '../../lwip/addon';
import { LWIP_SUITES, type LwipCheckReport } from '../../lwip/lwipSuites';
import type { CliStreams } from '../streams';
import { CHECK_SUITE_NAMES, suiteKind, unknownSuiteMessage } from '../suiteNames';
import { CheckFailed, MAX_FIXTURES_PER_RUN, parseRandomRuns, progressReporter, table } from './checkReporting';

/** What `check --target lwip` runs without `--suite`: the suites `npm run test:lwip` runs. */
export const DEFAULT_LWIP_SUITES = LWIP_SUITES;

export interface CheckLwipOptions {
  readonly suite?: readonly string[];
  readonly randomRuns?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

/** Why lwIP cannot be checked here (no liblwip-dev, the addon not built), or null. */
export type LwipAvailability = () => string | null;

/** Runs the suites against lwIP; returns the exit code (0 every path agrees or stops at a documented difference, 1 otherwise). */
export async function checkLwip(
  options: CheckLwipOptions,
  streams: CliStreams,
  availability: LwipAvailability = lwipUnavailable,
): Promise<number> {
  const suites =
    options.suite === undefined || options.suite.length === 0 ? [...DEFAULT_LWIP_SUITES] : [...options.suite];
  const unknown = suites.find((suite) => suiteKind(suite) === undefined);
  if (unknown !== undefined) throw new CheckFailed(unknownSuiteMessage(unknown, CHECK_SUITE_NAMES));
  const randomRuns = parseRandomRuns(options.randomRuns);
  const unavailable = availability();
  if (unavailable !== null) throw new CheckFailed(`--target lwip cannot run here: ${unavailable}`);

  // Loaded only here: running the suites loads the native addon, which nothing else needs.
  const { runLwipCheck } = await import('../../lwip/lwipSuites');
  const showBar = options.progress !== false && !options.json && process.stderr.isTTY === true;
  const progress = progressReporter(streams, showBar);
  let report: LwipCheckReport;
  try {
    report = runLwipCheck({
      suites,
      ...(randomRuns === undefined ? {} : { randomRuns }),
      onProgress: options.json ? undefined : progress.update,
    });
  } finally {
    progress.stop();
  }
  const documented = (run: LwipCheckReport['runs'][number]): number =>
    run.paths - run.agreed - run.disagreements.length;
  const agree = report.runs.reduce((sum, run) => sum + run.agreed, 0);
  const stops = report.runs.reduce((sum, run) => sum + documented(run), 0);
  const stepsPerSecond = Math.round(report.steps / (report.ms / 1000));
  if (options.json) {
    const json = {
      target: 'lwip',
      passed: report.disagreements === 0,
      paths: report.paths,
      steps: report.steps,
      agree,
      documentedDifferences: stops,
      disagree: report.disagreements,
      ms: Math.round(report.ms),
      suites: report.runs.map((run) => ({
        suite: run.suite,
        paths: run.paths,
        steps: run.steps,
        agree: run.agreed,
        documented: Object.fromEntries(run.documented),
        disagree: run.disagreements.length,
      })),
      failingPaths: report.runs.flatMap((run) =>
        run.disagreements
          .slice(0, MAX_FIXTURES_PER_RUN)
          .map((path) => ({ suite: run.suite, events: path.events, report: formatPathResult(path) })),
      ),
    };
    streams.out(`${JSON.stringify(json, null, 2)}\n`);
    return report.disagreements === 0 ? 0 : 1;
  }
  for (const run of report.runs) {
    for (const path of run.disagreements.slice(0, MAX_FIXTURES_PER_RUN))
      streams.out(`FAILED (${run.suite}, lwip):\n${formatPathResult(path)}\n\n`);
  }
  const byDifference = new Map<string, number>();
  for (const run of report.runs)
    for (const [id, count] of run.documented) byDifference.set(id, (byDifference.get(id) ?? 0) + count);
  const stoppedAt = [...byDifference]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id, count]) => `${id} ${count}`);
  streams.out(
    [
      table([
        ['suite', 'paths', 'steps', 'agree', 'documented difference', 'disagree'],
        ...report.runs.map((run) => [
          run.suite,
          String(run.paths),
          String(run.steps),
          String(run.agreed),
          String(documented(run)),
          String(run.disagreements.length),
        ]),
      ]),
      '',
      "agree: lwIP did at every step what the model's lwIP profile says (state, segments sent, error, signal)",
      'documented difference: the path stops where lwIP departs from the model as docs/lwip.md describes',
      ...(stoppedAt.length === 0 ? [] : [`stopped at: ${stoppedAt.join(', ')}`]),
      '',
      `lwIP: ${report.paths} paths, ${report.steps} steps checked, ${agree} agree, ${stops} stop at a documented difference, ` +
        `${report.disagreements} disagree; ${(report.ms / 1000).toFixed(1)} s (${stepsPerSecond} steps/s)`,
      '',
    ].join('\n'),
  );
  return report.disagreements === 0 ? 0 : 1;
}
