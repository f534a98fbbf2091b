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
import type { MetricPoint } from '../core/experiment';
import { defaults } from '../core/params';
import { CELLS as DEFINITIONS } from '../cells/registry';
import { spawnWorker } from '../cells/workers';
import type { BackendChoice, BenchResult, BenchSpec, FromWorker, ToWorker } from '../../workers/protocol';

type Config = Record<string, number | string>;

interface CellBench {
  spawn: () => Worker;
  defaults: Config;
  flops: (c: Config) => number | null;
  /** The cell's success point on a metric point, or null when it has none that is quick. */
  success: ((m: MetricPoint) => boolean) | null;
  successText: string;
  tiny: Config;
  torch: readonly string[] | null;
}

/** Every cell of the registry, as the bench drives it (its definition's defaults, FLOPs and success point). */
const CELLS: Record<string, CellBench> = Object.fromEntries(
  Object.values(DEFINITIONS).map((d) => {
    const ok = d.success;
    return [
      d.id,
      {
        spawn: () => spawnWorker(d.id),
        defaults: defaults(d.params) as Config,
        flops: (c: Config) => d.bench.flops(c),
        success: ok ? (m: MetricPoint) => m[ok.series] >= ok.atLeast : null,
        successText: ok?.text ?? 'none quick (its claim needs a whole run)',
        tiny: d.bench.tiny as Config,
        torch: d.bench.torch ?? null,
      } satisfies CellBench,
    ];
  }),
);

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
  cells: () =>
    Object.fromEntries(Object.entries(CELLS).map(([k, c]) => [k, { defaults: c.defaults, success: c.successText, quick: c.success !== null, tiny: c.tiny, torch: c.torch }])),
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
