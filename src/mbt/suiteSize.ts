/**
 * How much work a suite is, counted on the compiled graph before anything
 * runs, and the limit beyond which the command line and `runCheck` refuse
 * it with the figure (as a compiler refuses a too-deep template instead of
 * running out of stack). The suites that grow with their parameter are
 * estimated: depth:D runs every input sequence of length ≤ D, switch:N
 * follows the transitions of its walks (each node reached by the same
 * definitions expanded once), random runs × path length steps,
 * h:k examines pairs of test sequences (./hMethod.ts), w:k and wp:k run at
 * most prefix · Σ^≤k · W at full length (./wMethod.ts).
 * The others are bounded by the graph itself (one path per node, edge, or
 * state × event) and are not estimated.
 */
import { hMethodPairCount } from './hMethod';
import type { ModelGraph } from './modelGraph';
import { MAX_EXTRA_STATES, wMethodStepBounds } from './wMethod';

/**
 * The most work one suite may be: about a minute and a few GB on the 2-core machine. Measured on the model with
 * several segments in flight: `check --suite wp:1` (11,783,630 steps at most, 7,682,368 run) took 53.7 s, 2.6 GB.
 */
export const MAX_SUITE_WORK = 15_000_000;

/** The longest path the random suite draws, in events. */
export const RANDOM_PATH_LENGTH = 40;

/** The random suite's default number of paths. */
export const DEFAULT_RANDOM_RUNS = 500;

export interface SuiteWork {
  readonly suite: string;
  /** How many `unit`s the suite is. */
  readonly amount: number;
  readonly unit: string;
  /** The largest parameter that fits within MAX_SUITE_WORK on this graph (`depth:6`, `--random-runs 375000`). */
  readonly largestThatFits: string;
  /** The count stopped once past MAX_SUITE_WORK: `amount` is only known to be more. */
  readonly atLeast?: boolean;
}

export class SuiteTooLargeError extends Error {
  override readonly name = 'SuiteTooLargeError';
  constructor(readonly work: SuiteWork) {
    const limit = MAX_SUITE_WORK.toLocaleString('en-US');
    const size =
      work.atLeast === true
        ? `more than ${limit} ${work.unit}, the limit`
        : `${work.amount.toLocaleString('en-US')} ${work.unit}, over the limit of ${limit}`;
    super(`${work.suite} is ${size} a suite may run (${work.largestThatFits} is the largest that fits)`);
  }
}

/**
 * Input sequences of length 1..D from the initial node, by D (index D-1):
 * what depth:D runs, one step each, since every prefix is itself a sequence.
 */
export function depthSequenceCounts(graph: ModelGraph, maxDepth: number): number[] {
  const counts: number[] = [];
  let total = 0;
  let frontier = new Map<number, number>([[graph.initial, 1]]);
  for (let level = 1; level <= maxDepth; level++) {
    const next = new Map<number, number>();
    for (const [id, ways] of frontier) {
      for (const edge of graph.nodes[id]!.edges) {
        total += ways;
        next.set(edge.to, (next.get(edge.to) ?? 0) + ways);
      }
    }
    frontier = next;
    counts.push(total);
  }
  return counts;
}

/**
 * The transitions switch:N follows (ignored events left out): switchSuite
 * expands each node once per sequence of definitions that reaches it, since
 * what lies beyond is the same (./suites.ts). Counted sequence by sequence,
 * with the set of nodes where each ends, so memory stays at N levels of
 * node sets; the count stops once past `limit`, which bounds its own work.
 */
function switchWork(graph: ModelGraph, n: number, limit: number): number {
  let work = 0;
  const expand = (nodes: Iterable<number>, depth: number): boolean => {
    const reached = new Map<string, Set<number>>();
    for (const id of nodes) {
      for (const edge of graph.nodes[id]!.edges) {
        if (edge.transition === null) continue;
        work += 1;
        if (work > limit) return false;
        if (depth === n) continue;
        const targets = reached.get(edge.transition);
        if (targets === undefined) reached.set(edge.transition, new Set([edge.to]));
        else targets.add(edge.to);
      }
    }
    for (const targets of reached.values()) if (!expand(targets, depth + 1)) return false;
    return true;
  };
  expand(
    graph.nodes.map((node) => node.id),
    0,
  );
  return work;
}

function largestFitting(counts: readonly number[]): number {
  const fits = counts.findIndex((count) => count > MAX_SUITE_WORK);
  return fits === -1 ? counts.length : fits;
}

export interface SuiteWorkOptions {
  /** Runs of the random suite (default DEFAULT_RANDOM_RUNS). */
  readonly randomRuns?: number;
}

/** The work of `suite` on `graph`, or undefined for a suite the graph itself bounds. */
export function suiteWork(graph: ModelGraph, suite: string, options: SuiteWorkOptions = {}): SuiteWork | undefined {
  const depth = /^depth:(\d+)$/.exec(suite);
  if (depth !== null) {
    const counts = depthSequenceCounts(graph, Number(depth[1]));
    return {
      suite,
      amount: counts[counts.length - 1] ?? 0,
      unit: 'input sequences',
      largestThatFits: `depth:${largestFitting(counts)}`,
    };
  }
  const switchN = /^switch:(\d+)$/.exec(suite);
  if (switchN !== null) {
    // switch:k's work grows with k: a suite that fits is the largest that fits; only one that does not counts the
    // smaller ones, upwards, each stopping at the limit.
    const n = Number(switchN[1]);
    const amount = switchWork(graph, n, MAX_SUITE_WORK);
    let fits = n;
    if (amount > MAX_SUITE_WORK) {
      fits = -1;
      while (fits + 1 < n && switchWork(graph, fits + 1, MAX_SUITE_WORK) <= MAX_SUITE_WORK) fits += 1;
    }
    return {
      suite,
      amount,
      unit: 'transitions to follow',
      largestThatFits: `switch:${fits}`,
      ...(amount > MAX_SUITE_WORK ? { atLeast: true } : {}),
    };
  }
  const h = /^h:(\d)$/.exec(suite);
  if (h !== null && Number(h[1]) <= MAX_EXTRA_STATES) {
    const counts = Array.from({ length: Number(h[1]) + 1 }, (_, k) => hMethodPairCount(graph, k));
    const fits = largestFitting(counts) - 1;
    return {
      suite,
      amount: counts[counts.length - 1]!,
      unit: 'pairs of test sequences to tell apart',
      largestThatFits: fits < 0 ? 'no h:k' : `h:${fits}`,
    };
  }
  const w = /^(wp?):(\d)$/.exec(suite);
  if (w !== null && Number(w[2]) <= MAX_EXTRA_STATES) {
    const method = w[1] as 'w' | 'wp';
    const counts = wMethodStepBounds(graph, Number(w[2]), method);
    const fits = largestFitting(counts) - 1;
    return {
      suite,
      amount: counts[counts.length - 1]!,
      unit: 'steps at most (before shared prefixes are dropped)',
      largestThatFits: fits < 0 ? `no ${method}:k` : `${method}:${fits}`,
    };
  }
  if (suite === 'random') {
    const runs = options.randomRuns ?? DEFAULT_RANDOM_RUNS;
    return {
      suite: `random with ${runs} runs`,
      amount: runs * RANDOM_PATH_LENGTH,
      unit: `steps at most (runs × ${RANDOM_PATH_LENGTH} events)`,
      largestThatFits: `--random-runs ${Math.floor(MAX_SUITE_WORK / RANDOM_PATH_LENGTH)}`,
    };
  }
  return undefined;
}

/** Refuses `suite` with a SuiteTooLargeError when its work on `graph` is over MAX_SUITE_WORK; returns the work otherwise. */
export function checkSuiteWork(
  graph: ModelGraph,
  suite: string,
  options: SuiteWorkOptions = {},
): SuiteWork | undefined {
  const work = suiteWork(graph, suite, options);
  if (work !== undefined && work.amount > MAX_SUITE_WORK) throw new SuiteTooLargeError(work);
  return work;
}
