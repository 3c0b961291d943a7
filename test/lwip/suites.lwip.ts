/**
 * Every suite of `npm start` (depth:4 included, see src/lwip/lwipSuites.ts) against
 * lwIP 2.1.3 with its profile, in virtual time: a path passes when lwIP
 * agrees with the model at every step, or when it stops at a difference
 * src/lwip/differences.ts (docs/lwip.md) documents, exactly as described
 * there. Run with `npm run test:lwip`; skips with one line where liblwip-dev
 * or the addon is missing.
 */
import { lwipUnavailable } from '../../src/lwip/addon';
import { LWIP_DIFFERENCES } from '../../src/lwip/differences';
import { LWIP_SUITES, runLwipCheck, type LwipCheckReport } from '../../src/lwip/lwipSuites';
import { LWIP_BIGSEND_PROFILE } from '../../src/lwip/profile';
import { formatPathResult } from '../../src/mbt/runner';

const unavailable = lwipUnavailable();

if (unavailable !== null) {
  test.skip(`lwIP suites: skipped (${unavailable})`, () => {});
} else {
  let check: LwipCheckReport | undefined;
  // A SEND of two segments' worth (the bigsend profile): its transitions suite.
  let bigsend: LwipCheckReport | undefined;

  beforeAll(() => {
    check = runLwipCheck();
    bigsend = runLwipCheck({ profile: LWIP_BIGSEND_PROFILE, suites: ['transitions'] });
  }, 10 * 60_000);

  afterAll(() => {
    if (check === undefined) return;
    const bigsendRuns = (bigsend?.runs ?? []).map((run) => ({ ...run, suite: `${run.suite} (bigsend profile)` }));
    const lines = [...check.runs, ...bigsendRuns].map(
      (run) =>
        `  ${run.suite}: ${run.paths} paths, ${run.steps} steps, ${run.agreed} agree, ` +
        `${run.paths - run.agreed - run.disagreements.length} stop at a documented difference, ${run.disagreements.length} disagree, ${(run.ms / 1000).toFixed(1)} s`,
    );
    process.stdout.write(
      `\nlwIP suites: ${check.paths} paths, ${check.steps} steps, ${check.disagreements} disagreements, ` +
        `${(check.ms / 1000).toFixed(1)} s (${Math.round(check.steps / (check.ms / 1000))} steps/s)\n${lines.join('\n')}\n`,
    );
  });

  test.each(LWIP_SUITES.map((suite) => [suite]))(
    'suite %s: every path agrees or stops at a documented difference',
    (suite) => {
      const run = check?.runs.find((entry) => entry.suite === suite);
      if (run === undefined) throw new Error(`the ${suite} suite did not run`);
      const shown = run.disagreements.slice(0, 3).map((result) => formatPathResult(result));
      if (shown.length > 0)
        throw new Error(`lwIP disagrees with the model on ${run.disagreements.length} paths:\n${shown.join('\n\n')}`);
      expect(run.paths).toBeGreaterThan(0);
    },
  );

  test('suite transitions, bigsend profile: every path agrees or stops at a documented difference', () => {
    const [run] = bigsend!.runs;
    const shown = run!.disagreements.slice(0, 3).map((result) => formatPathResult(result));
    if (shown.length > 0)
      throw new Error(`lwIP disagrees with the model on ${run!.disagreements.length} paths:\n${shown.join('\n\n')}`);
    expect(run!.paths).toBeGreaterThan(0);
  });

  test('every difference a path can stop at is met by some path of the suites', () => {
    const met = new Set([...check!.runs, ...bigsend!.runs].flatMap((run) => [...run.documented.keys()]));
    const known = LWIP_DIFFERENCES.filter((difference) => difference.handling.kind === 'known').map(
      (difference) => difference.id,
    );
    expect(known.filter((id) => !met.has(id))).toEqual([]);
  });
}
