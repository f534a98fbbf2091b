import { describe, expect, it } from 'vitest';
import { firstPointOnly } from '../../src/figures/skeleton';
import type { Figure } from '../../src/figures/types';

describe('firstPointOnly (the first of a chart’s two first-draw slots)', () => {
  const fig: Figure = {
    data: [
      {
        type: 'scatter',
        mode: 'markers+text',
        name: 'pts',
        x: [1, 2, 3],
        y: new Float32Array([4, 5, 6]),
        text: ['a', 'b', 'c'],
        customdata: ['A', 'B', 'C'],
        marker: { size: 7, color: ['red', 'green', 'blue'], colorscale: [[0, 'red'], [1, 'blue']] },
        textfont: { size: 9, color: '#333' },
      },
      { type: 'heatmap', z: [new Float32Array([1, 2]), new Float32Array([3, 4])], x: [0, 1], y: [0, 1], colorbar: { thickness: 8 } },
      { type: 'scatter', x: [], y: [] },
      { type: 'scatter', x: [1, 2], y: [3, 4], customdata: [['a', 1], ['b', 2]] },
    ],
    layout: { title: { text: 't' }, xaxis: { range: [0, 1] } },
  };

  it('keeps every trace, cut to its first point (a heatmap to its first cell)', () => {
    const s = firstPointOnly(fig);
    expect(s.data).toHaveLength(4);
    expect(s.data[0]).toMatchObject({ type: 'scatter', mode: 'markers+text', name: 'pts', x: [1], y: [4], text: ['a'], customdata: ['A'] });
    expect(s.data[0].marker).toEqual({ size: 7, color: ['red'], colorscale: [[0, 'red'], [1, 'blue']] }); // a colour scale is not per point
    expect(s.data[0].textfont).toEqual({ size: 9, color: '#333' });
    expect(s.data[1]).toMatchObject({ z: [[1]], x: [0], y: [0], colorbar: { thickness: 8 } });
    expect(s.data[2]).toMatchObject({ x: [], y: [] });
    expect(s.data[3].customdata).toEqual([['a', 1]]); // a point's list of values stays whole
    expect(s.layout).toBe(fig.layout);
  });

  it('leaves the figure it was given alone', () => {
    const before = JSON.stringify(fig, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v));
    firstPointOnly(fig);
    expect(JSON.stringify(fig, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v))).toBe(before);
    expect(fig.data[1].z).toHaveLength(2);
  });
});
