import fc from 'fast-check';
import { SEQ_HALF, seqAdd, seqGeq, seqGt, seqInWindow, seqLeq, seqLt, seqMax, seqMin, seqSub } from '../../src/tcp/seq';

const seq = fc.nat({ max: 0xffff_ffff });
/** A distance strictly inside half the space, where RFC 1982 order is defined. */
const nearDistance = fc.integer({ min: -(SEQ_HALF - 1), max: SEQ_HALF - 1 });

describe('sequence numbers wrap at 2^32 (RFC 9293 §3.4)', () => {
  test('0xffffffff is before 0', () => {
    expect(seqLt(0xffff_ffff, 0)).toBe(true);
    expect(seqGt(0, 0xffff_ffff)).toBe(true);
  });

  test('seqAdd wraps across 2^32', () => {
    expect(seqAdd(0xffff_fff0, 0x20)).toBe(0x10);
    expect(seqAdd(0xffff_ffff, 1)).toBe(0);
  });

  test('seqAdd with a negative step wraps below 0', () => {
    expect(seqAdd(0, -1)).toBe(0xffff_ffff);
  });

  test('seqSub measures the short way round', () => {
    expect(seqSub(0x10, 0xffff_fff0)).toBe(0x20);
    expect(seqSub(0xffff_fff0, 0x10)).toBe(-0x20);
  });

  test('at exactly 2^31 apart seqSub is +2^31 both ways', () => {
    expect(seqSub(SEQ_HALF, 0)).toBe(SEQ_HALF);
    expect(seqSub(0, SEQ_HALF)).toBe(SEQ_HALF);
  });

  test('a number is neither before nor after itself', () => {
    expect(seqLt(7, 7)).toBe(false);
    expect(seqGt(7, 7)).toBe(false);
    expect(seqLeq(7, 7)).toBe(true);
    expect(seqGeq(7, 7)).toBe(true);
  });

  test('a window that wraps contains both ends of the space', () => {
    expect(seqInWindow(0xffff_fffe, 0xffff_fffe, 4)).toBe(true);
    expect(seqInWindow(0x1, 0xffff_fffe, 4)).toBe(true);
    expect(seqInWindow(0x2, 0xffff_fffe, 4)).toBe(false);
    expect(seqInWindow(0xffff_fffd, 0xffff_fffe, 4)).toBe(false);
  });

  test('a zero window contains nothing, not even its start', () => {
    expect(seqInWindow(5, 5, 0)).toBe(false);
  });

  test('seqMax and seqMin follow the wrapped order', () => {
    expect(seqMax(0xffff_ffff, 1)).toBe(1);
    expect(seqMin(0xffff_ffff, 1)).toBe(0xffff_ffff);
  });
});

describe('sequence arithmetic laws (fast-check)', () => {
  test('seqAdd and seqSub are inverse', () => {
    fc.assert(
      fc.property(seq, nearDistance, (a, n) => {
        const b = seqAdd(a, n);
        return b >= 0 && b <= 0xffff_ffff && seqSub(b, a) === n && seqAdd(b, -n) === a;
      }),
    );
  });

  test('seqLt is antisymmetric away from the half-way point', () => {
    fc.assert(
      fc.property(seq, nearDistance, (a, n) => {
        const b = seqAdd(a, n);
        return !(seqLt(a, b) && seqLt(b, a)) && seqLt(a, b) === seqGt(b, a);
      }),
    );
  });

  test('exactly one of <, =, > holds away from the half-way point', () => {
    fc.assert(
      fc.property(seq, nearDistance, (a, n) => {
        const b = seqAdd(a, n);
        const holds = [seqLt(a, b), a === b, seqGt(a, b)].filter(Boolean).length;
        return holds === 1 && seqLeq(a, b) === !seqGt(a, b) && seqGeq(a, b) === !seqLt(a, b);
      }),
    );
  });

  test('seqLt is transitive within half the space', () => {
    const step = fc.integer({ min: 1, max: SEQ_HALF / 2 - 1 });
    fc.assert(
      fc.property(seq, step, step, (a, d1, d2) => {
        const b = seqAdd(a, d1);
        const c = seqAdd(b, d2);
        return seqLt(a, b) && seqLt(b, c) && seqLt(a, c);
      }),
    );
  });

  test('seqInWindow agrees with start =< x < start + len', () => {
    fc.assert(
      fc.property(seq, seq, fc.nat({ max: SEQ_HALF - 1 }), (x, start, len) => {
        const end = seqAdd(start, len);
        const expected = len > 0 && seqLeq(start, x) && seqLt(x, end);
        return seqInWindow(x, start, len) === expected;
      }),
    );
  });

  test('seqMax and seqMin return one of their arguments, in order', () => {
    fc.assert(
      fc.property(seq, nearDistance, (a, n) => {
        const b = seqAdd(a, n);
        return seqLeq(seqMin(a, b), seqMax(a, b)) && [a, b].includes(seqMax(a, b));
      }),
    );
  });
});
