/**
 * The adversarial-features cell: train a source model, attack training digits toward other labels
 * and relabel them, train fresh models on what the attack made, and test them on clean digits
 * (Ilyas et al. 2019). One runtime step is one training batch or one PGD step on a chunk of digits.
 */
import { defineCell, type SeriesSpec } from '../../core/cell';
import { PIXELS } from '../../core/mnist/constants';
import { ADV_PARAMS, BATCH, PUBLISHED } from './config';
import { plan, totalSteps } from './pipeline';

const acc = (key: string, label: string): SeriesSpec => ({ key, label, kind: 'accuracy', format: 'percent' });

/** The MLP's forward and backward on a training batch (the attack steps are counted the same per image). */
export function advFlops(c: { model: string }): number | null {
  if (c.model !== 'mlp') return null;
  return 3 * BATCH * 2 * (PIXELS * 256 + 256 * 256 + 256 * 10);
}

export const definition = defineCell({
  id: 'adversarial-features',
  title: 'Adversarial examples are features',
  tag: 'nb-advfeat-cell',
  paper: 'Ilyas et al. 2019',
  params: ADV_PARAMS,
  presets: {
    l2: { label: 'L2, ε = 2 (MLP)', title: 'The reference’s main setting', values: { model: 'mlp', norm: 'l2', eps: 2 } },
    linf: { label: 'L∞, ε = 0.15', values: { model: 'mlp', norm: 'linf', eps: 0.15 } },
    conv: { label: 'small CNN, L2 2', values: { model: 'conv', norm: 'l2', eps: 2 } },
    quick: { label: 'quicker: 1,000 digits, 20 steps', values: { attackSize: '1000', pgdSteps: 20, epochs: 5 } },
  },
  // One point a step; a series is NaN outside the stage it belongs to (so each curve draws in its stage).
  series: [
    // The model training, or (stage 2) the attack toward its targets.
    { key: 'loss', label: 'cross-entropy', kind: 'loss', format: 'number' },
    acc('sourceAcc', 'source model, test'),
    { key: 'randSuccess', label: 'D_rand: called the random target', kind: 'rate', format: 'percent' },
    { key: 'detSuccess', label: 'D_det: called y + 1', kind: 'rate', format: 'percent' },
    acc('randAcc', 'D_rand model'),
    acc('detAcc', 'D_det model'),
    acc('randPlainAcc', 'D_rand labels, no perturbation'),
    acc('randPerpAcc', 'D_rand, mean-digit direction removed'),
    acc('detPlainAcc', 'D_det labels, no perturbation'),
  ],
  divergence: ['loss'],
  charts: [
    { id: 'source', title: '1. Source model: clean test accuracy', series: ['sourceAcc'], y: 'fraction' },
    { id: 'attack', title: '2. Attack success (source model)', series: ['randSuccess', 'detSuccess'], y: 'fraction' },
    { id: 'fresh', title: '3. Fresh models: clean test accuracy', series: ['randAcc', 'randPlainAcc', 'randPerpAcc', 'detAcc', 'detPlainAcc'], y: 'fraction' },
    { id: 'loss', title: 'Cross-entropy', series: ['loss'], y: 'linear' },
  ],
  success: null,
  published: PUBLISHED,
  hyper: (c) => ({ lr: c.lr, weightDecay: 0 }),
  maxSteps: (c) => totalSteps(plan(c)),
  bench: { tiny: { attackSize: '500', pgdSteps: 5, epochs: 1 }, flops: advFlops },
  assets: ['mnist/'],
  worker: {
    // A point every 10 steps (the live test is 1,000 digits); every step of an attack (few, slow).
    evalEvery: (step) => (step < 10 ? 1 : 10),
    // A checkpoint holds the finished perturbations (2 × attacked × 784 floats): not every 3 s.
    checkpointMs: 30000,
  },
});

