/**
 * Test helpers: the clock-pizza transformer written the plain way, twice, to check the fast
 * model against: a float64 loop over rows, positions and heads, and a tfjs version that follows
 * modadd.py's class TF line by line (both positions, softmax over keys, batched per head).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ParamName, Params } from './model';

type Values = Record<ParamName, Float32Array>;

/**
 * Float64 loops, as modadd.py TF.forward.
 * @returns logits [n, p] row-major
 */
export function naiveLogits(W: Values, D: Dims, a: ArrayLike<number>, b: ArrayLike<number>, alpha: number): Float64Array {
  const { p, d_model: d, heads: H, d_head: e, d_mlp: m } = D;
  const n = a.length;
  const out = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    const tok = [a[r], b[r]];
    const x = [0, 1].map((pos) => Array.from({ length: d }, (_, j) => W.W_E[tok[pos] * d + j] + W.W_pos[pos * d + j]));
    const x2 = x.map((row) => row.slice());
    for (let h = 0; h < H; h++) {
      const proj = (Wt: Float32Array, pos: number) =>
        Array.from({ length: e }, (_, c) => {
          let t = 0;
          for (let j = 0; j < d; j++) t += x[pos][j] * Wt[h * d * e + j * e + c];
          return t;
        });
      const q = [0, 1].map((pos) => proj(W.W_Q, pos));
      const k = [0, 1].map((pos) => proj(W.W_K, pos));
      const v = [0, 1].map((pos) => proj(W.W_V, pos));
      for (let i = 0; i < 2; i++) {
        const sc = [0, 1].map((j) => q[i].reduce((t, qi, c) => t + qi * k[j][c], 0) / Math.sqrt(e));
        const mx = Math.max(...sc);
        const ex = sc.map((s) => Math.exp(s - mx));
        const att = ex.map((t) => alpha * (t / (ex[0] + ex[1])) + (1 - alpha));
        const z = Array.from({ length: e }, (_, c) => att[0] * v[0][c] + att[1] * v[1][c]);
        for (let j = 0; j < d; j++) {
          let t = 0;
          for (let c = 0; c < e; c++) t += z[c] * W.W_O[h * e * d + c * d + j];
          x2[i][j] += t;
        }
      }
    }
    const last = x2[1];
    const hid = Array.from({ length: m }, (_, u) => {
      let t = W.b_in[u];
      for (let j = 0; j < d; j++) t += last[j] * W.W_in[j * m + u];
      return Math.max(0, t);
    });
    const fin = last.map((xj, j) => {
      let t = xj + W.b_out[j];
      for (let u = 0; u < m; u++) t += hid[u] * W.W_out[u * d + j];
      return t;
    });
    for (let c = 0; c < p; c++) {
      let t = 0;
      for (let j = 0; j < d; j++) t += fin[j] * W.W_U[j * p + c];
      out[r * p + c] = t;
    }
  }
  return out;
}

/** One-hot float32 of int labels, [n, depth]. */
export function hot(idx: ArrayLike<number>, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(tf.tensor1d(Array.from(idx), 'int32'), depth), 'float32') as tf.Tensor2D;
}

/**
 * modadd.py's TF.forward in tfjs: x [n, 2, d], per head q, k, v [n, 2, e], softmax over keys.
 * The embedding is a one-hot matMul (so that tf.grads works on it). @returns logits [n, p]
 */
export function plainLogits(P: Params, a: ArrayLike<number>, b: ArrayLike<number>, alpha: number): tf.Tensor2D {
  const [H, d, e] = P.W_Q.shape;
  const p = P.W_E.shape[0];
  const n = a.length;
  const Ea = tf.matMul(hot(a, p), P.W_E as tf.Tensor2D);
  const Eb = tf.matMul(hot(b, p), P.W_E as tf.Tensor2D);
  let x = tf.add(tf.stack([Ea, Eb], 1), P.W_pos) as tf.Tensor3D; // [n, 2, d]
  const flat = tf.reshape(x, [2 * n, d]) as tf.Tensor2D;
  let attn: tf.Tensor = tf.zeros([n, 2, d]);
  for (let h = 0; h < H; h++) {
    const head = (W: tf.Tensor) => tf.reshape(tf.matMul(flat, tf.reshape(tf.slice(W, [h, 0, 0], [1, d, e]), [d, e]) as tf.Tensor2D), [n, 2, e]) as tf.Tensor3D;
    const q = head(P.W_Q);
    const k = head(P.W_K);
    const v = head(P.W_V);
    const att = tf.add(tf.mul(tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(e))), alpha), 1 - alpha) as tf.Tensor3D;
    const z = tf.matMul(att, v); // [n, 2, e]
    const WO = tf.reshape(tf.slice(P.W_O, [h, 0, 0], [1, e, d]), [e, d]) as tf.Tensor2D;
    attn = tf.add(attn, tf.reshape(tf.matMul(tf.reshape(z, [2 * n, e]) as tf.Tensor2D, WO), [n, 2, d]));
  }
  x = tf.add(x, attn) as tf.Tensor3D;
  const xf = tf.reshape(x, [2 * n, d]) as tf.Tensor2D;
  const mlp = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xf, P.W_in as tf.Tensor2D), P.b_in)) as tf.Tensor2D, P.W_out as tf.Tensor2D), P.b_out);
  x = tf.reshape(tf.add(xf, mlp), [n, 2, d]) as tf.Tensor3D;
  const lastPos = tf.reshape(tf.slice(x, [0, 1, 0], [n, 1, d]), [n, d]) as tf.Tensor2D;
  return tf.matMul(lastPos, P.W_U as tf.Tensor2D);
}

/** Mean cross-entropy the textbook way (−log softmax at the label). @returns scalar */
export function plainCrossEntropy(z: tf.Tensor2D, y: ArrayLike<number>): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(z), hot(y, z.shape[1])), 1))) as tf.Scalar;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`lengths differ: ${x.length} vs ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}
