/**
 * Cross-entropy and accuracy of the classifiers (clock-pizza, label noise), in float32 on every backend (WebGPU has
 * no float64), finite for any finite logits.
 *
 * The row maximum is subtracted before exponentiating, and the loss and its gradient are written so that
 * they stay exact when the loss is tiny, which is where a grokking run spends most of its time. With
 * sh = z − max z, e = exp(sh), and S = Σ_{j≠y} e_j (the wrong classes' mass):
 *   loss = −sh_y + log1p(expm1(sh_y) + S)   (= log1p(S) when y is the argmax: no 1 + S rounding to 1)
 *   ∂loss/∂z_j = p_j for j ≠ y,   ∂loss/∂z_y = −Σ_{j≠y} p_j   (not p_y − 1, which rounds to 0 once S < 6e-8).
 * The naive forms lose everything below ~6e-8: the reported loss reads 0 and the correct class gets no
 * gradient while the wrong ones still do, so weight decay and Adam's normalisation act on a gradient that is
 * no longer the loss's.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-row cross-entropy logsumexp(z) − z_y, max-subtracted, in float32 (no gradient needed).
 * @param z [n, p] logits @param Y [n, p] one-hot float32 targets @returns [n]
 */
export function rowCrossEntropy(z: tf.Tensor2D, Y: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const sh = tf.sub(z, tf.max(z, 1, true)) as tf.Tensor2D;
    const ex = tf.exp(sh) as tf.Tensor2D;
    return rowLoss(sh, ex, Y);
  });
}

/** −sh_y + log1p(expm1(sh_y) + Σ_{j≠y} e_j) per row: sh = z − max z, ex = exp(sh). */
function rowLoss(sh: tf.Tensor2D, ex: tf.Tensor2D, Y: tf.Tensor2D): tf.Tensor1D {
  const shY = tf.sum(tf.mul(sh, Y), 1) as tf.Tensor1D;
  const wrong = tf.sum(tf.sub(ex, tf.mul(ex, Y)), 1);
  return tf.sub(log1p(tf.add(expm1(shY), wrong) as tf.Tensor1D), shY) as tf.Tensor1D;
}

/**
 * log(1 + x) and exp(x) − 1 that are exact near 0 on every backend: the WebGL and WebGPU kernels of
 * tf.log1p and tf.expm1 compute log(1.0 + x) and exp(x) − 1.0, which read 0 for |x| below ~6e-8.
 * Under 1e-4 the first two Taylor terms are exact to float32 (the next term is below 1e-12 relative).
 */
const SMALL = 1e-4;
function log1p(x: tf.Tensor1D): tf.Tensor1D {
  const series = tf.mul(x, tf.sub(1, tf.mul(x, 0.5)));
  return tf.where(tf.less(tf.abs(x), SMALL), series, tf.log(tf.add(x, 1))) as tf.Tensor1D;
}
function expm1(x: tf.Tensor1D): tf.Tensor1D {
  const series = tf.mul(x, tf.add(1, tf.mul(x, 0.5)));
  return tf.where(tf.less(tf.abs(x), SMALL), series, tf.sub(tf.exp(x), 1)) as tf.Tensor1D;
}

/**
 * Mean cross-entropy over rows, max-subtracted; its gradient is (softmax(z) − Y) / n with the correct
 * class's entry computed as −(the wrong classes' probability), exact for tiny losses.
 * @param z [n, p] @param Y [n, p] one-hot float32 (constant: no gradient; it must outlive the backward pass) @returns scalar
 */
export function crossEntropy(z: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
  const n = z.shape[0];
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [zz, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const sh = tf.sub(zz, tf.max(zz, 1, true)) as tf.Tensor2D;
    const ex = tf.exp(sh) as tf.Tensor2D;
    const probs = tf.div(ex, tf.sum(ex, 1, true));
    save([tf.sub(probs, tf.mul(probs, Y))]); // the wrong classes' probabilities, 0 at the label
    const loss = tf.mean(rowLoss(sh, ex, Y));
    return {
      value: loss,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const wrong = saved[0];
        return tf.mul(tf.sub(wrong, tf.mul(Y, tf.sum(wrong, 1, true))), tf.div(dy, n));
      },
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
