/**
 * The benchmark page (bench.html, built with the site): drives each cell's real training worker
 * in the three ways `npm run bench` (scripts/bench.mjs) asks for, and answers through
 * `window.nbBench`. Every measurement spawns a fresh worker and ends it afterwards.
 *
 * - speed: the worker's benchmark mode (BenchSpec): ms per step after warm-up, steps only.
 * - success: a normal run (evaluations, analyses, checkpoints, as in the page) until the cell's
 *   success point; steps and seconds from the start message.
 * - tensors: a normal run of N steps; the worker's live tensor count at every metrics message.
 */
import { GROKKING_DEFAULTS } from '../cells/grokking/config';
import { CLOCK_PIZZA_DEFAULTS } from '../cells/clock-pizza/config';
import { LABEL_NOISE_DEFAULTS } from '../cells/label-noise/config';
import { RELREPS_DEFAULTS } from '../cells/relreps/config';
import type { MetricPoint } from '../core/experiment';
import type { BackendChoice, BenchResult, BenchSpec, FromWorker, ToWorker } from '../../workers/protocol';
import { clockPizzaFlops, grokkingFlops, labelNoiseFlops, relrepsFlops } from './flops';

type Config = Record<string, number | string>;

interface CellBench {
  spawn: () => Worker;
  defaults: Config;
  flops: (c: Config) => number | null;
  /** The cell's success point on a metric point, or null when it has none that is quick. */
  success: ((m: MetricPoint) => boolean) | null;
  successText: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- configs are plain records here */
const CELLS: Record<string, CellBench> = {
  grokking: {
    spawn: () => new Worker(new URL('../cells/grokking/worker.ts', import.meta.url), { type: 'module', name: 'grokking' }),
    defaults: { ...GROKKING_DEFAULTS },
    flops: (c) => grokkingFlops(c as any),
    success: (m) => m.testAcc >= 0.99,
    successText: 'test accuracy ≥ 99%',
  },
  'clock-pizza': {
    spawn: () => new Worker(new URL('../cells/clock-pizza/worker.ts', import.meta.url), { type: 'module', name: 'clock-pizza' }),
    defaults: { ...CLOCK_PIZZA_DEFAULTS },
    flops: (c) => clockPizzaFlops(c as any),
    success: (m) => m.testAcc >= 0.99,
    successText: 'test accuracy ≥ 99%',
  },
  'label-noise': {
    spawn: () => new Worker(new URL('../cells/label-noise/worker.ts', import.meta.url), { type: 'module', name: 'label-noise' }),
    defaults: { ...LABEL_NOISE_DEFAULTS },
    flops: (c) => labelNoiseFlops(c as any),
    success: (m) => m.testAcc >= 0.8,
    successText: 'test accuracy ≥ 80%',
  },
  relreps: {
    spawn: () => new Worker(new URL('../cells/relreps/worker.ts', import.meta.url), { type: 'module', name: 'relreps' }),
    defaults: { ...RELREPS_DEFAULTS },
    flops: (c) => relrepsFlops(c as any),
    success: null,
    successText: 'none quick (the agreement needs the whole 3,000-step run)',
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

let nextId = 1;

/** Start one run on a fresh worker; `onMessage` returns a value to finish with it. */
function drive<T>(
  cell: string,
  backend: BackendChoice,
  config: Config,
  extra: Partial<Extract<ToWorker<Config>, { type: 'start' }>>,
  timeoutMs: number,
  onMessage: (m: FromWorker<unknown>, elapsedMs: number) => T | undefined,
  onTimeout: () => T,
): Promise<T> {
  const c = CELLS[cell];
  if (!c) return Promise.reject(new Error(`no cell ${cell}`));
  const worker = c.spawn();
  const runId = nextId++;
  const t0 = performance.now();
  return new Promise<T>((resolve, reject) => {
    const end = (v: T | Error) => {
      clearTimeout(timer);
      worker.terminate();
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
    const timer = setTimeout(() => {
      try {
        end(onTimeout());
      } catch (e) {
        end(e instanceof Error ? e : new Error(String(e)));
      }
    }, timeoutMs);
    worker.onerror = (e) => end(new Error(`worker died: ${e.message}`));
    worker.onmessage = (ev: MessageEvent<FromWorker<unknown>>) => {
      const m = ev.data;
      if (m.runId !== runId) return;
      if (m.type === 'error' && m.fatal) return end(new Error(m.message));
      const v = onMessage(m, performance.now() - t0);
      if (v !== undefined) end(v);
    };
    worker.postMessage({ type: 'start', runId, config, backend, ...extra } satisfies ToWorker<Config>);
  });
}

export interface SpeedResult extends BenchResult {
  medianMs: number;
  gflops: number | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const api = {
  cells: () => Object.fromEntries(Object.entries(CELLS).map(([k, c]) => [k, { defaults: c.defaults, success: c.successText, quick: c.success !== null }])),
  flops: (cell: string, overrides: Config = {}) => CELLS[cell].flops({ ...CELLS[cell].defaults, ...overrides }),

  /** ms per step in the worker's benchmark mode. */
  speed(cell: string, backend: BackendChoice, spec: BenchSpec, overrides: Config = {}, timeoutMs = 300_000): Promise<SpeedResult> {
    const config = { ...CELLS[cell].defaults, ...overrides };
    const flops = CELLS[cell].flops(config);
    return drive<SpeedResult>(
      cell,
      backend,
      config,
      { bench: spec },
      timeoutMs,
      (m) => {
        if (m.type !== 'bench') return undefined;
        const medianMs = median(m.result.msPerStep);
        return { ...m.result, medianMs, gflops: flops === null ? null : flops / (medianMs * 1e6) };
      },
      () => {
        throw new Error(`timed out after ${timeoutMs / 1000} s`);
      },
    );
  },

  /** Steps and seconds (from the start message) to the cell's success point, in a normal run. */
  success(cell: string, backend: BackendChoice, overrides: Config = {}, timeoutMs = 120_000) {
    const test = CELLS[cell].success;
    if (!test) return Promise.resolve(null);
    const config = { ...CELLS[cell].defaults, ...overrides };
    let backendUsed = '';
    return drive<{ reached: boolean; step: number | null; seconds: number; backend: string }>(
      cell,
      backend,
      config,
      {},
      timeoutMs,
      (m, ms) => {
        if (m.type === 'backend') backendUsed = m.backend;
        if (m.type !== 'metrics') return undefined;
        const hit = m.points.find(test);
        return hit ? { reached: true, step: hit.step, seconds: ms / 1000, backend: backendUsed } : undefined;
      },
      () => ({ reached: false, step: null, seconds: timeoutMs / 1000, backend: backendUsed }),
    );
  },

  /** A normal run of `steps` steps: the worker's live tensors at each metrics message. */
  tensors(cell: string, backend: BackendChoice, overrides: Config, timeoutMs = 600_000) {
    const config = { ...CELLS[cell].defaults, ...overrides };
    const series: [number, number][] = [];
    return drive<{ done: boolean; series: [number, number][] }>(
      cell,
      backend,
      config,
      {},
      timeoutMs,
      (m) => {
        if (m.type === 'metrics' && m.tensors !== undefined && m.points.length) series.push([m.points.at(-1)!.step, m.tensors]);
        if (m.type === 'state' && m.state === 'done') return { done: true, series };
        return undefined;
      },
      () => ({ done: false, series }),
    );
  },
};

declare global {
  interface Window {
    nbBench: typeof api;
  }
}
window.nbBench = api;
document.body.dataset.ready = 'true';
