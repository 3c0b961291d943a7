/**
 * Data that arrived ahead of RCV.NXT, kept until the gap before it fills
 * (RFC 9293 §3.10.7.4, seventh step: segments with higher beginning sequence
 * numbers "may be held for later processing"). Plain data, so a TCB holding
 * it can be copied with `structuredClone`.
 */
import { seqAdd, seqGt, seqLeq, seqLt, seqSub } from './seq';

export interface HeldData {
  seq: number;
  payload: Uint8Array;
}

export interface ReassemblyQueue {
  /** Non-overlapping, sorted by sequence number. */
  held: HeldData[];
  /** Sequence number of a FIN that arrived out of order, if any. */
  finSeq: number | null;
  bytes: number;
}

export function emptyReassemblyQueue(): ReassemblyQueue {
  return { held: [], finSeq: null, bytes: 0 };
}

/** The pieces of `piece` not covered by `range`. */
function subtract(piece: HeldData, range: HeldData): HeldData[] {
  const pieceEnd = seqAdd(piece.seq, piece.payload.length);
  const rangeEnd = seqAdd(range.seq, range.payload.length);
  if (seqLeq(pieceEnd, range.seq) || seqLeq(rangeEnd, piece.seq)) return [piece];
  const out: HeldData[] = [];
  if (seqLt(piece.seq, range.seq)) {
    out.push({ seq: piece.seq, payload: piece.payload.subarray(0, seqSub(range.seq, piece.seq)) });
  }
  if (seqGt(pieceEnd, rangeEnd)) {
    out.push({ seq: rangeEnd, payload: piece.payload.subarray(seqSub(rangeEnd, piece.seq)) });
  }
  return out;
}

/**
 * Holds `payload` starting at `seq` (and a FIN right after it when `fin`).
 * Bytes already held keep their first copy. `base` (RCV.NXT) orders the queue.
 */
export function holdSegment(
  queue: ReassemblyQueue,
  seq: number,
  payload: Uint8Array,
  fin: boolean,
  base: number,
): void {
  if (fin) queue.finSeq = seqAdd(seq, payload.length);
  let pieces: HeldData[] = payload.length > 0 ? [{ seq, payload }] : [];
  for (const range of queue.held) {
    if (pieces.length === 0) break;
    pieces = pieces.flatMap((piece) => subtract(piece, range));
  }
  if (pieces.length === 0) return;
  for (const piece of pieces) queue.bytes += piece.payload.length;
  queue.held.push(...pieces);
  queue.held.sort((a, b) => seqSub(a.seq, base) - seqSub(b.seq, base));
}

/**
 * Removes the held data that now continues `rcvNxt`, in order, and says
 * whether the FIN follows it.
 */
export function takeInOrder(queue: ReassemblyQueue, rcvNxt: number): { data: Uint8Array[]; fin: boolean } {
  const data: Uint8Array[] = [];
  let next = rcvNxt;
  while (queue.held.length > 0 && seqLeq(queue.held[0]!.seq, next)) {
    const first = queue.held.shift()!;
    queue.bytes -= first.payload.length;
    const skip = seqSub(next, first.seq);
    if (skip >= first.payload.length) continue; // entirely before RCV.NXT: a duplicate
    const fresh = first.payload.subarray(skip);
    data.push(fresh);
    next = seqAdd(next, fresh.length);
  }
  const fin = queue.finSeq !== null && queue.finSeq === next;
  if (fin) queue.finSeq = null;
  return { data, fin };
}
