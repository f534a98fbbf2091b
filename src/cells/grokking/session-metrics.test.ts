/**
 * The grokking session's metric points: what the train and test numbers at each step are of (the
 * weights before and after the step's update), at step 0 and after a restore, against the labels
 * as given, and against the trajectory recorded before issue 19 (trajectory.fixture.json).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import type { Checkpoint } from '../../core/experiment';
import type { GrokkingConfig } from './config';
import { createGrokkingSession } from './session';
import { cfg, lossAcc } from './session.fixture';
import fixture from './trajectory.fixture.json';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GrokkingSession', () => {
  it('one training step lowers the training loss (the train metrics at step s are of the weights before the s-th update)', async () => {
    const s = createGrokkingSession(cfg({ p: 23, width: 64, frac: 0.5 }));
    const m0 = await s.evaluate();
    s.trainStep();
    const m1 = await s.evaluate();
    s.trainStep();
    const m2 = await s.evaluate();
    expect([m0.step, m1.step, m2.step]).toEqual([0, 1, 2]);
    // Step 1's forward pass sees the initial weights, the ones step 0's point measured by a forward pass of its own.
    expect(m1.trainLoss).toBe(m0.trainLoss);
    expect(m1.trainAcc).toBe(m0.trainAcc);
    expect(m2.trainLoss).toBeLessThan(m1.trainLoss);
    expect(m1.testLoss).toBeLessThan(m0.testLoss);
    s.dispose();
  });
  it('evaluate: train metrics against the labels as given (noisy included), test against clean labels', async () => {
    const c = cfg({ p: 11, width: 32, noise: 0.5 });
    const s = createGrokkingSession(c);
    for (let i = 0; i < 29; i++) s.trainStep();
    const ckBefore = await s.checkpoint(); // the weights the 30th step's forward pass sees
    s.trainStep();
    const m = await s.evaluate();
    const ck = await s.checkpoint();
    const sp = s.split;
    expect(sp.noisyCount).toBe(Math.round(0.5 * sp.trainA.length));
    const [trL, trA] = lossAcc(ckBefore, c.p, sp.trainA, sp.trainB, sp.trainY);
    const [teL, teA] = lossAcc(ck, c.p, sp.testA, sp.testB, sp.testY);
    expect(m.step).toBe(30);
    expect(m.trainLoss).toBeCloseTo(trL, 6);
    expect(m.trainAcc).toBeCloseTo(trA, 6);
    expect(m.testLoss).toBeCloseTo(teL, 6);
    expect(m.testAcc).toBeCloseTo(teA, 6);
    // Against the clean labels the train accuracy would differ: the noisy labels are the ones used.
    const clean = sp.trainA.map((a, i) => (a + sp.trainB[i]) % c.p);
    expect(lossAcc(ckBefore, c.p, sp.trainA, sp.trainB, clean)[1]).not.toBeCloseTo(trA, 3);
    s.dispose();
  });

  it.each(['gather', 'matmul'] as const)(
    'embedBy %s: the train metrics at step s are those of a separate forward pass over the weights before the s-th update; test metrics of the weights after it',
    async (embedBy) => {
      const c = cfg({ p: 13, width: 32, noise: 0.2, seed: 5 });
      const s = createGrokkingSession(c, undefined, { embedBy });
      const sp = s.split;
      let moved = 0;
      for (let i = 0; i < 12; i++) {
        const ck = await s.checkpoint();
        s.trainStep();
        const [m, after] = [await s.evaluate(), await s.checkpoint()];
        expect(m.step).toBe(i + 1);
        const [trL, trA] = lossAcc(ck, c.p, sp.trainA, sp.trainB, sp.trainY);
        const [teL, teA] = lossAcc(after, c.p, sp.testA, sp.testB, sp.testY);
        expect(Math.abs(m.trainLoss - trL)).toBeLessThan(1e-5 * trL);
        expect(Math.abs(m.trainAcc - trA)).toBeLessThan(1e-5);
        expect(Math.abs(m.testLoss - teL)).toBeLessThan(1e-5 * teL);
        expect(Math.abs(m.testAcc - teA)).toBeLessThan(1e-5);
        // Not vacuous: the weights after the update give another train loss.
        moved = Math.max(moved, Math.abs(lossAcc(after, c.p, sp.trainA, sp.trainB, sp.trainY)[0] - trL) / trL);
      }
      expect(moved).toBeGreaterThan(1e-3);
      s.dispose();
    },
  );

  it('a point at step 0, and right after a restore, has the train metrics of the current weights (a forward pass of its own)', async () => {
    const c = cfg({ p: 13, width: 32, noise: 0.1, seed: 6 });
    const s = createGrokkingSession(c);
    const sp = s.split;
    const train = (ck: Checkpoint) => lossAcc(ck, c.p, sp.trainA, sp.trainB, sp.trainY);
    const ck0 = await s.checkpoint();
    const m0 = await s.evaluate();
    expect(m0.step).toBe(0);
    expect(m0.trainLoss).toBeCloseTo(train(ck0)[0], 7);
    expect(m0.trainAcc).toBeCloseTo(train(ck0)[1], 7);
    for (let i = 0; i < 5; i++) s.trainStep();
    const ck5 = await s.checkpoint();
    const m5 = await s.evaluate();
    for (let i = 0; i < 3; i++) s.trainStep();
    // Back to step 5 on the same session: the kept metrics of step 8's forward pass must not be used.
    s.restore(ck5);
    const r5 = await s.evaluate();
    expect(r5.step).toBe(5);
    expect(r5.trainLoss).toBeCloseTo(train(ck5)[0], 7);
    expect(r5.trainAcc).toBeCloseTo(train(ck5)[1], 7);
    expect(r5.testLoss).toBe(m5.testLoss);
    expect(r5.trainLoss).not.toBe(m5.trainLoss); // m5's were of the weights after 4 updates
    // A fresh session resumed from the checkpoint (the runtime's backend fallback) says the same.
    const f = createGrokkingSession(c, ck5);
    expect(await f.evaluate()).toEqual(r5);
    // And the next step's forward pass sees those same weights.
    s.trainStep();
    f.trainStep();
    const [s6, f6] = [await s.evaluate(), await f.evaluate()];
    expect(s6.trainLoss).toBe(r5.trainLoss);
    expect(s6.trainAcc).toBe(r5.trainAcc);
    expect(f6).toEqual(s6);
    [s, f].forEach((x) => x.dispose());
  });

  it('the trajectory and the test metrics are those of the code before issue 19, the train metrics one step later (fixture)', async () => {
    const c = fixture.config as GrokkingConfig;
    const s = createGrokkingSession(c, undefined, { embedBy: 'gather' });
    const got = [await s.evaluate()];
    for (let i = 0; i < 50; i++) {
      s.trainStep();
      got.push(await s.evaluate());
    }
    const old = fixture.points;
    expect(got.map((m) => [m.step, m.testLoss, m.testAcc])).toEqual(old.map((r) => [r[0], r[3], r[4]]));
    // Train metrics at step s were (before) of the weights after s updates; now of those after s - 1.
    expect(got.map((m) => [m.trainLoss, m.trainAcc])).toEqual(old.map((_, i) => [old[Math.max(0, i - 1)][1], old[Math.max(0, i - 1)][2]]));
    const ck = await s.checkpoint();
    const sum = (v: Float32Array) => v.reduce((t, x) => t + x, 0);
    expect(ck.step).toBe(fixture.final.step);
    expect(sum(ck.tensors.W_in.values)).toBe(fixture.final.sumW_in);
    expect(sum(ck.tensors.W_out.values)).toBe(fixture.final.sumW_out);
    expect(Array.from(ck.tensors.W_in.values.subarray(0, 4))).toEqual(fixture.final.W_in);
    expect(Array.from(ck.tensors.W_out.values.subarray(0, 4))).toEqual(fixture.final.W_out);
    s.dispose();
  });
});
