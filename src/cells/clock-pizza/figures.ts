/**
 * Figures of the clock-and-pizza cell: W_E on its principal components (planes
 * 1-2, 3-4, 5-6, where the circles show), the correct-logit table over (a+b, a−b),
 * and the pizza's midpoints for one sum s on the first two circles. Each plane is a
 * chart of its own, so that no one redraw holds the page for long.
 *
 *   analysis.pcs [p, 6] ─▶ pcPlaneFigure(plane), midpointFigure(s, plane)
 *   analysis.logitTable [p, p] ─▶ logitFigure
 */
import { hue } from '../../figures/fourier';
import { baseLayout, COLORS, round, type Figure } from '../../figures/types';

/** Axes for a plane of two components, drawn to the same scale (circles stay round). */
function axisPair(title: [string, string]): Record<string, unknown> {
  return {
    xaxis: { title: { text: title[0], standoff: 2 }, zeroline: false, gridcolor: COLORS.grid, showticklabels: false },
    yaxis: {
      scaleanchor: 'x',
      title: { text: title[1], standoff: 2 },
      zeroline: false,
      gridcolor: COLORS.grid,
      showticklabels: false,
    },
  };
}

/** Column j of a row-major [p, cols] array. */
export function column(m: ArrayLike<number>, p: number, cols: number, j: number): number[] {
  return Array.from({ length: p }, (_, a) => m[a * cols + j]);
}

/**
 * W_E projected on one plane of principal components (plane 0: PC1-2, 1: PC3-4, 2: PC5-6), points
 * labelled by residue. One chart a plane rather than three panels in one: a Plotly redraw of 3p
 * labelled points holds the page's main thread three times as long as one of p.
 */
export function pcPlaneFigure(pcs: ArrayLike<number>, p: number, variance: readonly number[], plane: number): Figure {
  const cols = 6;
  const residues = Array.from({ length: p }, (_, a) => a);
  const share = (j: number) => (variance[j] === undefined ? '' : ` (${Math.round(100 * variance[j])}%)`);
  const [i, j] = [2 * plane, 2 * plane + 1];
  return {
    data: [
      {
        type: 'scatter',
        mode: p <= 61 ? 'markers+text' : 'markers',
        x: column(pcs, p, cols, i).map((v) => round(v)),
        y: column(pcs, p, cols, j).map((v) => round(v)),
        text: residues.map(String),
        textposition: 'top center',
        textfont: { size: 8 },
        marker: { size: 5, color: residues.map((a) => hue(a, p)) },
        hovertemplate: 'a = %{text}<extra></extra>',
        name: `PC${i + 1}-${j + 1}`,
      },
    ],
    layout: baseLayout(`W_E on PC${i + 1}-${j + 1}`, {
      showlegend: false,
      height: 250,
      margin: { l: 24, r: 8, t: 34, b: 34 },
      ...axisPair([`PC${i + 1}${share(i)}`, `PC${j + 1}${share(j)}`]),
    }),
  };
}

/** The correct answer's logit over (a+b, a−b): a pizza varies with a−b, a clock does not. */
export function logitFigure(table: ArrayLike<number>, p: number): Figure {
  const z = Array.from({ length: p }, (_, s) => Array.from({ length: p }, (_, d) => round(table[s * p + d], 3)));
  return {
    data: [
      {
        type: 'heatmap',
        z,
        colorscale: 'Viridis',
        colorbar: { thickness: 8, len: 0.9, tickfont: { size: 9 } },
        hovertemplate: 'a+b = %{y}<br>a−b = %{x}<br>logit %{z:.2f}<extra></extra>',
      },
    ],
    layout: baseLayout('Correct logit over (a+b, a−b)', {
      showlegend: false,
      height: 280,
      xaxis: { title: { text: 'a − b (mod p)', standoff: 2 }, constrain: 'domain' },
      yaxis: { title: { text: 'a + b (mod p)', standoff: 2 }, scaleanchor: 'x', constrain: 'domain' },
    }),
  };
}

export interface MidpointPair {
  a: number;
  b: number;
  /** Midpoint on the plane of PC1-2 and of PC3-4. */
  m12: [number, number];
  m34: [number, number];
  /** The pair sits on opposite sides of the first circle (midpoint near the centre). */
  antipodal: boolean;
}

/**
 * Pairs (a ≤ b) with a + b ≡ s (mod p) and their midpoints (E_a + E_b)/2, from the
 * projections (projection is linear, so the midpoint's projection is the mean of theirs).
 * A pair is antipodal when its midpoint on PC1-2 lies within `near` of the radius from the centre.
 */
export function midpoints(pcs: ArrayLike<number>, p: number, s: number, near = 0.3): MidpointPair[] {
  const cols = 6;
  const at = (a: number, j: number) => pcs[a * cols + j];
  let radius = 0;
  for (let a = 0; a < p; a++) radius += Math.hypot(at(a, 0), at(a, 1)) / p;
  const out: MidpointPair[] = [];
  for (let a = 0; a < p; a++) {
    const b = (((s - a) % p) + p) % p;
    if (b < a) continue;
    const m12: [number, number] = [(at(a, 0) + at(b, 0)) / 2, (at(a, 1) + at(b, 1)) / 2];
    const m34: [number, number] = [(at(a, 2) + at(b, 2)) / 2, (at(a, 3) + at(b, 3)) / 2];
    out.push({ a, b, m12, m34, antipodal: Math.hypot(...m12) < near * radius });
  }
  return out;
}

/**
 * The midpoint picture on one plane (0: PC1-2, the first circle; 1: PC3-4): on the first circle
 * the midpoints of one sum lie on a line through the centre, antipodal pairs near it. One chart
 * a plane, as pcPlaneFigure; the legend is on plane 0's chart, the same margin on both.
 */
export function midpointFigure(pcs: ArrayLike<number>, p: number, s: number, plane: 0 | 1): Figure {
  const pairs = midpoints(pcs, p, s);
  const cols = 6;
  const j = 2 * plane;
  const data: Record<string, unknown>[] = [
    {
      type: 'scatter',
      mode: 'markers',
      x: column(pcs, p, cols, j).map((v) => round(v)),
      y: column(pcs, p, cols, j + 1).map((v) => round(v)),
      marker: { size: 4, color: 'rgba(128,128,128,0.45)' },
      hoverinfo: 'skip',
      name: 'embeddings',
    },
  ];
  for (const anti of [false, true]) {
    const sel = pairs.filter((q) => q.antipodal === anti);
    data.push({
      type: 'scatter',
      mode: 'markers',
      x: sel.map((q) => round((plane === 0 ? q.m12 : q.m34)[0])),
      y: sel.map((q) => round((plane === 0 ? q.m12 : q.m34)[1])),
      text: sel.map((q) => `${q.a} + ${q.b}`),
      marker: { size: 7, color: anti ? COLORS.test : COLORS.accent, symbol: anti ? 'diamond' : 'circle' },
      hovertemplate: '%{text}<extra></extra>',
      name: anti ? 'antipodal pairs' : `midpoints, a+b ≡ ${s}`,
    });
  }
  const axes: [string, string] = plane === 0 ? ['PC1', 'PC2'] : ['PC3', 'PC4'];
  return {
    data,
    layout: baseLayout(plane === 0 ? `Midpoints of a + b ≡ ${s}, first circle` : `The same pairs on PC3-4`, {
      height: 300,
      showlegend: plane === 0,
      margin: { l: 24, r: 8, t: 30, b: 70 },
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: -0.12, yanchor: 'top', font: { size: 10 } },
      ...axisPair(axes),
    }),
  };
}
