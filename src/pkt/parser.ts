import type { EventTime, Position, Script, ScriptEvent, ScriptOption, ShellCommand } from './ast';
import { readDefinition, type Definitions } from './defines';
import { checkPlayable } from './playable';
import { parsePacket } from './packet';
import { SourceText } from './source';
import { parseSyscall } from './syscall';
import { parseEventTime } from './time';
import { at, TokenStream } from './tokenStream';

/**
 * Parses a packetdrill script (google/packetdrill, parser.y) into its syntax
 * tree, and holds it to what the runner plays (check.ts): any text it cannot
 * read, and any construct the runner does not know (a system call, a symbol,
 * an errno, a shell command other than `sleep N`, an `--option`), it refuses
 * with a `ScriptParseError` naming the line and column, before anything
 * runs. Nothing is skipped.
 */
export function parseScript(text: string, fileName?: string, options: ParseOptions = {}): Script {
  const source = new SourceText(text, fileName);
  const script = parseSource(source, options);
  checkPlayable(script, source);
  return script;
}

/**
 * packetdrill's grammar in full (`poll`, `%{ }%`, any shell command, any
 * `--option`), without asking whether the runner can play it: for tools
 * that give constructs their own meaning. Text that is not grammatical is
 * still a `ScriptParseError`.
 */
export function parseSyntax(text: string, fileName?: string, options: ParseOptions = {}): Script {
  return parseSource(new SourceText(text, fileName), options);
}

export interface ParseOptions {
  /** packetdrill's `--define NAME=VALUE` from the command line: they win over the script's `--define=` lines. */
  readonly definitions?: Definitions;
}

function parseSource(source: SourceText, given: ParseOptions): Script {
  const { fileName } = source;
  const stream = new TokenStream(source);
  const options = parseOptions(stream, given.definitions ?? new Map());

  stream.startLine();
  const initCommand = stream.is('backquoted') ? parseBareCommand(stream) : undefined;
  const events: ScriptEvent[] = [];
  let cleanupCommand: ShellCommand | undefined;
  for (stream.startLine(); !stream.is('eof'); stream.startLine()) {
    if (stream.is('backquoted')) {
      cleanupCommand = parseBareCommand(stream);
      stream.startLine();
      if (!stream.is('eof')) {
        throw stream.errorAt(
          cleanupCommand,
          "a command without a time may come only first (setup) or last (cleanup); give it a time, as in '+0 `...`'",
        );
      }
      break;
    }
    events.push(parseEvent(stream));
  }

  return {
    ...(fileName !== undefined ? { fileName } : {}),
    options,
    ...(initCommand !== undefined ? { initCommand } : {}),
    events,
    ...(cleanupCommand !== undefined ? { cleanupCommand } : {}),
  };
}

/** `--tolerance_usecs=10000`, `--define=PORT=8080`: packetdrill's command-line options, written in the script. */
function parseOptions(stream: TokenStream, commandLine: Definitions): ScriptOption[] {
  for (const [name, value] of commandLine) stream.define(name, value);
  const options: ScriptOption[] = [];
  for (let option = stream.accept('option'); option !== undefined; option = stream.accept('option')) {
    const equals = option.value.indexOf('=');
    const name = equals < 0 ? option.value : option.value.slice(0, equals);
    // `--define=CC="reno"` keeps its quotes: they make the definition a string (defines.ts).
    const value =
      equals < 0
        ? undefined
        : name === 'define'
          ? option.value.slice(equals + 1)
          : unquote(option.value.slice(equals + 1));
    options.push({ name, ...(value !== undefined ? { value } : {}), ...at(option) });
    const definition = name === 'define' && value !== undefined ? readDefinition(value) : undefined;
    if (typeof definition === 'object' && !commandLine.has(definition.name))
      stream.define(definition.name, definition.value);
    stream.startLine();
  }
  return options;
}

function unquote(value: string): string {
  const quoted = /^(["`])(.*)\1$/s.exec(value);
  return quoted?.[2] ?? value;
}

function parseBareCommand(stream: TokenStream): ShellCommand {
  const token = stream.expect('backquoted', 'a `command`');
  expectEndOfLine(stream, 'after the command');
  return { command: token.value, ...at(token), sourceText: stream.source.lines(token.line, token.endLine) };
}

function parseEvent(stream: TokenStream): ScriptEvent {
  const start = at(stream.peek());
  const time = parseEventTime(stream);
  const base = () => ({ time, ...start, sourceText: stream.source.lines(start.line, stream.lastLine) });

  if (stream.isPunct('<') || stream.isPunct('>')) {
    const packet = parsePacket(stream);
    if (packet.direction === 'inbound') onlyExactTime(stream, time, start);
    expectEndOfLine(stream, "(a packet's optional parts come in the order: ack, win, urg, <options>)");
    return { kind: 'packet', ...base(), ...packet };
  }

  if (stream.is('ellipsis') || (stream.is('word') && stream.isPunct('(', 1))) {
    onlyExactTime(stream, time, start);
    const syscall = parseSyscall(stream);
    expectEndOfLine(stream, "after the system call's result");
    return { kind: 'syscall', ...base(), ...syscall };
  }

  const command = stream.accept('backquoted');
  if (command !== undefined) {
    onlyExactTime(stream, time, start);
    expectEndOfLine(stream, 'after the command');
    return { kind: 'command', ...base(), command: command.value, commandPosition: at(command) };
  }

  const code = stream.accept('code');
  if (code !== undefined) {
    onlyExactTime(stream, time, start);
    expectEndOfLine(stream, 'after the code block');
    // The lexer strips the spaces and tabs after `%{`, all on its line: the code starts past them.
    const codeStart = {
      line: code.line,
      column: code.column + 2 + (/^[ \t]*/.exec(code.text.slice(2))?.[0].length ?? 0),
    };
    return { kind: 'code', ...base(), code: code.value, codePosition: at(code), codeStart };
  }

  throw stream.expected("'<' or '>' (a packet), a system call or a `command` after the time");
}

/**
 * parser.y: "event time <star> can only be used with outbound packets", and
 * likewise ranges. Only the stack's own sending has timing to allow for;
 * everything else happens when the script says.
 */
function onlyExactTime(stream: TokenStream, time: EventTime, start: Position): void {
  if (time.kind === 'any') throw stream.errorAt(start, "a '*' time can only be used with outbound packets");
  if (time.kind === 'range') throw stream.errorAt(start, 'a time range can only be used with outbound packets');
}

/** One event per line: nothing may follow an event on its line. */
function expectEndOfLine(stream: TokenStream, context: string): void {
  if (!stream.is('eol') && !stream.is('eof')) throw stream.expected(`end of line ${context}`);
}
