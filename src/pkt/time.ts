import type { EventTime } from './ast';
import { secondsToMicros } from './numbers';
import type { TokenStream } from './tokenStream';

/**
 * The time that starts every event, parser.y's `event_time`:
 * `0.1` (absolute), `+0.1` (after the previous event), `*` (any time),
 * `0.1~0.2` or `+0.1~+0.2` (a window). A range is absolute at both ends or
 * relative at both; packetdrill has no one-ended form such as `~+0.1`.
 */
export function parseEventTime(stream: TokenStream): EventTime {
  if (stream.accept('punct', '*') !== undefined) return { kind: 'any' };
  const relative = stream.accept('punct', '+') !== undefined;
  const usecs = expectSeconds(
    stream,
    relative ? "a time in seconds after '+'" : "a time to start the event (such as '+0.1', '0.1' or '*')",
  );

  const tilde = stream.accept('punct', '~');
  if (tilde === undefined) return { kind: 'exact', relative, usecs };
  if (relative) {
    stream.expectPunct('+', "'+' before the end of a relative time range (as in '+0.1~+0.2')");
  } else if (stream.isPunct('+')) {
    throw stream.expected(
      "an absolute time after '~': a range is absolute at both ends (0.1~0.2) or relative at both (+0.1~+0.2)",
    );
  }
  const endUsecs = expectSeconds(stream, "the end of the time range after '~'");
  if (endUsecs < usecs) throw stream.errorAt(tilde, 'time range is backwards: it ends before it starts');
  return { kind: 'range', relative, usecs, endUsecs };
}

/** Seconds (`1`, `0.100`, `.1`) as whole microseconds. */
export function expectSeconds(stream: TokenStream, what: string): number {
  const token = stream.peekToken();
  if (token === undefined || (token.kind !== 'integer' && token.kind !== 'float') || token.text.startsWith('0x')) {
    throw stream.expected(what);
  }
  if (token.text.startsWith('-')) throw stream.errorAt(token, `negative time ${token.text}`);
  const usecs = secondsToMicros(token.text);
  if (usecs === undefined) throw stream.errorAt(token, `time ${token.text} is too large`);
  stream.expect(token.kind, what);
  return usecs;
}
