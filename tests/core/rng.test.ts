import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';

describe('createRng', () => {
  it('gives the same stream for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next());
    expect(Array.from(createRng(7).permutation(50))).toEqual(Array.from(createRng(7).permutation(50)));
    expect(createRng(7).normal()).toBe(createRng(7).normal());
  });

  it('pins the stream (changing the generator changes every saved run)', () => {
    // Values recorded from this implementation (sfc32 seeded by splitmix32, 12 outputs discarded).
    const r = createRng(0);
    const first = [r.int(1000), r.int(1000), r.int(1000), r.int(1000)];
    expect(first).toEqual(PINNED_SEED0_INT1000);
  });

  it('gives different streams for different seeds, including neighbours', () => {
    const xs = (s: number) => Array.from({ length: 8 }, ((r) => () => r.next())(createRng(s)));
    expect(xs(0)).not.toEqual(xs(1));
    expect(xs(1)).not.toEqual(xs(2));
    expect(xs(12345)).not.toEqual(xs(12346));
  });

  it('next() lies in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createRng(3);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outside++;
      s += x;
      s2 += x * x;
    }
    expect(outside).toBe(0);
    const mean = s / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005); // sd of the mean ≈ 0.0009
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('int(n) is uniform on 0..n-1 (chi-square)', () => {
    const r = createRng(11);
    const n = 10;
    const draws = 50_000;
    const counts = new Array<number>(n).fill(0);
    let bad = 0;
    for (let i = 0; i < draws; i++) {
      const k = r.int(n);
      if (Number.isInteger(k) && k >= 0 && k < n) counts[k]++;
      else bad++;
    }
    expect(bad).toBe(0);
    const e = draws / n;
    const chi2 = counts.reduce((t, c) => t + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(30); // 9 degrees of freedom: P(chi2 > 30) ≈ 4e-4
    expect(() => r.int(0)).toThrow();
    expect(() => r.int(2.5)).toThrow();
  });

  it('normal() has mean 0, variance 1 and a normal tail', () => {
    const r = createRng(5);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
      if (Math.abs(x) > 2) beyond2++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.015);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.004);
  });

  it('permutation(n) is a permutation, and not the identity', () => {
    for (const n of [0, 1, 2, 17, 1000]) {
      const perm = createRng(n).permutation(n);
      expect(perm).toBeInstanceOf(Int32Array);
      expect(Array.from(perm).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const perm = createRng(9).permutation(1000);
    const fixed = perm.filter((v, i) => v === i).length;
    expect(fixed).toBeLessThan(10); // a random permutation has ~1 fixed point
  });

  it('permutation(3) gives all 6 orders about equally often', () => {
    const r = createRng(21);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = Array.from(r.permutation(3)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
});

// Cross-checked against an independent Python transcription of sfc32 + splitmix32.
const PINNED_SEED0_INT1000 = [811, 536, 357, 389];
