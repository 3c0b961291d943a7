/**
 * The model's suites against the Linux kernel: one private namespace, every
 * path of every suite at once (each on its own port pair), profile after
 * profile (a profile's sysctls are the namespace's, so profiles cannot
 * overlap). The Linux profile runs the named suites; later profiles run only
 * the transitions the first cannot take, as `runCheck` does.
 */
import { coverageOf } from '../mbt/coverage';
import { buildModelGraph, type ModelGraph } from '../mbt/modelGraph';
import type { ModelProfile } from '../mbt/profiles';
import type { PathResult } from '../mbt/runner';
import { buildSuite, transitionsSuite, type ModelPath } from '../mbt/suites';
import { checkSuiteWork } from '../mbt/suiteSize';
import { runPathsConcurrently } from './asyncRunner';
import { LinuxPathSut } from './linuxSut';
import { enterPrivateNetwork, type PrivateNetwork } from './network';
import { KernelTable } from './procNetTcp';
import { LINUX_PROFILES } from './profile';
import { linuxSysctls } from './sysctls';
import { TunDevice } from './tunDevice';
import type { Script } from '../pkt';
import { runScriptOnLinux, type LinuxScriptResult } from './kernelScriptRun';

/**
 * One port pair per run of a path, never reused in a run: a pair's sockets
 * (TIME-WAIT's above all) outlive the path. Kernel ports from here up, one
 * each; peer ports from PEER_PORT_BASE up, taken again from the start once
 * they run out: the pair stays unique by its kernel port, and the TUN
 * device, the socket table and the kernel tell connections by the pair (the
 * two sides own their ports, so the ranges may overlap).
 */
const KERNEL_PORT_BASE = 10_000;
const PEER_PORT_BASE = 30_000;
const MAX_PATHS = 65_535 - KERNEL_PORT_BASE;

/** The kernel's and the peer's port of pair `index` (0 to MAX_PATHS − 1). */
function portPair(index: number): { readonly kernelPort: number; readonly peerPort: number } {
  return { kernelPort: KERNEL_PORT_BASE + index, peerPort: PEER_PORT_BASE + (index % (65_535 - PEER_PORT_BASE)) };
}
/** Paths in flight at once: enough that the suite takes about its longest path, few enough for two cores. */
const DEFAULT_CONCURRENCY = 600;

export interface LinuxSuitePlan {
  readonly suite: string;
  readonly profile: ModelProfile;
  readonly graph: ModelGraph;
  readonly paths: readonly ModelPath[];
}

/** The paths to run: `suites` of the first profile, and the extra transitions of the others. */
export function planLinuxSuites(
  suites: readonly string[],
  profiles: readonly ModelProfile[] = LINUX_PROFILES,
): LinuxSuitePlan[] {
  const plans: LinuxSuitePlan[] = [];
  const [first, ...others] = profiles;
  if (first === undefined) throw new Error('no model profile to check');
  const graph = buildModelGraph(first.input, first.machine);
  for (const suite of suites) checkSuiteWork(graph, suite);
  for (const suite of suites) plans.push({ suite, profile: first, graph, paths: buildSuite(graph, suite) });
  const baseDefinitions = coverageOf(graph, transitionsSuite(graph)).covered().transitions;
  for (const profile of others) {
    const extraGraph = buildModelGraph(profile.input, profile.machine);
    const paths = transitionsSuite(
      extraGraph,
      (edge) => edge.transition !== null && !baseDefinitions.has(edge.transition),
    );
    plans.push({ suite: 'transitions', profile, graph: extraGraph, paths });
  }
  return plans;
}

export interface LinuxCheckResult {
  readonly plans: readonly LinuxSuitePlan[];
  /** By plan, by path. */
  readonly results: readonly (readonly PathResult[])[];
  readonly wallMs: number;
  readonly paths: number;
  readonly steps: number;
  readonly failures: number;
  /** Packets from the kernel that no path claimed, or that did not decode. */
  readonly stray: number;
}

export interface LinuxCheckOptions {
  /** Paths in flight at once (default: all of a profile's). */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Enters a private network namespace (once per process) and runs the plans. */
export async function runLinuxCheck(
  plans: readonly LinuxSuitePlan[],
  options: LinuxCheckOptions = {},
): Promise<LinuxCheckResult> {
  const started = performance.now();
  const total = plans.reduce((sum, plan) => sum + plan.paths.length, 0);
  if (total > MAX_PATHS) throw new RangeError(`${total} paths need more port pairs than the ${MAX_PATHS} there are`);
  const network: PrivateNetwork = enterPrivateNetwork();
  const tun = new TunDevice(network.tunFd, network.kernelAddress, network.peerAddress);
  const table = new KernelTable();
  tun.start();
  const results: PathResult[][] = plans.map(() => []);
  let done = 0;
  let port = 0;
  try {
    // Plans of one profile run together; profiles one after the other.
    const profiles = [...new Set(plans.map((plan) => plan.profile))];
    for (const profile of profiles) {
      network.setSysctls(linuxSysctls(profile.input));
      const mine = plans.map((plan, index) => ({ plan, index })).filter(({ plan }) => plan.profile === profile);
      const graph = mine[0]!.plan.graph;
      const started = new Set<number>();
      const entries = mine.flatMap(({ plan, index }) =>
        plan.paths.map((path, at) => ({ index, at, path, port: port++ })),
      );
      const outcome = await runPathsConcurrently(
        graph,
        entries.map((entry) => entry.path.events),
        (i) => {
          // Every run of a path, a rerun too, gets a port pair of its own.
          const pair = started.has(i) ? port++ : entries[i]!.port;
          started.add(i);
          if (pair >= MAX_PATHS) throw new RangeError('out of port pairs');
          const { kernelPort, peerPort } = portPair(pair);
          return new LinuxPathSut({ network, tun, table }, kernelPort, peerPort, profile.input);
        },
        {
          limit: options.concurrency ?? DEFAULT_CONCURRENCY,
          staggerMs: 2,
          onDone: () => options.onProgress?.(++done, total),
        },
      );
      entries.forEach((entry, i) => {
        results[entry.index]![entry.at] = outcome[i]!;
      });
    }
  } finally {
    tun.close();
  }
  const all = results.flat();
  return {
    plans,
    results,
    wallMs: performance.now() - started,
    paths: all.length,
    steps: all.reduce((sum, result) => sum + result.steps.length, 0),
    failures: all.filter((result) => !result.passed).length,
    stray: tun.stray.length,
  };
}

export interface LinuxScript {
  readonly name: string;
  readonly script: Script;
}

export interface LinuxPacketdrillResult {
  readonly results: readonly LinuxScriptResult[];
  readonly wallMs: number;
}

/**
 * The packetdrill scripts against Linux: a namespace of their own with the
 * kernel's defaults, except the SYN back-off, which the scripts (written for
 * RFC 6298's doubling) share with the model: tcp_syn_linear_timeouts = 0.
 * Every script at once, each on its own port pair.
 */
export async function runLinuxPacketdrill(
  scripts: readonly LinuxScript[],
  trace?: (line: string) => void,
  options: { readonly mtu?: number; readonly strict?: boolean } = {},
): Promise<LinuxPacketdrillResult> {
  const started = performance.now();
  const network = enterPrivateNetwork(options.mtu === undefined ? {} : { mtu: options.mtu });
  network.setSysctls({ 'net.ipv4.tcp_syn_linear_timeouts': 0 });
  const tun = new TunDevice(network.tunFd, network.kernelAddress, network.peerAddress);
  const table = new KernelTable();
  tun.start();
  if (trace !== undefined)
    trace(
      `tcp_syn_linear_timeouts = ${network.readSysctl('net.ipv4.tcp_syn_linear_timeouts')}, tcp_syn_retries = ${network.readSysctl('net.ipv4.tcp_syn_retries')}`,
    );
  try {
    const results = await Promise.all(
      scripts.map((entry, index) =>
        runScriptOnLinux(
          entry.script,
          { network, tun, table },
          portPair(index).kernelPort,
          portPair(index).peerPort,
          trace,
          {
            ...(options.strict === true ? { strict: true } : {}),
            ...(options.mtu === undefined ? {} : { mtu: options.mtu }),
          },
        ),
      ),
    );
    return { results, wallMs: performance.now() - started };
  } finally {
    tun.close();
  }
}
