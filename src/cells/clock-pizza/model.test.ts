import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { dims, embed, embeddingGradients, initParams, logits, logitsFromEmbeddings, makeOneHots, mm, PARAM_NAMES, paramShapes, type Params } from './model';
import { correct, crossEntropy, rowCrossEntropy } from '../../core/loss';
import { gradientSymmetricity } from './metrics';
import { hot, maxAbs, maxAbsDiff, naiveLogits, plainCrossEntropy, plainLogits } from './reference.fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const D = dims(5, 8);
const allPairs = (p: number) => {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) a.push(i), b.push(j);
  return { a: Int32Array.from(a), b: Int32Array.from(b) };
};

/** Random parameters with non-zero biases (zero biases would hide a missing bias). */
function randomValues(seed: number) {
  const v = initParams(D, seed);
  v.b_in = v.b_in.map((_, i) => 0.1 * Math.sin(i + seed));
  v.b_out = v.b_out.map((_, i) => 0.1 * Math.cos(i + seed));
  return v;
}

function toParams(v: ReturnType<typeof initParams>): Params {
  const shapes = paramShapes(D);
  const P: Partial<Params> = {};
  for (const name of PARAM_NAMES) P[name] = tf.tensor(v[name], shapes[name], 'float32');
  return P as Params;
}

describe('clock-pizza parameters', () => {
  it('have modadd.py shapes and scales: 1/√d, 1/√d_mlp (W_out), 1/√p (W_U), zero biases', () => {
    const Dl = dims(59, 128);
    const v = initParams(Dl, 3);
    const shapes = paramShapes(Dl);
    expect(shapes.W_Q).toEqual([4, 128, 32]);
    expect(shapes.W_O).toEqual([4, 32, 128]);
    expect(shapes.W_in).toEqual([128, 512]);
    const sd = (x: Float32Array) => Math.sqrt(x.reduce((t, y) => t + y * y, 0) / x.length);
    for (const name of ['W_E', 'W_Q', 'W_K', 'W_V', 'W_O', 'W_in'] as const) expect(sd(v[name]) * Math.sqrt(128)).toBeCloseTo(1, 1);
    expect(sd(v.W_out) * Math.sqrt(512)).toBeCloseTo(1, 1);
    expect(sd(v.W_U) * Math.sqrt(59)).toBeCloseTo(1, 1);
    expect(maxAbs(v.b_in) + maxAbs(v.b_out)).toBe(0);
    expect(Array.from(initParams(Dl, 3).W_E)).toEqual(Array.from(v.W_E));
    expect(maxAbsDiff(initParams(Dl, 4).W_E, v.W_E)).toBeGreaterThan(0.1);
    expect(() => dims(59, 30)).toThrow(/divisible/);
  });
});

describe('clock-pizza forward pass', () => {
  it.each([0, 0.5, 1])('alpha %s: equals a float64 loop over rows, positions and heads (p = 5, d_model 8)', (alpha) => {
    const v = randomValues(7);
    const { a, b } = allPairs(5);
    const want = naiveLogits(v, D, a, b, alpha);
    const got = tf.tidy(() => {
      const P = toParams(v);
      return logits(P, makeOneHots(a, b, 5, true), alpha).dataSync();
    });
    expect(got.length).toBe(25 * 5);
    expect(maxAbs(want)).toBeGreaterThan(0.1);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5 * Math.max(1, maxAbs(want)));
  });

  it('alpha matters: the three rates give different logits', () => {
    const v = randomValues(1);
    const { a, b } = allPairs(5);
    const [l0, l5, l1] = [0, 0.5, 1].map((al) => naiveLogits(v, D, a, b, al));
    expect(maxAbsDiff(l0, l1)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(l5, l1)).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(l5, l0)).toBeGreaterThan(1e-4);
  });

  it('has the same gradients as modadd.py written in tfjs (both positions, softmax, per head)', () => {
    const v = randomValues(11);
    const { a, b } = allPairs(5);
    const y = Array.from(a, (ai, i) => (ai + b[i]) % 5);
    for (const alpha of [0, 0.5, 1]) {
      const [fast, plain, lf, lp] = tf.tidy(() => {
        const P0 = toParams(v);
        const xs = PARAM_NAMES.map((n) => P0[n]);
        const oh = makeOneHots(a, b, 5, true);
        const Y = hot(y, 5);
        const asP = (ws: tf.Tensor[]) => Object.fromEntries(PARAM_NAMES.map((n, i) => [n, ws[i]])) as unknown as Params;
        const gf = tf.grads((...ws: tf.Tensor[]) => crossEntropy(logits(asP(ws), oh, alpha), Y))(xs);
        const gp = tf.grads((...ws: tf.Tensor[]) => plainCrossEntropy(plainLogits(asP(ws), a, b, alpha), y))(xs);
        return [gf.map((g) => g.dataSync()), gp.map((g) => g.dataSync()), crossEntropy(logits(P0, oh, alpha), Y).dataSync()[0], plainCrossEntropy(plainLogits(P0, a, b, alpha), y).dataSync()[0]];
      }) as unknown as [Float32Array[], Float32Array[], number, number];
      expect(lf).toBeCloseTo(lp, 5);
      PARAM_NAMES.forEach((name, i) => {
        const scale = maxAbs(plain[i]);
        if (alpha === 0 && (name === 'W_Q' || name === 'W_K')) expect(scale, name).toBe(0);
        else expect(scale, `${name} alpha ${alpha}`).toBeGreaterThan(1e-5);
        expect(maxAbsDiff(fast[i], plain[i]), `${name} alpha ${alpha}`).toBeLessThan(1e-4 * Math.max(scale, 1e-3));
      });
    }
  });

  it('mm has the gradient of matMul', () => {
    const A = tf.randomNormal([6, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
    const B = tf.randomNormal([4, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const W = tf.randomNormal([6, 3], 0, 1, 'float32', 3);
    const f1 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mm(x as tf.Tensor2D, y as tf.Tensor2D), W)))([A, B]);
    const f2 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), W)))([A, B]);
    expect(maxAbsDiff(f1[0].dataSync(), f2[0].dataSync())).toBeLessThan(1e-5);
    expect(maxAbsDiff(f1[1].dataSync(), f2[1].dataSync())).toBeLessThan(1e-5);
    expect(maxAbs(f1[1].dataSync())).toBeGreaterThan(0.1);
    tf.dispose([A, B, W, ...f1, ...f2]);
  });

  it('embeds by one-hot matMul: rows of W_E, and the gradient scatters back to the used rows', () => {
    const W_E = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const oh = makeOneHots(Int32Array.from([2, 0]), Int32Array.from([1, 1]), 3, true);
    const { Ea, Eb } = embed(W_E, oh);
    expect(Array.from(Ea.dataSync())).toEqual([5, 6, 1, 2]);
    expect(Array.from(Eb.dataSync())).toEqual([3, 4, 3, 4]);
    const g = tf.grad((w: tf.Tensor) => {
      const e = embed(w, oh);
      return tf.add(tf.sum(e.Ea), tf.mul(tf.sum(e.Eb), 10));
    })(W_E);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 20, 20, 1, 1]);
    tf.dispose([W_E, oh.A, oh.B, oh.AT!, oh.BT!, Ea, Eb, g]);
  });
});

describe('clock-pizza cross-entropy', () => {
  it('equals a float64 computation, and its gradient is (softmax − Y)/n', () => {
    const z = [
      [0.3, -1.2, 2.5, 0],
      [10, 9.5, -3, 1],
      [-0.5, -0.5, -0.5, 4],
    ];
    const y = [2, 1, 0];
    let want = 0;
    z.forEach((row, i) => {
      const m = Math.max(...row);
      want += (m + Math.log(row.reduce((t, v) => t + Math.exp(v - m), 0)) - row[y[i]]) / z.length;
    });
    const zt = tf.tensor2d(z);
    const Y = hot(y, 4);
    const loss = crossEntropy(zt, Y).dataSync()[0];
    expect(loss).toBeCloseTo(want, 6);
    expect(Array.from(rowCrossEntropy(zt, Y).dataSync()).reduce((t, v) => t + v, 0) / 3).toBeCloseTo(want, 6);
    const g1 = tf.grad((x: tf.Tensor) => crossEntropy(x as tf.Tensor2D, Y))(zt).dataSync();
    const g2 = tf.grad((x: tf.Tensor) => plainCrossEntropy(x as tf.Tensor2D, y))(zt).dataSync();
    expect(maxAbsDiff(g1, g2)).toBeLessThan(1e-6);
    expect(maxAbs(g1)).toBeGreaterThan(0.1);
    expect(Array.from(correct(zt, tf.tensor1d(y, 'int32')).dataSync())).toEqual([1, 0, 0]);
  });

  it('stays finite and exact for huge logits (1e4)', () => {
    const zt = tf.tensor2d([
      [1e4, 0, -1e4],
      [1e4, 1e4, 0],
    ]);
    const Y = hot([1, 0], 3);
    const rows = rowCrossEntropy(zt, Y).dataSync();
    expect(rows[0]).toBeCloseTo(1e4, 2);
    expect(rows[1]).toBeCloseTo(Math.log(2), 6);
    const loss = crossEntropy(zt, Y).dataSync()[0];
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo((1e4 + Math.log(2)) / 2, 2);
    const g = tf.grad((x: tf.Tensor) => crossEntropy(x as tf.Tensor2D, Y))(zt).dataSync();
    expect(g.every(Number.isFinite)).toBe(true);
    expect(g[0]).toBeCloseTo(0.5, 6); // (softmax 1 − 0) / 2
  });
});

describe('cross-entropy when the loss is tiny (late in a grokking run)', () => {
  // Float64 references: the loss log(Σ e^(z − z_y)) and its gradient p_j (j ≠ y), −Σ_{j≠y} p_j (j = y).
  const z = [
    [18, 0, 0, 0], // loss 3·e^-18 ≈ 4.6e-8: 1 + S rounds to 1 in float32
    [25, 3, -2, 1], // ≈ 2.8e-10
    [9, 0.5, -1, 2], // ≈ 1.1e-4
    [1, 2, 3, 4], // the label is not the argmax: ≈ 3.44
  ];
  const y = [0, 0, 0, 1];
  const n = z.length;
  const rows = z.map((r, i) => Math.log(r.reduce((t, v) => t + Math.exp(v - r[y[i]]), 0)));
  const grad = z.map((r, i) => {
    const m = Math.max(...r);
    const se = r.reduce((t, v) => t + Math.exp(v - m), 0);
    const pr = r.map((v) => Math.exp(v - m) / se);
    const wrong = pr.reduce((t, v, j) => (j === y[i] ? t : t + v), 0);
    return pr.map((v, j) => (j === y[i] ? -wrong : v) / n);
  });

  it('reads each row loss to 1e-5 relative, where logsumexp − z_y reads 0', () => {
    const got = tf.tidy(() => rowCrossEntropy(tf.tensor2d(z), hot(y, 4)).dataSync());
    rows.forEach((want, i) => expect(Math.abs(got[i] - want) / want, `row ${i}: ${got[i]} vs ${want}`).toBeLessThan(1e-5));
    const mean = tf.tidy(() => crossEntropy(tf.tensor2d(z), hot(y, 4)).dataSync()[0]);
    const want = rows.reduce((t, v) => t + v, 0) / n;
    expect(Math.abs(mean - want) / want).toBeLessThan(1e-5);
  });

  it('gives the correct class the gradient −Σ wrong probabilities, not p_y − 1 (which rounds to 0)', () => {
    const g = tf.tidy(() => {
      const Y = hot(y, 4);
      return tf.grad((x: tf.Tensor) => crossEntropy(x as tf.Tensor2D, Y))(tf.tensor2d(z)).dataSync();
    });
    grad.flat().forEach((want, k) => {
      expect(Math.abs(g[k] - want), `entry ${k}: ${g[k]} vs ${want}`).toBeLessThanOrEqual(1e-5 * Math.abs(want) + 1e-30);
    });
    expect(g[0]).toBeLessThan(0); // row 0's label gets a (tiny) push up
    expect(g[4]).toBeLessThan(-1e-12); // row 1's too, at 2.8e-10 / 4
  });
});

describe('per-row embedding gradients in one tf.grads call', () => {
  it('give s_g = 1 for a logit that depends only on E_a + E_b', () => {
    const n = 100;
    const d = 8;
    const Wr = tf.randomNormal([d, 7], 0, 0.1, 'float32', 5) as tf.Tensor2D;
    const f = (ea: tf.Tensor2D, eb: tf.Tensor2D) => tf.tanh(tf.matMul(tf.square(tf.add(ea, eb)), Wr)) as tf.Tensor2D;
    const Ea = tf.randomNormal([n, d], 0, 1, 'float32', 6) as tf.Tensor2D;
    const Eb = tf.randomNormal([n, d], 0, 1, 'float32', 7) as tf.Tensor2D;
    const C = hot(Array.from({ length: n }, (_, i) => (i * 3) % 7), 7);
    const [gA, gB] = embeddingGradients(f, Ea, Eb, C);
    expect(gradientSymmetricity(gA.dataSync() as Float32Array, gB.dataSync() as Float32Array, d)).toBeCloseTo(1, 5);
    // And an asymmetric logit (E_a² + E_b) is not: the measure can fail.
    const g = (ea: tf.Tensor2D, eb: tf.Tensor2D) => tf.tanh(tf.matMul(tf.add(tf.square(ea), eb), Wr)) as tf.Tensor2D;
    const [hA, hB] = embeddingGradients(g, Ea, Eb, C);
    expect(gradientSymmetricity(hA.dataSync() as Float32Array, hB.dataSync() as Float32Array, d)).toBeLessThan(0.5);
  });

  it('equal one tf.grads call per row, for the transformer', () => {
    const v = randomValues(3);
    const a = [0, 3, 4, 1];
    const b = [2, 2, 0, 4];
    const c = [1, 0, 4, 3];
    tf.tidy(() => {
      const P = toParams(v);
      const f = (ea: tf.Tensor2D, eb: tf.Tensor2D) => logitsFromEmbeddings(P, ea, eb, 0.5);
      const Ea = tf.matMul(hot(a, 5), P.W_E as tf.Tensor2D) as tf.Tensor2D;
      const Eb = tf.matMul(hot(b, 5), P.W_E as tf.Tensor2D) as tf.Tensor2D;
      const [gA, gB] = embeddingGradients(f, Ea, Eb, hot(c, 5));
      for (let i = 0; i < a.length; i++) {
        const [ga, gb] = embeddingGradients(f, tf.slice(Ea, [i, 0], [1, 8]) as tf.Tensor2D, tf.slice(Eb, [i, 0], [1, 8]) as tf.Tensor2D, hot([c[i]], 5));
        expect(maxAbsDiff(ga.dataSync(), tf.slice(gA, [i, 0], [1, 8]).dataSync())).toBeLessThan(1e-6);
        expect(maxAbsDiff(gb.dataSync(), tf.slice(gB, [i, 0], [1, 8]).dataSync())).toBeLessThan(1e-6);
        expect(maxAbs(ga.dataSync())).toBeGreaterThan(1e-3);
      }
    });
  });
});
