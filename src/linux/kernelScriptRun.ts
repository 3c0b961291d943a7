/**
 * packetdrill scripts (src/pkt's parser) played against the Linux kernel in
 * real time, as packetdrill itself plays them: `<` lines are written to the
 * TUN, `>` lines are checked against what the kernel sends (the sequence
 * numbers mapped by src/pkt's `Flow`, the fields by `outboundMismatches`),
 * and system calls are the same calls on kernel sockets in the namespace,
 * made from `socket()` on as packetdrill makes them (src/linux/kernelSocket.ts:
 * options, fcntl flags, reads and writes reach the kernel's socket itself).
 * Each script has its own port pair, so all scripts run at once.
 *
 * As packetdrill (and src/pkt's runner): a segment the kernel sends is read
 * only by a `>` line (with `strict`, one no `>` line read fails the script
 * at the next `<` line); a call that blocks runs on the "syscall thread"
 * while the next lines go on at their times, and is checked when it
 * returns; a second one while it blocks is packetdrill's error.
 *
 * Where this differs from packetdrill (each a choice for a runner in
 * Node, not a difference of Linux):
 * - A call "blocks" when it has not returned within BLOCKED_AFTER_MS (Node
 *   gives no way to ask the kernel whether a thread sleeps, as
 *   packetdrill's is_thread_sleeping does).
 * - At a trailing `sleep` (the hold) the kernel's state of the script's
 *   connection is read from /proc/net/tcp (`heldState`), and a call still
 *   blocked without `...` is not waited for: the kernel would take its full
 *   time (127 s of SYN retries for a connect nobody answers).
 * - Times: 100 ms plus 12.5 % of the time since the previous event of slack
 *   (packetdrill: 4 ms): Node's event loop reads the TUN, on a shared machine.
 * - A `>` line's TCP options are checked only for those it names (Linux's SYN
 *   carries SACK-permitted, timestamps and window scale the scripts do not
 *   write); `<...>` checks none, as in packetdrill.
 * - A call that would block is tried again every few ms on the event loop
 *   (kernelSocket.ts), not left asleep in the kernel on a thread.
 * - `bind()` binds the script's port; a `connect` or `listen` without one binds
 *   it first (packetdrill lets the kernel choose, then learns the port).
 */
import { execFileSync } from 'node:child_process';
import {
  AssertionSyntaxError,
  failedAssertion,
  fieldsOf,
  intValue,
  optionValue,
  parseAssertions,
  Flow,
  ScriptRunError,
  formatLine,
  formatSent,
  inboundEcn,
  inboundSegment,
  outboundMismatches,
  isNullBuffer,
  readLinger,
  readCleanupCommand,
  readShellCommand,
  type PacketEvent,
  type QdiscCommand,
  type ShellCommand,
  type SysctlSetting,
  type Script,
  type ScriptEvent,
  type ScriptOption,
  type CodeEvent,
  type Expression,
  type SyscallEvent,
} from '../pkt';
import { KernelSocket, errnoName, type CallOutcome } from './kernelSocket';
import { appendFragment } from './looseSegmentation';
import type { TcpState } from '../../machines/tcp.machine';
import type { LinuxTarget } from './linuxSut';
import type { ArrivedSegment } from './tunDevice';
import type { Segment } from '../wire/segment';

export interface LinuxScriptFailure {
  readonly line: number;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface LinuxScriptResult {
  readonly passed: boolean;
  readonly failure?: LinuxScriptFailure;
  readonly ms: number;
  /** The state of the script's connection (its listener's, if none) at a trailing `sleep`, as /proc/net/tcp showed it. */
  readonly heldState?: TcpState;
}

export interface LinuxScriptOptions {
  /** Fail on a segment no `>` line read, at the next `<` line (src/pkt's `strict`). */
  readonly strict?: boolean;
  /**
   * The congestion control algorithm of every socket (setsockopt TCP_CONGESTION), for
   * scripts written for one the namespace cannot make its default (`tcp_congestion_control`).
   */
  readonly congestionControl?: string;
  /** The command line's `--mtu` (the TUN link's), which a script's `--mtu=` line gives way to, as in packetdrill. */
  readonly mtu?: number;
}

/** A call that has not returned after this long is taken to block (see the file comment). */
const BLOCKED_AFTER_MS = 50;
/** How long a call without `...` may block before the run gives up on it: as long as a `*` line waits. */
const MAX_BLOCK_USECS = 300e6;
/** How long a `>` line waits for the kernel at least, however late the runner reached it. */
const GRACE_USECS = 50_000;
/** run_system_call.c's words. */
const SECOND_BLOCKING_CALL = 'blocking system call while another blocking system call is already in progress';

const TOLERANCE_USECS = 100_000;
const TOLERANCE_PERCENT = 12.5;

class Failure extends Error {
  constructor(
    readonly line: number,
    message: string,
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super(message);
  }
}

/** A script's descriptor: its kernel socket, and whether the script (or the runner, at connect or listen) bound it. */
interface Descriptor {
  readonly socket: KernelSocket;
  bound: boolean;
}

/**
 * linux/tcp.h's numbers of the options src/pkt's parser takes whose names src/pkt/symbols.ts does not give a
 * value (it has those of the options our TCP reads); every other option's number is its symbol's value.
 */
const OPTIONS_BEYOND_SYMBOLS: Readonly<Record<string, number>> = { TCP_USER_TIMEOUT: 18 };

/** socket.h, bits/socket.h: what `socket()`'s type carries. */
const SOCK_NONBLOCK = 0o4000;

/** The calls src/pkt plays on our TCP that the runner does not make on the kernel's socket, and why. */
const KERNEL_UNREACHABLE_CALLS: Readonly<Record<string, string>> = {
  sendmsg: 'the native addon makes no sendmsg(2) with iovecs',
  epoll_create: "the native addon has no epoll of the script's own",
  epoll_ctl: "the native addon has no epoll of the script's own",
  epoll_wait: "the native addon has no epoll of the script's own",
};

/** A socket option's number, as packetdrill evaluates the name: its symbol's value. */
function optionNumber(option: Expression, event: SyscallEvent): number {
  const beyond = option.kind === 'symbol' ? OPTIONS_BEYOND_SYMBOLS[option.name] : undefined;
  return beyond ?? intValue(option, event);
}

/**
 * A value the kernel wrote through a call's argument (getsockopt's optval, ioctl's argp), checked against the
 * line's unless it is `...`; as C ints, as packetdrill compares them: TCP_NOTSENT_LOWAT's [0xffffffff] is -1.
 */
function checkedInt(
  event: SyscallEvent,
  what: string,
  actual: number,
  written: Expression,
  shown: (n: number) => string = String,
): CallOutcome {
  if (written.kind === 'ellipsis') return { value: 0 };
  const expected = optionValue(written, event);
  if ((actual | 0) !== (expected | 0))
    throw new Failure(
      event.line,
      `${what} ${shown(actual)}, expected ${shown(expected)}`,
      shown(expected),
      shown(actual),
    );
  return { value: 0 };
}

function isInbound(event: ScriptEvent): boolean {
  return event.kind === 'packet' && event.direction === 'inbound';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Plays one script; `kernelPort` stands for the script's bind/connect port, `peerPort` for the script's own. */
export async function runScriptOnLinux(
  script: Script,
  target: LinuxTarget,
  kernelPort: number,
  peerPort: number,
  trace?: (line: string) => void,
  options: LinuxScriptOptions = {},
): Promise<LinuxScriptResult> {
  const started = performance.now();
  const run = new LinuxScriptRun(target, kernelPort, peerPort, options, script.options, trace);
  const held = () => (run.heldState === undefined ? {} : { heldState: run.heldState });
  try {
    run.checkMtu(script.options);
    await run.setUp(script.initCommand);
    await run.play(script.events, script.cleanupCommand);
    return { passed: true, ms: performance.now() - started, ...held() };
  } catch (error) {
    const failure =
      error instanceof Failure
        ? {
            line: error.line,
            message: error.message,
            ...(error.expected === undefined ? {} : { expected: error.expected }),
            ...(error.actual === undefined ? {} : { actual: error.actual }),
          }
        : error instanceof ScriptRunError
          ? { line: error.place?.line ?? 0, message: error.message } // src/pkt's refusal of a line it does not play
          : { line: 0, message: error instanceof Error ? error.message : String(error) };
    return { passed: false, failure, ms: performance.now() - started, ...held() };
  } finally {
    run.dispose();
  }
}

class LinuxScriptRun {
  /** The connection the script's lines talk to (packetdrill's socket under test). */
  private flow: Flow;
  /** A `listen` after a connection: the next `<` line opens a new one, from a new port (see `inject`). */
  private newFlowOnNextInbound = false;
  private readonly unlisteners: Array<() => void> = [];
  private readonly inbox: ArrivedSegment[] = [];
  private readonly fds = new Map<number, Descriptor>();
  /** The kernel's TS val for each TS val a `>` line wrote (run_packet.c: set_outbound_ts_val_mapping). */
  private readonly liveTsValues = new Map<number, number>();
  private readonly origin = performance.now();
  private previousUsecs = 0;
  heldState: TcpState | undefined;
  /** Set by dispose(): a call still waiting gives up. */
  private disposed = false;
  /** packetdrill's socket under test, whose TCP_INFO a `%{ }%` block reads: the latest listener, accepted or connecting socket. */
  private underTest: KernelSocket | undefined;
  /** TOLERANCE_USECS, or the script's own `--tolerance_usecs` where larger. */
  private readonly toleranceUsecs: number;

  constructor(
    private readonly target: LinuxTarget,
    private readonly kernelPort: number,
    peerPort: number,
    private readonly options: LinuxScriptOptions,
    scriptOptions: readonly ScriptOption[],
    private readonly trace?: (line: string) => void,
  ) {
    // parseScript has checked the value: a number from 0 up.
    const fromScript = Number(scriptOptions.find((option) => option.name === 'tolerance_usecs')?.value ?? 0);
    this.toleranceUsecs = Math.max(TOLERANCE_USECS, fromScript);
    this.flow = this.listenOn(peerPort);
  }

  /** A flow from the script's `peerPort` to the kernel's port; its segments reach `>` lines while it is the script's. */
  private listenOn(peerPort: number): Flow {
    const flow = new Flow(this.kernelPort, peerPort);
    this.unlisteners.push(
      this.target.tun.listen(this.kernelPort, peerPort, (arrived) => {
        this.trace?.(
          `${((arrived.at - this.origin) / 1000).toFixed(3)} s ${this.kernelPort} > ${peerPort} ${formatSent(arrived.segment, flow)}`,
        );
        if (flow === this.flow) this.inbox.push(arrived);
      }),
    );
    return flow;
  }

  private nowUsecs(): number {
    return (performance.now() - this.origin) * 1000;
  }

  private tolerance(atUsecs: number): number {
    return Math.max(this.toleranceUsecs, (TOLERANCE_PERCENT / 100) * (atUsecs - this.previousUsecs));
  }

  private async waitUntil(usecs: number): Promise<void> {
    const delay = (usecs - this.nowUsecs()) / 1000;
    if (delay > 0) await sleep(delay);
  }

  /** The call on the syscall thread, until it returns; its failure, once it has failed. */
  private onThread: { readonly event: SyscallEvent; readonly returned: Promise<void> } | null = null;
  private threadFailure: unknown = null;

  private toThread(event: SyscallEvent, call: Promise<void>): void {
    if (this.onThread !== null) throw new Failure(event.line, SECOND_BLOCKING_CALL);
    const returned = call.then(
      () => undefined,
      (error: unknown) => {
        this.threadFailure ??= error;
      },
    );
    this.onThread = {
      event,
      returned: returned.then(() => {
        this.onThread = null;
      }),
    };
  }

  /** A failure of the call on the syscall thread fails the script at the next event, as packetdrill's thread dies. */
  private checkThread(): void {
    if (this.threadFailure !== null) throw this.threadFailure;
  }

  private async finishBlocked(): Promise<void> {
    await this.onThread?.returned;
    this.checkThread();
  }

  /**
   * A call made at once; if it has not returned within BLOCKED_AFTER_MS, it goes on on the syscall thread.
   * With `...end` too: packetdrill hands such a call to its thread and then waits until the thread is idle
   * again or sleeps (run_system_call.c, await_idle_thread), so a `...` call that returns at once leaves the
   * thread free for the next one (gtests' blocking-read.pkt: `+0...0.000 read` twice).
   */
  private async callMayBlock(event: SyscallEvent, start: number, end: number | undefined): Promise<void> {
    const call = this.syscall(event, start, end);
    const returned = await Promise.race([call.then(() => true), sleep(BLOCKED_AFTER_MS).then(() => false)]);
    if (!returned) this.toThread(event, call);
  }

  /** The script's events, then its untimed command after the last one (`cleanup`), as run.c's run_script plays them. */
  async play(events: readonly ScriptEvent[], cleanup?: ShellCommand): Promise<void> {
    let previous: ScriptEvent | undefined;
    for (const [index, event] of events.entries()) {
      this.checkThread();
      const last = index === events.length - 1;
      const time = event.time;
      // run.c adjust_relative_event_times: a relative time counts from the previous event's script time when
      // both are inbound packets (consecutive injections do not add up the runner's own delays), else from now.
      const anchored = previous !== undefined && isInbound(previous) && isInbound(event);
      const origin = time.kind === 'any' || !time.relative ? 0 : anchored ? this.previousUsecs : this.nowUsecs();
      const start = time.kind === 'any' ? this.nowUsecs() : origin + time.usecs;
      const end = time.kind === 'range' ? origin + time.endUsecs : start;
      previous = event;
      switch (event.kind) {
        case 'packet':
          if (event.direction === 'inbound') await this.inject(event, start);
          else await this.expectSent(event, start, end);
          break;
        case 'syscall':
          await this.waitUntil(start);
          // `...end`: the call may block while the next events go on; a second while it does is an error before it starts.
          if (event.blockingEndUsecs !== undefined && this.onThread !== null)
            throw new Failure(event.line, SECOND_BLOCKING_CALL);
          await this.callMayBlock(
            event,
            start,
            event.blockingEndUsecs === undefined ? undefined : origin + event.blockingEndUsecs,
          );
          break;
        case 'command': {
          const reading = readShellCommand(event.command);
          if (!reading.ok) throw new Failure(event.line, reading.problem);
          await this.waitUntil(start);
          if (reading.kind === 'sysctl') {
            this.setSysctls(event.line, reading.settings);
            this.runQdiscs(event.line, reading.qdiscs ?? []);
            break;
          }
          if (last) return this.hold(); // holds the script there, as the article's scripts hold for netstat
          await sleep(reading.usecs / 1000);
          break;
        }
        case 'code':
          await this.waitUntil(start);
          this.checkAssertions(event);
          break;
      }
      this.previousUsecs = start;
    }
    if ((await this.cleanUp(cleanup)) === 'hold') return;
    await this.finishBlocked();
  }

  /**
   * The untimed command after the last event, which run.c runs once the events are played
   * (run_cleanup_command): a `sleep` holds the script there as a timed trailing one does, a sysctl is set,
   * set_sysctls.py's restore script has nothing to restore in the run's namespace.
   */
  private async cleanUp(command: ShellCommand | undefined): Promise<'hold' | 'go on'> {
    if (command === undefined) return 'go on';
    const reading = readCleanupCommand(command.command);
    if (!reading.ok) throw new Failure(command.line, reading.problem);
    if (reading.kind === 'sysctl') this.setSysctls(command.line, reading.settings);
    if (reading.kind !== 'sleep') return 'go on';
    await this.hold();
    return 'hold';
  }

  /** A script's `--mtu=N` must be the TUN link's: the namespace has one link for all the scripts of a run. */
  checkMtu(scriptOptions: readonly ScriptOption[]): void {
    const option = scriptOptions.find((candidate) => candidate.name === 'mtu');
    // parseScript has checked the value: a number in range. The command line's --mtu overrides the script's.
    if (option === undefined || this.options.mtu !== undefined || Number(option.value) === this.target.network.mtu)
      return;
    throw new Failure(
      option.line,
      `--mtu=${option.value} is not the TUN link's MTU (${this.target.network.mtu}): play the script alone with pkt --target linux`,
    );
  }

  /**
   * A `%{ assert … }%` block on the kernel's TCP_INFO (the addon's getsockopt) of packetdrill's socket under
   * test: the latest listener, accepted or connecting socket (code.c). Checked at once, as src/pkt's runner does.
   */
  private checkAssertions(event: CodeEvent): void {
    let assertions;
    try {
      assertions = parseAssertions(event.code, event.codeStart);
    } catch (error) {
      if (error instanceof AssertionSyntaxError) throw new Failure(event.line, error.detail);
      throw error;
    }
    if (this.underTest === undefined) throw new Failure(event.line, 'no socket to use for code'); // code.c's words
    const info = this.underTest.tcpInfo();
    for (const assertion of assertions) {
      const missing = fieldsOf(assertion.condition).find((field) => info[field] === undefined);
      // The addon reads the fields src/pkt/tcpInfo.ts fills and the congestion and loss counters (native/tun.c).
      if (missing !== undefined)
        throw new Failure(event.line, `${missing} is not read by the addon's tcpInfo (native/tun.c) on this kernel`);
      const failure = failedAssertion(assertion, info);
      if (failure !== undefined)
        throw new Failure(event.line, failure.message, `assert ${assertion.text}`, failure.values);
    }
  }

  /** The script's setup command before its first event: its sysctls, or a sleep. */
  async setUp(command: ShellCommand | undefined): Promise<void> {
    if (command === undefined) return;
    const reading = readShellCommand(command.command);
    if (!reading.ok) throw new Failure(command.line, reading.problem);
    if (reading.kind === 'sysctl') {
      this.setSysctls(command.line, reading.settings);
      this.runQdiscs(command.line, reading.qdiscs ?? []);
    } else await sleep(reading.usecs / 1000);
  }

  /**
   * A sysctl line, for real, in the test namespace (/proc/sys/…). The
   * namespace is every script's of the run: a script that sets one sets it
   * for the scripts running beside it (the gtests tool gives each script a
   * namespace of its own).
   */
  private setSysctls(line: number, settings: readonly SysctlSetting[]): void {
    for (const { name, value } of settings) {
      try {
        this.target.network.setSysctls({ [name]: value });
      } catch (error) {
        throw new Failure(
          line,
          `sysctl ${name}=${value} could not be set: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
    }
  }

  /**
   * `tc qdisc` lines, for real, on the namespace's TUN device (the script's `tun0`), with iproute2's `tc` and
   * no shell (a child spawned from the main thread is in its namespace). `2>/dev/null` lets one fail.
   */
  private runQdiscs(line: number, qdiscs: readonly QdiscCommand[]): void {
    for (const qdisc of qdiscs) {
      const { operation, parameters } = qdisc;
      const args = ['qdisc', operation, 'dev', this.target.network.tunName, 'root', ...parameters];
      try {
        execFileSync('tc', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      } catch (error) {
        if (qdisc.ignoreErrors) continue;
        const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
        const why =
          (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no tc (iproute2) here' : stderr || String(error);
        throw new Failure(line, `\`${qdisc.text}\` failed: ${why}`);
      }
    }
  }

  /** A trailing `sleep`: the kernel's state now, then a `...` call still blocked must return (see the file comment). */
  private async hold(): Promise<void> {
    await this.target.table.after(performance.now());
    this.heldState = this.target.table.stateOf(this.kernelPort, this.flow.remotePort);
    if (this.onThread !== null && this.onThread.event.blockingEndUsecs === undefined) return;
    await this.finishBlocked();
  }

  private async inject(event: PacketEvent, start: number): Promise<void> {
    await this.waitUntil(start);
    const unexpected = this.options.strict === true ? this.inbox.shift() : undefined;
    if (unexpected !== undefined) {
      throw new Failure(
        event.line,
        'the kernel sent a segment no line expects',
        'nothing',
        formatSent(unexpected.segment, this.flow),
      );
    }
    if (this.newFlowOnNextInbound) {
      // run_packet.c handle_listen_for_script_packet: a packet to a listening socket under test makes a new
      // child socket, from a new ephemeral port, so a script that listens again talks to a new connection.
      // The kernel's port is the script's own in the run, so the next port up makes a 4-tuple no one else uses.
      this.newFlowOnNextInbound = false;
      this.flow = this.listenOn(this.flow.remotePort >= 65535 ? 1024 : this.flow.remotePort + 1);
      this.inbox.length = 0;
    }
    const segment = this.withLiveEcr(event, inboundSegment(event, this.flow));
    if (segment.flags.syn) this.flow.learnRemoteIsn(segment.seq);
    this.target.tun.send(segment, inboundEcn(event));
  }

  private async expectSent(event: PacketEvent, start: number, end: number): Promise<void> {
    const tolerance = this.tolerance(end);
    // A line the runner itself reached late still gives the kernel GRACE_USECS to answer; the time check judges it.
    const until =
      event.time.kind === 'any'
        ? this.nowUsecs() + MAX_BLOCK_USECS
        : Math.max(end + tolerance, this.nowUsecs() + GRACE_USECS);
    while (this.inbox.length === 0 && this.nowUsecs() < until) await sleep(2);
    const expected = formatLine(event);
    const first = this.inbox.shift();
    if (first === undefined)
      throw new Failure(event.line, 'expected an outbound segment, but the kernel sent nothing', expected, 'nothing');
    const sent = await this.joinFragments(event, first, until);
    // Options: only those the line names (Linux's SYN carries more than the scripts write).
    const mismatches = outboundMismatches({ ...event, options: 'any' }, sent.segment, this.flow, sent.ecn);
    if (event.options !== 'any') {
      for (const option of event.options) {
        if (option.kind === 'mss' && sent.segment.options?.mss !== option.value)
          mismatches.push(`mss: expected ${option.value}, sent ${sent.segment.options?.mss ?? 'none'}`);
      }
    }
    const actual = formatSent(sent.segment, this.flow);
    if (mismatches.length > 0)
      throw new Failure(event.line, `outbound segment differs: ${mismatches.join('; ')}`, expected, actual);
    const at = (sent.at - this.origin) * 1000;
    if (event.time.kind !== 'any' && (at < start - tolerance || at > end + tolerance)) {
      throw new Failure(
        event.line,
        `sent at ${(at / 1e6).toFixed(3)} s, expected ${(start / 1e6).toFixed(3)} s ± ${(tolerance / 1e6).toFixed(3)} s`,
        expected,
        actual,
      );
    }
    const scriptTimestamp =
      event.options === 'any' ? undefined : event.options.find((option) => option.kind === 'timestamp');
    const liveTimestamp = sent.segment.options?.timestamp;
    if (scriptTimestamp !== undefined && liveTimestamp !== undefined)
      this.liveTsValues.set(scriptTimestamp.value, liveTimestamp.value);
  }

  /**
   * An inbound ACK's TS ecr names one of the script's outbound TS vals; the kernel gets its own value for it
   * (run_packet.c, map_inbound_packet), as RFC 7323 §3.2's echo would carry. A value no `>` line wrote is
   * packetdrill's error (its --tcp_ts_ecr_scaled interpolation is refused by the parser).
   */
  private withLiveEcr(event: PacketEvent, segment: Segment): Segment {
    const timestamp = segment.options?.timestamp;
    if (!segment.flags.ack || timestamp === undefined) return segment;
    const echo = this.liveTsValues.get(timestamp.echo);
    if (echo === undefined) {
      throw new Failure(
        event.line,
        `unable to infer live TS ecr for script TS ecr ${timestamp.echo}; no matching or preceding outbound TS val`,
      );
    }
    return { ...segment, options: { ...segment.options, timestamp: { value: timestamp.value, echo } } };
  }

  /**
   * packetdrill's loose segmentation (src/linux/looseSegmentation.ts): segments that follow `first` are
   * read, until `until`, while their data falls short of the line's; they are checked as one, sent when the last was.
   */
  private async joinFragments(event: PacketEvent, first: ArrivedSegment, until: number): Promise<ArrivedSegment> {
    let joined = first.segment;
    let last = first;
    while (joined.payload.length > 0 && joined.payload.length < event.payloadLength) {
      while (this.inbox.length === 0 && this.nowUsecs() < until) await sleep(2);
      const next = this.inbox.shift();
      if (next === undefined) break; // the data length check reports the shortfall
      const appended = appendFragment(joined, last.segment, next.segment, event.payloadLength);
      if (typeof appended === 'string')
        throw new Failure(event.line, appended, formatLine(event), formatSent(next.segment, this.flow));
      joined = appended;
      last = next;
    }
    return { ...last, segment: joined };
  }

  private descriptor(event: SyscallEvent, index: number): [number, Descriptor] {
    const argument = event.args[index];
    if (argument?.kind !== 'integer') throw new Failure(event.line, `${event.name}: the descriptor must be a number`);
    const fd = this.fds.get(argument.value);
    if (fd === undefined) throw new Failure(event.line, `${event.name}: ${argument.value} is not an open descriptor`);
    return [argument.value, fd];
  }

  /** One call and its check; `deadline` is a `...end` call's return time (undefined for a call without `...`). */
  private async syscall(event: SyscallEvent, start: number, deadline: number | undefined): Promise<void> {
    const expectedResult = event.result.kind === 'integer' ? event.result.value : null;
    let result: CallOutcome;
    try {
      // Long kernel timers sit on coarse levels of the timer wheel and fire up to an eighth late; a blocked
      // call waits that long and a little more before it is given up on (its time is judged after).
      result = await this.call(
        event,
        expectedResult,
        deadline === undefined ? start + MAX_BLOCK_USECS : deadline * 1.25 + 2e6,
      );
    } catch (error) {
      // A call the kernel refused (native/socket.c's errors carry the errno's name); anything else is the runner's.
      const code = (error as NodeJS.ErrnoException).code;
      if (error instanceof Failure || typeof code !== 'string') throw error;
      result = { value: -1, errno: code };
    }
    if (result.stillBlocked === true) {
      const by = deadline === undefined ? '' : `, expected to return at ${(deadline / 1e6).toFixed(3)} s`;
      throw new Failure(event.line, `${event.name} was still blocked at ${(this.nowUsecs() / 1e6).toFixed(3)} s${by}`);
    }
    const shown = `${result.value}${result.errno === undefined ? '' : ` ${result.errno}`}`;
    const wanted = `${expectedResult ?? '...'}${event.errno === undefined ? '' : ` ${event.errno}`}`;
    if (
      (expectedResult !== null && result.value !== expectedResult) ||
      (event.errno !== undefined && result.errno !== event.errno)
    ) {
      throw new Failure(event.line, `${event.name} returned ${shown}, expected ${wanted}`, wanted, shown);
    }
    if (deadline !== undefined) {
      const now = this.nowUsecs();
      const tolerance = this.tolerance(deadline);
      if (Math.abs(now - deadline) > tolerance) {
        throw new Failure(
          event.line,
          `${event.name} returned at ${(now / 1e6).toFixed(3)} s, expected ${(deadline / 1e6).toFixed(3)} s`,
        );
      }
    }
  }

  /**
   * One call on the script's kernel socket (kernelSocket.ts); one that blocks waits for its completion until
   * `until` (µs on the script's clock). A call's failure (an Error with an errno's code) becomes `-1 errno` in
   * `syscall`, as the kernel's would.
   */
  private async call(event: SyscallEvent, expected: number | null, until: number): Promise<CallOutcome> {
    const { kernelAddress, peerAddress } = this.target.network;
    const keepWaiting = () => !this.disposed && this.nowUsecs() < until;
    const argument = (index: number) => {
      const expression = event.args[index];
      if (expression === undefined) throw new Failure(event.line, `${event.name}: argument ${index + 1} is missing`);
      return expression;
    };
    // packetdrill's NULL buffer goes to the kernel as NULL, which faults (EFAULT) once there is something to copy.
    const nullBuffer = event.args[1] !== undefined && isNullBuffer(event.args[1]);
    const unreachable = KERNEL_UNREACHABLE_CALLS[event.name];
    if (unreachable !== undefined)
      throw new Failure(event.line, `${event.name}() is not played against Linux: ${unreachable}`);
    switch (event.name) {
      case 'socket': {
        const socket = KernelSocket.open((intValue(argument(1), event) & SOCK_NONBLOCK) !== 0);
        // Before connect or listen, so that the SYN, and every connection a listener accepts, runs it.
        if (this.options.congestionControl !== undefined) socket.setCongestionControl(this.options.congestionControl);
        const number = expected ?? 3 + this.fds.size;
        this.fds.set(number, { socket, bound: false });
        return { value: number };
      }
      case 'setsockopt':
        return this.setOption(event, this.descriptor(event, 0)[1].socket);
      case 'getsockopt':
        return this.getOption(event, this.descriptor(event, 0)[1].socket);
      case 'fcntl': {
        const { socket } = this.descriptor(event, 0)[1];
        const command = argument(1);
        if (command.kind === 'symbol' && command.name === 'F_GETFL') return { value: socket.getFlags() };
        if (command.kind === 'symbol' && command.name === 'F_SETFL') {
          socket.setFlags(intValue(argument(2), event));
          return { value: 0 };
        }
        throw new Failure(event.line, 'fcntl: only F_GETFL and F_SETFL are played against Linux');
      }
      case 'bind': {
        const [, fd] = this.descriptor(event, 0);
        fd.socket.bind(kernelAddress, this.kernelPort);
        fd.bound = true;
        return { value: 0 };
      }
      case 'listen': {
        const [, fd] = this.descriptor(event, 0);
        this.bindIfUnbound(fd);
        fd.socket.listen(intValue(argument(1), event));
        this.underTest = fd.socket;
        if (this.flow.remoteIsnKnown) this.newFlowOnNextInbound = true;
        return { value: 0 };
      }
      case 'accept': {
        const accepted = await this.descriptor(event, 0)[1].socket.accept(keepWaiting);
        if (!(accepted instanceof KernelSocket)) return accepted;
        this.underTest = accepted;
        const number = expected ?? 3 + this.fds.size;
        this.fds.set(number, { socket: accepted, bound: true });
        return { value: number };
      }
      case 'connect': {
        const [, fd] = this.descriptor(event, 0);
        this.bindIfUnbound(fd);
        this.underTest = fd.socket;
        return fd.socket.connect(peerAddress, this.flow.remotePort, keepWaiting);
      }
      case 'write':
      case 'send':
      case 'sendto': {
        const { socket } = this.descriptor(event, 0)[1];
        const flags = event.name === 'write' ? 0 : intValue(argument(3), event);
        const length = intValue(argument(2), event);
        return socket.send(length, flags, keepWaiting, nullBuffer);
      }
      case 'read':
      case 'recv':
      case 'recvfrom': {
        const { socket } = this.descriptor(event, 0)[1];
        const flags = event.name === 'read' ? 0 : intValue(argument(3), event);
        const length = intValue(argument(2), event);
        return socket.receive(length, flags, keepWaiting, nullBuffer);
      }
      case 'ioctl': {
        // run_system_call.c's syscall_ioctl: the int the kernel writes is checked against the line's `[n]`.
        const { socket } = this.descriptor(event, 0)[1];
        const actual = socket.ioctlInt(intValue(argument(1), event));
        return checkedInt(event, 'ioctl: the kernel gave', actual, argument(2));
      }
      case 'shutdown':
        this.descriptor(event, 0)[1].socket.shutdown(intValue(argument(1), event));
        return { value: 0 };
      case 'close': {
        const [number, fd] = this.descriptor(event, 0);
        this.fds.delete(number);
        // The kernel may give the descriptor's number to another script's socket: code blocks no longer read it.
        if (this.underTest === fd.socket) this.underTest = undefined;
        fd.socket.close();
        return { value: 0 };
      }
      default:
        throw new Failure(event.line, `${event.name}() is not played against Linux`);
    }
  }

  /** The script's bind, made for it before connect or listen: the flow's port is the script's `kernelPort`. */
  private bindIfUnbound(fd: Descriptor): void {
    if (fd.bound) return;
    fd.socket.bind(this.target.network.kernelAddress, this.kernelPort);
    fd.bound = true;
  }

  /** setsockopt on the kernel's socket (run_system_call.c, syscall_setsockopt): the script's level, value and option. */
  private setOption(event: SyscallEvent, socket: KernelSocket): CallOutcome {
    const [, level, option, value] = event.args;
    const name = option?.kind === 'symbol' ? option.name : undefined;
    if (name === 'SO_LINGER' && value !== undefined) {
      const linger = readLinger(value);
      if (typeof linger === 'string') throw new Failure(event.line, linger);
      socket.setLinger(linger.onoff, linger.linger);
      return { value: 0 };
    }
    if (option === undefined || level === undefined || value === undefined)
      throw new Failure(event.line, 'setsockopt: expected a level, an option and a value');
    socket.setOption(intValue(level, event), optionNumber(option, event), optionValue(value, event));
    return { value: 0 };
  }

  /**
   * getsockopt on the kernel's socket, its value checked against the line's (run_system_call.c,
   * syscall_getsockopt): SO_SNDBUF reads what the kernel made of setsockopt's value (doubled, socket(7)).
   */
  private getOption(event: SyscallEvent, socket: KernelSocket): CallOutcome {
    const [, level, option, value] = event.args;
    const name = option?.kind === 'symbol' ? option.name : undefined;
    if (option === undefined || level === undefined)
      throw new Failure(event.line, 'getsockopt: expected a level and an option');
    const actual = socket.getOption(intValue(level, event), optionNumber(option, event));
    if (value === undefined) return { value: 0 };
    const shown = (n: number) => (name === 'SO_ERROR' ? errnoName(n) : `${n}`);
    return checkedInt(event, `getsockopt: ${name} is`, actual, value, shown);
  }

  dispose(): void {
    this.disposed = true;
    for (const unlisten of this.unlisteners) unlisten();
    for (const { socket } of this.fds.values()) socket.close();
  }
}
