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
import { buildSuite, MAX_DEPTH, MAX_SWITCH, transitionsSuite, UnknownSuiteError, type ModelPath } from './suites';
import type { SystemUnderTest } from './sut';
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
  readonly ms: number;
  readonly passed: boolean;
}

export interface CheckOptions {
  readonly suites?: readonly string[];
  readonly profiles?: readonly ModelProfile[];
  /** Runs of the random suite (default 500). */
  readonly randomRuns?: number;
  readonly randomSeed?: number;
  readonly onProgress?: (progress: { suite: string; profile: string; done: number; total: number }) => void;
}

/** Validates a suite name (`states`, `switch:2`, `depth:5`, `random`), throwing UnknownSuiteError. */
export function parseSuiteName(name: string): { kind: 'fixed' | 'depth' | 'random'; depth?: number } {
  if (name === 'random') return { kind: 'random' };
  const depth = /^depth:(\d+)$/.exec(name);
  if (depth !== null) {
    const d = Number(depth[1]);
    if (d < 1 || d > MAX_DEPTH) throw new UnknownSuiteError(name);
    return { kind: 'depth', depth: d };
  }
  const switchN = /^switch:(\d)$/.exec(name);
  if (['states', 'transitions', 'simple', 'sneak'].includes(name) || (switchN !== null && Number(switchN[1]) <= MAX_SWITCH)) {
    return { kind: 'fixed' };
  }
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
  let baseDefinitions: ReadonlySet<string> = new Set();

  for (const [profileIndex, profile] of profiles.entries()) {
    const graph = buildModelGraph(profile.input, profile.machine);
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
        const result = runDepth(graph, sut, parsed.depth!, { onProgress: (done) => report(done, 0) });
        paths = result.sequences;
        steps = result.steps;
        failures = [...result.failures];
        covered = result.coverage.covered();
        report(steps, steps);
      } else if (parsed.kind === 'random') {
        const runsWanted = options.randomRuns ?? 500;
        const samples = fc.sample(eventSequences(40), {
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
    passed: failures === 0,
  };
}
