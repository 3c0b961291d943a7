/**
 * The two errors a script can raise: `ScriptParseError` before anything runs
 * (the parser and the playability check), `ScriptRunError` while it runs (a
 * segment, result or time that differs from what the script says). Anything
 * else escaping either is a bug in src/pkt, not in the script.
 */
import type { Position } from './ast';

/**
 * Every rejection of a script's text, lexical or grammatical or semantic, so
 * a caller can tell a bad script from a bug in the parser.
 */
export class ScriptParseError extends Error {
  override readonly name = 'ScriptParseError';

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

/** Where in the script a run failure belongs: an event's position and text. */
export interface ScriptPlace extends Position {
  readonly sourceText: string;
}

/**
 * A script that does not hold while it runs: a segment, a result or a time
 * that differs from what the script says, or a construct the runner does
 * not play. It names the script line; the runner turns it into a
 * `ScriptFailure`.
 */
export class ScriptRunError extends Error {
  override readonly name = 'ScriptRunError';

  constructor(
    message: string,
    /** The event the failure belongs to; null for the script as a whole. */
    readonly place: ScriptPlace | null,
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super(message);
  }
}
