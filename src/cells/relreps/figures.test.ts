import { describe, expect, it } from 'vitest';
import { agreementFigure, LABELS_PER_GROUP, probeFigure, probeGroups, type AgreementPoint } from './figures';
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

describe('relreps agreement figure', () => {
  const point = (step: number, sample: 'periodic' | 'full', words: number, v: number): AgreementPoint => ({ step, sample, words, jaccardRel: v, mrrRel: 2 * v, jaccardAbs: 0, mrrAbs: 0 });

  it('lines through the periodic sample (said on the axis and on hover), diamonds at the full scorings, one legend entry for them', () => {
    const f = agreementFigure([point(10, 'periodic', 300, 0.1), point(20, 'periodic', 300, 0.2), point(20, 'full', 1000, 0.25), point(30, 'periodic', 300, 0.3)], 5);
    const lines = f.data.filter((t) => t.mode === 'lines+markers');
    expect(lines.map((t) => t.name)).toEqual(['relative Jaccard@5', 'relative MRR@5', 'absolute Jaccard', 'absolute MRR']);
    expect(lines[0].x).toEqual([10, 20, 30]);
    expect(lines[0].hovertemplate).toContain('a fixed sample of 300 words');
    const diamonds = f.data.filter((t) => t.mode === 'markers' && (t.x as unknown[])[0] !== null);
    expect(diamonds.length).toBe(4);
    expect(diamonds[1]).toMatchObject({ x: [20], y: [0.5], showlegend: false, legendgroup: 'mrrRel' });
    expect((diamonds[0].marker as { symbol: string }).symbol).toBe('diamond');
    expect(diamonds[0].hovertemplate).toContain('full scoring, 1,000 words');
    expect(f.data.filter((t) => t.showlegend !== false).map((t) => t.name)).toContain('full scoring (1,000 words)');
    expect(String((f.layout.xaxis as { title: { text: string } }).title.text)).toContain('the same 300 words each time');
  });

  it('only full scorings (a run stepped by hand): they are the line, no sample is named', () => {
    const f = agreementFigure([point(1, 'full', 1000, 0.1), point(2, 'full', 1000, 0.2)], 10);
    expect(f.data.length).toBe(4);
    expect(f.data[0]).toMatchObject({ mode: 'lines+markers', name: 'relative Jaccard@10', x: [1, 2] });
    expect(f.data[0].hovertemplate).toContain('full scoring, 1,000 words');
    expect((f.layout.xaxis as { title: { text: string } }).title.text).toBe('step');
  });
});

