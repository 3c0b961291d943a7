/**
 * Where Graphviz puts things: the diagram's layout read from Graphviz's own
 * JSON output (`-Tjson`: cluster boxes `bb`, label text `_ldraw_` and
 * `_xldraw_` with each line's anchor and width), so that a defect a reader
 * sees in the picture, an edge label crossed by a parent state's border or
 * by another edge (`_draw_`: its Bézier curve), is found from the numbers
 * Graphviz drew it with, not by eye.
 */
import { diagramEdges, type DiagramEdge } from './diagram';
import { dotDiagram, edgeKey } from './dot';
import { renderJson } from './graphviz';

/** A rectangle in Graphviz points: left, bottom, right, top. */
export interface Box {
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly top: number;
}

/** An edge label whose box a parent state's border or another edge runs through, with the DOT names of its edge's ends. */
export interface CrossedLabel {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** What runs through it: `the border of FIN_SENT` (a parent state's cluster), `the edge LISTEN -> SYN_SENT`. */
  readonly by: string;
}

type DrawOp =
  | { op: 'F'; size: number }
  | { op: 'T'; pt: [number, number]; align: 'l' | 'c' | 'r'; width: number; text: string }
  | { op: string };
interface JsonObject {
  readonly name: string;
  readonly bb?: string;
}
interface JsonEdge {
  readonly tail: number;
  readonly head: number;
  readonly _draw_?: DrawOp[];
  readonly _ldraw_?: DrawOp[];
  readonly _xldraw_?: DrawOp[];
  readonly _hldraw_?: DrawOp[];
  readonly _tldraw_?: DrawOp[];
}
interface JsonGraph {
  readonly objects?: JsonObject[];
  readonly edges?: JsonEdge[];
}

/** The box around the lines of text one drawing draws (a line is `size` high, its baseline a fifth of it up). */
export function textBox(ops: readonly DrawOp[]): { box: Box; text: string } | undefined {
  let size = 14;
  const boxes: Box[] = [];
  const lines: string[] = [];
  for (const op of ops) {
    if (op.op === 'F') size = (op as { size: number }).size;
    if (op.op !== 'T') continue;
    const { pt, align, width, text } = op as Extract<DrawOp, { op: 'T' }>;
    const left = align === 'l' ? pt[0] : align === 'r' ? pt[0] - width : pt[0] - width / 2;
    boxes.push({ left, right: left + width, bottom: pt[1] - size * 0.2, top: pt[1] + size * 0.8 });
    lines.push(text);
  }
  if (boxes.length === 0) return undefined;
  return {
    box: {
      left: Math.min(...boxes.map((box) => box.left)),
      right: Math.max(...boxes.map((box) => box.right)),
      bottom: Math.min(...boxes.map((box) => box.bottom)),
      top: Math.max(...boxes.map((box) => box.top)),
    },
    text: lines.join(' | '),
  };
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.bottom < b.top && b.bottom < a.top;
const inside = (a: Box, b: Box) => a.left >= b.left && a.right <= b.right && a.bottom >= b.bottom && a.top <= b.top;

/** True when a border of `cluster` runs through `label`: the two overlap and the label is not wholly inside. */
export function borderCrosses(cluster: Box, label: Box): boolean {
  return overlaps(cluster, label) && !inside(label, cluster);
}

function parseBox(bb: string): Box {
  const [left, bottom, right, top] = bb.split(',').map(Number) as [number, number, number, number];
  return { left, bottom, right, top };
}

/** The points of an edge's drawn curve: each cubic Bézier piece of `_draw_` sampled, ends included. */
function curvePoints(ops: readonly DrawOp[] | undefined): [number, number][] {
  const points: [number, number][] = [];
  for (const op of ops ?? []) {
    if (op.op !== 'b') continue;
    const controls = (op as unknown as { points: [number, number][] }).points;
    for (let start = 0; start + 3 < controls.length; start += 3) {
      const [p0, p1, p2, p3] = controls.slice(start, start + 4) as [
        [number, number],
        [number, number],
        [number, number],
        [number, number],
      ];
      for (let step = 0; step <= CURVE_SAMPLES; step++) {
        const t = step / CURVE_SAMPLES;
        const [a, b, c, d] = [(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3];
        points.push([a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]]);
      }
    }
  }
  return points;
}

/** Points per Bézier piece: a piece spans at most a few hundred points, so a sample every few points. */
const CURVE_SAMPLES = 64;

const contains = (box: Box, [x, y]: [number, number]) => x > box.left && x < box.right && y > box.bottom && y < box.top;

/**
 * The edge labels of a DOT graph that something runs through, as Graphviz
 * lays the graph out: a parent state's border (a cluster's box), or another
 * edge's curve.
 */
export async function crossedLabels(dot: string): Promise<CrossedLabel[]> {
  const graph = JSON.parse(await renderJson(dot)) as JsonGraph;
  const objects = graph.objects ?? [];
  const clusters = objects
    .filter((object) => object.name.startsWith('cluster_') && object.bb !== undefined)
    .map((object) => ({ name: object.name.slice('cluster_'.length), box: parseBox(object.bb!) }));
  const edges = (graph.edges ?? []).map((edge) => ({
    from: objects[edge.tail]!.name,
    to: objects[edge.head]!.name,
    curve: curvePoints(edge._draw_),
    labels: [edge._ldraw_, edge._xldraw_, edge._hldraw_, edge._tldraw_].flatMap((ops) => {
      const label = ops === undefined ? undefined : textBox(ops);
      return label === undefined ? [] : [label];
    }),
  }));
  const crossed: CrossedLabel[] = [];
  for (const edge of edges) {
    for (const label of edge.labels) {
      const by = [
        ...clusters.filter(({ box }) => borderCrosses(box, label.box)).map(({ name }) => `the border of ${name}`),
        ...edges
          .filter((other) => other !== edge && other.curve.some((point) => contains(label.box, point)))
          .map((other) => `the edge ${other.from} -> ${other.to}`),
      ];
      for (const crossing of by) crossed.push({ from: edge.from, to: edge.to, text: label.text, by: crossing });
    }
  }
  return crossed;
}

/** True when a crossed label is this diagram edge's: the same two states (either way round) and the same text. */
function isLabelOf(edge: DiagramEdge, crossed: CrossedLabel): boolean {
  const ends = [crossed.from, crossed.to].map((name) => (name === 'CLOSED_END' ? 'CLOSED' : name)).sort();
  return ends.join() === [edge.from, edge.to].sort().join() && crossed.text === edge.labels.join(' | ');
}

/**
 * The diagram in DOT with no edge label crossed by a parent's border:
 * Graphviz lays it out, each edge whose label a border crosses gets its label
 * as a node in its source's box instead (dotDiagram's `labelNodes`: Graphviz
 * keeps a node inside its own clusters and out of the others, which it does
 * not do for an edge's label), and Graphviz lays it out again, until no
 * label is crossed. Each round moves at least one more label, so there are at
 * most as many rounds as edges; a label that cannot move (a parent state's
 * edge keeps its label on the edge) ends it with an error. Labels crossed by
 * another edge are left: moving them too turned the layout over (fourteen
 * label nodes, the handshake's box stretched up to LISTEN).
 */
export async function laidOutDot(edges = diagramEdges()): Promise<string> {
  const labelNodes = new Set<string>();
  for (let round = 0; round <= edges.length; round++) {
    const dot = dotDiagram(edges, labelNodes);
    const crossed = await crossedLabels(dot);
    if (crossed.length === 0) return dot;
    const movable = edges.filter(
      (edge) => !labelNodes.has(edgeKey(edge)) && crossed.some((label) => isLabelOf(edge, label)),
    );
    if (movable.length === 0) {
      const [first] = crossed;
      throw new Error(`${first!.by} crosses the label "${first!.text}" of ${first!.from} -> ${first!.to}`);
    }
    for (const edge of movable) labelNodes.add(edgeKey(edge));
  }
  throw new Error('the diagram still has a crossed label after a round per edge');
}
