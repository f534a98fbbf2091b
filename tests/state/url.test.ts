import { describe, expect, it } from 'vitest';
import { readCellState, writeCellState } from '../../src/state/url';
import { defaults, type ParamTable } from '../../src/core/params';
import { primeProblem } from '../../src/core/primes';

const TABLE = {
  p: { kind: 'int', label: 'modulus p', min: 5, max: 199, default: 97, change: 'restart', check: primeProblem },
  frac: { kind: 'float', label: 'train fraction', min: 0.1, max: 0.9, step: 0.05, default: 0.5, change: 'restart' },
  lr: { kind: 'float', label: 'learning rate', min: 1e-4, max: 0.1, step: 10, log: true, default: 0.01, change: 'optimiser' },
  model: { kind: 'choice', label: 'model', options: ['mlp', 'conv'], default: 'mlp', change: 'restart' },
} satisfies ParamTable;

describe('URL state', () => {
  it('reads defaults from an empty query', () => {
    const r = readCellState('', 'grokking', TABLE);
    expect(r.values).toEqual(defaults(TABLE));
    expect(r.backend).toBe('auto');
    expect(r.errors).toEqual([]);
  });

  it('reads valid values and the backend, ignoring unknown keys and other cells', () => {
    const r = readCellState('?grokking.p=23&grokking.lr=3e-3&other.p=5&zzz=1&backend=wasm&grokking.model=conv', 'grokking', TABLE);
    expect(r.values).toEqual({ p: 23, frac: 0.5, lr: 0.003, model: 'conv' });
    expect(r.backend).toBe('wasm');
    expect(r.errors).toEqual([]);
  });

  it('a very long value is refused before parsing, with its length; a repeated key says the first wins', () => {
    const long = '1'.repeat(40_000) + 'x';
    const r = readCellState(`?grokking.p=${long}&grokking.frac=0.3&grokking.frac=0.7`, 'grokking', TABLE);
    expect(r.values.p).toBe(97);
    expect(r.values.frac).toBe(0.3);
    expect(r.errors).toEqual([
      'grokking.p: a value of 40,001 characters is too long (at most 100); using 97',
      'grokking.frac appears 2 times; the first is used',
    ]);
  });

  it('numbers keep their forms: signs, dots at either end, exponents; digit runs with junk are refused', () => {
    const num = (t: string) => readCellState(`?grokking.lr=${encodeURIComponent(t)}`, 'grokking', TABLE);
    for (const [t, v] of [['1e-3', 1e-3], ['.005', 0.005], ['5.', 0.1], ['+2E-2', 0.02], ['0.050', 0.05]] as const) {
      if (v === 0.1) expect(num(t).errors[0]).toMatch(/outside/);
      else expect(num(t).values.lr, t).toBe(v);
    }
    for (const t of ['1..2', '1e', '.', '1.2.3', `${'9'.repeat(90)}z`]) expect(num(t).errors[0], t).toMatch(/is not a number/);
  });

  it('a cell backend overrides the page backend', () => {
    expect(readCellState('?backend=wasm&grokking.backend=webgl', 'grokking', TABLE).backend).toBe('webgl');
  });

  it('reports bad values by key and falls back to defaults', () => {
    const r = readCellState('?grokking.p=24&grokking.frac=abc&grokking.lr=5&grokking.model=rnn&backend=quantum', 'grokking', TABLE);
    expect(r.values).toEqual(defaults(TABLE));
    expect(r.backend).toBe('auto');
    expect(r.errors).toHaveLength(5);
    expect(r.errors[0]).toMatch(/^grokking\.p: 24 is not prime.*using 97$/);
    expect(r.errors[1]).toMatch(/^grokking\.frac: "abc" is not a number; using 0\.5$/);
    expect(r.errors[2]).toMatch(/^grokking\.lr: 5 is outside/);
    expect(r.errors[3]).toMatch(/must be one of mlp, conv/);
    expect(r.errors[4]).toMatch(/^backend: must be one of auto, webgpu, webgl, wasm, cpu/);
  });

  it('rejects garbage that Number() would accept', () => {
    for (const bad of ['', ' ', '0x17', 'Infinity', '1e999', '23abc', 'NaN']) {
      expect(readCellState(`?grokking.p=${encodeURIComponent(bad)}`, 'grokking', TABLE).errors, bad).toHaveLength(1);
    }
  });

  it('reads a typographic minus and a "+" that a link turned into a space', () => {
    expect(readCellState('?grokking.lr=3e\u22123', 'grokking', TABLE).values.lr).toBe(0.003);
    expect(readCellState('?grokking.lr=1e-3', 'grokking', TABLE).values.lr).toBe(0.001);
    expect(readCellState('?grokking.p=%2B23', 'grokking', TABLE).values.p).toBe(23);
    expect(readCellState('?grokking.p=+23', 'grokking', TABLE).values.p).toBe(23);
  });

  it('round-trips: write then read gives the same values', () => {
    const values = { p: 31, frac: 0.35, lr: 0.0023, model: 'conv' };
    const search = writeCellState('?zzz=keep&other.p=5', 'grokking', TABLE, values, 'webgpu');
    const r = readCellState(search, 'grokking', TABLE);
    expect(r.values).toEqual(values);
    expect(r.backend).toBe('webgpu');
    expect(search).toContain('zzz=keep');
    expect(search).toContain('other.p=5');
  });

  it('writes only what differs from the defaults', () => {
    expect(writeCellState('?grokking.p=31', 'grokking', TABLE, defaults(TABLE), 'auto')).toBe('');
    expect(writeCellState('', 'grokking', TABLE, { ...defaults(TABLE), p: 23 }, 'auto')).toBe('?grokking.p=23');
  });
});
