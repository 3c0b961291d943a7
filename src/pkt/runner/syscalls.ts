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
import type { EpollTable } from './epoll';
import { errnoName, isSymbol, SYMBOLS, unknownSymbolProblem } from '../symbols';
import {
  arityProblem,
  GETSOCKOPT_OPTIONS,
  INT_MAX,
  isSyscallName,
  rangeProblem,
  isNullBuffer,
  readEpollEvent,
  readLinger,
  readMessageBytes,
  SETSOCKOPT_OPTIONS,
  type EpollEventValue,
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
  /** epoll instances, and the readiness settings they read (TCP_NOTSENT_LOWAT, SOCK_NOSPACE). */
  readonly epoll: EpollTable;
  /** A `connect` started on this host descriptor: the script now talks to that connection. */
  onConnect(hostFd: number): void;
  /** A `listen` on this host descriptor: the script's next segment opens a new connection to it. */
  onListen(hostFd: number): void;
}

/** The calls whose non-negative result is a new descriptor (run_system_call.c's CHECK_FD). */
const FD_CALLS: ReadonlySet<string> = new Set<SyscallName>(['socket', 'accept', 'epoll_create']);

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
  sendto: (event, context) => callWrite(event, context, 'sendto'),
  recvfrom: (event, context) => callRead(event, context, 'recvfrom'),
  sendmsg: (event, context) => callWrite(event, context, 'sendmsg'),
  ioctl: callIoctl,
  epoll_create: callEpollCreate,
  epoll_ctl: callEpollCtl,
  epoll_wait: callEpollWait,
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
  if (option === 'TCP_NOTSENT_LOWAT') {
    // do_tcp_setsockopt stores any value (u32); tcp_poll reads it, 0 meaning the sysctl's (src/sockets/poll.ts).
    context.epoll.notSentLowat.set(fd, optionValue(value, event) >>> 0);
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
    return checkedValue(`getsockopt: ${option}`, actual, optionValue(value, event), event);
  }
  if (option === 'TCP_NOTSENT_LOWAT') {
    const actual = context.epoll.notSentLowat.get(fd) ?? 0;
    return checkedValue(`getsockopt: ${option}`, actual, optionValue(value, event) >>> 0, event);
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

type WriteCall = 'write' | 'send' | 'sendto' | 'sendmsg';
type ReadCall = 'read' | 'recv' | 'recvfrom';

/**
 * `write(fd, ..., count)`, `send(fd, ..., count, flags)`, `sendto(fd, ..., count, flags, ..., ...)`,
 * `sendmsg(fd, {…msg_iov(N)=[{..., len}, …]…}, flags)`: that many zero bytes; a blocking socket takes them all.
 * MSG_DONTWAIT makes this one call non-blocking (send(2)), as O_NONBLOCK does every call. A write that finds
 * the send buffer full marks the socket SOCK_NOSPACE, so that freed space wakes an edge-triggered EPOLLOUT.
 */
function callWrite(event: SyscallEvent, context: SyscallContext, name: WriteCall): CallOutcome {
  const fd = hostFd(event.args[0]!, event, context);
  const data = new Uint8Array(name === 'sendmsg' ? messageBytes(event) : byteCount(name, event.args[2]!, event));
  if (hasNullBuffer(event, data.length)) return badAddress(() => context.host.write(fd, EMPTY));
  const nonBlocking = () => context.host.isNonBlocking(fd) || (msgFlags(event) & SYMBOLS.MSG_DONTWAIT) !== 0;
  let written = 0;
  const tryWrite = (): CallOutcome => {
    for (;;) {
      const outcome = attempt(() => context.host.write(fd, data.subarray(written)));
      if (outcome.result >= 0) {
        written += outcome.result;
        if (written === data.length) return { done: true, result: written };
        context.epoll.noSpace.add(fd);
        if (nonBlocking()) return { done: true, result: written };
        continue;
      }
      if (outcome.errno === 'EAGAIN') context.epoll.noSpace.add(fd);
      if (outcome.errno === 'EAGAIN' && !nonBlocking()) return { done: false, retry: tryWrite };
      return written > 0 ? { done: true, result: written } : outcome;
    }
  };
  return tryWrite();
}

/**
 * `read(fd, ..., count)`, `recv(fd, ..., count, flags)`, `recvfrom(fd, ..., count, flags, ..., ...)`: the result
 * is the bytes read, 0 at end of file. recv(2)'s MSG_PEEK returns queued data and leaves it queued for the next
 * read (RFC 9293 §3.10.3 RECEIVE hands over nothing); MSG_DONTWAIT makes this one call non-blocking.
 */
function callRead(event: SyscallEvent, context: SyscallContext, name: ReadCall): CallOutcome {
  const fd = hostFd(event.args[0]!, event, context);
  const max = byteCount(name, event.args[2]!, event);
  const flags = msgFlags(event);
  const nonBlocking = context.host.isNonBlocking(fd) || (flags & SYMBOLS.MSG_DONTWAIT) !== 0;
  const nullBuffer = hasNullBuffer(event, max);
  const tryRead = (): CallOutcome => {
    // Data queued for a NULL buffer: the copy faults before a byte leaves the queue (tcp_recvmsg). Nothing queued:
    // the call first waits, or says end of file, EAGAIN or the error, as for any buffer.
    if (nullBuffer && context.host.readableBytes(fd) > 0) return { done: true, result: -1, errno: 'EFAULT' };
    const outcome = attempt(() => {
      const queued = (flags & SYMBOLS.MSG_PEEK) === 0 ? 0 : context.host.readableBytes(fd);
      // Nothing queued: the host's read takes nothing either, and says end of file, EAGAIN or the error as for read.
      return max > 0 && queued > 0 ? Math.min(max, queued) : context.host.read(fd, max).length;
    });
    return outcome.errno === 'EAGAIN' && !nonBlocking ? { done: false, retry: tryRead } : outcome;
  };
  return tryRead();
}

const EMPTY = new Uint8Array(0);

/**
 * A `NULL` buffer with bytes to move. On Linux the address passes `access_ok` (it is below the user address
 * limit) and the copy faults: EFAULT (`Bad address`). Our sockets layer takes data as a `Uint8Array`, which
 * cannot be a bad address; "invalid pointer" is therefore the script's NULL, and the runner answers EFAULT
 * where the kernel's copy would fault: after the call's own checks, with nothing taken from or added to a queue.
 */
function hasNullBuffer(event: SyscallEvent, count: number): boolean {
  const buffer = event.name === 'sendmsg' ? undefined : event.args[1];
  return buffer !== undefined && isNullBuffer(buffer) && count > 0;
}

/**
 * The socket's checks (a zero-length write: a pending error, EPIPE after shutdown, EAGAIN during the handshake,
 * as the kernel checks before copying), then EFAULT for the copy that faults: tcp_sendmsg returns the error
 * only when it copied nothing, which is the case here.
 */
function badAddress(checks: () => number): CallResult {
  const checked = attempt(checks);
  return checked.result < 0 ? checked : { done: true, result: -1, errno: 'EFAULT' };
}

/** sendmsg's bytes, summed over its iovecs (syscallTable.ts's readMessageBytes). */
function messageBytes(event: SyscallEvent): number {
  const bytes = readMessageBytes(event.args[1]!);
  if (typeof bytes === 'string') throw new ScriptRunError(bytes, event);
  return bytes;
}

/** Where each call that takes MSG_* flags has them (syscallTable.ts allows MSG_PEEK and MSG_DONTWAIT by name). */
const FLAGS_ARGUMENT: Readonly<Record<string, number>> = { send: 3, recv: 3, sendto: 3, recvfrom: 3, sendmsg: 2 };

/** The line's MSG_* flags; write and read have none. */
function msgFlags(event: SyscallEvent): number {
  const index = FLAGS_ARGUMENT[event.name];
  const flags = index === undefined ? undefined : event.args[index];
  return flags === undefined ? 0 : intValue(flags, event);
}

/**
 * `ioctl(fd, SIOCINQ, [n])`: the bytes a read would return (tcp_ioctl's tcp_inq; the peer's FIN is no byte);
 * `ioctl(fd, SIOCOUTQ, [n])`: the bytes written and not yet acknowledged, sent or not (write_seq - snd_una).
 * Both EINVAL on a listener, as tcp_ioctl answers in LISTEN. The value is checked as packetdrill checks it.
 */
function callIoctl(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg, requestArg, value] = args(event, 'ioctl');
  const fd = hostFd(fdArg, event, context);
  const request = intValue(requestArg, event);
  if (context.host.stateOf(fd) === 'LISTEN') return { done: true, result: -1, errno: 'EINVAL' };
  const { name, actual } =
    request === SYMBOLS.SIOCINQ
      ? { name: 'SIOCINQ', actual: context.host.readableBytes(fd) }
      : { name: 'SIOCOUTQ', actual: connectionOf(fd, context)?.unacknowledgedBytes ?? 0 };
  return checkedValue(`ioctl: ${name}`, actual, optionValue(value, event), event);
}

/** `epoll_create(size)`: a new epoll descriptor (size is only checked to be positive, as Linux does). */
function callEpollCreate(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [size] = args(event, 'epoll_create');
  if (intValue(size, event) <= 0) return { done: true, result: -1, errno: 'EINVAL' };
  return { done: true, result: context.epoll.create() };
}

const EPOLL_OPERATIONS: Readonly<Record<number, 'add' | 'modify' | 'delete'>> = {
  [SYMBOLS.EPOLL_CTL_ADD]: 'add',
  [SYMBOLS.EPOLL_CTL_MOD]: 'modify',
  [SYMBOLS.EPOLL_CTL_DEL]: 'delete',
};

/** `epoll_ctl(epfd, EPOLL_CTL_ADD, fd, {events=EPOLLIN|EPOLLOUT|EPOLLET, fd=4})`: the data word is kept as written. */
function callEpollCtl(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [epfdArg, opArg, fdArg, eventArg] = args(event, 'epoll_ctl');
  const epfd = hostFd(epfdArg, event, context);
  const fd = hostFd(fdArg, event, context);
  const operation = EPOLL_OPERATIONS[intValue(opArg, event)];
  if (operation === undefined) return { done: true, result: -1, errno: 'EINVAL' };
  const wanted = epollEvent(eventArg, event);
  const errno = context.epoll.control(epfd, operation, fd, wanted.events, wanted.data.value);
  return errno === undefined ? { done: true, result: 0 } : { done: true, result: -1, errno };
}

/**
 * `epoll_wait(epfd, {events=EPOLLIN, fd=4}, maxevents, 0)`: the count of ready items is the result; the first
 * one's events and data must be the line's, as run_system_call.c's syscall_epoll_wait checks them (with none
 * ready, the kernel wrote nothing and packetdrill's zeroed buffer reads `{events=0, ptr=0}`).
 */
function callEpollWait(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [epfdArg, eventArg, maxEventsArg] = args(event, 'epoll_wait');
  const epfd = hostFd(epfdArg, event, context);
  const wanted = epollEvent(eventArg, event);
  const got = context.epoll.wait(epfd, intValue(maxEventsArg, event));
  if (got === undefined) return { done: true, result: -1, errno: 'EINVAL' };
  const expectedText = `{events=${epollEventsText(wanted.events)}, ${wanted.data.field}=${wanted.data.value}}`;
  const actualText = `{events=${epollEventsText(got.first.events)}, ${wanted.data.field}=${got.first.data}}`;
  if (expectedText !== actualText)
    throw new ScriptRunError(
      `epoll_wait: the event is ${actualText}, expected ${expectedText}`,
      event,
      expectedText,
      actualText,
    );
  return { done: true, result: got.count };
}

function epollEvent(expression: Expression, event: SyscallEvent): EpollEventValue {
  const value = readEpollEvent(expression, (field) => intValue(field, event));
  if (typeof value === 'string') throw new ScriptRunError(`${event.name}: ${value}`, event);
  return value;
}

const EPOLL_EVENT_NAMES = ['EPOLLIN', 'EPOLLOUT', 'EPOLLERR', 'EPOLLHUP', 'EPOLLRDHUP', 'EPOLLET'] as const;

/** `EPOLLIN|EPOLLOUT`, or `0`, for messages; bits without a name in hex. */
function epollEventsText(events: number): string {
  const names: string[] = EPOLL_EVENT_NAMES.filter((name) => ((events >>> 0) & SYMBOLS[name]) !== 0);
  const rest = EPOLL_EVENT_NAMES.reduce((bits, name) => (bits & ~SYMBOLS[name]) >>> 0, events >>> 0);
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names.length === 0 ? '0' : names.join('|');
}

/** A call that returns 0 and a value through its argument (getsockopt, ioctl): the value must be the line's. */
function checkedValue(what: string, actual: number, expected: number, event: SyscallEvent): CallResult {
  if (actual !== expected)
    throw new ScriptRunError(`${what} is ${actual}, expected ${expected}`, event, `${expected}`, `${actual}`);
  return { done: true, result: 0 };
}

function connectionOf(fd: number, context: SyscallContext): TcpConnection | null {
  return context.host.allSockets().find((socket) => socket.fd === fd)?.connection ?? null;
}

function callClose(event: SyscallEvent, context: SyscallContext): CallOutcome {
  const [fdArg] = args(event, 'close');
  const fd = hostFd(fdArg, event, context);
  context.fds.delete(intValue(fdArg, event));
  if (context.epoll.isEpoll(fd)) {
    context.epoll.close(fd);
    return { done: true, result: 0 };
  }
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
function byteCount(name: Exclude<WriteCall | ReadCall, 'sendmsg'>, count: Expression, event: SyscallEvent): number {
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
