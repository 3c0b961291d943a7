/**
 * A canonical encoding of what an adapter's `snapshot()` holds, so that two
 * histories that leave the implementation (and the scripted peer) in the same
 * situation get the same string. What the future of a step depends on stays;
 * what only records the past goes:
 *
 * - time is relative: a deadline or a send time is encoded as its distance
 *   from the clock's `now` (the snapshot's top-level field), and `now` itself
 *   is dropped — the 2 MSL wait started at t = 3 s or at t = 9 s is the same
 *   wait;
 * - a byte queue is its live bytes (consumed chunks are gone for good);
 * - sequence numbers stay absolute: `TcpConnectionSut` and the peer use a
 *   fixed ISS each (1000, 5000), so absolute numbers are relative ones moved
 *   by a constant and merge exactly the same histories.
 */

/** Fields that hold a point in time (RFC 9293 §3.8 timers, RFC 6298 send times). */
const TIME_FIELD = /(Deadline|^at)$/;

function isByteQueue(value: object): value is { chunks: Uint8Array[]; head: number; headOffset: number } {
  return (
    'chunks' in value &&
    'head' in value &&
    'headOffset' in value &&
    Array.isArray((value as { chunks: unknown }).chunks)
  );
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The encoding of an adapter snapshot: JSON with times relative to `now` and byte queues as their live bytes. */
export function canonicalSnapshot(snapshot: unknown): string {
  const now =
    typeof snapshot === 'object' && snapshot !== null && typeof (snapshot as { now?: unknown }).now === 'number'
      ? (snapshot as { now: number }).now
      : 0;
  return JSON.stringify(snapshot, function (this: unknown, key: string, value: unknown) {
    if (key === 'now' && this === snapshot) return undefined;
    if (typeof value === 'number' && TIME_FIELD.test(key)) return value - now;
    if (value instanceof Uint8Array) return hex(value);
    if (typeof value === 'object' && value !== null && isByteQueue(value)) {
      const live = value.chunks
        .slice(value.head)
        .map((chunk, index) => hex(index === 0 ? chunk.subarray(value.headOffset) : chunk));
      return live.join('');
    }
    return value;
  });
}
