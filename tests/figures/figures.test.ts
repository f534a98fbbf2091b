import { describe, expect, it } from 'vitest';
import { metricsFigure, thin, LOSS_FLOOR } from '../../src/figures/metrics';
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

  it('thin keeps at most max points, evenly, with the last', () => {
    const xs = Array.from({ length: 10_001 }, (_, i) => i);
    const t = thin(xs, 1000);
    expect(t.length).toBeLessThanOrEqual(1001);
    expect(t[0]).toBe(0);
    expect(t.at(-1)).toBe(10_000);
    expect(thin([1, 2, 3], 10)).toEqual([1, 2, 3]);
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
