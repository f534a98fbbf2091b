/**
 * The clock-pizza cell's parameters (Zhong, Liu, Tegmark, Andreas 2023, "The Clock and the
 * Pizza"): a one-layer transformer on (a + b) mod p whose attention is blended with a
 * constant by the attention rate alpha (1: softmax attention, the clock; 0: constant
 * attention, the pizza). The problem and the architecture restart a run; the optimiser
 * settings (lr, wd, steps) apply to the running run.
 *
 * Fixed, as in the reference (../../../../shared/reference/modadd.py, class TF): 4 heads,
 * d_head = d_model / 4, d_mlp = 4 d_model, AdamW betas (0.9, 0.98), 10-step linear warm-up.
 */
import { adamwLrParam, defaults, type ParamTable, type ParamValues, seedParam, stepsParam, weightDecayParam, wrongLabelNoiseParam } from '../../core/params';
import { primeProblem } from '../../core/primes';

/** Attention heads (fixed). */
export const HEADS = 4;
/** d_mlp = MLP_RATIO · d_model (fixed). */
export const MLP_RATIO = 4;
export const BETAS: [number, number] = [0.9, 0.98];
/** Linear warm-up length in steps. */
export const WARMUP = 10;

/** Why d_model cannot be used, or null: it must split evenly into the 4 heads. */
export function dModelProblem(d: number): string | null {
  if (d % HEADS === 0) return null;
  const lo = d - (d % HEADS);
  return `${d} is not divisible by ${HEADS} (the number of heads); nearest allowed: ${lo}, ${lo + HEADS}`;
}

export const CLOCK_PIZZA_PARAMS = {
  p: {
    kind: 'int',
    label: 'modulus p',
    help: 'The task is (a + b) mod p for all a, b in 0..p-1; p must be prime.',
    min: 5,
    max: 113,
    default: 59,
    change: 'restart',
    check: primeProblem,
  },
  alpha: {
    kind: 'float',
    label: 'attention rate α',
    help: 'Attention = α · softmax(QKᵀ/√d_head) + (1 − α) · (all ones). 1: ordinary attention (clock); 0: constant attention (pizza).',
    min: 0,
    max: 1,
    step: 0.05,
    default: 1,
    change: 'restart',
  },
  d_model: {
    kind: 'int',
    label: 'width d_model',
    help: 'Residual stream width; 4 heads of d_model/4 each, MLP of 4·d_model.',
    min: 16,
    max: 256,
    default: 128,
    change: 'restart',
    check: dModelProblem,
  },
  frac: {
    kind: 'float',
    label: 'train fraction',
    help: 'Fraction of the p² pairs used for training; the rest are the test set.',
    min: 0.1,
    max: 0.9,
    step: 0.05,
    default: 0.8,
    change: 'restart',
  },
  noise: wrongLabelNoiseParam(),
  seed: seedParam(),
  lr: adamwLrParam({ default: 1e-3, max: 1e-2, help: 'AdamW learning rate (10-step linear warm-up); applied to the running run.' }),
  wd: weightDecayParam({ default: 2, max: 5, step: 0.1 }),
  steps: stepsParam(3000),
} satisfies ParamTable;

export type ClockPizzaConfig = ParamValues<typeof CLOCK_PIZZA_PARAMS>;

export const CLOCK_PIZZA_DEFAULTS: ClockPizzaConfig = defaults(CLOCK_PIZZA_PARAMS);

/** One-click settings: the two architectures of Zhong et al., and a slower, grokking-like run. */
export const PRESETS = {
  clock: { alpha: 1, frac: 0.8, wd: 2 },
  pizza: { alpha: 0, frac: 0.8, wd: 2 },
  grokking: { alpha: 1, frac: 0.5, wd: 1 },
} as const satisfies Record<string, Partial<ClockPizzaConfig>>;

/**
 * Reference values (REFERENCES.md section 2), at p = 59, d_model 128, frac 0.8, wd 2.
 * s_g = gradient symmetricity, q = distance irrelevance. Tags: [code] the authors' code, outputs
 * or sweep CSV; [reported] a replication. Ranges are [low, high], with a text form for display.
 */
export const PUBLISHED = {
  pizza: { alpha: 0, gradSymmetricity: 0.994, distanceIrrelevance: 0.17, tag: '[code]' },
  clock: {
    alpha: 1,
    gradSymmetricity: [0.33, 0.47],
    distanceIrrelevance: [0.83, 0.85],
    gradSymmetricityText: '0.33–0.47',
    distanceIrrelevanceText: '0.83–0.85',
    tag: '[reported]',
    note: '0.33 (s_g) and 0.85 (q) from a replication [reported]; 0.47 and 0.83 are the [code] medians of the α 0.9–1.0 band',
  },
  /** Trained models (either kind) exceed this circularity. */
  circularityAbove: { value: 0.99, tag: '[code]' },
  /** q below this reads as a pizza. */
  pizzaQBelow: { value: 0.4, tag: '[code]' },
  /** q is noisy at small width: a replication got 0.42–0.63 for α = 0 at d_model 64. */
  pizzaQSmallWidth: { value: [0.42, 0.63], tag: '[reported]' },
  /** Phase diagram at width 128: median s_g and q per alpha band. */
  phaseDiagram: [
    { alpha: [0, 0.1], gradSymmetricity: 0.993, distanceIrrelevance: 0.25, tag: '[code]' },
    { alpha: [0.5, 0.7], gradSymmetricity: 0.86, distanceIrrelevance: 0.57, tag: '[code]' },
    { alpha: [0.9, 1.0], gradSymmetricity: 0.47, distanceIrrelevance: 0.83, tag: '[code]' },
  ],
  source: 'Zhong, Liu, Tegmark, Andreas 2023, "The Clock and the Pizza" (code and sweep CSV); clock values also from a replication',
} as const;
