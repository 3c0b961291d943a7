/**
 * The one error the packetdrill parser throws. Every rejection of a script,
 * lexical or grammatical or semantic, is one of these, so a caller can tell a
 * bad script from a bug in the parser (anything else escaping is the latter).
 */
export class PacketdrillParseError extends Error {
  override readonly name = 'PacketdrillParseError';

  constructor(
    /** What is wrong, without the position: "expected '<' or '>' ..., found 'x'". */
    readonly detail: string,
    /** 1-based line of the offending text. */
    readonly line: number,
    /** 1-based column (UTF-16 code units; a tab counts as one). */
    readonly column: number,
    /** The full text of that line, so a report can show it. */
    readonly sourceLine: string,
    readonly fileName?: string,
  ) {
    super(`${fileName !== undefined ? `${fileName}: ` : ''}line ${line}, column ${column}: ${detail}`);
  }
}
