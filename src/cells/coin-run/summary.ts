/**
 * The coin cell's summary of finished runs (kept per browser, src/core/run-summary.ts): each run's
 * random_percent, seed, budget and its final coin and end-first rates on the distinguishing levels.
 */
import { RunSummary, type SummarySpec, type SummaryStorage } from '../../core/run-summary';
import type { CoinSummaryPoint } from './figures';
import type { CoinRunAnalysis } from './session';

const FIELDS = ['randomPercent', 'seed', 'envSteps', 'coin', 'endFirst'] as const;

export function isCoinPoint(p: unknown): p is CoinSummaryPoint {
  if (typeof p !== 'object' || p === null) return false;
  const r = p as Record<string, unknown>;
  return FIELDS.every((k) => Number.isFinite(r[k]));
}

export const COIN_SUMMARY: SummarySpec<CoinSummaryPoint> = { key: 'nb.coin-run.summary', max: 60, isPoint: isCoinPoint };

/** The point a run adds: only a finished run whose latest analysis is of its last step. */
export function finishedPoint(run: { status: string; step: number }, a: CoinRunAnalysis | null | undefined, seed: number): CoinSummaryPoint | null {
  if (run.status !== 'done' || !a || a.step !== run.step || run.step <= 0) return null;
  const last = a.evals.at(-1);
  if (!last || last.step !== a.step) return null;
  return { randomPercent: a.randomPercent, seed, envSteps: a.envSteps, coin: last.distinguishing.coin, endFirst: last.distinguishing.endFirst };
}

export function coinSummary(storage: SummaryStorage | null): RunSummary<CoinSummaryPoint> {
  return new RunSummary(COIN_SUMMARY, storage);
}
