/**
 * The model's suites against lwIP, in this process and in virtual time: the
 * lwIP profile, `runCheck`'s suites, and every failing path sorted into a
 * stop at a documented difference (differences.ts) or a disagreement.
 */
import { DEFAULT_SUITES, runCheck, type CheckOptions, type CheckReport } from '../mbt/checkRun';
import type { ModelGraph } from '../mbt/modelGraph';
import type { ModelProfile } from '../mbt/profiles';
import type { PathResult } from '../mbt/runner';
import { explainLwipFailure } from './differences';
import { LwipSut } from './lwipSut';
import { LWIP_PROFILES } from './profile';

/**
 * The suites of `npm start`, all of them. depth:D collects every failing
 * sequence here (not the first ten): each is then sorted into a documented
 * difference or a disagreement, as the paths of the other suites are.
 */
export const LWIP_SUITES = DEFAULT_SUITES;

export interface LwipSuiteRun {
  readonly suite: string;
  readonly paths: number;
  readonly steps: number;
  /** Paths on which lwIP agreed with the model at every step. */
  readonly agreed: number;
  /** Paths that stopped at a documented difference, by its id. */
  readonly documented: ReadonlyMap<string, number>;
  /** Paths that failed where no documented difference explains it. */
  readonly disagreements: readonly PathResult[];
  readonly ms: number;
}

export interface LwipCheckReport {
  readonly graph: ModelGraph;
  readonly runs: readonly LwipSuiteRun[];
  readonly paths: number;
  readonly steps: number;
  readonly disagreements: number;
  readonly ms: number;
}

export interface LwipCheckOptions {
  readonly suites?: readonly string[];
  readonly randomRuns?: number;
  readonly randomSeed?: number;
  readonly onProgress?: CheckOptions['onProgress'];
  /** The model profile (default: the lwIP profile); the adapter follows its input. */
  readonly profile?: ModelProfile;
}

/** Runs the suites against lwIP with its profile; throws LwipSetupError where the addon cannot load. */
export function runLwipCheck(options: LwipCheckOptions = {}): LwipCheckReport {
  let graph: ModelGraph | undefined;
  let sut: LwipSut | undefined;
  const report: CheckReport = runCheck(
    (built) => {
      graph = built;
      sut ??= new LwipSut(built.input);
      return sut;
    },
    {
      suites: options.suites ?? LWIP_SUITES,
      profiles: [options.profile ?? LWIP_PROFILES[0]!],
      randomRuns: options.randomRuns ?? 500,
      randomSeed: options.randomSeed ?? 1,
      depthMaxFailures: Number.POSITIVE_INFINITY,
      onProgress: options.onProgress,
    },
  );
  if (graph === undefined) throw new Error('the lwIP profile built no model graph');
  const model = graph;
  const runs = report.runs.map((run): LwipSuiteRun => {
    const documented = new Map<string, number>();
    const disagreements: PathResult[] = [];
    for (const failure of run.failures) {
      const difference = explainLwipFailure(model, failure);
      if (difference === undefined) disagreements.push(failure);
      else documented.set(difference.id, (documented.get(difference.id) ?? 0) + 1);
    }
    return {
      suite: run.suite,
      paths: run.paths,
      steps: run.steps,
      agreed: run.paths - run.failures.length,
      documented,
      disagreements,
      ms: run.ms,
    };
  });
  return {
    graph: model,
    runs,
    paths: report.paths,
    steps: report.steps,
    disagreements: runs.reduce((sum, run) => sum + run.disagreements.length, 0),
    ms: report.ms,
  };
}
