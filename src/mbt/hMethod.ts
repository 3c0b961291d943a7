/**
 * h:k — the H-method of Dorofeeva, El-Fakih and Yevtushenko ("An improved
 * conformance testing method", FORTE 2005): an m-complete suite (m = n + k)
 * for the minimal Mealy machine of the model, like `w:k` and `wp:k`
 * (./wMethod.ts), but with the distinguishing sequences chosen pair by pair,
 * while the suite is built, instead of a fixed W or W_i appended everywhere.
 *
 * With Q the state cover (ε included) and T = Q · Σ^≤k+1 the traversal set,
 * a suite that contains T and tells apart, by one sequence γ applied after
 * both (αγ and βγ both in the suite, the outputs differing), every pair
 *   1. α, β ∈ Q,
 *   2. αβ₁ ∈ T (β₁ non-empty) and ω ∈ Q,
 *   3. αβ₁, αβ₂ ∈ T with β₁ ≠ β₂ non-empty prefixes of one β ∈ Σ^k+1,
 * that reaches two different states of the minimal machine, is m-complete
 * (the sufficient conditions of the H-method's paper). Pairs 1 pin down n
 * distinct states of the implementation, pairs 2 say where each traversal
 * step lands among them, pairs 3 leave no room for k extra states along a
 * traversal. test/mbt/hConditions.ts checks them on a built suite.
 *
 * Which γ: for each pair, of the sequences of W for their state that tell
 * its two classes apart (each cut after the first step where the two answer
 * differently; W holds a shortest one for every pair), and of the inputs the
 * suite already applies after either of the two followed by such a sequence
 * for the classes they lead to, the one that adds the fewest steps to the
 * suite built so far, and of two as cheap the one that tells the class from
 * more classes of the state cover; none when one already is in both places.
 * Steps, not tree nodes: every path runs from CLOSED, so a γ that extends a
 * path ending where it starts costs its own steps, one that branches off
 * costs a whole new path. The traversal set goes in first, so its own
 * continuations serve as γ too. A
 * class's tests end up with the few sequences its pairs need, where Wp gives
 * every transition the whole of W_i and every state cover sequence the whole
 * of W.
 *
 * As in ./wMethod.ts, the adapter reports the state after every step, so
 * only pairs of classes of one state need a γ; the machine is partial (a
 * state's timers are its own), so Σ^≤k+1 is the inputs defined along the
 * way, and a γ is used only where it is defined from both classes.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { characterizingSet } from './distinguish';
import { minimize, type MinimalMachine } from './mealy';
import type { ModelEventType, ModelGraph } from './modelGraph';
import { checkExtraStates, definedPart, stateCover } from './wMethod';

type Sequence = readonly ModelEventType[];

/** A prefix of the suite under construction, and the class of the minimal machine it reaches. */
interface TestNode {
  readonly block: number;
  /** Steps from CLOSED: what a new path that branches off here runs before its own steps. */
  readonly depth: number;
  readonly children: Map<ModelEventType, TestNode>;
}

/** The suite as the tree of its common prefixes: a sequence is in the suite when it is a path from the root. */
class TestTree {
  readonly root: TestNode;

  constructor(private readonly machine: MinimalMachine) {
    this.root = { block: machine.initial, depth: 0, children: new Map() };
  }

  /**
   * How many steps the suite grows by when `sequence` is added after
   * `from`: none when it is there; the steps it lacks when they extend a
   * path that ends where they start; a whole new path otherwise, since
   * every path runs from CLOSED.
   */
  addedSteps(from: TestNode, whole: Sequence): number {
    const sequence = definedPart(this.machine, from.block, whole);
    let node = from;
    for (const [index, event] of sequence.entries()) {
      const child = node.children.get(event);
      if (child === undefined) return (node.children.size === 0 ? 0 : node.depth) + sequence.length - index;
      node = child;
    }
    return 0;
  }

  /**
   * Adds the defined part of `sequence` after `from` and returns its last
   * node: a separator may end on a timer that only the other class of the
   * pair offers (another is due first here), and is cut there, as the
   * W-method cuts.
   */
  extend(from: TestNode, whole: Sequence): TestNode {
    const sequence = definedPart(this.machine, from.block, whole);
    let node = from;
    for (const event of sequence) {
      let child = node.children.get(event);
      if (child === undefined) {
        const next = this.machine.states[node.block]!.next.get(event);
        if (next === undefined) throw new Error(`${event} is no input of class ${node.block} of the minimal machine`);
        child = { block: next.to, depth: node.depth + 1, children: new Map() };
        node.children.set(event, child);
      }
      node = child;
    }
    return node;
  }

  /** The maximal sequences of the tree (its leaves), depth first in the order the steps were added. */
  leaves(): Sequence[] {
    const found: Sequence[] = [];
    // An explicit stack: a state cover sequence and its extensions may be long.
    const stack: { node: TestNode; events: Sequence }[] = [{ node: this.root, events: [] }];
    while (stack.length > 0) {
      const { node, events } = stack.pop()!;
      if (node.children.size === 0) found.push(events);
      const children = [...node.children];
      for (let index = children.length - 1; index >= 0; index--) {
        const [event, child] = children[index]!;
        stack.push({ node: child, events: [...events, event] });
      }
    }
    return found;
  }
}

/**
 * How many steps of `sequence` it takes classes `a` and `b` to answer
 * differently (or for one of them not to offer its next input), or 0 when
 * they answer alike all along.
 */
function stepsToTellApart(machine: MinimalMachine, a: number, b: number, sequence: Sequence): number {
  let [x, y] = [a, b];
  for (const [index, event] of sequence.entries()) {
    const nextX = machine.states[x]!.next.get(event);
    const nextY = machine.states[y]!.next.get(event);
    // An input one class offers and the other does not (a timer, where another is due first in the other) tells
    // them apart as a different answer does: the minimization splits them on it (./mealy.ts separatingSequence).
    if (nextX === undefined && nextY === undefined) return 0;
    if (nextX === undefined || nextY === undefined || nextX.output !== nextY.output) return index + 1;
    [x, y] = [nextX.to, nextY.to];
  }
  return 0;
}

/**
 * The shortest sequences that tell classes `a` and `b` (one state) apart:
 * each sequence of W for their state that does, cut after the first step
 * where they answer differently; shortest first, then in W's order.
 */
function separators(machine: MinimalMachine, candidates: readonly Sequence[], a: number, b: number): Sequence[] {
  const found = new Map<string, Sequence>();
  for (const sequence of candidates) {
    const steps = stepsToTellApart(machine, a, b, sequence);
    if (steps > 0) found.set(sequence.slice(0, steps).join('\n'), sequence.slice(0, steps));
  }
  // W holds a shortest separating sequence of every pair of classes of one state (./distinguish.ts).
  if (found.size === 0) throw new Error(`no sequence of W tells classes ${a} and ${b} apart`);
  return [...found.values()].sort((p, q) => p.length - q.length);
}

/** Each class of the state cover with its test node, grouped by state, in the cover's order. */
type CoverByState = Map<TcpState, { readonly block: number; readonly node: TestNode }[]>;

/**
 * The traversal set after one state cover node: every sequence of 1 to
 * `length` inputs defined from it, added to the tree, each with the nodes
 * between (the shorter non-empty prefixes), depth first in the alphabet's order.
 */
function traversal(
  tree: TestTree,
  machine: MinimalMachine,
  from: TestNode,
  length: number,
): { node: TestNode; ancestors: readonly TestNode[] }[] {
  const found: { node: TestNode; ancestors: readonly TestNode[] }[] = [];
  const stack: { node: TestNode; path: readonly TestNode[] }[] = [{ node: from, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > 0) found.push({ node, ancestors: path.slice(0, -1) });
    if (path.length === length) continue;
    // Added in the alphabet's order (the tree lists its leaves in that order), walked in it too.
    const children = [...machine.states[node.block]!.next.keys()].map((event) => tree.extend(node, [event]));
    for (let index = children.length - 1; index >= 0; index--) {
      stack.push({ node: children[index]!, path: [...path, children[index]!] });
    }
  }
  return found;
}

/** h:k — the H-method's event sequences, in a stable order (the tree's leaves, depth first). */
export function hMethodSequences(graph: ModelGraph, k: number): Sequence[] {
  checkExtraStates('h', k);
  const machine = minimize(graph);
  const { byState } = characterizingSet(machine);
  const tree = new TestTree(machine);
  const memo = new Map<number, Sequence[]>();
  const n = machine.states.length;
  const separatorsOf = (a: number, b: number): Sequence[] => {
    const [low, high] = a < b ? [a, b] : [b, a];
    let found = memo.get(low * n + high);
    if (found === undefined) {
      found = separators(machine, byState.get(machine.states[low]!.state) ?? [], low, high);
      memo.set(low * n + high, found);
    }
    return found;
  };
  const reachMemo = new Map<string, number>();
  /** How many classes of its state `gamma` tells class `block` from: of two as cheap, the one that serves more pairs. */
  const reachOf = (block: number, gamma: Sequence): number => {
    const key = `${block} ${gamma.join(' ')}`;
    let reach = reachMemo.get(key);
    if (reach === undefined) {
      const { state } = machine.states[block]!;
      reach = (coverByState.get(state) ?? []).filter(
        (other) => other.block !== block && stepsToTellApart(machine, block, other.block, gamma) > 0,
      ).length;
      reachMemo.set(key, reach);
    }
    return reach;
  };
  /**
   * The sequences that tell `u` and `v` apart: those of W (`separatorsOf`),
   * and each input the suite already applies after either of them, when the
   * two answer it alike, followed by a sequence that tells apart the
   * classes it leads to. The second kind extends a path that is there
   * instead of starting a new one.
   */
  const candidatesFor = (u: TestNode, v: TestNode): Sequence[] => {
    const candidates = [...separatorsOf(u.block, v.block)];
    const events = new Set([...u.children.keys(), ...v.children.keys()]);
    for (const event of events) {
      const nextU = machine.states[u.block]!.next.get(event);
      const nextV = machine.states[v.block]!.next.get(event);
      if (nextU === undefined || nextV === undefined) continue;
      if (nextU.output !== nextV.output) candidates.push([event]);
      else if (nextU.to !== nextV.to) {
        for (const tail of separatorsOf(nextU.to, nextV.to)) candidates.push([event, ...tail]);
      }
    }
    return candidates;
  };
  /** Makes the suite tell `u` and `v` apart, if they reach different classes of one state. */
  const distinguish = (u: TestNode, v: TestNode): void => {
    if (u.block === v.block || machine.states[u.block]!.state !== machine.states[v.block]!.state) return;
    // Most pairs are told apart already by a sequence of W the suite holds after both.
    if (separatorsOf(u.block, v.block).some((gamma) => tree.addedSteps(u, gamma) + tree.addedSteps(v, gamma) === 0))
      return;
    let best: Sequence | undefined;
    let bestCost = Infinity;
    let bestReach = -1;
    for (const gamma of candidatesFor(u, v)) {
      const cost = tree.addedSteps(u, gamma) + tree.addedSteps(v, gamma);
      if (cost === 0) return;
      if (cost > bestCost) continue;
      const reach = reachOf(u.block, gamma);
      if (cost < bestCost || reach > bestReach) [best, bestCost, bestReach] = [gamma, cost, reach];
    }
    tree.extend(u, best!);
    tree.extend(v, best!);
  };

  const cover = stateCover(machine).map((sequence, block) => ({ block, node: tree.extend(tree.root, sequence) }));
  const coverByState: CoverByState = new Map();
  for (const entry of cover) {
    const state = machine.states[entry.block]!.state;
    coverByState.set(state, [...(coverByState.get(state) ?? []), entry]);
  }
  // The traversal set first: its continuations are candidates for γ at no cost.
  const traversals = cover.map(({ node }) => traversal(tree, machine, node, k + 1));
  // 1. The state cover, pair by pair.
  for (const entries of coverByState.values()) {
    for (const [index, { node }] of entries.entries()) {
      for (const other of entries.slice(index + 1)) distinguish(node, other.node);
    }
  }
  for (const steps of traversals) {
    for (const { node, ancestors } of steps) {
      // 3. Two prefixes of one traversal, the nearer first.
      for (let index = ancestors.length - 1; index >= 0; index--) distinguish(node, ancestors[index]!);
      // 2. A traversal step against every class of the state cover of its state.
      for (const other of coverByState.get(machine.states[node.block]!.state) ?? []) distinguish(node, other.node);
    }
  }
  return tree.leaves();
}

/**
 * The pairs h:k examines on `graph`, counted before anything is built: the
 * generation's work. Pairs of the state cover, then per traversal sequence
 * of length d the classes of its state in the cover and its d − 1 ancestors.
 */
export function hMethodPairCount(graph: ModelGraph, k: number): number {
  const machine = minimize(graph);
  const classesOfState = new Map<TcpState, number>();
  for (const block of machine.states) classesOfState.set(block.state, (classesOfState.get(block.state) ?? 0) + 1);
  let pairs = 0;
  for (const count of classesOfState.values()) pairs += (count * (count - 1)) / 2;
  // ways[b]: traversal sequences of the current length that end in class b (one start per class: the cover).
  let ways = machine.states.map(() => 1);
  for (let length = 1; length <= k + 1; length++) {
    const next = machine.states.map(() => 0);
    machine.states.forEach((block) => {
      for (const { to } of block.next.values()) next[to] = next[to]! + ways[block.id]!;
    });
    ways = next;
    ways.forEach((count, block) => {
      pairs += count * (classesOfState.get(machine.states[block]!.state)! + length - 1);
    });
  }
  return pairs;
}
