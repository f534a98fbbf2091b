/**
 * The grokking cell: Gromov's x² network learning (a + b) mod p, trained live (Gromov 2023).
 * Everything about the cell that is data; the worker (worker.ts) and the component read it.
 */
import { defineCell, supervisedCharts, supervisedSeries } from '../../core/cell';
import { GROKKING_PARAMS, PUBLISHED } from './config';

/** Full batch: forward h = onehot·W_in [rows, width], x², out = z·W_out [rows, p]; backward twice that. */
export function grokkingFlops(c: { p: number; frac: number; width: number }): number {
  const rows = Math.floor(c.frac * c.p * c.p);
  return 3 * rows * 2 * c.width * c.p;
}

export const definition = defineCell({
  id: 'grokking',
  title: 'Grokking in seconds',
  tag: 'nb-grokking-cell',
  paper: 'Gromov 2023',
  params: GROKKING_PARAMS,
  presets: {},
  series: supervisedSeries(),
  divergence: ['trainLoss', 'testLoss'],
  charts: supervisedCharts('MSE', 'log'),
  success: { series: 'testAcc', atLeast: 0.99, text: 'test accuracy ≥ 99%' },
  published: PUBLISHED,
  hyper: (c) => ({ lr: c.lr, weightDecay: c.wd }),
  maxSteps: (c) => c.steps,
  bench: {
    tiny: { p: 23, width: 128 },
    flops: grokkingFlops,
    torch: ['--model', 'mlp', '--p', '97', '--width', '500', '--frac', '0.5', '--steps', '12', '--eval_every', '100000'],
  },
  assets: [],
});
