import { describe, expect, it } from 'vitest';
import { fourierNorms, strongestFrequency } from '../../core/fourier';
import { createRng } from '../../core/rng';
import { pca, symmetricEigen } from '../../core/pca';
import {
  circularity,
  distanceIrrelevance,
  gradientSymmetricity,
  keyFrequencies,
  logitTable,
  maxFrequencyShare,
  midpoints,
  triplesForSymmetricity,
} from './metrics';
import { maxAbsDiff } from './reference.fixture';

const TAU = 2 * Math.PI;

function randomMatrix(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * d }, () => rng.normal());
}

/** A random d×d rotation (Gram–Schmidt of a random matrix), rows orthonormal. */
function rotation(d: number, seed: number): Float64Array {
  const R = randomMatrix(d, d, seed);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += R[i * d + c] * R[j * d + c];
      for (let c = 0; c < d; c++) R[i * d + c] -= t * R[j * d + c];
    }
    const n = Math.hypot(...R.subarray(i * d, (i + 1) * d));
    for (let c = 0; c < d; c++) R[i * d + c] /= n;
  }
  return R;
}

/**
 * W_E [p, d] whose residue a is Σ_i amp_i (cos(2π k_i a/p), sin(2π k_i a/p)) in dimensions 2i, 2i+1,
 * then rotated by a random rotation (so the circles are not on coordinate axes), plus an offset.
 */
function circles(p: number, d: number, freqs: number[], amps: number[], seed = 1): Float32Array {
  const R = rotation(d, seed);
  const E = new Float32Array(p * d);
  for (let a = 0; a < p; a++) {
    const raw = new Float64Array(d);
    freqs.forEach((k, i) => {
      raw[2 * i] = amps[i] * Math.cos((TAU * k * a) / p);
      raw[2 * i + 1] = amps[i] * Math.sin((TAU * k * a) / p);
    });
    for (let j = 0; j < d; j++) {
      let t = 0.3; // an offset: PCA must centre
      for (let c = 0; c < d; c++) t += raw[c] * R[c * d + j];
      E[a * d + j] = t;
    }
  }
  return E;
}

describe('gradient symmetricity', () => {
  it('is 1 for identical rows, 0 for orthogonal, −1 for opposite, and the mean over rows', () => {
    const g = Float32Array.from([1, 2, 3, -1, 0, 2]);
    expect(gradientSymmetricity(g, g, 3)).toBeCloseTo(1, 7);
    expect(gradientSymmetricity(Float32Array.from([1, 0, 0, 0]), Float32Array.from([0, 5, 0, 0]), 2)).toBe(0);
    expect(gradientSymmetricity(Float32Array.from([1, 2]), Float32Array.from([-2, -4]), 2)).toBeCloseTo(-1, 7);
    // Rows: identical (1), orthogonal (0), 45° (√½), a zero row (0): mean (1 + √½) / 4.
    const a = Float32Array.from([1, 1, 1, 0, 1, 0, 0, 0]);
    const b = Float32Array.from([2, 2, 0, 3, 1, 1, 1, 1]);
    expect(gradientSymmetricity(a, b, 2)).toBeCloseTo((1 + Math.SQRT1_2) / 4, 6);
    expect(() => gradientSymmetricity(a, b, 3)).toThrow();
  });

  it('uses 100 seeded triples in range', () => {
    const t = triplesForSymmetricity(59, 42);
    expect(t.a.length).toBe(100);
    for (const arr of [t.a, t.b, t.c]) expect(arr.every((v) => v >= 0 && v < 59)).toBe(true);
    expect(Array.from(triplesForSymmetricity(59, 42).c)).toEqual(Array.from(t.c));
    expect(Array.from(triplesForSymmetricity(59, 43).a)).not.toEqual(Array.from(t.a));
    expect(new Set(t.a).size).toBeGreaterThan(30);
  });
});

describe('distance irrelevance q and the logit table', () => {
  const p = 7;
  /** L[s, d] = f(s, d) */
  const table = (f: (s: number, d: number) => number) => Float32Array.from({ length: p * p }, (_, i) => f(Math.floor(i / p), i % p));

  it('is 1 for a table that ignores a − b, 0 for one that depends only on a − b', () => {
    expect(distanceIrrelevance(table((s) => Math.cos((TAU * s) / p) + 2), p)).toBeCloseTo(1, 6);
    expect(distanceIrrelevance(table((_, d) => Math.abs(Math.cos((Math.PI * d) / p))), p)).toBeCloseTo(0, 6);
    expect(distanceIrrelevance(table(() => 3), p)).toBeNaN();
  });

  it('is std(f)/√(std(f)² + std(g)²) for L = f(s) + g(d) with uncorrelated f, g (here 1/√2, and 1/√5)', () => {
    expect(distanceIrrelevance(table((s, d) => Math.cos((TAU * s) / p) + Math.cos((TAU * d) / p)), p)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(distanceIrrelevance(table((s, d) => Math.cos((TAU * s) / p) + 2 * Math.sin((TAU * 2 * d) / p)), p)).toBeCloseTo(1 / Math.sqrt(5), 6);
  });

  it('puts the value of pair (a, b) at s = (a + b) mod p, d = (a − b) mod p, filling every cell', () => {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) a.push(i), b.push(j);
    const L = logitTable(Float32Array.from(a, (ai, i) => 100 * ai + b[i] + 1), Int32Array.from(a), Int32Array.from(b), p);
    expect(L.every((v) => v > 0)).toBe(true);
    expect(new Set(L).size).toBe(p * p);
    // s = 3, d = 5: a − b ≡ 5 and a + b ≡ 3 → a = 4·(3 + 5) mod 7 = 4, b = 6.
    expect(L[3 * p + 5]).toBe(100 * 4 + 6 + 1);
  });
});

describe('symmetric eigen-decomposition and PCA', () => {
  it('Jacobi gives A v = λ v with orthonormal v, largest first', () => {
    const n = 6;
    const M = randomMatrix(n, n, 3);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = M[i * n + j] + M[j * n + i];
    const { values, vectors } = symmetricEigen(A, n);
    for (let r = 0; r < n; r++) {
      const v = vectors.subarray(r * n, (r + 1) * n);
      for (let i = 0; i < n; i++) {
        let Av = 0;
        for (let j = 0; j < n; j++) Av += A[i * n + j] * v[j];
        expect(Math.abs(Av - values[r] * v[i])).toBeLessThan(1e-9);
      }
      for (let s = 0; s < n; s++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v[i] * vectors[s * n + i];
        expect(dot).toBeCloseTo(r === s ? 1 : 0, 9);
      }
      if (r > 0) expect(values[r]).toBeLessThanOrEqual(values[r - 1]);
    }
    let trace = 0;
    for (let i = 0; i < n; i++) trace += A[i * n + i];
    expect(values.reduce((t, v) => t + v, 0)).toBeCloseTo(trace, 9);
  });

  it.each([
    [9, 4],
    [5, 9],
  ])('n = %s, d = %s: matches the eigenvectors of the d×d covariance, with the sign rule and scores', (n, d) => {
    const X = randomMatrix(n, d, n * 10 + d);
    const k = 3;
    const res = pca(X, n, d, k);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j] / n;
    const C = new Float64Array(d * d);
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) C[a * d + b] += (X[i * d + a] - mean[a]) * (X[i * d + b] - mean[b]);
    const naive = symmetricEigen(C, d);
    const total = naive.values.reduce((t, v) => t + Math.max(v, 0), 0);
    for (let j = 0; j < k; j++) {
      const v = res.components.subarray(j * d, (j + 1) * d);
      const u = naive.vectors.subarray(j * d, (j + 1) * d);
      let dot = 0;
      for (let c = 0; c < d; c++) dot += v[c] * u[c];
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
      expect(res.shares[j]).toBeCloseTo(naive.values[j] / total, 8);
      expect(res.variances[j]).toBeCloseTo(naive.values[j] / n, 8);
      const big = v.reduce((bi, x, c) => (Math.abs(x) > Math.abs(v[bi]) ? c : bi), 0);
      expect(v[big]).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let c = 0; c < d; c++) t += (X[i * d + c] - mean[c]) * v[c];
        expect(res.scores[i * k + j]).toBeCloseTo(t, 5);
      }
    }
  });

  it('leaves components past the rank of the data at zero', () => {
    const res = pca(randomMatrix(3, 6, 1), 3, 6, 4); // centred rank ≤ 2
    expect(res.shares[2]).toBe(0);
    expect(res.shares[0] + res.shares[1]).toBeCloseTo(1, 9);
    expect(Array.from(res.components.subarray(12, 24)).every((v) => v === 0)).toBe(true);
  });
});

describe('circularity and Fourier structure of W_E', () => {
  const p = 13;
  const d = 8;

  it('is 1 for an embedding that is exactly cos/sin of two frequencies, and lower for a random one', () => {
    const E = circles(p, d, [3, 5], [2, 1]);
    expect(circularity(E, p, d)).toBeCloseTo(1, 6);
    const R = Float32Array.from(randomMatrix(p, d, 9));
    expect(circularity(R, p, d)).toBeLessThan(0.8);
    expect(maxFrequencyShare([1, 1, 1, 1, 1], 5)).toBe(0);
    // Two frequencies with equal energy in one signal: share ½.
    expect(maxFrequencyShare(Array.from({ length: p }, (_, a) => Math.cos((TAU * 2 * a) / p) + Math.sin((TAU * 4 * a) / p)), p)).toBeCloseTo(0.5, 9);
  });

  it('agrees with fourierNorms: the PCs are the strongest frequency, and the variances add up by Parseval', () => {
    const E = circles(p, d, [3, 5], [2, 1.5]);
    const norms = fourierNorms(E, p, d).values;
    expect(strongestFrequency(norms)).toBe(3);
    expect(keyFrequencies(norms)).toEqual([3, 5]);
    const res = pca(E, p, d, 4);
    const pc1 = Array.from({ length: p }, (_, a) => res.scores[a * 4]);
    const pc3 = Array.from({ length: p }, (_, a) => res.scores[a * 4 + 2]);
    // PC1 (and PC2) is a wave of frequency 3, PC3 (and PC4) of frequency 5.
    const share = (u: number[], k: number) => {
      const c = u.reduce((t, x, a) => t + x * Math.cos((TAU * k * a) / p), 0);
      const s = u.reduce((t, x, a) => t + x * Math.sin((TAU * k * a) / p), 0);
      return (c * c + s * s) / ((p / 2) * u.reduce((t, x) => t + x * x, 0));
    };
    expect(share(pc1, 3)).toBeCloseTo(1, 6);
    expect(share(pc3, 5)).toBeCloseTo(1, 6);
    const sumNorms = norms.reduce((t, v) => t + v * v, 0);
    expect(res.variances.reduce((t, v) => t + v, 0) * p).toBeCloseTo(sumNorms, 3);
    expect(res.shares[0]).toBeCloseTo(0.32, 5); // 2² / (2·2² + 2·1.5²)
  });

  it('keyFrequencies keeps the frequencies above max(1.5/K, 0.05) of the power, strongest first, at most 6', () => {
    expect(keyFrequencies(Float32Array.from([0.1, 3, 0.1, 2, 0.1, 0.1]))).toEqual([2, 4]);
    expect(keyFrequencies(Float32Array.from([1, 1, 1, 1]))).toEqual([1]); // none passes 1.5/K: the strongest
    expect(keyFrequencies(Float32Array.from(Array.from({ length: 20 }, (_, i) => (i < 8 ? 1 : 0))))).toHaveLength(6);
    expect(keyFrequencies(new Float32Array(5))).toEqual([]);
  });
});

describe('pizza midpoints', () => {
  it('on a circle of frequency k: |midpoint| = r |cos(πk(a − b)/p)|, on one line, antipodal pairs marked', () => {
    const p = 11;
    const d = 6;
    const k = 2;
    const E = circles(p, d, [k, 3], [2, 1], 4);
    const res = pca(E, p, d, 6);
    const s = 5;
    const m = midpoints(res, p, s);
    expect(m.s).toBe(5);
    let marked = 0;
    for (let i = 0; i < p; i++) {
      const [a, b] = [m.a[i], m.b[i]];
      expect((a + b) % p).toBe(s);
      expect(Math.hypot(m.x[i], m.y[i])).toBeCloseTo(2 * Math.abs(Math.cos((Math.PI * k * (a - b)) / p)), 5);
      expect(Math.hypot(m.x2[i], m.y2[i])).toBeCloseTo(Math.abs(Math.cos((Math.PI * 3 * (a - b)) / p)), 5);
      // All midpoints of one sum lie on a line through the centre: cross products vanish.
      expect(Math.abs(m.x[i] * m.y[0] - m.y[i] * m.x[0])).toBeLessThan(1e-5);
      const angle = (((TAU * k * (a - b)) / p) % TAU + TAU) % TAU;
      const near = Math.abs(angle - Math.PI) < TAU / p;
      expect(m.antipodal[i]).toBe(near ? 1 : 0);
      marked += m.antipodal[i];
    }
    expect(marked).toBe(2);
    expect(maxAbsDiff(midpoints(res, p, s + p).x, m.x)).toBe(0);
  });
});
