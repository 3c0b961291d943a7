/**
 * The syntax tree of a packetdrill script, shaped for the runner that will
 * play it against our TCP on a virtual clock: every event says when it happens
 * and what it is, with packetdrill's defaults already resolved to "absent"
 * rather than to magic numbers, and with its position and source text so the
 * runner can say which line failed.
 *
 * Grammar reference: google/packetdrill, gtests/net/packetdrill/parser.y.
 */

/** A 1-based line and column (UTF-16 code units; a tab counts as one column). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Script {
  readonly fileName?: string;
  /** `--name=value` lines before the first event (e.g. `--tolerance_usecs=10000`). */
  readonly options: readonly ScriptOption[];
  /** A backquoted command with no time before the first event, run before the test. */
  readonly initCommand?: ShellCommand;
  readonly events: readonly ScriptEvent[];
  /** A backquoted command with no time after the last event, run after the test. */
  readonly cleanupCommand?: ShellCommand;
}

export interface ScriptOption extends Position {
  readonly name: string;
  /** As written after `=`, with enclosing quotes removed; absent for a bare `--name`. */
  readonly value?: string;
}

export interface ShellCommand extends Position {
  readonly command: string;
  readonly sourceText: string;
}

/**
 * When an event happens, in microseconds.
 *
 * A relative time (`+0.1`) counts from the previous event, an absolute one
 * (`0.1`, `.1`) from the start of the script. A range (`+0.1~+0.2`) or `*`
 * lets an outbound packet leave at any time in the range, or at any time at
 * all; packetdrill allows both only on outbound packets, and so do we.
 */
export type EventTime =
  | { readonly kind: 'exact'; readonly relative: boolean; readonly usecs: number }
  | { readonly kind: 'range'; readonly relative: boolean; readonly usecs: number; readonly endUsecs: number }
  | { readonly kind: 'any' };

export interface EventBase extends Position {
  readonly time: EventTime;
  /** The script lines the event was written on (one, unless a bracket spans lines). */
  readonly sourceText: string;
}

export type ScriptEvent = PacketEvent | SyscallEvent | CommandEvent | CodeEvent;

/**
 * `+0 < S. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>`.
 *
 * Sequence and acknowledgment numbers are as written: packetdrill reads them
 * relative to each side's initial sequence number, so mapping them onto the
 * wire is the runner's job.
 */
export interface PacketEvent extends EventBase {
  readonly kind: 'packet';
  /** `<` is a segment injected into the stack, `>` one the stack must send. */
  readonly direction: 'inbound' | 'outbound';
  /**
   * Flag letters as written, `.` meaning ACK: `S`, `S.`, `F.`, `P.`, `R`, `.`,
   * or `''` for packetdrill's `-` (no flags). Letters are checked against
   * S F R P U E W; `parseFlags` in src/wire/segment.ts reads all but E and W.
   */
  readonly flags: string;
  /**
   * `[ect0]` after the direction: RFC 3168 §5's IP ECN field, packetdrill's
   * `ip_ecn` (`noecn`, `ect0`, `ect1`, `ce`), or `ect01` (outbound only:
   * either ECT). Absent when not written: not checked outbound, Not-ECT inbound.
   */
  readonly ipEcn?: IpEcn;
  /** `start:end(length)`: the first sequence number, the one after the data, the data's length in bytes. */
  readonly seqStart: number;
  readonly seqEnd: number;
  readonly payloadLength: number;
  /** `ack N`; absent when not written (packetdrill then puts 0 on the wire). */
  readonly ack?: number;
  /** `win N`; always present inbound. Absent outbound means "do not check the window". */
  readonly window?: number;
  /** `urg N`; absent when not written. */
  readonly urgentPointer?: number;
  /**
   * `'any'` for `<...>` (outbound only: do not check options), otherwise the
   * options in order; `[]` when no `<...>` list is written, which packetdrill
   * reads as "no options" in both directions.
   */
  readonly options: 'any' | readonly TcpOptionAst[];
}

export type IpEcn = 'noecn' | 'ect0' | 'ect1' | 'ce' | 'ect01';

export type TcpOptionAst = Position &
  (
    | { readonly kind: 'nop' }
    | { readonly kind: 'eol' }
    /** `mss 1460` (RFC 9293 §3.7.1). */
    | { readonly kind: 'mss'; readonly value: number }
    /** `wscale 7` (RFC 7323 §2). */
    | { readonly kind: 'windowScale'; readonly shiftCount: number }
    /** `sackOK` (RFC 2018 §2). */
    | { readonly kind: 'sackPermitted' }
    /** `sack 1461:2921 4381:5841` (RFC 2018 §3). */
    | { readonly kind: 'sack'; readonly blocks: readonly SackBlock[] }
    /** `TS val 100 ecr 0` (RFC 7323 §3); field names as in `TimestampOption`. */
    | { readonly kind: 'timestamp'; readonly value: number; readonly echo: number }
  );

import type { SackBlock } from '../wire/segment';

/** A SACK block as the wire reads it (src/wire/segment.ts), in the script's sequence numbers. */
export type { SackBlock } from '../wire/segment';

/**
 * `+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)`.
 *
 * Any name with any arguments is grammatical (`parseSyntax`); `parseScript`
 * then holds them to the calls the runner plays (check.ts).
 */
export interface SyscallEvent extends EventBase {
  readonly kind: 'syscall';
  readonly name: string;
  /** Where the name is written, so a refusal of the call can point at it. */
  readonly namePosition: Position;
  readonly args: readonly Expression[];
  /** What the call must return: usually an integer, `-1` on failure. */
  readonly result: Expression;
  /** `EINPROGRESS` in `= -1 EINPROGRESS (...)`: any word after the result, as parser.y reads it. */
  readonly errno?: string;
  /** Where `errno` is written; present exactly when `errno` is. */
  readonly errnoPosition?: Position;
  /** The text in parentheses after the result (`Operation now in progress`), whitespace collapsed; informational. */
  readonly note?: string;
  /**
   * `+0...0.2 accept(...)`: the call blocks and must return at this time,
   * counted from the same origin as `time` (so from the previous event when
   * `time.relative`, as packetdrill's run.c does). Absent for a call that
   * must return at once.
   */
  readonly blockingEndUsecs?: number;
}

/** `` +0 `sleep 1` ``: a shell command run at that time (`parseScript` accepts only `sleep N`). */
export interface CommandEvent extends EventBase {
  readonly kind: 'command';
  readonly command: string;
  /** Where the opening backquote is. */
  readonly commandPosition: Position;
}

/**
 * `+0 %{ assert tcpi_state == 1 }%`: packetdrill's Python snippet, kept as
 * text by `parseSyntax`; `parseScript` accepts only `assert`s over tcp_info
 * (assertion.ts).
 */
export interface CodeEvent extends EventBase {
  readonly kind: 'code';
  readonly code: string;
  /** Where the `%{` is. */
  readonly codePosition: Position;
  /** Where `code` starts (past the `%{` and the spaces after it), so a refusal inside it can point at its token. */
  readonly codeStart: Position;
}

/** A system call argument or result, as a tree. */
export type Expression = Position &
  /** `...`: anything; the runner supplies a sensible value. */
  (
    | { readonly kind: 'ellipsis' }
    /** `42`, `-1`, `0x1f`. */
    | { readonly kind: 'integer'; readonly value: number }
    /** A symbolic constant such as `SOCK_STREAM`, `SHUT_WR`, `POLLIN`. */
    | { readonly kind: 'symbol'; readonly name: string }
    /**
     * `"text"`, adjacent strings joined; escapes kept as written. `prefixOnly`
     * is `"text"...`, which matches anything that starts with the text.
     */
    | { readonly kind: 'string'; readonly value: string; readonly prefixOnly: boolean }
    /** `O_RDWR|O_NONBLOCK`: two or more operands, in order. */
    | { readonly kind: 'bitOr'; readonly operands: readonly Expression[] }
    /** `fd=3`, `events=POLLIN|POLLOUT`, `msg_iov(1)=[...]`: a named field. */
    | { readonly kind: 'assign'; readonly target: Expression; readonly value: Expression }
    /** `[1]`, `[{fd=3, events=POLLIN}]`. */
    | { readonly kind: 'array'; readonly elements: readonly Expression[] }
    /** `{sa_family=AF_INET, sin_port=htons(8080)}`, `{..., 1000}`. */
    | { readonly kind: 'struct'; readonly elements: readonly Expression[] }
    /** `htons(8080)`, `inet_addr("192.0.2.1")`: a name with `(` right after it. */
    | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expression[] }
  );
