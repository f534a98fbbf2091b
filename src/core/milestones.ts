/** Milestones read off a metric history. */
import type { MetricPoint } from './experiment';

/** First step at which `key` reaches `threshold`, or null. */
export function firstStep(history: readonly MetricPoint[], key: 'trainAcc' | 'testAcc', threshold: number): number | null {
  for (const p of history) if (p[key] >= threshold) return p.step;
  return null;
}

export type Phase = 'memorising' | 'generalising' | 'generalised';

/**
 * Where a grokking run stands. Generalised: test accuracy at least 99%.
 * Generalising: the test set has caught up with at least half of what the
 * training set reached, beyond chance. Otherwise memorising.
 */
export function phase(p: MetricPoint | undefined, chance: number): Phase | null {
  if (!p) return null;
  if (p.testAcc >= 0.99) return 'generalised';
  const aboveChance = p.testAcc - chance > 0.1;
  if (aboveChance && p.testAcc >= 0.5 * p.trainAcc) return 'generalising';
  return 'memorising';
}
