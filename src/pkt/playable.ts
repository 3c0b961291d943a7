/**
 * The check that makes a grammatical script one the runner can play, run by
 * `parseScript` before anything runs: every system call is one the runner
 * plays, with the arguments it reads (known symbols, byte counts in range),
 * a result it can compare and an errno the host can set; every shell command
 * is `sleep N` or sets sysctls; every `%{ }%` block is `assert`s over tcp_info; every `--option` is one the runner honours.
 * A refusal is a `ScriptParseError` at the offending token, in the words
 * the runner would use, from the same tables (symbols.ts, syscallTable.ts,
 * commands.ts, scriptOptions.ts).
 *
 * What depends on the run is left to the runner: descriptors, and values it
 * refuses once computed (`socket(..., SOCK_STREAM, 17)`: only IPPROTO_TCP).
 */
import { isErrno } from '../sockets';
import type { Expression, Position, Script, ScriptEvent, SyscallEvent } from './ast';
import { AssertionSyntaxError, parseAssertions } from './assertion';
import { readCleanupCommand, readShellCommand } from './commands';
import { readScriptOption } from './scriptOptions';
import type { SourceText } from './source';
import { ERRNO_NAMES, isSymbol, unknownSymbolProblem } from './symbols';
import {
  arityProblem,
  allowedText,
  isSyscallName,
  rangeProblem,
  isNullBuffer,
  readEpollEvent,
  readLinger,
  readMessageBytes,
  RESULT,
  SYSCALLS,
  unsupportedOptionProblem,
  unsupportedSyscallProblem,
  type ArgumentSpec,
  type NumberSpec,
  type SyscallName,
} from './syscallTable';

interface Problem {
  readonly at: Position;
  readonly message: string;
}

/** Throws a `ScriptParseError` for the first construct the runner cannot play. */
export function checkPlayable(script: Script, source: SourceText): void {
  const problem = firstProblem(script);
  if (problem !== undefined) throw source.error(problem.message, problem.at);
}

/** What a script with nothing to play is told, here and by the runner. */
export const NO_EVENT_PROBLEM =
  'the script has no event (a packet, a system call or a `command` with a time): nothing to play';

function firstProblem(script: Script): Problem | undefined {
  // packetdrill runs an empty script and passes it; a test that checks nothing is a mistake, so we refuse it.
  if (script.events.length === 0) return { at: { line: 1, column: 1 }, message: NO_EVENT_PROBLEM };
  for (const option of script.options) {
    const reading = readScriptOption(option);
    if (!reading.ok) return { at: option, message: reading.problem };
  }
  const { initCommand, cleanupCommand } = script;
  if (initCommand !== undefined) {
    const problem = commandProblem(initCommand.command, initCommand);
    if (problem !== undefined) return problem;
  }
  for (const event of script.events) {
    const problem = eventProblem(event);
    if (problem !== undefined) return problem;
  }
  if (cleanupCommand === undefined) return undefined;
  const cleanup = readCleanupCommand(cleanupCommand.command);
  return cleanup.ok ? undefined : { at: cleanupCommand, message: cleanup.problem };
}

function eventProblem(event: ScriptEvent): Problem | undefined {
  switch (event.kind) {
    case 'packet':
      return undefined; // the grammar already holds packets to what the runner reads
    case 'command':
      return commandProblem(event.command, event.commandPosition);
    case 'code':
      return codeProblem(event.code, event.codeStart);
    case 'syscall':
      return syscallProblem(event);
  }
}

function codeProblem(code: string, start: Position): Problem | undefined {
  try {
    parseAssertions(code, start);
    return undefined;
  } catch (error) {
    if (error instanceof AssertionSyntaxError) return { at: error.at, message: error.detail };
    throw error;
  }
}

function commandProblem(command: string, at: Position): Problem | undefined {
  const reading = readShellCommand(command);
  return reading.ok ? undefined : { at, message: reading.problem };
}

function syscallProblem(event: SyscallEvent): Problem | undefined {
  const { name } = event;
  if (!isSyscallName(name)) return { at: event.namePosition, message: unsupportedSyscallProblem(name) };
  const arity = arityProblem(name, event.args.length);
  if (arity !== undefined) return { at: event.namePosition, message: arity };
  const specs: readonly ArgumentSpec[] = SYSCALLS[name].args;
  const lingerProblem = name === 'setsockopt' ? soLingerProblem(event) : undefined;
  if (lingerProblem !== undefined) return lingerProblem;
  for (const [index, arg] of event.args.entries()) {
    if (name === 'setsockopt' && index === 3 && isSoLinger(event)) continue; // a struct, read by readLinger
    const problem = argumentProblem(name, specs[index]!, arg);
    if (problem !== undefined) return problem;
  }
  return numberProblem(name, RESULT, event.result) ?? errnoProblem(event);
}

function isSoLinger(event: SyscallEvent): boolean {
  const option = event.args[2];
  return option?.kind === 'symbol' && option.name === 'SO_LINGER';
}

function soLingerProblem(event: SyscallEvent): Problem | undefined {
  const value = event.args[3];
  if (!isSoLinger(event) || value === undefined) return undefined;
  const linger = readLinger(value);
  return typeof linger === 'string' ? { at: value, message: linger } : undefined;
}

/** run_system_call.c sets errno only when a call fails, and the host sets only the errnos it knows. */
function errnoProblem(event: SyscallEvent): Problem | undefined {
  const { errno, result } = event;
  if (errno === undefined) return undefined;
  const at = event.errnoPosition ?? event;
  if (result.kind !== 'integer' || result.value !== -1) {
    return {
      at,
      message: `${event.name}: '${errno}' after the result: an errno may follow only a result of -1 (as in '= -1 EAGAIN')`,
    };
  }
  if (!isErrno(errno))
    return { at, message: `${event.name}: unknown errno '${errno}' (the host sets ${ERRNO_NAMES.join(', ')})` };
  return undefined;
}

function argumentProblem(call: SyscallName, spec: ArgumentSpec, arg: Expression): Problem | undefined {
  switch (spec.kind) {
    case 'ignored':
      return undefined;
    case 'buffer':
      if (arg.kind === 'ellipsis' || isNullBuffer(arg)) return undefined;
      return { at: arg, message: `${call}: ${spec.name} may be '...' or NULL, not ${describe(arg)}` };
    case 'msghdr': {
      const bytes = readMessageBytes(arg);
      return typeof bytes === 'string' ? { at: arg, message: bytes } : undefined;
    }
    case 'epollEvent': {
      const problem = { current: undefined as Problem | undefined };
      const event = readEpollEvent(arg, (value) => {
        problem.current ??= numberProblem(call, EPOLL_EVENT_BITS, value);
        return 0;
      });
      if (typeof event === 'string') return { at: arg, message: `${call}: ${event}` };
      return problem.current;
    }
    case 'option':
      if (arg.kind === 'symbol' && spec.options.includes(arg.name)) return undefined;
      return { at: arg, message: unsupportedOptionProblem(call, describe(arg), spec.options) };
    case 'boxed': {
      const value = arg.kind === 'array' && arg.elements.length === 1 ? arg.elements[0]! : arg;
      return numberProblem(call, { kind: 'number', name: spec.name, symbols: spec.symbols }, value);
    }
    case 'number':
      return numberProblem(call, spec, arg);
  }
}

/** What the fields of an epoll_event may hold: the EPOLL* bits, or a number (a descriptor, a pointer). */
const EPOLL_EVENT_BITS: NumberSpec = {
  kind: 'number',
  name: 'the epoll_event',
  symbols: ['EPOLLIN', 'EPOLLOUT', 'EPOLLERR', 'EPOLLHUP', 'EPOLLRDHUP', 'EPOLLET'],
};

/** An integer in the argument's range, one of its symbols, or several of those or'ed; `...` where allowed. */
function numberProblem(call: SyscallName, spec: NumberSpec, arg: Expression): Problem | undefined {
  switch (arg.kind) {
    case 'integer': {
      const message = rangeProblem(call, spec, arg.value);
      return message === undefined ? undefined : { at: arg, message };
    }
    case 'symbol': {
      if ((spec.symbols as readonly string[]).includes(arg.name)) return undefined;
      const what = isSymbol(arg.name) ? `${arg.name} is not a value for ${spec.name}` : unknownSymbolProblem(arg.name);
      return { at: arg, message: `${call}: ${what} (${spec.name} may be ${expected(spec)})` };
    }
    case 'bitOr':
      for (const operand of arg.operands) {
        const problem = numberProblem(call, spec, operand);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'ellipsis':
      if (spec.ellipsis === true) return undefined;
      return { at: arg, message: `${call}: ${spec.name} may be ${expected(spec)}, not '...'` };
    default:
      return { at: arg, message: `${call}: ${spec.name} may be ${expected(spec)}, not ${describe(arg)}` };
  }
}

/** `SHUT_RD, SHUT_WR, SHUT_RDWR or a number`; a result, which may be any symbol, says just that. */
function expected(spec: NumberSpec): string {
  const choices: string[] = spec === RESULT ? ['a symbol'] : [...spec.symbols];
  if (spec.ellipsis === true) choices.push("'...'");
  choices.push(spec.range === undefined ? 'a number' : allowedText(spec.range));
  return choices.length === 1 ? choices[0]! : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

function describe(expression: Expression): string {
  switch (expression.kind) {
    case 'symbol':
      return expression.name;
    case 'integer':
      return `${expression.value}`;
    case 'ellipsis':
      return "'...'";
    case 'bitOr':
      return "values or'ed together";
    default:
      return `a ${expression.kind}`;
  }
}
