/**
 * Sequence-number arithmetic (RFC 9293 §3.4).
 *
 * "It is essential to remember that the actual sequence number space is
 * finite, though very large ... all arithmetic dealing with sequence numbers
 * must be performed modulo 2**32" (RFC 9293 §3.4). Comparisons follow the
 * serial-number arithmetic of RFC 1982 §3.2: `a < b` when `b` lies less than
 * half the space (2^31) ahead of `a`. Nothing else in the code base compares
 * sequence numbers with a raw `<`.
 *
 * Every value is an unsigned 32-bit integer (0 .. 2^32-1); every function is
 * pure and allocation-free.
 */

/** The size of the sequence space, 2^32. */
export const SEQ_MODULUS = 0x1_0000_0000;

/** Half the sequence space, 2^31: the distance beyond which "ahead" becomes "behind". */
export const SEQ_HALF = 0x8000_0000;

/** `a + n` modulo 2^32; `n` may be negative. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/**
 * The signed distance from `b` to `a`, i.e. `a - b` modulo 2^32, in the range
 * (-2^31, 2^31]. Positive when `a` is ahead of `b`.
 *
 * At exactly 2^31 apart RFC 1982 §3.2 leaves the order undefined; we pick
 * +2^31, so there `seqGt(a, b)` and `seqGt(b, a)` both hold. TCP never gets
 * there: a window is at most 2^30 (RFC 7323 §2.3).
 */
export function seqSub(a: number, b: number): number {
  const distance = (a - b) | 0;
  return distance === -SEQ_HALF ? SEQ_HALF : distance;
}

/** `a` is strictly before `b` (the "<" of RFC 9293 §3.4). */
export function seqLt(a: number, b: number): boolean {
  return seqSub(a, b) < 0;
}

/** `a` is before or equal to `b` (the "=<" of RFC 9293 §3.4). */
export function seqLeq(a: number, b: number): boolean {
  return seqSub(a, b) <= 0;
}

/** `a` is strictly after `b`. */
export function seqGt(a: number, b: number): boolean {
  return seqSub(a, b) > 0;
}

/** `a` is after or equal to `b`. */
export function seqGeq(a: number, b: number): boolean {
  return seqSub(a, b) >= 0;
}

/**
 * `start =< x < start + len` modulo 2^32: the window test of RFC 9293 §3.4
 * (e.g. `RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND`). A window of length 0
 * contains nothing; `len` is at most 2^32.
 */
export function seqInWindow(x: number, start: number, len: number): boolean {
  return (x - start) >>> 0 < len;
}

/** The later of two sequence numbers. */
export function seqMax(a: number, b: number): number {
  return seqGeq(a, b) ? a : b;
}

/** The earlier of two sequence numbers. */
export function seqMin(a: number, b: number): number {
  return seqLeq(a, b) ? a : b;
}
