/**
 * Gromov's modular-addition network and its hand-written backward pass.
 *
 *   h   = W_in[a] + W_in[p + b]        [n, N]   (= onehot2 @ W_in, onehot2 = [onehot(a) | onehot(b)])
 *   z   = h²                           [n, N]
 *   out = z @ W_out                    [n, p]
 *   L   = mean((out - Y)²) over all n·p entries, Y one-hot targets
 *
 * Backward, written out so that it needs no gradient of gather (tfjs's WASM backend has no
 * UnsortedSegmentSum kernel) and does no extra autodiff work:
 *   dout   = 2 (out - Y) / (n p)       [n, p]
 *   dW_out = zᵀ dout = (doutᵀ z)ᵀ      [N, p]
 *   dz     = dout W_outᵀ               [n, N]
 *   dh     = 2 h ⊙ dz                  [n, N]
 *   dW_in  = onehot2ᵀ dh               [2p, N]  (one matMul with a constant [2p, n])
 *
 * Speed notes (tfjs 4.22, measured in Node, p = 97, N = 500, n = 4704):
 * - WASM's matMul with transposeA/transposeB is ~10x slower than a plain one (1 vs 13
 *   GFLOPS), so every transposed product here transposes its smaller operand explicitly.
 * - WASM's and CPU's gather are slow (~160 ms for one [4704, 500] gather on WASM) while the
 *   one-hot matMul takes ~65 ms on WASM (but ~2.4 s on CPU), so the hidden layer is computed
 *   either way; `Rows.onehot` picks the matMul (see session.ts: on the WASM backend).
 * - WASM's OneHot kernel ignores its dtype argument and writes int32 bits into a float32
 *   tensor (1 becomes 1.4e-45): always build one-hots as int32 and cast.
 */
import * as tf from '@tensorflow/tfjs-core';
import { oneHotF32 } from '../../core/modular';

export { oneHotF32 };

/** Standard deviation of the initial weights, as in modadd.py: sqrt(0.25 / (2N)^(2/3)). */
export function initStd(N: number): number {
  return Math.sqrt(0.25 / Math.pow(2 * N, 2 / 3));
}

/** The inputs of a set of rows, on the device. */
export interface Inputs {
  /** [n] int32, residues 0..p-1 */
  a: tf.Tensor1D;
  /** [n] int32, p + b */
  bShifted: tf.Tensor1D;
  /** Optional [n, 2p] float32 one-hot of (a, p + b); when present h is computed by matMul, not gather. */
  onehot?: tf.Tensor2D;
}

/**
 * The one-hot input matrix of the plain model.
 * @param a [n] int32
 * @param bShifted [n] int32, p + b
 * @returns onehot2 [n, 2p] float32: row i has a 1 in column a_i and in column p + b_i
 */
export function oneHot2(a: tf.Tensor1D, bShifted: tf.Tensor1D, p: number): tf.Tensor2D {
  return tf.tidy(() => tf.add(oneHotF32(a, 2 * p), oneHotF32(bShifted, 2 * p)));
}

/**
 * The hidden pre-activation, by matMul with the one-hot when given, else by two gathers.
 * @param W_in [2p, N]
 * @returns h [n, N]
 */
export function hidden(W_in: tf.Tensor2D, x: Inputs): tf.Tensor2D {
  if (x.onehot) return tf.matMul(x.onehot, W_in);
  return tf.add(tf.gather(W_in, x.a), tf.gather(W_in, x.bShifted));
}

/**
 * The network's outputs.
 * @param W_in [2p, N]
 * @param W_out [N, p]
 * @returns out [n, p]
 */
export function forward(W_in: tf.Tensor2D, W_out: tf.Tensor2D, x: Inputs): tf.Tensor2D {
  return tf.matMul(tf.square(hidden(W_in, x)), W_out);
}

/** Loss and gradients of one full-batch step, and the outputs of its forward pass. */
export interface Grads {
  /** MSE loss, scalar. */
  loss: tf.Scalar;
  /** [n, p] the forward pass's outputs (for the step's train accuracy: see `accuracy`). */
  out: tf.Tensor2D;
  /** [2p, N] */
  dW_in: tf.Tensor2D;
  /** [N, p] */
  dW_out: tf.Tensor2D;
}

/**
 * Loss and gradients by the hand-written backward pass. Call inside tf.tidy. The loss and `out`
 * are those of the step's forward pass, so the session's train metrics need no forward pass of their own.
 * @param W_in [2p, N]
 * @param W_out [N, p]
 * @param x the training rows
 * @param onehotT [2p, n] float32, the transpose of oneHot2(x.a, x.bShifted, p)
 * @param Y [n, p] one-hot float32 targets
 */
export function gradients(W_in: tf.Tensor2D, W_out: tf.Tensor2D, x: Inputs, onehotT: tf.Tensor2D, Y: tf.Tensor2D): Grads {
  const [n, p] = Y.shape;
  const h = hidden(W_in, x);
  const z = tf.square(h);
  const out = tf.matMul(z, W_out) as tf.Tensor2D;
  const diff = tf.sub(out, Y);
  const loss = tf.mean(tf.square(diff)) as tf.Scalar;
  const dout: tf.Tensor2D = tf.mul(diff, tf.scalar(2 / (n * p)));
  const dW_out = tf.transpose(tf.matMul(tf.transpose(dout), z)) as tf.Tensor2D;
  const dz = tf.matMul(dout, tf.transpose(W_out)) as tf.Tensor2D;
  const dh: tf.Tensor2D = tf.mul(tf.mul(h, tf.scalar(2)), dz);
  const dW_in = tf.matMul(onehotT, dh) as tf.Tensor2D;
  return { loss, out, dW_in, dW_out };
}

/**
 * Accuracy of the outputs' argmax against integer labels.
 * @param out [n, p]
 * @param y [n] int32
 * @returns scalar, the fraction of rows right
 */
export function accuracy(out: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(out, 1), y), 'float32'));
}

/**
 * Mean squared error and accuracy of the outputs against integer labels.
 * @param out [n, p]
 * @param Y [n, p] one-hot float32
 * @param y [n] int32
 * @returns [2]: loss, accuracy
 */
export function lossAndAccuracy(out: tf.Tensor2D, Y: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
  const loss = tf.mean(tf.square(tf.sub(out, Y)));
  return tf.stack([loss, accuracy(out, y)]) as tf.Tensor1D;
}
