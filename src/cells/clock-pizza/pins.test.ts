import { describe, expect, it } from 'vitest';
import { MAX_PINS, pinRun, type Pinned, type PinnedAnalysis } from './pins';

const analysis = (step: number, alpha = 0): PinnedAnalysis => ({
  alpha,
  step,
  gradSymmetricity: 0.31,
  distanceIrrelevance: 0.52,
  circularity: 0.995,
  keyFrequencies: [4, 11],
});
const config = { p: 59, d_model: 128 };

describe('pinRun', () => {
  it('copies the analysis, the config’s p and d_model and the last test accuracy', () => {
    const a = analysis(1200, 1);
    const [pin] = pinRun([], a, config, 0.987);
    expect(pin).toEqual({
      label: 'run 1',
      alpha: 1,
      p: 59,
      d_model: 128,
      step: 1200,
      testAcc: 0.987,
      gradSymmetricity: 0.31,
      distanceIrrelevance: 0.52,
      circularity: 0.995,
      keyFrequencies: [4, 11],
    });
    a.keyFrequencies.push(7);
    expect(pin.keyFrequencies).toEqual([4, 11]);
  });

  it('labels runs in order and keeps the earlier pins as they were', () => {
    const one = pinRun([], analysis(100), config, 0.5);
    const two = pinRun(one, analysis(200, 1), { p: 17, d_model: 32 }, 0.9);
    expect(two.map((r) => r.label)).toEqual(['run 1', 'run 2']);
    expect(two[0]).toEqual(one[0]);
    expect(two[1]).toMatchObject({ step: 200, alpha: 1, p: 17, d_model: 32, testAcc: 0.9 });
    expect(one).toHaveLength(1);
  });

  it('has no test accuracy before the first metric point', () => {
    expect(pinRun([], analysis(0), config, undefined)[0].testAcc).toBeNull();
    expect(pinRun([], analysis(0), config, null)[0].testAcc).toBeNull();
  });

  it('keeps at most six, dropping the oldest', () => {
    expect(MAX_PINS).toBe(6);
    let pins: Pinned[] = [];
    for (let i = 1; i <= 7; i++) pins = pinRun(pins, analysis(i * 10), config, 1);
    expect(pins).toHaveLength(6);
    expect(pins.map((r) => r.step)).toEqual([20, 30, 40, 50, 60, 70]);
    expect(pins.map((r) => r.label)).toEqual(['run 2', 'run 3', 'run 4', 'run 5', 'run 6', 'run 7']);
    // Numbers keep counting once the oldest are dropped (not 'run 7' again).
    expect(pinRun(pins, analysis(80), config, 0.9).at(-1)?.label).toBe('run 8');
  });

  it('pins nothing without an analysis', () => {
    const pins = pinRun([], analysis(10), config, 1);
    expect(pinRun(pins, null, config, 1)).toEqual(pins);
    expect(pinRun([], undefined, config, 1)).toEqual([]);
  });
});
