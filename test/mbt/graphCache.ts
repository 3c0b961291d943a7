/**
 * The compiled model graphs, built once per jest run and shared by every test
 * file through JSON files. Compiling a profile takes 3–4 s on the 2-core
 * machine (15 s under load), and some thirty test files compile the same few
 * profiles, most of them several times (the CLI builds the graph anew for
 * each command); reading a graph back takes about a quarter of a second.
 *
 * A graph is a pure function of the model input and the machine, so a file
 * is named by the profile (test/mbt/profiles.ts) whose input and machine it
 * is; a build of anything else is not cached. The directory is per run:
 * `globalSetup` (jest's hook, in the parent process) names it in
 * TCP_STATECHART_GRAPH_DIR, which the test files inherit, and nothing stale
 * outlives the run. Mutation runs (test/mbt/mutation/graphCache.ts) keep
 * theirs for the life of the StrykerJS worker, only src/tcp being mutated.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TcpInput, TcpMachine } from '../../machines/tcp.machine';
import type { ModelEdge, ModelGraph, ModelNode } from '../../src/mbt/modelGraph';
import { PROFILES } from './profiles';

const ENV = 'TCP_STATECHART_GRAPH_DIR';
const PREFIX = 'tcp-statechart-graphs-';
/** Marks a directory `removeGraphDirectory` removes at the end of the run (mutation runs keep theirs). */
const PER_RUN = 'per-run';

type StoredNode = Omit<ModelNode, 'edges' | 'edgeByEvent'>;
export type StoredGraph = Omit<ModelGraph, 'nodes' | 'machine'> & { readonly nodes: readonly StoredNode[] };

/** Edges are stored once (`graph.edges`); nodes get theirs back in order from `edge.from`. */
export function store({ machine: _machine, ...graph }: ModelGraph): StoredGraph {
  return { ...graph, nodes: graph.nodes.map(({ edges: _edges, edgeByEvent: _byEvent, ...node }) => node) };
}

/** The machine is not data: the profile gives it back. */
export function revive(stored: StoredGraph, machine: ModelGraph['machine']): ModelGraph {
  const edgesOf = stored.nodes.map((): ModelEdge[] => []);
  for (const edge of stored.edges) edgesOf[edge.from]!.push(edge);
  const nodes = stored.nodes.map((node, id) => ({
    ...node,
    edges: edgesOf[id]!,
    edgeByEvent: new Map(edgesOf[id]!.map((edge) => [edge.event, edge])),
  }));
  return { ...stored, machine, nodes };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Directories left by processes that are gone (a killed jest or StrykerJS worker cleans up nothing). */
function removeStaleDirectories(): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue;
    const pid = Number(entry.slice(PREFIX.length));
    if (Number.isInteger(pid) && !isRunning(pid)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

/**
 * Names this process's graph directory in TCP_STATECHART_GRAPH_DIR and makes
 * it; `perRun` marks it for `removeGraphDirectory`. Returns the directory.
 */
export function makeGraphDirectory(perRun: boolean): string {
  const directory = join(tmpdir(), `${PREFIX}${process.pid}`);
  process.env[ENV] = directory;
  if (existsSync(directory)) return directory;
  removeStaleDirectories();
  mkdirSync(directory, { recursive: true });
  if (perRun) writeFileSync(join(directory, PER_RUN), '');
  return directory;
}

/** Removes the directory `makeGraphDirectory(true)` made; a mutation run's stays. */
export function removeGraphDirectory(): void {
  const directory = process.env[ENV];
  if (directory !== undefined && existsSync(join(directory, PER_RUN)))
    rmSync(directory, { recursive: true, force: true });
}

/** Input objects alike whatever the order of their keys; an `undefined` setting is an absent one. */
function sameInput(a: TcpInput, b: TcpInput): boolean {
  const canonical = (input: TcpInput) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(input)
          .filter(([, value]) => value !== undefined)
          .sort(),
      ),
    );
  return canonical(a) === canonical(b);
}

/** The file of the profile a build is of, or undefined (no directory, or not a profile's input and machine). */
function graphFile(input: TcpInput, machine: TcpMachine): string | undefined {
  const directory = process.env[ENV];
  const profile = PROFILES.find((p) => p.machine === machine && sameInput(p.input, input));
  return directory === undefined || profile === undefined ? undefined : join(directory, `${profile.name}.json`);
}

/** This test file's graphs (jest loads this module anew for each file), so that a file reads each once. */
const read = new Map<string, ModelGraph>();

/**
 * The file's graph, else `build`'s, written for the test files after this one
 * (renamed into place: two workers may build the same profile at once).
 */
export function cachedGraph(input: TcpInput, machine: TcpMachine, build: () => ModelGraph): ModelGraph {
  const file = graphFile(input, machine);
  if (file === undefined) return build();
  let graph = read.get(file);
  if (graph !== undefined) return graph;
  if (existsSync(file)) {
    graph = revive(JSON.parse(readFileSync(file, 'utf8')) as StoredGraph, machine);
  } else {
    graph = build();
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(store(graph)));
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  read.set(file, graph);
  return graph;
}
