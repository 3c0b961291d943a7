import type { Position } from './ast';
import type { ScriptParseError } from './errors';
import { Lexer, type Token, type TokenKind } from './lexer';
import type { SourceText } from './source';

/** Where the tokens of the current line run out: the end of the line, or of the script. */
export interface Boundary extends Position {
  readonly kind: 'eol' | 'eof';
}

export type Lookahead = Token | Boundary;

/** Nesting allowed in brackets; deeper input is refused rather than risking the call stack. */
const MAX_BRACKET_DEPTH = 100;

/**
 * The parser's view of the tokens: lookahead, and line structure.
 *
 * packetdrill's grammar ignores newlines, yet every script puts one event on
 * a line. We hold scripts to that: outside brackets, a token on a later line
 * is not seen (`peek` answers `eol`) until the parser calls `startLine`. An
 * event then cannot swallow the next line's tokens by mistake, and an error
 * says "found end of line" on the line that is short. Inside `( )`, `[ ]`,
 * `{ }` and `< >` lines may break freely, as in a long `poll([{fd=3, ...}])`.
 */
export class TokenStream {
  private readonly lexer: Lexer;
  private readonly buffered: Token[] = [];
  private previous: Token | undefined;
  private lineOpen = true;
  private bracketDepth = 0;

  constructor(readonly source: SourceText) {
    this.lexer = new Lexer(source);
  }

  /** Reads `name` as `value` in the words not yet read (packetdrill's `--define`, defines.ts). */
  define(name: string, value: string): void {
    this.lexer.definitions.set(name, value);
  }

  /** The line where the last consumed token ends: where the current event's text stops. */
  get lastLine(): number {
    return this.previous?.endLine ?? 1;
  }

  peek(ahead = 0): Lookahead {
    let before = this.lineOpen ? undefined : this.previous;
    for (let index = 0; index <= ahead; index++) {
      const token = this.raw(index);
      if (before !== undefined) {
        if (token.kind === 'eof') return { kind: 'eof', ...this.source.positionOf(before.end) };
        if (this.bracketDepth === 0 && token.line > before.endLine) {
          return { kind: 'eol', ...this.source.positionOf(before.end) };
        }
      }
      before = token;
    }
    return this.raw(ahead);
  }

  /** The next token, or `undefined` at the end of the line or script. */
  peekToken(): Token | undefined {
    const next = this.peek();
    return next.kind === 'eol' || next.kind === 'eof' ? undefined : (next as Token);
  }

  /** Lets the next token come from a later line: the parser is between events. */
  startLine(): void {
    this.lineOpen = true;
  }

  is(kind: Lookahead['kind'], text?: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    if (token.kind !== kind) return false;
    return text === undefined || (token as Token).text === text;
  }

  isPunct(char: string, ahead = 0): boolean {
    return this.is('punct', char, ahead);
  }

  accept(kind: TokenKind, text?: string): Token | undefined {
    if (!this.is(kind, text)) return undefined;
    const token = this.buffered.shift() ?? this.lexer.next();
    this.previous = token;
    this.lineOpen = false;
    return token;
  }

  /** Consumes a token of this kind (and text), or fails with "expected <what>, found ...". */
  expect(kind: TokenKind, what: string, text?: string): Token {
    const token = this.accept(kind, text);
    if (token === undefined) throw this.expected(what);
    return token;
  }

  expectPunct(char: string, what = `'${char}'`): Token {
    return this.expect('punct', what, char);
  }

  /**
   * Runs `parse` after the opening bracket `opened` (already consumed), then
   * consumes the closing one. Lines may break anywhere up to and including it.
   */
  bracketed<T>(opened: Token, close: string, parse: () => T): T {
    if (this.bracketDepth >= MAX_BRACKET_DEPTH) {
      throw this.errorAt(opened, `brackets nested more than ${MAX_BRACKET_DEPTH} deep`);
    }
    this.bracketDepth++;
    try {
      const result = parse();
      if (this.accept('punct', close) === undefined) {
        throw this.expected(`'${close}' to close the '${opened.text}' at line ${opened.line}, column ${opened.column}`);
      }
      return result;
    } finally {
      this.bracketDepth--;
    }
  }

  /** "expected <what>, found <the next token>", at the next token (or where the line runs out). */
  expected(what: string): ScriptParseError {
    const found = this.peek();
    return this.errorAt(found, `expected ${what}, found ${describe(found)}`);
  }

  errorAt(at: Position, detail: string): ScriptParseError {
    return this.source.error(detail, { line: at.line, column: at.column });
  }

  private raw(index: number): Token {
    while (this.buffered.length <= index) this.buffered.push(this.lexer.next());
    return this.buffered[index] as Token;
  }
}

/** How an error message names what it found: `'x'`, `end of line`, `end of input`. */
function describe(found: Lookahead): string {
  if (found.kind === 'eol') return 'end of line';
  if (found.kind === 'eof') return 'end of input';
  const firstLine = (found as Token).text.split('\n')[0] ?? '';
  const shown = firstLine.length > 30 ? `${firstLine.slice(0, 30)}…` : firstLine;
  return `'${shown}'`;
}

/** A node's position is its first token's. */
export function at(token: Position): Position {
  return { line: token.line, column: token.column };
}
