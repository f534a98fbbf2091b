import { describe, expect, it } from 'vitest';
import { buildExport, EXPORT_VERSION, formatBytes, plain } from '../../src/state/export';

describe('cell export', () => {
  it('carries the cell, a version, the config, results and history, typed arrays as plain arrays', () => {
    const e = buildExport({
      cell: 'grokking',
      link: 'http://x/?grokking.p=23',
      config: { p: 23 },
      backend: { chosen: 'auto', used: 'wasm', notes: [] },
      results: { step: 2 },
      history: [{ step: 1, testAcc: 0.5 }],
      analysis: { spectrum: new Float32Array([1, 2]) },
      extras: { vectors: { values: [new Float32Array([0.5])] } },
      now: new Date(0),
    });
    expect(e.version).toBe(EXPORT_VERSION);
    expect(EXPORT_VERSION).toBe(2);
    expect(e.exportedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(e.analysis).toEqual({ spectrum: [1, 2] });
    expect(e.vectors).toEqual({ values: [[0.5]] });
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it("a cell's extra replaces the analysis field of its name: stored once", () => {
    const e = buildExport({
      cell: 'relreps',
      link: '',
      config: {},
      backend: { chosen: 'auto', used: null, notes: [] },
      results: {},
      history: [],
      analysis: { step: 3, vectors: { values: new Float32Array(1000) } },
      extras: { vectors: 'compact', vectorsNote: 'x' },
    });
    expect(e.analysis).toEqual({ step: 3 });
    expect(e.vectors).toBe('compact');
    const none = { cell: 'c', link: '', config: {}, backend: { chosen: 'auto', used: null, notes: [] }, results: {}, history: [], analysis: null };
    expect(buildExport({ ...none, extras: { vectors: null } }).analysis).toBeNull();
  });

  it('plain leaves scalars and nulls alone', () => {
    expect(plain(null)).toBeNull();
    expect(plain(3)).toBe(3);
    expect(plain([new Int32Array([1])])).toEqual([[1]]);
  });

  it('sizes for the Export button', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(3400)).toBe('3.4 kB');
    expect(formatBytes(5_812_345)).toBe('5.8 MB');
  });
});
