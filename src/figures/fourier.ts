/**
 * The grokking cell's analysis figures: the Fourier spectrum of the learned
 * embedding, and the clock face (embeddings on the cos/sin plane of the strongest
 * frequency, joined in the order 0, k⁻¹, 2k⁻¹ … so a clean ring shows the algorithm).
 */
import { modInverse } from '../core/primes';
import { baseLayout, COLORS, round, type Figure } from './types';

export function spectrumFigure(values: ArrayLike<number>, k: number, title = 'Fourier spectrum of the embedding of a'): Figure {
  const ks = Array.from({ length: values.length }, (_, i) => i + 1);
  const total = Array.from(values).reduce((s, v) => s + v * v, 0) || 1;
  return {
    data: [
      {
        type: 'bar',
        x: ks,
        y: Array.from(values, (v) => round(v)),
        marker: { color: ks.map((f) => (f === k ? COLORS.accent : COLORS.muted)) },
        hovertemplate: 'k = %{x}<br>norm %{y:.3g}<extra></extra>',
        name: 'norm',
      },
    ],
    layout: baseLayout(title, {
      showlegend: false,
      bargap: 0.15,
      xaxis: { title: { text: 'frequency k', standoff: 4 }, gridcolor: COLORS.grid, zeroline: false },
      yaxis: { title: { text: 'norm', standoff: 4 }, gridcolor: COLORS.grid, rangemode: 'tozero' },
      annotations: [
        {
          xref: 'paper',
          yref: 'paper',
          x: 1,
          y: 1.02,
          xanchor: 'right',
          yanchor: 'bottom',
          showarrow: false,
          text: `strongest k = ${k} (${Math.round((100 * values[k - 1] ** 2) / total)}% of power)`,
          font: { size: 10, color: COLORS.accent },
        },
      ],
    }),
  };
}

/** Residues in ring order: 0, k⁻¹, 2k⁻¹ … (the order a learned clock places them). */
export function ringOrder(p: number, k: number): number[] {
  const inv = modInverse(k, p);
  return Array.from({ length: p }, (_, j) => (j * inv) % p);
}

export function hue(position: number, p: number): string {
  return `hsl(${Math.round((360 * position) / p)}, 70%, 45%)`;
}

export function clockFigure(x: ArrayLike<number>, y: ArrayLike<number>, p: number, k: number): Figure {
  const order = ringOrder(p, k);
  const loop = [...order, order[0]];
  const showText = p <= 61;
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        x: loop.map((a) => round(x[a])),
        y: loop.map((a) => round(y[a])),
        line: { color: 'rgba(128,128,128,0.35)', width: 1 },
        hoverinfo: 'skip',
        name: 'ring order',
      },
      {
        type: 'scatter',
        mode: showText ? 'markers+text' : 'markers',
        x: order.map((a) => round(x[a])),
        y: order.map((a) => round(y[a])),
        text: order.map(String),
        textposition: 'top center',
        textfont: { size: 9 },
        marker: { size: 7, color: order.map((_, j) => hue(j, p)) },
        hovertemplate: 'a = %{text}<extra></extra>',
        name: 'residue',
      },
    ],
    layout: baseLayout(`Clock face (k = ${k})`, {
      showlegend: false,
      height: 300,
      xaxis: { title: { text: `cos ${k}`, standoff: 2 }, zeroline: true, zerolinecolor: COLORS.grid, gridcolor: COLORS.grid },
      yaxis: {
        title: { text: `sin ${k}`, standoff: 2 },
        scaleanchor: 'x',
        scaleratio: 1,
        zeroline: true,
        zerolinecolor: COLORS.grid,
        gridcolor: COLORS.grid,
      },
    }),
  };
}
