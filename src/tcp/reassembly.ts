/**
 * Data that arrived ahead of RCV.NXT, kept until the gap before it fills
 * (RFC 9293 §3.10.7.4, seventh step: segments with higher beginning sequence
 * numbers "may be held for later processing"). Plain data, so a TCB holding
 * it can be copied with `structuredClone`.
 */
import { seqAdd, seqGeq, seqLeq, seqSub } from './seq';

export interface HeldData {
  seq: number;
  payload: Uint8Array;
}

export interface ReassemblyQueue {
  /** Non-overlapping, sorted by sequence number. */
  held: HeldData[];
  /** Sequence number of a FIN that arrived out of order, if any. */
  finSeq: number | null;
}

export function emptyReassemblyQueue(): ReassemblyQueue {
  return { held: [], finSeq: null };
}

/**
 * Holds `payload` starting at `seq` (and a FIN right after it when `fin`).
 * Bytes already held keep their first copy. `base` (RCV.NXT) orders the
 * queue: offsets from it are plain numbers, all within one window.
 *
 * One pass over the sorted queue: the new bytes that fall in the gaps
 * between held ranges are inserted there as views of `payload`.
 */
export function holdSegment(
  queue: ReassemblyQueue,
  seq: number,
  payload: Uint8Array,
  fin: boolean,
  base: number,
): void {
  if (fin) queue.finSeq = seqAdd(seq, payload.length);
  const held = queue.held;
  const first = seqSub(seq, base);
  const end = first + payload.length;
  let start = first;
  let index = 0;
  while (start < end) {
    while (index < held.length && seqSub(held[index]!.seq, base) + held[index]!.payload.length <= start) index++;
    const next = held[index];
    const nextStart = next === undefined ? end : Math.min(end, seqSub(next.seq, base));
    if (nextStart > start) {
      held.splice(index, 0, { seq: seqAdd(base, start), payload: payload.subarray(start - first, nextStart - first) });
      index++;
    }
    if (next === undefined) return;
    start = Math.max(nextStart, seqSub(next.seq, base) + next.payload.length);
  }
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
    const skip = seqSub(next, first.seq);
    if (skip >= first.payload.length) continue; // entirely before RCV.NXT: a duplicate
    const fresh = first.payload.subarray(skip);
    data.push(fresh);
    next = seqAdd(next, fresh.length);
  }
  const fin = queue.finSeq === next;
  // The held FIN is taken here, or forgotten once in-order text has run past it (a peer that sent text beyond its
  // own FIN), as Linux's tcp_ofo_queue drops an out-of-order segment, its FIN with it, once RCV.NXT covers its end
  // ("ofo packet was already received"). Kept, it would make every later segment look like one that fills a gap (no
  // delayed ACK), and would be taken for a FIN once RCV.NXT came round to it again 2^32 octets later.
  if (queue.finSeq !== null && seqGeq(next, queue.finSeq)) queue.finSeq = null;
  return { data, fin };
}
