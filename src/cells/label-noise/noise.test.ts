import { describe, expect, it } from 'vitest';
import { LABEL_NOISE_DEFAULTS, LABEL_NOISE_PARAMS } from './config';
import {
  biasToOutnumber,
  cleanFraction,
  expectedLabelShares,
  nextClass,
  noiseSpec,
  rightOutnumbered,
  sampleBatch,
} from './noise';
import { validate } from '../../core/params';
import { createRng } from '../../core/rng';

/** A synthetic clean set with unequal class frequencies (class frequencies must not matter). */
function cleanSet() {
  const labels = new Uint8Array(1000);
  for (let i = 0; i < labels.length; i++) labels[i] = i < 300 ? 3 : i % 10;
  return { labels, count: labels.length };
}

/** Empirical share of each label per true class, over `rows` rows drawn in batches. */
function empirical(spec: ReturnType<typeof noiseSpec>, rows: number, seed = 1) {
  const clean = cleanSet();
  const rng = createRng(seed);
  const counts = Array.from({ length: 10 }, () => new Float64Array(10));
  const perClass = new Float64Array(10);
  let noisy = 0;
  const B = 1000;
  for (let done = 0; done < rows; done += B) {
    const b = sampleBatch(rng, clean, spec, B);
    for (let r = 0; r < B; r++) {
      const c = clean.labels[b.indices[r]];
      counts[c][b.labels[r]]++;
      perClass[c]++;
      noisy += b.isNoisy[r];
      if (!b.isNoisy[r]) expect(b.labels[r]).toBe(c);
    }
  }
  return { shares: counts.map((row, c) => row.map((x) => x / perClass[c])), perClass, noisyFrac: noisy / rows };
}

describe('the noisy-example generator', () => {
  for (const bias of [0, 0.2]) {
    it(`matches expectedLabelShares at alpha 20, bias ${bias}`, () => {
      const spec = noiseSpec(20, bias);
      const N = 200_000;
      const { shares, perClass, noisyFrac } = empirical(spec, N);
      // Clean fraction 1/21: binomial sd ~ 0.00047; 5 sd.
      expect(Math.abs(1 - noisyFrac - cleanFraction(20))).toBeLessThan(0.0025);
      for (let c = 0; c < 10; c++) {
        const want = expectedLabelShares(spec, c);
        expect(want.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (let k = 0; k < 10; k++) {
          const sd = Math.sqrt((want[k] * (1 - want[k])) / perClass[c]);
          expect(Math.abs(shares[c][k] - want[k]), `class ${c} label ${k}`).toBeLessThan(5 * sd + 1e-9);
        }
      }
      // The exact shares for class 0 under the definition.
      const p = 1 / 21;
      const s0 = expectedLabelShares(spec, 0);
      expect(s0[0]).toBeCloseTo(p + ((1 - p) * (1 - bias)) / 10, 12);
      expect(s0[1]).toBeCloseTo((1 - p) * (bias + (1 - bias) / 10), 12);
      expect(s0[5]).toBeCloseTo(((1 - p) * (1 - bias)) / 10, 12);
    });
  }

  it('honours a custom favoured class', () => {
    const spec = noiseSpec(5, 0.5, (c) => (c + 3) % 10);
    const { shares } = empirical(spec, 100_000, 9);
    const want = expectedLabelShares(spec, 3);
    expect(want[6]).toBeGreaterThan(want[4]);
    for (let k = 0; k < 10; k++) expect(Math.abs(shares[3][k] - want[k])).toBeLessThan(0.01);
  });

  it('gives only clean rows at alpha 0, whatever the bias', () => {
    const clean = cleanSet();
    const b = sampleBatch(createRng(3), clean, noiseSpec(0, 1), 5000);
    expect(b.isNoisy.every((x) => x === 0)).toBe(true);
    for (let r = 0; r < 5000; r++) expect(b.labels[r]).toBe(clean.labels[b.indices[r]]);
    expect(Array.from(expectedLabelShares(noiseSpec(0, 1), 4))).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('gives the same batch for the same seed and a different one for another seed', () => {
    const clean = cleanSet();
    const spec = noiseSpec(2.5, 0.3);
    const a = sampleBatch(createRng(42), clean, spec, 256);
    const b = sampleBatch(createRng(42), clean, spec, 256);
    const c = sampleBatch(createRng(43), clean, spec, 256);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.isNoisy)).toEqual(Array.from(b.isNoisy));
    expect(Array.from(a.indices)).not.toEqual(Array.from(c.indices));
  });

  it('flips rightOutnumbered exactly at biasToOutnumber(alpha)', () => {
    for (const alpha of [2, 5, 10, 20, 50, 100, 1.5]) {
      const t = biasToOutnumber(alpha);
      expect(t).toBeCloseTo(1 / alpha, 15);
      expect(rightOutnumbered(noiseSpec(alpha, t - 1e-9))).toBe(false);
      expect(rightOutnumbered(noiseSpec(alpha, t + 1e-9))).toBe(true);
      // The shares agree with the flag either side of the threshold.
      for (const [bias, out] of [[t - 1e-6, false], [t + 1e-6, true]] as const) {
        const s = expectedLabelShares(noiseSpec(alpha, bias), 7);
        expect(s[nextClass(7)] > s[7]).toBe(out);
      }
      // At the threshold the two shares tie.
      const tie = expectedLabelShares(noiseSpec(alpha, t), 2);
      expect(tie[3]).toBeCloseTo(tie[2], 12);
    }
    // Impossible for alpha <= 1: a finite threshold >= 1, never reached by a bias in [0, 1].
    expect(biasToOutnumber(0)).toBe(Number.MAX_VALUE);
    expect(biasToOutnumber(0.5)).toBe(2);
    expect(biasToOutnumber(1)).toBe(1);
    expect(rightOutnumbered(noiseSpec(1, 1))).toBe(false);
    expect(rightOutnumbered(noiseSpec(0, 1))).toBe(false);
  });

  it('rejects invalid specs and batches', () => {
    const clean = cleanSet();
    expect(() => sampleBatch(createRng(0), clean, noiseSpec(-1, 0), 8)).toThrow(/alpha/);
    expect(() => sampleBatch(createRng(0), clean, noiseSpec(1, 1.5), 8)).toThrow(/bias/);
    expect(() => sampleBatch(createRng(0), clean, noiseSpec(1, 0, (c) => c), 8)).toThrow(/favoured\(0\)/);
    expect(() => sampleBatch(createRng(0), clean, noiseSpec(1, 0), 0)).toThrow(/batch size/);
    expect(() => sampleBatch(createRng(0), { labels: new Uint8Array(0), count: 0 }, noiseSpec(1, 0), 8)).toThrow(/at least one/);
    expect(() => biasToOutnumber(Number.NaN)).toThrow(/alpha/);
  });
});

describe('LABEL_NOISE_PARAMS', () => {
  it('has valid defaults and the published alpha grid', () => {
    expect(validate(LABEL_NOISE_PARAMS, LABEL_NOISE_DEFAULTS)).toEqual([]);
    expect(LABEL_NOISE_PARAMS.alpha.options).toEqual(['0', '1', '2', '5', '10', '20', '50', '100']);
    expect(LABEL_NOISE_DEFAULTS.alpha).toBe('20');
    expect(LABEL_NOISE_DEFAULTS.cleanSize).toBe('60000');
  });
});
