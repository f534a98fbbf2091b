import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropMetrics, readMetrics } from '../../src/core/readback';
import { createGrokkingSession } from '../../src/cells/grokking/session';
import { GROKKING_DEFAULTS } from '../../src/cells/grokking/config';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pending = (step: number, v: number[]) => ({ step, packed: tf.tensor1d(v) });

describe('batched metric readback', () => {
  it('reads many pending points in order, then frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const points = await readMetrics([pending(1, [1, 0.1, 2, 0.2]), pending(2, [3, 0.3, 4, 0.4]), pending(5, [5, 0.5, 6, 0.6])]);
    expect(points.map((p) => p.step)).toEqual([1, 2, 5]);
    expect(points[1].trainLoss).toBe(3);
    expect(points[1].trainAcc).toBeCloseTo(0.3, 6);
    expect(points[2].testLoss).toBe(6);
    expect(points[2].testAcc).toBeCloseTo(0.6, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(await readMetrics([])).toEqual([]);
  });

  it('reads any series a definition names (an RL cell\'s three, say), and refuses a count that does not match', async () => {
    const keys = ['episodeReturn', 'coinRate', 'endRate'];
    const points = await readMetrics([pending(3, [0.5, 0.25, 0.75]), pending(4, [1, 0.5, 0.5])], keys);
    expect(points).toEqual([
      { step: 3, episodeReturn: 0.5, coinRate: 0.25, endRate: 0.75 },
      { step: 4, episodeReturn: 1, coinRate: 0.5, endRate: 0.5 },
    ]);
    const before = tf.memory().numTensors;
    await expect(readMetrics([pending(1, [1, 2, 3, 4])], keys)).rejects.toThrow(/hold 4 values, the definition names 3/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drops unread points without leaking', () => {
    const before = tf.memory().numTensors;
    dropMetrics([pending(1, [1, 1, 1, 1]), pending(2, [2, 2, 2, 2])]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a session\'s measure() read in a batch equals its evaluate()', async () => {
    const s = createGrokkingSession({ ...GROKKING_DEFAULTS, p: 11, width: 16, steps: 10 });
    s.trainStep(); // the optimiser's slots exist from the first step on
    const before = tf.memory().numTensors;
    const m = [s.measure()];
    s.trainStep();
    m.push(s.measure());
    const [a, b] = await readMetrics(m);
    expect(tf.memory().numTensors).toBe(before);
    const e = await s.evaluate();
    expect(a.step).toBe(1);
    expect(b).toEqual(e);
    expect(a.trainLoss).not.toBe(b.trainLoss);
    s.dispose();
  });
});
