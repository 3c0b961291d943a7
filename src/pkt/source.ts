import type { Position } from './ast';
import { ScriptParseError } from './errors';

/**
 * A script's text with its line table, so the lexer can name any offset as a
 * line and column, and the parser can quote the lines an event came from.
 */
export class SourceText {
  /** Offset of the first character of each line; `lineStarts[0]` is line 1. */
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly fileName?: string,
  ) {
    for (let offset = 0; offset < text.length; offset++) {
      if (text.charCodeAt(offset) === 0x0a) this.lineStarts.push(offset + 1);
    }
  }

  /** Columns count UTF-16 code units, so a tab is one column, as in packetdrill's messages. */
  positionOf(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.startOfLine(middle + 1) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.startOfLine(low + 1) + 1 };
  }

  /** Lines `first` to `last` (1-based, inclusive), without their line terminators. */
  lines(first: number, last: number): string {
    const start = this.startOfLine(first);
    const end = last < this.lineStarts.length ? this.startOfLine(last + 1) - 1 : this.text.length;
    return this.text
      .slice(start, Math.max(start, end))
      .split('\n')
      .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
      .join('\n');
  }

  error(detail: string, at: Position): ScriptParseError {
    return new ScriptParseError(detail, at.line, at.column, this.lines(at.line, at.line), this.fileName);
  }

  private startOfLine(line: number): number {
    return this.lineStarts[line - 1] ?? this.text.length;
  }
}
