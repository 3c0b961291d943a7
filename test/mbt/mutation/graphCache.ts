/**
 * The compiled model graphs, built once per process and handed to the
 * mutation runs as JSON files. Compiling a profile takes ~3 s; StrykerJS runs
 * jest again for every mutant in the same worker process, and only src/tcp is
 * mutated, so the graphs never change during a run. `globalSetup` (jest's
 * hook, whose module stays loaded between runs) builds them on its first
 * call and writes them to a per-process directory; the test file reads them.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModelGraph, type ModelEdge, type ModelGraph, type ModelNode } from '../../../src/mbt/modelGraph';
import { PROFILES, profileNamed } from '../profiles';

const ENV = 'TCP_STATECHART_GRAPH_DIR';
const PREFIX = 'tcp-statechart-graphs-';

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

/** Directories left by processes that are gone (a killed StrykerJS worker cleans up nothing). */
function removeStaleDirectories(): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue;
    const pid = Number(entry.slice(PREFIX.length));
    if (Number.isInteger(pid) && !isRunning(pid)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

/** jest `globalSetup`: writes the graph of every profile once per process. */
export default function globalSetup(): void {
  const directory = join(tmpdir(), `${PREFIX}${process.pid}`);
  process.env[ENV] = directory;
  if (PROFILES.every((profile) => existsSync(join(directory, `${profile.name}.json`)))) return;
  removeStaleDirectories();
  mkdirSync(directory, { recursive: true });
  for (const profile of PROFILES) {
    const file = join(directory, `${profile.name}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(store(buildModelGraph(profile.input, profile.machine))));
    renameSync(`${file}.tmp`, file);
  }
}

/** The graph of a profile: from the files `globalSetup` wrote, else compiled here. */
export function loadGraph(profileName: string): ModelGraph {
  const profile = profileNamed(profileName);
  const directory = process.env[ENV];
  if (directory === undefined) return buildModelGraph(profile.input, profile.machine);
  return revive(
    JSON.parse(readFileSync(join(directory, `${profile.name}.json`), 'utf8')) as StoredGraph,
    profile.machine,
  );
}
