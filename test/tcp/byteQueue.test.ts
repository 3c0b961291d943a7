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

  test('peek within one chunk is a view, not a copy', () => {
    const chunk = bytes('hello');
    const q = emptyByteQueue();
    enqueueBytes(q, chunk);
    const view = peekBytes(q, 1, 3);
    expect(text(view)).toBe('ell');
    expect(view.buffer).toBe(chunk.buffer);
  });

  test('peek across chunks copies them together', () => {
    const q = queueOf('ab', 'cd', 'ef');
    expect(text(peekBytes(q, 1, 4))).toBe('bcde');
    expect(q.length).toBe(6);
  });

  test('peek outside the queue -> RangeError', () => {
    const q = queueOf('abc');
    expect(() => peekBytes(q, 2, 2)).toThrow(RangeError);
    expect(() => peekBytes(q, -1, 1)).toThrow(RangeError);
  });

  test('drop from the front, across chunk boundaries', () => {
    const q = queueOf('ab', 'cd', 'ef');
    dropBytes(q, 3);
    expect(q.length).toBe(3);
    expect(text(peekBytes(q, 0, 3))).toBe('def');
  });

  test('dropping more than the queue holds -> RangeError', () => {
    const q = queueOf('ab');
    expect(() => dropBytes(q, 3)).toThrow(RangeError);
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
