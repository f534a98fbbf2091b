/**
 * Cross-entropy and accuracy of the classifiers (clock-pizza, label noise), in float32 on every backend (WebGPU has
 * no float64): logsumexp(z) − z_y with the row maximum subtracted, finite for any finite logits.
 * Near-zero losses are not meaningful below ~1e-7.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-row cross-entropy logsumexp(z) − z_y, max-subtracted, in float32 (no gradient needed).
 * @param z [n, p] logits @param Y [n, p] one-hot float32 targets @returns [n]
 */
export function rowCrossEntropy(z: tf.Tensor2D, Y: tf.Tensor2D): tf.Tensor1D {
  const sh = tf.sub(z, tf.max(z, 1, true));
  return tf.sub(tf.log(tf.sum(tf.exp(sh), 1)), tf.sum(tf.mul(sh, Y), 1)) as tf.Tensor1D;
}

/**
 * Mean cross-entropy over rows, max-subtracted; its gradient is (softmax(z) − Y) / n.
 * @param z [n, p] @param Y [n, p] one-hot float32 (constant: no gradient) @returns scalar
 */
export function crossEntropy(z: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
  const n = z.shape[0];
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [zz, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const sh = tf.sub(zz, tf.max(zz, 1, true));
    const ex = tf.exp(sh);
    const se = tf.sum(ex, 1, true);
    save([tf.div(ex, se)]);
    const loss = tf.mean(tf.sub(tf.log(tf.reshape(se, [n])), tf.sum(tf.mul(sh, Y), 1)));
    return {
      value: loss,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(tf.sub(saved[0], Y), tf.div(dy, n)),
    };
  })(z) as tf.Scalar;
}

/**
 * @param z [n, p] logits @param y [n] int32 labels
 * @returns [n] float32, 1 where argmax z = y
 */
export function correct(z: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
  return tf.cast(tf.equal(tf.argMax(z, 1), y), 'float32') as tf.Tensor1D;
}
