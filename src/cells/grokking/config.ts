/**
 * The grokking cell's parameters (Gromov 2023, "Grokking modular arithmetic"; Doshi et al.
 * for label noise): the problem (p, train fraction, label noise, width, seed) and the
 * optimiser settings that can be changed while a run goes on (lr, weight decay, steps).
 */
import { adamwLrParam, defaults, type ParamTable, type ParamValues, seedParam, stepsParam, weightDecayParam, wrongLabelNoiseParam } from '../../core/params';
import { primeProblem } from '../../core/primes';

export const GROKKING_PARAMS = {
  p: {
    kind: 'int',
    label: 'modulus p',
    help: 'The task is (a + b) mod p for all a, b in 0..p-1; p must be prime.',
    min: 5,
    max: 199,
    default: 97,
    change: 'restart',
    check: primeProblem,
  },
  frac: {
    kind: 'float',
    label: 'train fraction',
    help: 'Fraction of the p² pairs used for training; the rest are the test set.',
    min: 0.1,
    max: 0.9,
    step: 0.05,
    default: 0.5,
    change: 'restart',
  },
  noise: wrongLabelNoiseParam(),
  width: {
    kind: 'int',
    label: 'width N',
    help: 'Hidden units of the x² layer.',
    min: 8,
    max: 2048,
    default: 500,
    change: 'restart',
  },
  seed: seedParam(),
  lr: adamwLrParam({ default: 1e-2, max: 1e-1 }),
  wd: weightDecayParam({ default: 5, max: 20, step: 0.5 }),
  steps: stepsParam(400),
} satisfies ParamTable;

export type GrokkingConfig = ParamValues<typeof GROKKING_PARAMS>;

export const GROKKING_DEFAULTS: GrokkingConfig = defaults(GROKKING_PARAMS);

/** The published reference figures for the default configuration (p = 97, N = 500, frac 0.5, wd 5, lr 1e-2). */
export const PUBLISHED = {
  /** First step with 100% test accuracy in Gromov's saved run. */
  test100Step: 44,
  /** First step with 100% train accuracy in Gromov's saved run. */
  train100Step: 28,
  /** First step with >= 99% test accuracy in our PyTorch reproduction (seeds 0, 1, 2). */
  pytorchTest99Step: 42,
  source: 'Gromov 2023 (saved run); PyTorch reproduction here',
} as const;
