/**
 * Distinguishing sequences: for every pair of inequivalent snapshots that
 * share a state, a shortest input sequence on which the model's outputs
 * differ. Together they are the characterizing set W of the minimal machine,
 * and each snapshot's own share, the sequences that tell it from every other
 * snapshot of its state, is its identification set W_i (Chow 1978; Fujiwara
 * et al. 1991). They say what the hidden context (retries, back-off, queued
 * data and FIN) means to an observer: which few steps reveal it.
 */
import type { TcpContext, TcpState } from '../../machines/tcp.machine';
import { SEGMENT_LABELS } from '../model/actions';
import { minimize, separateBlocks, type MinimalMachine } from './mealy';
import { eventName, shortestPrefixes, type ModelEventType, type ModelGraph } from './modelGraph';
import { wireKind } from './runner';

export interface Distinction {
  /** Blocks of the minimal machine, `a < b`. */
  readonly a: number;
  readonly b: number;
  readonly state: TcpState;
  readonly sequence: readonly ModelEventType[];
}

const key = (sequence: readonly ModelEventType[]) => sequence.join('\n');

export interface CharacterizingSet {
  readonly distinctions: readonly Distinction[];
  /** Per block of the minimal machine: the sequences that tell it from every other block of its state. */
  readonly identification: readonly (readonly (readonly ModelEventType[])[])[];
  /** Per state: every sequence of the blocks of that state (W restricted to what that state needs). */
  readonly byState: ReadonlyMap<TcpState, readonly (readonly ModelEventType[])[]>;
}

const cache = new WeakMap<MinimalMachine, CharacterizingSet>();

/** Every pair's distinguishing sequence, W_i per block and W per state. */
export function characterizingSet(machine: MinimalMachine): CharacterizingSet {
  const cached = cache.get(machine);
  if (cached !== undefined) return cached;
  const distinctions: Distinction[] = [];
  const identification = machine.states.map(() => new Map<string, readonly ModelEventType[]>());
  const byState = new Map<TcpState, Map<string, readonly ModelEventType[]>>();
  const byStateBlocks = new Map<TcpState, number[]>();
  for (const block of machine.states)
    byStateBlocks.set(block.state, [...(byStateBlocks.get(block.state) ?? []), block.id]);
  for (const [state, blocks] of byStateBlocks) {
    const all = new Map<string, readonly ModelEventType[]>();
    byState.set(state, all);
    for (const [index, a] of blocks.entries()) {
      for (const b of blocks.slice(index + 1)) {
        const sequence = separateBlocks(machine, a, b);
        distinctions.push({ a, b, state, sequence });
        for (const set of [identification[a]!, identification[b]!, all]) set.set(key(sequence), sequence);
      }
    }
  }
  const result: CharacterizingSet = {
    distinctions,
    identification: identification.map((set) => [...set.values()]),
    byState: new Map([...byState].map(([state, set]) => [state, [...set.values()]])),
  };
  cache.set(machine, result);
  return result;
}

/** The context fields in which two snapshots differ. */
function contextDifferences(a: Readonly<TcpContext>, b: Readonly<TcpContext>): string[] {
  return (Object.keys(a) as (keyof TcpContext)[])
    .filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]))
    .map((field) => `${field} ${JSON.stringify(a[field])}/${JSON.stringify(b[field])}`);
}

/** What the model outputs along `sequence` from snapshot `from`, step by step. */
function outputsAlong(graph: ModelGraph, from: number, sequence: readonly ModelEventType[]): string {
  const seen: string[] = [];
  let node = graph.nodes[from]!;
  for (const event of sequence) {
    const edge = node.edgeByEvent.get(event);
    if (edge === undefined) {
      seen.push(`${eventName(event)}: not offered here (another timer is due first)`);
      break;
    }
    const sends = edge.sends.map((action) => SEGMENT_LABELS[wireKind(action)]).join(' + ');
    seen.push(
      [
        `${eventName(event)} -> ${graph.nodes[edge.to]!.state}`,
        ...(edge.delayMs === null ? [] : [`after ${edge.delayMs} ms`]),
        ...(sends === '' ? [] : [`sends ${sends}`]),
        ...(edge.rejects === null ? [] : [`refused: ${edge.rejects}`]),
        ...(edge.signals === null ? [] : [`user told: ${edge.signals}`]),
      ].join(', '),
    );
    node = graph.nodes[edge.to]!;
  }
  return seen.join('; ');
}

/**
 * The `distinguish` listing: every sequence of W with the pairs it
 * separates, the context fields those pairs differ in, and one pair as an
 * example (reached how, and what each answers).
 */
export function formatCharacterizingSet(graph: ModelGraph): string {
  const machine = minimize(graph);
  const { distinctions } = characterizingSet(machine);
  const prefixes = shortestPrefixes(graph);
  const groups = new Map<string, Distinction[]>();
  for (const distinction of distinctions) {
    const id = `${distinction.state}\n${key(distinction.sequence)}`;
    // Pushed in place: copying the group on every pair made the listing quadratic (4 minutes for 189,349 pairs).
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [distinction]);
    else group.push(distinction);
  }
  const lines = [
    `${graph.nodes.length} snapshots, ${machine.states.length} after merging equivalent ones; ` +
      `${distinctions.length} pairs of inequivalent snapshots share a state; ` +
      `W has ${new Set(distinctions.map((d) => key(d.sequence))).size} sequences`,
  ];
  for (const [, pairs] of groups) {
    const [first] = pairs;
    const fields = new Set<string>();
    for (const { a, b } of pairs) {
      const contextA = graph.nodes[machine.states[a]!.representative]!.context;
      const contextB = graph.nodes[machine.states[b]!.representative]!.context;
      for (const difference of contextDifferences(contextA, contextB)) fields.add(difference.split(' ')[0]!);
    }
    const [x, y] = [machine.states[first!.a]!.representative, machine.states[first!.b]!.representative];
    lines.push(
      '',
      `${first!.state}: ${first!.sequence.map(eventName).join(', ')} — separates ${pairs.length} pair${pairs.length === 1 ? '' : 's'}; they differ in ${[...fields].join(', ')}`,
      `  e.g. after ${prefixes[x]!.map(eventName).join(', ') || '(nothing)'}: ${outputsAlong(graph, x, first!.sequence)}`,
      `   and after ${prefixes[y]!.map(eventName).join(', ') || '(nothing)'}: ${outputsAlong(graph, y, first!.sequence)}`,
      `  (${contextDifferences(graph.nodes[x]!.context, graph.nodes[y]!.context).join(', ')})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
