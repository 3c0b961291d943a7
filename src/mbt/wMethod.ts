/**
 * m-complete suites for the minimal Mealy machine of the model (n states):
 * Chow's W-method (1978) and Fujiwara et al.'s Wp-method (1991), for k
 * extra states (m = n + k). Passing one of them proves that an
 * implementation with at most n + k states, over this alphabet and this
 * observation, is equivalent to the model; `transitions` proves no such thing
 * (an implementation may take a right-looking step into the wrong hidden
 * context, and only later steps show it).
 *
 *   W:  P · Σ^≤k · W            (P: the transition cover, W: the characterizing set)
 *   Wp: Q · Σ^≤k · W  ∪  (P − Q) · Σ^≤k ⊗ W_i
 *       (Q: the state cover; ⊗ W_i: only the identification set of the state reached)
 *
 * The adapter reports the state after every step, so snapshots of different
 * states need no sequence to tell them apart: W and W_i hold only what tells
 * snapshots of one state apart, and a test appends the sequences of the
 * state it reached. A sequence that is a prefix of another is dropped: the
 * longer one checks every step of it.
 */
import { characterizingSet } from './distinguish';
import { minimize, type MinimalMachine } from './mealy';
import type { ModelEventType, ModelGraph } from './modelGraph';

/** The largest k of `w:k`, `wp:k` and `h:k`: each extra state multiplies the suite by the alphabet's size. */
export const MAX_EXTRA_STATES = 2;

type Sequence = readonly ModelEventType[];

/** Q: a shortest input sequence to every state of the minimal machine (breadth first, alphabet order). */
export function stateCover(machine: MinimalMachine): Sequence[] {
  const cover: (Sequence | undefined)[] = new Array(machine.states.length);
  cover[machine.initial] = [];
  const queue = [machine.initial];
  for (let head = 0; head < queue.length; head++) {
    const block = machine.states[queue[head]!]!;
    for (const [event, { to }] of block.next) {
      if (cover[to] !== undefined) continue;
      cover[to] = [...cover[block.id]!, event];
      queue.push(to);
    }
  }
  return cover.map((sequence, id) => {
    if (sequence === undefined) throw new Error(`state ${id} of the minimal machine is unreachable`);
    return sequence;
  });
}

/** Follows `sequence` through the minimal machine from `block`. */
function reached(machine: MinimalMachine, block: number, sequence: Sequence): number {
  let at = block;
  for (const event of sequence) at = machine.states[at]!.next.get(event)!.to;
  return at;
}

/** Every input sequence of length ≤ k defined from `block`, with the block it ends in. */
function extensions(machine: MinimalMachine, block: number, k: number): { events: Sequence; to: number }[] {
  const found: { events: Sequence; to: number }[] = [{ events: [], to: block }];
  for (let start = 0, length = 0; length < k; length++) {
    const end = found.length;
    for (let index = start; index < end; index++) {
      const { events, to } = found[index]!;
      for (const [event, next] of machine.states[to]!.next) found.push({ events: [...events, event], to: next.to });
    }
    start = end;
  }
  return found;
}

/**
 * Keeps each sequence that is no prefix of another (nor a repeat), in the
 * order given. Sorted, a sequence's extensions follow it directly.
 */
export function withoutPrefixes(sequences: readonly Sequence[]): Sequence[] {
  const keys = sequences.map((sequence) => sequence.join('\n'));
  const sorted = [...new Set(keys)].sort();
  const redundant = new Set<string>();
  sorted.forEach((key, index) => {
    const next = sorted[index + 1];
    // The empty sequence is a prefix of any other; any other, of the ones that go on after a newline.
    if (next !== undefined && (key === '' || next.startsWith(`${key}\n`))) redundant.add(key);
  });
  const kept = new Set<string>();
  const result: Sequence[] = [];
  sequences.forEach((sequence, index) => {
    const key = keys[index]!;
    if (redundant.has(key) || kept.has(key)) return;
    kept.add(key);
    result.push(sequence);
  });
  return result;
}

/** Refuses a k outside 0..MAX_EXTRA_STATES for `method:k`. */
export function checkExtraStates(method: string, k: number): void {
  if (!Number.isInteger(k) || k < 0 || k > MAX_EXTRA_STATES) {
    throw new RangeError(`${method}:k takes k from 0 to ${MAX_EXTRA_STATES}, got ${k}`);
  }
}

/**
 * The part of `sequence` that is defined from `block`. The machine is
 * partial (a state's timers are its own), and a sequence that separates two
 * snapshots may leave the state on another snapshot of it: there it is cut
 * where it stops being a path of the model, and checks every step up to the cut.
 */
export function definedPart(machine: MinimalMachine, block: number, sequence: Sequence): Sequence {
  let at = block;
  for (const [index, event] of sequence.entries()) {
    const next = machine.states[at]!.next.get(event);
    if (next === undefined) return sequence.slice(0, index);
    at = next.to;
  }
  return sequence;
}

/**
 * Appends to each `prefix · x` (x ∈ Σ^≤k) the sequences `suffixes` gives for
 * the block reached.
 */
function expand(
  machine: MinimalMachine,
  prefixes: readonly Sequence[],
  k: number,
  suffixes: (block: number) => readonly Sequence[],
): Sequence[] {
  const tests: Sequence[] = [];
  for (const prefix of prefixes) {
    for (const { events, to } of extensions(machine, reached(machine, machine.initial, prefix), k)) {
      const tails = suffixes(to);
      if (tails.length === 0) tests.push([...prefix, ...events]);
      for (const tail of tails) tests.push([...prefix, ...events, ...definedPart(machine, to, tail)]);
    }
  }
  return tests;
}

/** Q and P − Q: the state cover and the transitions that leave it. */
function covers(machine: MinimalMachine): { stateCover: Sequence[]; otherTransitions: Sequence[] } {
  const cover = stateCover(machine);
  const inCover = new Set(cover.map((sequence) => sequence.join('\n')));
  const otherTransitions: Sequence[] = [];
  for (const sequence of cover) {
    for (const event of machine.states[reached(machine, machine.initial, sequence)]!.next.keys()) {
      const next = [...sequence, event];
      if (!inCover.has(next.join('\n'))) otherTransitions.push(next);
    }
  }
  return { stateCover: cover, otherTransitions };
}

/** w:k — Chow's W-method: P · Σ^≤k · W. */
export function wMethodSequences(graph: ModelGraph, k: number): Sequence[] {
  checkExtraStates('w', k);
  const machine = minimize(graph);
  const { byState } = characterizingSet(machine);
  const { stateCover: cover, otherTransitions } = covers(machine);
  const stateW = (block: number) => byState.get(machine.states[block]!.state) ?? [];
  return withoutPrefixes(expand(machine, [...cover, ...otherTransitions], k, stateW));
}

/** wp:k — the Wp-method: Q · Σ^≤k · W, then (P − Q) · Σ^≤k with only W_i of the state reached. */
export function wpMethodSequences(graph: ModelGraph, k: number): Sequence[] {
  checkExtraStates('wp', k);
  const machine = minimize(graph);
  const { byState, identification } = characterizingSet(machine);
  const { stateCover: cover, otherTransitions } = covers(machine);
  const stateW = (block: number) => byState.get(machine.states[block]!.state) ?? [];
  return withoutPrefixes([
    ...expand(machine, cover, k, stateW),
    ...expand(machine, otherTransitions, k, (block) => identification[block]!),
  ]);
}

/**
 * Upper bounds on the steps `w:k` (or `wp:k`) runs, for every k from 0 to
 * `maxK` (index k), counted in one pass before any sequence is built: every
 * prefix · x · tail, x ∈ Σ^≤k, at its full length, before prefixes of other
 * tests are dropped. `suiteWork` refuses the suite above MAX_SUITE_WORK by
 * this figure, so a wide model cannot make `wMethodSequences` build tens of
 * millions of sequences first.
 */
export function wMethodStepBounds(graph: ModelGraph, maxK: number, method: 'w' | 'wp'): number[] {
  checkExtraStates(method, maxK);
  const machine = minimize(graph);
  const { byState, identification } = characterizingSet(machine);
  const { stateCover: cover, otherTransitions } = covers(machine);
  const stateW = (block: number): readonly Sequence[] => byState.get(machine.states[block]!.state) ?? [];
  const bounds = (prefixes: readonly Sequence[], suffixes: (block: number) => readonly Sequence[]): number[] => {
    const ends = prefixes.map((prefix) => ({
      length: prefix.length,
      block: reached(machine, machine.initial, prefix),
    }));
    // tests[b], steps[b]: the tests x · tail from block b with |x| = j, and their steps (without the prefix);
    // testsUpTo, stepsUpTo: the same for |x| ≤ j.
    let tests = machine.states.map((block) => Math.max(1, suffixes(block.id).length));
    let steps = machine.states.map((block) => suffixes(block.id).reduce((sum, tail) => sum + tail.length, 0));
    const testsUpTo = [...tests];
    const stepsUpTo = [...steps];
    const byK: number[] = [];
    for (let length = 0; ; length++) {
      byK.push(ends.reduce((sum, end) => sum + stepsUpTo[end.block]! + end.length * testsUpTo[end.block]!, 0));
      if (length === maxK) return byK;
      const nextTests = machine.states.map(() => 0);
      const nextSteps = machine.states.map(() => 0);
      for (const block of machine.states) {
        for (const { to } of block.next.values()) {
          nextTests[block.id] = nextTests[block.id]! + tests[to]!;
          nextSteps[block.id] = nextSteps[block.id]! + steps[to]! + tests[to]!;
        }
      }
      tests = nextTests;
      steps = nextSteps;
      tests.forEach((count, block) => (testsUpTo[block] = testsUpTo[block]! + count));
      steps.forEach((count, block) => (stepsUpTo[block] = stepsUpTo[block]! + count));
    }
  };
  if (method === 'w') return bounds([...cover, ...otherTransitions], stateW);
  const coverBounds = bounds(cover, stateW);
  const otherBounds = bounds(otherTransitions, (block) => identification[block]!);
  return coverBounds.map((bound, k) => bound + otherBounds[k]!);
}
