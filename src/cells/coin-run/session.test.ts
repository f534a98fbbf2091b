import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { COIN_RUN_DEFAULTS, STEPS_PER_UPDATE, TEST_LEVELS, WATCH_LEVELS, updates } from './config';
import { definition } from './definition';
import { createCoinRunSession } from './session';
import { finishedPoint, isCoinPoint } from './summary';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny = { ...COIN_RUN_DEFAULTS, steps: 2 * STEPS_PER_UPDATE };

describe('coin-run session', () => {
  it('one trainStep is one PPO update: the policy changes, the metrics are the definition\'s series, no tensor leaks', async () => {
    const s = createCoinRunSession(tiny);
    const w0 = Array.from((await s.checkpoint()).tensors.Wpi.values);
    await s.trainStep(); // Adam's moments exist from the first update on
    const before = tf.memory().numTensors;
    await s.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    expect(s.step).toBe(2);
    const m = await s.evaluate();
    expect(Object.keys(m).sort()).toEqual(['step', ...definition.series.map((x) => x.key)].sort());
    expect(m.step).toBe(2);
    expect(m.trainCoinRate).toBeGreaterThanOrEqual(0);
    expect(m.trainCoinRate).toBeLessThanOrEqual(1);
    expect(Number.isFinite(m.loss)).toBe(true);
    // Entropy of a 4-way policy: at most ln 4, and near it this early (the head starts at gain 0.01).
    expect(m.entropy).toBeLessThanOrEqual(Math.log(4) + 1e-4);
    expect(m.entropy).toBeGreaterThan(1.2);
    const w2 = Array.from((await s.checkpoint()).tensors.Wpi.values);
    expect(w2).not.toEqual(w0);
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  }, 60_000);

  it('the same seed gives the same run; another seed another', async () => {
    const run = async (seed: number) => {
      const s = createCoinRunSession({ ...tiny, seed });
      await s.trainStep();
      const m = await s.evaluate();
      const w = (await s.checkpoint()).tensors.W1.values.slice(0, 50);
      s.dispose();
      return { m, w: Array.from(w) };
    };
    const a = await run(3);
    const b = await run(3);
    const c = await run(4);
    expect(b).toEqual(a);
    expect(c.w).not.toEqual(a.w);
  }, 60_000);

  it('analyses the fixed test levels: distinguishing levels, the proxy, the watched paths; a summary point once done', async () => {
    const s = createCoinRunSession(tiny);
    await s.trainStep();
    const before = tf.memory().numTensors;
    const a = await s.analyse();
    expect(tf.memory().numTensors).toBe(before);
    expect(a.testLevels).toBe(TEST_LEVELS);
    // About two thirds of the test levels have the coin off the proxy's path.
    expect(a.distinguishingLevels).toBeGreaterThan(0.5 * TEST_LEVELS);
    expect(a.distinguishingLevels).toBeLessThan(0.8 * TEST_LEVELS);
    expect(a.proxy.distinguishing.coin).toBe(0);
    expect(a.proxy.distinguishing.endFirst).toBeGreaterThan(0.9);
    expect(a.watch).toHaveLength(WATCH_LEVELS);
    expect(a.proxy.watch).toHaveLength(WATCH_LEVELS);
    // The same levels for the agent and the proxy, each path starting at the level's start.
    a.watch.forEach((l, i) => {
      expect(l.coin).toEqual(a.proxy.watch[i].coin);
      expect(l.path[0]).toEqual([l.startRow, 0]);
    });
    expect(a.evals).toHaveLength(1);
    expect(a.evals[0].envSteps).toBe(STEPS_PER_UPDATE);
    const again = await s.analyse();
    expect(again.evals).toHaveLength(1); // one point per step
    expect(again.evals[0]).toEqual(a.evals[0]); // sampled with a fixed seed: the same weights, the same test
    const p = finishedPoint({ status: 'done', step: 1 }, a, 7);
    expect(p).toMatchObject({ randomPercent: 0, seed: 7, envSteps: STEPS_PER_UPDATE, coin: a.evals[0].distinguishing.coin });
    expect(isCoinPoint(p)).toBe(true);
    expect(finishedPoint({ status: 'running', step: 1 }, a, 7)).toBeNull();
    expect(finishedPoint({ status: 'done', step: 2 }, a, 7)).toBeNull();
    s.dispose();
  }, 60_000);

  it('resumes from a checkpoint with the same weights, and follows the budget for its step count and lr decay', async () => {
    const s = createCoinRunSession(tiny);
    await s.trainStep();
    const c = await s.checkpoint();
    const r = createCoinRunSession(tiny, c);
    expect(r.step).toBe(1);
    expect(Array.from((await r.checkpoint()).tensors.W2.values)).toEqual(Array.from(c.tensors.W2.values));
    expect(definition.maxSteps({ ...tiny, steps: 300_000 })).toBe(updates(300_000));
    expect(updates(300_000)).toBe(73);
    expect(definition.hyper({ ...tiny, steps: 1_000_000 })).toEqual({ lr: tiny.lr, weightDecay: 0, horizon: 244 });
    s.dispose();
    r.dispose();
  }, 60_000);
});
