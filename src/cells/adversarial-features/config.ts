/**
 * The adversarial-features cell's parameters (Ilyas et al. 2019, "Adversarial Examples Are Not Bugs,
 * They Are Features"; the design measured in ../shared/reference/advfeat_mnist.py): the model, the
 * attack (norm, radius, PGD steps), how many training digits are attacked, the epochs, seed and rate.
 */
import { adamwLrParam, defaults, type ParamTable, type ParamValues, seedParam } from '../../core/params';

/** Training digits of the source model: the first shard of MNIST's training set. */
export const SOURCE_SIZE = 10_000;
/** Rows per training step (source and fresh models), and images attacked at once. */
export const BATCH = 128;
export const ATTACK_CHUNK = 1000;
/** Test digits read for the live curves (the first of the test set); the final numbers use all 10,000. */
export const CURVE_TEST = 1000;
/** Digits shown in the gallery, and the factor the perturbation is amplified by there. */
export const GALLERY = 8;
export const AMPLIFY = 4;

export const ADV_PARAMS = {
  model: {
    kind: 'choice',
    label: 'model',
    help: 'mlp: 784-256-256-10. conv: two 5×5 stride-2 convolutions (16, 32 channels) → 128 → 10 (the label-noise cell’s).',
    options: ['mlp', 'conv'],
    default: 'mlp',
    change: 'restart',
  },
  norm: {
    kind: 'choice',
    label: 'attack norm',
    help: 'l2: the perturbation’s Euclidean length is at most ε (the paper). linf: no pixel moves by more than ε.',
    options: ['l2', 'linf'],
    default: 'l2',
    change: 'restart',
  },
  eps: {
    kind: 'float',
    label: 'radius ε',
    help: 'The attack’s budget, pixels in [0, 1] (a digit’s L2 length is about 9.3). L2: 1.5–3 works; linf: 0.1–0.3.',
    min: 0.01,
    max: 5,
    step: 0.05,
    default: 2,
    change: 'restart',
  },
  pgdSteps: {
    kind: 'int',
    label: 'PGD steps',
    help: 'Projected-gradient steps per attacked image (step size 2.5 ε / steps, as the reference).',
    min: 1,
    max: 100,
    default: 50,
    change: 'restart',
  },
  attackSize: {
    kind: 'choice',
    label: 'digits attacked',
    help: 'Training digits attacked and relabelled (the first of the source set); each fresh model trains on this many.',
    options: ['500', '1000', '5000', '10000'],
    default: '5000',
    change: 'restart',
  },
  epochs: {
    kind: 'int',
    label: 'epochs',
    help: 'Epochs of the source model and of each fresh model.',
    min: 1,
    max: 20,
    default: 10,
    change: 'restart',
  },
  seed: seedParam('Seeds the initial weights, the batch order and the random targets of D_rand.'),
  lr: adamwLrParam({ default: 1e-3, max: 1e-2, help: 'Adam learning rate of every model; applied to the running run.' }),
} satisfies ParamTable;

export type AdvConfig = ParamValues<typeof ADV_PARAMS>;
export const ADV_DEFAULTS: AdvConfig = defaults(ADV_PARAMS);

/**
 * What is known. CIFAR-10 figures are the paper's (ResNet-50, L2 PGD; the authors' constructed-datasets
 * README); the MNIST table is the reference design measured here (PyTorch), not published.
 */
export const PUBLISHED = {
  cifar: { tag: 'paper (CIFAR-10)', dRand: 0.63, dDet: 0.44, text: 'CIFAR-10, ResNet-50: D_rand 63%, D_det 44% clean test accuracy' },
  reference: {
    tag: 'measured here (PyTorch reference, MNIST; not published)',
    rows: [
      { model: 'mlp', norm: 'l2', eps: 2, source: 0.958, randSuccess: 0.85, rand: 0.58, detSuccess: 0.82, det: 0.11, seed: 0 },
      { model: 'mlp', norm: 'l2', eps: 2, source: 0.955, randSuccess: 0.81, rand: 0.62, detSuccess: 0.81, det: 0.11, seed: 1 },
      { model: 'mlp', norm: 'l2', eps: 1.5, source: 0.958, randSuccess: 0.66, rand: 0.51, detSuccess: 0.59, det: 0.13, seed: 0 },
      { model: 'mlp', norm: 'l2', eps: 3, source: 0.958, randSuccess: 0.98, rand: 0.69, detSuccess: 0.97, det: 0.17, seed: 0 },
      { model: 'mlp', norm: 'linf', eps: 0.15, source: 0.958, randSuccess: 0.92, rand: 0.7, detSuccess: 0.89, det: 0.17, seed: 0 },
      { model: 'conv', norm: 'l2', eps: 2, source: 0.981, randSuccess: 0.42, rand: 0.82, detSuccess: 0.32, det: 0.03, seed: 0 },
    ],
    controls: 'relabelled digits without the perturbation 0.10–0.14; the perturbation without its mean-digit direction: MLP 0.49–0.52, CNN 0.67–0.71; D_det unperturbed about 0.005',
  },
} as const;
