/**
 * Model FLOPs per training step, for the benchmark's GFLOP/s column: the dense arithmetic a
 * researcher would count (multiply-adds as 2 FLOPs), embedding look-ups free, backward pass twice
 * the forward. The same count for every backend and for PyTorch, so GFLOP/s compares like with like
 * (it is not the arithmetic a backend happens to do: a one-hot matmul counts as a look-up).
 */
import type { GrokkingConfig } from '../cells/grokking/config';
import type { ClockPizzaConfig } from '../cells/clock-pizza/config';
import { MLP_RATIO } from '../cells/clock-pizza/config';
import type { LabelNoiseConfig } from '../cells/label-noise/config';
import type { RelrepsConfig } from '../cells/relreps/config';

const FWD_BWD = 3;

/** Gromov's MLP: one-hot pair → width, x² → p; full batch of floor(frac·p²) rows. */
export function grokkingFlops(c: Pick<GrokkingConfig, 'p' | 'frac' | 'width'>): number {
  const rows = Math.floor(c.frac * c.p * c.p);
  return FWD_BWD * rows * 2 * c.width * c.p;
}

/**
 * Zhong et al.'s one-layer transformer on [a, b] (as the PyTorch reference computes it: Q, K, V, O
 * and the MLP at both positions, the unembedding at the last).
 */
export function clockPizzaFlops(c: Pick<ClockPizzaConfig, 'p' | 'frac' | 'd_model'>): number {
  const rows = Math.floor(c.frac * c.p * c.p);
  const d = c.d_model;
  const mlp = MLP_RATIO * d;
  const perPosition = 2 * 4 * d * d + 2 * 2 * d * mlp; // Q, K, V, O; W_in, W_out
  const attention = 2 * 2 * 2 * d * 2; // scores and mixing, 2 positions × 2 keys
  const perRow = 2 * perPosition + attention + 2 * d * c.p;
  return FWD_BWD * rows * perRow;
}

/** The label-noise MLP 784-256-256-10 on a batch (the conv model is not counted). */
export function labelNoiseFlops(c: Pick<LabelNoiseConfig, 'model' | 'batch'>): number | null {
  if (c.model !== 'mlp') return null;
  return FWD_BWD * c.batch * 2 * (784 * 256 + 256 * 256 + 256 * 10);
}

/**
 * Two skip-gram models, one batch each: every centre has up to 2·window contexts, each scored
 * against itself and `negatives` noise words (a d-dimensional dot product each).
 */
export function relrepsFlops(c: Pick<RelrepsConfig, 'batch' | 'window' | 'negatives' | 'dim'>): number {
  const targets = c.batch * 2 * c.window * (1 + c.negatives);
  return 2 * FWD_BWD * targets * 2 * c.dim;
}
