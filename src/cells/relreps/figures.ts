/**
 * Figures of the relative-representations cell:
 *
 *   analysis.probe ─▶ probeFigure('abs' | 'rel', model): the same words in each model, two charts
 *                     side by side on the same axes (absolute coordinates: unrelated; relative:
 *                     they line up); probeGroups: the groups' colours, for one legend
 *   analyses over the run ─▶ agreementFigure: Jaccard and MRR, absolute vs relative, over steps:
 *                     lines through the periodic analyses (a fixed sample of words, the same each
 *                     time), diamonds at the full scorings (the table's numbers)
 */
import type { RelrepsAnalysis } from './analysis';
import { baseLayout, COLORS, round, type Figure } from '../../figures/types';

/**
 * Words named on the chart in each group: the first few; the others are drawn as points and named
 * on hover. All 63 labels on a 300-pixel chart pile up unreadably (and each label is measured on
 * every redraw, a quarter of the chart's draw time).
 */
export const LABELS_PER_GROUP = 3;

/** One colour per probe group (categorical, readable on white). */
export const GROUP_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#a16207', '#db2777'];

export interface AgreementPoint {
  step: number;
  /** Which scoring (RelrepsAnalysis.sample) and over how many words. */
  sample: 'periodic' | 'full';
  words: number;
  jaccardAbs: number;
  jaccardRel: number;
  mrrAbs: number;
  mrrRel: number;
}

/** Mean of the two directions. */
export function meanScores(a: RelrepsAnalysis, space: 'abs' | 'rel') {
  const { ab, ba } = a.scores[space];
  return { jaccard: (ab.jaccard + ba.jaccard) / 2, mrr: (ab.mrr + ba.mrr) / 2, cosine: (ab.cosine + ba.cosine) / 2 };
}

export function agreementPoint(a: RelrepsAnalysis): AgreementPoint {
  const abs = meanScores(a, 'abs');
  const rel = meanScores(a, 'rel');
  return { step: a.step, sample: a.sample, words: a.evalWords, jaccardAbs: abs.jaccard, jaccardRel: rel.jaccard, mrrAbs: abs.mrr, mrrRel: rel.mrr };
}

const count = (n: number) => n.toLocaleString('en');

type Metric = 'jaccardRel' | 'mrrRel' | 'jaccardAbs' | 'mrrAbs';

/**
 * Relative vs absolute agreement over the run (both directions averaged). Lines: the periodic
 * analyses while the run steps, each over the same fixed sample of words (said on the x axis and
 * on hover); diamonds: the full scorings (the `evalWords` setting's words: the table's numbers),
 * one per metric in its colour, under one legend entry. Only full points (a run stepped by hand):
 * they are joined as the line.
 */
export function agreementFigure(points: readonly AgreementPoint[], k: number): Figure {
  const periodic = points.filter((p) => p.sample === 'periodic');
  const full = points.filter((p) => p.sample === 'full');
  const sampleWords = periodic.at(-1)?.words ?? 0;
  const fullWords = full.at(-1)?.words ?? 0;
  const metrics: [string, Metric, string, string][] = [
    [`relative Jaccard@${k}`, 'jaccardRel', COLORS.accent, 'solid'],
    [`relative MRR@${k}`, 'mrrRel', COLORS.train, 'solid'],
    ['absolute Jaccard', 'jaccardAbs', COLORS.muted, 'dot'],
    ['absolute MRR', 'mrrAbs', COLORS.text, 'dot'],
  ];
  // The line: the periodic points, or the full ones when there are no others.
  const linePts = periodic.length ? periodic : full;
  const lineNote = periodic.length ? `a fixed sample of ${count(sampleWords)} words` : `full scoring, ${count(fullWords)} words`;
  const lines = metrics.map(([name, key, color, dash]) => ({
    type: 'scatter',
    mode: 'lines+markers',
    name,
    legendgroup: key,
    x: linePts.map((p) => p.step),
    y: linePts.map((p) => round(p[key])),
    line: { color, dash, width: 2 },
    marker: { size: 4, color },
    hovertemplate: `${name} %{y:.3f} at step %{x} (${lineNote})<extra></extra>`,
  }));
  const diamonds =
    periodic.length && full.length
      ? [
          ...metrics.map(([name, key, color]) => ({
            type: 'scatter',
            mode: 'markers',
            name,
            legendgroup: key,
            showlegend: false,
            x: full.map((p) => p.step),
            y: full.map((p) => round(p[key])),
            marker: { size: 9, color, symbol: 'diamond', line: { color: '#ffffff', width: 1 } },
            hovertemplate: `${name} %{y:.3f} at step %{x} (full scoring, ${count(fullWords)} words)<extra></extra>`,
          })),
          // The diamonds' key in the legend (no points of its own).
          {
            type: 'scatter',
            mode: 'markers',
            name: `full scoring (${count(fullWords)} words)`,
            x: [null],
            y: [null],
            marker: { size: 9, color: COLORS.text, symbol: 'diamond' },
            hoverinfo: 'skip',
          },
        ]
      : [];
  return {
    data: [...lines, ...diamonds],
    layout: baseLayout('Agreement between the two models', {
      xaxis: { title: { text: periodic.length ? `step (lines: the same ${count(sampleWords)} words each time)` : 'step', standoff: 4 }, gridcolor: COLORS.grid, zeroline: false },
      yaxis: { gridcolor: COLORS.grid, zeroline: false, rangemode: 'tozero' },
      height: 270,
      margin: { l: 48, r: 12, t: 70, b: 38 },
    }),
  };
}

/** The probe groups in order of first appearance, each with its colour (for a legend beside the charts). */
export function probeGroups(a: RelrepsAnalysis): { name: string; color: string }[] {
  return [...new Set(a.probe.groups)].map((name, gi) => ({ name, color: GROUP_COLORS[gi % GROUP_COLORS.length] }));
}

/**
 * The probe words of one model (m = 0 or 1); the two charts of a space share their axes. 'abs'
 * puts each model's own vectors on the axes of a PCA of both together (the coordinates mean
 * different things, so the groups land in unrelated places); 'rel' does the same with the relative
 * vectors (coordinate j = cosine to anchor j in both models), where the groups coincide.
 * One chart a model, as a two-panel figure's redraw holds the page's main thread twice as long;
 * the groups' colours are listed once beside the charts (probeGroups).
 */
export function probeFigure(a: RelrepsAnalysis, space: 'abs' | 'rel', m: 0 | 1): Figure {
  const { words, groups } = a.probe;
  const coords = a.probe[space];
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of coords) for (const v of c) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (!Number.isFinite(lo)) (lo = -1), (hi = 1);
  const pad = 0.08 * (hi - lo || 1);
  const range = [round(lo - pad), round(hi + pad)];
  const data = probeGroups(a).map(({ name: g, color }) => {
    const rows = groups.map((x, i) => (x === g ? i : -1)).filter((i) => i >= 0);
    return {
      type: 'scatter',
      mode: 'markers+text',
      name: g,
      x: rows.map((i) => round(coords[m][2 * i])),
      y: rows.map((i) => round(coords[m][2 * i + 1])),
      text: rows.map((i, k) => (k < LABELS_PER_GROUP ? words[i] : '')),
      customdata: rows.map((i) => words[i]),
      textposition: 'top center',
      textfont: { size: 9, color },
      marker: { size: 7, color },
      hovertemplate: `%{customdata} (${g}, ${a.names[m]})<extra></extra>`,
    };
  });
  const share = space === 'abs' ? a.probe.absShare : a.probe.relShare;
  const title = `${space === 'abs' ? 'Absolute' : 'Relative'} vectors: <b>${a.names[m]}</b>`;
  const axis = { range, gridcolor: COLORS.grid, zeroline: false, showticklabels: false };
  return {
    data,
    layout: baseLayout(title, {
      height: 300,
      showlegend: false,
      margin: { l: 12, r: 12, t: 34, b: 12 },
      xaxis: axis,
      yaxis: axis,
      annotations: [
        {
          xref: 'paper',
          yref: 'paper',
          x: 1,
          y: 0.01,
          xanchor: 'right',
          yanchor: 'bottom',
          showarrow: false,
          text: `PCA of both, ${(100 * share).toFixed(0)}% of the variance`,
          font: { size: 9 },
        },
      ],
    }),
  };
}
