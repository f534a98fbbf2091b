/**
 * The coin cell's parameters (Langosco et al. 2022, "Goal Misgeneralization in Deep Reinforcement
 * Learning"; the design measured in ../shared/reference/goalmisgen.py): how often a training level
 * has its coin somewhere else than the right end, the environment-step budget, the seed, Adam's rate.
 */
import { adamwLrParam, defaults, type ParamTable, type ParamValues, seedParam } from '../../core/params';

/** The policy network's hidden width and its actions (up, down, left, right). */
export const HIDDEN = 64;
export const ACTIONS = 4;

/** Levels stepped at once, and steps of each per rollout: one PPO update is ENVS × ROLLOUT env steps. */
export const ENVS = 64;
export const ROLLOUT = 64;
export const STEPS_PER_UPDATE = ENVS * ROLLOUT;
/** PPO epochs over each rollout, and rows per minibatch (4 minibatches an epoch). */
export const EPOCHS = 4;
export const MINIBATCH = 1024;
/** The fixed test levels (coin anywhere), the same for every run and seed. */
export const TEST_LEVELS = 1000;
export const TEST_SEED = 12345;
/** Test levels drawn in the page, step by step, for every run (the first of the test set). */
export const WATCH_LEVELS = 4;

export const COIN_RUN_PARAMS = {
  randomPercent: {
    kind: 'float',
    label: 'random coin %',
    help: 'Share of training levels (in percent, drawn at each reset) whose coin sits on a random free cell on the way, with nothing at the end. 0: the coin is always at the right end, so "go right" and "get the coin" cannot be told apart in training.',
    min: 0,
    max: 100,
    step: 1,
    default: 0,
    change: 'restart',
  },
  steps: {
    kind: 'int',
    label: 'environment steps',
    help: `Training budget in environment steps (${STEPS_PER_UPDATE.toLocaleString('en')} per PPO update: ${ENVS} levels × ${ROLLOUT} steps). 300k is quick; 2% needs about 1M.`,
    min: STEPS_PER_UPDATE,
    max: 5_000_000,
    log: true,
    default: 300_000,
    change: 'budget',
  },
  seed: seedParam('Seeds the training levels, the initial weights, the sampled actions and the minibatches (the test levels are the same for every seed).'),
  lr: adamwLrParam({ default: 1e-3, max: 1e-2, help: 'Adam learning rate, decaying linearly to 0 over the budget; applied to the running run.' }),
} satisfies ParamTable;

export type CoinRunConfig = ParamValues<typeof COIN_RUN_PARAMS>;
export const COIN_RUN_DEFAULTS: CoinRunConfig = defaults(COIN_RUN_PARAMS);

/** PPO updates in a budget of environment steps (at least one). */
export function updates(envSteps: number): number {
  return Math.max(1, Math.floor(envSteps / STEPS_PER_UPDATE));
}

/**
 * What is known. The paper (procgen CoinRun, PPO, 80M steps a setting) plots its frequencies; our
 * references do not give them, so the page says only what the paper says in words. The table is the
 * PyTorch reference design measured here (goalmisgen.py, 2 seeds, 300k steps, distinguishing levels),
 * not a published figure.
 */
export const PUBLISHED = {
  paper: {
    tag: 'paper',
    text: 'Trained with the coin always at the end, the agent runs to the end at test and ignores the coin; randomising the coin in a small share of training levels (about 2%) sharply improves it.',
  },
  reference: {
    tag: 'measured here (PyTorch reference, not published)',
    steps: 300_000,
    rows: [
      { randomPercent: 0, coin: 0.21, endFirst: 0.8 },
      { randomPercent: 1, coin: 0.39, endFirst: 0.65 },
      { randomPercent: 2, coin: 0.55, endFirst: 0.44 },
      { randomPercent: 5, coin: 0.7, endFirst: 0.24 },
      { randomPercent: 20, coin: 0.96, endFirst: 0.03 },
    ],
    long: { steps: 1_000_000, rows: [{ randomPercent: 0, coin: 0.24, endFirst: 0.76 }, { randomPercent: 2, coin: 0.935, endFirst: 0.037 }] },
    inDistribution: '0.98–0.99 for every setting',
  },
} as const;
