/**
 * Relative representations (Moschella et al., ICLR 2023) and the metrics of their word-embedding
 * experiment, on tfjs tensors (any backend).
 *
 * A word's relative vector is its cosine similarity to each anchor word: r_x = [cos(e_x, e_a)]_a,
 * computed in each model's own space with the same anchor words. Optionally each space is first
 * mean-centred (its mean over the shared vocabulary subtracted): small-corpus embeddings share a
 * large common direction that pushes every cosine towards the same value.
 *
 * Comparing a source space with a target space over the same N words (row i = word i in both),
 * with k nearest neighbours by cosine, for each query word x:
 *  - Jaccard: |A ∩ B| / |A ∪ B| where A = the k words of the target space nearest to x's
 *    *source* vector, B = the k words of the target space nearest to x's *target* vector;
 *  - MRR: 1 / rank of x itself among the target words nearest to its source vector, 0 when
 *    x is not in the top k;
 *  - Cosine: cos(source vector of x, target vector of x).
 * Each is averaged over the query words. In absolute space the two models' coordinates mean
 * different things, so all three sit at chance (Jaccard and MRR near k / N); in relative space
 * coordinate a means "similarity to anchor a" in both.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mmT } from '../../core/matmul';

export interface Scores {
  jaccard: number;
  mrr: number;
  cosine: number;
}

/** Rows scaled to unit length (zero rows stay zero). */
export function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12)));
}

/** Each column's mean over the rows subtracted. */
export function centred(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sub(x, tf.mean(x, 0, true)));
}

/**
 * Relative representation of every row of x with respect to the rows `anchors` of x: [N, K] cosines.
 * @param centre subtract the column means (over all N rows) first
 */
export function relative(x: tf.Tensor2D, anchors: Int32Array, centre: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const base = unitRows(centre ? centred(x) : x);
    const a = tf.gather(base, tf.tensor1d(anchors, 'int32'));
    return mmT(base, a);
  });
}

/**
 * k nearest rows of a space (unit rows) to each of `queries` (unit rows) by cosine, as [Q, k] indices,
 * read back. `spaceT` is the space transposed, [D, N]: a plain product is ~10x faster on WASM than
 * matMul's transposeB (src/core/matmul.ts), and the caller transposes once for all its chunks.
 */
async function nearest(queries: tf.Tensor2D, spaceT: tf.Tensor2D, k: number): Promise<Int32Array> {
  const idx = tf.tidy(() => tf.topk(tf.matMul(queries, spaceT), k, true).indices);
  try {
    return new Int32Array(await idx.data<'int32'>());
  } finally {
    idx.dispose();
  }
}

/** Jaccard |A ∩ B| / |A ∪ B| of two index lists without repeats. */
export function jaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const setA = new Set(Array.from(a));
  let both = 0;
  const union = new Set(setA);
  for (let i = 0; i < b.length; i++) {
    if (setA.has(b[i])) both++;
    union.add(b[i]);
  }
  return union.size ? both / union.size : 1;
}

/** 1 / (position of `x` in the ranked list + 1), 0 when absent. */
export function reciprocalRank(list: ArrayLike<number>, x: number): number {
  for (let i = 0; i < list.length; i++) if (list[i] === x) return 1 / (i + 1);
  return 0;
}

const CHUNK = 512;

/**
 * Scores of source -> target, both [N, D] with row i the same word, over the query rows `queries`.
 * Neighbour search runs over all N rows of the target space, in chunks of queries.
 */
export async function compareSpaces(source: tf.Tensor2D, target: tf.Tensor2D, k: number, queries: Int32Array): Promise<Scores> {
  if (source.shape[0] !== target.shape[0]) throw new Error(`compareSpaces: ${source.shape[0]} source rows, ${target.shape[0]} target rows`);
  const N = source.shape[0];
  const kk = Math.min(k, N);
  const [src, tgt] = [unitRows(source), unitRows(target)];
  const tgtT = tf.transpose(tgt);
  let j = 0;
  let m = 0;
  let cos = 0;
  try {
    for (let at = 0; at < queries.length; at += CHUNK) {
      const q = queries.subarray(at, at + CHUNK);
      const qt = tf.tensor1d(q, 'int32');
      const [qs, qtg] = [tf.gather(src, qt), tf.gather(tgt, qt)] as tf.Tensor2D[];
      const cosT = tf.tidy(() => tf.sum(tf.sum(tf.mul(qs, qtg), 1)));
      try {
        const [cross, own, c] = await Promise.all([nearest(qs, tgtT, kk), nearest(qtg, tgtT, kk), cosT.data()]);
        cos += c[0];
        for (let r = 0; r < q.length; r++) {
          const a = cross.subarray(r * kk, (r + 1) * kk);
          j += jaccard(a, own.subarray(r * kk, (r + 1) * kk));
          m += reciprocalRank(a, q[r]);
        }
      } finally {
        tf.dispose([qt, qs, qtg, cosT]);
      }
    }
  } finally {
    tf.dispose([src, tgt, tgtT]);
  }
  const n = Math.max(1, queries.length);
  return { jaccard: j / n, mrr: m / n, cosine: cos / n };
}

/**
 * Scores of a -> b and b -> a at once over the query rows `queries`: the same numbers as
 * compareSpaces(a, b, …) and compareSpaces(b, a, …), with each space's unit rows and transpose made
 * once for both directions rather than once a direction (the cosine of a word is the same both ways).
 */
export async function compareBoth(a: tf.Tensor2D, b: tf.Tensor2D, k: number, queries: Int32Array): Promise<{ ab: Scores; ba: Scores }> {
  if (a.shape[0] !== b.shape[0]) throw new Error(`compareBoth: ${a.shape[0]} rows and ${b.shape[0]} rows`);
  const N = a.shape[0];
  const kk = Math.min(k, N);
  const [ua, ub] = [unitRows(a), unitRows(b)];
  const [uaT, ubT] = [tf.transpose(ua), tf.transpose(ub)];
  const sum = { ab: { j: 0, m: 0 }, ba: { j: 0, m: 0 } };
  let cos = 0;
  try {
    for (let at = 0; at < queries.length; at += CHUNK) {
      const q = queries.subarray(at, at + CHUNK);
      const qt = tf.tensor1d(q, 'int32');
      const [qa, qb] = [tf.gather(ua, qt), tf.gather(ub, qt)] as tf.Tensor2D[];
      const cosT = tf.tidy(() => tf.sum(tf.sum(tf.mul(qa, qb), 1)));
      try {
        // a -> b: a's vector among b's words, beside b's own neighbours; b -> a the other way round.
        const [crossAB, ownB, crossBA, ownA, c] = await Promise.all([nearest(qa, ubT, kk), nearest(qb, ubT, kk), nearest(qb, uaT, kk), nearest(qa, uaT, kk), cosT.data()]);
        cos += c[0];
        for (const [s, cross, own] of [[sum.ab, crossAB, ownB], [sum.ba, crossBA, ownA]] as const) {
          for (let r = 0; r < q.length; r++) {
            const x = cross.subarray(r * kk, (r + 1) * kk);
            s.j += jaccard(x, own.subarray(r * kk, (r + 1) * kk));
            s.m += reciprocalRank(x, q[r]);
          }
        }
      } finally {
        tf.dispose([qt, qa, qb, cosT]);
      }
    }
  } finally {
    tf.dispose([ua, ub, uaT, ubT]);
  }
  const n = Math.max(1, queries.length);
  return {
    ab: { jaccard: sum.ab.j / n, mrr: sum.ab.m / n, cosine: cos / n },
    ba: { jaccard: sum.ba.j / n, mrr: sum.ba.m / n, cosine: cos / n },
  };
}

/** The words nearest to one vector in a space (cosine), best first, the word itself included. */
export async function neighbours(space: tf.Tensor2D, vector: tf.Tensor1D, k: number): Promise<{ index: Int32Array; cosine: Float32Array }> {
  const out = tf.tidy(() => {
    const s = tf.reshape(mmT(unitRows(space), unitRows(tf.reshape(vector, [1, -1]) as tf.Tensor2D)), [-1]);
    return tf.topk(s, Math.min(k, space.shape[0]), true);
  });
  try {
    const [index, cosine] = await Promise.all([out.indices.data<'int32'>(), out.values.data<'float32'>()]);
    return { index: new Int32Array(index), cosine: new Float32Array(cosine) };
  } finally {
    tf.dispose([out.indices, out.values]);
  }
}
