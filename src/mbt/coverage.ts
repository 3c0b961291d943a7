/**
 * What a set of paths covers, against the totals the model has: states,
 * transition definitions (delayed ones apart), guard outcomes, pairs of
 * consecutive transitions, and state × event pairs.
 */
import { TCP_STATES, type TcpState } from '../../machines/tcp.machine';
import type { ModelEdge, ModelEventType, ModelGraph } from './modelGraph';

export interface CoverageItem {
  readonly covered: number;
  readonly total: number;
}

export interface Coverage {
  readonly states: CoverageItem;
  readonly transitions: CoverageItem;
  readonly delayedTransitions: CoverageItem;
  readonly guardOutcomes: CoverageItem;
  readonly transitionPairs: CoverageItem;
  readonly stateEventPairs: CoverageItem;
  /** What is not covered, by kind, for reports. */
  readonly missing: {
    readonly states: readonly string[];
    readonly transitions: readonly string[];
    readonly guardOutcomes: readonly string[];
    readonly stateEventPairs: readonly string[];
  };
  /**
   * Transition definitions that no profile of the run can take (their guards
   * need another input, such as the Linux profile's options): not counted in
   * `transitions`, listed so that a report never hides them.
   */
  readonly otherProfiles: readonly string[];
}

/**
 * Accumulates what paths visit: edges and pairs of consecutive edges, as
 * numbers, so that it is cheap enough to feed every step of a depth-first
 * run. Names (states, definitions, guards) are derived when reporting.
 */
export class CoverageTracker {
  private readonly edges = new Set<number>();
  private readonly edgePairs = new Set<number>();

  constructor(private readonly graph: ModelGraph) {}

  /** Records one step; `previous` is the step before it on the same path (for pairs). */
  visit(edge: ModelEdge, previous: ModelEdge | null): void {
    this.edges.add(edge.index);
    if (previous !== null) this.edgePairs.add(previous.index * this.graph.edges.length + edge.index);
  }

  visitPath(edges: readonly ModelEdge[]): void {
    edges.forEach((edge, index) => this.visit(edge, index === 0 ? null : edges[index - 1]!));
  }

  /** Merges another tracker's visits of the same graph. */
  merge(other: CoverageTracker): void {
    if (other.graph !== this.graph)
      throw new Error('coverage of different graphs cannot be merged; report each and combine the reports');
    for (const edge of other.edges) this.edges.add(edge);
    for (const pair of other.edgePairs) this.edgePairs.add(pair);
  }

  /** The names of what was covered, for reports and for combining graphs of different inputs. */
  covered(): CoveredItems {
    const { graph } = this;
    const states = new Set<string>([graph.nodes[graph.initial]!.state]);
    const transitions = new Set<string>();
    const guardOutcomes = new Set<string>();
    const stateEventPairs = new Set<string>();
    const transitionPairs = new Set<string>();
    for (const index of this.edges) {
      const edge = graph.edges[index]!;
      states.add(graph.nodes[edge.to]!.state);
      stateEventPairs.add(`${graph.nodes[edge.from]!.state} ${edge.event}`);
      if (edge.transition !== null) transitions.add(edge.transition);
      for (const { guard, value } of edge.guards) guardOutcomes.add(`${guard}=${value}`);
    }
    const count = graph.edges.length;
    for (const pair of this.edgePairs) {
      const first = graph.edges[Math.floor(pair / count)]!;
      const second = graph.edges[pair % count]!;
      if (first.transition !== null && second.transition !== null) {
        transitionPairs.add(`${first.transition} | ${second.transition}`);
      }
    }
    return { states, transitions, guardOutcomes, stateEventPairs, transitionPairs };
  }

  report(totals: ModelTotals = modelTotals([this.graph])): Coverage {
    return coverageReport(this.covered(), this.graph, totals);
  }
}

export interface CoveredItems {
  readonly states: ReadonlySet<string>;
  readonly transitions: ReadonlySet<string>;
  readonly guardOutcomes: ReadonlySet<string>;
  readonly stateEventPairs: ReadonlySet<string>;
  readonly transitionPairs: ReadonlySet<string>;
}

/** Unions the covered items of several runs (for instance, of graphs built with different inputs). */
export function unionCovered(items: readonly CoveredItems[]): CoveredItems {
  const union = (pick: (item: CoveredItems) => ReadonlySet<string>) =>
    new Set(items.flatMap((item) => [...pick(item)]));
  return {
    states: union((item) => item.states),
    transitions: union((item) => item.transitions),
    guardOutcomes: union((item) => item.guardOutcomes),
    stateEventPairs: union((item) => item.stateEventPairs),
    transitionPairs: union((item) => item.transitionPairs),
  };
}

export function coverageReport(
  seen: CoveredItems,
  graph: ModelGraph,
  totals: ModelTotals = modelTotals([graph]),
): Coverage {
  const count = (covered: ReadonlySet<string>, all: readonly string[]) => ({
    covered: all.filter((item) => covered.has(item)).length,
    total: all.length,
  });
  const missing = (covered: ReadonlySet<string>, all: readonly string[]) => all.filter((item) => !covered.has(item));
  const reachable = new Set(totals.transitions);
  const delayed = graph.transitions.filter((t) => t.delayed && reachable.has(t.id)).map((t) => t.id);
  return {
    states: count(seen.states, TCP_STATES),
    transitions: count(seen.transitions, totals.transitions),
    delayedTransitions: count(seen.transitions, delayed),
    guardOutcomes: count(seen.guardOutcomes, totals.guardOutcomes),
    transitionPairs: count(seen.transitionPairs, totals.transitionPairs),
    stateEventPairs: count(seen.stateEventPairs, totals.stateEventPairs),
    missing: {
      states: missing(seen.states, TCP_STATES),
      transitions: missing(seen.transitions, totals.transitions),
      guardOutcomes: missing(seen.guardOutcomes, totals.guardOutcomes),
      stateEventPairs: missing(seen.stateEventPairs, totals.stateEventPairs),
    },
    otherProfiles: totals.otherProfiles,
  };
}

export interface ModelTotals {
  /** The transition definitions the graphs can take. */
  readonly transitions: readonly string[];
  /** The guard outcomes the graphs can see. */
  readonly guardOutcomes: readonly string[];
  /** The pairs of consecutive transitions that the model can take somewhere. */
  readonly transitionPairs: readonly string[];
  readonly stateEventPairs: readonly string[];
  /** The machine's transition definitions that none of the graphs can take. */
  readonly otherProfiles: readonly string[];
}

/**
 * The totals to cover for graphs compiled from the same machine with
 * different inputs (profiles): what those inputs make reachable. A branch
 * whose guard only another input makes true (a Linux profile option, say) is
 * not a gap in a run of these profiles; it is listed in `otherProfiles`.
 */
export function modelTotals(graphs: readonly ModelGraph[]): ModelTotals {
  const [machine] = graphs;
  if (machine === undefined) throw new Error('no model graph to take totals from');
  const pairs = new Set<string>();
  const taken = new Set<string>();
  const outcomes = new Set<string>();
  for (const graph of graphs) {
    for (const node of graph.nodes) {
      for (const first of node.edges) {
        for (const { guard, value } of first.guards) outcomes.add(`${guard}=${value}`);
        if (first.transition === null) continue;
        taken.add(first.transition);
        for (const second of graph.nodes[first.to]!.edges) {
          if (second.transition !== null) pairs.add(`${first.transition} | ${second.transition}`);
        }
      }
    }
  }
  const stateEventPairs = (Object.entries(machine.alphabet) as [TcpState, readonly ModelEventType[]][]).flatMap(
    ([state, events]) => events.map((event) => `${state} ${event}`),
  );
  // Graphs of one machine share its definitions, guards and alphabet; only what they reach differs.
  const definitions = machine.transitions.map((t) => t.id);
  return {
    transitions: definitions.filter((id) => taken.has(id)),
    guardOutcomes: machine.guards
      .flatMap((guard) => [`${guard}=true`, `${guard}=false`])
      .filter((outcome) => outcomes.has(outcome)),
    transitionPairs: [...pairs].sort(),
    stateEventPairs,
    otherProfiles: definitions.filter((id) => !taken.has(id)),
  };
}

/** Coverage of a list of paths, walked on the graph (no implementation needed). */
export function coverageOf(
  graph: ModelGraph,
  paths: readonly { events: readonly ModelEventType[] }[],
): CoverageTracker {
  const tracker = new CoverageTracker(graph);
  for (const path of paths) {
    let node = graph.nodes[graph.initial]!;
    let previous: ModelEdge | null = null;
    for (const event of path.events) {
      const edge = node.edgeByEvent.get(event)!;
      tracker.visit(edge, previous);
      previous = edge;
      node = graph.nodes[edge.to]!;
    }
  }
  return tracker;
}
