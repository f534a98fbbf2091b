/**
 * The coin-run agent (goalmisgen.py's `Agent`): a tanh MLP trunk nIn → 64 → 64 with a 4-way policy head and a
 * scalar value head. Two forward passes share one weight layout (row-major, W [in, out]):
 *   - `forward`: tfjs ops, differentiable, used by the PPO optimisation on minibatches;
 *   - `PolicySnapshot`: plain JS on a copy of the weights, used for rollouts (64 levels × 64 steps per update),
 *     where a tfjs call per step costs more than the arithmetic. Observations are mostly zeros, so the first
 *     layer only visits the non-zero inputs.
 */
import { ACTIONS, HIDDEN } from './config';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../core/rng';

export { ACTIONS, HIDDEN };
/** W1 [nIn, 64], b1 [64], W2 [64, 64], b2 [64], Wpi [64, 4], bpi [4], Wv [64, 1], bv [1]. */
export const PARAM_NAMES = ['W1', 'b1', 'W2', 'b2', 'Wpi', 'bpi', 'Wv', 'bv'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];
export type PolicyParams = Record<ParamName, { shape: number[]; values: Float32Array }>;

/** U(−bound, bound) values, drawn in order from rng. */
function uniform(n: number, bound: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng.next() - 1) * bound;
  return out;
}

/**
 * A [rows, cols] matrix (row-major, rows ≥ cols) with orthonormal columns times gain: Gram–Schmidt (applied twice
 * for float accuracy) on Gaussian draws, in float64. This is torch's orthogonal_ (QR with R's diagonal made
 * positive) in distribution.
 */
export function orthogonal(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  if (rows < cols) throw new Error(`orthogonal: need rows >= cols, got ${rows}x${cols}`);
  const Q: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const v = new Float64Array(rows);
    for (let i = 0; i < rows; i++) v[i] = rng.normal();
    for (let pass = 0; pass < 2; pass++) {
      for (const q of Q) {
        let d = 0;
        for (let i = 0; i < rows; i++) d += q[i] * v[i];
        for (let i = 0; i < rows; i++) v[i] -= d * q[i];
      }
    }
    let nrm = 0;
    for (let i = 0; i < rows; i++) nrm += v[i] * v[i];
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < rows; i++) v[i] /= nrm;
    Q.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) out[i * cols + j] = gain * Q[j][i];
  return out;
}

/**
 * Initial weights as PyTorch's nn.Linear (weights and biases U(−1/√fan_in, 1/√fan_in)), except the policy head:
 * orthogonal with gain 0.01 and zero bias (the reference's `nn.init.orthogonal_(pi.weight, 0.01)`).
 * Draws in the order W1, b1, W2, b2, Wpi, Wv, bv from rng.
 */
export function initPolicy(nIn: number, rng: Rng): PolicyParams {
  const bIn = 1 / Math.sqrt(nIn);
  const bH = 1 / Math.sqrt(HIDDEN);
  return {
    W1: { shape: [nIn, HIDDEN], values: uniform(nIn * HIDDEN, bIn, rng) },
    b1: { shape: [HIDDEN], values: uniform(HIDDEN, bIn, rng) },
    W2: { shape: [HIDDEN, HIDDEN], values: uniform(HIDDEN * HIDDEN, bH, rng) },
    b2: { shape: [HIDDEN], values: uniform(HIDDEN, bH, rng) },
    Wpi: { shape: [HIDDEN, ACTIONS], values: orthogonal(HIDDEN, ACTIONS, 0.01, rng) },
    bpi: { shape: [ACTIONS], values: new Float32Array(ACTIONS) },
    Wv: { shape: [HIDDEN, 1], values: uniform(HIDDEN, bH, rng) },
    bv: { shape: [1], values: uniform(1, bH, rng) },
  };
}

/**
 * tfjs forward: tanh(tanh(x W1 + b1) W2 + b2) → logits = z Wpi + bpi, value = z Wv + bv.
 * @param P the parameters by name @param x [n, nIn] @returns logits [n, 4] and value [n]
 */
export function forward(P: Record<string, tf.Tensor>, x: tf.Tensor2D): { logits: tf.Tensor2D; value: tf.Tensor1D } {
  return tf.tidy(() => {
    const z1 = tf.tanh(tf.add(tf.matMul(x, P.W1 as tf.Tensor2D), P.b1)) as tf.Tensor2D;
    const z2 = tf.tanh(tf.add(tf.matMul(z1, P.W2 as tf.Tensor2D), P.b2)) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(z2, P.Wpi as tf.Tensor2D), P.bpi) as tf.Tensor2D;
    const value = tf.reshape(tf.add(tf.matMul(z2, P.Wv as tf.Tensor2D), P.bv), [x.shape[0]]) as tf.Tensor1D;
    return { logits, value };
  });
}

/** The same forward in plain JS on a copy of the weights (Float32Arrays in the layout above), for rollouts. */
export class PolicySnapshot {
  private readonly W1: Float32Array;
  private readonly b1: Float32Array;
  private readonly W2: Float32Array;
  private readonly b2: Float32Array;
  private readonly Wpi: Float32Array;
  private readonly bpi: Float32Array;
  private readonly Wv: Float32Array;
  private readonly bv: Float32Array;
  private readonly h1 = new Float64Array(HIDDEN);
  private readonly h2 = new Float64Array(HIDDEN);

  /** @param weights by name (copied) @param nIn the observation length */
  constructor(weights: Record<string, Float32Array>, readonly nIn: number) {
    const take = (name: ParamName, size: number): Float32Array => {
      const w = weights[name];
      if (!w || w.length !== size) throw new Error(`PolicySnapshot: ${name} needs ${size} values, got ${w?.length}`);
      return Float32Array.from(w);
    };
    this.W1 = take('W1', nIn * HIDDEN);
    this.b1 = take('b1', HIDDEN);
    this.W2 = take('W2', HIDDEN * HIDDEN);
    this.b2 = take('b2', HIDDEN);
    this.Wpi = take('Wpi', HIDDEN * ACTIONS);
    this.bpi = take('bpi', ACTIONS);
    this.Wv = take('Wv', HIDDEN);
    this.bv = take('bv', 1);
  }

  /**
   * @param x [n, nIn] row-major observations @param n rows
   * @param logits out [n, 4] @param values out [n]
   * @param rows when given, only rows r with rows[r] set are computed (the others keep what they held)
   */
  forward(x: Float32Array, n: number, logits: Float32Array, values: Float32Array, rows?: Uint8Array): void {
    const { nIn, W1, b1, W2, b2, Wpi, bpi, Wv, bv, h1, h2 } = this;
    for (let r = 0; r < n; r++) {
      if (rows && !rows[r]) continue;
      for (let j = 0; j < HIDDEN; j++) h1[j] = b1[j];
      const xo = r * nIn;
      for (let i = 0; i < nIn; i++) {
        const xi = x[xo + i];
        if (xi === 0) continue;
        const wo = i * HIDDEN;
        for (let j = 0; j < HIDDEN; j++) h1[j] += xi * W1[wo + j];
      }
      for (let j = 0; j < HIDDEN; j++) h1[j] = Math.tanh(h1[j]);
      for (let j = 0; j < HIDDEN; j++) h2[j] = b2[j];
      for (let i = 0; i < HIDDEN; i++) {
        const hi = h1[i];
        const wo = i * HIDDEN;
        for (let j = 0; j < HIDDEN; j++) h2[j] += hi * W2[wo + j];
      }
      for (let j = 0; j < HIDDEN; j++) h2[j] = Math.tanh(h2[j]);
      let v = bv[0];
      for (let a = 0; a < ACTIONS; a++) {
        let s = bpi[a];
        for (let i = 0; i < HIDDEN; i++) s += h2[i] * Wpi[i * ACTIONS + a];
        logits[r * ACTIONS + a] = s;
      }
      for (let i = 0; i < HIDDEN; i++) v += h2[i] * Wv[i];
      values[r] = v;
    }
  }
}

/**
 * Sample one action per row from softmax(logits) (max-subtracted), one rng.next() per row.
 * @param logits [n, 4] @param actions out [n] @param logp out [n]: log-probability of the sampled action
 */
export function sampleActions(logits: Float32Array, n: number, rng: Rng, actions: Int32Array, logp: Float32Array): void {
  const e = new Float64Array(ACTIONS);
  for (let r = 0; r < n; r++) {
    const o = r * ACTIONS;
    let m = -Infinity;
    for (let a = 0; a < ACTIONS; a++) m = Math.max(m, logits[o + a]);
    let sum = 0;
    for (let a = 0; a < ACTIONS; a++) sum += e[a] = Math.exp(logits[o + a] - m);
    const u = rng.next() * sum;
    let pick = -1;
    let acc = 0;
    for (let a = 0; a < ACTIONS; a++) {
      if (e[a] === 0) continue;
      pick = a; // the last action with mass, should rounding leave u beyond the total
      acc += e[a];
      if (u < acc) break;
    }
    actions[r] = pick;
    logp[r] = logits[o + pick] - m - Math.log(sum);
  }
}
