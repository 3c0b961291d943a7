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
 * Where this differs from packetdrill (each a choice for a runner in
 * Node, not a difference of Linux):
 * - Times: 100 ms plus 12.5 % of the time since the previous event of slack
 *   (packetdrill: 4 ms): Node's event loop reads the TUN, on a shared machine.
 * - A `>` line's TCP options are checked only for those it names (Linux's SYN
 *   carries SACK-permitted, timestamps and window scale the scripts do not
 *   write); `<...>` checks none, as in packetdrill.
 * - `close()` is Node's destroy(), which is close(2); `accept()` returns the
 *   connection Node accepted.
 */
import * as net from 'node:net';
import { CODE_BLOCK_PROBLEM, Flow, formatLine, formatSent, inboundSegment, outboundMismatches, readSleep, type PacketEvent, type Script, type ScriptEvent, type SyscallEvent } from '../pkt';
import { loadAddon } from './addon';
import type { LinuxTarget } from './linuxSut';
import type { ArrivedSegment } from './tunDevice';

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
}

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
  server?: net.Server;
  socket?: net.Socket;
  /** Connections the listener has accepted and accept() has not returned. */
  accepted: net.Socket[];
  received: number;
  ended: boolean;
  error?: NodeJS.ErrnoException;
  errorTaken?: boolean;
}

/** The socket's pending error, as SO_ERROR hands it out: once. */
function takeError(fd: Descriptor): string {
  const code = fd.error?.code ?? 'EIO';
  fd.errorTaken = true;
  return code;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Plays one script; `kernelPort` stands for the script's bind/connect port, `peerPort` for the script's own. */
export async function runScriptOnLinux(
  script: Script,
  target: LinuxTarget,
  kernelPort: number,
  peerPort: number,
  trace?: (line: string) => void,
): Promise<LinuxScriptResult> {
  const started = performance.now();
  const run = new LinuxScriptRun(target, kernelPort, peerPort, trace);
  try {
    await run.play(script.events);
    return { passed: true, ms: performance.now() - started };
  } catch (error) {
    const failure =
      error instanceof Failure
        ? { line: error.line, message: error.message, ...(error.expected === undefined ? {} : { expected: error.expected }), ...(error.actual === undefined ? {} : { actual: error.actual }) }
        : { line: 0, message: error instanceof Error ? error.message : String(error) };
    return { passed: false, failure, ms: performance.now() - started };
  } finally {
    run.dispose();
  }
}

class LinuxScriptRun {
  private readonly flow: Flow;
  private readonly inbox: ArrivedSegment[] = [];
  private readonly fds = new Map<number, Descriptor>();
  private readonly unlisten: () => void;
  private readonly origin = performance.now();
  private previousUsecs = 0;

  constructor(
    private readonly target: LinuxTarget,
    private readonly kernelPort: number,
    peerPort: number,
    private readonly trace?: (line: string) => void,
  ) {
    this.flow = new Flow(kernelPort, peerPort);
    this.unlisten = target.tun.listen(kernelPort, peerPort, (arrived) => {
      this.trace?.(`${((arrived.at - this.origin) / 1000).toFixed(3)} s ${kernelPort} > ${formatSent(arrived.segment, this.flow)}`);
      this.inbox.push(arrived);
    });
  }

  private nowUsecs(): number {
    return (performance.now() - this.origin) * 1000;
  }

  private tolerance(atUsecs: number): number {
    return Math.max(TOLERANCE_USECS, (TOLERANCE_PERCENT / 100) * (atUsecs - this.previousUsecs));
  }

  private async waitUntil(usecs: number): Promise<void> {
    const delay = (usecs - this.nowUsecs()) / 1000;
    if (delay > 0) await sleep(delay);
  }

  /** Calls with `...end` still blocked. */
  private readonly blocked: Promise<void>[] = [];

  private async finishBlocked(): Promise<void> {
    await Promise.all(this.blocked);
  }

  async play(events: readonly ScriptEvent[]): Promise<void> {
    for (const [index, event] of events.entries()) {
      const last = index === events.length - 1;
      const time = event.time;
      const start = time.kind === 'any' ? this.nowUsecs() : (time.relative ? this.previousUsecs : 0) + time.usecs;
      const end = time.kind === 'range' ? (time.relative ? this.previousUsecs : 0) + time.endUsecs : start;
      switch (event.kind) {
        case 'packet':
          if (event.direction === 'inbound') await this.inject(event, start);
          else await this.expectSent(event, start, end);
          break;
        case 'syscall':
          await this.waitUntil(start);
          if (event.blockingEndUsecs !== undefined) {
            // `...end`: the call blocks while the next events go on (packetdrill runs it in a thread).
            const origin = time.kind !== 'any' && time.relative ? this.previousUsecs : 0;
            this.blocked.push(this.syscall(event, start, origin + event.blockingEndUsecs));
          } else {
            await this.syscall(event, start, start);
          }
          break;
        case 'command': {
          const sleepFor = readSleep(event.command);
          if (!sleepFor.ok) throw new Failure(event.line, sleepFor.problem);
          await this.waitUntil(start);
          if (last) return this.finishBlocked(); // holds the script there, as the article's scripts hold for netstat
          await sleep(sleepFor.usecs / 1000);
          break;
        }
        case 'code':
          throw new Failure(event.line, CODE_BLOCK_PROBLEM);
      }
      if (event.kind === 'syscall' && event.blockingEndUsecs !== undefined) continue;
      // Relative times count from the previous event's time as the script gives it, so that the event
      // loop's lateness does not add up along the script (it is judged against the tolerance instead).
      this.previousUsecs = time.kind === 'any' ? this.nowUsecs() : end;
    }
    await this.finishBlocked();
  }

  private async inject(event: PacketEvent, start: number): Promise<void> {
    await this.waitUntil(start);
    const unexpected = this.inbox.shift();
    if (unexpected !== undefined) {
      throw new Failure(event.line, 'the kernel sent a segment no line expects', 'nothing', formatSent(unexpected.segment, this.flow));
    }
    const segment = inboundSegment(event, this.flow);
    if (segment.flags.syn) this.flow.learnRemoteIsn(segment.seq);
    this.target.tun.send(segment);
  }

  private async expectSent(event: PacketEvent, start: number, end: number): Promise<void> {
    const tolerance = this.tolerance(end);
    const until = event.time.kind === 'any' ? this.nowUsecs() + 300e6 : end + tolerance;
    while (this.inbox.length === 0 && this.nowUsecs() < until) await sleep(2);
    const expected = formatLine(event);
    const sent = this.inbox.shift();
    if (sent === undefined) throw new Failure(event.line, 'expected an outbound segment, but the kernel sent nothing', expected, 'nothing');
    // Options: only those the line names (Linux's SYN carries more than the scripts write).
    const mismatches = outboundMismatches({ ...event, options: 'any' }, sent.segment, this.flow);
    if (event.options !== 'any') {
      for (const option of event.options) {
        if (option.kind === 'mss' && sent.segment.options?.mss !== option.value) mismatches.push(`mss: expected ${option.value}, sent ${sent.segment.options?.mss ?? 'none'}`);
      }
    }
    const actual = formatSent(sent.segment, this.flow);
    if (mismatches.length > 0) throw new Failure(event.line, `outbound segment differs: ${mismatches.join('; ')}`, expected, actual);
    const at = (sent.at - this.origin) * 1000;
    if (event.time.kind !== 'any' && (at < start - tolerance || at > end + tolerance)) {
      throw new Failure(event.line, `sent at ${(at / 1e6).toFixed(3)} s, expected ${(start / 1e6).toFixed(3)} s ± ${(tolerance / 1e6).toFixed(3)} s`, expected, actual);
    }
  }

  private descriptor(event: SyscallEvent, index: number): [number, Descriptor] {
    const argument = event.args[index];
    if (argument?.kind !== 'integer') throw new Failure(event.line, `${event.name}: the descriptor must be a number`);
    const fd = this.fds.get(argument.value);
    if (fd === undefined) throw new Failure(event.line, `${event.name}: ${argument.value} is not an open descriptor`);
    return [argument.value, fd];
  }

  private async syscall(event: SyscallEvent, start: number, deadline: number): Promise<void> {
    const expectedResult = event.result.kind === 'integer' ? event.result.value : null;
    let result: { value: number; errno?: string };
    try {
      result = await this.call(event, expectedResult, deadline);
    } catch (error) {
      if (error instanceof Failure) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      result = { value: -1, errno: code };
    }
    const shown = `${result.value}${result.errno === undefined ? '' : ` ${result.errno}`}`;
    const wanted = `${expectedResult ?? '...'}${event.errno === undefined ? '' : ` ${event.errno}`}`;
    if ((expectedResult !== null && result.value !== expectedResult) || (event.errno !== undefined && result.errno !== event.errno)) {
      throw new Failure(event.line, `${event.name} returned ${shown}, expected ${wanted}`, wanted, shown);
    }
    if (event.blockingEndUsecs !== undefined) {
      const now = this.nowUsecs();
      const tolerance = this.tolerance(deadline);
      if (Math.abs(now - deadline) > tolerance) {
        throw new Failure(event.line, `${event.name} returned at ${(now / 1e6).toFixed(3)} s, expected ${(deadline / 1e6).toFixed(3)} s`);
      }
    }
  }

  /** One call; a blocking one waits for its completion (until `deadline` plus slack, or for ever for `...`). */
  private async call(event: SyscallEvent, expected: number | null, deadline: number): Promise<{ value: number; errno?: string }> {
    const { kernelAddress, peerAddress } = this.target.network;
    // Long kernel timers sit on coarse levels of the timer wheel and fire up to an eighth late; a blocked
    // call waits that long and a little more before it is given up on (its time is judged after).
    const until = deadline * 1.25 + 2e6;
    const waitFor = async (ready: () => boolean) => {
      while (!ready() && this.nowUsecs() < until) await sleep(2);
    };
    switch (event.name) {
      case 'socket': {
        const fd = expected ?? 3 + this.fds.size;
        this.fds.set(fd, { nonblocking: false, accepted: [], received: 0, ended: false });
        return { value: fd };
      }
      case 'setsockopt':
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
        return { value: 0, ...(fd.error === undefined ? {} : { errno: fd.error.code }) };
      }
      case 'listen': {
        const [, fd] = this.descriptor(event, 0);
        const server = net.createServer({ allowHalfOpen: true }, (socket) => {
          this.watch(fd, socket);
          fd.accepted.push(socket);
        });
        fd.server = server;
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: kernelAddress, port: this.kernelPort, backlog: 8 }, () => resolve());
        });
        return { value: 0 };
      }
      case 'accept': {
        const [, fd] = this.descriptor(event, 0);
        if (!fd.nonblocking) await waitFor(() => fd.accepted.length > 0);
        const socket = fd.accepted.shift();
        if (socket === undefined) return { value: -1, errno: 'EAGAIN' };
        const child: Descriptor = { nonblocking: false, socket, accepted: [], received: 0, ended: false };
        this.watch(child, socket);
        const number = expected ?? 3 + this.fds.size;
        this.fds.set(number, child);
        return { value: number };
      }
      case 'connect': {
        const [, fd] = this.descriptor(event, 0);
        const socket = net.connect({ host: peerAddress, port: this.flow.remotePort, localAddress: kernelAddress, localPort: this.kernelPort, allowHalfOpen: true });
        fd.socket = socket;
        this.watch(fd, socket);
        if (fd.nonblocking) return { value: -1, errno: 'EINPROGRESS' };
        let connected = false;
        socket.once('connect', () => (connected = true));
        await waitFor(() => connected || fd.error !== undefined);
        return fd.error === undefined ? { value: 0 } : { value: -1, errno: takeError(fd) };
      }
      case 'write':
      case 'send': {
        const [, fd] = this.descriptor(event, 0);
        const length = event.args[2]?.kind === 'integer' ? event.args[2].value : 0;
        if (fd.socket === undefined) return { value: -1, errno: 'ENOTCONN' };
        // A reset connection: Node reported the kernel's error already (as read() would), so send() gives EPIPE.
        if (fd.socket.destroyed) return { value: -1, errno: 'EPIPE' };
        if (fd.error !== undefined) return { value: -1, errno: fd.errorTaken ? 'EPIPE' : takeError(fd) };
        fd.socket.write(new Uint8Array(length));
        // Node reports a refused write (a reset connection) a moment later.
        await sleep(20);
        if (fd.error !== undefined) return { value: -1, errno: takeError(fd) };
        return { value: length };
      }
      case 'read':
      case 'recv': {
        const [, fd] = this.descriptor(event, 0);
        const length = event.args[2]?.kind === 'integer' ? event.args[2].value : 0;
        if (!fd.nonblocking) await waitFor(() => fd.received > 0 || fd.ended || fd.error !== undefined);
        if (fd.received === 0 && fd.error !== undefined) return { value: -1, errno: takeError(fd) };
        if (fd.received === 0) return fd.ended ? { value: 0 } : { value: -1, errno: 'EAGAIN' };
        const taken = Math.min(length, fd.received);
        fd.received -= taken;
        return { value: taken };
      }
      case 'shutdown': {
        const [, fd] = this.descriptor(event, 0);
        if (fd.socket === undefined) return { value: -1, errno: 'ENOTCONN' };
        loadAddon().shutdownWrite((fd.socket as unknown as { _handle: { fd: number } })._handle.fd);
        return { value: 0 };
      }
      case 'close': {
        const [number, fd] = this.descriptor(event, 0);
        fd.server?.close();
        fd.socket?.destroy();
        this.fds.delete(number);
        return { value: 0 };
      }
      default:
        throw new Failure(event.line, `${event.name}() is not played against Linux`);
    }
  }

  private watch(fd: Descriptor, socket: net.Socket): void {
    socket.on('error', (error: NodeJS.ErrnoException) => (fd.error = error));
    socket.on('data', (data: Buffer) => (fd.received += data.length));
    socket.on('end', () => (fd.ended = true));
  }

  dispose(): void {
    this.unlisten();
    for (const fd of this.fds.values()) {
      fd.server?.close();
      fd.socket?.destroy();
      for (const socket of fd.accepted) socket.destroy();
    }
  }
}
