/**
 * random — property-based paths: fast-check draws event sequences from the
 * events each state has (ignored ones included), runs them through the same
 * adapter, and shrinks a failing sequence to a minimal one.
 */
import fc from 'fast-check';
import type { ModelEventType, ModelGraph } from './modelGraph';
import { formatPathResult, runPath } from './runner';
import type { SystemUnderTest } from './sut';
import { DEFAULT_RANDOM_RUNS, RANDOM_PATH_LENGTH } from './suiteSize';

/** A sequence of choices; each picks one event of the current state's alphabet. */
export function eventSequences(maxLength: number): fc.Arbitrary<number[]> {
  // 'max' size: lengths spread up to maxLength, not fast-check's default bias toward short arrays.
  return fc.array(fc.nat({ max: 1 << 16 }), { minLength: 1, maxLength, size: 'max' });
}

/** The events a sequence of choices makes on the model. */
export function eventsFromChoices(graph: ModelGraph, choices: readonly number[]): ModelEventType[] {
  const events: ModelEventType[] = [];
  let node = graph.nodes[graph.initial]!;
  for (const choice of choices) {
    const edge = node.edges[choice % node.edges.length]!;
    events.push(edge.event);
    node = graph.nodes[edge.to]!;
  }
  return events;
}

export interface RandomOptions {
  readonly runs?: number;
  readonly maxLength?: number;
  readonly seed?: number;
}

/** Runs the property; throws fast-check's report (with the shrunk path) on failure. */
export function checkRandomPaths(graph: ModelGraph, sut: SystemUnderTest, options: RandomOptions = {}): number {
  let steps = 0;
  fc.assert(
    fc.property(eventSequences(options.maxLength ?? RANDOM_PATH_LENGTH), (choices) => {
      const events = eventsFromChoices(graph, choices);
      const result = runPath(graph, sut, events);
      steps += result.steps.length;
      if (!result.passed) throw new Error(`the implementation disagrees with the model:\n${formatPathResult(result)}`);
    }),
    { numRuns: options.runs ?? DEFAULT_RANDOM_RUNS, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
  return steps;
}
