/**
 * The state diagram as edges, read from the transition table: one edge per
 * source, target and kind (event or timer), labelled with the transitions it
 * stands for (`RCV_SYN_ACK [dataQueued] / data`). Mermaid and Graphviz are
 * both written from these edges.
 *
 * A diagram shows what changes state: transitions with a target (re-entries,
 * which restart the state's timers, included). Targetless ones (a refused
 * call, a challenge ACK, CLOSED's RST reply) and ignored events stay in the
 * transition table. So do the Linux profile's branches (guards that need a
 * Linux option): the diagram is RFC 9293's.
 *
 * A transition a parent state holds for its children (`SYNCHRONIZED`'s
 * RCV_RST and ABORT) is one edge from that parent, as a statechart draws it,
 * not one per leaf: the diagrams draw the parents as boxes around their leaves.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { SEGMENT_LABELS } from '../model/actions';
import { leavesUnder } from '../model/states';
import { rfc9293Rows, rowCells, type TableRow } from '../model/transitionTable';

export interface DiagramEdge {
  /** The leaf the transition leaves, or the parent state (`SYNCHRONIZED`) that holds it for all its children. */
  readonly from: string;
  readonly to: TcpState;
  /** A timer's transition (`after RTO`, `after TWO_MSL`) rather than an event's. */
  readonly timer: boolean;
  /** One label per group of transitions with the same guard and output, events joined. */
  readonly labels: readonly string[];
}

/** How a diagram labels a transition's guard and output, after its event. */
function labelTail(row: TableRow): string {
  // Segments only: the user's signals ("connection reset", …) are in the transition table.
  const guard = rowCells(row).guard;
  const segments = row.sends.map((action) => SEGMENT_LABELS[action]).join(', ');
  return `${guard === '' ? '' : ` [${guard}]`}${segments === '' ? '' : ` / ${segments}`}`;
}

/** True for a timer's row (`after RTO`). */
export function isTimerRow(row: TableRow): boolean {
  return row.event.startsWith('after ');
}

/**
 * Where a row's edge starts: the parent state that holds the transition, else
 * the leaf. A parent around one state only (HALF_SYNCHRONIZED: SYN-RECEIVED
 * and its choice states) is no box in the diagrams: its transitions leave the
 * state itself, as they would in a flat machine.
 */
export function edgeSource(row: TableRow): string {
  return row.inherited !== undefined && isDrawnParent(row.inherited) ? row.inherited : row.from;
}

/** True for a parent state the diagrams draw as a box: one around two states or more (a box around one says nothing). */
export function isDrawnParent(parent: string): boolean {
  return leavesUnder(parent).length > 1;
}

/** The diagram's edges in the table's order (source state, then the order it declares its transitions). */
export function diagramEdges(rows: readonly TableRow[] = rfc9293Rows()): DiagramEdge[] {
  const edges = new Map<string, { from: string; to: TcpState; timer: boolean; groups: Map<string, string[]> }>();
  for (const row of rows) {
    if (row.kind !== 'transition' || row.to === null) continue;
    const timer = isTimerRow(row);
    // Every leaf under the parent has this row; the first makes the edge and the others find it.
    const from = edgeSource(row);
    const key = `${from} ${row.to} ${timer}`;
    let edge = edges.get(key);
    if (edge === undefined) {
      edge = { from, to: row.to, timer, groups: new Map() };
      edges.set(key, edge);
    }
    const tail = labelTail(row);
    const events = edge.groups.get(tail) ?? [];
    if (!events.includes(row.event)) events.push(row.event);
    edge.groups.set(tail, events);
  }
  return [...edges.values()].map(({ from, to, timer, groups }) => ({
    from,
    to,
    timer,
    labels: [...groups].map(([tail, events]) => `${events.join(', ')}${tail}`),
  }));
}
