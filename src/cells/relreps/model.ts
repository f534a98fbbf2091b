/**
 * Skip-gram with negative sampling (Mikolov et al. 2013) in two flavours:
 *  - word2vec: a word's input vector is its own row of W_in;
 *  - fastText-style (Bojanowski et al. 2017): a word's input vector is the mean of its own row
 *    and the rows of its hashed character n-grams (fastText averages the sum, so a long word's
 *    vector does not grow with its n-gram count); as in fastText's skip-gram update, every one
 *    of those rows then receives the whole gradient of the input vector, not its share.
 * Both predict each context word against `negatives` noise words through W_out with a logistic
 * loss, gradients in closed form: for a score s = u·h and label y, dL/ds = (sigmoid(s) - y)
 * times the pair's weight.
 *
 * Batched SGD, with one change from word2vec.c's one-pair-at-a-time updates: a row that occurs
 * n times in a batch moves by the sum of at most ROW_CAP of its gradients' worth. word2vec.c
 * applies those n updates one after another, each seeing the last, so they limit themselves (once
 * a noise word's score is pushed below 0 its gradient vanishes); summed in one step they do not:
 * a frequent noise word is drawn about a thousand times in a batch of 512 centres, and summing
 * them all diverged at lr 0.1. Averaging them (cap 1) is stable but starves the frequent rows
 * (the comparison stayed at chance for 1,000 steps). Capped, a rare row moves as in word2vec.c
 * and a frequent one by at most ROW_CAP steps' worth.
 *
 * Rows are read with gatherND (on the WASM backend 8x faster than gather for many rows: 20 vs
 * 160 ms for 30,720 rows of 100) and updated with scatterND (duplicates summed, after scaling
 * each by min(1, ROW_CAP / n)), which every backend has (the WASM backend has no UnsortedSegmentSum). Every
 * step runs inside tf.tidy and only assigns variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../core/rng';
import type { Batch } from './batches';
import type { NgramTable } from './ngrams';

export type EmbeddingKind = 'word2vec' | 'fasttext';

export interface BatchTensors {
  centres: tf.Tensor1D;
  /** [C*S, 1] for scatterND. */
  targetIdx: tf.Tensor2D;
  targets: tf.Tensor1D;
  labels: tf.Tensor2D;
  weights: tf.Tensor2D;
  /** weights * min(1, ROW_CAP / (weighted occurrences of the target in the batch)). */
  targetScale: tf.Tensor2D;
  /** min(1, ROW_CAP / (occurrences of the centre in the batch)), [C, 1]. */
  centreScale: tf.Tensor2D;
  /** fastText: the centres' n-gram rows flattened ([T, 1]), the centre each belongs to ([T, 1], C for padding), 1 / (1 + n-grams) per centre ([C, 1]). */
  ngRows?: tf.Tensor2D;
  ngSeg?: tf.Tensor2D;
  ngInv?: tf.Tensor2D;
  /** fastText: min(1, ROW_CAP / (occurrences of the n-gram row in the batch)) per flattened entry ([T, 1], 0 for padding). */
  ngScale?: tf.Tensor2D;
}

/**
 * A row's gradients in one batch add up in full for its first ROW_CAP occurrences; past that, they
 * are scaled to ROW_CAP occurrences' worth. Measured on a quarter of Brown (w2v vs w2v, 1,000
 * steps of 512 centres, `scripts/relreps-runs.ts`): summed (no cap) at lr 0.1 the loss went to
 * NaN; the mean (cap 1) learned too slowly (relative Jaccard@5 0.00); cap 16 at lr 0.1 reached
 * Jaccard@5 0.10-0.12, MRR 0.19-0.22, as good as word2vec.c's one-pair-at-a-time updates on the
 * same batches at lr 0.025 (0.10, 0.17).
 */
export const ROW_CAP = 16;

/**
 * weight * min(1, cap / n) for an id that occurs n times among the entries with weight > 0;
 * 0 where the weight is 0.
 */
export function meanScale(ids: ArrayLike<number>, weights?: ArrayLike<number>, cap = ROW_CAP): Float32Array {
  const n = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) if (!weights || weights[i] > 0) n.set(ids[i], (n.get(ids[i]) ?? 0) + 1);
  const out = new Float32Array(ids.length);
  for (let i = 0; i < ids.length; i++) if (!weights || weights[i] > 0) out[i] = (weights ? weights[i] : 1) * Math.min(1, cap / (n.get(ids[i]) as number));
  return out;
}

/** Upload a batch (int32 ids, float32 labels and weights). The caller disposes (tf.tidy). */
export function batchTensors(b: Batch, table: NgramTable | null = null): BatchTensors {
  const ng = table ? batchNgrams(b.centres, table) : null;
  const C = b.centres.length;
  const S = b.targets.length / C;
  const targets = tf.tensor1d(b.targets, 'int32');
  return {
    centres: tf.tensor1d(b.centres, 'int32'),
    targets,
    targetIdx: tf.reshape(targets, [C * S, 1]),
    labels: tf.tensor2d(b.labels, [C, S]),
    weights: tf.tensor2d(b.weights, [C, S]),
    targetScale: tf.tensor2d(meanScale(b.targets, b.weights), [C, S]),
    centreScale: tf.tensor2d(meanScale(b.centres), [C, 1]),
    ...(ng
      ? {
          ngRows: tf.tensor2d(ng.rows, [ng.rows.length, 1], 'int32'),
          ngSeg: tf.tensor2d(ng.seg, [ng.seg.length, 1], 'int32'),
          ngInv: tf.tensor2d(ng.inv, [C, 1]),
          ngScale: tf.tensor2d(meanScale(ng.rows, ng.seg.map((c) => (c < C ? 1 : 0))), [ng.rows.length, 1]),
        }
      : {}),
  };
}

/** Ragged n-gram lists are padded to a multiple of this, so the GPU sees few distinct shapes. */
const NGRAM_PAD = 2048;

/**
 * The n-gram rows of a batch's centre words, flattened: `rows[t]` belongs to centre `seg[t]`;
 * padding entries point at the table's zero row with segment C (a row that is dropped).
 */
export function batchNgrams(centres: Int32Array, table: NgramTable): { rows: Int32Array; seg: Int32Array; inv: Float32Array } {
  let T = 0;
  for (const c of centres) T += table.counts[c];
  const padded = Math.max(NGRAM_PAD, Math.ceil(T / NGRAM_PAD) * NGRAM_PAD);
  const rows = new Int32Array(padded).fill(table.rows);
  const seg = new Int32Array(padded).fill(centres.length);
  const inv = new Float32Array(centres.length);
  let t = 0;
  centres.forEach((c, i) => {
    const n = table.counts[c];
    rows.set(table.ids.subarray(c * table.width, c * table.width + n), t);
    seg.fill(i, t, t + n);
    t += n;
    inv[i] = 1 / (1 + n);
  });
  return { rows, seg, inv };
}

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). */
function softplus(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.relu(x), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

function uniform(n: number, scale: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng.next() - 1) * scale;
  return out;
}

export class SgnsModel {
  /** W_in (word2vec) or the word rows (fastText): [V, d]. */
  readonly wIn: tf.Variable<tf.Rank.R2>;
  /** fastText only: the n-gram rows [R + 1, d], the last one a padding row kept at zero. */
  readonly wNgram: tf.Variable<tf.Rank.R2> | null;
  readonly wOut: tf.Variable<tf.Rank.R2>;
  /** fastText only: [V, M] n-gram rows of each word (padded with R, the zero row), [V] 1 / (1 + n-grams). */
  private readonly ngIds: tf.Tensor2D | null;
  private readonly ngInv: tf.Tensor1D | null;

  constructor(
    readonly kind: EmbeddingKind,
    readonly vocabSize: number,
    readonly dim: number,
    seed: number,
    readonly ngrams: NgramTable | null = null,
  ) {
    const V = vocabSize;
    if (kind === 'fasttext' && !ngrams) throw new Error('fastText needs an n-gram table');
    if (ngrams && ngrams.counts.length !== V) throw new Error(`n-gram table covers ${ngrams.counts.length} words, the vocabulary has ${V}`);
    // word2vec.c: W_in uniform in ±0.5/d, W_out zero. fastText: input rows uniform in ±1/d, output zero.
    const scale = kind === 'word2vec' ? 0.5 / dim : 1 / dim;
    // Unnamed variables: tf names them uniquely, so two models of one kind can live side by side.
    this.wIn = tf.variable(tf.tensor2d(uniform(V * dim, scale, seed), [V, dim]));
    this.wOut = tf.variable(tf.zeros([V, dim]));
    if (kind === 'fasttext' && ngrams) {
      const R = ngrams.rows;
      const init = uniform((R + 1) * dim, scale, seed ^ 0x5eed);
      init.fill(0, R * dim);
      this.wNgram = tf.variable(tf.tensor2d(init, [R + 1, dim]));
      this.ngIds = tf.tensor2d(ngrams.ids, [V, ngrams.width], 'int32');
      this.ngInv = tf.tensor1d(Float32Array.from(ngrams.counts, (n) => 1 / (1 + n)));
    } else {
      this.wNgram = null;
      this.ngIds = null;
      this.ngInv = null;
    }
  }

  get variables(): tf.Variable[] {
    return this.wNgram ? [this.wIn, this.wNgram, this.wOut] : [this.wIn, this.wOut];
  }

  /** Names of `variables`, in order (checkpoint keys). */
  get paramNames(): string[] {
    return this.wNgram ? ['W_in', 'W_ngram', 'W_out'] : ['W_in', 'W_out'];
  }

  /** Input vectors of the words `ids` ([n] local ids) -> [n, d]. */
  input(ids: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const own = tf.gather(this.wIn, ids);
      if (!this.wNgram || !this.ngIds || !this.ngInv) return own;
      const M = this.ngIds.shape[1];
      const rowIds = tf.reshape(tf.gather(this.ngIds, ids), [-1, M, 1]);
      const rows = tf.gatherND(this.wNgram, rowIds) as tf.Tensor3D; // [n, M, d]; padding rows are zero
      return tf.mul(tf.add(own, tf.sum(rows, 1)), tf.expandDims(tf.gather(this.ngInv, ids), 1)) as tf.Tensor2D;
    });
  }

  /** Input vectors of a batch's centres: for fastText from the batch's flattened n-gram rows (no padding to the longest word). */
  private batchInput(b: BatchTensors): tf.Tensor2D {
    if (!this.wNgram || !b.ngRows || !b.ngSeg || !b.ngInv) return this.input(b.centres);
    const C = b.centres.shape[0];
    const own = tf.gather(this.wIn, b.centres);
    // Sum each centre's n-gram rows: scatterND sums duplicates; padding lands in row C, dropped.
    const sums = tf.slice(tf.scatterND(b.ngSeg, tf.gatherND(this.wNgram, b.ngRows) as tf.Tensor2D, [C + 1, this.dim]), [0, 0], [C, this.dim]);
    return tf.mul(tf.add(own, sums), b.ngInv);
  }

  /** Scores u_target · h_centre, [C, S]. */
  private scores(h: tf.Tensor2D, b: BatchTensors): { s: tf.Tensor2D; U: tf.Tensor3D } {
    const [C, S] = b.labels.shape;
    const U = tf.reshape(tf.gatherND(this.wOut, b.targetIdx), [C, S, this.dim]) as tf.Tensor3D;
    const s = tf.reshape(tf.matMul(U, tf.expandDims(h, 2)), [C, S]) as tf.Tensor2D;
    return { s, U };
  }

  /** One SGD step. No readback. */
  step(b: BatchTensors, lr: number): void {
    tf.tidy(() => {
      const [C, S] = b.labels.shape;
      const d = this.dim;
      const h = this.batchInput(b);
      const { s, U } = this.scores(h, b);
      const err = tf.sub(tf.sigmoid(s), b.labels);
      const dh = tf.reshape(tf.matMul(tf.expandDims(tf.mul(err, b.weights), 1), U), [C, d]); // dL/dh per centre
      const dU = tf.mul(tf.expandDims(tf.mul(err, b.targetScale), 2), tf.expandDims(h, 1)); // [C, S, d], scaled for rows past ROW_CAP occurrences
      const V = this.vocabSize;
      this.apply(this.wOut, tf.scatterND(b.targetIdx, tf.reshape(dU, [C * S, d]), [V, d]), lr);
      const cIdx = tf.reshape(b.centres, [C, 1]);
      const dCentre = tf.mul(dh, b.centreScale);
      this.apply(this.wIn, tf.scatterND(cIdx, dCentre, [V, d]), lr);
      if (!this.wNgram) return;
      if (!b.ngRows || !b.ngSeg || !b.ngScale) throw new Error('fastText: the batch has no n-grams');
      // Each n-gram row gets its centre's gradient (fastText's rule), capped over the row's
      // occurrences in the batch; padding entries read the appended zero row and have scale 0.
      const dPadded = tf.concat([dh, tf.zeros([1, d])], 0);
      const dRows = tf.mul(tf.gatherND(dPadded, b.ngSeg) as tf.Tensor2D, b.ngScale);
      const R1 = this.wNgram.shape[0];
      this.apply(this.wNgram, tf.scatterND(b.ngRows, dRows, [R1, d]), lr);
    });
  }

  private apply(w: tf.Variable, g: tf.Tensor, lr: number): void {
    w.assign(tf.sub(w, tf.mul(lr, g)));
  }

  /** Weighted logistic loss per (centre, context) pair, and the weighted share of targets scored on the right side of 0. */
  lossAndAccuracy(b: BatchTensors): { loss: tf.Scalar; acc: tf.Scalar } {
    return tf.tidy(() => {
      const { s } = this.scores(this.batchInput(b), b);
      const sign = tf.sub(tf.mul(b.labels, 2), 1);
      const l = tf.mul(softplus(tf.neg(tf.mul(sign, s))), b.weights);
      const loss = tf.div(tf.sum(l), tf.maximum(tf.sum(tf.mul(b.weights, b.labels)), 1e-9)) as tf.Scalar;
      const right = tf.cast(tf.equal(tf.cast(tf.greater(s, 0), 'float32'), b.labels), 'float32');
      const acc = tf.div(tf.sum(tf.mul(right, b.weights)), tf.maximum(tf.sum(b.weights), 1e-9)) as tf.Scalar;
      return { loss, acc };
    });
  }

  /**
   * The input vector of an unseen word (fastText: the mean of its n-grams' rows that some
   * vocabulary word also uses; word2vec: none). Null when nothing is known of it.
   */
  oovVector(word: string, ngramRows: (w: string) => number[]): tf.Tensor1D | null {
    if (!this.wNgram) return null;
    const rows = ngramRows(word);
    if (!rows.length) return null;
    return tf.tidy(() => tf.mean(tf.gather(this.wNgram as tf.Tensor2D, tf.tensor1d(rows, 'int32')), 0) as tf.Tensor1D);
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    this.ngIds?.dispose();
    this.ngInv?.dispose();
  }
}
