/**
 * Training curves: any of a cell's metric series against step (its definition's `charts`), with
 * the published figure marked where it applies.
 *
 *   history ─thin─▶ traces ─▶ { data, layout }
 */
import type { MetricChart, SeriesSpec } from '../core/cell';
import type { MetricPoint } from '../core/experiment';
import { baseLayout, COLORS, type Figure } from './types';

/** Keep at most `max` points, evenly spaced, always keeping the last. */
export function thin<T>(points: readonly T[], max = 1200): T[] {
  if (points.length <= max) return points.slice();
  const stride = Math.ceil(points.length / max);
  const out: T[] = [];
  for (let i = 0; i < points.length; i += stride) out.push(points[i]);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
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

/** Smallest loss drawn on a log axis: float32 losses below this are not meaningful. */
export const LOSS_FLOOR = 1e-7;

/** Trace colours by position: the first series is "train", the second "test", then the rest. */
const SERIES_COLORS = [COLORS.train, COLORS.test, '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

const HOVER: Record<string, string> = { accuracy: 'acc %{y:.3f}', loss: 'loss %{y:.3g}' };

/** Metric series of a cell against step, one chart of its definition (`charts`). */
export function metricsFigure(history: readonly MetricPoint[], o: MetricsOptions): Figure {
  const pts = thin(history);
  const x = pts.map((p) => p.step);
  const y = o.chart.y;
  const data = o.series.map((s, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: s.label,
    x,
    y: pts.map((p) => (y === 'log' ? Math.max(LOSS_FLOOR, p[s.key]) : p[s.key])),
    line: { color: SERIES_COLORS[i % SERIES_COLORS.length], width: 2 },
    hovertemplate: `step %{x}<br>${s.label} ${HOVER[s.kind] ?? '%{y:.3g}'}<extra></extra>`,
  }));
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
