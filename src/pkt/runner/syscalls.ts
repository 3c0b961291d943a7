/**
 * System call lines played against the host: `socket`, `setsockopt`,
 * `getsockopt` (SO_ERROR), `fcntl`, `bind`, `listen`, `accept`, `connect`,
 * `write`/`send`, `read`/`recv`, `close`, `shutdown`, each checked as
 * packetdrill's run_system_call.c checks it: the return value, and the errno
 * when the line names one.
 *
 * The host never blocks; a call on a blocking socket that would (EAGAIN, a
 * handshake under way) comes back as `blocked` with a `retry`, and the runner
 * waits on the virtual clock and retries until it completes.
 */
import { SocketError, type HostTcpOptions, type ShutdownHow } from '../../sockets';
import { DEFAULT_SEND_BUFFER, DEFAULT_SEND_MSS, MAX_WINDOW, type TcpConnection } from '../../tcp/connection';
import type { Expression, SyscallEvent } from '../ast';
import { ScriptRunError } from '../errors';
import type { ResolvedRunOptions } from './types';
import type { ScriptHost } from './scriptHost';
import { errnoName, isSymbol, SYMBOLS, unknownSymbolProblem } from '../symbols';
import {
  arityProblem,
  GETSOCKOPT_OPTIONS,
  INT_MAX,
  isSyscallName,
  rangeProblem,
  readLinger,
  SETSOCKOPT_OPTIONS,
  SYSCALLS,
  unsupportedOptionProblem,
  unsupportedSyscallProblem,
  type ArgumentsOf,
  type SyscallName,
} from '../syscallTable';

export type CallOutcome =
  | { readonly done: true; readonly result: number; readonly errno?: string }
  | { readonly done: false; readonly retry: () => CallOutcome };

/** A call that has returned. */
export type CallResult = Extract<CallOutcome, { done: true }>;

/** What system calls need from the run. */
export interface SyscallContext {
  readonly host: ScriptHost;
  readonly options: ResolvedRunOptions;
  /** The script's descriptors (packetdrill's script_fd) to the host's (live_fd). */
  readonly fds: Map<number, number>;
  /** Host descriptors with SO_LINGER {onoff=1, linger=0}: their close aborts. */
  readonly abortOnClose: Set<number>;
  /** A `connect` started on this host descriptor: the script now talks to that connection. */
  onConnect(hostFd: number): void;
  /** A `listen` on this host descriptor: the script's next segment opens a new connection to it. */
  onListen(hostFd: number): void;
}

/** The calls whose non-negative result is a new descriptor (run_system_call.c's CHECK_FD). */
const FD_CALLS: ReadonlySet<string> = new Set<SyscallName>(['socket', 'accept']);

type Call = (event: SyscallEvent, context: SyscallContext) => CallOutcome;

/** Exactly the calls of syscallTable.ts: the compiler holds the keys to it. */
const CALLS: Readonly<Record<SyscallName, Call>> = {
  socket: callSocket,
  setsockopt: callSetsockopt,
  getsockopt: callGetsockopt,
  fcntl: callFcntl,
  bind: callBind,
  listen: callListen,
  accept: callAccept,
  connect: callConnect,
  write: (event, context) => callWrite(event, context, 'write'),
  send: (event, context) => callWrite(event, context, 'send'),
  read: (event, context) => callRead(event, context, 'read'),
  recv: (event, context) => callRead(event, context, 'recv'),
  close: callClose,
  shutdown: callShutdown,
};

/**
 * Issues the call the line names. `parseScript` has checked the line
 * against syscallTable.ts already; a script from `parseSyntax` is refused
 * here in the same words.
 */
export function startSyscall(event: SyscallEvent, context: SyscallContext): CallOutcome {
  if (!isSyscallName(event.name)) throw new ScriptRunError(unsupportedSyscallProblem(event.name), event);
  return CALLS[event.name](event, context);
}

/**
 * Checks a completed call against the line (run_system_call.c `end_syscall`):
 * for `socket` and `accept` any descriptor answers a non-negative result,
 * which then stands for it in the rest of the script; otherwise the result
 * must be equal. A named errno must be the one set.
 */
export function finishSyscall(event: SyscallEvent, outcome: CallResult, context: SyscallContext): void {
  const expected = intValue(event.result, event);
  const actualText =
    outcome.result < 0 && outcome.errno !== undefined ? `${outcome.result} ${outcome.errno}` : `${outcome.result}`;
  const expectedText = event.errno === undefined ? `${expected}` : `${expected} ${event.errno}`;
  if (FD_CALLS.has(event.name) && expected >= 0) {
    if (outcome.result < 0) {
      throw new ScriptRunError(
        `${event.name}: expected a descriptor, got ${actualText}`,
        event,
        expectedText,
        actualText,
      );
    }
    context.fds.set(expected, outcome.result);
  } else if (outcome.result !== expected) {
    throw new ScriptRunError(
      `${event.name}: expected result ${expected}, got ${actualText}`,
      event,
      expectedText,
      actualText,
    );
  }
  if (event.errno !== undefined && event.errno !== (outcome.errno ?? '0')) {
    throw new ScriptRunError(
      `${event.name}: expected errno ${event.errno}, got ${outcome.errno ?? 'none'}`,
      event,
      expectedText,
      actualText,
    );
  }
}

// ---- The calls ----

function callSocket(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [domain, type, protocol] = args(event, 'socket');
  if (domain.kind !== 'ellipsis' && intValue(domain, event) !== SYMBOLS.AF_INET) {
    throw new ScriptRunError('socket: only AF_INET is supported', event);
  }
  const typeValue = intValue(type, event);
  if ((typeValue & ~SYMBOLS.SOCK_NONBLOCK) !== SYMBOLS.SOCK_STREAM)
    throw new ScriptRunError('socket: only SOCK_STREAM is supported', event);
  const protocolValue = intValue(protocol, event);
  if (protocolValue !== 0 && protocolValue !== SYMBOLS.IPPROTO_TCP)
    throw new ScriptRunError('socket: only IPPROTO_TCP is supported', event);
  const fd = context.host.socket();
  if ((typeValue & SYMBOLS.SOCK_NONBLOCK) !== 0) context.host.setNonBlocking(fd, true);
  return { done: true, result: fd };
}

function callSetsockopt(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg, , name, value] = args(event, 'setsockopt');
  const fd = hostFd(fdArg, event, context);
  const option = symbolName(name);
  if (option === 'SO_LINGER') {
    const linger = readLinger(value);
    if (typeof linger === 'string') throw new ScriptRunError(linger, event);
    if (linger.onoff !== 0) context.abortOnClose.add(fd);
    else context.abortOnClose.delete(fd);
    return { done: true, result: 0 };
  }
  if (option === 'SO_REUSEADDR') {
    return attempt(() => {
      context.host.setReuseAddress(fd, optionValue(value, event) !== 0);
      return 0;
    });
  }
  if (option !== undefined && isSettingOption(option)) {
    const setting = SETTING_OPTIONS[option];
    const requested = optionValue(value, event);
    if (requested < setting.min || requested > setting.max) return { done: true, result: -1, errno: 'EINVAL' };
    const state = context.host.stateOf(fd);
    if (setting.takenAtCreation && state !== 'CLOSED' && state !== 'LISTEN') {
      throw new ScriptRunError(
        `setsockopt: ${option} on a connection in ${state} is not played: our TCP takes it when the connection is created (set it before connect or listen)`,
        event,
      );
    }
    return attempt(() => {
      context.host.setSocketTcpOptions(fd, setting.set(requested));
      return 0;
    });
  }
  if (option !== undefined && Object.prototype.hasOwnProperty.call(SETSOCKOPT_OPTIONS, option))
    return { done: true, result: 0 };
  throw new ScriptRunError(
    unsupportedOptionProblem('setsockopt', option ?? 'given as a number', Object.keys(SETSOCKOPT_OPTIONS)),
    event,
  );
}

/**
 * The options that set a connection's settings, with the values Linux takes
 * (larger or smaller: EINVAL) and what getsockopt then reports.
 */
interface SettingOption {
  readonly min: number;
  readonly max: number;
  /** Our TCP takes it when the connection is created, so a connection already there refuses it. */
  readonly takenAtCreation: boolean;
  set(value: number): HostTcpOptions;
  get(options: HostTcpOptions, connection: TcpConnection | null): number;
}

type SettingOptionName = 'SO_RCVBUF' | 'SO_SNDBUF' | 'TCP_MAXSEG' | 'TCP_USER_TIMEOUT';

const SETTING_OPTIONS: Readonly<Record<SettingOptionName, SettingOption>> = {
  // RFC 9293 §3.8.6.2: the window offered is the buffer's free space, here the value, at most 65535 without
  // window scaling (RFC 7323). socket(7): Linux doubles the value for its bookkeeping, and getsockopt says so.
  SO_RCVBUF: {
    min: 0,
    max: INT_MAX,
    takenAtCreation: true,
    set: (bytes) => ({ window: Math.max(1, Math.min(bytes, MAX_WINDOW)) }),
    get: (options) => 2 * (options.window ?? MAX_WINDOW),
  },
  SO_SNDBUF: {
    min: 0,
    max: INT_MAX,
    takenAtCreation: true,
    set: (bytes) => ({ sendBufferSize: Math.max(1, bytes) }),
    get: (options) => 2 * (options.sendBufferSize ?? DEFAULT_SEND_BUFFER),
  },
  // do_tcp_setsockopt: TCP_MIN_MSS (88) to MAX_TCP_WINDOW (32767); the MSS we advertise and the most we send (RFC 9293 §3.7.1).
  // getsockopt reads mss_cache once connected (the MSS we send), else the value set, else TCP_MSS_DEFAULT (536).
  TCP_MAXSEG: {
    min: 88,
    max: 32767,
    takenAtCreation: true,
    set: (mss) => ({ mss }),
    get: (options, connection) => connection?.variables.sendMss ?? options.mss ?? DEFAULT_SEND_MSS,
  },
  // RFC 9293 §3.10.8's USER TIMEOUT in ms (RFC 5482), 0 off; do_tcp_setsockopt refuses a negative value
  // (EINVAL) and sets icsk_user_timeout, read at each timeout, so a live connection takes it too.
  TCP_USER_TIMEOUT: {
    min: 0,
    max: INT_MAX,
    takenAtCreation: false,
    set: (userTimeout) => ({ userTimeout }),
    get: (options, connection) => connection?.variables.userTimeout ?? options.userTimeout ?? 0,
  },
};

function isSettingOption(option: string): option is keyof typeof SETTING_OPTIONS {
  return Object.prototype.hasOwnProperty.call(SETTING_OPTIONS, option);
}

/** `getsockopt(fd, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0`, `getsockopt(fd, SOL_TCP, TCP_MAXSEG, [1000], [4]) = 0`: the value is checked too. */
function callGetsockopt(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg, , name, value] = args(event, 'getsockopt');
  const fd = hostFd(fdArg, event, context);
  const option = symbolName(name);
  if (option !== undefined && isSettingOption(option)) {
    const actual = SETTING_OPTIONS[option].get(context.host.socketTcpOptions(fd), connectionOf(fd, context));
    const expected = optionValue(value, event);
    if (actual !== expected)
      throw new ScriptRunError(
        `getsockopt: ${option} is ${actual}, expected ${expected}`,
        event,
        `${expected}`,
        `${actual}`,
      );
    return { done: true, result: 0 };
  }
  if (option !== 'SO_ERROR')
    throw new ScriptRunError(
      unsupportedOptionProblem('getsockopt', option ?? 'given as a number', GETSOCKOPT_OPTIONS),
      event,
    );
  const pending = context.host.takeSocketError(fd);
  const expected = optionValue(value, event);
  if (pending !== expected) {
    throw new ScriptRunError(
      `getsockopt: SO_ERROR is ${errnoName(pending)}, expected ${errnoName(expected)}`,
      event,
      errnoName(expected),
      errnoName(pending),
    );
  }
  return { done: true, result: 0 };
}

/** `fcntl(fd, F_SETFL, O_RDWR|O_NONBLOCK)` and `fcntl(fd, F_GETFL)`. */
function callFcntl(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg] = args(event, 'fcntl');
  const fd = hostFd(fdArg, event, context);
  const command = intValue(event.args[1]!, event);
  if (command === SYMBOLS.F_GETFL) {
    return attempt(() => SYMBOLS.O_RDWR | (context.host.isNonBlocking(fd) ? SYMBOLS.O_NONBLOCK : 0));
  }
  if (command === SYMBOLS.F_SETFL && event.args.length === 3) {
    const flags = intValue(event.args[2]!, event);
    return attempt(() => {
      context.host.setNonBlocking(fd, (flags & SYMBOLS.O_NONBLOCK) !== 0);
      return 0;
    });
  }
  throw new ScriptRunError('fcntl: only F_GETFL and F_SETFL are supported', event);
}

/** `bind(fd, ..., ...)`: to the host's address and the bind port, as packetdrill binds. */
function callBind(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg] = args(event, 'bind');
  const fd = hostFd(fdArg, event, context);
  return attempt(() => {
    context.host.bind(fd, context.options.bindPort, context.options.localAddress);
    return 0;
  });
}

function callListen(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg, backlog] = args(event, 'listen');
  const fd = hostFd(fdArg, event, context);
  const backlogValue = intValue(backlog, event);
  return attempt(() => {
    context.host.listen(fd, backlogValue);
    context.onListen(fd);
    return 0;
  });
}

function callAccept(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg] = args(event, 'accept');
  const fd = hostFd(fdArg, event, context);
  const tryAccept = (): CallOutcome => {
    const outcome = attempt(() => context.host.accept(fd));
    return wouldBlock(outcome, fd, context) ? { done: false, retry: tryAccept } : outcome;
  };
  return tryAccept();
}

/** `connect(fd, ..., ...)`: to the script's address and the connect port. */
function callConnect(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg] = args(event, 'connect');
  const fd = hostFd(fdArg, event, context);
  const { host, options } = context;
  const started = attempt(() => {
    host.connect(fd, { address: options.remoteAddress, port: options.connectPort });
    return 0;
  });
  if (started.result < 0) return started;
  context.onConnect(fd);
  if (host.isNonBlocking(fd)) return { done: true, result: -1, errno: 'EINPROGRESS' };
  const awaitHandshake = (): CallOutcome => {
    try {
      return host.connectResult(fd) === 'pending' ? { done: false, retry: awaitHandshake } : { done: true, result: 0 };
    } catch (error) {
      return failed(error);
    }
  };
  return awaitHandshake();
}

/**
 * `write(fd, ..., count)` / `send(fd, ..., count, flags)`: count zero bytes; a blocking socket takes them all.
 * MSG_DONTWAIT makes this one call non-blocking (send(2)), as O_NONBLOCK does every call.
 */
function callWrite(event: SyscallEvent, context: SyscallContext, name: 'write' | 'send'): CallOutcome {
  const [fdArg, , count] = args(event, name);
  const fd = hostFd(fdArg, event, context);
  const data = new Uint8Array(byteCount(name, count, event));
  const nonBlocking = () => context.host.isNonBlocking(fd) || (msgFlags(event) & SYMBOLS.MSG_DONTWAIT) !== 0;
  let written = 0;
  const tryWrite = (): CallOutcome => {
    for (;;) {
      const outcome = attempt(() => context.host.write(fd, data.subarray(written)));
      if (outcome.result >= 0) {
        written += outcome.result;
        if (written === data.length || nonBlocking()) return { done: true, result: written };
        continue;
      }
      if (outcome.errno === 'EAGAIN' && !nonBlocking()) return { done: false, retry: tryWrite };
      return written > 0 ? { done: true, result: written } : outcome;
    }
  };
  return tryWrite();
}

/**
 * `read(fd, ..., count)` / `recv(fd, ..., count, flags)`: the result is the bytes read, 0 at end of file.
 * recv(2)'s MSG_PEEK returns queued data and leaves it queued for the next read (RFC 9293 §3.10.3 RECEIVE
 * hands over nothing); MSG_DONTWAIT makes this one call non-blocking.
 */
function callRead(event: SyscallEvent, context: SyscallContext, name: 'read' | 'recv'): CallOutcome {
  const [fdArg, , count] = args(event, name);
  const fd = hostFd(fdArg, event, context);
  const max = byteCount(name, count, event);
  const flags = msgFlags(event);
  const nonBlocking = context.host.isNonBlocking(fd) || (flags & SYMBOLS.MSG_DONTWAIT) !== 0;
  const tryRead = (): CallOutcome => {
    const outcome = attempt(() => {
      const queued = (flags & SYMBOLS.MSG_PEEK) === 0 ? 0 : context.host.readableBytes(fd);
      // Nothing queued: the host's read takes nothing either, and says end of file, EAGAIN or the error as for read.
      return max > 0 && queued > 0 ? Math.min(max, queued) : context.host.read(fd, max).length;
    });
    return outcome.errno === 'EAGAIN' && !nonBlocking ? { done: false, retry: tryRead } : outcome;
  };
  return tryRead();
}

/** send/recv's flags (syscallTable.ts allows MSG_PEEK and MSG_DONTWAIT by name); write and read have none. */
function msgFlags(event: SyscallEvent): number {
  const flags = event.name === 'send' || event.name === 'recv' ? event.args[3] : undefined;
  return flags === undefined ? 0 : intValue(flags, event);
}

function connectionOf(fd: number, context: SyscallContext): TcpConnection | null {
  return context.host.allSockets().find((socket) => socket.fd === fd)?.connection ?? null;
}

function callClose(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg] = args(event, 'close');
  const fd = hostFd(fdArg, event, context);
  context.fds.delete(intValue(fdArg, event));
  const abort = context.abortOnClose.delete(fd);
  return attempt(() => {
    context.host.close(fd, abort ? 'abort' : 'graceful');
    return 0;
  });
}

const SHUTDOWN_HOW: Readonly<Record<number, ShutdownHow>> = { 0: 'read', 1: 'write', 2: 'both' };

function callShutdown(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg, howArg] = args(event, 'shutdown');
  const fd = hostFd(fdArg, event, context);
  const how = SHUTDOWN_HOW[intValue(howArg, event)];
  if (how === undefined) return { done: true, result: -1, errno: 'EINVAL' };
  return attempt(() => {
    context.host.shutdown(fd, how);
    return 0;
  });
}

// ---- Helpers ----

/** Runs a host call; a `SocketError` becomes -1 and its errno, as the C library reports it. */
function attempt(call: () => number): CallResult {
  try {
    return { done: true, result: call() };
  } catch (error) {
    return failed(error);
  }
}

function failed(error: unknown): CallResult {
  if (error instanceof SocketError) return { done: true, result: -1, errno: error.errno };
  throw error;
}

/** EAGAIN on a socket without O_NONBLOCK: the call waits instead. */
function wouldBlock(outcome: CallResult, fd: number, context: SyscallContext): boolean {
  return outcome.errno === 'EAGAIN' && !context.host.isNonBlocking(fd);
}

/**
 * The line's arguments, as many as the call's entry in syscallTable.ts
 * lists (fewer where it lets the last be left out), or the line is refused.
 */
function args<Name extends SyscallName>(event: SyscallEvent, name: Name): ArgumentsOf<Name> {
  const problem = arityProblem(name, event.args.length);
  if (problem !== undefined) throw new ScriptRunError(problem, event);
  return [...event.args] as unknown as ArgumentsOf<Name>;
}

/** A byte count within the range syscallTable.ts allows, so that no count reaches a buffer it cannot size. */
function byteCount(name: 'write' | 'send' | 'read' | 'recv', count: Expression, event: SyscallEvent): number {
  const value = intValue(count, event);
  const problem = rangeProblem(name, SYSCALLS[name].args[2], value);
  if (problem !== undefined) throw new ScriptRunError(problem, event);
  return value;
}

/** The host descriptor a script descriptor stands for. */
function hostFd(expression: Expression, event: SyscallEvent, context: SyscallContext): number {
  const scriptFd = intValue(expression, event);
  const fd = context.fds.get(scriptFd);
  if (fd === undefined) throw new ScriptRunError(`${event.name}: no socket has script descriptor ${scriptFd}`, event);
  return fd;
}

function symbolName(expression: Expression | undefined): string | undefined {
  return expression?.kind === 'symbol' ? expression.name : undefined;
}

/** A number, a known symbol, or symbols or'ed together. */
export function intValue(expression: Expression, event: SyscallEvent): number {
  switch (expression.kind) {
    case 'integer':
      return expression.value;
    case 'symbol':
      if (!isSymbol(expression.name))
        throw new ScriptRunError(`${event.name}: ${unknownSymbolProblem(expression.name)}`, event);
      return SYMBOLS[expression.name];
    case 'bitOr':
      return expression.operands.reduce((bits, operand) => bits | intValue(operand, event), 0);
    default:
      throw new ScriptRunError(
        `expected a number or a symbol, found ${expression.kind === 'ellipsis' ? '...' : `a ${expression.kind}`}`,
        event,
      );
  }
}

/** A socket option's value: `[1]`, `1`, or an errno name for SO_ERROR. */
export function optionValue(expression: Expression, event: SyscallEvent): number {
  if (expression.kind === 'array' && expression.elements.length === 1) return intValue(expression.elements[0]!, event);
  return intValue(expression, event);
}
