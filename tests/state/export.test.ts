import { describe, expect, it } from 'vitest';
import { buildExport, EXPORT_VERSION, plain } from '../../src/state/export';

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
    expect(e.exportedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(e.analysis).toEqual({ spectrum: [1, 2] });
    expect(e.vectors).toEqual({ values: [[0.5]] });
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('plain leaves scalars and nulls alone', () => {
    expect(plain(null)).toBeNull();
    expect(plain(3)).toBe(3);
    expect(plain([new Int32Array([1])])).toEqual([[1]]);
  });
});
