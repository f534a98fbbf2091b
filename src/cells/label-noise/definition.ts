/**
 * The label-noise cell: an MLP or a small conv net on the real MNIST digits, α noisy labels per
 * clean one (Rolnick et al. 2017).
 */
import { defineCell, supervisedCharts, supervisedSeries } from '../../core/cell';
import { LABEL_NOISE_PARAMS, PUBLISHED } from './config';

/** The MLP 784-256-256-10 on a batch; the conv model is not counted (null). */
export function labelNoiseFlops(c: { model: string; batch: number }): number | null {
  if (c.model !== 'mlp') return null;
  return 3 * c.batch * 2 * (784 * 256 + 256 * 256 + 256 * 10);
}

export const definition = defineCell({
  id: 'label-noise',
  title: 'Massive label noise',
  tag: 'nb-labelnoise-cell',
  paper: 'Rolnick et al. 2017',
  params: LABEL_NOISE_PARAMS,
  presets: {
    uniform: { label: 'Uniform noise (α = 20)', title: 'α = 20, uniform noise', values: { alpha: '20', bias: 0 } },
    aimed: {
      label: 'Aimed noise (wrong label wins)',
      title: 'α = 20, 10% of the noise aimed at one wrong class: it outnumbers the right label',
      values: { alpha: '20', bias: 0.1 },
    },
  },
  // "train" is the batch, noisy labels and all; "test" a fixed sample of 1,000 test digits.
  series: supervisedSeries({ train: 'agrees with its (noisy) batch labels', test: 'test (1,000 digits)' }),
  divergence: ['trainLoss', 'testLoss'],
  charts: supervisedCharts('cross-entropy', 'linear'),
  success: { series: 'testAcc', atLeast: 0.8, text: 'test accuracy ≥ 80%' },
  published: PUBLISHED,
  hyper: (c) => ({ lr: c.lr, weightDecay: 0 }),
  maxSteps: (c) => c.steps,
  bench: { tiny: { cleanSize: '10000', alpha: '1', batch: 64 }, flops: labelNoiseFlops },
  assets: ['mnist/'],
  worker: {
    // The test sample costs about two batches' forward passes: read it every 10 steps, 25 later on.
    evalEvery: (step) => (step < 10 ? 1 : step < 1000 ? 10 : 25),
  },
});
