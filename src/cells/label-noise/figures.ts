/**
 * Figures of the label-noise cell: the labels drawn for one true class (is the right label still
 * the most common?), and the summary of finished runs, alpha against final test accuracy, which
 * rebuilds Rolnick et al.'s figure as the reader explores.
 *
 *   analysis.labelCounts [10, 10] + expectedLabelShares ─▶ labelCountsFigure
 *   finished runs ─▶ summaryFigure
 */
import { baseLayout, COLORS, round, type Figure } from '../../figures/types';

export const RIGHT_COLOR = '#16a34a';
export const WRONG_COLOR = '#dc2626';

/**
 * Bars: the share of each label among the labels drawn so far for training images of class c,
 * the right label green, the most common wrong one red; the expected shares as markers.
 * @param counts [10 * 10] counts[true * 10 + label] @param expected [10] shares for class c
 */
export function labelCountsFigure(counts: ArrayLike<number>, c: number, expected: ArrayLike<number>): Figure {
  const row = Array.from({ length: 10 }, (_, k) => counts[c * 10 + k]);
  const total = row.reduce((a, b) => a + b, 0);
  const share = row.map((x) => (total > 0 ? x / total : 0));
  let worst = -1;
  for (let k = 0; k < 10; k++) if (k !== c && (worst < 0 || share[k] > share[worst])) worst = k;
  const labels = Array.from({ length: 10 }, (_, k) => String(k));
  const outnumbered = total > 0 && share[worst] > share[c];
  return {
    data: [
      {
        type: 'bar',
        name: 'drawn',
        x: labels,
        y: share.map((v) => round(v)),
        marker: { color: labels.map((_, k) => (k === c ? RIGHT_COLOR : k === worst ? WRONG_COLOR : COLORS.muted)) },
        customdata: row,
        hovertemplate: 'label %{x}: %{y:.1%} (%{customdata} drawn)<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: 'expected',
        x: labels,
        y: Array.from(expected, (v) => round(v)),
        marker: { symbol: 'line-ew-open', size: 18, color: COLORS.text, line: { width: 2 } },
        hovertemplate: 'expected %{y:.1%}<extra></extra>',
      },
    ],
    layout: baseLayout(`Labels drawn for training images of a ${c}`, {
      xaxis: { title: { text: 'label', standoff: 4 }, type: 'category' },
      yaxis: { tickformat: '.0%', gridcolor: COLORS.grid, zeroline: false, rangemode: 'tozero' },
      bargap: 0.25,
      annotations: total
        ? [
            {
              xref: 'paper',
              yref: 'paper',
              x: 0.99,
              y: 0.96,
              xanchor: 'right',
              showarrow: false,
              text: outnumbered ? `wrong label ${worst} outnumbers the right one` : `the right label ${c} is the most common`,
              font: { size: 10, color: outnumbered ? WRONG_COLOR : RIGHT_COLOR },
              bgcolor: 'rgba(255,255,255,0.7)',
            },
          ]
        : [],
    }),
  };
}

/** One finished run, as the summary chart shows it. */
export interface SummaryPoint {
  alpha: number;
  bias: number;
  model: string;
  cleanSize: number;
  batch: number;
  lr: number;
  steps: number;
  testAccuracy: number;
}

/** The published alpha grid, which the summary's x axis follows. */
export const ALPHA_GRID = ['0', '1', '2', '5', '10', '20', '50', '100'];

export interface SummaryReference {
  alpha: number;
  testAcc: number;
  label: string;
}

function seriesName(p: SummaryPoint): string {
  return `${p.model}, ${p.bias > 0 ? 'aimed noise' : 'uniform noise'}`;
}

const SERIES_STYLE: Record<string, { color: string; symbol: string }> = {
  'mlp, uniform noise': { color: COLORS.train, symbol: 'circle' },
  'conv, uniform noise': { color: COLORS.accent, symbol: 'diamond' },
  'mlp, aimed noise': { color: WRONG_COLOR, symbol: 'circle-open' },
  'conv, aimed noise': { color: '#b45309', symbol: 'diamond-open' },
};

/**
 * Finished runs as points (alpha, final test accuracy), one series per model and noise shape,
 * with the paper's headline (> 90% at alpha 100) and reference runs beside them.
 */
export function summaryFigure(points: readonly SummaryPoint[], headline: { alpha: number; testAccAbove: number; text: string }, refs: readonly SummaryReference[]): Figure {
  const groups = new Map<string, SummaryPoint[]>();
  for (const p of points) {
    const k = seriesName(p);
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const data: Record<string, unknown>[] = [...groups.entries()].map(([name, ps]) => ({
    type: 'scatter',
    mode: 'markers',
    name,
    x: ps.map((p) => String(p.alpha)),
    y: ps.map((p) => round(p.testAccuracy)),
    marker: { size: 9, color: SERIES_STYLE[name]?.color ?? COLORS.text, symbol: SERIES_STYLE[name]?.symbol ?? 'circle' },
    text: ps.map(
      (p) =>
        `α ${p.alpha}${p.bias > 0 ? `, ${Math.round(100 * p.bias)}% aimed` : ''}, ${p.model}, ${p.cleanSize / 1000}k clean, batch ${p.batch}, lr ${p.lr}, ${p.steps} steps`,
    ),
    hovertemplate: '%{text}<br>test %{y:.1%}<extra></extra>',
  }));
  if (refs.length) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'PyTorch reference (8k clean)',
      x: refs.map((r) => String(r.alpha)),
      y: refs.map((r) => r.testAcc),
      text: refs.map((r) => r.label),
      marker: { size: 8, symbol: 'x-thin-open', color: COLORS.muted, line: { width: 2, color: COLORS.muted } },
      hovertemplate: '%{text}: %{y:.0%}<extra></extra>',
    });
  }
  return {
    data,
    layout: baseLayout('Finished runs: test accuracy against α', {
      height: 280,
      xaxis: { title: { text: 'noisy labels per clean label α', standoff: 4 }, type: 'category', categoryorder: 'array', categoryarray: ALPHA_GRID, range: [-0.5, ALPHA_GRID.length - 0.5] },
      yaxis: { range: [0, 1.02], tickformat: '.0%', gridcolor: COLORS.grid, zeroline: false },
      shapes: [
        {
          type: 'line',
          xref: 'x',
          yref: 'y',
          x0: ALPHA_GRID.indexOf(String(headline.alpha)) - 0.4,
          x1: ALPHA_GRID.indexOf(String(headline.alpha)) + 0.4,
          y0: headline.testAccAbove,
          y1: headline.testAccAbove,
          line: { color: COLORS.text, width: 2, dash: 'dot' },
        },
        { type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: 0.1, y1: 0.1, line: { color: COLORS.muted, width: 1, dash: 'dot' } },
      ],
      annotations: [
        {
          // On a category axis an annotation's x is the category's index.
          x: ALPHA_GRID.indexOf(String(headline.alpha)),
          y: headline.testAccAbove,
          xref: 'x',
          yref: 'y',
          text: `paper: > ${Math.round(100 * headline.testAccAbove)}%`,
          showarrow: false,
          yshift: 10,
          xanchor: 'center',
          font: { size: 10, color: COLORS.text },
        },
        { xref: 'paper', yref: 'y', x: 0, y: 0.1, xanchor: 'left', yshift: 8, showarrow: false, text: 'chance', font: { size: 9, color: COLORS.muted } },
      ],
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: -0.32, yanchor: 'top', font: { size: 10 } },
      margin: { l: 48, r: 12, t: 40, b: 90 },
    }),
  };
}
