/**
 * Shrinking a failing path before it is reported: delta debugging (Zeller
 * and Hildebrandt 2002) with the model as the oracle. A candidate must be a
 * path of the model (every event in the alphabet of the state it reaches)
 * and must fail on its last step with the same failure: the same model step
 * (state, event, state) and the same kinds of disagreement (numbers aside,
 * since a shorter prefix moves sequence numbers and clocks). Two moves:
 *
 * - a prefix is replaced by the shortest path to the same model snapshot
 *   (what remains of a long walk is often only where it arrived);
 * - chunks of events are dropped, halving the chunk size down to one.
 *
 * Every candidate is one run from a fresh implementation; the number of runs
 * is bounded, so a 50,000-step tour shrinks in bounded time too.
 */
import type { ModelEventType, ModelGraph } from './modelGraph';
import { runPath, type PathResult } from './runner';
import { shortestPrefixes } from './suites';
import type { SystemUnderTest } from './sut';

export interface ShrinkOptions {
  /** At most this many candidate runs (default 2000). */
  readonly maxRuns?: number;
}

export interface ShrunkPath {
  readonly result: PathResult;
  /** Events of the path as it failed first (up to and with the failing step). */
  readonly originalLength: number;
  readonly runs: number;
}

/** What makes two failures the same failure: the model step and the disagreements, numbers masked. */
export function failureSignature(result: PathResult): string {
  const record = result.steps[result.failedAt];
  if (record === undefined) return 'passed';
  const { step, differences } = record;
  return `${step.from} ${step.event} ${step.to}: ${differences.map((text) => text.replace(/\d+/g, '#')).join('; ')}`;
}

/** The model snapshot each prefix of `events` reaches, or null if some event is not the model's there. */
function nodesAlong(graph: ModelGraph, events: readonly ModelEventType[]): number[] | null {
  const nodes = [graph.initial as number];
  for (const event of events) {
    const edge = graph.nodes[nodes[nodes.length - 1]!]!.edgeByEvent.get(event);
    if (edge === undefined) return null;
    nodes.push(edge.to);
  }
  return nodes;
}

/** Shrinks a failing path to a shorter one that fails the same way; a passing result comes back as it is. */
export function shrinkFailure(
  graph: ModelGraph,
  sut: SystemUnderTest,
  failure: PathResult,
  options: ShrinkOptions = {},
): ShrunkPath {
  const originalLength = failure.failedAt + 1;
  if (failure.passed) return { result: failure, originalLength: failure.events.length, runs: 0 };
  const maxRuns = options.maxRuns ?? 2000;
  const signature = failureSignature(failure);
  let best = failure;
  let events = failure.events.slice(0, originalLength);
  let runs = 0;
  const tried = new Set<string>();

  /** Runs a candidate; keeps it (cut after its failing step) if it fails the same way. */
  const attempt = (candidate: readonly ModelEventType[]): boolean => {
    if (runs >= maxRuns || candidate.length >= events.length) return false;
    const key = candidate.join('\n');
    if (tried.has(key) || nodesAlong(graph, candidate) === null) return false;
    tried.add(key);
    runs++;
    const result = runPath(graph, sut, candidate);
    if (result.passed || failureSignature(result) !== signature) return false;
    events = candidate.slice(0, result.failedAt + 1);
    best = { ...result, events };
    return true;
  };

  const prefixes = shortestPrefixes(graph);
  let progress = true;
  while (progress && runs < maxRuns) {
    progress = false;
    // A shortest path to where the walk was, then the rest of the walk: shortest candidates first.
    const nodes = nodesAlong(graph, events)!;
    const replacements = nodes
      .map((node, at) => ({ at, length: prefixes[node]!.length + events.length - at }))
      .filter(({ at, length }) => length < events.length && prefixes[nodes[at]!]!.length < at)
      .sort((a, b) => a.length - b.length || b.at - a.at);
    for (const { at } of replacements) {
      if (attempt([...prefixes[nodes[at]!]!, ...events.slice(at)])) {
        progress = true;
        break;
      }
      if (runs >= maxRuns) break;
    }
    if (progress) continue;
    // Drop chunks, halving their size down to one event; the failing event stays last.
    for (
      let size = Math.max(1, Math.floor((events.length - 1) / 2));
      size >= 1 && runs < maxRuns;
      size = Math.floor(size / 2)
    ) {
      for (let start = events.length - 1 - size; start >= 0 && runs < maxRuns; start--) {
        if (attempt([...events.slice(0, start), ...events.slice(start + size)])) {
          progress = true;
          break;
        }
      }
      if (progress) break;
    }
  }
  return { result: best, originalLength, runs };
}

/** At most this many failures of one suite run are shrunk (and written as fixtures). */
export const MAX_SHRUNK_FAILURES = 20;

/** The failures of a run, the first `MAX_SHRUNK_FAILURES` shrunk; a shrunk one says how long it was. */
export function shrinkFailures(graph: ModelGraph, sut: SystemUnderTest, failures: readonly PathResult[]): PathResult[] {
  return failures.map((failure, index) => {
    if (index >= MAX_SHRUNK_FAILURES) return failure;
    const { result, originalLength } = shrinkFailure(graph, sut, failure);
    // A path that could not be shortened is reported as it failed.
    return result.events.length < originalLength ? { ...result, originalLength } : failure;
  });
}
