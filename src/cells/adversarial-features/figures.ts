/**
 * Figures of the adversarial-features cell (pure: no DOM): where the run is in its plan of stages,
 * the final bars (each fresh model's clean test accuracy beside chance and the paper's CIFAR-10
 * figures), and the digits as RGBA pictures for a canvas, dark ink on white as the label-noise
 * cell's digits.
 *
 *   plan(config), run step ─▶ stageProgress
 *   analysis.fresh + PUBLISHED.cifar ─▶ barsFigure
 *   analysis.galleries[i] ─▶ galleryImage;  analysis.pick.image ─▶ digitImage
 */
import { blitDigit, DIGIT_SIDE, digitImage, type Picture } from '../../figures/digits';
import { baseLayout, COLORS, round, type Figure } from '../../figures/types';
import type { AdvAnalysis, Gallery } from './analysis';
import { stageAt, stageName, totalSteps, type FreshName, type Stage } from './pipeline';

/** Where a run is: the running stage, its steps done of its total, and the share of the whole run done. */
export interface StageProgress {
  /** Index of the running stage in the plan; the plan's length once the run is done. */
  index: number;
  /** The stage's name for the page (pipeline.stageName), or 'done'. */
  name: string;
  /** Steps of the stage taken, of `total` (once done: the whole run's steps, both). */
  done: number;
  total: number;
  /** Steps of the whole run taken, as a fraction in [0, 1]. */
  overall: number;
}

/** @param step the steps taken so far (the next step to take, 0-based) */
export function stageProgress(stages: readonly Stage[], step: number): StageProgress {
  const all = stages.length ? totalSteps(stages) : 0;
  const at = stageAt(stages, Math.max(0, step));
  if (!at) return { index: stages.length, name: 'done', done: all, total: all, overall: 1 };
  return { index: at.index, name: stageName(at.stage), done: at.offset, total: at.stage.steps, overall: all ? Math.max(0, step) / all : 0 };
}

/** The chance level of a 10-class test. */
export const CHANCE = 0.1;
/** The legend name (and category suffix) of the paper's bars. */
export const PAPER_LABEL = 'paper, CIFAR-10';

/** The bars of this run, in order: the headline sets with their controls. */
export const BARS: readonly { model: FreshName; label: string; color: string }[] = [
  { model: 'rand', label: 'D_rand', color: '#2563eb' },
  { model: 'randPlain', label: 'D_rand<br>no perturbation', color: '#93c5fd' },
  { model: 'randPerp', label: 'D_rand<br>mean direction removed', color: '#60a5fa' },
  { model: 'det', label: 'D_det', color: '#ea580c' },
  { model: 'detPlain', label: 'D_det<br>no perturbation', color: '#fdba74' },
];

/**
 * Bars: the clean test accuracy of each fresh model trained so far (the others omitted), a dashed
 * chance line at 10%, and the paper's CIFAR-10 D_rand and D_det in grey, labelled as CIFAR-10.
 */
export function barsFigure(a: Pick<AdvAnalysis, 'fresh'>, published: { dRand: number; dDet: number }): Figure {
  const bars = BARS.filter((b) => a.fresh[b.model] !== undefined);
  const acc = bars.map((b) => round(a.fresh[b.model]?.cleanTestAcc ?? NaN));
  const paperX = [`D_rand<br>${PAPER_LABEL}`, `D_det<br>${PAPER_LABEL}`];
  const paperY = [published.dRand, published.dDet];
  return {
    data: [
      {
        type: 'bar',
        name: 'this run (MNIST)',
        x: bars.map((b) => b.label),
        y: acc,
        marker: { color: bars.map((b) => b.color) },
        text: acc.map((v) => `${(100 * v).toFixed(1)}%`),
        textposition: 'outside',
        cliponaxis: false,
        hovertemplate: '%{x}: %{y:.1%} of the clean test digits<extra></extra>',
      },
      {
        type: 'bar',
        name: PAPER_LABEL,
        x: paperX,
        y: paperY,
        marker: { color: COLORS.muted },
        text: paperY.map((v) => `${Math.round(100 * v)}%`),
        textposition: 'outside',
        cliponaxis: false,
        hovertemplate: `%{x}: %{y:.0%} (ResNet-50, CIFAR-10; not this dataset)<extra></extra>`,
      },
    ],
    layout: baseLayout('Fresh models on the clean test digits, beside chance and the paper’s CIFAR-10', {
      height: 300,
      margin: { l: 48, r: 12, t: 52, b: 62 },
      bargap: 0.3,
      xaxis: { type: 'category', tickfont: { size: 10 } },
      yaxis: { range: [0, 1.08], tickformat: '.0%', gridcolor: COLORS.grid, zeroline: false, title: { text: 'clean test accuracy', standoff: 4 } },
      shapes: [{ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: CHANCE, y1: CHANCE, line: { color: COLORS.text, width: 1.5, dash: 'dash' } }],
      annotations: [
        { xref: 'paper', yref: 'y', x: 1, y: CHANCE, xanchor: 'right', yshift: 8, showarrow: false, text: 'chance 10%', font: { size: 10, color: COLORS.text } },
      ],
    }),
  };
}

/** Side of an MNIST digit, and the gap between the gallery's digits (left transparent). */
export const SIDE = DIGIT_SIDE;
export const GAP = 2;
/** The gallery's rows, top to bottom. */
export const GALLERY_ROWS = ['clean', 'adversarial', 'perturbation ×4'] as const;

/**
 * The gallery as one picture: rows clean, adversarial and the perturbation (already amplified and
 * centred on grey in the gallery's bytes: grey is unchanged, dark is ink added, light is ink taken
 * away), one column per digit, GAP transparent pixels between them.
 */
export function galleryImage(g: Gallery): Picture {
  const n = g.labels.length;
  const width = Math.max(0, n * SIDE + (n - 1) * GAP);
  const rows = [g.clean, g.adversarial, g.perturbation];
  const height = rows.length * SIDE + (rows.length - 1) * GAP;
  const data = new Uint8ClampedArray(width * height * 4);
  rows.forEach((bytes, r) => {
    for (let k = 0; k < n; k++) blitDigit(data, width, bytes, k, k * (SIDE + GAP), r * (SIDE + GAP));
  });
  return { data, width, height };
}

export { digitImage };
