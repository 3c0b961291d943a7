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
 * LISTEN (resets, aborts, giving up) are written downward and drawn backward.
 *
 * Graphviz sets an edge's label with the edge and does not keep it out of the
 * clusters the edge passes (it centred FIN-WAIT-1's `after RTO [not
 * closeQueued]` on FIN_SENT's border). An edge whose label a border or
 * another edge would cross carries it as a node instead, which Graphviz keeps
 * clear of both (`labelNodes`; src/export/layout.ts finds those edges).
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

/** An edge's name in the set of edges whose label is a node (`dotDiagram`'s `labelNodes`). */
export function edgeKey(edge: DiagramEdge): string {
  return `${edge.from} -> ${edge.to}${edge.timer ? ' (timer)' : ''}`;
}

/** The DOT node that carries an edge's label when it is drawn as a node. */
function labelNodeName(edge: DiagramEdge): string {
  return `label_${edge.from}_${edge.to}${edge.timer ? '_timer' : ''}`;
}

/** Where an edge is drawn from and to, and its look; a parent's edge leaves from one of its leaves, clipped. */
function edgeEnds(
  edge: DiagramEdge,
  rankOf: ReadonlyMap<string, number>,
  parents: ReadonlyMap<string, ParentStateTree>,
) {
  const parent = parents.get(edge.from);
  const source = parent === undefined ? (edge.from as TcpState) : leavesOf(parent)[0]!;
  const to = edge.to === 'CLOSED' && ENDS_AT_BOTTOM.has(source) ? CLOSED_AT_END : edge.to;
  const from = parent === undefined ? source : tailLeaf(parent, to, rankOf);
  const look = edge.timer ? ['style=dashed', `color=${quoted(TIMER_COLOR)}`, `fontcolor=${quoted(TIMER_COLOR)}`] : [];
  const climbs = to !== CLOSED_AT_END && (rankOf.get(edge.to) ?? 0) < (rankOf.get(from) ?? 0);
  return { parent, from, to, look, climbs };
}

const labelText = (edge: DiagramEdge) => quoted(edge.labels.map((label) => `${label}\\l`).join(''));

/**
 * One DOT edge from `from` to `to`. An edge that climbs back up (a reset, an
 * abort, giving up) is written downward and drawn backward (`dir=back`), so
 * that Graphviz orders it with the edges going down and routes it on its
 * source's side: as an edge outside the ranking (`constraint=false`) it was
 * routed round the far side, SYN-RECEIVED's over SYN-SENT.
 */
function segment(from: string, to: string, climbs: boolean, attributes: readonly string[], arrow = true): string {
  const direction = arrow ? (climbs ? ['dir=back'] : []) : ['dir=none'];
  const [tail, head] = climbs ? [to, from] : [from, to];
  const all = [...attributes, ...direction];
  return all.length === 0 ? `  ${tail} -> ${head};` : `  ${tail} -> ${head} [${all.join(', ')}];`;
}

function edgeLines(
  edge: DiagramEdge,
  rankOf: ReadonlyMap<string, number>,
  parents: ReadonlyMap<string, ParentStateTree>,
  labelNodes: ReadonlySet<string>,
): string[] {
  const { parent, from, to, look, climbs } = edgeEnds(edge, rankOf, parents);
  if (parent === undefined && labelNodes.has(edgeKey(edge))) {
    // The label is a node (see labelNodeLine), and the edge runs through it.
    const label = labelNodeName(edge);
    return [segment(from, label, climbs, look, false), segment(label, to, climbs, look)];
  }
  const attributes = [`label=${labelText(edge)}`];
  if (parent !== undefined) attributes.push(climbs ? `lhead=cluster_${parent.key}` : `ltail=cluster_${parent.key}`);
  return [segment(from, to, climbs, [...attributes, ...look])];
}

/**
 * The node that carries an edge's label, set in the innermost box around both ends (enclosingParent):
 * Graphviz keeps a node inside its cluster and out of every other, but it
 * places an edge's own label with the edge, and there a parent's border can
 * run through it (FIN-WAIT-1's `after RTO [not closeQueued]` lay across
 * FIN_SENT's border).
 */
function labelNodeLine(edge: DiagramEdge, indent: string): string {
  const colour = edge.timer ? `, fontcolor=${quoted(TIMER_COLOR)}` : '';
  return `${indent}${labelNodeName(edge)} [shape=plaintext, width=0, height=0, margin="0.06,0.03", style="", fontsize=9${colour}, label=${labelText(edge)}];`;
}

/** A loop's lines in its state's box: one per label, a timer's in the timer colour. */
function loopLines(loop: DiagramEdge): string[] {
  return loop.labels.map((label) => (loop.timer ? `<FONT COLOR="${TIMER_COLOR}">${html(label)}</FONT>` : html(label)));
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

/**
 * The innermost parent state drawn around both ends of an edge, or undefined
 * for none: the box a label node goes in, so that it sits where the edge runs
 * between the two, outside the boxes that hold only one of them.
 */
function enclosingParent(edge: DiagramEdge, parents: ReadonlyMap<string, ParentStateTree>): string | undefined {
  const around = [...parents.values()]
    .map((parent) => ({ key: parent.key, leaves: leavesOf(parent) }))
    .filter(({ leaves }) => leaves.includes(edge.from as TcpState) && leaves.includes(edge.to));
  return around.reduce<(typeof around)[number] | undefined>(
    (innermost, parent) =>
      innermost === undefined || parent.leaves.length < innermost.leaves.length ? parent : innermost,
    undefined,
  )?.key;
}

/** A leaf's node, or a parent state's cluster with what it holds (label nodes included), indented one level per depth. */
function treeLines(
  node: StateDefinition | ParentStateTree,
  indent: string,
  loops: ReadonlyMap<string, readonly string[]>,
  labelNodesIn: (parent: string | undefined, indent: string) => string[],
): string[] {
  if (!isParentState(node)) return nodeLines(node, indent, loops.get(node.key) ?? []);
  return [
    `${indent}subgraph cluster_${node.key} {`,
    `${indent}  label=${quoted(node.key)}; labeljust=l; style="rounded,dashed"; color="#8c8c8c"; fontcolor="#5a5a5a"; fontsize=10;`,
    ...node.children.flatMap((child) => treeLines(child, `${indent}  `, loops, labelNodesIn)),
    ...labelNodesIn(node.key, `${indent}  `),
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

/**
 * The diagram in DOT. `labelNodes` names the edges (`edgeKey`) whose label is
 * a node in the box around both ends rather than the edge's own label: the
 * edges whose label a parent's border would cross (`laidOutDot`).
 */
export function dotDiagram(
  edges: readonly DiagramEdge[] = diagramEdges(),
  labelNodes: ReadonlySet<string> = new Set(),
): string {
  const definition = readDefinition();
  const rankOf = new Map<string, number>([[CLOSED_AT_END, RANKS.length]]);
  RANKS.forEach((row, rank) => row.forEach((state) => rankOf.set(state, rank)));
  const tree = stateTree(definition, isDrawnParent);
  const parents = parentsOf(tree);
  const labelled = edges.filter(
    (edge) => labelNodes.has(edgeKey(edge)) && !parents.has(edge.from) && !isLoop(edge, parents),
  );
  const labelNodesIn = (parent: string | undefined, indent: string) =>
    labelled.filter((edge) => enclosingParent(edge, parents) === parent).map((edge) => labelNodeLine(edge, indent));
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
    ...tree.flatMap((node) => treeLines(node, '  ', loops, labelNodesIn)),
    ...labelNodesIn(undefined, '  '),
    // Invisible edges keep each row in Figure 5's left-to-right order.
    ...RANKS.filter((row) => row.length > 1).map((row) => `  { rank=same; ${row.join(' -> ')} [style=invis]; }`),
    `  { rank=sink; ${CLOSED_AT_END}; }`,
    ...edges.filter((edge) => !isLoop(edge, parents)).flatMap((edge) => edgeLines(edge, rankOf, parents, labelNodes)),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
