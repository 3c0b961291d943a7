/**
 * The state diagram in Graphviz DOT: one box per state (the RFC's name, and
 * what netstat shows), one edge per source, target and kind, labelled with
 * its transitions. Timer transitions are dashed and blue, so a reader sees at
 * a glance what happens on `after RTO` and `after TWO_MSL`. A state's loops
 * are one edge whose label lines keep those colours.
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

/** Points between a loop drawn on a state's left and its label: the loop's width. */
const WEST_LOOP_GUTTER = 28;

/** A DOT string; backslashes stay as they are, for the `\\n` and `\\l` line breaks. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}

/** An HTML-like label's text: Graphviz reads &, < and > as markup. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The first leaf inside a parent state: Graphviz draws an edge between nodes, so a parent's edge starts there and is clipped at the cluster. */
function firstLeaf(parent: ParentStateTree): TcpState {
  const first = parent.children[0];
  if (first === undefined) throw new Error(`the parent state ${parent.key} holds no state`);
  return isParentState(first) ? firstLeaf(first) : first.key;
}

/**
 * The side a state's loop is drawn on: its right, except for the first of a
 * row, where Figure 5 puts the next state and the edges between them on the
 * right, so it loops on its left.
 */
function loopSide(state: string): 'w' | 'e' {
  return RANKS.some((row) => row.length > 1 && row[0] === state) ? 'w' : 'e';
}

/**
 * Where an edge leaves and enters a state that has a loop: never on the
 * loop's side, where Graphviz would run it through the loop's label (it
 * routes edges around nodes, not around loop labels). A descending edge
 * leaves from the bottom and enters at the top; an edge that climbs back (to
 * CLOSED or LISTEN, on the right-hand side) leaves from the top right corner.
 */
function portAttributes(
  from: string,
  to: string,
  rankOf: ReadonlyMap<string, number>,
  looped: ReadonlySet<string>,
  fromCluster: boolean,
): string[] {
  const fromRank = rankOf.get(from);
  const toRank = rankOf.get(to);
  if (fromRank === undefined || toRank === undefined || fromRank === toRank) return [];
  const attributes: string[] = [];
  // A parent's edge leaves its cluster's border wherever Graphviz clips it: no port on the leaf it is drawn from.
  if (looped.has(from) && !fromCluster) attributes.push(`tailport=${toRank < fromRank ? 'ne' : 's'}`);
  if (looped.has(to) && fromRank < toRank) attributes.push('headport=n');
  return attributes;
}

function edgeLine(
  edge: DiagramEdge,
  rankOf: ReadonlyMap<string, number>,
  parents: ReadonlyMap<string, ParentStateTree>,
  looped: ReadonlySet<string>,
): string {
  const parent = parents.get(edge.from);
  const from = parent === undefined ? (edge.from as TcpState) : firstLeaf(parent);
  const to = edge.to === 'CLOSED' && ENDS_AT_BOTTOM.has(from) ? CLOSED_AT_END : edge.to;
  const attributes = [`label=${quoted(edge.labels.map((label) => `${label}\\l`).join(''))}`];
  if (parent !== undefined) attributes.push(`ltail=cluster_${parent.key}`);
  if (edge.timer) attributes.push('style=dashed', `color=${quoted(TIMER_COLOR)}`, `fontcolor=${quoted(TIMER_COLOR)}`);
  // An edge that climbs back up (a reset, an abort, giving up) does not pull the layout.
  if (to !== CLOSED_AT_END && (rankOf.get(edge.to) ?? 0) < (rankOf.get(from) ?? 0)) attributes.push('constraint=false');
  attributes.push(...portAttributes(from, to, rankOf, looped, parent !== undefined));
  return `  ${from} -> ${to} [${attributes.join(', ')}];`;
}

/**
 * A state's loops (transitions back to itself) as one edge. Graphviz nests
 * several loops on one side of a node, and the outer one runs through the
 * inner one's label; one loop with every label, a timer's in its colour,
 * reads cleanly. The loop is dashed only if all of it is timers.
 */
function loopLine(loops: readonly DiagramEdge[]): string {
  const state = loops[0]!.from;
  const lines = loops.flatMap((edge) =>
    edge.labels.map((label) => {
      const text = html(label);
      return `${edge.timer ? `<FONT COLOR="${TIMER_COLOR}">${text}</FONT>` : text}<BR ALIGN="LEFT"/>`;
    }),
  );
  const west = loopSide(state) === 'w';
  // Graphviz sets a loop's label beside the node as if the loop had no width: on the left, the loop runs through
  // the end of the text, so an empty cell keeps it clear.
  const label = west
    ? `<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD>${lines.join('')}</TD><TD WIDTH="${WEST_LOOP_GUTTER}"></TD></TR></TABLE>`
    : lines.join('');
  const attributes = [`label=<${label}>`];
  if (loops.every((edge) => edge.timer)) attributes.push('style=dashed', `color=${quoted(TIMER_COLOR)}`);
  if (west) attributes.push('tailport=w', 'headport=w');
  return `  ${state} -> ${state} [${attributes.join(', ')}];`;
}

/** The diagram's edges as DOT lines, in order; a state's loops are one line, where its first loop is. */
function edgeLines(
  edges: readonly DiagramEdge[],
  rankOf: ReadonlyMap<string, number>,
  parents: ReadonlyMap<string, ParentStateTree>,
): string[] {
  const isLoop = (edge: DiagramEdge) => edge.from === edge.to && !parents.has(edge.from);
  const looped = new Set(edges.filter(isLoop).map((edge) => edge.from));
  return edges.flatMap((edge, index) => {
    if (!isLoop(edge)) return [edgeLine(edge, rankOf, parents, looped)];
    if (edges.findIndex((other) => isLoop(other) && other.from === edge.from) !== index) return [];
    return [loopLine(edges.filter((other) => isLoop(other) && other.from === edge.from))];
  });
}

function nodeLines(state: StateDefinition, indent: string): string[] {
  const netstat = state.meta?.netstat;
  const shown = typeof netstat === 'string' ? `netstat: ${netstat}` : 'no TCB: netstat shows nothing';
  const label = `<<B>${html(rfcName(state.key))}</B><BR/><FONT POINT-SIZE="9">${html(shown)}</FONT>>`;
  const node = `${indent}${state.key} [label=${label}];`;
  return state.key === 'CLOSED' ? [node, `${indent}${CLOSED_AT_END} [label=${label}];`] : [node];
}

/** A leaf's node, or a parent state's cluster with what it holds, indented one level per depth. */
function treeLines(node: StateDefinition | ParentStateTree, indent: string): string[] {
  if (!isParentState(node)) return nodeLines(node, indent);
  return [
    `${indent}subgraph cluster_${node.key} {`,
    `${indent}  label=${quoted(node.key)}; labeljust=l; style="rounded,dashed"; color="#8c8c8c"; fontcolor="#5a5a5a"; fontsize=10;`,
    ...node.children.flatMap((child) => treeLines(child, `${indent}  `)),
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
        'Transitions that stay in their state (refused calls, challenge ACKs, ignored segments) are in the transition table.',
    )}];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#f7f7f7", fontname="Helvetica", fontsize=12];',
    '  edge [fontname="Helvetica", fontsize=9];',
    '  start [shape=point, width=0.12, label=""];',
    `  start -> ${definition.initial};`,
    ...tree.flatMap((node) => treeLines(node, '  ')),
    // Invisible edges keep each row in Figure 5's left-to-right order.
    ...RANKS.filter((row) => row.length > 1).map((row) => `  { rank=same; ${row.join(' -> ')} [style=invis]; }`),
    `  { rank=sink; ${CLOSED_AT_END}; }`,
    ...edgeLines(edges, rankOf, parents),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
