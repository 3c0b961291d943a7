import type { Position } from './ast';

/** Where in the script a failure belongs: an event's position and text. */
export interface ScriptPlace extends Position {
  readonly sourceText: string;
}

/**
 * The one error the runner raises for a script that does not hold: a
 * segment, a result or a time that differs from what the script says, or a
 * construct the runner does not play. It names the script line; the runner
 * turns it into a `ScriptFailure`. Anything else escaping is a bug.
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
