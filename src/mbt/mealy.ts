/**
 * The compiled model graph read as a Mealy machine, and minimized.
 *
 * Input: an event of the alphabet. Output: everything a path test judges on
 * a step — the state after it, the segments sent (as the wire shows them),
 * the error a refused call gets, the user's signal, and how far a timer
 * moves the clock. Two snapshots whose every input sequence gives the same
 * outputs are equivalent: no test can tell them apart, so the minimal machine
 * merges them (Moore's partition refinement: split blocks by output, then by
 * the block each input leads to, until nothing splits). Its rounds are kept:
 * two snapshots first split in round r differ on an input sequence of length
 * r + 1 and on none shorter, which `separatingSequence` reads back.
 *
 * The machine is partial: a state's timers are inputs of that state only.
 * Snapshots of different states are told apart by the state itself, which
 * the adapter reports after every step; the state is part of round 0.
 */
import type { TcpState } from '../../machines/tcp.machine';
import type { ModelEdge, ModelEventType, ModelGraph } from './modelGraph';
import { wireKind } from './runner';

/** What an observer sees on one step: `ESTABLISHED|sendAck|-|-|-`. */
export function outputOf(graph: ModelGraph, edge: ModelEdge): string {
  return [
    graph.nodes[edge.to]!.state,
    edge.sends.map(wireKind).join(','),
    edge.rejects ?? '-',
    edge.signals ?? '-',
    edge.delayMs ?? '-',
  ].join('|');
}

export interface MealyState {
  readonly id: number;
  readonly state: TcpState;
  /** A snapshot of the compiled graph in this block (the one found first). */
  readonly representative: number;
  /** Every snapshot of the compiled graph in this block. */
  readonly members: readonly number[];
  /** Per input of this state: the next block and the output. */
  readonly next: ReadonlyMap<ModelEventType, { readonly to: number; readonly output: string }>;
}

export interface MinimalMachine {
  readonly graph: ModelGraph;
  readonly states: readonly MealyState[];
  /** Block of each snapshot of the compiled graph. */
  readonly blockOf: Int32Array;
  readonly initial: number;
  /** Block of each snapshot after each round of refinement (round 0: state and outputs). */
  readonly rounds: readonly Int32Array[];
}

/** Numbers the distinct keys in order of first appearance. */
function numberKeys(keys: readonly string[]): { blocks: Int32Array; count: number } {
  const ids = new Map<string, number>();
  const blocks = new Int32Array(keys.length);
  keys.forEach((key, index) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    blocks[index] = id;
  });
  return { blocks, count: ids.size };
}

const cache = new WeakMap<ModelGraph, MinimalMachine>();

/** The minimal Mealy machine equivalent to the compiled graph (computed once per graph). */
export function minimize(graph: ModelGraph): MinimalMachine {
  const cached = cache.get(graph);
  if (cached !== undefined) return cached;
  const { nodes } = graph;
  // In the alphabet's order, so that snapshots of one state compare input by input.
  const successors = (node: ModelGraph['nodes'][number]) =>
    graph.alphabet[node.state].map((event) => node.edgeByEvent.get(event)?.to ?? -1);
  let { blocks, count } = numberKeys(
    nodes.map(
      (node) => `${node.state} ${node.edges.map((edge) => `${edge.event}=${outputOf(graph, edge)}`).join(' ')}`,
    ),
  );
  const rounds = [blocks];
  // Each round either splits a block or ends: at most n rounds.
  for (;;) {
    const current = blocks;
    const refined = numberKeys(
      nodes.map(
        (node) =>
          `${current[node.id]} ${successors(node)
            .map((to) => current[to])
            .join(' ')}`,
      ),
    );
    if (refined.count === count) break;
    ({ blocks, count } = refined);
    rounds.push(blocks);
  }
  const members: number[][] = Array.from({ length: count }, () => []);
  nodes.forEach((node) => members[blocks[node.id]!]!.push(node.id));
  const states = members.map((ids, id): MealyState => {
    const node = nodes[ids[0]!]!;
    return {
      id,
      state: node.state,
      representative: node.id,
      members: ids,
      next: new Map(node.edges.map((edge) => [edge.event, { to: blocks[edge.to]!, output: outputOf(graph, edge) }])),
    };
  });
  const machine: MinimalMachine = { graph, states, blockOf: blocks, initial: blocks[graph.initial]!, rounds };
  cache.set(graph, machine);
  return machine;
}

/**
 * A shortest input sequence on which snapshots `a` and `b` of the compiled
 * graph (same state) give different outputs; null when they are equivalent.
 * Read off the refinement rounds: at the round where they first split, an
 * input either shows different outputs or leads to snapshots split a round
 * earlier.
 */
export function separatingSequence(machine: MinimalMachine, a: number, b: number): ModelEventType[] | null {
  const { graph, rounds } = machine;
  let split = rounds.findIndex((blocks) => blocks[a] !== blocks[b]);
  if (split === -1) return null;
  const sequence: ModelEventType[] = [];
  let [x, y] = [a, b];
  for (;;) {
    const nodeX = graph.nodes[x]!;
    const nodeY = graph.nodes[y]!;
    if (nodeX.state !== nodeY.state) return sequence;
    let advanced = false;
    for (const edgeX of nodeX.edges) {
      const edgeY = nodeY.edgeByEvent.get(edgeX.event);
      if (edgeY === undefined) continue;
      if (outputOf(graph, edgeX) !== outputOf(graph, edgeY)) {
        sequence.push(edgeX.event);
        return sequence;
      }
      if (split > 0 && rounds[split - 1]![edgeX.to] !== rounds[split - 1]![edgeY.to]) {
        sequence.push(edgeX.event);
        [x, y] = [edgeX.to, edgeY.to];
        split -= 1;
        advanced = true;
        break;
      }
    }
    // Round 0 also splits snapshots that offer different timers (another one is due first): waiting tells them apart.
    const offeredByOne =
      nodeX.edges.find((edge) => !nodeY.edgeByEvent.has(edge.event)) ??
      nodeY.edges.find((edge) => !nodeX.edgeByEvent.has(edge.event));
    if (!advanced && split === 0 && offeredByOne !== undefined) return [...sequence, offeredByOne.event];
    if (!advanced) throw new Error(`snapshots ${x} and ${y} split in round ${split} on no input`);
  }
}

/** The minimal machine's blocks `a` and `b`, separated (through their representatives). */
export function separateBlocks(machine: MinimalMachine, a: number, b: number): ModelEventType[] {
  const sequence = separatingSequence(machine, machine.states[a]!.representative, machine.states[b]!.representative);
  if (sequence === null) throw new Error(`blocks ${a} and ${b} of the minimal machine are equivalent`);
  return sequence;
}
