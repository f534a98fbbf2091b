import { describe, expect, it } from 'vitest';
import { base64ToFloat32, float32ToBase64 } from '../../src/core/base64';

describe('float32 as base64', () => {
  it('is base64 of the little-endian bytes (what Buffer and numpy read)', () => {
    const x = Float32Array.of(1, -2.5, 0.1, NaN, Infinity, -0, 3e-42);
    const text = float32ToBase64(x);
    const bytes = new Uint8Array(x.length * 4);
    const dv = new DataView(bytes.buffer);
    x.forEach((v, i) => dv.setFloat32(4 * i, v, true));
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(float32ToBase64(Float32Array.of(1))).toBe('AACAPw==');
  });

  it('reads back exactly, every length (padding) and across chunks', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 3073, 10000]) {
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 9) - 4));
      const y = base64ToFloat32(float32ToBase64(x));
      expect(y.length).toBe(n);
      expect(Buffer.from(y.buffer).equals(Buffer.from(x.buffer))).toBe(true);
    }
    expect(Array.from(base64ToFloat32(float32ToBase64([0.5, 2])))).toEqual([0.5, 2]);
  });

  it('refuses text that is not whole float32s', () => {
    expect(() => base64ToFloat32('AACA')).toThrow(/not whole float32/);
    expect(() => base64ToFloat32('AAC*Pw==')).toThrow(/bad character/);
  });
});
