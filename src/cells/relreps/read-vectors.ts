/**
 * The session's side of the relreps Export: everything the metrics of one analysis read (both
 * models' vocabularies, counts and input vectors, the shared words, the anchors and the scored
 * sample), read back from the models. The page turns it into the export's `vectors` (./export-vectors.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnalysisVectors } from './analysis';
import type { Text } from './corpus';
import type { SgnsModel } from './model';

/** What it reads of a session. */
export interface VectorSource {
  corpus: { readonly vocab: readonly string[] };
  texts: readonly [Text, Text];
  models: readonly [SgnsModel, SgnsModel];
  /** Shared words, global ids: the rows compared. */
  shared: Int32Array;
}

/**
 * @param anchors anchor rows of `shared`, as the analysis used them
 * @param evalRows scored rows of `shared`, in the order scored
 */
export async function readVectors(src: VectorSource, dim: number, anchors: Int32Array, evalRows: Int32Array, settings: Record<string, unknown>): Promise<AnalysisVectors> {
  const values = await Promise.all(
    [0, 1].map(async (i) => {
      const t = tf.tidy(() => src.models[i].input(tf.range(0, src.texts[i].words.length, 1, 'int32') as tf.Tensor1D));
      try {
        return new Float32Array(await t.data<'float32'>());
      } finally {
        t.dispose();
      }
    }),
  );
  const pair = <T>(f: (t: Text) => T) => [f(src.texts[0]), f(src.texts[1])] as [T, T];
  return {
    words: pair((t) => Array.from(t.words, (g) => src.corpus.vocab[g])),
    counts: pair((t) => Float64Array.from(t.counts)),
    dim,
    values: values as [Float32Array, Float32Array],
    shared: pair((t) => Int32Array.from(src.shared, (g) => t.local[g])),
    anchors: Int32Array.from(anchors),
    evalRows: Int32Array.from(evalRows),
    settings,
  };
}
