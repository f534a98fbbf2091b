/**
 * Training curves: any of a cell's metric series against step (its definition's `charts`), with
 * the published figure marked where it applies.
 *
 *   history ─minMax per trace─▶ traces ─▶ { data, layout }
 */
import type { MetricChart, SeriesSpec } from '../core/cell';
import type { MetricPoint } from '../core/experiment';
import { baseLayout, COLORS, type Figure } from './types';

/**
 * Points a trace draws at most: every chart redraw sends each trace's points to Plotly, so a long run
 * draws a decimated history (minMax below); Export keeps every point.
 */
export const DRAW_BUDGET = 600;

/**
 * Decimate a trace for drawing: the points in index order cut into buckets, each bucket keeping its
 * lowest and highest value (in their order), the first and last points always kept; at most about
 * `budget` points. Unlike even thinning, a spike or a jump stays visible. Non-finite values (a series
 * outside its stage) are kept as gaps, one a bucket.
 */
export function minMax(x: readonly number[], y: readonly number[], budget = DRAW_BUDGET): { x: number[]; y: number[] } {
  const n = x.length;
  if (n <= budget) return { x: x.slice(), y: y.slice() };
  // At most three points a bucket (lowest, highest, a gap) plus the two ends.
  const buckets = Math.max(1, Math.floor((budget - 2) / 3));
  const size = (n - 2) / buckets;
  const ox: number[] = [x[0]];
  const oy: number[] = [y[0]];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor(b * size);
    const to = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const v = y[i];
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < y[lo]) lo = i;
      if (hi < 0 || v > y[hi]) hi = i;
    }
    const keep = [...new Set([lo, hi, gap].filter((i) => i >= 0))].sort((a, b) => a - b);
    for (const i of keep) {
      ox.push(x[i]);
      oy.push(y[i]);
    }
  }
  ox.push(x[n - 1]);
  oy.push(y[n - 1]);
  return { x: ox, y: oy };
}

export interface Reference {
  step: number;
  label: string;
}

export interface MetricsOptions {
  /** The chart: its title, the series it draws (in legend order) and its y axis. */
  chart: Pick<MetricChart, 'title' | 'y'>;
  /** The series drawn, with the legend names to use. */
  series: readonly Pick<SeriesSpec, 'key' | 'label' | 'kind'>[];
  logX: boolean;
  /** A published milestone drawn as a dashed vertical line. */
  reference?: Reference;
}

/** Marker sizes that show only the finite points with no finite neighbour, or null when there is none. */
export function isolated(y: readonly number[]): number[] | null {
  const fin = (i: number) => i >= 0 && i < y.length && Number.isFinite(y[i]);
  const sizes = y.map((_, i) => (fin(i) && !fin(i - 1) && !fin(i + 1) ? 6 : 0));
  return sizes.some((v) => v > 0) ? sizes : null;
}

/** Smallest loss drawn on a log axis: float32 losses below this are not meaningful. */
export const LOSS_FLOOR = 1e-7;

/** Trace colours by position: the first series is "train", the second "test", then the rest. */
const SERIES_COLORS = [COLORS.train, COLORS.test, '#16a34a', '#9333ea', '#0891b2', '#a16207'];

const HOVER: Record<string, string> = { accuracy: 'acc %{y:.3f}', loss: 'loss %{y:.3g}' };

/** Metric series of a cell against step, one chart of its definition (`charts`). */
export function metricsFigure(history: readonly MetricPoint[], o: MetricsOptions): Figure {
  const steps = history.map((p) => p.step);
  const x = steps;
  const y = o.chart.y;
  const data = o.series.map((s, i) => {
    const trace = minMax(
      steps,
      history.map((p) => (y === 'log' ? Math.max(LOSS_FLOOR, p[s.key]) : p[s.key])),
    );
    const color = SERIES_COLORS[i % SERIES_COLORS.length];
    // A point between gaps (a series that lives in a short stage) draws no line: give it a marker.
    const alone = isolated(trace.y);
    return {
      type: 'scatter',
      mode: alone ? 'lines+markers' : 'lines',
      name: s.label,
      ...trace,
      ...(alone ? { marker: { color, size: alone } } : {}),
      line: { color, width: 2 },
      hovertemplate: `step %{x}<br>${s.label} ${HOVER[s.kind] ?? '%{y:.3g}'}<extra></extra>`,
    };
  });
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  if (o.reference) {
    shapes.push({
      type: 'line',
      xref: 'x',
      yref: 'paper',
      x0: o.reference.step,
      x1: o.reference.step,
      y0: 0,
      y1: 1,
      line: { color: COLORS.muted, width: 1.5, dash: 'dash' },
    });
    annotations.push({
      x: o.reference.step,
      y: y === 'fraction' ? 0.5 : 0.9,
      xref: 'x',
      yref: 'paper',
      text: o.reference.label,
      showarrow: false,
      xanchor: 'left',
      xshift: 4,
      font: { size: 10, color: COLORS.muted },
      bgcolor: 'rgba(255,255,255,0.7)',
    });
  }
  const lastStep = x.length ? x[x.length - 1] : 1;
  const xmax = Math.max(lastStep, o.reference ? o.reference.step * 1.15 : 1, 10);
  return {
    data,
    layout: baseLayout(o.chart.title, {
      xaxis: {
        title: { text: 'step', standoff: 4 },
        type: o.logX ? 'log' : 'linear',
        range: o.logX ? [0, Math.log10(xmax)] : [0, xmax],
        gridcolor: COLORS.grid,
        zeroline: false,
      },
      yaxis:
        y === 'fraction'
          ? { range: [0, 1.02], tickformat: '.0%', gridcolor: COLORS.grid, zeroline: false }
          : y === 'linear'
            ? { rangemode: 'tozero', gridcolor: COLORS.grid, zeroline: false }
            : { type: 'log', exponentformat: 'power', dtick: 1, gridcolor: COLORS.grid },
      shapes,
      annotations,
    }),
  };
}
