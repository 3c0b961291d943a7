/**
 * Number literals as packetdrill writes them, converted exactly: no binary
 * floating point between the text and the value, so `0.3` seconds is
 * 300000 microseconds and not 299999.
 */

/** `-1`, `1000`, `0x1f`; `undefined` when the value is not a safe JavaScript integer. */
export function integerValue(text: string): number | undefined {
  const value = text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10);
  if (!Number.isSafeInteger(value)) return undefined;
  return value === 0 ? 0 : value; // `-0` is 0
}

const SECONDS = /^([0-9]*)(?:\.([0-9]+))?$/;

/**
 * `1`, `0.1`, `.100` seconds to whole microseconds. Digits past the sixth
 * decimal are dropped, as packetdrill's `(s64)(seconds * 1.0e6)` drops them.
 * `undefined` for text that is not a non-negative number of seconds, or too large.
 */
export function secondsToMicros(text: string): number | undefined {
  const match = SECONDS.exec(text);
  if (match === null) return undefined;
  const whole = match[1] ?? '';
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  if (whole === '' && fraction === '') return undefined;
  const usecs = Number(whole === '' ? '0' : whole) * 1_000_000 + Number(fraction === '' ? '0' : fraction);
  return Number.isSafeInteger(usecs) ? usecs : undefined;
}
