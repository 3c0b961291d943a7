/**
 * An oracle for m-completeness, apart from the generator it judges: the
 * H-method's sufficient conditions (Dorofeeva, El-Fakih, Yevtushenko 2005;
 * src/mbt/hMethod.ts states them) checked on any suite, read as the tree of
 * its common prefixes. A pair of test sequences is told apart when the suite
 * continues both with one input sequence on which the minimal machine
 * answers differently. W, Wp and H suites all meet them; a suite that does is
 * m-complete whatever way it was built.
 */
import { minimize, type MinimalMachine } from '../../src/mbt/mealy';
import type { ModelEventType, ModelGraph } from '../../src/mbt/modelGraph';
import { stateCover } from '../../src/mbt/wMethod';

interface SuiteNode {
  readonly block: number;
  readonly children: Map<ModelEventType, SuiteNode>;
}

function suiteTree(machine: MinimalMachine, paths: readonly (readonly ModelEventType[])[]): SuiteNode {
  const root: SuiteNode = { block: machine.initial, children: new Map() };
  for (const events of paths) {
    let node = root;
    for (const event of events) {
      let child = node.children.get(event);
      if (child === undefined) {
        const next = machine.states[node.block]!.next.get(event);
        if (next === undefined) throw new Error(`${events.join(' ')} is no path of the model`);
        node.children.set(event, (child = { block: next.to, children: new Map() }));
      }
      node = child;
    }
  }
  return root;
}

/**
 * Whether the suite continues `u` and `v` alike up to a step where the
 * minimal machine answers differently: breadth first over their common
 * continuations (each pair of nodes met once: a tree has no joins), so a
 * short difference is found before long common paths are walked.
 */
function toldApart(machine: MinimalMachine, u: SuiteNode, v: SuiteNode): boolean {
  let level: [SuiteNode, SuiteNode][] = [[u, v]];
  while (level.length > 0) {
    const next: [SuiteNode, SuiteNode][] = [];
    for (const [x, y] of level) {
      // An input the suite applies after one that the other's class does not offer (a timer where another is due
      // first) tells them apart: waiting for it, the model expects an answer the other class does not give.
      for (const event of y.children.keys()) if (!machine.states[x.block]!.next.has(event)) return true;
      for (const [event, childX] of x.children) {
        if (!machine.states[y.block]!.next.has(event)) return true;
        const childY = y.children.get(event);
        if (childY === undefined) continue;
        if (machine.states[x.block]!.next.get(event)!.output !== machine.states[y.block]!.next.get(event)!.output)
          return true;
        next.push([childX, childY]);
      }
    }
    level = next;
  }
  return false;
}

export interface ConditionReport {
  /** Pairs of test sequences that reach two classes of one state, each needing to be told apart. */
  readonly pairs: number;
  /** What the suite lacks: a traversal sequence it does not contain, or a pair it does not tell apart. */
  readonly unmet: readonly string[];
}

/**
 * Checks the H-method's conditions for k extra states on `paths`, with the
 * state cover of src/mbt/wMethod.ts: the cover and every defined extension
 * of 1 to k + 1 inputs in the suite, and told apart: two cover sequences,
 * an extension and a cover sequence, two extensions of one cover sequence
 * of which one is a prefix of the other. Only classes of one state need it:
 * the adapter reports the state after every step.
 */
export function checkHConditions(
  graph: ModelGraph,
  paths: readonly (readonly ModelEventType[])[],
  k: number,
): ConditionReport {
  const machine = minimize(graph);
  const root = suiteTree(machine, paths);
  const unmet: string[] = [];
  let pairs = 0;
  const require = (u: SuiteNode, v: SuiteNode, what: () => string) => {
    if (u.block === v.block || machine.states[u.block]!.state !== machine.states[v.block]!.state) return;
    pairs += 1;
    if (!toldApart(machine, u, v)) unmet.push(what());
  };
  const nodeAt = (events: readonly ModelEventType[]): SuiteNode | undefined => {
    let node: SuiteNode | undefined = root;
    for (const event of events) node = node?.children.get(event);
    return node;
  };
  const cover = stateCover(machine).map((events) => ({ events, node: nodeAt(events) }));
  for (const { events, node } of cover) if (node === undefined) unmet.push(`cover ${events.join(' ')} missing`);
  const present = cover.filter((entry): entry is { events: typeof entry.events; node: SuiteNode } => !!entry.node);
  for (const [index, a] of present.entries())
    for (const b of present.slice(index + 1))
      require(a.node, b.node, () => `cover ${a.events.join(' ')} / ${b.events.join(' ')}`);
  const coverOf = new Map<string, typeof present>();
  for (const entry of present) {
    const { state } = machine.states[entry.node.block]!;
    coverOf.set(state, [...(coverOf.get(state) ?? []), entry]);
  }
  for (const alpha of present) {
    const walk = (node: SuiteNode, beta: ModelEventType[], along: SuiteNode[]): void => {
      if (beta.length === k + 1) return;
      for (const event of machine.states[node.block]!.next.keys()) {
        const child = node.children.get(event);
        const name = () => [...alpha.events, ...beta, event].join(' ');
        if (child === undefined) {
          unmet.push(`traversal ${name()} missing`);
          continue;
        }
        for (const ancestor of along) require(child, ancestor, () => `${name()} / a prefix of it`);
        for (const omega of coverOf.get(machine.states[child.block]!.state) ?? [])
          require(child, omega.node, () => `${name()} / cover ${omega.events.join(' ')}`);
        walk(child, [...beta, event], [...along, child]);
      }
    };
    walk(alpha.node, [], []);
  }
  return { pairs, unmet };
}
