/**
 * What product:D's canonical keys cost (src/mbt/canonical.ts): product:D at
 * one depth, in wall and CPU time, then the encoding alone over every
 * snapshot that run took (one per step), in µs per key and characters per
 * key. CPU time (`process.cpuUsage`) moves less than wall time on a shared
 * machine, so two versions of the encoding compare by it.
 *
 *   npx tsx bench/productKey.ts [--depth 9] [--rounds 3]
 */
import { canonicalSnapshot } from '../src/mbt/canonical';
import { buildModelGraph } from '../src/mbt/modelGraph';
import { TEST_PROFILES } from '../src/mbt/profiles';
import { runPrunedDepth } from '../src/mbt/prunedDepth';
import { TcpConnectionSut } from '../src/mbt/tcpConnectionSut';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} takes a whole number above 0`);
  return value;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function main(): void {
  const depth = flag('depth', 9);
  const rounds = flag('rounds', 3);
  const profile = TEST_PROFILES[0]!;
  const graph = buildModelGraph(profile.input, profile.machine);

  const wallStart = performance.now();
  const cpuStart = cpuMs();
  const result = runPrunedDepth(graph, new TcpConnectionSut(graph.input), depth);
  const cpu = cpuMs() - cpuStart;
  const wall = performance.now() - wallStart;
  console.log(
    `product:${depth}: ${result.explored} product states, ${result.pruned} pruned, ${result.steps} steps; ` +
      `${(wall / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU, ${Math.round(result.steps / (cpu / 1000))} steps per CPU-second`,
  );

  // The same run again, keeping every snapshot it takes, for the encoding alone.
  const sut = new TcpConnectionSut(graph.input);
  const snapshots: unknown[] = [];
  const take = sut.snapshot.bind(sut);
  sut.snapshot = () => {
    const snapshot = take();
    snapshots.push(snapshot);
    return snapshot;
  };
  runPrunedDepth(graph, sut, depth);
  for (let round = 1; round <= rounds; round++) {
    const start = cpuMs();
    let characters = 0;
    for (const snapshot of snapshots) characters += canonicalSnapshot(snapshot).length;
    const ms = cpuMs() - start;
    console.log(
      `  keys, round ${round}: ${snapshots.length} in ${ms.toFixed(0)} ms CPU, ` +
        `${((1000 * ms) / snapshots.length).toFixed(2)} µs and ${Math.round(characters / snapshots.length)} characters per key`,
    );
  }
}

main();
