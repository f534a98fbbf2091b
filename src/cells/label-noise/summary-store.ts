/**
 * The label-noise cell's run summary: every finished run as one point (α, model, final test
 * accuracy), kept in the reader's browser so the paper's figure builds up across visits.
 *
 *   storage[SUMMARY_KEY] ─parse/validate─▶ points ─record(finished run)─▶ points ─▶ storage
 *
 * Pure: the storage is injected (the component passes localStorage, or null where the browser
 * blocks it); a blocked or full storage keeps the summary for this page only.
 */
import type { SummaryPoint } from './figures';
import { loadPoints, parsePoints, RunSummary, savePoints, type SummarySpec, type SummaryStorage } from '../../core/run-summary';

export type { SummaryStorage };

export const SUMMARY_KEY = 'nb.label-noise.summary';
/** The most points kept: the oldest go first. */
export const SUMMARY_MAX = 60;

const NUMERIC_FIELDS = ['alpha', 'bias', 'cleanSize', 'batch', 'lr', 'steps', 'testAccuracy'] as const;

/** Whether a stored value is a summary point (finite numbers, a known model). */
export function isSummaryPoint(p: unknown): p is SummaryPoint {
  if (typeof p !== 'object' || p === null) return false;
  const r = p as Record<string, unknown>;
  return NUMERIC_FIELDS.every((k) => Number.isFinite(r[k])) && (r.model === 'mlp' || r.model === 'conv');
}

const SPEC: SummarySpec<SummaryPoint> = { key: SUMMARY_KEY, max: SUMMARY_MAX, isPoint: isSummaryPoint };

/** The stored summary's text as points: garbage gives none, invalid entries are dropped, the last SUMMARY_MAX kept. */
export const parseSummary = (text: string | null): SummaryPoint[] => parsePoints(SPEC, text);
/** The summary kept in `storage` (none when it is missing, blocked or holds garbage). */
export const loadSummary = (storage: SummaryStorage | null): SummaryPoint[] => loadPoints(SPEC, storage);
/** Keeps `points` in `storage`; a full or blocked storage is ignored (the summary lives for this page only). */
export const saveSummary = (storage: SummaryStorage | null, points: readonly SummaryPoint[]): void => savePoints(SPEC, storage, points);

/** What the summary reads of a run: its controller's state. */
export interface RunState {
  runId: number;
  status: string;
  step: number;
}

/** What the summary reads of a run's latest analysis. */
export interface RunAnalysis {
  step: number;
  alpha: number;
  bias: number;
  model: string;
  testAccuracy: number;
}

/** What the summary reads of the run's config (the parameters the analysis does not echo). */
export interface RunConfig {
  cleanSize: string | number;
  batch: number;
  lr: number;
}

/**
 * The point a run adds to the summary, or null while it has none to add: only a finished run
 * whose analysis (full-test accuracy) is of its last step, past step 0.
 */
export function finishedPoint(run: RunState, a: RunAnalysis | null | undefined, c: RunConfig): SummaryPoint | null {
  if (run.status !== 'done' || !a || a.step !== run.step || run.step <= 0) return null;
  return {
    alpha: a.alpha,
    bias: a.bias,
    model: a.model,
    cleanSize: Number(c.cleanSize),
    batch: c.batch,
    lr: c.lr,
    steps: a.step,
    testAccuracy: a.testAccuracy,
  };
}

/** The summary of finished runs (src/core/run-summary.ts), fed with this cell's runs. */
export class SummaryStore extends RunSummary<SummaryPoint> {
  constructor(storage: SummaryStorage | null) {
    super(SPEC, storage);
  }

  /**
   * A finished run joins the summary once, with its full-test accuracy at the last step.
   * @returns whether the summary changed
   */
  recordRun(run: RunState, a: RunAnalysis | null | undefined, c: RunConfig): boolean {
    return this.record(run.runId, finishedPoint(run, a, c));
  }
}
