/**
 * The connection's layout (issue 17): src/tcp is split by concept — send
 * side, receive side, timers, arrival rules, and the connection that keeps
 * the user calls — and the parts reach the connection only through
 * context.ts. These checks keep it so: no import cycle anywhere in src (what
 * `madge --circular` reports, without the dependency), and no part imports
 * connection.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../src');

/** Every relative `import … from` / `export … from` (type-only ones too) of every .ts file under `root`. */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) graph.set(path, importsOf(path));
    }
  };
  walk(root);
  return graph;
}

function importsOf(file: string): string[] {
  const targets: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const base = resolve(dirname(file), match[1]!);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    if (target !== undefined) targets.push(target);
  }
  return targets;
}

/** The cycles a depth-first walk meets, each as `a.ts -> b.ts -> a.ts`. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const onStack = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    onStack.add(file);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (onStack.has(next))
        found.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)).join(' -> '));
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return found;
}

describe('module layout', () => {
  const graph = importGraph(SRC);

  test('no import cycle in src', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  test('no part of src/tcp imports connection.ts: they see the connection through context.ts', () => {
    const connection = join(SRC, 'tcp/connection.ts');
    const importers = [...graph]
      .filter(([file, targets]) => file.startsWith(join(SRC, 'tcp')) && targets.includes(connection))
      .map(([file]) => relative(SRC, file));
    expect(importers).toEqual([]);
  });
});
