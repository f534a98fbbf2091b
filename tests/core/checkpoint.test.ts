import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { AdamW } from '../../src/core/adamw';
import { loadCheckpoint, resumeFrom, saveCheckpoint } from '../../src/core/checkpoint';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function model(shapeA: [number, number]) {
  const a = tf.variable(tf.tensor2d([...Array(shapeA[0] * shapeA[1]).keys()], shapeA));
  const b = tf.variable(tf.tensor1d([7, 8]));
  const opt = new AdamW([a, b], { lr: 0.1, weightDecay: 0 });
  return { vars: [a, b], opt, dispose: () => (tf.dispose([a, b]), opt.dispose()) };
}

describe('checkpoint', () => {
  it('round-trips weights, moments and step between models of the same shape', async () => {
    const src = model([2, 3]);
    tf.tidy(() => src.opt.applyGradients([tf.onesLike(src.vars[0]), tf.onesLike(src.vars[1])]));
    const c = await saveCheckpoint(1, ['A', 'b'], src.vars, src.opt);
    expect(Object.keys(c.tensors).sort()).toEqual(['A', 'adamw.m.A', 'adamw.m.b', 'adamw.v.A', 'adamw.v.b', 'b']);
    const dst = model([2, 3]);
    loadCheckpoint(c, ['A', 'b'], dst.vars, dst.opt, 'test');
    expect(Array.from(await dst.vars[0].data())).toEqual(Array.from(await src.vars[0].data()));
    const [s1, s2] = await Promise.all([src.opt.state(), dst.opt.state()]);
    expect(s2.step).toBe(1);
    expect(Array.from(s2.m[0])).toEqual(Array.from(s1.m[0]));
    src.dispose();
    dst.dispose();
  });

  it('refuses a checkpoint of another shape and changes nothing', async () => {
    const src = model([2, 3]);
    const c = await saveCheckpoint(0, ['A', 'b'], src.vars, src.opt);
    const dst = model([3, 2]);
    const before = Array.from(await dst.vars[0].data());
    expect(() => loadCheckpoint(c, ['A', 'b'], dst.vars, dst.opt, 'test')).toThrow(/test: checkpoint A has shape \[2,3\], expected \[3,2\]/);
    expect(() => loadCheckpoint(c, ['Z', 'b'], dst.vars, dst.opt, 'test')).toThrow(/lacks Z/);
    expect(Array.from(await dst.vars[0].data())).toEqual(before);
    src.dispose();
    dst.dispose();
  });

  it('resumeFrom frees a session that cannot take the checkpoint, and passes one that can', () => {
    let disposed = 0;
    const bad = { restore: () => { throw new Error('wrong shape'); }, dispose: () => void disposed++ };
    expect(() => resumeFrom(bad, { step: 1, tensors: {} })).toThrow('wrong shape');
    expect(disposed).toBe(1);
    const good = { restored: 0, restore() { this.restored++; }, dispose: () => void disposed++ };
    expect(resumeFrom(good, { step: 1, tensors: {} }).restored).toBe(1);
    expect(resumeFrom(good).restored).toBe(1);
    expect(disposed).toBe(1);
  });
});
