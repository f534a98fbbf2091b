/** Relative representations and Moschella et al.'s metrics on hand-made spaces. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { compareSpaces, jaccard, neighbours, reciprocalRank, relative } from './metrics';
import { createRng } from '../../core/rng';

function randomSpace(n: number, d: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * d }, () => rng.normal());
}

/** A random orthogonal d x d matrix (Gram–Schmidt on Gaussian columns). */
function rotation(d: number, seed: number): number[][] {
  const rng = createRng(seed);
  const q: number[][] = [];
  while (q.length < d) {
    const v = Array.from({ length: d }, () => rng.normal());
    for (const u of q) {
      const dot = u.reduce((s, x, i) => s + x * v[i], 0);
      u.forEach((x, i) => (v[i] -= dot * x));
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  return q;
}

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('set metrics', () => {
  it('Jaccard and reciprocal rank by hand', () => {
    expect(jaccard([1, 2, 3], [3, 4, 5])).toBeCloseTo(1 / 5);
    expect(jaccard([1, 2], [2, 1])).toBe(1);
    expect(jaccard([1, 2], [3, 4])).toBe(0);
    expect(reciprocalRank([7, 3, 9], 9)).toBeCloseTo(1 / 3);
    expect(reciprocalRank([7, 3, 9], 4)).toBe(0);
  });
});

describe('compareSpaces', () => {
  it('a hand-computed case: 4 words in 2-D, k = 2', async () => {
    // Source: w0 (1,0), w1 (0.9,0.1), w2 (0,1), w3 (-1,0). Target: the same but w1 and w2 swapped.
    const src = tf.tensor2d([1, 0, 0.9, 0.1, 0, 1, -1, 0], [4, 2]);
    const tgt = tf.tensor2d([1, 0, 0, 1, 0.9, 0.1, -1, 0], [4, 2]);
    const s = await compareSpaces(src, tgt, 2, all(4));
    // In the target: w0's 2 nearest: {0, 2}; w1's: {1, 2}... compute: cos(t1=(0,1), ·) -> w1 1, w2 0.11, w0 0 -> {1, 2}
    // src w0 (1,0) in target -> {0, 2}; own target w0 -> {0, 2}: J = 1, rr 1.
    // src w1 (0.9,0.1) in target -> {0, 2}; own target w1 (0,1) -> {1, 2}: J = 1/3, w1 absent: rr 0.
    // src w2 (0,1) in target -> {1, 2}; own target w2 (0.9,0.1) -> {2, 0}: J = 1/3, w2 second: rr 1/2.
    // src w3 (-1,0) in target -> {3, then w1 (cos 0) or w2 (cos -0.99)} = {3, 1}; own w3 -> {3, 1}: J = 1, rr 1.
    expect(s.jaccard).toBeCloseTo((1 + 1 / 3 + 1 / 3 + 1) / 4, 5);
    expect(s.mrr).toBeCloseTo((1 + 0 + 0.5 + 1) / 4, 5);
    const c1 = 0.9 * 0 + 0.1 * 1;
    expect(s.cosine).toBeCloseTo((1 + c1 / Math.hypot(0.9, 0.1) + 0.1 / Math.hypot(0.9, 0.1) + 1) / 4, 5);
    tf.dispose([src, tgt]);
  });

  it('identical spaces score 1 / 1 / 1', async () => {
    const x = tf.tensor2d(randomSpace(60, 8, 1), [60, 8]);
    const s = await compareSpaces(x, x, 5, all(60));
    expect(s.jaccard).toBeCloseTo(1, 6);
    expect(s.mrr).toBeCloseTo(1, 6);
    expect(s.cosine).toBeCloseTo(1, 5);
    x.dispose();
  });

  it('a random rotation leaves relative metrics at 1 and drops the absolute ones', async () => {
    const n = 200;
    const d = 16;
    const X = randomSpace(n, d, 2);
    const R = rotation(d, 3);
    const Y = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) Y[i * d + j] += X[i * d + k] * R[k][j];
    const [x, y] = [tf.tensor2d(X, [n, d]), tf.tensor2d(Y, [n, d])];
    const anchors = Int32Array.from({ length: 40 }, (_, i) => i * 5);
    const before = tf.memory().numTensors;
    for (const centre of [false, true]) {
      const [rx, ry] = [relative(x, anchors, centre), relative(y, anchors, centre)];
      const rel = await compareSpaces(rx, ry, 10, all(n));
      expect(rel.jaccard).toBeGreaterThan(0.999);
      expect(rel.mrr).toBeGreaterThan(0.999);
      expect(rel.cosine).toBeGreaterThan(0.9999);
      tf.dispose([rx, ry]);
    }
    const abs = await compareSpaces(x, y, 10, all(n));
    expect(abs.jaccard).toBeLessThan(0.3);
    expect(abs.mrr).toBeLessThan(0.3);
    expect(Math.abs(abs.cosine)).toBeLessThan(0.3);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it('relative(): row i, column a is cos(x_i, x_anchor_a)', () => {
    const x = tf.tensor2d([3, 4, 1, 0, 0, 2], [3, 2]);
    const r = relative(x, Int32Array.from([1, 2]), false).arraySync();
    expect(r[0][0]).toBeCloseTo(0.6);
    expect(r[0][1]).toBeCloseTo(0.8);
    expect(r[1][1]).toBeCloseTo(0);
    x.dispose();
  });

  it('neighbours() lists a vector nearest words best first', async () => {
    const x = tf.tensor2d([1, 0, 0.8, 0.6, 0, 1, -1, 0], [4, 2]);
    const q = tf.tensor1d([1, 0.1]);
    const n = await neighbours(x, q, 3);
    expect(Array.from(n.index)).toEqual([0, 1, 2]);
    expect(n.cosine[0]).toBeGreaterThan(n.cosine[1]);
    tf.dispose([x, q]);
  });
});
