import { describe, expect, it } from 'vitest';
import { DRAW_BUDGET, metricsFigure, minMax, LOSS_FLOOR } from '../../src/figures/metrics';
import { supervisedSeries } from '../../src/core/cell';

const SERIES = supervisedSeries();
const ACC = SERIES.filter((s) => s.kind === 'accuracy');
const LOSS = SERIES.filter((s) => s.kind === 'loss');
import { clockFigure, ringOrder, spectrumFigure } from '../../src/figures/fourier';
import { modInverse } from '../../src/core/primes';
import { baseLayout } from '../../src/figures/types';

const hist = Array.from({ length: 5 }, (_, i) => ({
  step: i + 1,
  trainAcc: Math.min(1, 0.3 * i),
  testAcc: 0.2 * i,
  trainLoss: 0.1 / (i + 1),
  testLoss: i === 4 ? 0 : 0.2 / (i + 1),
}));

describe('figures', () => {
  it('every axis lets tick labels overflow (no per-redraw measuring), unless a figure says otherwise', () => {
    const l = baseLayout('t', { xaxis: { range: [0, 1] }, yaxis2: { type: 'log' }, xaxis3: { ticklabeloverflow: 'hide past domain' } });
    expect(l.xaxis).toEqual({ ticklabeloverflow: 'allow', range: [0, 1] });
    expect(l.yaxis2).toEqual({ ticklabeloverflow: 'allow', type: 'log' });
    expect(l.xaxis3).toEqual({ ticklabeloverflow: 'hide past domain' });
    expect(l.yaxis).toEqual({ ticklabeloverflow: 'allow' }); // the default axes too
    expect(l.legend).toBeDefined(); // other keys left as they were
  });

  it('minMax draws at most the budget, keeps the ends, every spike and the gaps; a short trace is drawn whole', () => {
    const n = 20_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => Math.sin(i / 500));
    y[12_345] = 7; // one spike
    y[777] = NaN; // a gap
    const d = minMax(x, y);
    expect(d.x.length).toBeLessThanOrEqual(DRAW_BUDGET);
    expect(d.x[0]).toBe(0);
    expect(d.x.at(-1)).toBe(n - 1);
    expect(d.y).toContain(7);
    expect(d.y.some((v) => Number.isNaN(v))).toBe(true);
    expect(d.x.every((v, i) => i === 0 || v > d.x[i - 1])).toBe(true); // still in step order
    expect(Math.min(...d.y.filter(Number.isFinite))).toBeCloseTo(-1, 3);
    expect(minMax([1, 2, 3], [4, 5, 6])).toEqual({ x: [1, 2, 3], y: [4, 5, 6] });
  });

  it('a point between gaps gets a marker (a series of a short stage); a continuous trace draws a plain line', () => {
    const h = [1, 2, 3, 4, 5].map((step) => ({ step, a: step === 3 ? 0.5 : NaN, b: 0.1 * step }));
    const f = metricsFigure(h, {
      chart: { title: 'x', y: 'fraction' },
      series: [
        { key: 'a', label: 'a', kind: 'accuracy' },
        { key: 'b', label: 'b', kind: 'accuracy' },
      ],
      logX: false,
    });
    expect(f.data[0].mode).toBe('lines+markers');
    expect((f.data[0].marker as { size: number[] }).size).toEqual([0, 0, 6, 0, 0]);
    expect(f.data[1].mode).toBe('lines');
    expect(f.data[1].marker).toBeUndefined();
  });

  it('accuracy figure: two traces, reference line, snapshot', () => {
    const f = metricsFigure(hist, { chart: { title: 'Accuracy', y: 'fraction' }, series: ACC, logX: false, reference: { step: 44, label: 'paper: 44' } });
    expect(f.data).toHaveLength(2);
    expect((f.layout.shapes as { x0: number }[])[0].x0).toBe(44);
    expect(f).toMatchSnapshot();
  });

  it('loss figure floors zero losses for the log axis', () => {
    const f = metricsFigure(hist, { chart: { title: 'Loss (MSE)', y: 'log' }, series: LOSS, logX: true });
    const test = f.data[1].y as number[];
    expect(test.at(-1)).toBe(LOSS_FLOOR);
    expect((f.layout.xaxis as { type: string }).type).toBe('log');
  });

  it('modInverse and ring order', () => {
    for (const p of [5, 7, 13, 97]) for (let k = 1; k < p; k++) expect((k * modInverse(k, p)) % p).toBe(1);
    // With k = 3 mod 7, 3⁻¹ = 5: the ring is 0, 5, 3, 1, 6, 4, 2.
    expect(ringOrder(7, 3)).toEqual([0, 5, 3, 1, 6, 4, 2]);
  });

  it('spectrum highlights the strongest frequency', () => {
    const f = spectrumFigure(new Float32Array([0.1, 2, 0.3]), 2);
    const colors = (f.data[0].marker as { color: string[] }).color;
    expect(colors[1]).not.toBe(colors[0]);
    expect(colors[0]).toBe(colors[2]);
    expect(f).toMatchSnapshot();
  });

  it('clock figure closes the ring and labels residues', () => {
    const p = 5;
    const x = Float32Array.from({ length: p }, (_, a) => Math.cos((2 * Math.PI * 2 * a) / p));
    const y = Float32Array.from({ length: p }, (_, a) => Math.sin((2 * Math.PI * 2 * a) / p));
    const f = clockFigure(x, y, p, 2);
    const ring = f.data[0].x as number[];
    expect(ring).toHaveLength(p + 1);
    expect(ring[0]).toBe(ring[p]);
    expect(f.data[1].text).toEqual(ringOrder(p, 2).map(String));
    expect(f).toMatchSnapshot();
  });
});
