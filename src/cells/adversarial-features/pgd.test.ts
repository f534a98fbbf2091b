import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../../core/rng';
import {
  classMeans, defaultStepSize, oneHotTargets, perturbationStats, pgd, pgdStep, randomTargets, removeMeanDirection,
  shiftedTargets, type PgdSpec,
} from './pgd';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const P = 784;

/** n random images in [0, 1], a fifth of the pixels exactly 0 and a fifth exactly 1. */
function randomImages(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(n * P);
  for (let i = 0; i < x.length; i++) {
    const u = rng.next();
    x[i] = u < 0.2 ? 0 : u < 0.4 ? 1 : rng.next();
  }
  return x;
}

/** A small random MLP 784-32-10 (ReLU), weights kept. */
function randomMlp(seed: number): { logitsOf: (x: tf.Tensor2D) => tf.Tensor2D; dispose: () => void } {
  const rng = createRng(seed);
  const normal = (k: number, s: number) => Float32Array.from({ length: k }, () => rng.normal() * s);
  const W1 = tf.tensor2d(normal(P * 32, 1 / Math.sqrt(P)), [P, 32]);
  const b1 = tf.tensor1d(normal(32, 0.1));
  const W2 = tf.tensor2d(normal(32 * 10, 1 / Math.sqrt(32)), [32, 10]);
  return {
    logitsOf: (x) => tf.matMul(tf.relu(tf.add(tf.matMul(x, W1), b1)), W2) as tf.Tensor2D,
    dispose: () => tf.dispose([W1, b1, W2]),
  };
}

describe('adversarial-features PGD', () => {
  it('uses the reference default step 2.5·eps/steps', () => {
    expect(defaultStepSize(2, 50)).toBeCloseTo(0.1, 12);
    expect(defaultStepSize(0.3, 30)).toBeCloseTo(0.025, 12);
  });

  for (const spec of [
    { norm: 'l2', eps: 3, stepSize: 0.5 },
    { norm: 'linf', eps: 0.3, stepSize: 0.05 },
  ] as PgdSpec[]) {
    it(`keeps every ${spec.norm} perturbation inside the eps-ball and every image inside [0, 1] over 20 steps`, () => {
      const n = 16;
      const xs = randomImages(n, 1);
      const mlp = randomMlp(2);
      const x = tf.tensor2d(xs, [n, P]);
      const targets = oneHotTargets(randomTargets(n, createRng(3)));
      let delta = tf.zeros([n, P]) as tf.Tensor2D;
      let [lowest, highest, maxL2, maxAbs] = [0, 1, 0, 0];
      for (let s = 0; s < 20; s++) {
        const next = pgdStep(mlp.logitsOf, x, delta, targets, spec);
        delta.dispose();
        delta = next;
        const d = delta.dataSync();
        for (let i = 0; i < n; i++) {
          let sq = 0;
          for (let j = 0; j < P; j++) {
            const v = d[i * P + j];
            const xv = xs[i * P + j] + v;
            lowest = Math.min(lowest, xv);
            highest = Math.max(highest, xv);
            maxAbs = Math.max(maxAbs, Math.abs(v));
            sq += v * v;
          }
          maxL2 = Math.max(maxL2, Math.sqrt(sq));
        }
      }
      expect(lowest).toBeGreaterThanOrEqual(-1e-6);
      expect(highest).toBeLessThanOrEqual(1 + 1e-6);
      if (spec.norm === 'l2') expect(maxL2).toBeLessThanOrEqual(spec.eps + 1e-4);
      else expect(maxAbs).toBeLessThanOrEqual(spec.eps + 1e-6);
      expect(spec.norm === 'l2' ? maxL2 : maxAbs).toBeGreaterThan(0.5 * spec.eps); // it did move
      tf.dispose([x, targets, delta]);
      mlp.dispose();
    });
  }

  /**
   * A linear model logits = x W + B where, in row i, every class but t_i and o_i has a bias of −100: the
   * cross-entropy gradient is then p_o (W_o − W_t), so every L2 step goes along u = unit(W_t − W_o) and, from x = 0.5
   * (no clipping), the attack ends at eps·u; the Linf attack ends at eps·sign(W_t − W_o).
   */
  function linearCase() {
    const rng = createRng(5);
    const W = Float32Array.from({ length: P * 10 }, () => rng.normal() * 0.01);
    const pairs: Array<[number, number]> = [[3, 7], [0, 9], [5, 2]]; // [target, other]
    const n = pairs.length;
    const B = new Float32Array(n * 10).fill(-100);
    pairs.forEach(([t, o], i) => { B[i * 10 + t] = 0; B[i * 10 + o] = 0; });
    const Wt = tf.tensor2d(W, [P, 10]);
    const Bt = tf.tensor2d(B, [n, 10]);
    const logitsOf = (x: tf.Tensor2D) => tf.add(tf.matMul(x, Wt), Bt) as tf.Tensor2D;
    const x = tf.fill([n, P], 0.5) as tf.Tensor2D;
    const targets = oneHotTargets(pairs.map(([t]) => t));
    const dir = (i: number) => Float64Array.from({ length: P }, (_, j) => W[j * 10 + pairs[i][0]] - W[j * 10 + pairs[i][1]]);
    const targetLogit = (d: tf.Tensor2D) => {
      const z = tf.tidy(() => logitsOf(tf.add(x, d) as tf.Tensor2D).arraySync() as number[][]);
      return pairs.map(([t], i) => z[i][t]);
    };
    return { n, pairs, x, targets, logitsOf, dir, targetLogit, dispose: () => tf.dispose([Wt, Bt, x, targets]) };
  }

  it('drives a targeted L2 attack on a linear model to eps times the unit direction W_t − W_other', () => {
    const c = linearCase();
    const eps = 1;
    const zero = tf.zeros([c.n, P]) as tf.Tensor2D;
    const before = c.targetLogit(zero);
    const delta = pgd(c.logitsOf, c.x, c.targets, { norm: 'l2', eps, stepSize: defaultStepSize(eps, 30) }, 30);
    const after = c.targetLogit(delta);
    const d = delta.dataSync();
    for (let i = 0; i < c.n; i++) {
      const u = c.dir(i);
      let dd = 0, uu = 0, du = 0;
      for (let j = 0; j < P; j++) {
        dd += d[i * P + j] ** 2;
        uu += u[j] ** 2;
        du += d[i * P + j] * u[j];
      }
      expect(du / Math.sqrt(dd * uu)).toBeGreaterThan(0.999);
      expect(Math.abs(Math.sqrt(dd) - eps)).toBeLessThan(1e-3);
      expect(after[i]).toBeGreaterThan(before[i] + 0.1);
    }
    tf.dispose([zero, delta]);
    c.dispose();
  });

  it('drives a targeted Linf attack on a linear model to eps times sign(W_t − W_other)', () => {
    const c = linearCase();
    const eps = 0.1;
    const delta = pgd(c.logitsOf, c.x, c.targets, { norm: 'linf', eps, stepSize: defaultStepSize(eps, 30) }, 30);
    const d = delta.dataSync();
    for (let i = 0; i < c.n; i++) {
      const u = c.dir(i);
      for (let j = 0; j < P; j++) expect(d[i * P + j]).toBeCloseTo(eps * Math.sign(u[j]), 5);
    }
    delta.dispose();
    c.dispose();
  });

  it('keeps the tensor count flat over 10 steps', () => {
    const n = 4;
    const mlp = randomMlp(8);
    const x = tf.tensor2d(randomImages(n, 9), [n, P]);
    const targets = oneHotTargets([1, 2, 3, 4]);
    let delta = tf.zeros([n, P]) as tf.Tensor2D;
    const count = tf.memory().numTensors;
    for (let s = 0; s < 10; s++) {
      const next = pgdStep(mlp.logitsOf, x, delta, targets, { norm: s % 2 ? 'linf' : 'l2', eps: 1, stepSize: 0.1 });
      delta.dispose();
      delta = next;
    }
    expect(tf.memory().numTensors).toBe(count);
    tf.dispose([x, targets, delta]);
    mlp.dispose();
  });
});

describe('adversarial-features targets', () => {
  it('draws D_rand targets uniformly over the 10 classes, whatever the labels', () => {
    const N = 100_000;
    const t = randomTargets(N, createRng(11));
    const se = Math.sqrt(N * 0.1 * 0.9);
    const counts = new Array(10).fill(0);
    for (const v of t) counts[v]++;
    for (const c of counts) expect(Math.abs(c - N / 10)).toBeLessThan(4 * se);
    // P(t = y) ≈ 1/10 for two fixed label vectors: all 3s, and 0..9 repeated.
    for (const y of [new Uint8Array(N).fill(3), Uint8Array.from({ length: N }, (_, i) => i % 10)]) {
      let same = 0;
      for (let i = 0; i < N; i++) same += t[i] === y[i] ? 1 : 0;
      expect(Math.abs(same - N / 10)).toBeLessThan(4 * se);
    }
    // The draw depends on the rng alone: the same seed gives the same targets.
    expect(randomTargets(N, createRng(11))).toEqual(t);
    expect(randomTargets(1000, createRng(12))).not.toEqual(t.subarray(0, 1000));
  });

  it('shifts D_det targets to (y + 1) mod 10', () => {
    expect(Array.from(shiftedTargets([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    expect(Array.from(shiftedTargets(new Int32Array([9, 9, 4])))).toEqual([0, 0, 5]);
  });
});

describe('adversarial-features class means and controls', () => {
  it('averages the images of each class (zeros for an absent class)', () => {
    // D = 2 pixels per image: class 0 has [0, 1] and [1, 1]; class 3 has [0.5, 0.25]; others absent.
    const m = classMeans(new Float32Array([0, 1, 0.5, 0.25, 1, 1]), [0, 3, 0]);
    expect(m.length).toBe(20);
    expect(Array.from(m.subarray(0, 2))).toEqual([0.5, 1]);
    expect(Array.from(m.subarray(6, 8))).toEqual([0.5, 0.25]);
    expect(Array.from(m.subarray(2, 4))).toEqual([0, 0]);
  });

  /** Means on 784 pixels: class c is c/10 on pixels [c·50, c·50 + 50) and 0 elsewhere. */
  function handMeans(): Float32Array {
    const m = new Float32Array(10 * P);
    for (let c = 0; c < 10; c++) for (let j = c * 50; j < c * 50 + 50; j++) m[c * P + j] = (c + 1) / 10;
    return m;
  }

  it('removes the mean-difference direction (orthogonal where unclipped) and keeps images in [0, 1]', () => {
    const means = handMeans();
    const n = 3;
    const y = [1, 4, 2];
    const t = [2, 5, 2]; // the last row has t = y: u = 0, delta kept
    const rng = createRng(21);
    const delta = Float32Array.from({ length: n * P }, () => rng.normal() * 0.05 + 0.02);
    const mid = new Float32Array(n * P).fill(0.5);
    const out = removeMeanDirection(mid, delta, y, t, means);
    for (let i = 0; i < 2; i++) {
      let dot = 0, dd = 0, along = 0;
      for (let j = 0; j < P; j++) {
        const md = means[t[i] * P + j] - means[y[i] * P + j];
        dot += out[i * P + j] * md;
        along += delta[i * P + j] * md;
        dd += out[i * P + j] ** 2;
      }
      expect(Math.abs(along)).toBeGreaterThan(0.1); // there was something to remove
      expect(Math.abs(dot) / Math.sqrt(dd)).toBeLessThan(1e-5);
    }
    for (let j = 0; j < P; j++) expect(out[2 * P + j]).toBeCloseTo(delta[2 * P + j], 6);
    // Near the edges of [0, 1] the result is clipped back in.
    const xs = randomImages(n, 22);
    const big = Float32Array.from(delta, (v) => v * 20);
    const clipped = removeMeanDirection(xs, big, y, t, means);
    for (let k = 0; k < xs.length; k++) {
      expect(xs[k] + clipped[k]).toBeGreaterThanOrEqual(-1e-6);
      expect(xs[k] + clipped[k]).toBeLessThanOrEqual(1 + 1e-6);
    }
  });

  it('measures L2, Linf, mean |delta| and the cosine with the mean difference on hand-made deltas', () => {
    const means = handMeans();
    const y = [0, 3, 6, 1];
    const t = [1, 4, 7, 2];
    const delta = new Float32Array(4 * P);
    // Row 0: 3 on one pixel of class 1's block: L2 3, Linf 3.
    delta[0 * P + 60] = 3;
    // Row 1: exactly 0.5 · unit(mean[4] − mean[3]), the difference being +0.5 on 50 pixels and −0.4 on 50: L2 0.5, cosine 1.
    const norm1 = Math.sqrt(50 * (0.5 ** 2 + 0.4 ** 2));
    for (let j = 0; j < P; j++) delta[1 * P + j] = (0.5 * (means[4 * P + j] - means[3 * P + j])) / norm1;
    // Row 2: 3-4-0 on two pixels outside both blocks: L2 5, Linf 4, cosine 0.
    delta[2 * P + 700] = 3;
    delta[2 * P + 701] = -4;
    // Row 3: zero: L2 0, cosine 0.
    const s = perturbationStats(delta, y, t, means);
    expect(s.meanL2).toBeCloseTo((3 + 0.5 + 5 + 0) / 4, 5);
    expect(s.medianL2).toBeCloseTo(0.5, 5); // lower middle of [0, 0.5, 3, 5], as torch.median
    const linf1 = (0.5 * 0.5) / norm1;
    expect(s.meanLinf).toBeCloseTo((3 + linf1 + 4 + 0) / 4, 5);
    const abs1 = (0.5 * 50 * (0.5 + 0.4)) / norm1;
    expect(s.meanAbsPerPixel).toBeCloseTo((3 + abs1 + 7) / (4 * P), 7);
    // Row 0: mean[1] − mean[0] is 0.2 on 50 pixels (60 among them) and −0.1 on 50: cos = 0.2 / sqrt(50·0.05).
    const cos0 = 0.2 / Math.sqrt(50 * (0.04 + 0.01));
    expect(s.cosWithMeanDiff).toBeCloseTo((cos0 + 1 + 0 + 0) / 4, 5);
  });
});
