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
import type { Checkpoint, MetricPoint } from '../src/core/experiment';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export type RunState = 'running' | 'paused' | 'done';

/** What "auto" measured: the backend it picked and each backend's time on the probe. */
export interface ProbeResult {
  pick: BackendName;
  /** Median milliseconds of the probe workload per backend that started. */
  ms: Partial<Record<BackendName, number>>;
  /**
   * Set when the probing worker caps WASM's threads (capWasmThreads): WASM was timed on this many
   * threads, right for that cell but not for the others, so the page does not remember the result.
   */
  wasmThreadCap?: number;
}

/** "wasm 12 ms, webgl 80 ms" from a probe, fastest first. */
export function probeText(p: ProbeResult): string {
  return (Object.entries(p.ms) as [BackendName, number][])
    .sort((a, b) => a[1] - b[1])
    .map(([b, t]) => `${b} ${t < 10 ? t.toFixed(1) : Math.round(t)} ms`)
    .join(', ');
}

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
      /** With backend "auto": the pick of an earlier probe in this browser, tried first (no new probe). */
      autoPick?: BackendName;
      /**
       * A warm-up (paused, before the reader pressed Train): no analysis until it has stepped, so
       * that a cell that is only being got ready does no more work than it must.
       */
      warm?: boolean;
      /** Benchmark instead of a normal run: time steps, reply with one 'bench' message, end. */
      bench?: BenchSpec;
    }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'step'; runId: number; count: number }
  /**
   * A parameter that does not restart the run changed: the whole new config. The worker routes it
   * by the parameter table (optimiser settings, step budget, analysis settings; runtime/run.ts).
   */
  | { type: 'config'; runId: number; config: C }
  /** Settings of the analyses (which anchors, a query word ...): applied at once, then a fresh analysis. */
  | { type: 'options'; runId: number; options: Record<string, unknown> }
  | { type: 'stop'; runId: number }
  /**
   * Test hook: make the backend fail at the next step (backend), throw from the worker (crash), close
   * the worker quietly as a browser reclaiming memory does (close), or spin without returning (hang).
   */
  | { type: 'fault'; runId: number; fault: Fault };

export type Fault = 'backend' | 'crash' | 'close' | 'hang';

/**
 * A benchmark run (`npm run bench`): `warmup` steps, then `steps` more timed in chunks of `chunk`,
 * each chunk closed by a readback that waits for the backend to finish (so a GPU's queued work
 * is counted). No evaluations, analyses or checkpoints.
 */
export interface BenchSpec {
  warmup: number;
  steps: number;
  chunk: number;
}

export interface BenchResult {
  backend: BackendName;
  detail: string;
  /** Milliseconds per step of each timed chunk. */
  msPerStep: number[];
  /** Live tensors after the warm-up and after the timed steps. */
  tensorsBefore: number;
  tensorsAfter: number;
  /** Milliseconds from the start message to the first step (backend start-up, data, model). */
  startMs: number;
}

export type FromWorker<A> =
  | {
      type: 'backend';
      runId: number;
      backend: BackendName;
      /** Why better backends were not used, or why one was left mid-run. */
      notes: string[];
      /** What the backend runs on, in a few words ("2 threads, SIMD", "google swiftshader (software)"). */
      detail?: string;
      /** "auto" probed the backends for this run: what it measured. */
      probe?: ProbeResult;
      /** Set when the run moved to this backend mid-run: history after this step is void. */
      resumedAt?: number;
    }
  /** New metric points; `tensors`: live tensors in the worker (flat over a run, or it leaks). */
  | { type: 'metrics'; runId: number; points: MetricPoint[]; stepsPerSecond: number; tensors?: number }
  | { type: 'bench'; runId: number; result: BenchResult }
  /** What the run is doing before training starts (loading data); null when that is over. */
  /** What the run is doing before its first step; `bytes` while it downloads (a progress bar). */
  | { type: 'progress'; runId: number; message: string | null; bytes?: { done: number; total: number } }
  | { type: 'analysis'; runId: number; analysis: A }
  | { type: 'checkpoint'; runId: number; checkpoint: Checkpoint }
  | { type: 'state'; runId: number; state: RunState; step: number }
  | { type: 'error'; runId: number; message: string; fatal: boolean }
  /** The worker is alive (sent every second or so while a run exists; the page's watchdog listens). */
  | { type: 'heartbeat'; runId: number };

/** Narrow an unknown value to a message of this protocol's outbound shape (main side). */
export function isFromWorker(m: unknown): m is FromWorker<unknown> {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as { type?: unknown; runId?: unknown };
  return (
    typeof r.runId === 'number' &&
    (r.type === 'backend' ||
      r.type === 'metrics' ||
      r.type === 'bench' ||
      r.type === 'progress' ||
      r.type === 'analysis' ||
      r.type === 'checkpoint' ||
      r.type === 'state' ||
      r.type === 'error' ||
      r.type === 'heartbeat')
  );
}

/** The typed arrays of a checkpoint, to pass as transferables. */
export function checkpointTransfer(c: Checkpoint): Transferable[] {
  return Object.values(c.tensors).map((t) => t.values.buffer as ArrayBuffer);
}
