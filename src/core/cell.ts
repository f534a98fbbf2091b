/**
 * A cell's definition: everything about one live cell that is data, read by the page (the cell
 * frame, the essay, the bench page) and by its worker (the runtime) alike. Pure: no DOM, no worker,
 * no tfjs. Each cell folder's `definition.ts` exports one, built with `defineCell`; the registry
 * (src/cells/registry.ts) finds them.
 */
import type { Hyper } from './experiment';
import type { ParamTable, ParamValues } from './params';

/** What a metric series measures; the metric charts group series by kind. */
export type SeriesKind = 'loss' | 'accuracy' | 'rate' | 'return' | 'value';

export interface SeriesSpec {
  /** Field of a metric point, of `results` and of the exported history. */
  key: string;
  /** Legend and read-out name. */
  label: string;
  kind: SeriesKind;
  /** How the read-out prints it: a percentage, a plain number, or in exponent form. */
  format: 'percent' | 'number' | 'exp';
  /** Its name in the read-out line ("test acc"); not shown there when absent. */
  readout?: string;
}

/** A chart of metric series over steps (the cell frame draws one per entry). */
export interface MetricChart {
  /** Used in the memo key and the PNG file name (`<cell>-<id>.png`). */
  id: string;
  title: string;
  /** Keys of the series drawn, in legend order. */
  series: readonly string[];
  /** y axis: 0..1 as percentages, a log axis (losses over decades) or linear from 0. */
  y: 'fraction' | 'log' | 'linear';
}

/** The point a run is judged to have shown the claim: the first step where `series` >= `atLeast`. */
export interface SuccessPoint {
  series: string;
  atLeast: number;
  /** How the bench and the docs say it ("test accuracy ≥ 99%"). */
  text: string;
}

export interface Preset<T extends ParamTable> {
  label: string;
  title?: string;
  values: Partial<ParamValues<T>>;
}

export interface CellDefinition<T extends ParamTable = ParamTable> {
  /** The cell id: its folder name, its URL prefix (`?<id>.<param>=`), `data-experiment`. */
  id: string;
  title: string;
  /** Custom element tag of its component. */
  tag: string;
  /** The work whose experiment it re-runs, as credited in the cell ("Gromov 2023"). */
  paper: string;
  params: T;
  presets: Record<string, Preset<T>>;
  /** The metric series a point carries, in the order the session's `measure()` packs them. */
  series: readonly SeriesSpec[];
  /** Series whose non-finite value means the run diverged (the run stops with a message). */
  divergence: readonly string[];
  charts: readonly MetricChart[];
  success: SuccessPoint | null;
  /** The published (and reference) figures shown beside the live ones. */
  published: Readonly<Record<string, unknown>>;
  /** Optimiser settings of a config (sent to the running run when an 'optimiser' parameter changes). */
  hyper(config: ParamValues<T>): Hyper;
  /** The step budget of a config. */
  maxSteps(config: ParamValues<T>): number;
  bench: {
    /** A tiny config for tests (overrides of the defaults). */
    tiny: Partial<ParamValues<T>>;
    /** Model FLOPs per step (the bench's GFLOP/s), or null when it does not apply. */
    flops(config: ParamValues<T>): number | null;
    /** Flags of ../shared/reference/modadd.py for the same model and rows (the bench's PyTorch ratio), if any. */
    torch?: readonly string[];
  };
  /** Data the worker fetches, under the site's data/ folder (e.g. 'mnist/'). */
  assets: readonly string[];
  /** Worker schedule settings that differ from workers/schedule.ts's. */
  worker?: {
    /** Steps between metric points at a given step. */
    evalEvery?(step: number): number;
    /** Milliseconds between checkpoints (longer for big models). */
    checkpointMs?: number;
    /** At most this many WASM threads (a model that is not matrix products gains nothing from more). */
    wasmThreads?: number;
  };
}

/** Type a definition with its own parameter table (so presets and hooks see its config's fields). */
export function defineCell<T extends ParamTable>(d: CellDefinition<T>): CellDefinition<T> {
  return d;
}

/** The series of a supervised classifier (train/test loss and accuracy), labelled as given. */
export function supervisedSeries(names: { train?: string; test?: string } = {}): SeriesSpec[] {
  const train = names.train ?? 'train';
  const test = names.test ?? 'test';
  return [
    { key: 'trainLoss', label: train, kind: 'loss', format: 'exp' },
    { key: 'trainAcc', label: train, kind: 'accuracy', format: 'percent' },
    { key: 'testLoss', label: test, kind: 'loss', format: 'exp' },
    { key: 'testAcc', label: test, kind: 'accuracy', format: 'percent', readout: 'test acc' },
  ];
}

/** The two charts of a supervised classifier: accuracy (0..1) and loss, on the given y axis. */
export function supervisedCharts(lossTitle: string, lossAxis: 'log' | 'linear'): MetricChart[] {
  return [
    { id: 'accuracy', title: 'Accuracy', series: ['trainAcc', 'testAcc'], y: 'fraction' },
    { id: 'loss', title: `Loss (${lossTitle})`, series: ['trainLoss', 'testLoss'], y: lossAxis },
  ];
}

/** The parameters whose changes apply to the running run as analysis settings. */
export function analysisKeys(table: ParamTable): string[] {
  return Object.entries(table)
    .filter(([, s]) => s.change === 'analysis')
    .map(([k]) => k);
}
