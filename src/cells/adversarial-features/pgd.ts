/**
 * Targeted projected gradient descent (PGD) and the perturbation measurements of the "adversarial examples are
 * features" cell, ported from the reference shared/reference/advfeat_mnist.py (pgd, attack_all, delta_stats and the
 * "robust leakage" controls of main). Pure: tfjs-core tensors for the attack, plain Float32Arrays for the rest.
 *
 * Pixels are in [0, 1] and images are rows of 784 floats; an MNIST digit has ||x||_2 ≈ 9.3.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { crossEntropy } from '../../core/loss';
import type { Rng } from '../../core/rng';

export type Norm = 'l2' | 'linf';
export interface PgdSpec {
  norm: Norm;
  /** Radius of the ball: ||delta||_2 <= eps (l2) or |delta_i| <= eps (linf). */
  eps: number;
  stepSize: number;
}

/** Classes of MNIST. */
export const CLASSES = 10;
/** Added to norms before dividing, as the reference does. */
const TINY = 1e-12;

/** The reference's default step: 2.5 · eps / steps. */
export function defaultStepSize(eps: number, steps: number): number {
  return (2.5 * eps) / steps;
}

/** Euclidean norm of each row, kept as a column: [n, 1]. */
function rowNorm(a: tf.Tensor2D): tf.Tensor2D {
  return tf.sqrt(tf.sum(tf.square(a), 1, true)) as tf.Tensor2D;
}

/**
 * One targeted PGD step on a batch, as the reference: loss = Σ_rows cross-entropy(logitsOf(x + delta), targets)
 * (the project's max-subtracted cross-entropy, a mean over rows, times n), g = ∂loss/∂delta;
 *   L2:   delta −= stepSize · g / (||g||_row + 1e-12);  delta *= min(1, eps / (||delta||_row + 1e-12))
 *   Linf: delta −= stepSize · sign(g);                  delta = clip(delta, −eps, eps)
 * then delta = clip(x + delta, 0, 1) − x. The inputs are left alone (the caller disposes the old delta).
 * @param logitsOf the attacked model, [n, 784] -> [n, 10]; its weights are read, never changed
 * @param x [n, 784] float32 in [0, 1] @param delta [n, 784] @param targets [n, 10] float32 one-hot
 * @returns the new delta, [n, 784] (a new tensor)
 */
export function pgdStep(
  logitsOf: (x: tf.Tensor2D) => tf.Tensor2D,
  x: tf.Tensor2D,
  delta: tf.Tensor2D,
  targets: tf.Tensor2D,
  spec: PgdSpec,
): tf.Tensor2D {
  const n = x.shape[0];
  return tf.tidy(() => {
    const lossOf = (d: tf.Tensor): tf.Scalar => tf.mul(crossEntropy(logitsOf(tf.add(x, d) as tf.Tensor2D), targets), n) as tf.Scalar;
    const g = tf.grad(lossOf)(delta) as tf.Tensor2D;
    let d: tf.Tensor2D;
    if (spec.norm === 'l2') {
      d = tf.sub(delta, tf.mul(spec.stepSize, tf.div(g, tf.add(rowNorm(g), TINY)))) as tf.Tensor2D;
      d = tf.mul(d, tf.minimum(1, tf.div(spec.eps, tf.add(rowNorm(d), TINY)))) as tf.Tensor2D;
    } else {
      d = tf.sub(delta, tf.mul(spec.stepSize, tf.sign(g))) as tf.Tensor2D;
      d = tf.clipByValue(d, -spec.eps, spec.eps);
    }
    return tf.sub(tf.clipByValue(tf.add(x, d), 0, 1), x) as tf.Tensor2D;
  });
}

/**
 * The reference's pgd(): `steps` PGD steps from delta = 0 on one batch.
 * @param x [n, 784] in [0, 1] @param targets [n, 10] float32 one-hot @returns delta [n, 784] (a new tensor)
 */
export function pgd(
  logitsOf: (x: tf.Tensor2D) => tf.Tensor2D,
  x: tf.Tensor2D,
  targets: tf.Tensor2D,
  spec: PgdSpec,
  steps: number,
): tf.Tensor2D {
  let delta = tf.zerosLike(x) as tf.Tensor2D;
  for (let s = 0; s < steps; s++) {
    const next = pgdStep(logitsOf, x, delta, targets, spec);
    delta.dispose();
    delta = next;
  }
  return delta;
}

/** [n, 10] float32 one-hot rows of class indices t (for pgdStep's targets). */
export function oneHotTargets(t: ArrayLike<number>): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from(t), 'int32'), CLASSES), 'float32') as tf.Tensor2D);
}

/** D_rand targets: uniform over all 10 classes, independent of the label (it never sees one). */
export function randomTargets(n: number, rng: Rng): Uint8Array {
  const t = new Uint8Array(n);
  for (let i = 0; i < n; i++) t[i] = rng.int(CLASSES);
  return t;
}

/** D_det targets: (y + 1) mod 10. */
export function shiftedTargets(labels: ArrayLike<number>): Uint8Array {
  const t = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) t[i] = (labels[i] + 1) % CLASSES;
  return t;
}

/**
 * Mean image of each class.
 * @param images [n · D] (D = images.length / n, 784 for MNIST) @param labels [n] in 0..9
 * @returns [10 · D]; a class with no image gets zeros (the reference would give NaN)
 */
export function classMeans(images: Float32Array, labels: ArrayLike<number>): Float32Array {
  const n = labels.length;
  if (n === 0) throw new Error('classMeans needs at least one image');
  const D = images.length / n;
  if (!Number.isInteger(D)) throw new Error(`classMeans: ${images.length} pixels do not split into ${n} images`);
  const sum = new Float64Array(CLASSES * D);
  const count = new Float64Array(CLASSES);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    count[c]++;
    const o = c * D;
    const r = i * D;
    for (let j = 0; j < D; j++) sum[o + j] += images[r + j];
  }
  const out = new Float32Array(CLASSES * D);
  for (let c = 0; c < CLASSES; c++) {
    if (count[c] === 0) continue;
    for (let j = 0; j < D; j++) out[c * D + j] = sum[c * D + j] / count[c];
  }
  return out;
}

/** Pixels per image, from the class means [10 · D]. */
function dimOf(means: Float32Array): number {
  const D = means.length / CLASSES;
  if (!Number.isInteger(D)) throw new Error(`class means must hold 10 images, got ${means.length} values`);
  return D;
}

/** mean[t] − mean[y] for row i, into md (length D). */
function meanDiff(means: Float32Array, y: number, t: number, D: number, md: Float64Array): void {
  for (let j = 0; j < D; j++) md[j] = means[t * D + j] - means[y * D + j];
}

/**
 * The "pattern removed" control (the reference's "perp"): with u = (mean[t] − mean[y]) / (||mean[t] − mean[y]|| + 1e-12)
 * per row (a faint target digit; u = 0 where t = y), delta − (delta·u) u, then clipped so x + delta stays in [0, 1]
 * (delta = clip(x + d, 0, 1) − x).
 * @param x, delta [n · D] @param y, t [n] @param means [10 · D] (classMeans) @returns a new [n · D]
 */
export function removeMeanDirection(
  x: Float32Array,
  delta: Float32Array,
  y: ArrayLike<number>,
  t: ArrayLike<number>,
  means: Float32Array,
): Float32Array {
  const D = dimOf(means);
  const n = y.length;
  if (x.length !== n * D || delta.length !== n * D) throw new Error(`removeMeanDirection: expected ${n}×${D} pixels`);
  const out = new Float32Array(n * D);
  const md = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    const r = i * D;
    meanDiff(means, y[i], t[i], D, md);
    let mm = 0;
    for (let j = 0; j < D; j++) mm += md[j] * md[j];
    const scale = 1 / (Math.sqrt(mm) + TINY);
    let du = 0; // delta · u
    for (let j = 0; j < D; j++) du += delta[r + j] * md[j] * scale;
    for (let j = 0; j < D; j++) {
      const d = delta[r + j] - du * md[j] * scale;
      const xi = x[r + j];
      out[r + j] = Math.min(1, Math.max(0, xi + d)) - xi;
    }
  }
  return out;
}

export interface PerturbationStats {
  /** Mean over rows of ||delta||_2. */
  meanL2: number;
  /** Median over rows of ||delta||_2; for an even count the lower of the two middle values, as torch.median. */
  medianL2: number;
  /** Mean over rows of max |delta_i|. */
  meanLinf: number;
  /** Mean of |delta| over every pixel of every row. */
  meanAbsPerPixel: number;
  /** Mean over rows of cos(delta, mean[t] − mean[y]) = δ·m / (||δ|| ||m|| + 1e-12): near 0 = no target digit drawn in. */
  cosWithMeanDiff: number;
}

/**
 * Size and look of the perturbations (the reference's delta_stats, unrounded, without the background/stroke split).
 * @param delta [n · D] @param y, t [n] @param means [10 · D] (classMeans) @returns NaN everywhere when n = 0
 */
export function perturbationStats(
  delta: Float32Array,
  y: ArrayLike<number>,
  t: ArrayLike<number>,
  means: Float32Array,
): PerturbationStats {
  const D = dimOf(means);
  const n = y.length;
  if (delta.length !== n * D) throw new Error(`perturbationStats: expected ${n}×${D} pixels, got ${delta.length}`);
  if (n === 0) return { meanL2: NaN, medianL2: NaN, meanLinf: NaN, meanAbsPerPixel: NaN, cosWithMeanDiff: NaN };
  const l2 = new Float64Array(n);
  const md = new Float64Array(D);
  let sumLinf = 0;
  let sumAbs = 0;
  let sumCos = 0;
  for (let i = 0; i < n; i++) {
    const r = i * D;
    meanDiff(means, y[i], t[i], D, md);
    let dd = 0;
    let mm = 0;
    let dm = 0;
    let linf = 0;
    for (let j = 0; j < D; j++) {
      const d = delta[r + j];
      const a = Math.abs(d);
      dd += d * d;
      mm += md[j] * md[j];
      dm += d * md[j];
      sumAbs += a;
      if (a > linf) linf = a;
    }
    l2[i] = Math.sqrt(dd);
    sumLinf += linf;
    sumCos += dm / (l2[i] * Math.sqrt(mm) + TINY);
  }
  let sumL2 = 0;
  for (let i = 0; i < n; i++) sumL2 += l2[i];
  const sorted = l2.slice().sort();
  return {
    meanL2: sumL2 / n,
    medianL2: sorted[(n - 1) >> 1],
    meanLinf: sumLinf / n,
    meanAbsPerPixel: sumAbs / (n * D),
    cosWithMeanDiff: sumCos / n,
  };
}
