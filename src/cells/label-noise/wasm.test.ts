/**
 * The label-noise session on tfjs's WASM backend (what readers without a GPU get): both models
 * train there (the conv net needs no convolution kernels: see convStride2), memory stays flat,
 * and a step matches the CPU backend's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { LABEL_NOISE_DEFAULTS, type LabelNoiseConfig } from './config';
import { createLabelNoiseSession, type LabelNoiseData } from './session';
import { synthetic } from './synthetic.fixture';

const data: LabelNoiseData = { train: synthetic(10000, 1), test: synthetic(200, 2) };
const cfg = (over: Partial<LabelNoiseConfig>): LabelNoiseConfig => ({ ...LABEL_NOISE_DEFAULTS, cleanSize: '10000', batch: 32, lr: 3e-3, ...over });

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('LabelNoiseSession on WASM', () => {
  it('the conv net trains (loss falls by half in 15 steps) with a flat tensor count', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const s = createLabelNoiseSession(cfg({ alpha: '0', model: 'conv' }), data);
    const before = await s.evaluate();
    s.trainStep();
    await s.evaluate();
    await s.analyse(); // the first analysis uploads the test set once; later ones add nothing
    const n = tf.memory().numTensors;
    for (let i = 0; i < 14; i++) s.trainStep();
    const after = await s.evaluate();
    await s.analyse();
    expect(tf.memory().numTensors).toBe(n);
    expect(after.testLoss).toBeLessThan(0.5 * before.testLoss);
    s.dispose();
  }, 60_000);

  it('takes the same first MLP step as the CPU backend', async () => {
    const weights = async (backend: string) => {
      expect(await tf.setBackend(backend)).toBe(true);
      const s = createLabelNoiseSession(cfg({ alpha: '5' }), data);
      s.trainStep();
      const c = await s.checkpoint();
      s.dispose();
      return c.tensors['fc1.W'].values;
    };
    const cpu = await weights('cpu');
    const wasm = await weights('wasm');
    let d = 0;
    for (let i = 0; i < cpu.length; i++) d = Math.max(d, Math.abs(cpu[i] - wasm[i]));
    // Adam's first step moves each weight by about ±lr (3e-3) whatever the gradient's size, except
    // where the gradient is near eps: agreement to 1% of lr.
    expect(d).toBeLessThan(3e-5);
  }, 60_000);
});
