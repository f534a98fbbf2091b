/**
 * The relative-representations cell: two skip-gram models (word2vec and fastText-style) trained
 * live on the Brown corpus and compared word by word, absolute vs relative (Moschella et al. 2023).
 */
import { defineCell } from '../../core/cell';
import { PUBLISHED, RELREPS_PARAMS } from './config';

/**
 * Two skip-gram models, one batch each: every centre has up to 2·window contexts, each scored
 * against itself and `negatives` noise words (a d-dimensional dot product each).
 */
export function relrepsFlops(c: { batch: number; window: number; negatives: number; dim: number }): number {
  const targets = c.batch * 2 * c.window * (1 + c.negatives);
  return 2 * 3 * targets * 2 * c.dim;
}

export const definition = defineCell({
  id: 'relreps',
  title: 'Relative representations',
  tag: 'nb-relreps-cell',
  paper: 'Moschella et al. 2023',
  params: RELREPS_PARAMS,
  presets: {
    pair: { label: 'word2vec vs fastText', values: { pair: 'w2v-vs-ft', split: 'whole' } },
    ceiling: { label: 'The ceiling: word2vec twice', title: 'The same algorithm twice: how high agreement goes here', values: { pair: 'w2v-vs-w2v', split: 'whole' } },
    genre: { label: 'Split by genre', title: 'One model reads informative prose, the other fiction', values: { pair: 'w2v-vs-ft', split: 'genre' } },
  },
  // The first model's held-out skip-gram loss and accuracy are "train", the second's "test": the
  // field names the `results` contract has always had (their labels name the models).
  series: [
    { key: 'trainLoss', label: 'first model', kind: 'loss', format: 'number' },
    { key: 'trainAcc', label: 'first model', kind: 'accuracy', format: 'percent' },
    { key: 'testLoss', label: 'second model', kind: 'loss', format: 'number' },
    { key: 'testAcc', label: 'second model', kind: 'accuracy', format: 'percent' },
  ],
  divergence: ['trainLoss', 'testLoss'],
  charts: [{ id: 'loss', title: 'Loss (skip-gram loss per pair (held-out batch))', series: ['trainLoss', 'testLoss'], y: 'linear' }],
  success: null,
  published: PUBLISHED,
  hyper: (c) => ({ lr: c.lr, weightDecay: 0 }),
  maxSteps: (c) => c.steps,
  bench: { tiny: { share: '5', dim: 16, batch: 64 }, flops: relrepsFlops },
  assets: ['brown/'],
  worker: {
    // The held-out loss is two forward passes: cheap, but no need for every step.
    evalEvery: (step) => (step < 20 ? 1 : step < 500 ? 10 : 25),
    // The fastText n-gram table is ~85,000 x 100 floats: checkpoint it every 20 s, not every 3 s.
    checkpointMs: 20000,
    // Gathers, scatters and element-wise products, not matrix products: XNNPACK's second thread gains
    // nothing (`node scripts/bench.mjs --cells relreps --backends wasm --skip page,success,tensors,torch`,
    // runs minutes apart: 37.8 ms/step on 1 thread, 39.6 on 2) and, on a 2-core machine, takes the core
    // the page draws this cell's six charts on.
    wasmThreads: 1,
  },
});
