/**
 * A FIFO of bytes kept as the chunks they arrived in, so that appending and
 * cutting segments cost no per-byte work: a segment within one chunk is a
 * `subarray` view. Plain data (no methods), so a TCB holding it can be copied
 * with `structuredClone` for snapshots.
 */

export interface ByteQueue {
  chunks: Uint8Array[];
  /** Index of the first live chunk in `chunks`. */
  head: number;
  /** Bytes of `chunks[head]` already consumed. */
  headOffset: number;
  length: number;
}

export function emptyByteQueue(): ByteQueue {
  return { chunks: [], head: 0, headOffset: 0, length: 0 };
}

/** Appends without copying: the caller hands over `bytes` and must not change them. */
export function enqueueBytes(queue: ByteQueue, bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  queue.chunks.push(bytes);
  queue.length += bytes.length;
}

/** Bytes `[offset, offset + length)` of the queue: a view when they lie in one chunk, else a copy. */
export function peekBytes(queue: ByteQueue, offset: number, length: number): Uint8Array {
  if (offset < 0 || length < 0 || offset + length > queue.length) {
    throw new RangeError(`bytes ${offset}..${offset + length} are outside a queue of ${queue.length}`);
  }
  let index = queue.head;
  let position = offset + queue.headOffset;
  while (index < queue.chunks.length) {
    const chunk = queue.chunks[index]!;
    if (position < chunk.length) break;
    position -= chunk.length;
    index++;
  }
  const first = queue.chunks[index];
  if (first === undefined || length === 0) return new Uint8Array(0);
  // A whole chunk is its own view: a typed array costs about 0.1 µs to make, a path test's step a few.
  if (position === 0 && length === first.length) return first;
  if (position + length <= first.length) return first.subarray(position, position + length);
  const out = new Uint8Array(length);
  let written = 0;
  while (written < length) {
    const chunk = queue.chunks[index++]!;
    const piece = chunk.subarray(position, Math.min(chunk.length, position + length - written));
    out.set(piece, written);
    written += piece.length;
    position = 0;
  }
  return out;
}

/** Removes `count` bytes from the front. */
export function dropBytes(queue: ByteQueue, count: number): void {
  // A negative count would grow `length` past the bytes held and leave `headOffset` negative.
  if (count < 0 || count > queue.length) {
    throw new RangeError(`cannot drop ${count} bytes from a queue of ${queue.length}`);
  }
  queue.length -= count;
  let remaining = count + queue.headOffset;
  while (queue.head < queue.chunks.length && remaining >= queue.chunks[queue.head]!.length) {
    remaining -= queue.chunks[queue.head]!.length;
    queue.head++;
  }
  queue.headOffset = remaining;
  // Compact now and then so a long transfer does not keep a growing array of spent slots.
  if (queue.head > 64 && queue.head * 2 > queue.chunks.length) {
    queue.chunks = queue.chunks.slice(queue.head);
    queue.head = 0;
  }
  if (queue.length === 0) {
    queue.chunks = [];
    queue.head = 0;
    queue.headOffset = 0;
  }
}

/** Takes up to `max` bytes off the front: a view when they lie in one chunk, else a copy. */
export function dequeueBytes(queue: ByteQueue, max: number): Uint8Array {
  const count = Math.min(max, queue.length);
  const bytes = peekBytes(queue, 0, count);
  dropBytes(queue, count);
  return bytes;
}
