/**
 * Zhong et al.'s one-layer transformer for (a + b) mod p, as class TF of the PyTorch reference
 * (shared/reference/modadd.py): tokens [a, b] (no '=' token), learned positions, 4 heads, no
 * LayerNorm, no causal mask, a ReLU MLP, logits read at the last position.
 *
 *   x   = [E_a, E_b] + W_pos                                   [n, 2, d]
 *   att = α softmax(q kᵀ / √d_head) + (1 − α) J                [n, h, 2, 2]  (J all ones, not renormalised)
 *   x  += Σ_h (att v)_h W_O[h]
 *   x  += relu(x W_in + b_in) W_out + b_out
 *   out = x[:, 1] W_U                                          [n, p]
 *
 * Computed exactly but more cheaply: only position 1's residual stream reaches the logits, so
 * position 0 contributes its keys and values only; the softmax over two keys is a sigmoid; heads
 * are folded into [d, h·d_head] matrices, so there is no batched matMul at all.
 *
 * Every matMul goes through `mm`, whose gradient transposes its operands explicitly: tfjs-wasm's
 * matMul with transposeA/transposeB is 10-25x slower than a plain one (measured in Node, [2784,128]
 * by [128,512]: 31 ms plain, 627 ms transposeA, 345 ms transposeB). Embeddings are one-hot matMuls
 * (tfjs-wasm has no gradient kernel for gather), with a constant transposed one-hot for the gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mm } from '../../core/matmul';
import { createRng } from '../../core/rng';
import { HEADS, MLP_RATIO } from './config';
import { oneHotF32 } from '../../core/modular';

export const PARAM_NAMES = ['W_E', 'W_pos', 'W_Q', 'W_K', 'W_V', 'W_O', 'W_in', 'b_in', 'W_out', 'b_out', 'W_U'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];
/** The model's parameters on the device (variables or plain tensors), shapes as paramShapes. */
export type Params = Record<ParamName, tf.Tensor>;

export interface Dims {
  p: number;
  d_model: number;
  heads: number;
  d_head: number;
  d_mlp: number;
}

export function dims(p: number, d_model: number): Dims {
  if (d_model % HEADS !== 0) throw new Error(`clock-pizza: d_model ${d_model} is not divisible by ${HEADS} heads`);
  return { p, d_model, heads: HEADS, d_head: d_model / HEADS, d_mlp: MLP_RATIO * d_model };
}

/** Each parameter's shape, as in modadd.py (W_Q, W_K, W_V [h, d, d_head]; W_O [h, d_head, d]). */
export function paramShapes(D: Dims): Record<ParamName, number[]> {
  const { p, d_model: d, heads: h, d_head: e, d_mlp: m } = D;
  return {
    W_E: [p, d],
    W_pos: [2, d],
    W_Q: [h, d, e],
    W_K: [h, d, e],
    W_V: [h, d, e],
    W_O: [h, e, d],
    W_in: [d, m],
    b_in: [m],
    W_out: [m, d],
    b_out: [d],
    W_U: [d, p],
  };
}

/**
 * Initial values as modadd.py: N(0, 1) / √d_model for W_E, W_pos, W_Q, W_K, W_V, W_O, W_in;
 * / √d_mlp for W_out; / √p for W_U; zero biases. Drawn from createRng(seed) in PARAM_NAMES order,
 * row-major (our stream, not torch's).
 * @returns row-major values, shapes as paramShapes(D)
 */
export function initParams(D: Dims, seed: number): Record<ParamName, Float32Array> {
  const rng = createRng(seed);
  const shapes = paramShapes(D);
  const scale: Record<ParamName, number> = {
    W_E: 1 / Math.sqrt(D.d_model),
    W_pos: 1 / Math.sqrt(D.d_model),
    W_Q: 1 / Math.sqrt(D.d_model),
    W_K: 1 / Math.sqrt(D.d_model),
    W_V: 1 / Math.sqrt(D.d_model),
    W_O: 1 / Math.sqrt(D.d_model),
    W_in: 1 / Math.sqrt(D.d_model),
    b_in: 0,
    W_out: 1 / Math.sqrt(D.d_mlp),
    b_out: 0,
    W_U: 1 / Math.sqrt(D.p),
  };
  const out = {} as Record<ParamName, Float32Array>;
  for (const name of PARAM_NAMES) {
    const v = new Float32Array(shapes[name].reduce((t, s) => t * s, 1));
    if (scale[name] !== 0) for (let i = 0; i < v.length; i++) v[i] = rng.normal() * scale[name];
    out[name] = v;
  }
  return out;
}

// mm: a @ b with explicitly transposed operands in its gradient (src/core/matmul.ts).
export { mm };

/** Constant one-hots of a set of rows (a, b). */
export interface OneHots {
  /** [n, p] float32 one-hot of a */
  A: tf.Tensor2D;
  /** [n, p] float32 one-hot of b */
  B: tf.Tensor2D;
  /** [p, n], Aᵀ (present when the rows are trained on) */
  AT?: tf.Tensor2D;
  /** [p, n], Bᵀ */
  BT?: tf.Tensor2D;
}

/** @param a [n] @param b [n] residues; built as int32 and cast (tfjs-wasm's OneHot ignores a float dtype). */
export function makeOneHots(a: Int32Array, b: Int32Array, p: number, withTranspose: boolean): OneHots {
  return tf.tidy(() => {
    const A = oneHotF32(tf.tensor1d(a, 'int32'), p);
    const B = oneHotF32(tf.tensor1d(b, 'int32'), p);
    return withTranspose ? { A, B, AT: tf.transpose(A), BT: tf.transpose(B) } : { A, B };
  });
}

export function disposeOneHots(o: OneHots): void {
  tf.dispose([o.A, o.B]);
  if (o.AT) o.AT.dispose();
  if (o.BT) o.BT.dispose();
}

/**
 * X @ W_E with gradient XT @ dy (XT the constant transpose; no gradient for X).
 * @param X [n, p] @param XT [p, n] @param W_E [p, d] @returns [n, d]
 */
function embedRows(W_E: tf.Tensor2D, X: tf.Tensor2D, XT: tf.Tensor2D | undefined): tf.Tensor2D {
  if (!XT) return tf.matMul(X, W_E);
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.matMul(X, args[0] as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor) => tf.matMul(XT, dy as tf.Tensor2D),
  }))(W_E) as tf.Tensor2D;
}

/** @returns E_a [n, d] and E_b [n, d], the token embeddings of the rows. */
export function embed(W_E: tf.Tensor, oh: OneHots): { Ea: tf.Tensor2D; Eb: tf.Tensor2D } {
  return { Ea: embedRows(W_E as tf.Tensor2D, oh.A, oh.AT), Eb: embedRows(W_E as tf.Tensor2D, oh.B, oh.BT) };
}

/** [h, d, e] -> [d, h·e]: column h·e + j is head h's column j. */
function foldHeads(W: tf.Tensor): tf.Tensor2D {
  const [h, d, e] = W.shape;
  return tf.reshape(tf.transpose(W, [1, 0, 2]), [d, h * e]);
}

/**
 * The logits from the two token embeddings (so that gradients with respect to E_a, E_b can be taken).
 * @param Ea [n, d] embedding of a (position 0)
 * @param Eb [n, d] embedding of b (position 1)
 * @returns logits [n, p]
 */
export function logitsFromEmbeddings(P: Params, Ea: tf.Tensor2D, Eb: tf.Tensor2D, alpha: number): tf.Tensor2D {
  const [h, , e] = P.W_Q.shape;
  const n = Ea.shape[0];
  const d = Ea.shape[1];
  const he = h * e;
  const x0 = tf.add(Ea, tf.slice(P.W_pos, [0, 0], [1, d])) as tf.Tensor2D;
  const x1 = tf.add(Eb, tf.slice(P.W_pos, [1, 0], [1, d])) as tf.Tensor2D;
  const W_QKV = tf.concat([foldHeads(P.W_Q), foldHeads(P.W_K), foldHeads(P.W_V)], 1) as tf.Tensor2D; // [d, 3he]
  const W_KV = tf.slice(W_QKV, [0, he], [d, 2 * he]) as tf.Tensor2D; // [d, 2he]
  const qkv1 = mm(x1, W_QKV); // [n, 3he]
  const kv0 = mm(x0, W_KV); // [n, 2he]
  const part = (t: tf.Tensor2D, i: number) => tf.reshape(tf.slice(t, [0, i * he], [n, he]), [n, h, e]);
  const q1 = part(qkv1, 0);
  const k1 = part(qkv1, 1);
  const v1 = part(qkv1, 2);
  const k0 = part(kv0, 0);
  const v0 = part(kv0, 1);
  // The query at position 1 against keys 0 and 1: a softmax over two entries is a sigmoid.
  const scale = 1 / Math.sqrt(e);
  const s0 = tf.sum(tf.mul(q1, k0), 2); // [n, h]
  const s1 = tf.sum(tf.mul(q1, k1), 2);
  const diff = tf.mul(tf.sub(s1, s0), scale);
  const att1 = tf.add(tf.mul(tf.sigmoid(diff), alpha), 1 - alpha);
  const att0 = tf.add(tf.mul(tf.sigmoid(tf.neg(diff)), alpha), 1 - alpha);
  const z = tf.add(tf.mul(tf.expandDims(att0, 2), v0), tf.mul(tf.expandDims(att1, 2), v1)); // [n, h, e]
  const attnOut = mm(tf.reshape(z, [n, he]), tf.reshape(P.W_O, [he, d]) as tf.Tensor2D);
  const r = tf.add(x1, attnOut) as tf.Tensor2D;
  const hidden = tf.relu(tf.add(mm(r, P.W_in as tf.Tensor2D), P.b_in)) as tf.Tensor2D;
  const r2 = tf.add(tf.add(r, mm(hidden, P.W_out as tf.Tensor2D)), P.b_out) as tf.Tensor2D;
  return mm(r2, P.W_U as tf.Tensor2D);
}

/** @returns logits [n, p] of the rows whose one-hots are given. */
export function logits(P: Params, oh: OneHots, alpha: number): tf.Tensor2D {
  const { Ea, Eb } = embed(P.W_E, oh);
  return logitsFromEmbeddings(P, Ea, Eb, alpha);
}

/**
 * Gradients of each row's logit of its class c with respect to that row's own token embeddings,
 * in one tf.grads call: Q = Σ_i logit_i[c_i] and row i's logits depend on row i's inputs only,
 * so ∂Q/∂E_a[i] = ∂logit_i[c_i]/∂E_a[i]. Call inside tf.tidy.
 * @param logitFn (E_a [n, d], E_b [n, d]) -> logits [n, p]
 * @param C [n, p] one-hot float32 of the classes c
 * @returns gA [n, d], gB [n, d]
 */
export function embeddingGradients(
  logitFn: (Ea: tf.Tensor2D, Eb: tf.Tensor2D) => tf.Tensor2D,
  Ea: tf.Tensor2D,
  Eb: tf.Tensor2D,
  C: tf.Tensor2D,
): [tf.Tensor2D, tf.Tensor2D] {
  const Q = (ea: tf.Tensor, eb: tf.Tensor) => tf.sum(tf.mul(logitFn(ea as tf.Tensor2D, eb as tf.Tensor2D), C));
  const [gA, gB] = tf.grads(Q)([Ea, Eb]);
  return [gA as tf.Tensor2D, gB as tf.Tensor2D];
}
