/**
 * mm: x · w with a gradient that transposes its operands explicitly. tfjs's own matMul gradient calls
 * the transposed matMul kernels (matMul(dy, w, false, true), matMul(x, dy, true, false)), which
 * tfjs-backend-wasm 4.22 runs many times slower than a plain product; an explicit transpose of the
 * operand first is cheap (measured in Node, [2784,128] by [128,512]: 31 ms plain, 627 ms
 * transposeA, 345 ms transposeB). Same values and gradients as tf.matMul, on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';

const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
    },
  };
});

/** @param x [n, k] @param w [k, m] @returns [n, m] */
export function mm(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return product(x, w) as tf.Tensor2D;
}

/**
 * a · bᵀ, with b transposed explicitly first rather than by matMul's transposeB (see above). Measured
 * in Node on WASM, [512,300] by [5331,300]ᵀ: 730 ms with transposeB, 60 ms transposed first.
 * @param a [n, k] @param b [m, k] @returns [n, m]
 */
export function mmT(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(a, tf.transpose(b)));
}
