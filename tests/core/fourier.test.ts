import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clockFace, fourierNorms, strongestFrequency } from '../../src/core/fourier';

/**
 * A deliberately naive complex DFT, written independently of fourier.ts:
 * F_k[j] = Σ_a E[a, j] · exp(-2πi k a / p), with the angle computed directly (no tables, no mod).
 * @returns |F_k|² summed over j, for k = 0..p-1
 */
function naivePower(E: Float32Array | number[], p: number, d: number): number[] {
  const power: number[] = [];
  for (let k = 0; k < p; k++) {
    let tot = 0;
    for (let j = 0; j < d; j++) {
      let re = 0;
      let im = 0;
      for (let a = 0; a < p; a++) {
        re += E[a * d + j] * Math.cos((-2 * Math.PI * k * a) / p);
        im += E[a * d + j] * Math.sin((-2 * Math.PI * k * a) / p);
      }
      tot += re * re + im * im;
    }
    power.push(tot);
  }
  return power;
}

/** E[a] = r·(cos(2πka/p) u + sin(2πka/p) w) + offset, u ⟂ w unit vectors in R^4. @returns [p, 4] */
function pureFrequency(p: number, k: number, r: number): Float32Array {
  const d = 4;
  const u = [0.5, 0.5, 0.5, 0.5];
  const w = [0.5, -0.5, 0.5, -0.5];
  const offset = [3, -1, 2, 0.5];
  const E = new Float32Array(p * d);
  for (let a = 0; a < p; a++) {
    const c = Math.cos((2 * Math.PI * k * a) / p);
    const s = Math.sin((2 * Math.PI * k * a) / p);
    for (let j = 0; j < d; j++) E[a * d + j] = r * (c * u[j] + s * w[j]) + offset[j];
  }
  return E;
}

function modInverse(x: number, p: number): number {
  for (let y = 1; y < p; y++) if ((x * y) % p === 1) return y;
  throw new Error('no inverse');
}

describe('fourierNorms', () => {
  it('puts all of a pure frequency-3 embedding at k = 3, ignoring the constant offset', () => {
    const p = 11;
    const r = 2;
    const { values, labels } = fourierNorms(pureFrequency(p, 3, r), p, 4);
    expect(values.length).toBe(5);
    expect(labels).toEqual(['k=1', 'k=2', 'k=3', 'k=4', 'k=5']);
    // Centred Σ_a |E[a]|² = p·r² (|cos u + sin w| = 1), all at k = 3.
    expect(values[2]).toBeCloseTo(Math.sqrt(p * r * r), 4);
    for (const k of [1, 2, 4, 5]) expect(values[k - 1]).toBeLessThan(1e-4);
    expect(strongestFrequency(values)).toBe(3);
  });

  it('matches a naive complex DFT on a random embedding, and Parseval holds', () => {
    const p = 13;
    const d = 5;
    const E = new Float32Array(p * d);
    for (let i = 0; i < E.length; i++) E[i] = Math.sin(1.7 * i * i + 0.3) * 2; // deterministic, irregular
    const power = naivePower(E, p, d);
    const { values } = fourierNorms(E, p, d);
    for (let k = 1; k <= 6; k++) {
      // Frequencies k and p-k carry the same power; values[k-1]² = (|F_k|² + |F_{p-k}|²) / p.
      expect(power[k]).toBeCloseTo(power[p - k], 6);
      expect(values[k - 1] ** 2).toBeCloseTo((power[k] + power[p - k]) / p, 4);
    }
    const mean = new Array<number>(d).fill(0);
    for (let a = 0; a < p; a++) for (let j = 0; j < d; j++) mean[j] += E[a * d + j] / p;
    let centred = 0;
    for (let a = 0; a < p; a++) for (let j = 0; j < d; j++) centred += (E[a * d + j] - mean[j]) ** 2;
    const total = Array.from(values).reduce((t, v) => t + v * v, 0);
    expect(total).toBeCloseTo(centred, 3);
  });

  it('matches the numpy-FFT fixture (tests/fixtures/fourier-p7.json)', () => {
    const fx = JSON.parse(readFileSync(new URL('../fixtures/fourier-p7.json', import.meta.url), 'utf8'));
    const E = new Float32Array(fx.E);
    const { values } = fourierNorms(E, fx.p, fx.d);
    expect(values.length).toBe(fx.norms.length);
    fx.norms.forEach((v: number, i: number) => expect(values[i]).toBeCloseTo(v, 5));
    const total = Array.from(values).reduce((t, v) => t + v * v, 0);
    expect(total).toBeCloseTo(fx.centredSumSq, 4);
    const { x, y } = clockFace(E, fx.p, fx.d, fx.clock.k);
    fx.clock.x.forEach((v: number, a: number) => expect(x[a]).toBeCloseTo(v, 5));
    fx.clock.y.forEach((v: number, a: number) => expect(y[a]).toBeCloseTo(v, 5));
  });

  it('measures each component of a two-frequency mixture', () => {
    const p = 17;
    const E1 = pureFrequency(p, 2, 3);
    const E2 = pureFrequency(p, 7, 1);
    const E = E1.map((v, i) => v + E2[i]);
    const { values } = fourierNorms(E, p, 4);
    expect(values[1]).toBeCloseTo(Math.sqrt(p * 9), 3);
    expect(values[6]).toBeCloseTo(Math.sqrt(p), 3);
    expect(strongestFrequency(values)).toBe(2);
  });

  it('rejects even p and a wrong size', () => {
    expect(() => fourierNorms(new Float32Array(8), 4, 2)).toThrow();
    expect(() => fourierNorms(new Float32Array(10), 7, 2)).toThrow();
  });
});

describe('strongestFrequency', () => {
  it('returns the 1-based index of the largest value', () => {
    expect(strongestFrequency(new Float32Array([0.1, 0.5, 0.2]))).toBe(2);
    expect(strongestFrequency(new Float32Array([0.9, 0.5, 0.2]))).toBe(1);
    expect(strongestFrequency(new Float32Array([0, 0, 0, 4]))).toBe(4);
    expect(strongestFrequency(new Float32Array([]))).toBe(0);
  });
});

describe('clockFace', () => {
  it('puts a pure frequency-3 embedding on the unit circle, ordered 0, 3⁻¹, 2·3⁻¹, ...', () => {
    const p = 11;
    const k = 3;
    const { x, y } = clockFace(pureFrequency(p, k, 1), p, 4, k);
    expect(x.length).toBe(p);
    expect(y.length).toBe(p);
    for (let a = 0; a < p; a++) {
      expect(Math.hypot(x[a], y[a])).toBeCloseTo(1, 5);
      // residue a sits at angle 2πka/p
      expect(x[a]).toBeCloseTo(Math.cos((2 * Math.PI * k * a) / p), 5);
      expect(y[a]).toBeCloseTo(Math.sin((2 * Math.PI * k * a) / p), 5);
    }
    const angle = (a: number) => (Math.atan2(y[a], x[a]) + 2 * Math.PI + 1e-4) % (2 * Math.PI);
    const order = Array.from({ length: p }, (_, a) => a).sort((a, b) => angle(a) - angle(b));
    const inv = modInverse(k, p); // 4, since 3·4 = 12 ≡ 1 (mod 11)
    expect(order).toEqual(Array.from({ length: p }, (_, j) => (j * inv) % p));
  });

  it('uses orthonormal directions even when C_k and S_k are not orthogonal', () => {
    // E[a] = cos(θ_a) e1 + sin(θ_a) (e1 + e2): S_k has a component along C_k.
    const p = 7;
    const k = 1;
    const E = new Float32Array(p * 2);
    for (let a = 0; a < p; a++) {
      const t = (2 * Math.PI * k * a) / p;
      E[a * 2] = Math.cos(t) + Math.sin(t);
      E[a * 2 + 1] = Math.sin(t);
    }
    const { x, y } = clockFace(E, p, 2, k);
    // An orthonormal basis of R² preserves lengths: |(x, y)| = |E[a]| (E is already centred).
    for (let a = 0; a < p; a++) expect(Math.hypot(x[a], y[a])).toBeCloseTo(Math.hypot(E[a * 2], E[a * 2 + 1]), 5);
    // x is along C_1 ∝ e1.
    for (let a = 0; a < p; a++) expect(x[a]).toBeCloseTo(E[a * 2], 5);
  });

  it('gives zeros for an all-zero embedding (no direction to project on)', () => {
    const { x: x0, y: y0 } = clockFace(new Float32Array(11 * 4), 11, 4, 2);
    expect(Array.from(x0).every((v) => v === 0) && Array.from(y0).every((v) => v === 0)).toBe(true);
  });
});
