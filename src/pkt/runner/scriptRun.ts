/**
 * Plays a packetdrill script against our TCP, as packetdrill plays one
 * against a kernel (google/packetdrill, run.c, run_packet.c,
 * run_system_call.c), on a virtual clock: a script that waits out a 2MSL or
 * `sleep 1000000` finishes in milliseconds.
 *
 * The host under test is our TCP's sockets-layer `Host`, or another TCP
 * behind the same calls (runner/scriptHost.ts); the script plays the peer.
 * A `<` line injects a segment into the host at its time; a `>` line is an
 * expectation on the next segment the host sends: flags, sequence and ack
 * numbers, data length, and window and options unless left out (`<...>`),
 * sent within the tolerance of its time. A system call line is made at its
 * time and its result checked. The run stops at the first failure.
 *
 * Choices where packetdrill's behaviour does not carry over to a virtual
 * clock, or is left open (see also runner/types.ts for the defaults):
 * - Unexpected segments, as packetdrill (run_packet.c): the host's segments
 *   are read only by `>` lines, oldest first, so an extra one fails the
 *   script only when a `>` line reads it and it differs; one sent before a
 *   `<` line, a call or after the last line is never looked at. With the
 *   `strict` option (`pkt --strict`, and our own scripts under
 *   test/pkt/scripts) any segment no `>` line has read fails the script at
 *   the next `<` line, at a trailing `sleep` and at the end.
 * - Blocking calls, on the "syscall thread" (run_system_call.c's
 *   system_call_thread): a call that would block leaves the script to go on
 *   with the next lines at their times; it is retried as segments arrive
 *   and timers fire, and its result is checked when it returns (with
 *   `...end`, its return time too). packetdrill itself hands only `...`
 *   calls to that thread and makes the others on its main thread; we hand
 *   every call that blocks, so that a script such as the article's
 *   syn_sent.pkt (`connect(...) = -1`, then `sleep`) holds in SYN-SENT, as
 *   netstat showed while the call was blocked. A second call that blocks
 *   while one is in progress is packetdrill's error, in its words. Calls
 *   that do not block run at once.
 * - `` `sleep N` `` as the last event holds the script there, as the article's
 *   scripts hold for netstat: the listing is what netstat showed at that
 *   moment. A call still blocked then goes on for up to N seconds and must
 *   return with its result; nothing else is checked after that moment.
 *   Anywhere else `sleep` lets N seconds of virtual time pass. No other
 *   shell command is run.
 * - Relative times count from when the previous event ended (packetdrill's
 *   "now"); a time already past, because a blocking call ran long, fails
 *   unless within the tolerance.
 */
import { DEFAULT_IDLE_LIMIT_MS, DEFAULT_MAX_FIRINGS, VirtualClock } from '../../net/clock';
import { rfc6528IssGenerator } from '../../tcp/iss';
import { formatListing, socketListing, type HostTcpOptions, type ListingRow } from '../../sockets';
import type { Datagram } from '../../sockets/address';
import type { Segment } from '../../wire/segment';
import type {
  CodeEvent,
  EventTime,
  PacketEvent,
  Script,
  ScriptEvent,
  ScriptOption,
  ShellCommand,
  SyscallEvent,
} from '../ast';
import { AssertionSyntaxError, failedAssertion, fieldsOf, parseAssertions } from '../assertion';
import { isSysctlRestore, readShellCommand } from '../commands';
import { applySysctl } from '../sysctls';
import { NO_EVENT_PROBLEM } from '../playable';
import { ScriptRunError, type ScriptPlace } from '../errors';
import { DEFAULT_MSS } from '../../tcp/connection';
import { readTcpInfo, unfilledFieldProblem } from '../tcpInfo';
import { Flow } from './flow';
import { ourTcpHost, type ScriptHost } from './scriptHost';
import { expectsEcn, formatLine, formatSent, inboundSegment, outboundMismatches } from './packets';
import { ECN_CODEPOINTS } from '../../wire/ipv4';
import { EpollTable } from './epoll';
import { finishSyscall, startSyscall, type CallOutcome, type CallResult, type SyscallContext } from './syscalls';
import {
  DEFAULT_RUN_OPTIONS,
  type ResolvedRunOptions,
  type RunOptions,
  type ScriptFailure,
  type ScriptResult,
  type TraceEntry,
  IPV4_TCP_HEADER_BYTES,
} from './types';
import { readScriptOption, scriptOptionText } from '../scriptOptions';

/** Plays `script` (from `parseScript`) and reports how it went; synchronous, since time is virtual. */
export function runScript(script: Script, options: RunOptions = {}): ScriptResult {
  return new ScriptRun(script, options).run();
}

/**
 * A failure on one line, as a compiler reports an error:
 * `syn_sent.pkt:4: outbound segment differs: ack: expected 1, sent 2 (script: ". 1:1(0) ack 1", host: ". 1:1(0) ack 2 win 65535")`.
 */
export function formatFailure(failure: ScriptFailure, fileName?: string): string {
  const where = `${fileName ?? 'script'}:${failure.line}`;
  const detail =
    failure.expected !== undefined && failure.actual !== undefined
      ? ` (script: ${JSON.stringify(failure.expected)}, host: ${JSON.stringify(failure.actual)})`
      : '';
  return `${where}: ${failure.message}${detail}`;
}

/** How long `*` waits for a segment, and how long a blocked call may wait: virtual time, so cheap. */
const HORIZON_USECS = DEFAULT_IDLE_LIMIT_MS * 1000;

/** A segment the host sent: traced at once, checked against a `>` line later. */
interface SentSegment {
  readonly timeUsecs: number;
  readonly datagram: Datagram;
  line?: number;
}

/** When an event is due: relative times count from `origin`, the moment the previous event ended. */
interface Due {
  readonly origin: number;
  readonly start: number;
  readonly end: number;
}

/** A call on the syscall thread that has not returned yet. */
interface PendingCall {
  readonly event: SyscallEvent;
  readonly retry: () => CallOutcome;
  /** When a `...end` call must return; undefined for a call without `...`, whose return time is not checked. */
  readonly endUsecs: number | undefined;
}

/** run_system_call.c's words for a second blocking call, and for a script that ends while one blocks. */
const SECOND_BLOCKING_CALL = 'blocking system call while another blocking system call is already in progress';
const EXITING_WHILE_BLOCKED = 'exiting while a blocking system call is in progress';

class ScriptRun {
  private readonly clock = new VirtualClock(0);
  private readonly options: ResolvedRunOptions;
  private readonly host: ScriptHost;
  private readonly failures: ScriptFailure[] = [];
  private readonly trace: (TraceEntry | SentSegment)[] = [];
  /** Sent segments no `>` line has matched yet, oldest first. */
  private readonly unmatched: SentSegment[] = [];
  private readonly context: SyscallContext;
  /** packetdrill's socket under test. */
  private flow: Flow | null = null;
  /** Every connection the script talked to, the latest last: a sent segment prints relative to its own. */
  private readonly flows: Flow[] = [];
  /** After `listen`, the next segment the script sends opens a new connection to this port. */
  private listeningPort: number | null = null;
  private nextRemotePort: number;
  private pending: PendingCall | null = null;
  /** The script time of the previous event, for the tolerance that grows with the gap. */
  private previousEventUsecs: number | null = null;
  private current: ScriptPlace | null = null;
  /** The sockets as netstat listed them at a trailing `sleep`; null when the script did not hold. */
  private heldListing: ListingRow[] | null = null;
  private heldAtUsecs = 0;
  /** The host's TCP settings: the run's, then as the script's sysctl lines change them. */
  private tcpOptions: HostTcpOptions;

  constructor(
    private readonly script: Script,
    options: RunOptions,
  ) {
    const { host: makeHost = ourTcpHost, ...callerOptions } = options;
    const fromScript = this.guard(() => scriptOptions(script.options)) ?? {};
    const { tcp, ...runOptions } = { ...DEFAULT_RUN_OPTIONS, ...fromScript, ...definedOnly(callerOptions) };
    this.options = {
      ...runOptions,
      // RFC 6528 ISNs from a fixed secret: realistic numbers, the same on every run. The MSS follows the MTU.
      tcp: { iss: rfc6528IssGenerator(new Uint8Array(16)), mss: runOptions.mtu - IPV4_TCP_HEADER_BYTES, ...tcp },
    };
    this.nextRemotePort = this.options.remotePort;
    this.tcpOptions = this.options.tcp;
    this.host = makeHost({
      address: this.options.localAddress,
      clock: this.clock,
      tcp: this.options.tcp,
      output: (datagram) => this.onSent(datagram),
    });
    this.context = {
      host: this.host,
      options: this.options,
      fds: new Map(),
      abortOnClose: new Set(),
      epoll: new EpollTable(this.host),
      onConnect: (hostFd) => {
        this.useFlow(new Flow(this.host.localAddress(hostFd)!.port, this.options.connectPort));
        this.listeningPort = null;
      },
      onListen: (hostFd) => {
        this.listeningPort = this.host.localAddress(hostFd)!.port;
      },
    };
  }

  run(): ScriptResult {
    if (this.failures.length === 0) {
      this.guard(() => {
        if (this.script.events.length === 0) throw new ScriptRunError(NO_EVENT_PROBLEM, null);
        this.runCommand(this.script.initCommand, false);
        const events = this.script.events;
        for (let index = 0; index < events.length; index++) {
          const event = events[index]!;
          this.current = event;
          const due = this.window(event.time);
          if (this.runEvent(event, due, index === events.length - 1) === 'hold') break;
          this.previousEventUsecs = due.start;
        }
        if (this.heldListing === null) this.finish();
        const cleanup = this.script.cleanupCommand;
        // set_sysctls.py's restore script: nothing to put back here (commands.ts).
        if (cleanup !== undefined && !isSysctlRestore(cleanup.command)) this.runCommand(cleanup, true);
      });
    }
    const listing = this.heldListing ?? socketListing(this.host);
    return {
      ...(this.script.fileName !== undefined ? { fileName: this.script.fileName } : {}),
      ok: this.failures.length === 0,
      failures: this.failures,
      listing,
      netstat: formatListing(listing),
      trace: this.trace.map((entry) => ('direction' in entry ? entry : this.tracedSent(entry))),
      endTimeUsecs: this.heldListing === null ? this.nowUsecs() : this.heldAtUsecs,
      host: this.host,
    };
  }

  // ---- Events ----

  private runEvent(event: ScriptEvent, due: Due, last: boolean): 'hold' | 'go on' {
    switch (event.kind) {
      case 'packet':
        if (event.direction === 'inbound') this.inject(event, due);
        else this.expectSent(event, due);
        return 'go on';
      case 'syscall':
        this.runSyscall(event, due);
        return 'go on';
      case 'command':
        this.reach(due.start, event, 'command');
        return this.runCommand(event, last);
      case 'code':
        this.reach(due.start, event, 'code');
        this.checkAssertions(event);
        return 'go on';
    }
  }

  /**
   * A `%{ assert … }%` block, on the tcp_info of packetdrill's socket under
   * test: the connection of the latest `connect`, `accept` or new flow.
   * code.c reads tcp_info at the event's time, as here, but runs the
   * Python after the script's last line; we check at once, so a failure
   * names the block's line and stops the script there.
   */
  private checkAssertions(event: CodeEvent): void {
    let assertions;
    try {
      assertions = parseAssertions(event.code, event.codeStart);
    } catch (error) {
      if (error instanceof AssertionSyntaxError) throw new ScriptRunError(error.detail, event);
      throw error;
    }
    if (this.flow === null) throw new ScriptRunError('no socket to use for code', event); // code.c's words
    const { localPort, remotePort } = this.flow;
    const socket = this.host
      .allSockets()
      .find((each) => each.local?.port === localPort && each.remote?.port === remotePort);
    // A connection the host has forgotten is CLOSED, as tcp_info reads a socket whose connection ended.
    const info = readTcpInfo({
      state: socket?.state ?? 'CLOSED',
      connection: socket?.connection ?? null,
      advertisedMss: this.tcpOptions.mss ?? DEFAULT_MSS,
    });
    for (const assertion of assertions) {
      // A connection in progress with no TcpConnection behind it is another TCP's (lwIP's script host): it
      // shows its state, not our variables, so a field read from those is refused by name rather than read
      // as 0. (Our own sockets lack a connection only in LISTEN and CLOSED, where tcp_info reads 0s.)
      const unread =
        socket !== undefined && socket.connection === null && socket.state !== 'LISTEN' && socket.state !== 'CLOSED'
          ? fieldsOf(assertion.condition).find((field) => field !== 'tcpi_state')
          : undefined;
      if (unread !== undefined)
        throw new ScriptRunError(`${unread} is not read from this TCP (only tcpi_state is)`, event);
      const unfilled = fieldsOf(assertion.condition).find((field) => !(field in info));
      if (unfilled !== undefined) throw new ScriptRunError(unfilledFieldProblem(unfilled), event);
      const failure = failedAssertion(assertion, info);
      if (failure !== undefined)
        throw new ScriptRunError(failure.message, event, `assert ${assertion.text}`, failure.values);
    }
  }

  /** A `<` line: the segment enters the host at its time. */
  private inject(event: PacketEvent, due: Due): void {
    this.reach(due.start, event, 'inbound packet');
    if (this.options.strict) this.nothingUnexpected(event);
    const flow = this.flowFor();
    const segment = inboundSegment(event, flow);
    if (segment.flags.syn) flow.learnRemoteIsn(segment.seq);
    const datagram = { src: this.options.remoteAddress, dst: this.options.localAddress, segment };
    this.trace.push({
      timeUsecs: this.nowUsecs(),
      direction: 'inbound',
      datagram,
      text: formatLine(event),
      line: event.line,
    });
    this.host.receive(datagram);
    this.pollPending();
  }

  /** A `>` line: the next segment the host sends, by the end of the line's time window. */
  private expectSent(event: PacketEvent, { start, end }: Due): void {
    const tolerance = this.tolerance(start);
    if (this.unmatched.length === 0) {
      const until = event.time.kind === 'any' ? this.nowUsecs() + HORIZON_USECS : end + tolerance;
      this.advanceTo(until, () => this.unmatched.length > 0);
    }
    const sent = this.unmatched.shift();
    const expected = formatLine(event);
    if (sent === undefined) {
      const when = event.time.kind === 'any' ? 'at any time' : `by ${seconds(end + tolerance)} s`;
      throw new ScriptRunError(
        `expected an outbound segment ${when}, but the host sent nothing`,
        event,
        expected,
        'nothing',
      );
    }
    sent.line = event.line;
    const flow = this.flow ?? new Flow(sent.datagram.segment.srcPort, sent.datagram.segment.dstPort);
    const { datagram } = sent;
    if (
      datagram.segment.srcPort !== flow.localPort ||
      datagram.segment.dstPort !== flow.remotePort ||
      datagram.dst !== this.options.remoteAddress
    ) {
      throw new ScriptRunError(
        `the host sent a segment on another connection (${datagram.src}:${datagram.segment.srcPort} > ${datagram.dst}:${datagram.segment.dstPort})`,
        event,
        expected,
        formatSent(datagram.segment, flow),
      );
    }
    // The hosts send Not-ECT: neither our TCP nor lwIP implements ECN (RFC 3168).
    const mismatches = outboundMismatches(event, datagram.segment, flow, ECN_CODEPOINTS.notEct);
    const actual = formatSent(datagram.segment, flow);
    if (mismatches.length > 0) {
      const why = expectsEcn(event) ? ' (this TCP does not implement ECN, RFC 3168)' : '';
      throw new ScriptRunError(`outbound segment differs: ${mismatches.join('; ')}${why}`, event, expected, actual);
    }
    if (event.time.kind !== 'any' && (sent.timeUsecs < start - tolerance || sent.timeUsecs > end + tolerance)) {
      throw new ScriptRunError(
        `timing error: expected the outbound segment at ${timeText(start, end)} s (tolerance ${seconds(tolerance)} s), sent at ${seconds(sent.timeUsecs)} s`,
        event,
        expected,
        actual,
      );
    }
  }

  /** A call is made at its time; one that blocks goes to the syscall thread (see the file comment). */
  private runSyscall(event: SyscallEvent, due: Due): void {
    this.reach(due.start, event, 'system call');
    // run.c: the end of a relative `+0...1` counts from the same origin as its start.
    const endUsecs = event.blockingEndUsecs === undefined ? undefined : due.origin + event.blockingEndUsecs;
    // run_system_call.c enqueue_system_call: a `...` call while the thread is busy is an error before it starts.
    if (endUsecs !== undefined && this.pending !== null) throw new ScriptRunError(SECOND_BLOCKING_CALL, event);
    const outcome = startSyscall(event, this.context);
    if (outcome.done) {
      this.returned(event, outcome, endUsecs);
      return;
    }
    if (this.pending !== null) throw new ScriptRunError(SECOND_BLOCKING_CALL, event);
    this.pending = { event, retry: outcome.retry, endUsecs };
  }

  /** A call completed: its result, and for a `...end` call its return time. */
  private returned(event: SyscallEvent, outcome: CallResult, endUsecs: number | undefined): void {
    finishSyscall(event, outcome, this.context);
    if (endUsecs === undefined) return;
    const now = this.nowUsecs();
    const tolerance = this.tolerance(endUsecs);
    if (Math.abs(now - endUsecs) > tolerance) {
      throw new ScriptRunError(
        `timing error: expected ${event.name} to return at ${seconds(endUsecs)} s (tolerance ${seconds(tolerance)} s), returned at ${seconds(now)} s`,
        event,
      );
    }
  }

  /** Checks whether the `...` call in progress can now complete. */
  private pollPending(): void {
    const pending = this.pending;
    if (pending === null) return;
    const outcome = pending.retry();
    if (!outcome.done) return;
    this.pending = null;
    this.returned(pending.event, outcome, pending.endUsecs);
  }

  /** `sleep N`, the last event holding the script (see the file comment); or sysctls, for the connections created after. */
  private runCommand(command: ShellCommand | undefined, last: boolean): 'hold' | 'go on' {
    if (command === undefined) return 'go on';
    const sleep = readShellCommand(command.command);
    if (!sleep.ok) throw new ScriptRunError(sleep.problem, command);
    if (sleep.kind === 'sysctl') {
      const qdisc = sleep.qdiscs?.[0];
      // A qdisc shapes what the host sends (pfifo limit 0 drops all of it: Linux's local congestion, retried every
      // TCP_RESOURCE_PROBE_INTERVAL); the simulated network has no such stage, so playing on would check another TCP.
      if (qdisc !== undefined)
        throw new ScriptRunError(
          `\`${qdisc.text}\` is not played on our TCP: the simulated network has no queueing discipline (tc qdisc plays against Linux)`,
          command,
        );
      let tcp = this.tcpOptions;
      for (const setting of sleep.settings) {
        const applied = applySysctl(setting, tcp);
        if (typeof applied === 'string') throw new ScriptRunError(applied, command);
        tcp = applied;
      }
      this.tcpOptions = tcp;
      this.host.setTcpOptions(tcp);
      return 'go on';
    }
    if (!last) {
      this.advanceTo(this.nowUsecs() + sleep.usecs);
      return 'go on';
    }
    if (this.options.strict) this.nothingUnexpected(command, 'before this holding sleep');
    this.heldListing = socketListing(this.host);
    this.heldAtUsecs = this.nowUsecs();
    this.awaitPending(this.nowUsecs() + sleep.usecs, 'by the end of the holding sleep');
    return 'hold';
  }

  /** After the last event: a call still blocked must return; with `strict`, every segment sent must have been expected. */
  private finish(): void {
    const pending = this.pending;
    if (pending !== null) {
      const until =
        pending.endUsecs === undefined
          ? this.nowUsecs() + HORIZON_USECS
          : pending.endUsecs + this.tolerance(pending.endUsecs);
      this.awaitPending(until, 'by the end of the script');
    }
    const last = this.script.events.at(-1);
    if (last !== undefined && this.options.strict) this.nothingUnexpected(last, 'after this last line');
  }

  /** Lets the clock run until the call on the syscall thread returns (its result checked), or fails at `until`. */
  private awaitPending(until: number, when: string): void {
    const pending = this.pending;
    if (pending === null) return;
    this.advanceTo(until, () => this.pending === null);
    if (this.pending !== null) {
      throw new ScriptRunError(
        `${pending.event.name} had not returned ${when}: ${EXITING_WHILE_BLOCKED}`,
        pending.event,
      );
    }
  }

  // ---- Time ----

  private nowUsecs(): number {
    return Math.round(this.clock.now() * 1000);
  }

  private nextTimerUsecs(): number | undefined {
    const next = this.clock.nextTimerAt();
    return next === undefined ? undefined : Math.round(next * 1000);
  }

  /** When an event is due, µs from the script's start; relative times count from now (packetdrill's "now"). */
  private window(time: EventTime): Due {
    const now = this.nowUsecs();
    switch (time.kind) {
      case 'any':
        return { origin: now, start: now, end: Number.POSITIVE_INFINITY };
      case 'exact': {
        const origin = time.relative ? now : 0;
        return { origin, start: origin + time.usecs, end: origin + time.usecs };
      }
      case 'range': {
        const origin = time.relative ? now : 0;
        return { origin, start: origin + time.usecs, end: origin + time.endUsecs };
      }
    }
  }

  /** run.c `verify_time`: the fixed tolerance, or a share of the gap since the previous event if larger. */
  private tolerance(atUsecs: number): number {
    const { toleranceUsecs, tolerancePercent } = this.options;
    if (this.previousEventUsecs === null || !Number.isFinite(atUsecs)) return toleranceUsecs;
    return Math.max(toleranceUsecs, (tolerancePercent / 100) * (atUsecs - this.previousEventUsecs));
  }

  /** Lets time pass until `usecs` for an inbound packet, call or command; a time already past must be within the tolerance. */
  private reach(usecs: number, place: ScriptPlace, what: string): void {
    const now = this.nowUsecs();
    if (usecs >= now) {
      this.advanceTo(usecs);
      return;
    }
    const tolerance = this.tolerance(usecs);
    if (now - usecs > tolerance) {
      throw new ScriptRunError(
        `timing error: expected the ${what} at ${seconds(usecs)} s, but the script only got there at ${seconds(now)} s (tolerance ${seconds(tolerance)} s)`,
        place,
      );
    }
  }

  /**
   * Moves the clock to `usecs` timer by timer, checking after each whether a
   * `...` call completed, and stopping early once `stop` holds.
   */
  private advanceTo(usecs: number, stop: () => boolean = () => false): void {
    for (let fired = 0; ; fired++) {
      if (stop()) return;
      const next = this.nextTimerUsecs();
      if (next === undefined || next > usecs) break;
      if (fired >= DEFAULT_MAX_FIRINGS) {
        throw new ScriptRunError(`the host's timers never settle: ${fired} fired by ${seconds(next)} s`, this.current);
      }
      this.clock.advanceTo(next / 1000);
      this.pollPending();
    }
    if (usecs > this.nowUsecs()) this.clock.advanceTo(usecs / 1000);
    this.pollPending();
  }

  // ---- Segments ----

  private onSent(datagram: Datagram): void {
    const sent: SentSegment = { timeUsecs: this.nowUsecs(), datagram };
    this.trace.push(sent);
    this.unmatched.push(sent);
  }

  /** With `strict`: a segment no `>` line has read fails the script here. */
  private nothingUnexpected(place: ScriptPlace, when = 'before this line'): void {
    const sent = this.unmatched[0];
    if (sent === undefined) return;
    const entry = this.tracedSent(sent);
    throw new ScriptRunError(
      `${when} the host sent a segment that no line expects, at ${seconds(sent.timeUsecs)} s: ${entry.text}` +
        (this.unmatched.length > 1 ? ` (and ${this.unmatched.length - 1} more)` : ''),
      place,
      'nothing',
      entry.text,
    );
  }

  /** The connection a `<` line talks to: after `listen`, or with none yet, a new one from a new port. */
  private flowFor(): Flow {
    if (this.flow === null || this.listeningPort !== null) {
      this.useFlow(new Flow(this.listeningPort ?? this.options.bindPort, this.nextRemotePort++));
      this.listeningPort = null;
    }
    return this.flow!;
  }

  private useFlow(flow: Flow): void {
    this.flow = flow;
    this.flows.push(flow);
  }

  /** The connection a sent segment belongs to, by its ports. */
  private flowOf(segment: Segment): Flow {
    for (let index = this.flows.length - 1; index >= 0; index--) {
      const flow = this.flows[index]!;
      if (flow.localPort === segment.srcPort && flow.remotePort === segment.dstPort) return flow;
    }
    return new Flow(segment.srcPort, segment.dstPort);
  }

  private tracedSent(sent: SentSegment): TraceEntry {
    const flow = this.flowOf(sent.datagram.segment);
    return {
      timeUsecs: sent.timeUsecs,
      direction: 'outbound',
      datagram: sent.datagram,
      text: formatSent(sent.datagram.segment, flow),
      ...(sent.line !== undefined ? { line: sent.line } : {}),
    };
  }

  // ---- Failures ----

  /** Runs `work`, turning the first failure into a `ScriptFailure`; returns undefined after one. */
  private guard<T>(work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      // A ScriptRunError without a place (a host refusing what it cannot play) belongs to the event being played.
      const place = (error instanceof ScriptRunError ? error.place : null) ?? this.current;
      const message =
        error instanceof ScriptRunError
          ? error.message
          : `internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      this.failures.push({
        line: place?.line ?? 0,
        column: place?.column ?? 0,
        sourceText: place?.sourceText ?? '',
        message,
        ...(error instanceof ScriptRunError && error.expected !== undefined ? { expected: error.expected } : {}),
        ...(error instanceof ScriptRunError && error.actual !== undefined ? { actual: error.actual } : {}),
        timeUsecs: this.nowUsecs(),
      });
      return undefined;
    }
  }
}

/** packetdrill's command-line options written in the script (`--tolerance_usecs=10000`). */
function scriptOptions(options: readonly ScriptOption[]): Partial<ResolvedRunOptions> {
  let resolved: Partial<ResolvedRunOptions> = {};
  for (const option of options) {
    const reading = readScriptOption(option);
    if (!reading.ok)
      throw new ScriptRunError(reading.problem, {
        line: option.line,
        column: option.column,
        sourceText: scriptOptionText(option),
      });
    resolved = { ...resolved, ...reading.setting };
  }
  return resolved;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Seconds with packetdrill's six decimals. */
function seconds(usecs: number): string {
  return (usecs / 1e6).toFixed(6);
}

function timeText(start: number, end: number): string {
  return start === end ? seconds(start) : `${seconds(start)}~${seconds(end)}`;
}
