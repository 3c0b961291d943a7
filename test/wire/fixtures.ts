/**
 * What the wire tests share: bytes written as hex, and the error every
 * refusal of `src/wire/` raises, matched by name, code and whole message.
 */
import type { TcpWireErrorCode } from '../../src/wire/errors';

/** `'c000 0050'` → its octets; white space is for the reader. */
export const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A matcher for `toThrow`: a `TcpWireError` with this code and exactly this message. */
export const wireError = (code: TcpWireErrorCode, message: string) =>
  expect.objectContaining({ name: 'TcpWireError', code, message });
