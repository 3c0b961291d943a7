/**
 * The state diagram in Graphviz DOT: one box per state (the RFC's name, and
 * what netstat shows), one edge per source, target and kind, labelled with
 * its transitions. Timer transitions are dashed and blue, so a reader sees at
 * a glance what happens on `after RTO` and `after TWO_MSL`. A state's loops
 * (transitions back to itself) are listed inside its box, below a rule, as a
 * UML state lists its internal transitions, a timer's in the timer colour:
 * Graphviz sizes a box by its label, so no edge and no parent's border runs
 * through them, as they did through the label of a loop drawn as an edge
 * (Graphviz routes edges around nodes, and draws clusters around nodes, but
 * neither around a loop's label).
 *
 * The ranks follow RFC 9293's Figure 5: opening at the top, ESTABLISHED in
 * the middle, the two ways of closing below it. Edges back to CLOSED and
 * LISTEN (resets, aborts, giving up) do not pull the layout.
 *
 * The parent states (`CONNECTION`, `SYNCHRONIZED`, …) are clusters around
 * their leaves, and a transition a parent holds for all its children leaves
 * the cluster's border once (Graphviz `compound` with `ltail`), as Harel
 * draws a statechart.
 */
import type { TcpState } from '../../machines/tcp.machine';
import {
  isParentState,
  readDefinition,
  rfcName,
  stateTree,
  type ParentStateTree,
  type StateDefinition,
} from './definition';
import { diagramEdges, isDrawnParent, type DiagramEdge } from './diagram';

/** Figure 5's rows, top to bottom, each left to right. */
export const RANKS: readonly (readonly TcpState[])[] = [
  ['CLOSED'],
  ['LISTEN'],
  ['SYN_RECEIVED', 'SYN_SENT'],
  ['ESTABLISHED'],
  ['FIN_WAIT_1', 'CLOSE_WAIT'],
  ['FIN_WAIT_2', 'CLOSING', 'LAST_ACK'],
  ['TIME_WAIT'],
];

/**
 * As in Figure 5, CLOSED is drawn twice: at the top, where connections are
 * opened, and at the bottom, where they end. Edges into CLOSED from the
 * states below the handshake go to the bottom one.
 */
const CLOSED_AT_END = 'CLOSED_END';
const ENDS_AT_BOTTOM: ReadonlySet<TcpState> = new Set(RANKS.slice(3).flat());

export const TIMER_COLOR = '#1f5fa8';

/** A DOT string; backslashes stay as they are, for the `\\n` and `\\l` line breaks. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}

/** An HTML-like label's text: Graphviz reads &, < and > as markup. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The leaves inside a parent state, in order. */
function leavesOf(parent: ParentStateTree): TcpState[] {
  return parent.children.flatMap((child) => (isParentState(child) ? leavesOf(child) : [child.key]));
}

/**
 * The leaf a parent's edge is drawn from (Graphviz draws an edge between
 * nodes; `ltail` clips it at the cluster): the one in the row nearest the
 * target's. Graphviz sets an edge's label halfway along the unclipped edge,
 * so from a leaf rows away the label fell on the cluster's border.
 */
function tailLeaf(parent: ParentStateTree, to: string, rankOf: ReadonlyMap<string, number>): TcpState {
  const leaves = leavesOf(parent);
  if (leaves.length === 0) throw new Error(`the parent state ${parent.key} holds no state`);
  const distance = (leaf: TcpState) => Math.abs((rankOf.get(leaf) ?? 0) - (rankOf.get(to) ?? 0));
  return leaves.reduce((nearest, leaf) => (distance(leaf) < distance(nearest) ? leaf : nearest));
}

function edgeLine(
  edge: DiagramEdge,
  rankOf: ReadonlyMap<string, number>,
  parents: ReadonlyMap<string, ParentStateTree>,
): string {
  const parent = parents.get(edge.from);
  const source = parent === undefined ? (edge.from as TcpState) : leavesOf(parent)[0]!;
  const to = edge.to === 'CLOSED' && ENDS_AT_BOTTOM.has(source) ? CLOSED_AT_END : edge.to;
  const from = parent === undefined ? source : tailLeaf(parent, to, rankOf);
  const attributes = [`label=${quoted(edge.labels.map((label) => `${label}\\l`).join(''))}`];
  if (parent !== undefined) attributes.push(`ltail=cluster_${parent.key}`);
  if (edge.timer) attributes.push('style=dashed', `color=${quoted(TIMER_COLOR)}`, `fontcolor=${quoted(TIMER_COLOR)}`);
  // An edge that climbs back up (a reset, an abort, giving up) does not pull the layout.
  if (to !== CLOSED_AT_END && (rankOf.get(edge.to) ?? 0) < (rankOf.get(from) ?? 0)) attributes.push('constraint=false');
  return `  ${from} -> ${to} [${attributes.join(', ')}];`;
}

/** A loop's lines in its state's box: one per label, a timer's in the timer colour. */
function loopLines(loop: DiagramEdge): string[] {
  return loop.labels.map((label) => (loop.timer ? `<FONT COLOR="${TIMER_COLOR}">${html(label)}</FONT>` : html(label)));
}

/** The diagram's edges as DOT lines, in order; a state's loops are in its box instead. */
function edgeLines(
  edges: readonly DiagramEdge[],
  rankOf: ReadonlyMap<string, number>,
  parents: ReadonlyMap<string, ParentStateTree>,
): string[] {
  return edges.filter((edge) => !isLoop(edge, parents)).map((edge) => edgeLine(edge, rankOf, parents));
}

/** A leaf's transition back to itself (a parent's edge to one of its leaves is drawn from the box). */
function isLoop(edge: DiagramEdge, parents: ReadonlyMap<string, ParentStateTree>): boolean {
  return edge.from === edge.to && !parents.has(edge.from);
}

function nodeLines(state: StateDefinition, indent: string, loops: readonly string[]): string[] {
  const netstat = state.meta?.netstat;
  const shown = typeof netstat === 'string' ? `netstat: ${netstat}` : 'no TCB: netstat shows nothing';
  const name = `<B>${html(rfcName(state.key))}</B><BR/><FONT POINT-SIZE="9">${html(shown)}</FONT>`;
  const label =
    loops.length === 0
      ? `<${name}>`
      : `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"><TR><TD>${name}</TD></TR><HR/>` +
        `<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9">${loops.join('<BR/>')}</FONT></TD></TR></TABLE>>`;
  const node = `${indent}${state.key} [label=${label}];`;
  return state.key === 'CLOSED' ? [node, `${indent}${CLOSED_AT_END} [label=${label}];`] : [node];
}

/** A leaf's node, or a parent state's cluster with what it holds, indented one level per depth. */
function treeLines(
  node: StateDefinition | ParentStateTree,
  indent: string,
  loops: ReadonlyMap<string, readonly string[]>,
): string[] {
  if (!isParentState(node)) return nodeLines(node, indent, loops.get(node.key) ?? []);
  return [
    `${indent}subgraph cluster_${node.key} {`,
    `${indent}  label=${quoted(node.key)}; labeljust=l; style="rounded,dashed"; color="#8c8c8c"; fontcolor="#5a5a5a"; fontsize=10;`,
    ...node.children.flatMap((child) => treeLines(child, `${indent}  `, loops)),
    `${indent}}`,
  ];
}

function parentsOf(
  tree: readonly (StateDefinition | ParentStateTree)[],
  into = new Map<string, ParentStateTree>(),
): Map<string, ParentStateTree> {
  for (const node of tree) {
    if (!isParentState(node)) continue;
    into.set(node.key, node);
    parentsOf(node.children, into);
  }
  return into;
}

export function dotDiagram(edges: readonly DiagramEdge[] = diagramEdges()): string {
  const definition = readDefinition();
  const rankOf = new Map<string, number>([[CLOSED_AT_END, RANKS.length]]);
  RANKS.forEach((row, rank) => row.forEach((state) => rankOf.set(state, rank)));
  const tree = stateTree(definition, isDrawnParent);
  const parents = parentsOf(tree);
  const loops = new Map<string, string[]>();
  for (const edge of edges.filter((edge) => isLoop(edge, parents)))
    loops.set(edge.from, [...(loops.get(edge.from) ?? []), ...loopLines(edge)]);
  const lines = [
    '// Generated from machines/tcp.machine.ts by `tcp-statechart export --format dot`; do not edit.',
    'digraph tcp {',
    // newrank: Figure 5's rows hold across the clusters; compound: a parent's edge leaves its cluster; pad: room at
    // the border for a label set in a wider font than Helvetica's metrics, which Graphviz measures with.
    '  graph [fontname="Helvetica", fontsize=11, nodesep=0.5, ranksep=0.7, labelloc=b, newrank=true, compound=true, pad=0.25,',
    `    label=${quoted(
      'TCP connection states (RFC 9293), generated from machines/tcp.machine.ts.\\n' +
        'Labels read EVENT [guard] / segments sent. Solid: a user call or an arriving segment; dashed: a timer.\\n' +
        'Boxes around states are parent states: an edge from a box is one transition written once for the states inside, taken by each that has none of its own for the event.\\n' +
        "Below the line in a state's box: its transitions back to itself.\\n" +
        'Transitions that stay in their state (refused calls, challenge ACKs, ignored segments) are in the transition table.',
    )}];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#f7f7f7", fontname="Helvetica", fontsize=12];',
    '  edge [fontname="Helvetica", fontsize=9];',
    '  start [shape=point, width=0.12, label=""];',
    `  start -> ${definition.initial};`,
    ...tree.flatMap((node) => treeLines(node, '  ', loops)),
    // Invisible edges keep each row in Figure 5's left-to-right order.
    ...RANKS.filter((row) => row.length > 1).map((row) => `  { rank=same; ${row.join(' -> ')} [style=invis]; }`),
    `  { rank=sink; ${CLOSED_AT_END}; }`,
    ...edgeLines(edges, rankOf, parents),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
