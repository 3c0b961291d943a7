import type { Position } from './ast';
import { definedToken } from './defines';
import type { SourceText } from './source';

/**
 * The token classes of packetdrill's lexer (`lexer.l`), less its reserved
 * words: `ack`, `win`, `mss` and the rest arrive as plain words and the parser
 * recognises them where they mean something, so a syscall argument or an errno
 * may still be spelled like a keyword.
 */
export type TokenKind =
  | 'word' // [A-Za-z0-9_]+ that is not a number: names, flags, keywords
  | 'integer' // -?[0-9]+ or 0x[0-9a-fA-F]+
  | 'float' // -?[0-9]*.[0-9]+: times in seconds
  | 'string' // "..."
  | 'backquoted' // `shell command`
  | 'code' // %{ python }%
  | 'ellipsis' // ...
  | 'option' // --name or --name=value
  | 'punct' // any other single character: < > . : ( ) , = | [ ] { } + * ~ ...
  | 'eof';

export interface Token extends Position {
  readonly kind: TokenKind;
  /** The token exactly as written; for a word `--define`d, the definition's value (see defines.ts). */
  readonly text: string;
  /**
   * What it carries: the inside of a string, command or code block (escapes
   * kept as written, as packetdrill does), an option's `name=value` without
   * the `--`, and otherwise the text itself.
   */
  readonly value: string;
  /** Offsets into the script: `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** The line of the token's last character: strings and commands may span lines. */
  readonly endLine: number;
}

// The four classes that compete for a run of word characters. Flex takes the
// longest match and, on a tie, the rule written first; the order here is
// lexer.l's, so `0x1f` is hex, `123` an integer, `1e5` and `1234abcd` words.
const NUMBER_OR_WORD: readonly (readonly [Exclude<TokenKind, 'eof'>, RegExp])[] = [
  ['float', /-?[0-9]*\.[0-9]+/y],
  ['integer', /-?[0-9]+/y],
  ['integer', /0x[0-9a-fA-F]+/y],
  ['word', /[A-Za-z0-9_]+/y],
];
const OPTION_NAME = /--[A-Za-z0-9_]+/y;

/** Splits a script into tokens on demand, so an error deep in the file is found only when reached. */
export class Lexer {
  private offset = 0;
  /** `--define`d words (defines.ts); the parser adds the script's own `--define=` lines as it reads them. */
  readonly definitions = new Map<string, string>();

  constructor(private readonly source: SourceText) {}

  next(): Token {
    this.skipSpaceAndComments();
    const text = this.source.text;
    const start = this.offset;
    if (start >= text.length) return this.token('eof', start, start);
    const char = text[start];

    if (char === '"') return this.quoted('string', start, '"');
    if (char === '`') return this.quoted('backquoted', start, '`');
    if (text.startsWith('%{', start)) return this.code(start);
    if (text.startsWith('...', start)) return this.token('ellipsis', start, start + 3);
    if (this.matchAt(OPTION_NAME, start) > 0) return this.option(start);

    let best: [Exclude<TokenKind, 'eof'>, number] | undefined;
    for (const [kind, pattern] of NUMBER_OR_WORD) {
      const length = this.matchAt(pattern, start);
      if (length > 0 && (best === undefined || length > best[1])) best = [kind, length];
    }
    if (best !== undefined) {
      const token = this.token(best[0], start, start + best[1]);
      const definition = token.kind === 'word' ? this.definitions.get(token.text) : undefined;
      if (definition === undefined) return token;
      const { kind, text } = definedToken(definition);
      return { ...token, kind, text, value: text };
    }

    // One character, or one code point so an emoji is not split into halves.
    const width = (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    return this.token('punct', start, start + width);
  }

  private skipSpaceAndComments(): void {
    const text = this.source.text;
    for (;;) {
      const char = text[this.offset];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
        this.offset++;
      } else if (text.startsWith('//', this.offset)) {
        const newline = text.indexOf('\n', this.offset);
        this.offset = newline < 0 ? text.length : newline;
      } else if (text.startsWith('/*', this.offset)) {
        const close = text.indexOf('*/', this.offset + 2);
        if (close < 0)
          throw this.source.error(
            "unterminated comment: '/*' has no closing '*/'",
            this.source.positionOf(this.offset),
          );
        this.offset = close + 2;
      } else {
        return;
      }
    }
  }

  /** `"..."` and `` `...` `` end at the first unescaped delimiter, as in lexer.l. */
  private quoted(kind: 'string' | 'backquoted', start: number, delimiter: string): Token {
    const end = this.endOfQuoted(start, delimiter);
    return this.token(kind, start, end, this.source.text.slice(start + 1, end - 1));
  }

  private endOfQuoted(start: number, delimiter: string): number {
    const text = this.source.text;
    for (let offset = start + 1; offset < text.length; offset++) {
      if (text[offset] === '\\') offset++;
      else if (text[offset] === delimiter) return offset + 1;
    }
    const what = delimiter === '"' ? 'string' : 'command';
    throw this.source.error(`unterminated ${what}: no closing '${delimiter}'`, this.source.positionOf(start));
  }

  /** packetdrill strips spaces and tabs around the code, since Python is indentation-sensitive. */
  private code(start: number): Token {
    const close = this.source.text.indexOf('}%', start + 2);
    if (close < 0)
      throw this.source.error("unterminated code block: '%{' has no closing '}%'", this.source.positionOf(start));
    const inside = this.source.text.slice(start + 2, close).replace(/^[ \t]+|[ \t]+$/g, '');
    return this.token('code', start, close + 2, inside);
  }

  /** `--name=value`: the value runs to whitespace, but a quoted part may contain spaces. */
  private option(start: number): Token {
    const text = this.source.text;
    let end = start + this.matchAt(OPTION_NAME, start);
    if (text[end] === '=') {
      end++;
      while (end < text.length && !/[ \t\r\n]/.test(text[end] ?? '')) {
        const char = text[end];
        end = char === '"' || char === '`' ? this.endOfQuoted(end, char) : end + 1;
      }
    }
    return this.token('option', start, end, text.slice(start + 2, end));
  }

  private matchAt(pattern: RegExp, offset: number): number {
    pattern.lastIndex = offset;
    const match = pattern.exec(this.source.text);
    return match === null ? 0 : match[0].length;
  }

  private token(kind: TokenKind, start: number, end: number, value?: string): Token {
    this.offset = end;
    const text = this.source.text.slice(start, end);
    const { line, column } = this.source.positionOf(start);
    const endLine = end > start ? this.source.positionOf(end - 1).line : line;
    return { kind, text, value: value ?? text, start, end, line, column, endLine };
  }
}
