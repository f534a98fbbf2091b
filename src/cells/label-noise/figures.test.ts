import { describe, expect, it } from 'vitest';
import { labelCountsFigure, RIGHT_COLOR, summaryFigure, WRONG_COLOR, type SummaryPoint } from './figures';
import { expectedLabelShares, noiseSpec } from './noise';
import { metricsFigure } from '../../figures/metrics';

const counts = (row: number[], c: number) => {
  const m = new Float64Array(100);
  row.forEach((v, k) => (m[c * 10 + k] = v));
  return m;
};

describe('label-noise figures', () => {
  it('colours the right label green and the most common wrong one red, and says which wins', () => {
    const exp = expectedLabelShares(noiseSpec(20, 0), 3);
    const f = labelCountsFigure(counts([5, 5, 5, 20, 9, 5, 5, 5, 5, 5], 3), 3, exp);
    const bars = f.data[0] as { y: number[]; marker: { color: string[] } };
    expect(bars.y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(bars.marker.color[3]).toBe(RIGHT_COLOR);
    expect(bars.marker.color[4]).toBe(WRONG_COLOR);
    const note = (f.layout.annotations as { text: string }[])[0].text;
    expect(note).toBe('the right label 3 is the most common');
    const g = labelCountsFigure(counts([5, 5, 5, 10, 30, 5, 5, 5, 5, 5], 3), 3, exp);
    expect((g.layout.annotations as { text: string }[])[0].text).toBe('wrong label 4 outnumbers the right one');
    expect(f).toMatchSnapshot();
  });

  it('draws no verdict before any label is drawn', () => {
    const f = labelCountsFigure(new Float64Array(100), 0, expectedLabelShares(noiseSpec(1, 0), 0));
    expect(f.layout.annotations).toEqual([]);
  });

  it('gathers finished runs into one series per model and noise shape, on the published α grid', () => {
    const base: SummaryPoint = { alpha: 20, bias: 0, model: 'mlp', cleanSize: 60000, batch: 512, lr: 1e-3, steps: 2000, testAccuracy: 0.9 };
    const f = summaryFigure(
      [base, { ...base, alpha: 50, testAccuracy: 0.8 }, { ...base, bias: 0.1, testAccuracy: 0.05 }, { ...base, model: 'conv', testAccuracy: 0.97 }],
      { alpha: 100, testAccAbove: 0.9, text: '' },
      [{ alpha: 20, testAcc: 0.85, label: 'ref' }],
    );
    const names = f.data.map((d) => d.name);
    expect(names).toEqual(['mlp, uniform noise', 'mlp, aimed noise', 'conv, uniform noise', 'PyTorch reference (8k clean)']);
    expect((f.data[0] as { x: string[] }).x).toEqual(['20', '50']);
    expect((f.layout.xaxis as { categoryarray: string[] }).categoryarray).toEqual(['0', '1', '2', '5', '10', '20', '50', '100']);
  });

  it('can draw a loss on a linear axis, without the log floor', () => {
    const h = [{ step: 1, trainLoss: 2.3, testLoss: 2.2, trainAcc: 0.1, testAcc: 0.1 }];
    const f = metricsFigure(h, {
      chart: { title: 'Loss (cross-entropy)', y: 'linear' },
      series: [
        { key: 'trainLoss', label: 'batch', kind: 'loss' },
        { key: 'testLoss', label: 'test', kind: 'loss' },
      ],
      logX: false,
    });
    expect((f.layout.yaxis as { type?: string }).type).toBeUndefined();
    expect(f.data.map((d) => d.name)).toEqual(['batch', 'test']);
  });
});
