import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { mm, mmT } from '../../src/core/matmul';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('mm', () => {
  it('has tf.matMul\'s value and gradients, and leaks nothing', () => {
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
    const up = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const loss = (f: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.sin(f(a as tf.Tensor2D, b as tf.Tensor2D)), up));
    const before = tf.memory().numTensors;
    const ours = tf.grads(loss(mm))([x, w]);
    const theirs = tf.grads(loss((a, b) => tf.matMul(a, b)))([x, w]);
    for (let i = 0; i < 2; i++) {
      expect(ours[i].shape).toEqual(theirs[i].shape);
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ours[i], theirs[i]))).dataSync()[0]);
      expect(diff).toBeLessThan(1e-5);
    }
    tf.dispose([...ours, ...theirs]);
    expect(tf.memory().numTensors).toBe(before);
    const same = tf.tidy(() => tf.max(tf.abs(tf.sub(mm(x, w), tf.matMul(x, w)))).dataSync()[0]);
    expect(same).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('mmT', () => {
  it("is a · bᵀ (tf.matMul's transposeB), leaving only its result", () => {
    const a = tf.randomNormal([5, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
    const b = tf.randomNormal([7, 3], 0, 1, 'float32', 5) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const c = mmT(a, b);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(c.shape).toEqual([5, 7]);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(c, tf.matMul(a, b, false, true)))).dataSync()[0]);
    expect(diff).toBeLessThan(1e-6);
    c.dispose();
  });
});
