/**
 * packetdrill scripts (src/pkt's parser) played against the Linux kernel in
 * real time, as packetdrill itself plays them: `<` lines are written to the
 * TUN, `>` lines are checked against what the kernel sends (the sequence
 * numbers mapped by src/pkt's `Flow`, the fields by `outboundMismatches`),
 * and system calls are made on real sockets in the namespace (through Node:
 * socket/bind/setsockopt/fcntl are bookkeeping, listen/accept/connect/
 * write/read/close are socket calls). Each script has its own port pair, so
 * all scripts run at once.
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
 * - `close()` is Node's destroy(), which is close(2); `accept()` returns the
 *   connection Node accepted.
 */
import { execFileSync } from 'node:child_process';
import * as net from 'node:net';
import {
  AssertionSyntaxError,
  failedAssertion,
  fieldsOf,
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
import { loadAddon } from './addon';
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

interface Descriptor {
  nonblocking: boolean;
  /** SO_LINGER {onoff=1, linger=0}: close() aborts. */
  abortOnClose?: boolean;
  server?: net.Server;
  socket?: net.Socket;
  /** Connections the listener has accepted and accept() has not returned. */
  accepted: net.Socket[];
  received: number;
  ended: boolean;
  error?: NodeJS.ErrnoException;
  errorTaken?: boolean;
  /** shutdown(SHUT_RD) or SHUT_RDWR: reads return what is queued, then 0 at once (see `shutdown`). */
  readShutdown?: boolean;
  /** shutdown(SHUT_WR) or SHUT_RDWR: writes fail with EPIPE (tcp_sendmsg's SEND_SHUTDOWN check). */
  writeShutdown?: boolean;
}

/**
 * Options our TCP plays that the kernel's socket cannot be given here: Node
 * sets none of them on a TCP socket, and the addon sets SO_LINGER and the
 * IPPROTO_TCP options of KERNEL_TCP_OPTIONS only. Refused rather than
 * ignored: the script would be checked against a socket without them.
 */
const KERNEL_UNREACHABLE_OPTIONS: ReadonlySet<string> = new Set(['SO_RCVBUF', 'SO_SNDBUF']);

function unreachableOption(call: 'setsockopt' | 'getsockopt', option: string): string {
  return `${call}(${option}) is not played against Linux: neither Node nor the native addon offers it on the kernel's socket`;
}

/** The IPPROTO_TCP options the addon sets and reads on the kernel's socket, with their numbers (linux/tcp.h). */
const KERNEL_TCP_OPTIONS: Readonly<Record<string, number>> = {
  TCP_MAXSEG: 2,
  TCP_USER_TIMEOUT: 18,
  TCP_NOTSENT_LOWAT: 25,
};

/** The calls src/pkt plays on our TCP that Node cannot make on the kernel's socket, and why. */
const KERNEL_UNREACHABLE_CALLS: Readonly<Record<string, string>> = {
  ioctl: 'Node offers no ioctl(2) on a socket, and the native addon no SIOCINQ/SIOCOUTQ',
  sendmsg: 'Node offers no sendmsg(2) with iovecs',
  epoll_create: "Node offers no epoll of the script's own (libuv's is its event loop's)",
  epoll_ctl: "Node offers no epoll of the script's own (libuv's is its event loop's)",
  epoll_wait: "Node offers no epoll of the script's own (libuv's is its event loop's)",
};

/** TCP_CLOSE of include/net/tcp_states.h, as TCP_INFO's tcpi_state reports it. */
const LINUX_TCP_CLOSE = 7;

/** shutdown(2)'s `how` (socket.h). */
const SHUTDOWN_HOW: Readonly<Record<string, number>> = { SHUT_RD: 0, SHUT_WR: 1, SHUT_RDWR: 2 };

/** The socket's pending error, as SO_ERROR hands it out: once. */
function takeError(fd: Descriptor): string {
  const code = fd.error?.code ?? 'EIO';
  fd.errorTaken = true;
  return code;
}

/**
 * recv/send's MSG_PEEK and MSG_DONTWAIT (src/pkt's syscallTable allows no
 * others). The runner reads the kernel's socket through Node, which takes
 * every byte as it arrives and counts it (`Descriptor.received`): a read
 * takes from that count, a peek leaves it, as recv(2)'s MSG_PEEK leaves the
 * receive queue. A write is handed to Node at once (it never blocks), so
 * send's MSG_DONTWAIT changes nothing here.
 */
function msgFlags(event: SyscallEvent): { readonly peek: boolean; readonly dontWait: boolean } {
  const flags = /^(recv|send|recvfrom|sendto)$/.test(event.name) ? event.args[3] : undefined;
  const names =
    flags?.kind === 'symbol'
      ? [flags.name]
      : flags?.kind === 'bitOr'
        ? flags.operands.map((operand) => (operand.kind === 'symbol' ? operand.name : ''))
        : [];
  return { peek: names.includes('MSG_PEEK'), dontWait: names.includes('MSG_DONTWAIT') };
}

/** `n` or `[n]`, as socket options' values are written. */
function boxedInteger(expression: Expression): number | undefined {
  if (expression.kind === 'integer') return expression.value;
  const [only] = expression.kind === 'array' ? expression.elements : [];
  return only?.kind === 'integer' ? only.value : undefined;
}

/** The kernel descriptor under a Node socket or server, once libuv has opened it; undefined before and after. */
function handleFd(socket: net.Socket | net.Server | undefined): number | undefined {
  const fd = (socket as { _handle?: { fd?: number } | null } | undefined)?._handle?.fd;
  return fd === undefined || fd < 0 ? undefined : fd;
}

/** The kernel descriptor under a Node socket (libuv's). */
function kernelFd(socket: net.Socket): number {
  return (socket as unknown as { _handle: { fd: number } })._handle.fd;
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
    await run.play(script.events);
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
  private underTest: net.Socket | net.Server | undefined;
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

  async play(events: readonly ScriptEvent[]): Promise<void> {
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
    await this.finishBlocked();
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
    const descriptor = handleFd(this.underTest);
    if (descriptor === undefined) throw new Failure(event.line, 'no socket to use for code'); // code.c's words
    const info = loadAddon().tcpInfo(descriptor);
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
    let result: { value: number; errno?: string };
    try {
      // Long kernel timers sit on coarse levels of the timer wheel and fire up to an eighth late; a blocked
      // call waits that long and a little more before it is given up on (its time is judged after).
      result = await this.call(
        event,
        expectedResult,
        deadline === undefined ? start + MAX_BLOCK_USECS : deadline * 1.25 + 2e6,
      );
    } catch (error) {
      if (error instanceof Failure) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      result = { value: -1, errno: code };
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

  /** One call; a blocking one waits for its completion until `until` (µs on the script's clock). */
  private async call(
    event: SyscallEvent,
    expected: number | null,
    until: number,
  ): Promise<{ value: number; errno?: string }> {
    const { kernelAddress, peerAddress } = this.target.network;
    const waitFor = async (ready: () => boolean) => {
      while (!ready() && !this.disposed && this.nowUsecs() < until) await sleep(2);
    };
    const buffer = event.args[1];
    if (/^(write|send|sendto|read|recv|recvfrom)$/.test(event.name) && buffer !== undefined && isNullBuffer(buffer))
      throw new Failure(
        event.line,
        `${event.name} with a NULL buffer (EFAULT) is not played against Linux: Node hands the kernel its own buffers`,
      );
    const unreachable = KERNEL_UNREACHABLE_CALLS[event.name];
    if (unreachable !== undefined)
      throw new Failure(event.line, `${event.name}() is not played against Linux: ${unreachable}`);
    switch (event.name) {
      case 'socket': {
        const fd = expected ?? 3 + this.fds.size;
        this.fds.set(fd, { nonblocking: false, accepted: [], received: 0, ended: false });
        return { value: fd };
      }
      case 'setsockopt': {
        const [, fd] = this.descriptor(event, 0);
        const option = event.args[2];
        const value = event.args[3];
        if (option?.kind === 'symbol' && KERNEL_UNREACHABLE_OPTIONS.has(option.name))
          throw new Failure(event.line, unreachableOption('setsockopt', option.name));
        if (option?.kind === 'symbol' && KERNEL_TCP_OPTIONS[option.name] !== undefined)
          return this.setTcpOption(event, fd, option.name);
        if (option?.kind === 'symbol' && option.name === 'SO_LINGER' && value !== undefined) {
          const linger = readLinger(value);
          if (typeof linger === 'string') throw new Failure(event.line, linger);
          fd.abortOnClose = linger.onoff !== 0;
        }
        return { value: 0 };
      }
      case 'bind':
        this.descriptor(event, 0);
        return { value: 0 };
      case 'fcntl': {
        const [, fd] = this.descriptor(event, 0);
        const command = event.args[1];
        if (command?.kind === 'symbol' && command.name === 'F_SETFL') {
          const text = JSON.stringify(event.args[2]);
          fd.nonblocking = text.includes('O_NONBLOCK');
        }
        return { value: 0 };
      }
      case 'getsockopt': {
        const [, fd] = this.descriptor(event, 0);
        const option = event.args[2];
        if (option?.kind === 'symbol' && KERNEL_UNREACHABLE_OPTIONS.has(option.name))
          throw new Failure(event.line, unreachableOption('getsockopt', option.name));
        if (option?.kind === 'symbol' && KERNEL_TCP_OPTIONS[option.name] !== undefined)
          return this.getTcpOption(event, fd, option.name);
        return { value: 0, ...(fd.error === undefined ? {} : { errno: fd.error.code }) };
      }
      case 'listen': {
        const [, fd] = this.descriptor(event, 0);
        const server = net.createServer({ allowHalfOpen: true }, (socket) => {
          this.watch(fd, socket);
          fd.accepted.push(socket);
        });
        fd.server = server;
        this.underTest = server;
        if (this.flow.remoteIsnKnown) this.newFlowOnNextInbound = true;
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: kernelAddress, port: this.kernelPort, backlog: 8 }, () => resolve());
        });
        // An accepted connection inherits its listener's algorithm (the kernel's tcp_assign_congestion_control).
        this.useCongestionControl((server as unknown as { _handle: { fd: number } })._handle.fd);
        return { value: 0 };
      }
      case 'accept': {
        const [, fd] = this.descriptor(event, 0);
        if (!fd.nonblocking) await waitFor(() => fd.accepted.length > 0);
        const socket = fd.accepted.shift();
        if (socket === undefined) return { value: -1, errno: 'EAGAIN' };
        const child: Descriptor = { nonblocking: false, socket, accepted: [], received: 0, ended: false };
        this.underTest = socket;
        this.watch(child, socket);
        const number = expected ?? 3 + this.fds.size;
        this.fds.set(number, child);
        return { value: number };
      }
      case 'connect': {
        const [, fd] = this.descriptor(event, 0);
        const socket = net.connect({
          host: peerAddress,
          port: this.flow.remotePort,
          localAddress: kernelAddress,
          localPort: this.kernelPort,
          allowHalfOpen: true,
        });
        fd.socket = socket;
        this.underTest = socket;
        // libuv opens the socket a tick later; at 'connect' (ESTABLISHED, no data yet) is soon enough for what the algorithm governs.
        socket.once('connect', () => this.useCongestionControl(kernelFd(socket)));
        this.watch(fd, socket);
        if (fd.nonblocking) return { value: -1, errno: 'EINPROGRESS' };
        let connected = false;
        socket.once('connect', () => (connected = true));
        await waitFor(() => connected || fd.error !== undefined);
        return fd.error === undefined ? { value: 0 } : { value: -1, errno: takeError(fd) };
      }
      case 'write':
      case 'send':
      case 'sendto': {
        const [, fd] = this.descriptor(event, 0);
        const length = event.args[2]?.kind === 'integer' ? event.args[2].value : 0;
        if (fd.socket === undefined) return { value: -1, errno: 'ENOTCONN' };
        // A reset connection: Node reported the kernel's error already (as read() would), so send() gives EPIPE.
        if (fd.socket.destroyed) return { value: -1, errno: 'EPIPE' };
        // The kernel would refuse it the same way; handed to Node, a write after end() destroys the socket (a RST).
        if (fd.writeShutdown === true) return { value: -1, errno: 'EPIPE' };
        if (fd.error !== undefined) return { value: -1, errno: fd.errorTaken ? 'EPIPE' : takeError(fd) };
        // A connection the kernel has closed (a RST came) refuses the write, which Node reports a moment later;
        // a live one takes it at once. Waiting only then keeps the next line on time: packetdrill's write returns
        // in microseconds, and a script's `+.01 shutdown` after it races the kernel's TLP (2 × SRTT).
        const closed = loadAddon().tcpInfo(kernelFd(fd.socket)).tcpi_state === LINUX_TCP_CLOSE;
        fd.socket.write(new Uint8Array(length));
        if (!closed) return { value: length };
        await sleep(20);
        if (fd.error !== undefined) return { value: -1, errno: takeError(fd) };
        return { value: length };
      }
      case 'read':
      case 'recv':
      case 'recvfrom': {
        const [, fd] = this.descriptor(event, 0);
        const length = event.args[2]?.kind === 'integer' ? event.args[2].value : 0;
        const flags = msgFlags(event);
        if (!fd.nonblocking && !flags.dontWait && fd.readShutdown !== true)
          await waitFor(() => fd.received > 0 || fd.ended || fd.error !== undefined);
        if (fd.received === 0 && fd.error !== undefined) return { value: -1, errno: takeError(fd) };
        if (fd.received === 0)
          return fd.ended || fd.readShutdown === true ? { value: 0 } : { value: -1, errno: 'EAGAIN' };
        const taken = Math.min(length, fd.received);
        // MSG_PEEK: the bytes stay counted for the next read (see msgFlags).
        if (!flags.peek) fd.received -= taken;
        return { value: taken };
      }
      case 'shutdown': {
        const [, fd] = this.descriptor(event, 0);
        const howArg = event.args[1];
        const how =
          howArg?.kind === 'symbol' ? SHUTDOWN_HOW[howArg.name] : howArg?.kind === 'integer' ? howArg.value : undefined;
        // inet_shutdown: a `how` other than SHUT_RD, SHUT_WR, SHUT_RDWR is EINVAL, checked before the socket's state.
        if (how === undefined || how < 0 || how > 2) return { value: -1, errno: 'EINVAL' };
        if (fd.socket === undefined) return { value: -1, errno: 'ENOTCONN' };
        // SHUT_WR: the kernel's own shutdown(2), which sends our FIN. SHUT_RD sends nothing on Linux (tcp_shutdown
        // acts on SEND_SHUTDOWN only); it makes tcp_recvmsg return what is queued, then 0 without waiting. The addon
        // offers shutdown(SHUT_WR) alone, so the runner keeps that half itself: its reads, here, are the script's.
        if (how !== 0) {
          loadAddon().shutdownWrite(kernelFd(fd.socket));
          fd.writeShutdown = true;
        }
        if (how !== 1) fd.readShutdown = true;
        return { value: 0 };
      }
      case 'close': {
        const [number, fd] = this.descriptor(event, 0);
        fd.server?.close();
        // SO_LINGER {1, 0} on the kernel's socket, then close(2): a RST (tcp_close → tcp_disconnect).
        if (fd.abortOnClose === true && fd.socket !== undefined) loadAddon().lingerZero(kernelFd(fd.socket));
        fd.socket?.destroy();
        this.fds.delete(number);
        return { value: 0 };
      }
      default:
        throw new Failure(event.line, `${event.name}() is not played against Linux`);
    }
  }

  /**
   * TCP_MAXSEG, TCP_USER_TIMEOUT (RFC 5482) on the kernel's socket through the addon, once Node has opened it
   * (listening, accepted, connecting); before that they are refused, since Node opens and connects in one call,
   * so an option set before connect would not reach the SYN.
   */
  private setTcpOption(event: SyscallEvent, fd: Descriptor, name: string): { value: number; errno?: string } {
    const value = event.args[3];
    const number = value === undefined ? undefined : boxedInteger(value);
    if (number === undefined) throw new Failure(event.line, `setsockopt: ${name} takes a number`);
    const descriptor = this.openDescriptor(event, fd, name);
    try {
      loadAddon().setTcpOption(descriptor, KERNEL_TCP_OPTIONS[name]!, number);
      return { value: 0 };
    } catch (error) {
      return { value: -1, errno: (error as NodeJS.ErrnoException).code ?? 'EIO' };
    }
  }

  /** getsockopt of an option in KERNEL_TCP_OPTIONS: the kernel's value, checked against the line's. */
  private getTcpOption(event: SyscallEvent, fd: Descriptor, name: string): { value: number } {
    const descriptor = this.openDescriptor(event, fd, name);
    const actual = loadAddon().getTcpOption(descriptor, KERNEL_TCP_OPTIONS[name]!);
    const expected = event.args[3] === undefined ? undefined : boxedInteger(event.args[3]);
    // As C ints, as packetdrill compares them: TCP_NOTSENT_LOWAT's [0xffffffff] is the kernel's -1.
    if (expected !== undefined && (actual | 0) !== (expected | 0))
      throw new Failure(
        event.line,
        `getsockopt: ${name} is ${actual}, expected ${expected}`,
        `${expected}`,
        `${actual}`,
      );
    return { value: 0 };
  }

  private openDescriptor(event: SyscallEvent, fd: Descriptor, name: string): number {
    const descriptor = handleFd(fd.socket ?? fd.server);
    if (descriptor === undefined)
      throw new Failure(
        event.line,
        `${event.name}(${name}) before connect or listen is not played against Linux: Node opens the kernel's socket only then`,
      );
    return descriptor;
  }

  private useCongestionControl(descriptor: number): void {
    if (this.options.congestionControl !== undefined)
      loadAddon().setCongestionControl(descriptor, this.options.congestionControl);
  }

  private watch(fd: Descriptor, socket: net.Socket): void {
    socket.on('error', (error: NodeJS.ErrnoException) => (fd.error = error));
    socket.on('data', (data: Buffer) => (fd.received += data.length));
    socket.on('end', () => (fd.ended = true));
  }

  dispose(): void {
    this.disposed = true;
    for (const unlisten of this.unlisteners) unlisten();
    for (const fd of this.fds.values()) {
      fd.server?.close();
      fd.socket?.destroy();
      for (const socket of fd.accepted) socket.destroy();
    }
  }
}
