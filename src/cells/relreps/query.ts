/**
 * The query box of the relative-representations cell: a word's nearest shared words in each
 * model, absolute (its own vectors) and relative (cosines to the anchors). A fastText-style model
 * builds a word it never saw from its character n-grams.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mmT } from '../../core/matmul';
import type { QueryResult } from './analysis';
import type { Text } from './corpus';
import { charNgrams, fnv1a, type NgramTable } from './ngrams';
import { neighbours, unitRows } from './metrics';
import type { SgnsModel } from './model';

const QUERY_K = 8;

/** What the query reads of a session: the vocabularies, the shared words, the models and their n-gram tables. */
export interface QuerySource {
  /** `vocab`: the corpus's words by global id. */
  corpus: { readonly vocab: readonly string[] };
  wordId: ReadonlyMap<string, number>;
  texts: readonly [Text, Text];
  /** Shared words (global ids): the rows of the spaces compared. */
  shared: Int32Array;
  models: readonly [SgnsModel, SgnsModel];
  ngrams: readonly [NgramTable | null, NgramTable | null];
}

/** A query word's vector in model i: from its vocabulary, or (fastText) from the n-grams it shares with known words. */
export function queryVector(src: QuerySource, i: number, word: string): { v: tf.Tensor1D; source: string } | null {
  const g = src.wordId.get(word);
  const local = g === undefined ? -1 : src.texts[i].local[g];
  if (local >= 0) return { v: tf.tidy(() => tf.reshape(src.models[i].input(tf.tensor1d([local], 'int32')), [-1]) as tf.Tensor1D), source: 'vocabulary' };
  const table = src.ngrams[i];
  if (!table) return null;
  const v = src.models[i].oovVector(word, (w) =>
    charNgrams(w)
      .map((gram) => table.rowOf.get(fnv1a(gram) % table.buckets))
      .filter((r): r is number => r !== undefined),
  );
  return v ? { v, source: 'n-grams' } : null;
}

/** A word's nearest shared words in both models, in the spaces of the analysis (`spaces` absolute, `rel` relative). */
export async function queryWord(
  src: QuerySource,
  word: string,
  spaces: tf.Tensor2D[],
  rel: tf.Tensor2D[],
  anchors: Int32Array,
  centre: boolean,
): Promise<QueryResult> {
  const vocab = src.corpus.vocab;
  const out: QueryResult = { word, source: [null, null], abs: [[], []], rel: [[], []] };
  for (let i = 0; i < 2; i++) {
    const q = queryVector(src, i, word);
    if (!q) continue;
    out.source[i] = q.source;
    const mean = tf.mean(spaces[i], 0);
    const qc = centre ? tf.sub(q.v, mean) : tf.clone(q.v);
    const base = centre ? tf.sub(spaces[i], mean) : tf.clone(spaces[i]);
    const qRel = tf.tidy(() => {
      const a = tf.gather(base, tf.tensor1d(anchors, 'int32')) as tf.Tensor2D;
      return tf.reshape(mmT(unitRows(tf.reshape(qc, [1, -1]) as tf.Tensor2D), unitRows(a)), [-1]) as tf.Tensor1D;
    });
    try {
      const [na, nr] = await Promise.all([neighbours(base as tf.Tensor2D, qc as tf.Tensor1D, QUERY_K), neighbours(rel[i], qRel, QUERY_K)]);
      const list = (n: { index: Int32Array; cosine: Float32Array }) => Array.from(n.index, (r, j) => ({ word: vocab[src.shared[r]], cosine: n.cosine[j] }));
      out.abs[i] = list(na);
      out.rel[i] = list(nr);
    } finally {
      tf.dispose([q.v, mean, qc, base, qRel]);
    }
  }
  return out;
}
