/**
 * The byte FIFO behind the send and receive buffers: chunks as they came,
 * views where possible, plain data for snapshots.
 */
import fc from 'fast-check';
import { dequeueBytes, dropBytes, emptyByteQueue, enqueueBytes, peekBytes } from '../../src/tcp/byteQueue';
import { bytes, text } from './fixtures';

function queueOf(...chunks: string[]) {
  const q = emptyByteQueue();
  for (const c of chunks) enqueueBytes(q, bytes(c));
  return q;
}

describe('byteQueue', () => {
  test('an empty queue has length 0 and peeks nothing', () => {
    const q = emptyByteQueue();
    expect(q.length).toBe(0);
    expect(peekBytes(q, 0, 0)).toHaveLength(0);
  });

  test('enqueue of an empty chunk changes nothing', () => {
    const q = emptyByteQueue();
    enqueueBytes(q, new Uint8Array(0));
    expect(q).toEqual(emptyByteQueue());
  });

  // A segment cut from the send queue costs no per-byte work when it lies in one chunk (the module's header).
  test.each([
    ['inside a chunk', ['hello'], 1, 3, 0, 'ell'],
    ["up to the chunk's end", ['hello'], 1, 4, 0, 'ello'],
    ["from a later chunk's first byte", ['ab', 'cdef'], 2, 3, 1, 'cde'],
    ['inside a later chunk', ['ab', 'cdef'], 3, 2, 1, 'de'],
  ])('peek %s is a view of that chunk, not a copy', (_where, chunks, offset, length, index, expected) => {
    const stored = chunks.map(bytes);
    const q = emptyByteQueue();
    for (const chunk of stored) enqueueBytes(q, chunk);
    const view = peekBytes(q, offset, length);
    expect(text(view)).toBe(expected);
    expect(view.buffer).toBe(stored[index]!.buffer);
  });

  // peekBytes's shortcut: a whole chunk is returned as it is, no new typed array made.
  test.each([
    ['the first chunk', 0, 0],
    ['a later chunk', 0, 2],
    ['the chunk at the head after a drop', 2, 0],
  ])('peek of %s, whole, is that chunk itself', (_which, dropped, offset) => {
    const first = bytes('ab');
    const second = bytes('cd');
    const q = emptyByteQueue();
    enqueueBytes(q, first);
    enqueueBytes(q, second);
    dropBytes(q, dropped);
    expect(peekBytes(q, offset, 2)).toBe(offset + dropped === 0 ? first : second);
  });

  test('peek across chunks copies them together', () => {
    const q = queueOf('ab', 'cd', 'ef');
    expect(text(peekBytes(q, 1, 4))).toBe('bcde');
    expect(q.length).toBe(6);
  });

  test.each([
    ['past the end', 2, 2, 'bytes 2..4 are outside a queue of 3'],
    ['before the start', -1, 1, 'bytes -1..0 are outside a queue of 3'],
    ['of a negative length', 1, -1, 'bytes 1..0 are outside a queue of 3'],
  ])('peek %s -> RangeError', (_where, offset, length, message) => {
    const q = queueOf('abc');
    expect(() => peekBytes(q, offset, length)).toThrow(new RangeError(message));
  });

  test('drop from the front, across chunk boundaries', () => {
    const q = queueOf('ab', 'cd', 'ef');
    dropBytes(q, 3);
    expect(q.length).toBe(3);
    expect(text(peekBytes(q, 0, 3))).toBe('def');
  });

  test.each([
    ['more than the queue holds', 3],
    ['a negative count', -1],
  ])('dropping %s -> RangeError, the queue unchanged', (_name, count) => {
    const q = queueOf('ab');
    expect(() => dropBytes(q, count)).toThrow(new RangeError(`cannot drop ${count} bytes from a queue of 2`));
    expect(q.length).toBe(2);
    expect(text(peekBytes(q, 0, 2))).toBe('ab');
  });

  test('dropping everything resets the queue', () => {
    const q = queueOf('ab', 'cd');
    dropBytes(q, 4);
    expect(q).toEqual(emptyByteQueue());
  });

  test('dequeue takes at most max bytes, in order', () => {
    const q = queueOf('abc', 'def');
    expect(text(dequeueBytes(q, 2))).toBe('ab');
    expect(text(dequeueBytes(q, 3))).toBe('cde');
    expect(text(dequeueBytes(q, 10))).toBe('f');
    expect(dequeueBytes(q, 10)).toHaveLength(0);
  });

  test('many small chunks: spent slots are compacted away', () => {
    const q = emptyByteQueue();
    for (let i = 0; i < 1000; i++) enqueueBytes(q, bytes('x'));
    dropBytes(q, 900);
    expect(q.length).toBe(100);
    expect(q.chunks.length - q.head).toBe(100);
    expect(q.chunks.length).toBeLessThan(1000);
  });

  // The compaction copies the live slots to a new array; it waits until the spent slots are more than 64 and
  // outnumber the live ones, so a short queue is never copied and a long one costs O(1) per drop, amortised.
  test('a short queue drained chunk by chunk keeps its array: nothing is copied', () => {
    const q = queueOf(...'abcdefgh');
    const chunks = q.chunks;
    for (let left = 7; left > 0; left--) {
      dropBytes(q, 1);
      expect(q.chunks).toBe(chunks);
      expect(q.length).toBe(left);
    }
  });

  test('a long queue drained chunk by chunk copies fewer slots in all than it had chunks', () => {
    const chunkCount = 1000;
    const q = emptyByteQueue();
    for (let i = 0; i < chunkCount; i++) enqueueBytes(q, bytes('x'));
    let copied = 0;
    while (q.length > 0) {
      const chunks = q.chunks;
      dropBytes(q, 1);
      if (q.chunks !== chunks) copied += q.chunks.length;
      // The memory bound: spent slots never outnumber both 64 and the live ones.
      expect(q.head).toBeLessThanOrEqual(Math.max(64, q.chunks.length - q.head));
    }
    expect(copied).toBeLessThan(chunkCount);
  });

  test('property: the queue behaves as one concatenated array', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('enqueue' as const), data: fc.uint8Array({ maxLength: 20 }) }),
      fc.record({ kind: fc.constant('drop' as const), n: fc.nat(30) }),
      fc.record({ kind: fc.constant('peek' as const), offset: fc.nat(30), n: fc.nat(30) }),
      fc.record({ kind: fc.constant('dequeue' as const), n: fc.nat(30) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const q = emptyByteQueue();
        let model: number[] = [];
        for (const o of ops) {
          switch (o.kind) {
            case 'enqueue':
              enqueueBytes(q, o.data.slice());
              model = model.concat([...o.data]);
              break;
            case 'drop': {
              const n = Math.min(o.n, model.length);
              dropBytes(q, n);
              model = model.slice(n);
              break;
            }
            case 'peek': {
              const offset = Math.min(o.offset, model.length);
              const n = Math.min(o.n, model.length - offset);
              expect([...peekBytes(q, offset, n)]).toEqual(model.slice(offset, offset + n));
              break;
            }
            case 'dequeue':
              expect([...dequeueBytes(q, o.n)]).toEqual(model.slice(0, o.n));
              model = model.slice(o.n);
              break;
          }
          expect(q.length).toBe(model.length);
        }
        expect(structuredClone(q)).toEqual(q);
      }),
    );
  });
});
