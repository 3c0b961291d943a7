/**
 * The one error type of `src/wire/`: bytes that are not a well-formed packet,
 * or a `Segment` whose fields do not fit the wire format. The `code` lets a
 * caller decide what to do (drop, count, log) without parsing the message;
 * the message says exactly what was wrong.
 */

export type TcpWireErrorCode =
  /** Fewer than the 20 octets of a fixed TCP header (RFC 9293 §3.1). */
  | 'short-header'
  /** Data offset below 5 words or past the end of the segment. */
  | 'bad-data-offset'
  /** An option whose length is malformed or runs past the header. */
  | 'bad-option'
  /** The TCP or IPv4 header checksum does not verify. */
  | 'bad-checksum'
  /** Fewer bytes than the IP header says the packet holds. */
  | 'short-packet'
  /** An address string that is not IPv4 or IPv6, or a mix of the two. */
  | 'bad-address'
  /** An IPv4 header that is malformed or that we do not handle (fragments). */
  | 'bad-ip-header'
  /** A field given to an encoder that does not fit its wire width. */
  | 'bad-field'
  /** A TCP segment too long for the length field of the pseudo-header. */
  | 'too-long';

export class TcpWireError extends Error {
  override readonly name = 'TcpWireError';

  constructor(
    readonly code: TcpWireErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The range check of every encoder: `value` must be an integer that fits the
 * field, `0..max`. A misfit is a programming error upstream, but it is
 * reported as a `TcpWireError` like every other wire problem.
 */
export function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new TcpWireError('bad-field', `${name} ${value} is not an integer in 0..${max}`);
  }
}

/** A 16-bit field as messages print it: `0x0a3f`. */
export function hex16(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}
