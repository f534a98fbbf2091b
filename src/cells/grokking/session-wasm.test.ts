/**
 * The grokking session on tfjs's WASM backend (the one readers without a GPU get), against
 * the CPU backend. WASM differs in ways that have bitten: its OneHot kernel ignores the
 * dtype argument, and it has no gradient kernel for gather.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { Checkpoint, MetricPoint } from '../../core/experiment';
import { GROKKING_DEFAULTS, type GrokkingConfig } from './config';
import { createGrokkingSession } from './session';

const config: GrokkingConfig = { ...GROKKING_DEFAULTS, p: 13, width: 32, seed: 1 };

async function runOn(backend: string): Promise<{ ck: Checkpoint; m0: MetricPoint; m: MetricPoint; embedBy: string; flat: boolean }> {
  expect(await tf.setBackend(backend)).toBe(true);
  const s = createGrokkingSession(config);
  const created = tf.memory().numTensors;
  const m0 = await s.evaluate();
  for (let i = 0; i < 4; i++) s.trainStep();
  const m = await s.evaluate();
  await s.analyse();
  const ck = await s.checkpoint();
  // + 1: from the first step on the session keeps the last step's train metrics ([2]).
  const flat = tf.memory().numTensors === created + 1;
  const embedBy = s.embedBy;
  s.dispose();
  return { ck, m0, m, embedBy, flat };
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('GrokkingSession on WASM', () => {
  it('takes the same steps as on the CPU backend, with one-hot matMul embedding and flat memory', async () => {
    const cpu = await runOn('cpu');
    const wasm = await runOn('wasm');
    expect(cpu.embedBy).toBe('gather');
    expect(wasm.embedBy).toBe('matmul');
    expect(wasm.flat).toBe(true);
    // Initial loss ≈ 1/p + small: a float32 one-hot that was really int32 bits would give ≈ 0.
    expect(wasm.m0.trainLoss).toBeGreaterThan(0.5 / config.p);
    expect(wasm.m0.trainLoss).toBeCloseTo(cpu.m0.trainLoss, 6);
    expect(wasm.m.trainLoss).toBeCloseTo(cpu.m.trainLoss, 6);
    expect(wasm.m.testAcc).toBeCloseTo(cpu.m.testAcc, 6);
    for (const key of Object.keys(cpu.ck.tensors)) {
      const a = cpu.ck.tensors[key].values;
      const b = wasm.ck.tensors[key].values;
      let d = 0;
      for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
      expect(d, key).toBeLessThan(1e-4);
    }
  });
});
