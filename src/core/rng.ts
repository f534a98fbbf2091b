/**
 * A small seeded pseudo-random number generator, identical on every platform.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 32-bit) whose four
 * words of state are filled from the seed by splitmix32. All arithmetic is 32-bit
 * integer arithmetic (Math.imul, >>> 0), so a seed gives the same stream in every
 * JavaScript engine.
 */

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n); n a positive integer below 2^32. */
  int(n: number): number;
  /** Standard normal N(0, 1) by the Box–Muller transform (pairs; the second is kept for the next call). */
  normal(): number;
  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
}

/** splitmix32: a well-mixed 32-bit stream from one 32-bit seed, used only to seed sfc32. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * @param seed any number; it is reduced to a uint32 (seed >>> 0), so 0 and 2^32 give the same stream.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`rng seed must be a finite number, got ${seed}`);
  const init = splitmix32(seed >>> 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();

  /** One sfc32 step: a uint32. */
  function u32(): number {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  }
  // Discard a few outputs so that nearby seeds decorrelate fully.
  for (let i = 0; i < 12; i++) u32();

  let spare: number | null = null;

  const rng: Rng = {
    next: () => u32() / 4294967296,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new Error(`rng.int needs a positive integer, got ${n}`);
      // Rejection sampling: no modulo bias.
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const x = u32();
        if (x < limit) return x % n;
      }
    },
    normal(): number {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // u1 in (0, 1] so that log(u1) is finite.
      const u1 = (u32() + 1) / 4294967296;
      const u2 = u32() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u1));
      const theta = 2 * Math.PI * u2;
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    permutation(n: number): Int32Array {
      if (!Number.isInteger(n) || n < 0) throw new Error(`rng.permutation needs a non-negative integer, got ${n}`);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = out[i];
        out[i] = out[j];
        out[j] = t;
      }
      return out;
    },
  };
  return rng;
}
