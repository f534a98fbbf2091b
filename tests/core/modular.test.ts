import { describe, expect, it } from 'vitest';
import { makeSplit } from '../../src/core/modular';

describe('makeSplit', () => {
  it('has floor(frac·p²) training rows and the rest for test', () => {
    const s = makeSplit(11, 0.5, 0, 1);
    expect(s.trainA.length).toBe(60); // floor(60.5)
    expect(s.testA.length).toBe(61);
    for (const arr of [s.trainA, s.trainB, s.trainY, s.trainYClean]) expect(arr.length).toBe(60);
    for (const arr of [s.testA, s.testB, s.testY]) expect(arr.length).toBe(61);
    expect(makeSplit(97, 0.5, 0, 0).trainA.length).toBe(4704);
    expect(makeSplit(13, 0.3, 0, 0).trainA.length).toBe(Math.floor(0.3 * 13 * 13));
  });

  it('train and test are disjoint and cover every pair exactly once, with y = (a + b) mod p', () => {
    const p = 13;
    const s = makeSplit(p, 0.4, 0, 3);
    const seen = new Int32Array(p * p);
    const rows: [Int32Array, Int32Array, Int32Array][] = [
      [s.trainA, s.trainB, s.trainY],
      [s.testA, s.testB, s.testY],
    ];
    for (const [A, B, Y] of rows) {
      for (let i = 0; i < A.length; i++) {
        expect(A[i] >= 0 && A[i] < p && B[i] >= 0 && B[i] < p).toBe(true);
        expect(Y[i]).toBe((A[i] + B[i]) % p);
        seen[A[i] * p + B[i]]++;
      }
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    expect(Array.from(s.trainY)).toEqual(Array.from(s.trainYClean));
    expect(s.noisyCount).toBe(0);
  });

  it('is random: the training rows are not the first pairs in order, and seeds differ', () => {
    const s = makeSplit(11, 0.5, 0, 0);
    const firstA = Array.from(s.trainA.slice(0, 20));
    expect(firstA.every((a) => a === 0)).toBe(false);
    expect(Array.from(makeSplit(11, 0.5, 0, 1).trainA)).not.toEqual(Array.from(s.trainA));
  });

  it('gives the same split for the same seed, and noise does not move the split', () => {
    const a = makeSplit(17, 0.5, 0.3, 5);
    const b = makeSplit(17, 0.5, 0.3, 5);
    expect(a).toEqual(b);
    const clean = makeSplit(17, 0.5, 0, 5);
    expect(Array.from(clean.trainA)).toEqual(Array.from(a.trainA));
    expect(Array.from(clean.testB)).toEqual(Array.from(a.testB));
  });

  it('corrupts exactly round(noise·nTrain) training labels, each to a wrong label; test labels stay clean', () => {
    const p = 11;
    for (const noise of [0.1, 0.25, 0.5, 0.9]) {
      const s = makeSplit(p, 0.5, noise, 2);
      const nTrain = s.trainA.length;
      let changed = 0;
      for (let i = 0; i < nTrain; i++) {
        expect(s.trainYClean[i]).toBe((s.trainA[i] + s.trainB[i]) % p);
        if (s.trainY[i] !== s.trainYClean[i]) {
          changed++;
          expect(s.trainY[i] >= 0 && s.trainY[i] < p).toBe(true);
        }
      }
      expect(s.noisyCount).toBe(Math.round(noise * nTrain));
      expect(changed).toBe(s.noisyCount);
      for (let i = 0; i < s.testA.length; i++) expect(s.testY[i]).toBe((s.testA[i] + s.testB[i]) % p);
    }
  });

  it('spreads noisy labels uniformly over the wrong classes (chi-square on the offset)', () => {
    const p = 31;
    const s = makeSplit(p, 0.9, 0.9, 4); // 864 train rows, 778 noisy
    // offset = (noisy - clean) mod p should be uniform on 1..p-1.
    const counts = new Array<number>(p).fill(0);
    for (let i = 0; i < s.trainA.length; i++) {
      if (s.trainY[i] !== s.trainYClean[i]) counts[(s.trainY[i] - s.trainYClean[i] + p) % p]++;
    }
    expect(counts[0]).toBe(0);
    const e = s.noisyCount / (p - 1);
    const chi2 = counts.slice(1).reduce((t, c) => t + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(60); // 29 degrees of freedom: P(chi2 > 60) ≈ 6e-4
    // Every wrong label class is used (on the label itself, not the offset).
    const labels = new Set<number>();
    for (let i = 0; i < s.trainA.length; i++) if (s.trainY[i] !== s.trainYClean[i]) labels.add(s.trainY[i]);
    expect(labels.size).toBe(p);
  });

  it('chooses the noisy rows at random, not the first ones', () => {
    const s = makeSplit(23, 0.5, 0.2, 0);
    const noisyRows: number[] = [];
    for (let i = 0; i < s.trainA.length; i++) if (s.trainY[i] !== s.trainYClean[i]) noisyRows.push(i);
    expect(noisyRows.length).toBe(s.noisyCount);
    expect(noisyRows[noisyRows.length - 1]).toBeGreaterThan(s.noisyCount); // not rows 0..count-1
  });
});
