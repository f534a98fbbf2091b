/**
 * The noisy-example generator of the label-noise cell (Rolnick et al. 2017, "Deep learning is
 * robust to massive label noise"). Noisy examples are drawn on the fly, never stored.
 *
 * Definition. Let alpha >= 0 be the number of noisy examples per clean one and
 * pClean = 1 / (1 + alpha). A batch of B rows is B independent draws; each row is
 *   - clean with probability pClean: an index i drawn uniformly (with replacement) from the
 *     clean set, labelled with its true label labels[i];
 *   - noisy otherwise: an index i drawn uniformly from the same clean training images, and a
 *     label that is, with probability `bias`, favoured(labels[i]) (one particular wrong class of
 *     the image's true class), and otherwise uniform over all 10 classes.
 * With bias = 0 this is Rolnick et al.'s uniform setting: the noisy label is drawn uniformly at
 * random from all 10 classes, so it is right by chance 1 time in 10 (it is not "a wrong label").
 *
 * For an image of true class c (whatever the class frequencies, since clean and noisy rows
 * draw images from the same set), the label distribution is therefore
 *   P(c)            = pClean + (1 - pClean) (1 - bias) / 10
 *   P(favoured(c))  =          (1 - pClean) (bias + (1 - bias) / 10)
 *   P(any other k)  =          (1 - pClean) (1 - bias) / 10.
 * The favoured wrong label outnumbers the right one iff (1 - pClean) bias > pClean, that is
 * iff alpha * bias > 1 (see biasToOutnumber).
 *
 * Pure: uses only the seeded Rng, so a seed gives the same batches everywhere.
 */
import type { Rng } from '../../core/rng';

export const NUM_CLASSES = 10;

export interface NoiseSpec {
  /** Noisy examples per clean one, >= 0; may be fractional. */
  alpha: number;
  /** Share in [0, 1] of each noisy label that goes to the favoured wrong class of the image's true class; 0 = uniform. */
  bias: number;
  /** Which wrong class is favoured for a true class (must differ from it and lie in 0..9); default nextClass. */
  favoured: (trueClass: number) => number;
}

export interface CleanSet {
  /** count*784 pixels; not read here (indices are returned instead), present so a loaded shard set can be passed as is. */
  images?: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface NoisyBatch {
  /** Indices into the clean images (no pixels are copied). */
  indices: Int32Array;
  /** The label each row trains on. */
  labels: Uint8Array;
  /** 1 where the row is a noisy example (its label may still be right, by chance or not), 0 where clean. */
  isNoisy: Uint8Array;
}

/** The default favoured wrong class: (c + 1) mod 10. */
export const nextClass = (c: number): number => (c + 1) % NUM_CLASSES;

export function noiseSpec(alpha: number, bias: number, favoured: (c: number) => number = nextClass): NoiseSpec {
  return { alpha, bias, favoured };
}

/** Probability that a row is clean: 1 / (1 + alpha). */
export function cleanFraction(alpha: number): number {
  return 1 / (1 + alpha);
}

function checkSpec(spec: NoiseSpec): Int32Array {
  if (!Number.isFinite(spec.alpha) || spec.alpha < 0) throw new Error(`alpha must be a finite number >= 0, got ${spec.alpha}`);
  if (!Number.isFinite(spec.bias) || spec.bias < 0 || spec.bias > 1) throw new Error(`bias must lie in [0, 1], got ${spec.bias}`);
  const fav = new Int32Array(NUM_CLASSES);
  for (let c = 0; c < NUM_CLASSES; c++) {
    const f = spec.favoured(c);
    if (!Number.isInteger(f) || f < 0 || f >= NUM_CLASSES || f === c) {
      throw new Error(`favoured(${c}) must be a wrong class in 0..9 other than ${c}, got ${f}`);
    }
    fav[c] = f;
  }
  return fav;
}

/**
 * Draw a batch of B rows as defined in the module comment.
 * Random draws per row, in order: rng.next() (clean or noisy), rng.int(count) (the image), and
 * for a noisy row rng.next() (favoured or uniform) then, when uniform, rng.int(10).
 */
export function sampleBatch(rng: Rng, clean: CleanSet, spec: NoiseSpec, B: number): NoisyBatch {
  const fav = checkSpec(spec);
  if (!Number.isInteger(B) || B <= 0) throw new Error(`batch size must be a positive integer, got ${B}`);
  const n = clean.count;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`clean set must hold at least one example, got count ${n}`);
  if (clean.labels.length < n) throw new Error(`clean set has ${clean.labels.length} labels for count ${n}`);
  const pClean = cleanFraction(spec.alpha);
  const indices = new Int32Array(B);
  const labels = new Uint8Array(B);
  const isNoisy = new Uint8Array(B);
  for (let r = 0; r < B; r++) {
    const noisy = rng.next() >= pClean;
    const i = rng.int(n);
    indices[r] = i;
    const y = clean.labels[i];
    if (!noisy) {
      labels[r] = y;
    } else {
      isNoisy[r] = 1;
      labels[r] = rng.next() < spec.bias ? fav[y] : rng.int(NUM_CLASSES);
    }
  }
  return { indices, labels, isNoisy };
}

/** The exact label distribution (sums to 1) for an image of class trueClass: the clean + noisy mixture. */
export function expectedLabelShares(spec: NoiseSpec, trueClass: number): Float64Array {
  const fav = checkSpec(spec);
  if (!Number.isInteger(trueClass) || trueClass < 0 || trueClass >= NUM_CLASSES) {
    throw new Error(`trueClass must be in 0..9, got ${trueClass}`);
  }
  const pClean = cleanFraction(spec.alpha);
  const pNoisy = 1 - pClean;
  const out = new Float64Array(NUM_CLASSES).fill((pNoisy * (1 - spec.bias)) / NUM_CLASSES);
  out[trueClass] += pClean;
  out[fav[trueClass]] += pNoisy * spec.bias;
  return out;
}

/**
 * True when the favoured wrong label's share exceeds the right label's share (for every class:
 * the comparison does not depend on the class). Decided by the exact form alpha * bias > 1, so it
 * flips exactly at biasToOutnumber(alpha), free of rounding in the shares; a tie is not outnumbering.
 */
export function rightOutnumbered(spec: NoiseSpec): boolean {
  checkSpec(spec);
  return spec.alpha * spec.bias > 1;
}

/**
 * The bias above which the favoured wrong class outnumbers the right one: 1 / alpha.
 * From P(favoured) > P(right)  <=>  (1 - pClean) bias > pClean  <=>  bias > pClean / (1 - pClean) = 1 / alpha.
 * At exactly this bias the two shares tie; any larger bias outnumbers (the infimum, strict).
 * When it cannot happen (alpha <= 1, where 1/alpha >= 1 and bias <= 1) the value returned is > 1
 * or, for alpha = 1, exactly 1 (a tie at bias 1); for alpha = 0 it is Number.MAX_VALUE, never
 * Infinity or NaN. So: outnumbering is reachable iff biasToOutnumber(alpha) < 1, i.e. alpha > 1.
 */
export function biasToOutnumber(alpha: number): number {
  if (!Number.isFinite(alpha) || alpha < 0) throw new Error(`alpha must be a finite number >= 0, got ${alpha}`);
  if (alpha === 0) return Number.MAX_VALUE;
  return Math.min(1 / alpha, Number.MAX_VALUE);
}
