/**
 * A seeded pseudo-random generator for the simulated network: the same seed
 * gives the same sequence on every run and platform, so a failing lossy run
 * can be replayed exactly. `Math.random()` cannot be seeded, and a library
 * (fast-check's `pure-rand`) would only be reachable as a transitive
 * dependency, so this is the few lines of a published algorithm instead.
 *
 * Generator: xoshiro128** 1.1 by David Blackman and Sebastiano Vigna,
 * "Scrambled Linear Pseudorandom Number Generators", ACM TOMS 47(4), 2021;
 * reference C at https://prng.di.unimi.it/xoshiro128starstar.c (public domain).
 * 128 bits of state, period 2^128 - 1, passes BigCrush; every operation is a
 * 32-bit one, which `Math.imul` and `>>> 0` express exactly in JavaScript.
 *
 * Not for cryptography: it is predictable by design.
 */

const TWO_TO_THE_32 = 0x1_0000_0000;

export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Any number is a valid seed; only its low 32 bits (after truncation) matter. */
  constructor(seed: number) {
    // The xoshiro authors ask that the state be filled from a different
    // generator, so that nearby seeds (1, 2, 3...) give unrelated streams.
    // We use SplitMix32: a golden-ratio Weyl sequence finalised by
    // MurmurHash3's fmix32 (Austin Appleby), the 32-bit analogue of the
    // SplitMix64 they recommend (Steele, Lea, Flood, OOPSLA 2014).
    let weyl = seed >>> 0;
    const splitMix32 = (): number => {
      weyl = (weyl + 0x9e3779b9) >>> 0;
      let z = weyl;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitMix32();
    this.s1 = splitMix32();
    this.s2 = splitMix32();
    this.s3 = splitMix32();
    // The all-zero state is the one state xoshiro never leaves.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform integer in [0, 2^32). */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1), with 32 bits of resolution. */
  float(): number {
    return this.uint32() / TWO_TO_THE_32;
  }

  /**
   * A uniform integer in [0, bound). For the bounds a simulation uses (bit
   * positions, a few thousand at most) the bias of scaling a 32-bit value is
   * below 2^-20 and not worth a rejection loop.
   */
  below(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > TWO_TO_THE_32) {
      throw new RangeError(`bound must be an integer in 1..2^32, got ${bound}`);
    }
    return Math.floor(this.float() * bound);
  }

  /** True with the given probability: 0 never, 1 always. */
  chance(probability: number): boolean {
    return this.float() < probability;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
