/**
 * Data held ahead of RCV.NXT (RFC 9293 §3.10.7.4 seventh step: segments with
 * higher beginning sequence numbers "may be held for later processing").
 */
import fc from 'fast-check';
import { emptyReassemblyQueue, holdSegment, type ReassemblyQueue, takeInOrder } from '../../src/tcp/reassembly';
import { seqAdd, seqSub } from '../../src/tcp/seq';
import { bytes, text } from './fixtures';

/** The octets held, each once: the pieces never overlap. */
function heldOctets(q: ReassemblyQueue): number {
  return q.held.reduce((sum, piece) => sum + piece.payload.length, 0);
}

function taken(result: { data: Uint8Array[]; fin: boolean }) {
  return { text: result.data.map(text).join(''), fin: result.fin };
}

describe('reassembly', () => {
  test('nothing held -> nothing taken', () => {
    const q = emptyReassemblyQueue();
    expect(taken(takeInOrder(q, 100))).toEqual({ text: '', fin: false });
  });

  test('held data that does not reach RCV.NXT stays held', () => {
    const q = emptyReassemblyQueue();
    holdSegment(q, 105, bytes('fgh'), false, 100);
    expect(taken(takeInOrder(q, 100))).toEqual({ text: '', fin: false });
    expect(heldOctets(q)).toBe(3);
  });

  test('held pieces are taken in order once RCV.NXT reaches them', () => {
    const q = emptyReassemblyQueue();
    holdSegment(q, 106, bytes('ghi'), false, 100);
    holdSegment(q, 103, bytes('def'), false, 100);
    expect(taken(takeInOrder(q, 103))).toEqual({ text: 'defghi', fin: false });
    expect(q).toEqual(emptyReassemblyQueue());
  });

  test('overlaps keep the first copy of each byte', () => {
    const q = emptyReassemblyQueue();
    holdSegment(q, 102, bytes('CDEF'), false, 100);
    holdSegment(q, 101, bytes('bcdefgh'), false, 100);
    expect(heldOctets(q)).toBe(7);
    expect(taken(takeInOrder(q, 101))).toEqual({ text: 'bCDEFgh', fin: false });
  });

  test('a held piece partly before RCV.NXT is trimmed when taken', () => {
    const q = emptyReassemblyQueue();
    holdSegment(q, 103, bytes('defg'), false, 100);
    expect(taken(takeInOrder(q, 105))).toEqual({ text: 'fg', fin: false });
  });

  // In-order text that arrived since covered the piece: a duplicate, so `data` gets no piece for it, not even an
  // empty one (receiveText counts the pieces taken as held data joining up).
  test.each([
    ['ending at RCV.NXT', 105],
    ['entirely before RCV.NXT', 110],
  ])('a piece %s is discarded: nothing taken', (_where, rcvNxt) => {
    const q = emptyReassemblyQueue();
    holdSegment(q, 103, bytes('de'), false, 100);
    expect(takeInOrder(q, rcvNxt)).toEqual({ data: [], fin: false });
    expect(q.held).toEqual([]);
  });

  test('a FIN held after data is reported once the data before it is taken', () => {
    const q = emptyReassemblyQueue();
    holdSegment(q, 103, bytes('de'), true, 100);
    expect(taken(takeInOrder(q, 101))).toEqual({ text: '', fin: false });
    expect(taken(takeInOrder(q, 103))).toEqual({ text: 'de', fin: true });
    expect(q.finSeq).toBeNull();
  });

  test('a bare FIN held at RCV.NXT + 2 -> reported when RCV.NXT gets there', () => {
    const q = emptyReassemblyQueue();
    holdSegment(q, 102, new Uint8Array(0), true, 100);
    expect(taken(takeInOrder(q, 102))).toEqual({ text: '', fin: true });
  });

  test('across 2^32: pieces at 0xfffffffe and 1 join up', () => {
    const q = emptyReassemblyQueue();
    const base = 0xffff_fffc;
    holdSegment(q, 1, bytes('fg'), false, base);
    holdSegment(q, 0xffff_fffe, bytes('cde'), false, base);
    expect(taken(takeInOrder(q, 0xffff_fffe))).toEqual({ text: 'cdefg', fin: false });
  });

  test("property: any arrival order of a stream's pieces, with duplicates, rebuilds the stream", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffff_ffff }),
        fc.uint8Array({ minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(59), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 30 }),
        (start, stream, cuts) => {
          const q = emptyReassemblyQueue();
          let rcvNxt = start;
          const out: number[] = [];
          const pieces = [...cuts, [0, stream.length] as [number, number]];
          for (const [offset, length] of pieces) {
            const to = Math.min(stream.length, offset + length);
            // As receiveText does: what lies before RCV.NXT is trimmed, data at RCV.NXT is
            // taken at once (with whatever held data it joins up with), data ahead is held.
            const from = Math.max(offset, out.length);
            if (from >= to) continue;
            const piece = stream.subarray(from, to);
            const seq = seqAdd(start, from);
            if (seq !== rcvNxt) {
              holdSegment(q, seq, piece, false, rcvNxt);
              continue;
            }
            out.push(...piece);
            rcvNxt = seqAdd(rcvNxt, piece.length);
            for (const d of takeInOrder(q, rcvNxt).data) {
              out.push(...d);
              rcvNxt = seqAdd(rcvNxt, d.length);
            }
          }
          expect(out).toEqual([...stream]);
          expect(rcvNxt).toBe(seqAdd(start, stream.length));
        },
      ),
    );
  });

  test('property: the queue stays sorted and non-overlapping, its byte count exact, whatever is held', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffff_ffff }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 40 })), {
          minLength: 1,
          maxLength: 40,
        }),
        (rcvNxt, holds) => {
          const q = emptyReassemblyQueue();
          const covered = new Set<number>();
          for (const [offset, length] of holds) {
            holdSegment(q, seqAdd(rcvNxt, offset), new Uint8Array(length).fill(offset), false, rcvNxt);
            for (let i = offset; i < offset + length; i++) covered.add(i);
          }
          const offsets = q.held.map((piece) => [seqSub(piece.seq, rcvNxt), piece.payload.length] as const);
          offsets.forEach(([at, length], i) => {
            expect(length).toBeGreaterThan(0);
            if (i > 0) expect(at).toBeGreaterThanOrEqual(offsets[i - 1]![0] + offsets[i - 1]![1]);
          });
          expect(heldOctets(q)).toBe(covered.size);
          // Bytes already held keep their first copy.
          const firstCopy = new Map<number, number>();
          for (const [offset, length] of holds)
            for (let i = offset; i < offset + length; i++) if (!firstCopy.has(i)) firstCopy.set(i, offset);
          for (const piece of q.held) {
            const at = seqSub(piece.seq, rcvNxt);
            piece.payload.forEach((value, i) => expect(value).toBe(firstCopy.get(at + i)));
          }
        },
      ),
    );
  });
});
