/**
 * The system calls the runner plays and what each argument may be: the one
 * list that the check at parse time holds a script to (check.ts) and that
 * the runner dispatches on (runner/syscalls.ts, whose table of calls has
 * exactly these keys), so a call cannot be known to one and not the other.
 */
import type { Expression } from './ast';
import { ERRNO_NAMES, SYMBOLS, type SymbolName } from './symbols';

/**
 * The most bytes one `write`/`read`/`send`/`recv` line may name: 16 MiB.
 * Linux caps one call at MAX_RW_COUNT (just under 2 GiB); the runner writes
 * zeros from a buffer of that size, and a script has no use for more than a
 * few times our 1 MiB send buffer, so the bound is ours.
 */
export const MAX_IO_BYTES = 16 * 1024 * 1024;

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  /** Said after a value out of range, to explain the bound. */
  readonly why: string;
}

/** What one argument may be; `name` is the argument's name in the man page, for messages. */
export type ArgumentSpec =
  /** An integer, one of `symbols`, or some of them or'ed (`O_RDWR|O_NONBLOCK`); also `...` when `ellipsis`. */
  | {
      readonly kind: 'number';
      readonly name: string;
      readonly symbols: readonly SymbolName[];
      readonly ellipsis?: boolean;
      readonly range?: NumberRange;
    }
  /** A number as `n` or `[n]`: socket options' values and lengths are written both ways. */
  | { readonly kind: 'boxed'; readonly name: string; readonly symbols: readonly SymbolName[] }
  /** A socket option's name: one of `options`. */
  | { readonly kind: 'option'; readonly name: string; readonly options: readonly string[] }
  /** Not read by the runner, so anything is accepted (an address: the runner supplies its own). */
  | { readonly kind: 'ignored'; readonly name: string }
  /** A data buffer: `...` (the runner's), or `NULL`/0, a bad address (run_system_call.c's buffer_arg). */
  | { readonly kind: 'buffer'; readonly name: string }
  /** sendmsg's `struct msghdr`, read by readMessageBytes. */
  | { readonly kind: 'msghdr'; readonly name: string }
  /** epoll's `struct epoll_event`, `{events=EPOLLIN|EPOLLET, fd=4}` or `{events=0, ptr=0}`, read by readEpollEvent. */
  | { readonly kind: 'epollEvent'; readonly name: string };

export interface SyscallSpec {
  readonly args: readonly ArgumentSpec[];
  /** How many arguments must be written; the rest may be left out (fcntl's third). All when absent. */
  readonly required?: number;
}

/**
 * setsockopt's options: SO_REUSEADDR is applied (it decides whether a bind
 * next to a TIME-WAIT connection succeeds), SO_LINGER `{onoff=1,
 * linger=0}` (the next `close` aborts: a RST), the buffer sizes and MSS of
 * the connections the socket creates, and TCP_USER_TIMEOUT, the USER
 * TIMEOUT of RFC 9293 §3.10.8 (runner/syscalls.ts); the others change
 * nothing our TCP does, so they are accepted and ignored.
 */
export const SETSOCKOPT_OPTIONS = {
  SO_REUSEADDR: 'applied',
  SO_LINGER: 'applied',
  SO_RCVBUF: 'applied',
  SO_SNDBUF: 'applied',
  TCP_MAXSEG: 'applied',
  TCP_USER_TIMEOUT: 'applied',
  TCP_NOTSENT_LOWAT: 'applied',
  SO_KEEPALIVE: 'ignored',
  SO_REUSEPORT: 'ignored',
  TCP_NODELAY: 'ignored',
} as const;

/**
 * SO_LINGER's `struct linger` as scripts write it, `{onoff=1, linger=0}`:
 * the two fields, or why the runner cannot play it. A positive linger
 * (close blocks until the FIN is acknowledged or the time runs out) is not
 * played.
 */
export function readLinger(value: Expression): { readonly onoff: number; readonly linger: number } | string {
  const fields = new Map<string, number>();
  if (value.kind === 'struct') {
    for (const element of value.elements) {
      if (element.kind !== 'assign' || element.target.kind !== 'symbol' || element.value.kind !== 'integer') break;
      fields.set(element.target.name, element.value.value);
    }
  }
  const onoff = fields.get('onoff');
  const linger = fields.get('linger');
  if (value.kind !== 'struct' || value.elements.length !== 2 || onoff === undefined || linger === undefined) {
    return 'setsockopt: SO_LINGER takes {onoff=N, linger=N}';
  }
  if (onoff !== 0 && linger !== 0)
    return `setsockopt: SO_LINGER with linger=${linger} is not supported (only {onoff=1, linger=0}, which makes close abort, or onoff=0)`;
  return { onoff, linger };
}

/** getsockopt reads the pending error, and the settings setsockopt applies. */
export const GETSOCKOPT_OPTIONS = [
  'SO_ERROR',
  'SO_RCVBUF',
  'SO_SNDBUF',
  'TCP_MAXSEG',
  'TCP_USER_TIMEOUT',
  'TCP_NOTSENT_LOWAT',
] as const;

/**
 * sendmsg's `{msg_name(...)=..., msg_iov(N)=[{..., len}, …], msg_flags=0}`
 * as packetdrill's suites write it: the bytes the iovecs hold, summed (a
 * zero-length iovec is skipped, as the kernel's iov_iter skips it), or why
 * the runner cannot play it. A control message (`msg_control`) is not played.
 */
export function readMessageBytes(value: Expression): number | string {
  const usage = 'sendmsg: the message must be {msg_name(...)=..., msg_iov(N)=[{..., LEN}, …], msg_flags=0}';
  if (value.kind !== 'struct') return usage;
  let bytes: number | undefined;
  for (const field of value.elements) {
    if (field.kind !== 'assign') return usage;
    const name =
      field.target.kind === 'call' ? field.target.name : field.target.kind === 'symbol' ? field.target.name : '';
    if (name === 'msg_name' || (name === 'msg_flags' && field.value.kind === 'integer' && field.value.value === 0))
      continue;
    if (name !== 'msg_iov' || field.value.kind !== 'array') return `${usage}; ${name || 'this field'} is not played`;
    bytes = 0;
    for (const iovec of field.value.elements) {
      const length = iovec.kind === 'struct' && iovec.elements.length === 2 ? iovec.elements[1] : undefined;
      if (iovec.kind !== 'struct' || iovec.elements[0]?.kind !== 'ellipsis' || length?.kind !== 'integer')
        return `${usage}: each iovec is {..., LEN}`;
      bytes += length.value;
    }
    const count = field.target.kind === 'call' ? field.target.args[0] : undefined;
    if (count?.kind === 'integer' && count.value !== field.value.elements.length)
      return `sendmsg: msg_iov(${count.value}) lists ${field.value.elements.length} iovecs`;
  }
  if (bytes === undefined) return `${usage}: msg_iov is missing`;
  if (bytes > MAX_IO_BYTES)
    return `sendmsg: the iovecs hold ${bytes} bytes, over ${MAX_IO_BYTES} (16 MiB, the runner's limit for one call)`;
  return bytes;
}

/** `{events=EPOLLIN|EPOLLET, fd=4}` or `{events=0, ptr=0}`: the events, unsigned, and the data word as written. */
export interface EpollEventValue {
  readonly events: number;
  readonly data: { readonly field: 'fd' | 'ptr' | 'u32' | 'u64'; readonly value: number };
}

/** epoll's struct as scripts write it, or why the runner cannot read it; `evaluate` reads `events` and the data word. */
export function readEpollEvent(
  value: Expression,
  evaluate: (expression: Expression) => number | string,
): EpollEventValue | string {
  const usage = 'an epoll_event is {events=EPOLLIN|EPOLLOUT|EPOLLET, fd=N} (or ptr=, u32=, u64= for the data)';
  if (value.kind !== 'struct' || value.elements.length !== 2) return usage;
  const [events, data] = value.elements;
  if (events?.kind !== 'assign' || events.target.kind !== 'symbol' || events.target.name !== 'events') return usage;
  if (data?.kind !== 'assign' || data.target.kind !== 'symbol') return usage;
  const field = data.target.name;
  if (field !== 'fd' && field !== 'ptr' && field !== 'u32' && field !== 'u64') return usage;
  const eventBits = evaluate(events.value);
  if (typeof eventBits === 'string') return eventBits;
  const dataValue = evaluate(data.value);
  if (typeof dataValue === 'string') return dataValue;
  return { events: eventBits >>> 0, data: { field, value: dataValue } };
}

/** `NULL` or 0 for a buffer: a bad address (run_system_call.c's buffer_arg passes the call a NULL pointer). */
export function isNullBuffer(arg: Expression): boolean {
  return (arg.kind === 'symbol' && arg.name === 'NULL') || (arg.kind === 'integer' && arg.value === 0);
}

/** A descriptor or a call's result is a C `int` (`ssize_t` for I/O, which MAX_IO_BYTES bounds far lower). */
export const INT_MAX = 2 ** 31 - 1;
const FD = {
  kind: 'number',
  name: 'fd',
  symbols: [],
  range: { min: 0, max: INT_MAX, why: 'a descriptor is a C int' },
} as const satisfies ArgumentSpec;
const LEVEL = {
  kind: 'number',
  name: 'level',
  symbols: ['SOL_SOCKET', 'SOL_TCP', 'IPPROTO_TCP'],
} as const satisfies ArgumentSpec;
const BYTE_COUNT = {
  kind: 'number',
  name: 'count',
  symbols: [],
  range: { min: 0, max: MAX_IO_BYTES, why: "16 MiB, the runner's limit for one call" },
} as const satisfies ArgumentSpec;
/**
 * recv's flags: MSG_PEEK (the data stays queued for the next read) and
 * MSG_DONTWAIT (this call does not block, as O_NONBLOCK for one call), by
 * name; send's: MSG_DONTWAIT. Other MSG_* flags are not played.
 */
const RECV_FLAGS = {
  kind: 'number',
  name: 'flags',
  symbols: ['MSG_PEEK', 'MSG_DONTWAIT'],
  range: { min: 0, max: 0, why: 'other MSG_* flags are not played' },
} as const satisfies ArgumentSpec;
const SEND_FLAGS = {
  kind: 'number',
  name: 'flags',
  symbols: ['MSG_DONTWAIT'],
  range: { min: 0, max: 0, why: 'other MSG_* flags are not played' },
} as const satisfies ArgumentSpec;
const ADDRESS = { kind: 'ignored', name: 'addr' } as const satisfies ArgumentSpec;
const ADDRESS_LENGTH = { kind: 'ignored', name: 'addrlen' } as const satisfies ArgumentSpec;
const BUFFER = { kind: 'buffer', name: 'buf' } as const satisfies ArgumentSpec;
const EPOLL_FD = { ...FD, name: 'epfd' } as const satisfies ArgumentSpec;
const EPOLL_EVENT = { kind: 'epollEvent', name: 'event' } as const satisfies ArgumentSpec;

export const SYSCALLS = {
  socket: {
    args: [
      { kind: 'number', name: 'domain', symbols: ['AF_INET', 'PF_INET'], ellipsis: true },
      { kind: 'number', name: 'type', symbols: ['SOCK_STREAM', 'SOCK_NONBLOCK'] },
      { kind: 'number', name: 'protocol', symbols: ['IPPROTO_TCP'] },
    ],
  },
  setsockopt: {
    args: [
      FD,
      LEVEL,
      { kind: 'option', name: 'optname', options: Object.keys(SETSOCKOPT_OPTIONS) },
      { kind: 'boxed', name: 'optval', symbols: [] },
      { kind: 'boxed', name: 'optlen', symbols: [] },
    ],
  },
  getsockopt: {
    args: [
      FD,
      LEVEL,
      { kind: 'option', name: 'optname', options: GETSOCKOPT_OPTIONS },
      { kind: 'boxed', name: 'optval', symbols: ERRNO_NAMES },
      { kind: 'boxed', name: 'optlen', symbols: [] },
    ],
  },
  fcntl: {
    args: [
      FD,
      { kind: 'number', name: 'cmd', symbols: ['F_GETFL', 'F_SETFL'] },
      { kind: 'number', name: 'flags', symbols: ['O_RDWR', 'O_NONBLOCK'] },
    ],
    required: 2,
  },
  bind: { args: [FD, ADDRESS, ADDRESS_LENGTH] },
  listen: { args: [FD, { kind: 'number', name: 'backlog', symbols: [] }] },
  accept: { args: [FD, ADDRESS, ADDRESS_LENGTH] },
  connect: { args: [FD, ADDRESS, ADDRESS_LENGTH] },
  write: { args: [FD, BUFFER, BYTE_COUNT] },
  send: { args: [FD, BUFFER, BYTE_COUNT, SEND_FLAGS] },
  read: { args: [FD, BUFFER, BYTE_COUNT] },
  recv: { args: [FD, BUFFER, BYTE_COUNT, RECV_FLAGS] },
  // A connected socket's sendto/recvfrom are send/recv: TCP does not read the address (tcp_sendmsg, tcp_recvmsg).
  sendto: { args: [FD, BUFFER, BYTE_COUNT, SEND_FLAGS, ADDRESS, ADDRESS_LENGTH] },
  recvfrom: { args: [FD, BUFFER, BYTE_COUNT, RECV_FLAGS, ADDRESS, ADDRESS_LENGTH] },
  sendmsg: { args: [FD, { kind: 'msghdr', name: 'msg' }, SEND_FLAGS] },
  /** SIOCINQ: bytes waiting to be read; SIOCOUTQ: bytes sent and not acknowledged, and not yet sent (tcp_ioctl). */
  ioctl: {
    args: [
      FD,
      { kind: 'number', name: 'request', symbols: ['SIOCINQ', 'SIOCOUTQ'] },
      { kind: 'boxed', name: 'argp', symbols: [] },
    ],
  },
  epoll_create: {
    args: [
      {
        kind: 'number',
        name: 'size',
        symbols: [],
        range: { min: 1, max: INT_MAX, why: 'epoll_create(2): size must be positive' },
      },
    ],
  },
  epoll_ctl: {
    args: [
      EPOLL_FD,
      { kind: 'number', name: 'op', symbols: ['EPOLL_CTL_ADD', 'EPOLL_CTL_MOD', 'EPOLL_CTL_DEL'] },
      FD,
      EPOLL_EVENT,
    ],
  },
  epoll_wait: {
    args: [
      EPOLL_FD,
      EPOLL_EVENT,
      {
        kind: 'number',
        name: 'maxevents',
        symbols: [],
        range: { min: 1, max: 1, why: 'packetdrill checks one event' },
      },
      {
        kind: 'number',
        name: 'timeout',
        symbols: [],
        range: { min: 0, max: 0, why: 'the runner plays epoll_wait that returns at once' },
      },
    ],
  },
  close: { args: [FD] },
  shutdown: { args: [FD, { kind: 'number', name: 'how', symbols: ['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'] }] },
} as const satisfies Readonly<Record<string, SyscallSpec>>;

export type SyscallName = keyof typeof SYSCALLS;

export type NumberSpec = Extract<ArgumentSpec, { kind: 'number' }>;

/**
 * What a call must return: a number, in which any symbol stands for its
 * value (`= O_RDWR|O_NONBLOCK` for F_GETFL), as packetdrill evaluates it.
 */
export const RESULT: NumberSpec = {
  kind: 'number',
  name: 'result',
  symbols: Object.keys(SYMBOLS) as SymbolName[],
  range: { min: -1, max: INT_MAX, why: 'a system call returns a C int, -1 on failure' },
};

export const SYSCALL_NAMES = Object.keys(SYSCALLS) as SyscallName[];

/** One expression per argument the call's table entry lists. */
export type ArgumentsOf<Name extends SyscallName> = Expressions<(typeof SYSCALLS)[Name]['args']>;

type Expressions<Specs extends readonly unknown[]> = { -readonly [K in keyof Specs]: Expression };

export function isSyscallName(name: string): name is SyscallName {
  return Object.prototype.hasOwnProperty.call(SYSCALLS, name);
}

export function unsupportedSyscallProblem(name: string): string {
  return `unsupported system call '${name}' (the runner plays ${SYSCALL_NAMES.join(', ')})`;
}

/** `option` is the name as written, or what was written instead of a name. */
export function unsupportedOptionProblem(call: SyscallName, option: string, supported: readonly string[]): string {
  return `${call}: unsupported option ${option} (supported: ${supported.join(', ')})`;
}

/** `listen(fd, backlog)`: the call as the man page writes it, for messages and the docs. */
export function signature(name: SyscallName): string {
  const spec: SyscallSpec = SYSCALLS[name];
  const required = spec.required ?? spec.args.length;
  const names = spec.args.map((arg, index) => (index < required ? arg.name : `[${arg.name}]`));
  return `${name}(${names.join(', ')})`;
}

/** Why `given` arguments are wrong for the call, or undefined when they are right. */
export function arityProblem(name: SyscallName, given: number): string | undefined {
  const spec: SyscallSpec = SYSCALLS[name];
  const required = spec.required ?? spec.args.length;
  if (given >= required && given <= spec.args.length) return undefined;
  const spread = spec.args.length - required;
  const expected = spread === 0 ? `${required}` : `${required} ${spread === 1 ? 'or' : 'to'} ${spec.args.length}`;
  return `${name}: expected ${expected} arguments, ${signature(name)}, got ${given}`;
}

/** Why `value` is outside the argument's range, or undefined when it is inside (or the argument has none). */
export function rangeProblem(name: SyscallName, spec: ArgumentSpec, value: number): string | undefined {
  if (spec.kind !== 'number' || spec.range === undefined) return undefined;
  const { min, max, why } = spec.range;
  if (value >= min && value <= max) return undefined;
  return `${name}: ${spec.name} must be ${allowedText(spec.range)} (${why}), not ${value}`;
}

/** `0`, or `a number from 0 to 16777216`. */
export function allowedText({ min, max }: NumberRange): string {
  return min === max ? `${min}` : `a number from ${min} to ${max}`;
}
