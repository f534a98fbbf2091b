/**
 * PPO as goalmisgen.py's `train()`: GAE(γ, λ) advantages on a time-major rollout, then a clipped-surrogate loss
 * on minibatches with per-minibatch advantage normalisation, a value MSE and an entropy bonus, and gradients
 * clipped to a global norm (torch.nn.utils.clip_grad_norm_).
 *
 * The taken action's log-probability is selected by multiplying with a float32 one-hot (int32 one-hot, then
 * cast: the WASM backend's oneHot ignores dtype), not by gather, whose gradient needs UnsortedSegmentSum, a
 * kernel the WASM backend lacks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ACTIONS, forward } from './policy';

export interface PpoConfig {
  gamma: number;
  lam: number;
  clip: number;
  vf: number;
  ent: number;
  maxGradNorm: number;
}

export const PPO_DEFAULTS: PpoConfig = { gamma: 0.95, lam: 0.9, clip: 0.2, vf: 0.5, ent: 0.01, maxGradNorm: 0.5 };

/** One minibatch: observations [n, nIn], actions [n] int32, their log-probs at rollout time, advantages, returns. */
export interface PpoBatch {
  obs: tf.Tensor2D;
  act: tf.Tensor1D;
  logpOld: tf.Tensor1D;
  adv: tf.Tensor1D;
  ret: tf.Tensor1D;
}

/**
 * Generalised advantage estimation, as the reference:
 *   δ_t = r_t + γ V_{t+1} (1 − d_t) − V_t,   A_t = δ_t + γ λ (1 − d_t) A_{t+1},   ret_t = A_t + V_t,
 * with V_T = lastValues. done[t] means the episode ended AT step t (no bootstrap from t+1).
 * @param rew, done, values [T, N] time-major (index t * N + i) @param lastValues [N]
 * @returns adv and ret [T, N] time-major
 */
export function gae(
  rew: Float32Array,
  done: Float32Array,
  values: Float32Array,
  lastValues: Float32Array,
  T: number,
  N: number,
  gamma: number,
  lam: number,
): { adv: Float32Array; ret: Float32Array } {
  const size = T * N;
  if (rew.length !== size || done.length !== size || values.length !== size || lastValues.length !== N) {
    throw new Error(`gae: expected [${T}, ${N}] arrays and ${N} last values`);
  }
  const adv = new Float32Array(size);
  const ret = new Float32Array(size);
  for (let i = 0; i < N; i++) {
    let last = 0;
    let next = lastValues[i];
    for (let t = T - 1; t >= 0; t--) {
      const k = t * N + i;
      const nonterm = 1 - done[k];
      const delta = rew[k] + gamma * next * nonterm - values[k];
      last = delta + gamma * lam * nonterm * last;
      adv[k] = last;
      ret[k] = last + values[k];
      next = values[k];
    }
  }
  return { adv, ret };
}

/**
 * The PPO minibatch loss and its parts (scalars):
 *   Â = (A − mean A) / (std A + 1e-8)   (std unbiased, as torch.std; a 1-row minibatch gives NaN, as torch)
 *   ρ = exp(log π(a|s) − logpOld),   pg = −mean(min(ρ Â, clip(ρ, 1 − ε, 1 + ε) Â)),
 *   v = mean((V(s) − ret)²),   entropy = mean(−Σ_a π log π),   loss = pg + vf · v − ent · entropy.
 * log π is tf.logSoftmax (max-subtracted, with a stable custom gradient).
 */
export function ppoLoss(
  P: Record<string, tf.Tensor>,
  batch: PpoBatch,
  c: PpoConfig,
): { loss: tf.Scalar; pg: tf.Scalar; v: tf.Scalar; entropy: tf.Scalar } {
  return tf.tidy(() => {
    const { logits, value } = forward(P, batch.obs);
    const logpAll = tf.logSoftmax(logits) as tf.Tensor2D;
    const onehot = tf.cast(tf.oneHot(tf.cast(batch.act, 'int32') as tf.Tensor1D, ACTIONS), 'float32');
    const logp = tf.sum(tf.mul(logpAll, onehot), 1);
    const n = batch.adv.shape[0];
    const mean = tf.mean(batch.adv);
    const centred = tf.sub(batch.adv, mean);
    const std = tf.sqrt(tf.div(tf.sum(tf.square(centred)), n - 1));
    const advN = tf.div(centred, tf.add(std, 1e-8));
    const ratio = tf.exp(tf.sub(logp, batch.logpOld));
    const surr1 = tf.mul(ratio, advN);
    const surr2 = tf.mul(tf.clipByValue(ratio, 1 - c.clip, 1 + c.clip), advN);
    const pg = tf.neg(tf.mean(tf.minimum(surr1, surr2))) as tf.Scalar;
    const v = tf.mean(tf.square(tf.sub(value, batch.ret))) as tf.Scalar;
    const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logpAll), logpAll), 1))) as tf.Scalar;
    const loss = tf.sub(tf.add(pg, tf.mul(v, c.vf)), tf.mul(entropy, c.ent)) as tf.Scalar;
    return { loss, pg, v, entropy };
  });
}

/**
 * Scale the gradients to a global L2 norm of at most maxNorm, as torch.nn.utils.clip_grad_norm_:
 * g ← g · min(1, maxNorm / (‖g‖ + 1e-6)). Returns new tensors (the inputs are left to the caller).
 */
export function clipGradNorm(grads: tf.Tensor[], maxNorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
    const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    return grads.map((g) => tf.mul(g, scale));
  });
}

/**
 * Gradients of ppoLoss w.r.t. vars (same order; names[i] is vars[i]'s parameter name), clipped to the global
 * norm c.maxGradNorm. Returns the clipped grads, the loss and the entropy; the caller disposes them (they are
 * ordinary tensors of the current scope, so an enclosing tf.tidy collects those it does not return).
 */
export function ppoGrads(
  vars: tf.Variable[],
  names: readonly string[],
  batch: PpoBatch,
  c: PpoConfig,
): { grads: tf.Tensor[]; loss: tf.Scalar; entropy: tf.Scalar } {
  if (vars.length !== names.length) throw new Error('ppoGrads: one name per variable');
  const held: { entropy?: tf.Scalar } = {};
  const f = (...xs: tf.Tensor[]): tf.Scalar => {
    const P: Record<string, tf.Tensor> = {};
    names.forEach((name, i) => (P[name] = xs[i]));
    const parts = ppoLoss(P, batch, c);
    held.entropy = tf.keep(parts.entropy); // survives the gradient's forward scope
    return parts.loss;
  };
  const { value, grads: raw } = tf.valueAndGrads(f)(vars);
  const grads = clipGradNorm(raw, c.maxGradNorm);
  tf.dispose(raw);
  const entropy = tf.clone(held.entropy!); // tracked in the caller's scope, unlike the kept tensor
  held.entropy!.dispose();
  return { grads, loss: value, entropy };
}
