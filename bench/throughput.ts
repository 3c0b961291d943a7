/**
 * Bulk-transfer throughput: N MB from one `TcpConnection` to another over the
 * `SimulatedNetwork` on a `VirtualClock`, without loss and with loss, beside
 * Node's own `net` sockets over loopback (the kernel's TCP) moving the same
 * bytes. Reports wall-clock MB/s, segments per second, peak memory and V8 heap
 * bytes allocated per segment: figures, not assertions (STYLE.md habit 9).
 *
 *   npx tsx bench/throughput.ts                      # every case, one table
 *   npx tsx bench/throughput.ts --mb 100 --loss 0.01
 *   npx tsx bench/throughput.ts --case sim --loss 0  # one case, in this process
 *
 * Each case runs in a child process of its own (same Node flags and loader),
 * so one case's heap, JIT state and peak RSS do not leak into the next.
 * `--case` runs one case in this process: what the children do, and what a
 * profiler wants (`node --import tsx --cpu-prof bench/throughput.ts --case sim --loss 0`).
 * Every case first moves `--warmup` MB unmeasured, so the figures are for
 * code the JIT has optimized.
 *
 * MB are 10^6 bytes; memory is in MiB.
 *
 * Allocation: V8's `GCProfiler` records the used heap size before and after
 * every collection during the transfer. Between collections the heap only
 * grows, so the bytes allocated are the growths from each collection's end to
 * the next one's start, summed, plus the growth from the last one to the end
 * (`AllocationMeter`). Divided by the segments the network carried, that is
 * the heap allocated per segment. It counts the V8 heap only: a typed array's
 * backing store above 64 bytes lives outside it, so payload copies are not in
 * the figure (docs/benchmarks.md has the check against known allocations).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';

import { VirtualClock } from '../src/net/clock';
import { SimulatedNetwork } from '../src/net/network';
import { TcpConnection } from '../src/tcp/connection';

const MB = 1_000_000;
const MIB = 1 << 20;

export interface Options {
  /** Megabytes (10^6 bytes) to transfer. */
  mb: number;
  /** Megabytes moved first, unmeasured. */
  warmupMb: number;
  /** Loss probability of the lossy simulated case (the other has none). */
  loss: number;
  delayMs: number;
  mss: number;
  window: number;
  /** Size of each `send()` / `write()` the application makes. */
  chunk: number;
  seed: number;
  /** One case in this process, or undefined for every case in child processes. */
  case: 'sim' | 'net' | undefined;
  json: boolean;
}

export const DEFAULT_OPTIONS: Readonly<Options> = {
  mb: 100,
  warmupMb: 10,
  loss: 0.01,
  delayMs: 1,
  mss: 1460,
  window: 65535,
  chunk: 256 * 1024,
  seed: 1,
  case: undefined,
  json: false,
};

export interface Result {
  name: string;
  bytes: number;
  wallMs: number;
  /** User + system CPU time of the process during the transfer (GC helper threads included). */
  cpuMs: number;
  mbPerSecond: number;
  /** MB per second of CPU time: steadier than wall-clock MB/s on a busy machine. */
  mbPerCpuSecond: number;
  /** Segments the network carried, both directions; for the kernel, the change in Linux's Tcp OutSegs. */
  segments: number | null;
  segmentsPerSecond: number | null;
  /** Segments with data that reached the receiver: first transmissions, retransmissions. */
  dataSegments: number | null;
  lost: number | null;
  /** Virtual milliseconds the simulated transfer took. */
  virtualMs: number | null;
  rssAtStartMib: number;
  /** The process's peak RSS (ru_maxrss): startup, warm-up and transfer. */
  peakRssMib: number;
  /** The largest used V8 heap seen before a collection or at the end. */
  peakHeapUsedMib: number;
  heapAllocatedBytes: number;
  heapAllocatedPerSegment: number | null;
  heapAllocatedPerMb: number;
  collections: number;
  /** Main-thread pause time of the collections. */
  gcMs: number;
}

// ---- The bytes: a seeded pattern, repeated ----

/**
 * The stream is this pattern repeated. Its length is prime to the write and
 * segment sizes, so their boundaries wander through it, and it is 16 windows
 * long: bytes delivered at the wrong place (or twice, or not at all) cannot
 * match by accident unless they are off by a multiple of ~1 MiB.
 */
const PATTERN_LENGTH = MIB + 13;

function makePattern(seed: number): Buffer {
  const pattern = Buffer.allocUnsafe(PATTERN_LENGTH);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < pattern.length; i++) {
    // xorshift32; setup, outside every measurement
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    pattern[i] = x & 0xff;
  }
  return pattern;
}

/** What the application writes next: up to `chunk` bytes, a view that does not cross the pattern's end. */
function sourcePiece(pattern: Buffer, position: number, chunk: number, total: number): Buffer {
  const start = position % PATTERN_LENGTH;
  const length = Math.min(chunk, PATTERN_LENGTH - start, total - position);
  return pattern.subarray(start, start + length);
}

/** Checks every byte of `data` against the stream at `position`, by ranges with memcmp (`Buffer#compare`). */
function verify(pattern: Buffer, data: Uint8Array, position: number): void {
  let done = 0;
  while (done < data.length) {
    const start = (position + done) % PATTERN_LENGTH;
    const length = Math.min(data.length - done, PATTERN_LENGTH - start);
    if (pattern.compare(data, done, done + length, start, start + length) !== 0) {
      throw new Error(`received bytes ${position + done}..${position + done + length} differ from those sent`);
    }
    done += length;
  }
}

// ---- Measurement ----

/** The part of `GCProfiler#stop()`'s result read here. */
interface GcProfile {
  statistics: {
    /** Microseconds. */
    cost: number;
    beforeGC: { heapStatistics: { usedHeapSize: number } };
    afterGC: { heapStatistics: { usedHeapSize: number } };
  }[];
}

interface Allocation {
  allocated: number;
  peakUsed: number;
  collections: number;
  gcMs: number;
}

/** Heap bytes allocated between `start` and `stop`: the growths between collections, summed. */
class AllocationMeter {
  private readonly profiler = new v8.GCProfiler();
  private startUsed = 0;

  start(): void {
    this.startUsed = v8.getHeapStatistics().used_heap_size;
    this.profiler.start();
  }

  stop(): Allocation {
    const profile = this.profiler.stop() as unknown as GcProfile;
    const endUsed = v8.getHeapStatistics().used_heap_size;
    let allocated = 0;
    let previous = this.startUsed;
    let peakUsed = Math.max(this.startUsed, endUsed);
    let gcMicros = 0;
    for (const gc of profile.statistics) {
      const before = gc.beforeGC.heapStatistics.usedHeapSize;
      allocated += before - previous;
      previous = gc.afterGC.heapStatistics.usedHeapSize;
      peakUsed = Math.max(peakUsed, before);
      gcMicros += gc.cost;
    }
    allocated += endUsed - previous;
    return { allocated, peakUsed, collections: profile.statistics.length, gcMs: gcMicros / 1000 };
  }
}

/** Everything a case measures around its transfer. */
class Measurement {
  private readonly meter = new AllocationMeter();
  private readonly rssAtStart = process.memoryUsage.rss();
  private cpuStart: NodeJS.CpuUsage = { user: 0, system: 0 };
  private started = 0;

  start(): void {
    this.meter.start();
    this.cpuStart = process.cpuUsage();
    this.started = performance.now();
  }

  stop(name: string, bytes: number, counts: Pick<Result, 'segments' | 'dataSegments' | 'lost' | 'virtualMs'>): Result {
    const wallMs = performance.now() - this.started;
    const cpu = process.cpuUsage(this.cpuStart);
    const allocation = this.meter.stop();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const seconds = wallMs / 1000;
    return {
      name,
      bytes,
      wallMs,
      cpuMs,
      mbPerSecond: bytes / MB / seconds,
      mbPerCpuSecond: bytes / MB / (cpuMs / 1000),
      ...counts,
      segmentsPerSecond: counts.segments === null ? null : counts.segments / seconds,
      rssAtStartMib: this.rssAtStart / MIB,
      peakRssMib: process.resourceUsage().maxRSS / 1024, // KiB on Linux
      peakHeapUsedMib: allocation.peakUsed / MIB,
      heapAllocatedBytes: allocation.allocated,
      heapAllocatedPerSegment: counts.segments ? allocation.allocated / counts.segments : null,
      heapAllocatedPerMb: allocation.allocated / (bytes / MB),
      collections: allocation.collections,
      gcMs: allocation.gcMs,
    };
  }
}

/** Linux's count of TCP segments sent by all sockets (/proc/net/snmp, Tcp OutSegs); null elsewhere. */
function kernelTcpOutSegments(): number | null {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('Tcp:'));
    const names = lines[0]!.trim().split(/\s+/);
    const values = lines[1]!.trim().split(/\s+/);
    const index = names.indexOf('OutSegs');
    return index < 0 ? null : Number(values[index]);
  } catch {
    return null;
  }
}

// ---- The simulated transfer ----

const ADDRESS_A = '10.0.0.1';
const ADDRESS_B = '10.0.0.2';

export function simulatedTransfer(options: Options, loss: number): Result {
  const total = Math.round(options.mb * MB);
  const pattern = makePattern(options.seed);
  const clock = new VirtualClock();
  const network = new SimulatedNetwork({ clock, seed: options.seed, loss, delayMs: options.delayMs });
  const common = { clock, mss: options.mss, window: options.window };
  const a = new TcpConnection({
    ...common,
    localPort: 40000,
    remotePort: 80,
    iss: 1000,
    output: network.output(ADDRESS_A, ADDRESS_B),
  });
  const b = new TcpConnection({
    ...common,
    localPort: 80,
    remotePort: 40000,
    iss: 5000,
    output: network.output(ADDRESS_B, ADDRESS_A),
  });
  // The network needs an endpoint object anyway; B's counts the data segments too.
  let dataSegments = 0;
  network.attach({
    address: ADDRESS_B,
    receive: (segment) => {
      if (segment.payload.length > 0) dataSegments++;
      b.receive(segment);
    },
  });
  network.attach({ address: ADDRESS_A, receive: (segment) => a.receive(segment) });

  b.listen();
  a.connect();
  while (a.state !== 'ESTABLISHED' || b.state !== 'ESTABLISHED') {
    const next = clock.nextTimerAt();
    if (next === undefined) throw new Error(`handshake stalled: A ${a.state}, B ${b.state}`);
    clock.advanceTo(next);
  }

  const statsBefore = network.stats;
  const virtualStart = clock.now();
  dataSegments = 0;
  let sent = 0;
  let received = 0;
  const measurement = new Measurement();
  measurement.start();

  for (;;) {
    // The application: write whenever SEND takes bytes, read all there is.
    while (sent < total) {
      const taken = a.send(sourcePiece(pattern, sent, options.chunk, total));
      if (taken === 0) break;
      sent += taken;
    }
    for (;;) {
      const data = b.read();
      if (data.length === 0) break;
      verify(pattern, data, received);
      received += data.length;
    }
    if (received >= total) break;
    // Time jumps to the next thing that happens, not in 1 ms steps.
    const next = clock.nextTimerAt();
    if (next === undefined || a.state !== 'ESTABLISHED') {
      throw new Error(
        `transfer stalled at ${received} of ${total} bytes: A ${a.state} (${a.lostReason}), B ${b.state}`,
      );
    }
    clock.advanceTo(next);
  }

  const stats = network.stats;
  return measurement.stop(`simulated, ${+(loss * 100).toFixed(3)} % loss`, total, {
    segments: stats.sent - statsBefore.sent,
    dataSegments,
    lost: stats.dropped - statsBefore.dropped,
    virtualMs: clock.now() - virtualStart,
  });
}

// ---- The kernel's TCP over loopback ----

const LOOPBACK_TIMEOUT_MS = 300_000;

export async function loopbackTransfer(options: Options): Promise<Result> {
  const total = Math.round(options.mb * MB);
  const pattern = makePattern(options.seed);
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  const client = new net.Socket();
  let timeout: NodeJS.Timeout | undefined;
  try {
    const segmentsBefore = kernelTcpOutSegments();
    const measurement = new Measurement();
    measurement.start();
    const received = new Promise<void>((resolve, reject) => {
      timeout = setTimeout(
        () => reject(new Error(`loopback transfer timed out after ${LOOPBACK_TIMEOUT_MS} ms`)),
        LOOPBACK_TIMEOUT_MS,
      );
      client.once('error', reject);
      server.once('connection', (socket) => {
        let count = 0;
        socket.on('error', reject);
        socket.on('data', (data: Buffer) => {
          try {
            verify(pattern, data, count);
          } catch (error) {
            reject(error);
            return;
          }
          count += data.length;
          if (count >= total) resolve();
        });
      });
    });
    await new Promise<void>((resolve) => client.connect(port, '127.0.0.1', resolve));
    let sent = 0;
    while (sent < total) {
      const piece = sourcePiece(pattern, sent, options.chunk, total);
      sent += piece.length;
      if (!client.write(piece)) await new Promise<void>((resolve) => client.once('drain', resolve));
    }
    await received;
    const segmentsAfter = kernelTcpOutSegments();
    return measurement.stop("Node's net over loopback (kernel TCP)", total, {
      segments: segmentsBefore === null || segmentsAfter === null ? null : segmentsAfter - segmentsBefore,
      dataSegments: null,
      lost: null,
      virtualMs: null,
    });
  } finally {
    clearTimeout(timeout);
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// ---- Driver ----

const USAGE =
  'usage: throughput [--mb 100] [--warmup 10] [--loss 0.01] [--delay 1] [--mss 1460] [--window 65535]\n' +
  '                  [--chunk 262144] [--seed 1] [--case sim|net] [--json]';

export function parseArguments(argv: readonly string[]): Options {
  const options: Options = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const number = (): number => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number >= 0\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case '--mb':
        options.mb = number();
        break;
      case '--warmup':
        options.warmupMb = number();
        break;
      case '--loss':
        options.loss = number();
        break;
      case '--delay':
        options.delayMs = number();
        break;
      case '--mss':
        options.mss = number();
        break;
      case '--window':
        options.window = number();
        break;
      case '--chunk':
        options.chunk = number();
        break;
      case '--seed':
        options.seed = number();
        break;
      case '--json':
        options.json = true;
        break;
      case '--case': {
        const name = value();
        if (name !== 'sim' && name !== 'net') throw new Error(`--case is sim or net, got ${name}`);
        options.case = name;
        break;
      }
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}

function toArguments(options: Options): string[] {
  return [
    '--mb',
    String(options.mb),
    '--warmup',
    String(options.warmupMb),
    '--loss',
    String(options.loss),
    '--delay',
    String(options.delayMs),
    '--mss',
    String(options.mss),
    '--window',
    String(options.window),
    '--chunk',
    String(options.chunk),
    '--seed',
    String(options.seed),
  ];
}

/** Runs one case in a fresh Node process with this one's flags (the tsx loader, if any). */
function runInChild(options: Options): Result {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, ...toArguments(options), '--case', options.case!, '--json'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (child.status !== 0)
    throw new Error(`case ${options.case} (loss ${options.loss}) failed: exit ${child.status ?? child.signal}`);
  return JSON.parse(child.stdout) as Result;
}

async function runCase(options: Options): Promise<Result> {
  const warmup = { ...options, mb: options.warmupMb };
  if (options.case === 'sim') {
    if (warmup.mb > 0) simulatedTransfer(warmup, options.loss);
    return simulatedTransfer(options, options.loss);
  }
  if (warmup.mb > 0) await loopbackTransfer(warmup);
  return loopbackTransfer(options);
}

function figure(value: number | null, digits = 0): string {
  if (value === null) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTable(results: readonly Result[], options: Options): string {
  const header = [
    'case',
    'MB/s',
    'MB/CPU-s',
    'segments/s',
    'segments (data)',
    'lost',
    'wall ms',
    'virtual ms',
    'peak RSS MiB (start)',
    'peak heap MiB',
    'heap B/segment',
    'heap KB/MB',
    'GCs (ms)',
  ];
  const rows = results.map((r) => [
    r.name,
    figure(r.mbPerSecond, 1),
    figure(r.mbPerCpuSecond, 1),
    figure(r.segmentsPerSecond),
    r.dataSegments === null ? figure(r.segments) : `${figure(r.segments)} (${figure(r.dataSegments)})`,
    figure(r.lost),
    figure(r.wallMs),
    figure(r.virtualMs),
    `${figure(r.peakRssMib)} (${figure(r.rssAtStartMib)})`,
    figure(r.peakHeapUsedMib, 1),
    figure(r.heapAllocatedPerSegment),
    figure(r.heapAllocatedPerMb / 1000, 1),
    `${figure(r.collections)} (${figure(r.gcMs)})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const compiled = __filename.endsWith('.ts') ? 'TypeScript through tsx' : 'compiled JavaScript';
  return [
    `${figure(options.mb)} MB after ${figure(options.warmupMb)} MB of warm-up; MSS ${options.mss}, window ${options.window}, ` +
      `one-way delay ${options.delayMs} ms, ${figure(options.chunk)}-byte writes`,
    `Node ${process.version} ${process.platform}/${process.arch}, ${compiled}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<void> {
  const options = parseArguments(argv);
  let results: Result[];
  if (options.case !== undefined) {
    results = [await runCase(options)];
  } else {
    results = [runInChild({ ...options, case: 'sim', loss: 0 })];
    if (options.loss > 0) results.push(runInChild({ ...options, case: 'sim' }));
    results.push(runInChild({ ...options, case: 'net' }));
  }
  if (options.json) console.log(JSON.stringify(options.case === undefined ? results : results[0]));
  else console.log(formatTable(results, options));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
