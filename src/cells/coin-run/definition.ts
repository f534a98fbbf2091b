/**
 * The coin cell: a policy trained with PPO on "CoinRun-lite" levels learns "go right" when the coin
 * is always at the right end, and "get the coin" when a few percent of levels put it elsewhere
 * (Langosco et al. 2022). One training step of the runtime is one PPO update.
 */
import { defineCell } from '../../core/cell';
import { ACTIONS, COIN_RUN_PARAMS, EPOCHS, HIDDEN, PUBLISHED, STEPS_PER_UPDATE, updates } from './config';
import { OBS_SIZE } from './levels';

/** One update: the rollout's forward passes, then EPOCHS × (forward + backward) over every row. */
export function coinRunFlops(): number {
  const perRow = 2 * (OBS_SIZE * HIDDEN + HIDDEN * HIDDEN + HIDDEN * (ACTIONS + 1));
  return (1 + 3 * EPOCHS) * STEPS_PER_UPDATE * perRow;
}

export const definition = defineCell({
  id: 'coin-run',
  title: 'The coin at the end of the level',
  tag: 'nb-coinrun-cell',
  paper: 'Langosco et al. 2022',
  params: COIN_RUN_PARAMS,
  presets: {
    none: { label: '0% (coin always at the end)', title: 'The misgeneralising setting', values: { randomPercent: 0 } },
    two: { label: '2%', title: 'The paper’s fix: 2% of training levels put the coin elsewhere', values: { randomPercent: 2 } },
    twenty: { label: '20%', values: { randomPercent: 20 } },
    quick: { label: 'quick: 300k steps', values: { steps: 300_000 } },
    long: { label: 'long: 1M steps (enough for 2%)', values: { steps: 1_000_000 } },
  },
  // Per PPO update, over the episodes that ended in its rollout (NaN when none did).
  series: [
    { key: 'trainCoinRate', label: 'coin collected (training levels) = mean return', kind: 'rate', format: 'percent', readout: 'train coin' },
    { key: 'episodeLength', label: 'episode length', kind: 'value', format: 'number' },
    { key: 'loss', label: 'PPO loss', kind: 'loss', format: 'number' },
    { key: 'entropy', label: 'policy entropy', kind: 'value', format: 'number' },
  ],
  divergence: ['loss'],
  charts: [
    { id: 'training', title: 'Training levels: coin collected per episode', series: ['trainCoinRate'], y: 'fraction' },
    { id: 'loss', title: 'PPO loss and policy entropy', series: ['loss', 'entropy'], y: 'linear' },
  ],
  success: null,
  published: PUBLISHED,
  hyper: (c) => ({ lr: c.lr, weightDecay: 0, horizon: updates(c.steps) }),
  maxSteps: (c) => updates(c.steps),
  bench: { tiny: { steps: 3 * STEPS_PER_UPDATE }, flops: coinRunFlops },
  assets: [],
});
