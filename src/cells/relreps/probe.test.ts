/**
 * The probe pictures' PCA (pcaTwo, subspace iteration) gives src/core/pca.ts's top two components:
 * the same scores (sign rule included) and variance shares, on matrices shaped like the probe's
 * (about 126 words by 100 dimensions or 300 anchors) and on degenerate ones.
 */
import { describe, expect, it } from 'vitest';
import { pca } from '../../core/pca';
import { createRng } from '../../core/rng';
import { pcaTwo } from './probe';

/** n rows in g groups (a direction each) plus noise: the probe's words in their groups. */
function grouped(n: number, d: number, seed: number, noise = 0.3): Float32Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: 7 }, () => Array.from({ length: d }, () => rng.normal()));
  return Float32Array.from({ length: n * d }, (_, i) => centres[Math.floor(i / d) % 7][i % d] * (1 + (Math.floor(i / d) % 7) / 3) + noise * rng.normal());
}

function expectSame(X: Float32Array, n: number, d: number) {
  const want = pca(X, n, d, 2);
  const got = pcaTwo(X, n, d);
  let scale = 0;
  for (const v of want.scores) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < want.scores.length; i++) expect(Math.abs(got.scores[i] - want.scores[i])).toBeLessThan(1e-5 * Math.max(scale, 1));
  expect(got.shares[0]).toBeCloseTo(want.shares[0], 9);
  expect(got.shares[1]).toBeCloseTo(want.shares[1], 9);
}

describe('relreps probe PCA', () => {
  it('equals pca() on probe-shaped matrices, fewer columns than rows and more', () => {
    for (const [n, d, seed] of [
      [126, 100, 1],
      [126, 300, 2],
      [40, 12, 3],
      [30, 300, 4],
    ]) {
      expectSame(grouped(n, d, seed), n, d);
    }
  });

  it('equals pca() when the rows span one direction (the second component is zero) or none', () => {
    const n = 20;
    const d = 6;
    const rank1 = Float32Array.from({ length: n * d }, (_, i) => (Math.floor(i / d) - 7) * (1 + (i % d)));
    expectSame(rank1, n, d);
    expect(pcaTwo(rank1, n, d).shares[1]).toBe(0);
    expectSame(new Float32Array(n * d).fill(2), n, d);
    expectSame(grouped(3, 5, 9), 3, 5);
  });
});
