import { describe, expect, it } from 'vitest';
import { firstStep, phase } from '../../src/core/milestones';

const pt = (step: number, trainAcc: number, testAcc: number) => ({ step, trainAcc, testAcc, trainLoss: 0, testLoss: 0 });

describe('milestones', () => {
  it('firstStep finds the first step at or above a threshold', () => {
    const h = [pt(1, 0.1, 0.0), pt(2, 0.99, 0.5), pt(3, 1, 0.995), pt(4, 1, 0.98)];
    expect(firstStep(h, 'trainAcc', 0.99)).toBe(2);
    expect(firstStep(h, 'testAcc', 0.99)).toBe(3);
    expect(firstStep(h, 'testAcc', 0.999)).toBeNull();
  });

  it('phase: memorising, generalising, generalised', () => {
    expect(phase(undefined, 0.01)).toBeNull();
    expect(phase(pt(1, 0.2, 0.01), 0.01)).toBe('memorising');
    expect(phase(pt(1, 1, 0.05), 0.01)).toBe('memorising');
    expect(phase(pt(1, 1, 0.6), 0.01)).toBe('generalising');
    expect(phase(pt(1, 1, 0.99), 0.01)).toBe('generalised');
  });
});
