/**
 * The one message protocol between a cell (main thread) and its training worker.
 * Every message carries the run id it belongs to; a worker or client drops any
 * message whose run id is not the current one, so a stale run can never write
 * into a newer run's charts. Progress messages carry only new points; big arrays
 * travel as transferables.
 *
 *   cell ──start(runId, config, backend)──▶ worker
 *   cell ◀──backend · metrics · analysis · checkpoint · state · error── worker
 */
import type { Checkpoint, Hyper, MetricPoint } from '../src/core/experiment';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export type RunState = 'running' | 'paused' | 'done';

export type ToWorker<C> =
  | {
      type: 'start';
      runId: number;
      config: C;
      backend: BackendChoice;
      /** Continue from here instead of a fresh initialisation. */
      resume?: Checkpoint;
      /** Start paused (e.g. "Step" pressed on an idle cell). */
      paused?: boolean;
      /** Settings of the analyses that are not part of the config (see 'options'). */
      options?: Record<string, unknown>;
    }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'step'; runId: number; count: number }
  | { type: 'hyper'; runId: number; hyper: Partial<Hyper> }
  | { type: 'max-steps'; runId: number; steps: number }
  /** Settings of the analyses (which anchors, a query word ...): applied at once, then a fresh analysis. */
  | { type: 'options'; runId: number; options: Record<string, unknown> }
  | { type: 'stop'; runId: number }
  /** Test hook: make the backend fail at the next step, or kill the worker. */
  | { type: 'fault'; runId: number; fault: 'backend' | 'crash' };

export type FromWorker<A> =
  | {
      type: 'backend';
      runId: number;
      backend: BackendName;
      /** Why better backends were not used, or why one was left mid-run. */
      notes: string[];
      /** Set when the run moved to this backend mid-run: history after this step is void. */
      resumedAt?: number;
    }
  | { type: 'metrics'; runId: number; points: MetricPoint[]; stepsPerSecond: number }
  /** What the run is doing before training starts (loading data); null when that is over. */
  | { type: 'progress'; runId: number; message: string | null }
  | { type: 'analysis'; runId: number; analysis: A }
  | { type: 'checkpoint'; runId: number; checkpoint: Checkpoint }
  | { type: 'state'; runId: number; state: RunState; step: number }
  | { type: 'error'; runId: number; message: string; fatal: boolean };

/** Narrow an unknown value to a message of this protocol's outbound shape (main side). */
export function isFromWorker(m: unknown): m is FromWorker<unknown> {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as { type?: unknown; runId?: unknown };
  return (
    typeof r.runId === 'number' &&
    (r.type === 'backend' ||
      r.type === 'metrics' ||
      r.type === 'progress' ||
      r.type === 'analysis' ||
      r.type === 'checkpoint' ||
      r.type === 'state' ||
      r.type === 'error')
  );
}

/** The typed arrays of a checkpoint, to pass as transferables. */
export function checkpointTransfer(c: Checkpoint): Transferable[] {
  return Object.values(c.tensors).map((t) => t.values.buffer as ArrayBuffer);
}
