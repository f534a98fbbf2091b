/**
 * Training curves: accuracy and loss against step, train and test, with the
 * published figure marked where it applies.
 *
 *   history ─thin─▶ traces ─▶ { data, layout }
 */
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
  which: 'accuracy' | 'loss';
  logX: boolean;
  /** A published milestone drawn as a dashed vertical line. */
  reference?: Reference;
  /** Name of the loss in the title (default MSE). */
  lossName?: string;
  /** Loss on a linear axis from 0 (for losses that stay within a decade, like noisy-label cross-entropy). */
  linearLoss?: boolean;
  /** Legend names of the two series (default train, test). */
  names?: { train: string; test: string };
}

/** Smallest loss drawn on a log axis: float32 losses below this are not meaningful. */
export const LOSS_FLOOR = 1e-7;

export function metricsFigure(history: readonly MetricPoint[], o: MetricsOptions): Figure {
  const pts = thin(history);
  const x = pts.map((p) => p.step);
  const acc = o.which === 'accuracy';
  const pick = (f: (p: MetricPoint) => number) => pts.map((p) => (acc || o.linearLoss ? f(p) : Math.max(LOSS_FLOOR, f(p))));
  const data = [
    {
      type: 'scatter',
      mode: 'lines',
      name: o.names?.train ?? 'train',
      x,
      y: pick((p) => (acc ? p.trainAcc : p.trainLoss)),
      line: { color: COLORS.train, width: 2 },
      hovertemplate: `step %{x}<br>${o.names?.train ?? 'train'} ${acc ? 'acc %{y:.3f}' : 'loss %{y:.3g}'}<extra></extra>`,
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: o.names?.test ?? 'test',
      x,
      y: pick((p) => (acc ? p.testAcc : p.testLoss)),
      line: { color: COLORS.test, width: 2 },
      hovertemplate: `step %{x}<br>${o.names?.test ?? 'test'} ${acc ? 'acc %{y:.3f}' : 'loss %{y:.3g}'}<extra></extra>`,
    },
  ];
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
      y: acc ? 0.5 : 0.9,
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
    layout: baseLayout(acc ? 'Accuracy' : `Loss (${o.lossName ?? 'MSE'})`, {
      xaxis: {
        title: { text: 'step', standoff: 4 },
        type: o.logX ? 'log' : 'linear',
        range: o.logX ? [0, Math.log10(xmax)] : [0, xmax],
        gridcolor: COLORS.grid,
        zeroline: false,
      },
      yaxis: acc
        ? { range: [0, 1.02], tickformat: '.0%', gridcolor: COLORS.grid, zeroline: false }
        : o.linearLoss
          ? { rangemode: 'tozero', gridcolor: COLORS.grid, zeroline: false }
          : { type: 'log', exponentformat: 'power', dtick: 1, gridcolor: COLORS.grid },
      shapes,
      annotations,
    }),
  };
}
