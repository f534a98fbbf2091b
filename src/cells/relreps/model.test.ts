/**
 * The skip-gram step: a row that occurs n times in a batch moves by the sum of its gradients up to
 * ROW_CAP occurrences and by ROW_CAP of them past that, for word2vec's W_in / W_out and fastText's
 * n-gram rows; and no tensor leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Batch } from './batches';
import { ngramTable } from './ngrams';
import { batchTensors, meanScale, ROW_CAP, SgnsModel } from './model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A batch of `C` copies of one centre with the same two targets (a context, label 1, and a negative). */
function batch(C: number, centre = 2): Batch {
  const S = 2;
  return {
    centres: new Int32Array(C).fill(centre),
    targets: Int32Array.from({ length: C * S }, (_, i) => (i % S === 0 ? 1 : 3)),
    labels: Float32Array.from({ length: C * S }, (_, i) => (i % S === 0 ? 1 : 0)),
    weights: new Float32Array(C * S).fill(1),
    pairs: C,
    tokensRead: C,
    epoch: 0,
  };
}

async function after(model: SgnsModel, b: Batch, table = model.ngrams): Promise<Float32Array[]> {
  tf.tidy(() => model.step(batchTensors(b, table), 0.5));
  return Promise.all(model.variables.map(async (v) => new Float32Array(await v.data<'float32'>())));
}

describe('meanScale', () => {
  it('is weight * min(1, cap / occurrences among the weighted entries), 0 where the weight is 0', () => {
    expect(Array.from(meanScale([3, 5, 3, 3], [1, 1, 0, 1], 1))).toEqual([0.5, 1, 0, 0.5]);
    expect(Array.from(meanScale([7, 7], [0.5, 1], 1))).toEqual([0.25, 0.5]);
    expect(Array.from(meanScale([1, 2, 1], undefined, 1))).toEqual([0.5, 1, 0.5]);
    expect(Array.from(meanScale([1, 2, 1], undefined, 2))).toEqual([1, 1, 1]);
    expect(Array.from(meanScale([4, 4, 4, 4, 9], undefined, 2))).toEqual([0.5, 0.5, 0.5, 0.5, 1]);
    expect(ROW_CAP).toBeGreaterThan(1);
  });
});

describe('SgnsModel.step', () => {
  for (const kind of ['word2vec', 'fasttext'] as const) {
    it(`${kind}: a pair repeated n times in a batch moves every row min(n, ROW_CAP) times as far as once`, async () => {
      const words = ['the', 'day', 'monday', 'red', 'sunday'];
      // Many buckets: no two n-grams of "monday" share a row, so each row occurs once per copy.
      const table = kind === 'fasttext' ? ngramTable(words, 1_000_000) : null;
      // A non-zero W_out so that every parameter receives a gradient in the first step.
      const make = () => {
        const m = new SgnsModel(kind, words.length, 4, 11, table);
        m.wOut.assign(tf.randomUniform([words.length, 4], -0.3, 0.3, 'float32', 5));
        return m;
      };
      const moves = async (copies: number) => {
        const m = make();
        const start = await Promise.all(m.variables.map(async (v) => new Float32Array(await v.data<'float32'>())));
        const n = tf.memory().numTensors;
        const end = await after(m, batch(copies));
        expect(tf.memory().numTensors).toBe(n);
        m.dispose();
        return end.map((x, i) => x.map((v, j) => v - start[i][j]));
      };
      const once = await moves(1);
      for (const [copies, factor] of [
        [ROW_CAP, ROW_CAP],
        [4 * ROW_CAP, ROW_CAP],
        [3, 3],
      ]) {
        const got = await moves(copies);
        once.forEach((d, i) => {
          let worst = 0;
          let moved = 0;
          for (let j = 0; j < d.length; j++) {
            worst = Math.max(worst, Math.abs(got[i][j] - factor * d[j]));
            moved = Math.max(moved, Math.abs(d[j]));
          }
          expect(moved, `parameter ${i} moved`).toBeGreaterThan(1e-5);
          expect(worst / moved, `parameter ${i}, ${copies} copies`).toBeLessThan(1e-3);
        });
      }
    });
  }
});

describe('fastText input vectors', () => {
  it('the batch path (flattened n-grams summed by scatterND) gives the same vectors as input()', () => {
    const words = ['the', 'monday', 'mondays', 'sunday', 'day', 'president', 'resident', 'a'];
    const table = ngramTable(words, 1000);
    const m = new SgnsModel('fasttext', words.length, 6, 3, table);
    tf.tidy(() => m.wIn.assign(tf.randomNormal([words.length, 6], 0, 1, 'float32', 1)));
    const centres = [1, 5, 6, 1, 0, 7, 2, 3];
    const b: Batch = { centres: Int32Array.from(centres), targets: new Int32Array(centres.length * 2), labels: new Float32Array(centres.length * 2), weights: new Float32Array(centres.length * 2), pairs: 0, tokensRead: 0, epoch: 0 };
    const [viaBatch, viaInput] = tf.tidy(() => {
      const t = batchTensors(b, table);
      return [(m as unknown as { batchInput(t: unknown): tf.Tensor2D }).batchInput(t), m.input(tf.tensor1d(centres, 'int32'))];
    });
    const [x, y] = [viaBatch.arraySync(), viaInput.arraySync()];
    for (let i = 0; i < centres.length; i++) for (let j = 0; j < 6; j++) expect(x[i][j]).toBeCloseTo(y[i][j], 5);
    // And it is the mean of the word's row and its n-gram rows.
    const rows = table.ids.subarray(5 * table.width, 5 * table.width + table.counts[5]);
    const wIn = m.wIn.arraySync();
    const wNg = (m.wNgram as tf.Variable).arraySync() as number[][];
    const want = wIn[5].map((v, j) => (v + Array.from(rows).reduce((s, r) => s + wNg[r][j], 0)) / (1 + rows.length));
    want.forEach((v, j) => expect(x[1][j]).toBeCloseTo(v, 5));
    tf.dispose([viaBatch, viaInput]);
    m.dispose();
  });
});
