/**
 * Pinned runs of the clock-pizza cell: "Pin this run" keeps a run's numbers so a clock and a pizza
 * can be read side by side. Pure: the component renders the list and keeps it.
 */
import type { ClockPizzaAnalysis } from './session';

/** At most this many runs stay pinned; a new pin drops the oldest. */
export const MAX_PINS = 6;

/** One more than the highest run number pinned so far (the list drops its oldest, so not its length). */
function nextNumber(pins: readonly { label: string }[]): number {
  return Math.max(0, ...pins.map((r) => Number(/run (\d+)/.exec(r.label)?.[1] ?? 0))) + 1;
}

export interface Pinned {
  label: string;
  alpha: number;
  p: number;
  d_model: number;
  step: number;
  testAcc: number | null;
  gradSymmetricity: number;
  distanceIrrelevance: number;
  circularity: number;
  keyFrequencies: number[];
}

/** The analysis fields a pin keeps. */
export type PinnedAnalysis = Pick<
  ClockPizzaAnalysis,
  'alpha' | 'step' | 'gradSymmetricity' | 'distanceIrrelevance' | 'circularity' | 'keyFrequencies'
>;

/**
 * The pins after pinning a run: its analysis (α, step, s_g, q, circularity, key frequencies), the
 * config's p and d_model and the latest test accuracy, labelled `run N` with N one more than the
 * highest number pinned before it; the oldest are dropped to keep at most MAX_PINS. No analysis yet: the pins as they were.
 */
export function pinRun(
  pins: readonly Pinned[],
  analysis: PinnedAnalysis | null | undefined,
  config: { p: number; d_model: number },
  lastTestAcc: number | null | undefined,
): Pinned[] {
  if (!analysis) return pins.slice();
  return [
    ...pins.slice(-(MAX_PINS - 1)),
    {
      label: `run ${nextNumber(pins)}`,
      alpha: analysis.alpha,
      p: config.p,
      d_model: config.d_model,
      step: analysis.step,
      testAcc: lastTestAcc ?? null,
      gradSymmetricity: analysis.gradSymmetricity,
      distanceIrrelevance: analysis.distanceIrrelevance,
      circularity: analysis.circularity,
      keyFrequencies: analysis.keyFrequencies.slice(),
    },
  ];
}
