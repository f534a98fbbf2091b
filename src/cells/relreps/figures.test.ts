import { describe, expect, it } from 'vitest';
import { LABELS_PER_GROUP, probeFigure, probeGroups } from './figures';
import type { RelrepsAnalysis } from './analysis';

/** Just the fields the probe figures read. */
function analysis(): RelrepsAnalysis {
  const words = ['cat', 'dog', 'red', 'blue', 'one'];
  const groups = ['animals', 'animals', 'colours', 'colours', 'numbers'];
  const abs: [Float32Array, Float32Array] = [Float32Array.from({ length: 10 }, (_, i) => i), Float32Array.from({ length: 10 }, (_, i) => -2 * i)];
  const rel: [Float32Array, Float32Array] = [Float32Array.from({ length: 10 }, (_, i) => i / 10), Float32Array.from({ length: 10 }, (_, i) => i / 10 + 0.01)];
  return { names: ['model A', 'model B'], probe: { words, groups, abs, rel, absShare: 0.5, relShare: 0.9 } } as unknown as RelrepsAnalysis;
}

describe('relreps probe figures', () => {
  it('one chart a model: its own words, a trace a group, axes shared by both models', () => {
    const a = analysis();
    const f0 = probeFigure(a, 'abs', 0);
    const f1 = probeFigure(a, 'abs', 1);
    expect(f0.data.map((t) => t.name)).toEqual(['animals', 'colours', 'numbers']);
    expect(f0.data[1].x).toEqual([4, 6]); // red, blue: rows 2 and 3 of model A
    expect(f1.data[1].y).toEqual([-10, -14]);
    expect(f0.data[1].customdata).toEqual(['red', 'blue']); // named on hover
    expect(f0.data[1].hovertemplate).toContain('%{customdata}');
    const range = (f: typeof f0) => (f.layout.xaxis as { range: number[] }).range;
    expect(range(f0)).toEqual(range(f1));
    expect(range(f0)[0]).toBeLessThan(-18); // covers model B's most negative value
    expect(range(f0)[1]).toBeGreaterThan(9);
    expect(String((f1.layout.title as { text: string }).text)).toContain('model B');
  });

  it('names the first few words of a group on the chart, every word on hover', () => {
    const a = analysis();
    const n = LABELS_PER_GROUP + 2;
    a.probe.words = Array.from({ length: n }, (_, i) => `w${i}`);
    a.probe.groups = Array.from({ length: n }, () => 'g');
    a.probe.abs = [new Float32Array(2 * n), new Float32Array(2 * n)];
    const t = probeFigure(a, 'abs', 0).data[0];
    expect(t.customdata).toEqual(a.probe.words);
    expect((t.text as string[]).filter(Boolean)).toEqual(a.probe.words.slice(0, LABELS_PER_GROUP));
    expect((t.text as string[]).slice(LABELS_PER_GROUP)).toEqual(['', '']);
  });

  it('the legend lists each group once with the colour its points are drawn in', () => {
    const a = analysis();
    const groups = probeGroups(a);
    expect(groups.map((g) => g.name)).toEqual(['animals', 'colours', 'numbers']);
    const f = probeFigure(a, 'rel', 1);
    groups.forEach((g, i) => expect((f.data[i].marker as { color: string }).color).toBe(g.color));
  });
});
