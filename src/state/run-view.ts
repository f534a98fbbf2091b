/**
 * What a cell shows of its run: the metric history, the latest analysis, status, backend, messages,
 * loading progress and rate, and how the worker's reports change them. RunController (which drives
 * the worker) extends it; cells only render these fields.
 */
import type { MetricPoint } from '../core/experiment';
import type { BackendName, FromWorker } from '../../workers/protocol';

export type CellStatus = 'idle' | 'running' | 'paused' | 'done' | 'error';

export class RunView<A> {
  history: MetricPoint[] = [];
  analysis: A | null = null;
  status: CellStatus = 'idle';
  backend: BackendName | null = null;
  /** What the backend runs on ("2 threads, SIMD"); empty when unknown. */
  backendDetail = '';
  /** Why better backends were not used; fallbacks mid-run. */
  notes: string[] = [];
  /** The latest problem, shown in the cell (null when none). */
  error: string | null = null;
  /** What the run is doing before its first step (loading data), or null. */
  progress: string | null = null;
  /** Bytes received of those expected while it downloads (a progress bar), else null. */
  progressBytes: { done: number; total: number } | null = null;
  /** Events worth telling the reader that are not errors (a crash recovered from). */
  info: string[] = [];
  stepsPerSecond = 0;
  step = 0;
  /** Live tensors in the worker at its last metrics message (null before one). */
  workerTensors: number | null = null;
  /** When the current run started (performance.now()), for wall time. */
  startedAt = 0;

  /** Forget the run shown (a new run, a reset). */
  protected clearView(): void {
    this.history = [];
    this.analysis = null;
    this.backend = null;
    this.backendDetail = '';
    this.notes = [];
    this.info = [];
    this.progress = null;
    this.progressBytes = null;
    this.stepsPerSecond = 0;
    this.step = 0;
    this.workerTensors = null;
  }

  /** Drop the points after `step` (a run resumed from a checkpoint there). */
  protected truncate(step: number): void {
    this.history = this.history.filter((p) => p.step <= step);
  }

  /** A report that only changes what is shown: loading progress, metric points, an analysis. */
  protected report(m: Extract<FromWorker<A>, { type: 'progress' | 'metrics' | 'analysis' }>): void {
    if (m.type === 'progress') {
      this.progress = m.message;
      this.progressBytes = m.bytes ?? null;
    } else if (m.type === 'metrics') {
      if (m.points.length) {
        this.history = this.history.concat(m.points);
        this.step = m.points[m.points.length - 1].step;
      }
      this.stepsPerSecond = m.stepsPerSecond;
      if (m.tensors !== undefined) this.workerTensors = m.tensors;
    } else {
      this.analysis = m.analysis;
    }
  }
}
