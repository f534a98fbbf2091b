/**
 * The clock-pizza session on tfjs's WASM backend (what readers without a GPU get): the same
 * steps as on the CPU backend, and a tiny run per attention rate that generalises fully and
 * shows the clock/pizza split in gradient symmetricity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { Checkpoint, MetricPoint } from '../../core/experiment';
import { CLOCK_PIZZA_DEFAULTS, type ClockPizzaConfig } from './config';
import { createClockPizzaSession } from './session';

const cfg = (over: Partial<ClockPizzaConfig>): ClockPizzaConfig => ({ ...CLOCK_PIZZA_DEFAULTS, ...over });

async function runOn(backend: string, config: ClockPizzaConfig) {
  expect(await tf.setBackend(backend)).toBe(true);
  const s = createClockPizzaSession(config);
  const created = tf.memory().numTensors;
  const m0 = await s.evaluate();
  for (let i = 0; i < 4; i++) s.trainStep();
  const m: MetricPoint = await s.evaluate();
  const an = await s.analyse();
  const ck: Checkpoint = await s.checkpoint();
  const flat = tf.memory().numTensors === created;
  s.dispose();
  return { ck, m0, m, an, flat };
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('ClockPizzaSession on WASM', () => {
  it('takes the same steps as on the CPU backend, with flat memory', async () => {
    const config = cfg({ p: 13, d_model: 16, alpha: 0.5, seed: 1 });
    const cpu = await runOn('cpu', config);
    const wasm = await runOn('wasm', config);
    expect(wasm.flat).toBe(true);
    // Initial loss ≈ ln p: a float32 one-hot that was really int32 bits would embed nothing.
    expect(Math.abs(wasm.m0.trainLoss - Math.log(13))).toBeLessThan(1);
    expect(wasm.m0.trainLoss).toBeCloseTo(cpu.m0.trainLoss, 5);
    expect(wasm.m.trainLoss).toBeCloseTo(cpu.m.trainLoss, 5);
    expect(wasm.m.testAcc).toBeCloseTo(cpu.m.testAcc, 6);
    expect(wasm.an.gradSymmetricity).toBeCloseTo(cpu.an.gradSymmetricity, 4);
    expect(wasm.an.distanceIrrelevance).toBeCloseTo(cpu.an.distanceIrrelevance, 4);
    for (const key of Object.keys(cpu.ck.tensors)) {
      const a = cpu.ck.tensors[key].values;
      const b = wasm.ck.tensors[key].values;
      let d = 0;
      for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
      expect(d, key).toBeLessThan(1e-4);
    }
  });

  describe('tiny runs (p = 23, d_model 32, frac 0.8, wd 2, lr 3e-3) reach 100% test accuracy', () => {
    beforeAll(async () => {
      expect(await tf.setBackend('wasm')).toBe(true);
    });
    const results: Record<number, { step: number; sg: number; q: number }> = {};

    it.each([1, 0])('alpha %s', async (alpha) => {
      const s = createClockPizzaSession(cfg({ p: 23, d_model: 32, lr: 3e-3, alpha, seed: 0 }));
      let last = await s.evaluate();
      while (s.step < 1200 && last.testAcc < 1) {
        for (let i = 0; i < 10; i++) s.trainStep();
        last = await s.evaluate();
      }
      expect(last.testAcc, `test accuracy ${last.testAcc} after ${s.step} steps`).toBe(1);
      expect(last.trainAcc).toBe(1);
      const an = await s.analyse();
      results[alpha] = { step: s.step, sg: an.gradSymmetricity, q: an.distanceIrrelevance };
      console.log(`alpha ${alpha}: test 100% at step ${s.step}; s_g ${an.gradSymmetricity.toFixed(3)}, q ${an.distanceIrrelevance.toFixed(3)}, key frequencies ${an.keyFrequencies}`);
      s.dispose();
    });

    it('the pizza (alpha 0) has symmetric gradients, the clock (alpha 1) does not', () => {
      expect(results[0].sg).toBeGreaterThan(0.95);
      expect(results[1].sg).toBeLessThan(0.8);
      // q is not compared: at this width and this early it is noisy (0.59 clock vs 0.66 pizza here at
      // 100% test; 0.81 vs 0.61 by step 800), as REFERENCES.md warns for small widths.
    });
  });
});
