/**
 * The clock-and-pizza cell: Zhong et al.'s one-layer transformer with attention rate α learning
 * (a + b) mod p; α = 1 tends to the clock, α = 0 to the pizza (Zhong et al. 2023).
 */
import { defineCell, supervisedCharts, supervisedSeries } from '../../core/cell';
import { CLOCK_PIZZA_PARAMS, MLP_RATIO, PRESETS, PUBLISHED } from './config';

/**
 * Model FLOPs per step, as the PyTorch reference computes the model: Q, K, V, O and the MLP at both
 * positions, the unembedding at the last; backward twice the forward.
 */
export function clockPizzaFlops(c: { p: number; frac: number; d_model: number }): number {
  const rows = Math.floor(c.frac * c.p * c.p);
  const d = c.d_model;
  const mlp = MLP_RATIO * d;
  const perPosition = 2 * 4 * d * d + 2 * 2 * d * mlp; // Q, K, V, O; W_in, W_out
  const attention = 2 * 2 * 2 * d * 2; // scores and mixing, 2 positions × 2 keys
  const perRow = 2 * perPosition + attention + 2 * d * c.p;
  return 3 * rows * perRow;
}

export const definition = defineCell({
  id: 'clock-pizza',
  title: 'The clock and the pizza',
  tag: 'nb-clockpizza-cell',
  paper: 'Zhong et al. 2023',
  params: CLOCK_PIZZA_PARAMS,
  presets: {
    clock: { label: 'Clock (α = 1)', title: 'α = 1, 80% train, wd 2', values: PRESETS.clock },
    pizza: { label: 'Pizza (α = 0)', title: 'α = 0, 80% train, wd 2', values: PRESETS.pizza },
    grokking: { label: 'Grokking', title: 'α = 1, 50% train, wd 1: memorise, then generalise', values: PRESETS.grokking },
  },
  series: supervisedSeries(),
  divergence: ['trainLoss', 'testLoss'],
  charts: supervisedCharts('cross-entropy', 'log'),
  success: { series: 'testAcc', atLeast: 0.99, text: 'test accuracy ≥ 99%' },
  published: PUBLISHED,
  hyper: (c) => ({ lr: c.lr, weightDecay: c.wd }),
  maxSteps: (c) => c.steps,
  bench: {
    tiny: { p: 17, d_model: 32, lr: 0.005, alpha: 0 },
    flops: clockPizzaFlops,
    torch: ['--model', 'tf', '--p', '59', '--d', '128', '--frac', '0.8', '--wd', '2', '--alpha', '1', '--steps', '6', '--eval_every', '100000'],
  },
  assets: [],
});
