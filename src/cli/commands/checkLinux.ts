/**
 * `tcp-statechart check --target linux`: the model's path suites against the
 * Linux kernel's TCP instead of TcpConnection (src/linux/kernelSuites.ts,
 * docs/linux.md), from the command line as `npm run test:linux` runs them
 * from jest. The kernel runs in a private network namespace behind a TUN
 * device, so it needs root and /dev/net/tun; without them the command says
 * why in one line and exits 2, before any work.
 *
 * A path passes when Linux agrees with the model's Linux profile at every
 * step, or stops at a difference docs/linux.md documents, exactly as
 * described there; any other disagreement fails the run (exit 1).
 */
import type { PathResult } from '../../mbt/runner';
import { formatPathResult } from '../../mbt/runner';
import type { CliStreams } from '../streams';
import { CHECK_SUITE_NAMES, suiteKind, unknownSuiteMessage } from '../suiteNames';
import { CheckFailed, MAX_FIXTURES_PER_RUN, progressReporter, table } from './checkReporting';

/** What `check --target linux` runs without `--suite`: the suites `npm run test:linux` runs. */
export const DEFAULT_LINUX_SUITES = ['transitions', 'sneak'] as const;

export interface CheckLinuxOptions {
  readonly suite?: readonly string[];
  readonly json?: boolean;
  readonly progress?: boolean;
}

/** Why the kernel cannot be checked here (not Linux, not root, no /dev/net/tun, no addon), or null. */
export type LinuxAvailability = () => string | null;

async function defaultAvailability(): Promise<LinuxAvailability> {
  return (await import('../../linux/network')).linuxUnavailableReason;
}

/** Runs the suites against the kernel; returns the exit code (0 every path agrees or stops at a documented difference, 1 otherwise). */
export async function checkLinux(
  options: CheckLinuxOptions,
  streams: CliStreams,
  availability?: LinuxAvailability,
): Promise<number> {
  const suites =
    options.suite === undefined || options.suite.length === 0 ? [...DEFAULT_LINUX_SUITES] : [...options.suite];
  for (const suite of suites) {
    const kind = suiteKind(suite);
    if (kind === undefined) throw new CheckFailed(unknownSuiteMessage(suite, CHECK_SUITE_NAMES));
    // The kernel runs lists of paths, all at once; depth:D and random walk one implementation that snapshots.
    if (kind !== 'fixed')
      throw new CheckFailed(
        `--target linux runs the path suites (states, transitions, simple, sneak, switch:N), not ${suite}`,
      );
  }
  const unavailable = (availability ?? (await defaultAvailability()))();
  if (unavailable !== null) throw new CheckFailed(`--target linux cannot run here: ${unavailable}`);

  // Loaded only here: the kernel's modules need the native addon, which nothing else does.
  const { planLinuxSuites, runLinuxCheck } = await import('../../linux/kernelSuites');
  const { explainFailure } = await import('../../linux/differences');
  const plans = planLinuxSuites(suites);
  const total = plans.reduce((sum, plan) => sum + plan.paths.length, 0);
  const showBar = options.progress !== false && !options.json && process.stderr.isTTY === true;
  const progress = progressReporter(streams, showBar);
  let result;
  try {
    result = await runLinuxCheck(plans, {
      onProgress: options.json
        ? undefined
        : (done) => progress.update({ suite: 'linux', profile: suites.join(' '), done, total }),
    });
  } finally {
    progress.stop();
  }
  const rows = plans.map((plan, index) => {
    const results = result.results[index]!;
    const documented = results.filter((path) => !path.passed && explainFailure(plan.graph, path) !== undefined);
    const disagree = results.filter((path) => !path.passed && explainFailure(plan.graph, path) === undefined);
    return { suite: plan.suite, profile: plan.profile.name, paths: results.length, documented, disagree };
  });
  const documented = rows.reduce((sum, row) => sum + row.documented.length, 0);
  const disagree = rows.reduce((sum, row) => sum + row.disagree.length, 0);
  if (options.json) {
    const json = {
      target: 'linux',
      passed: disagree === 0,
      paths: result.paths,
      steps: result.steps,
      agree: result.paths - result.failures,
      documentedDifferences: documented,
      disagree,
      strayPackets: result.stray,
      ms: Math.round(result.wallMs),
      suites: rows.map((row) => ({
        suite: row.suite,
        profile: row.profile,
        paths: row.paths,
        documented: row.documented.length,
        disagree: row.disagree.length,
      })),
      failingPaths: rows.flatMap((row) =>
        row.disagree
          .slice(0, MAX_FIXTURES_PER_RUN)
          .map((path) => ({
            suite: row.suite,
            profile: row.profile,
            events: path.events,
            report: formatPathResult(path),
          })),
      ),
    };
    streams.out(`${JSON.stringify(json, null, 2)}\n`);
    return disagree === 0 ? 0 : 1;
  }
  for (const row of rows) {
    for (const path of row.disagree.slice(0, MAX_FIXTURES_PER_RUN))
      streams.out(`FAILED (${row.suite}, ${row.profile}, Linux):\n${formatPathResult(path as PathResult)}\n\n`);
  }
  streams.out(
    [
      table([
        ['suite', 'profile', 'paths', 'agree', 'documented difference', 'disagree'],
        ...rows.map((row) => [
          row.suite,
          row.profile,
          String(row.paths),
          String(row.paths - row.documented.length - row.disagree.length),
          String(row.documented.length),
          String(row.disagree.length),
        ]),
      ]),
      '',
      "agree: Linux did at every step what the model's Linux profile says (state, segments sent, error, signal)",
      'documented difference: the path stops where Linux departs from the model as docs/linux.md describes',
      'stray packets: packets from the kernel that no path claimed, or that did not decode',
      '',
      `Linux: ${result.paths} paths, ${result.steps} steps checked, ${result.paths - result.failures} agree, ${documented} stop at a documented difference, ` +
        `${disagree} disagree, ${result.stray} stray packets; ${(result.wallMs / 1000).toFixed(1)} s`,
      '',
    ].join('\n'),
  );
  return disagree === 0 ? 0 : 1;
}
