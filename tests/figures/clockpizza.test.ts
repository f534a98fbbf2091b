import { describe, expect, it } from 'vitest';
import { logitFigure, midpoints, pcPairsFigure } from '../../src/figures/clockpizza';
import { verdict } from '../../src/core/clockpizza/verdict';

/** [p, 6] projections: a circle at frequency k on PC1-2 and at 2k on PC3-4, zeros on PC5-6. */
function circles(p: number, k: number): Float32Array {
  const m = new Float32Array(p * 6);
  for (let a = 0; a < p; a++) {
    const t = (2 * Math.PI * k * a) / p;
    m.set([Math.cos(t), Math.sin(t), Math.cos(2 * t), Math.sin(2 * t), 0, 0], a * 6);
  }
  return m;
}

describe('clock-pizza figures', () => {
  it('midpoints of one sum lie on one line through the centre; antipodal pairs sit near it', () => {
    const p = 13;
    const k = 2;
    const pcs = circles(p, k);
    for (const s of [0, 5, 12]) {
      const pairs = midpoints(pcs, p, s);
      expect(pairs.length).toBe((p + 1) / 2);
      for (const q of pairs) expect((q.a + q.b) % p).toBe(s);
      // Direction of the line: angle π k s / p.
      const dir = [Math.cos((Math.PI * k * s) / p), Math.sin((Math.PI * k * s) / p)];
      for (const q of pairs) expect(Math.abs(q.m12[0] * dir[1] - q.m12[1] * dir[0])).toBeLessThan(1e-5);
      // Antipodal: |cos(θa − θb)/2| small; exactly the pairs whose midpoint is near the centre.
      for (const q of pairs) expect(q.antipodal).toBe(Math.hypot(...q.m12) < 0.3);
      expect(pairs.some((q) => q.antipodal)).toBe(true);
      // On the doubled-frequency circle the antipodal pairs coincide, far from the centre.
      for (const q of pairs.filter((x) => x.antipodal)) expect(Math.hypot(...q.m34)).toBeGreaterThan(0.9);
    }
  });

  it('PC pairs: three panels of p labelled points each; logit heatmap is p × p', () => {
    const p = 7;
    const f = pcPairsFigure(circles(p, 1), p, [0.4, 0.4, 0.1, 0.1, 0, 0]);
    expect(f.data).toHaveLength(3);
    expect((f.data[1].x as number[]).length).toBe(p);
    expect(f.data[2].xaxis).toBe('x3');
    expect((f.layout.xaxis2 as { title: { text: string } }).title.text).toBe('PC3 (10%)');
    const table = Float32Array.from({ length: p * p }, (_, i) => i);
    const h = logitFigure(table, p);
    const z = h.data[0].z as number[][];
    expect(z).toHaveLength(p);
    expect(z[2][3]).toBe(2 * p + 3);
  });

  it('verdict follows the published bands', () => {
    expect(verdict(0.994, 0.17)).toBe('a pizza');
    expect(verdict(0.4, 0.84)).toBe('a clock');
    expect(verdict(0.99, 0.6)).toMatch(/pizza-like/);
    expect(verdict(0.8, 0.5)).toMatch(/clock-like/);
    expect(verdict(0.95, 0.5)).toBe('in between');
    expect(verdict(NaN, 0.5)).toBe('not measured yet');
  });
});
