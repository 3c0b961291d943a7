/**
 * The state diagram in Graphviz DOT: one box per state (the RFC's name, and
 * what netstat shows), one edge per source, target and kind, labelled with
 * its transitions. Timer transitions are dashed and blue, so a reader sees at
 * a glance what happens on `after RTO` and `after TWO_MSL`.
 *
 * The ranks follow RFC 9293's Figure 5: opening at the top, ESTABLISHED in
 * the middle, the two ways of closing below it. Edges back to CLOSED and
 * LISTEN (resets, aborts, giving up) do not pull the layout.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { readDefinition, rfcName } from './definition';
import { diagramEdges, type DiagramEdge } from './diagram';

/** Figure 5's rows, top to bottom, each left to right. */
const RANKS: readonly (readonly TcpState[])[] = [
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

function edgeLine(edge: DiagramEdge, rankOf: ReadonlyMap<TcpState, number>): string {
  const to = edge.to === 'CLOSED' && ENDS_AT_BOTTOM.has(edge.from) ? CLOSED_AT_END : edge.to;
  const attributes = [`label=${quoted(edge.labels.map((label) => `${label}\\l`).join(''))}`];
  if (edge.timer) attributes.push('style=dashed', `color=${quoted(TIMER_COLOR)}`, `fontcolor=${quoted(TIMER_COLOR)}`);
  // An edge that climbs back up (a reset, an abort, giving up) does not pull the layout.
  if (to !== CLOSED_AT_END && (rankOf.get(edge.to) ?? 0) < (rankOf.get(edge.from) ?? 0))
    attributes.push('constraint=false');
  return `  ${edge.from} -> ${to} [${attributes.join(', ')}];`;
}

export function dotDiagram(edges: readonly DiagramEdge[] = diagramEdges()): string {
  const definition = readDefinition();
  const rankOf = new Map<TcpState, number>();
  RANKS.forEach((row, rank) => row.forEach((state) => rankOf.set(state, rank)));
  const nodes = definition.states.map((state) => {
    const netstat = state.meta?.netstat;
    const shown = typeof netstat === 'string' ? `netstat: ${netstat}` : 'no TCB: netstat shows nothing';
    const label = `<<B>${html(rfcName(state.key))}</B><BR/><FONT POINT-SIZE="9">${html(shown)}</FONT>>`;
    const node = `  ${state.key} [label=${label}];`;
    return state.key === 'CLOSED' ? `${node}\n  ${CLOSED_AT_END} [label=${label}];` : node;
  });
  const lines = [
    '// Generated from machines/tcp.machine.ts by `tcp-statechart export --format dot`; do not edit.',
    'digraph tcp {',
    '  graph [fontname="Helvetica", fontsize=11, nodesep=0.5, ranksep=0.7, labelloc=b,',
    `    label=${quoted(
      'TCP connection states (RFC 9293), generated from machines/tcp.machine.ts.\\n' +
        'Labels read EVENT [guard] / segments sent. Solid: a user call or an arriving segment; dashed: a timer.\\n' +
        'Transitions that stay in their state (refused calls, challenge ACKs, ignored segments) are in the transition table.',
    )}];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#f7f7f7", fontname="Helvetica", fontsize=12];',
    '  edge [fontname="Helvetica", fontsize=9];',
    '  start [shape=point, width=0.12, label=""];',
    `  start -> ${definition.initial};`,
    ...nodes,
    // Invisible edges keep each row in Figure 5's left-to-right order.
    ...RANKS.filter((row) => row.length > 1).map((row) => `  { rank=same; ${row.join(' -> ')} [style=invis]; }`),
    `  { rank=sink; ${CLOSED_AT_END}; }`,
    ...edges.map((edge) => edgeLine(edge, rankOf)),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
