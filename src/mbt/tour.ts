/**
 * tour — a transition tour (the T-method): one walk from CLOSED that takes
 * every edge of the compiled graph at least once, as short as it can be. It
 * is the directed Chinese-postman tour: the graph is strongly connected
 * (ABORT or a timeout leads every snapshot back to CLOSED, and CLOSED reaches
 * them all), so no reset is needed; a snapshot entered more often than left
 * must be left again along a shortest path to one left more often than
 * entered, and which such paths to repeat is a minimum-cost flow (Edmonds and
 * Johnson 1973). With those repeats every snapshot is left as often as it is
 * entered, and Hierholzer's algorithm walks the edges in one circuit.
 */
import type { ModelEdge, ModelEventType, ModelGraph } from './modelGraph';

/** A residual network for the flow: arc `i` and its reverse `i ^ 1`. */
class FlowNetwork {
  readonly head: number[] = [];
  readonly next: number[] = [];
  readonly to: number[] = [];
  readonly capacity: number[] = [];
  readonly cost: number[] = [];
  readonly first: Int32Array;

  constructor(readonly size: number) {
    this.first = new Int32Array(size).fill(-1);
  }

  addArc(from: number, to: number, capacity: number, cost: number): number {
    const index = this.to.length;
    for (const [a, b, c, w] of [
      [from, to, capacity, cost],
      [to, from, 0, -cost],
    ] as const) {
      this.to.push(b);
      this.capacity.push(c);
      this.cost.push(w);
      this.head.push(a);
      this.next.push(this.first[a]!);
      this.first[a] = this.to.length - 1;
    }
    return index;
  }
}

/**
 * Read once into a module constant: inside a vm context (jest's test
 * environment) every read of a global such as `Infinity` goes through the
 * context's interceptor, which made the dense Dijkstra loop below 20× slower.
 */
const UNREACHED = Infinity;

/**
 * Minimum-cost flow from `source` to `sink` by the primal-dual method: a
 * shortest-path search (reduced costs, so Dijkstra applies) sets the
 * potentials, then a blocking flow (Dinic) fills every arc of reduced cost
 * zero. The phases are as many as there are distinct path lengths.
 */
function minCostFlow(network: FlowNetwork, source: number, sink: number): void {
  const { size, first, next, to, capacity, cost } = network;
  const potential = new Float64Array(size);
  const reducedCost = (arc: number, from: number) => cost[arc]! + potential[from]! - potential[to[arc]!]!;
  for (;;) {
    const distance = new Float64Array(size).fill(UNREACHED);
    const done = new Uint8Array(size);
    distance[source] = 0;
    // Dense Dijkstra: the network has about a thousand nodes.
    for (;;) {
      let u = -1;
      for (let v = 0; v < size; v++)
        if (!done[v] && distance[v]! < UNREACHED && (u === -1 || distance[v]! < distance[u]!)) u = v;
      if (u === -1) break;
      done[u] = 1;
      for (let arc = first[u]!; arc !== -1; arc = next[arc]!) {
        if (capacity[arc]! <= 0) continue;
        const through = distance[u]! + reducedCost(arc, u);
        if (through < distance[to[arc]!]!) distance[to[arc]!] = through;
      }
    }
    if (distance[sink] === UNREACHED) return;
    for (let v = 0; v < size; v++) potential[v] = potential[v]! + Math.min(distance[v]!, distance[sink]!);
    blockingFlows(network, source, sink, (arc, from) => capacity[arc]! > 0 && reducedCost(arc, from) === 0);
  }
}

/** Dinic's blocking flows over the arcs `admissible` allows. */
function blockingFlows(
  network: FlowNetwork,
  source: number,
  sink: number,
  admissible: (arc: number, from: number) => boolean,
): void {
  const { size, first, next, to, capacity } = network;
  for (;;) {
    const level = new Int32Array(size).fill(-1);
    level[source] = 0;
    const queue = [source];
    for (let index = 0; index < queue.length; index++) {
      const u = queue[index]!;
      for (let arc = first[u]!; arc !== -1; arc = next[arc]!) {
        if (level[to[arc]!] === -1 && admissible(arc, u)) {
          level[to[arc]!] = level[u]! + 1;
          queue.push(to[arc]!);
        }
      }
    }
    if (level[sink] === -1) return;
    const current = Int32Array.from(first);
    const push = (u: number, limit: number): number => {
      if (u === sink) return limit;
      for (; current[u] !== -1; current[u] = next[current[u]!]!) {
        const arc = current[u]!;
        const v = to[arc]!;
        if (level[v] !== level[u]! + 1 || !admissible(arc, u)) continue;
        const pushed = push(v, Math.min(limit, capacity[arc]!));
        if (pushed > 0) {
          capacity[arc] = capacity[arc]! - pushed;
          capacity[arc ^ 1] = capacity[arc ^ 1]! + pushed;
          return pushed;
        }
      }
      return 0;
    };
    while (push(source, Infinity) > 0);
  }
}

/** The edges to take a second (third …) time so that every snapshot is left as often as it is entered. */
function repeatedEdges(graph: ModelGraph): ModelEdge[] {
  const n = graph.nodes.length;
  const balance = new Int32Array(n);
  for (const edge of graph.edges) {
    balance[edge.to] = balance[edge.to]! + 1;
    balance[edge.from] = balance[edge.from]! - 1;
  }
  const network = new FlowNetwork(n + 2);
  const [source, sink] = [n, n + 1];
  const arcs: { arc: number; edge: ModelEdge }[] = [];
  const seen = new Set<number>();
  for (const edge of graph.edges) {
    // One arc per pair of snapshots: any of the parallel edges serves to move between them.
    const pair = edge.from * n + edge.to;
    if (edge.from === edge.to || seen.has(pair)) continue;
    seen.add(pair);
    arcs.push({ arc: network.addArc(edge.from, edge.to, Infinity, 1), edge });
  }
  for (let v = 0; v < n; v++) {
    // Entered more often than left: a repeated walk starts here, and ends where the opposite holds.
    if (balance[v]! > 0) network.addArc(source, v, balance[v]!, 0);
    if (balance[v]! < 0) network.addArc(v, sink, -balance[v]!, 0);
  }
  minCostFlow(network, source, sink);
  const repeats: ModelEdge[] = [];
  for (const { arc, edge } of arcs) for (let times = network.capacity[arc ^ 1]!; times > 0; times--) repeats.push(edge);
  return repeats;
}

/** The tour's events: every edge at least once, from CLOSED back to CLOSED. */
export function transitionTour(graph: ModelGraph): ModelEventType[] {
  const outgoing: ModelEdge[][] = graph.nodes.map(() => []);
  for (const edge of [...graph.edges, ...repeatedEdges(graph)]) outgoing[edge.from]!.push(edge);
  const total = outgoing.reduce((sum, edges) => sum + edges.length, 0);
  // Hierholzer: follow unused edges until stuck, then back up and splice in the detours.
  const used = new Int32Array(graph.nodes.length);
  const stack: { node: number; edge: ModelEdge | null }[] = [{ node: graph.initial, edge: null }];
  const circuit: ModelEdge[] = [];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const edges = outgoing[top.node]!;
    if (used[top.node]! < edges.length) {
      const edge = edges[used[top.node]!++]!;
      stack.push({ node: edge.to, edge });
    } else {
      stack.pop();
      if (top.edge !== null) circuit.push(top.edge);
    }
  }
  if (circuit.length !== total)
    throw new Error(`the tour took ${circuit.length} of ${total} edges: the graph is not strongly connected`);
  return circuit.reverse().map((edge) => edge.event);
}
