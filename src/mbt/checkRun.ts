/**
 * The main job: every suite, for every model profile, against a system under
 * test, with what each covers and every failure kept as a replayable path.
 */
import { coverageOf, coverageReport, modelTotals, unionCovered, type Coverage, type CoveredItems } from './coverage';
import { runDepth } from './depth';
import { buildModelGraph, type ModelEdge, type ModelGraph } from './modelGraph';
import { TEST_PROFILES, type ModelProfile } from './profiles';
import { eventSequences, eventsFromChoices } from './random';
import { runPath, type PathResult } from './runner';
import { runPrunedDepth } from './prunedDepth';
import { shrinkFailures } from './shrink';
import {
  buildSuite,
  isPathSuiteName,
  MAX_DEPTH,
  MAX_PRODUCT_DEPTH,
  transitionsSuite,
  UnknownSuiteError,
  type ModelPath,
} from './suites';
import type { SystemUnderTest } from './sut';
import { checkSuiteWork, DEFAULT_RANDOM_RUNS, RANDOM_PATH_LENGTH, type SuiteWork } from './suiteSize';
import fc from 'fast-check';

export const DEFAULT_SUITES = [
  'states',
  'transitions',
  'simple',
  'sneak',
  'switch:1',
  'switch:2',
  'depth:4',
  'random',
] as const;

export interface SuiteRun {
  readonly suite: string;
  readonly profile: string;
  readonly input: ModelProfile['input'];
  readonly paths: number;
  readonly steps: number;
  readonly failures: readonly PathResult[];
  readonly ms: number;
  readonly covered: CoveredItems;
  readonly coverage: Coverage;
}

export interface CheckReport {
  readonly sut: string;
  readonly runs: readonly SuiteRun[];
  /** What all runs together cover. */
  readonly coverage: Coverage;
  readonly paths: number;
  readonly steps: number;
  readonly failures: number;
  /** Wall time of the whole check. */
  readonly ms: number;
  /** Of it, compiling the model graph of every profile (the paths run in the rest). */
  readonly graphMs: number;
  readonly passed: boolean;
}

export interface CheckOptions {
  readonly suites?: readonly string[];
  readonly profiles?: readonly ModelProfile[];
  /** Runs of the random suite (default DEFAULT_RANDOM_RUNS). */
  readonly randomRuns?: number;
  readonly randomSeed?: number;
  /**
   * depth:D and product:D stop collecting failures after this many (default
   * 10). A target whose failures are sorted afterwards into documented
   * differences (lwIP) takes them all.
   */
  readonly depthMaxFailures?: number;
  readonly onProgress?: (progress: { suite: string; profile: string; done: number; total: number }) => void;
}

/** Validates a suite name (`states`, `switch:2`, `depth:5`, `random`), throwing UnknownSuiteError. */
export function parseSuiteName(name: string): { kind: 'fixed' | 'depth' | 'random'; depth?: number; pruned?: boolean } {
  if (name === 'random') return { kind: 'random' };
  const depth = /^(depth|product):(\d+)$/.exec(name);
  if (depth !== null) {
    const d = Number(depth[2]);
    const pruned = depth[1] === 'product';
    if (d < 1 || d > (pruned ? MAX_PRODUCT_DEPTH : MAX_DEPTH)) throw new UnknownSuiteError(name);
    return { kind: 'depth', depth: d, ...(pruned ? { pruned } : {}) };
  }
  if (isPathSuiteName(name)) return { kind: 'fixed' };
  throw new UnknownSuiteError(name);
}

function runPaths(
  graph: ModelGraph,
  sut: SystemUnderTest,
  paths: readonly ModelPath[],
  progress: (done: number) => void,
): { steps: number; failures: PathResult[] } {
  let steps = 0;
  const failures: PathResult[] = [];
  paths.forEach((path, index) => {
    const result = runPath(graph, sut, path.events);
    steps += result.steps.length;
    if (!result.passed) failures.push(result);
    if (index % 200 === 199 || index === paths.length - 1) progress(index + 1);
  });
  return { steps, failures };
}

/**
 * Runs the suites. `makeSut` builds a system under test for a model input
 * (each profile has its own timer settings).
 */
export function runCheck(makeSut: (graph: ModelGraph) => SystemUnderTest, options: CheckOptions = {}): CheckReport {
  const started = performance.now();
  const suites = options.suites ?? DEFAULT_SUITES;
  for (const suite of suites) parseSuiteName(suite);
  const profiles = options.profiles ?? TEST_PROFILES;
  const runs: SuiteRun[] = [];
  let sutName = '';
  const graphs: ModelGraph[] = [];
  let graphMs = 0;
  const compile = (profile: ModelProfile): ModelGraph => {
    const t0 = performance.now();
    const graph = buildModelGraph(profile.input, profile.machine);
    graphMs += performance.now() - t0;
    return graph;
  };
  let baseDefinitions: ReadonlySet<string> = new Set();
  // Every suite's work is estimated on the first profile's graph before any runs: a suite too large
  // is refused with its figure, not found out by the heap limit after the others ran.
  const [firstProfile] = profiles;
  const firstGraph = firstProfile === undefined ? undefined : compile(firstProfile);
  const work = new Map<string, SuiteWork | undefined>();
  if (firstGraph !== undefined) {
    for (const suite of suites) work.set(suite, checkSuiteWork(firstGraph, suite, { randomRuns: options.randomRuns }));
  }

  for (const [profileIndex, profile] of profiles.entries()) {
    const graph = profileIndex === 0 ? firstGraph! : compile(profile);
    graphs.push(graph);
    const totals = modelTotals([graph]);
    const sut = makeSut(graph);
    sutName = sut.name;
    // Later profiles only add the transitions the first one cannot take (e.g. RFC 1337's branch).
    const extraOnly = profileIndex > 0;
    for (const suite of suites) {
      if (extraOnly && suite !== 'transitions') continue;
      const t0 = performance.now();
      const report = (done: number, total: number) =>
        options.onProgress?.({ suite, profile: profile.name, done, total });
      const parsed = parseSuiteName(suite);
      let paths = 0;
      let steps = 0;
      let failures: PathResult[] = [];
      let covered: CoveredItems;
      if (parsed.kind === 'depth') {
        // The bar's total is the count of sequences the estimate made: every step is one (product:D prunes, so its total is unknown).
        const expected = parsed.pruned === true ? 0 : (work.get(suite)?.amount ?? 0);
        const explore = parsed.pruned === true ? runPrunedDepth : runDepth;
        const result = explore(graph, sut, parsed.depth!, {
          onProgress: (done) => report(done, expected),
          ...(options.depthMaxFailures === undefined ? {} : { maxFailures: options.depthMaxFailures }),
        });
        paths = result.sequences;
        steps = result.steps;
        failures = [...result.failures];
        covered = result.coverage.covered();
        report(steps, steps);
      } else if (parsed.kind === 'random') {
        const runsWanted = options.randomRuns ?? DEFAULT_RANDOM_RUNS;
        const samples = fc.sample(eventSequences(RANDOM_PATH_LENGTH), {
          numRuns: runsWanted,
          ...(options.randomSeed === undefined ? {} : { seed: options.randomSeed }),
        });
        const randomPaths = samples.map((choices) => ({ name: '', events: eventsFromChoices(graph, choices) }));
        ({ steps, failures } = runPaths(graph, sut, randomPaths, (done) => report(done, randomPaths.length)));
        paths = randomPaths.length;
        covered = coverageOf(graph, randomPaths).covered();
      } else {
        const keep = (edge: ModelEdge) => edge.transition !== null && !baseDefinitions.has(edge.transition);
        const suitePaths = extraOnly ? transitionsSuite(graph, keep) : buildSuite(graph, suite);
        ({ steps, failures } = runPaths(graph, sut, suitePaths, (done) => report(done, suitePaths.length)));
        paths = suitePaths.length;
        covered = coverageOf(graph, suitePaths).covered();
        if (!extraOnly && suite === 'transitions') baseDefinitions = covered.transitions;
      }
      failures = shrinkFailures(graph, sut, failures);
      runs.push({
        suite,
        profile: profile.name,
        input: profile.input,
        paths,
        steps,
        failures,
        ms: performance.now() - t0,
        covered,
        coverage: coverageReport(covered, graph, totals),
      });
    }
  }
  const [baseGraph] = graphs;
  if (baseGraph === undefined) throw new Error('no model profile to check');
  // Totals of every profile run: a branch only another profile can take is listed apart, not missed.
  const coverage = coverageReport(unionCovered(runs.map((run) => run.covered)), baseGraph, modelTotals(graphs));
  const failures = runs.reduce((sum, run) => sum + run.failures.length, 0);
  return {
    sut: sutName,
    runs,
    coverage,
    paths: runs.reduce((sum, run) => sum + run.paths, 0),
    steps: runs.reduce((sum, run) => sum + run.steps, 0),
    failures,
    ms: performance.now() - started,
    graphMs,
    passed: failures === 0,
  };
}
