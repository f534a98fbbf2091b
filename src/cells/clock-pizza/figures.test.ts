import { describe, expect, it } from 'vitest';
import { logitFigure, midpointFigure, midpoints, pcPlaneFigure } from './figures';
import { verdict } from './verdict';

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

  it('PC planes: one chart a plane of p labelled points; logit heatmap is p × p', () => {
    const p = 7;
    const pcs = circles(p, 1);
    const f = pcPlaneFigure(pcs, p, [0.4, 0.4, 0.1, 0.1, 0, 0], 1);
    expect(f.data).toHaveLength(1);
    expect(f.data[0].x).toEqual(Array.from({ length: p }, (_, a) => Number(pcs[a * 6 + 2].toPrecision(4))));
    expect(f.data[0].text).toHaveLength(p);
    expect((f.layout.xaxis as { title: { text: string } }).title.text).toBe('PC3 (10%)');
    expect((f.layout.yaxis as { scaleanchor: string }).scaleanchor).toBe('x');
    const table = Float32Array.from({ length: p * p }, (_, i) => i);
    const h = logitFigure(table, p);
    const z = h.data[0].z as number[][];
    expect(z).toHaveLength(p);
    expect(z[2][3]).toBe(2 * p + 3);
  });

  it('midpoint charts: plane 0 on PC1-2 with the legend, plane 1 on PC3-4 without', () => {
    const p = 13;
    const pcs = circles(p, 2);
    const [m0, m1] = [midpointFigure(pcs, p, 5, 0), midpointFigure(pcs, p, 5, 1)];
    const pairs = midpoints(pcs, p, 5);
    for (const [f, key] of [[m0, 'm12'], [m1, 'm34']] as const) {
      expect(f.data).toHaveLength(3);
      const shown = [...(f.data[1].x as number[]), ...(f.data[2].x as number[])].sort();
      expect(shown).toEqual(pairs.map((q) => Number(q[key][0].toPrecision(4))).sort());
    }
    expect(m0.layout.showlegend).toBe(true);
    expect(m1.layout.showlegend).toBe(false);
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
