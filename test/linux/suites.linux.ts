/**
 * The model's transitions and sneak suites against the Linux kernel's TCP:
 * every path runs at once in a private network namespace, each on its own
 * port pair, then each path is its own test, named after the path it walks.
 * A path passes when Linux agrees with the model's Linux profile at every
 * step, or when it stops at a difference docs/linux.md lists as not modelled
 * yet, exactly as described there. Needs root and /dev/net/tun.
 */
import { formatPathResult } from '../../src/mbt/runner';
import { planLinuxSuites, runLinuxCheck, type LinuxCheckResult } from '../../src/linux/kernelSuites';
import { explainFailure, type Difference } from '../../src/linux/differences';
import { linuxUnavailableReason } from '../../src/linux/network';

const SUITES = ['transitions', 'sneak'] as const;
const unavailable = linuxUnavailableReason();

if (unavailable !== null) {
  test.skip(`Linux TCP suites: skipped (${unavailable})`, () => {});
} else {
  const plans = planLinuxSuites(SUITES);
  let check: LinuxCheckResult | undefined;
  /** The documented difference each failing path stops at, per plan and path: judged once, read by both below. */
  let explained: (Difference | undefined)[][] = [];

  beforeAll(async () => {
    check = await runLinuxCheck(plans);
    explained = check.results.map((results, index) =>
      results.map((result) => explainFailure(plans[index]!.graph, result)),
    );
  }, 30 * 60_000);

  afterAll(() => {
    if (check === undefined) return;
    // How many paths stop at each documented difference, so a difference that grows shows in the summary.
    const byDifference = new Map<string, number>();
    for (const difference of explained.flat())
      if (difference !== undefined) byDifference.set(difference.id, (byDifference.get(difference.id) ?? 0) + 1);
    const known = [...byDifference.values()].reduce((sum, count) => sum + count, 0);
    process.stdout.write(
      `\nLinux TCP suites (${plans.map((plan) => `${plan.suite}/${plan.profile.name}: ${plan.paths.length}`).join(', ')}): ` +
        `${check.paths} paths, ${check.steps} steps, ${check.paths - check.failures} agree, ${known} stop at a documented difference, ` +
        `${check.failures - known} disagree; wall time ${(check.wallMs / 1000).toFixed(1)} s\n` +
        `documented differences: ${[...byDifference]
          .sort((a, b) => b[1] - a[1])
          .map(([id, count]) => `${id} ${count}`)
          .join(', ')}\n`,
    );
  });

  describe.each(plans.map((plan, index) => [`${plan.suite} (${plan.profile.name} profile)`, index] as const))(
    'suite %s',
    (_name, planIndex) => {
      const plan = plans[planIndex]!;
      test.each(plan.paths.map((path, index) => [path.name, index] as const))('%s', (_path, index) => {
        const result = check?.results[planIndex]?.[index];
        if (result === undefined) throw new Error('the path did not run');
        if (result.passed || explained[planIndex]?.[index] !== undefined) return;
        throw new Error(`Linux disagrees with the model:\n${formatPathResult(result)}`);
      });
    },
  );
}
