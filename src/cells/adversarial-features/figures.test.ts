import { describe, expect, it } from 'vitest';
import type { Gallery } from './analysis';
import { ADV_DEFAULTS, GALLERY, PUBLISHED } from './config';
import { barsFigure, CHANCE, digitImage, GAP, galleryImage, PAPER_LABEL, SIDE, stageProgress } from './figures';
import { plan, stageName, totalSteps } from './pipeline';

const px = (p: { data: Uint8ClampedArray; width: number }, x: number, y: number) => Array.from(p.data.slice((y * p.width + x) * 4, (y * p.width + x) * 4 + 4));

/** A gallery whose digit k has every clean pixel k, adversarial pixel 100 + k, perturbation 128 (unchanged) except digit 1's first pixel. */
function gallery(): Gallery {
  const n = GALLERY * SIDE * SIDE;
  const clean = new Uint8Array(n);
  const adversarial = new Uint8Array(n);
  const perturbation = new Uint8Array(n).fill(128);
  for (let k = 0; k < GALLERY; k++) {
    clean.fill(k, k * SIDE * SIDE, (k + 1) * SIDE * SIDE);
    adversarial.fill(100 + k, k * SIDE * SIDE, (k + 1) * SIDE * SIDE);
  }
  perturbation[SIDE * SIDE] = 255;
  return { target: 'rand', clean, adversarial, perturbation, labels: Array.from({ length: GALLERY }, (_, k) => k), targets: Array.from({ length: GALLERY }, (_, k) => (k + 3) % 10) };
}

describe('adversarial-features figures', () => {
  it('stage progress: the stage, its step within it, the whole run, and done', () => {
    const stages = plan({ ...ADV_DEFAULTS, attackSize: '1000', pgdSteps: 10, epochs: 1 });
    const all = totalSteps(stages);
    expect(stageProgress(stages, 0)).toEqual({ index: 0, name: stageName(stages[0]), done: 0, total: stages[0].steps, overall: 0 });
    const mid = stageProgress(stages, stages[1].start + 3);
    expect(mid).toMatchObject({ index: 1, done: 3, total: 10 });
    expect(mid.name).toContain('D_rand');
    expect(mid.overall).toBeCloseTo((stages[1].start + 3) / all);
    expect(stageProgress(stages, all)).toEqual({ index: stages.length, name: 'done', done: all, total: all, overall: 1 });
  });

  it('the gallery: three rows of GALLERY digits with gaps, inverted, grey where the perturbation is zero', () => {
    const p = galleryImage(gallery());
    expect(p.width).toBe(GALLERY * SIDE + (GALLERY - 1) * GAP);
    expect(p.height).toBe(3 * SIDE + 2 * GAP);
    expect(p.data.length).toBe(p.width * p.height * 4);
    const col = (k: number) => k * (SIDE + GAP) + 5;
    const row = (r: number) => r * (SIDE + GAP) + 5;
    expect(px(p, col(2), row(0))).toEqual([253, 253, 253, 255]); // clean digit 2
    expect(px(p, col(7), row(1))).toEqual([148, 148, 148, 255]); // adversarial digit 7: 255 − 107
    expect(px(p, col(4), row(2))).toEqual([127, 127, 127, 255]); // unchanged: grey
    expect(px(p, 1 * (SIDE + GAP), 2 * (SIDE + GAP))).toEqual([0, 0, 0, 255]); // digit 1's perturbed pixel
    expect(px(p, SIDE, row(0))).toEqual([0, 0, 0, 0]); // the gap is transparent
  });

  it('a single digit is 28 × 28, dark ink on white', () => {
    const b = new Uint8Array(SIDE * SIDE);
    b[SIDE + 2] = 255;
    const p = digitImage(b);
    expect([p.width, p.height]).toEqual([SIDE, SIDE]);
    expect(px(p, 0, 0)).toEqual([255, 255, 255, 255]);
    expect(px(p, 2, 1)).toEqual([0, 0, 0, 255]);
  });

  it('the bars: trained models only, the dashed chance line, the paper’s bars labelled CIFAR-10', () => {
    const early = barsFigure({ fresh: { rand: { cleanTestAcc: 0.58123, predYPlus1: 0.1 } } }, PUBLISHED.cifar);
    expect(early.data[0].x).toEqual(['D_rand']);
    expect(early.data[0].y).toEqual([0.5812]);
    const paper = early.data[1];
    expect(paper.name).toBe(PAPER_LABEL);
    expect(PAPER_LABEL).toContain('CIFAR-10');
    expect(paper.y).toEqual([0.63, 0.44]);
    expect((paper.x as string[]).every((x) => x.includes('CIFAR-10'))).toBe(true);
    const shapes = early.layout.shapes as { y0: number; y1: number; line: { dash: string } }[];
    expect(shapes).toHaveLength(1);
    expect(shapes[0]).toMatchObject({ y0: CHANCE, y1: CHANCE, line: { dash: 'dash' } });
    expect(JSON.stringify(early.layout.annotations)).toContain('chance 10%');

    const r = (v: number) => ({ cleanTestAcc: v, predYPlus1: 0 });
    const all = barsFigure({ fresh: { rand: r(0.6), det: r(0.11), randPlain: r(0.12), randPerp: r(0.5), detPlain: r(0.005) } }, PUBLISHED.cifar);
    expect(all.data[0].x).toEqual(['D_rand', 'D_rand<br>no perturbation', 'D_rand<br>mean direction removed', 'D_det', 'D_det<br>no perturbation']);
    expect(all.data[0].y).toEqual([0.6, 0.12, 0.5, 0.11, 0.005]);
    expect(barsFigure({ fresh: {} }, PUBLISHED.cifar).data[0].x).toEqual([]);
  });
});
