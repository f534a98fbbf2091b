import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { LABEL_NOISE_DEFAULTS, type LabelNoiseConfig } from './config';
import { forward, gatherPixels, initParams, paramCount, paramNames, paramShapes, PIXEL_MEAN, PIXEL_STD, PIXELS, convStride2 } from '../../core/mnist/model';
import { createLabelNoiseSession, CURVE_TEST_SIZE, type LabelNoiseData } from './session';
import { synthetic } from './synthetic.fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let data: LabelNoiseData;
beforeAll(() => {
  data = { train: synthetic(10000, 1), test: synthetic(300, 2) };
});

const cfg = (over: Partial<LabelNoiseConfig>): LabelNoiseConfig => ({ ...LABEL_NOISE_DEFAULTS, cleanSize: '10000', batch: 64, lr: 3e-3, steps: 100, ...over });

describe('label-noise model', () => {
  it('has the published MLP shape, 784-256-256-10, and a conv net of two strided convolutions', () => {
    expect(paramShapes('mlp')).toEqual({ 'fc1.W': [784, 256], 'fc1.b': [256], 'fc2.W': [256, 256], 'fc2.b': [256], 'fc3.W': [256, 10], 'fc3.b': [10] });
    expect(paramCount('mlp')).toBe(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
    expect(paramNames('conv')).toEqual(['conv1.W', 'conv1.b', 'conv2.W', 'conv2.b', 'fc1.W', 'fc1.b', 'fc2.W', 'fc2.b']);
  });

  it('computes its strided convolution exactly as tf.conv2d(x, w, 2, "same") + b, gradients included', () => {
    for (const [H, C, O, k] of [[28, 1, 4, 5], [14, 3, 2, 5], [8, 2, 3, 3]]) {
      const [mine, ref, gMine, gRef] = tf.tidy(() => {
        const x = tf.randomNormal([2, H, H, C], 0, 1, 'float32', 1) as tf.Tensor4D;
        const w = tf.randomNormal([k, k, C, O], 0, 1, 'float32', 2) as tf.Tensor4D;
        const b = tf.randomNormal([O], 0, 1, 'float32', 3) as tf.Tensor1D;
        const f1 = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(convStride2(xx as tf.Tensor4D, ww as tf.Tensor4D, b)));
        const f2 = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(tf.add(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same'), b)));
        const g1 = tf.grads(f1)([x, w]);
        const g2 = tf.grads(f2)([x, w]);
        return [convStride2(x, w, b), tf.add(tf.conv2d(x, w, 2, 'same'), b), tf.concat([tf.reshape(g1[0], [-1]), tf.reshape(g1[1], [-1])]), tf.concat([tf.reshape(g2[0], [-1]), tf.reshape(g2[1], [-1])])];
      });
      expect(mine.shape).toEqual(ref.shape);
      const d = tf.tidy(() => [tf.max(tf.abs(tf.sub(mine, ref))).arraySync() as number, tf.max(tf.abs(tf.sub(gMine, gRef))).arraySync() as number, tf.max(tf.abs(gRef)).arraySync() as number]);
      expect(d[0], `values, H ${H} k ${k}`).toBeLessThan(1e-4);
      expect(d[1] / d[2], `gradients, H ${H} k ${k}`).toBeLessThan(1e-5);
      tf.dispose([mine, ref, gMine, gRef]);
    }
  });

  it('initialises like PyTorch: uniform within ±1/sqrt(fan_in), seeded', () => {
    const a = initParams('mlp', 3);
    const bound = 1 / Math.sqrt(784);
    const w = a['fc1.W'];
    let max = 0;
    for (const x of w) max = Math.max(max, Math.abs(x));
    expect(max).toBeLessThanOrEqual(bound);
    expect(max).toBeGreaterThan(0.99 * bound);
    expect(initParams('mlp', 3)['fc2.b']).toEqual(a['fc2.b']);
    expect(initParams('mlp', 4)['fc2.b']).not.toEqual(a['fc2.b']);
  });

  it('gathers and normalises pixels: (x/255 − mean)/std', () => {
    const images = new Uint8Array(3 * PIXELS);
    images[PIXELS + 5] = 255;
    images[2 * PIXELS] = 51;
    const x = gatherPixels(images, [1, 2]);
    expect(x.length).toBe(2 * PIXELS);
    expect(x[5]).toBeCloseTo((1 - PIXEL_MEAN) / PIXEL_STD, 5);
    expect(x[0]).toBeCloseTo(-PIXEL_MEAN / PIXEL_STD, 5);
    expect(x[PIXELS]).toBeCloseTo((0.2 - PIXEL_MEAN) / PIXEL_STD, 5);
  });

  it('gives [n, 10] logits for both models', () => {
    for (const kind of ['mlp', 'conv'] as const) {
      const init = initParams(kind, 0);
      const shapes = paramShapes(kind);
      const z = tf.tidy(() => {
        const P = Object.fromEntries(paramNames(kind).map((n) => [n, tf.tensor(init[n], shapes[n])]));
        return forward(kind, P, tf.zeros([3, PIXELS]) as tf.Tensor2D);
      });
      expect(z.shape).toEqual([3, 10]);
      z.dispose();
    }
  });
});

describe('label-noise session', () => {
  it('the MLP learns clean synthetic digits and the analysis scores the whole test set', async () => {
    const s = createLabelNoiseSession(cfg({ alpha: '0', steps: 40 }), data);
    const before = await s.evaluate();
    for (let i = 0; i < 40; i++) s.trainStep();
    const after = await s.evaluate();
    expect(after.testAcc).toBeGreaterThan(0.9);
    expect(after.trainLoss).toBeLessThan(before.testLoss);
    const a = await s.analyse();
    expect(a.testCount).toBe(300);
    expect(a.testAccuracy).toBeGreaterThan(0.9);
    expect(a.confusion.reduce((x, y) => x + y, 0)).toBe(300);
    let diag = 0;
    for (let c = 0; c < 10; c++) diag += a.confusion[c * 11];
    expect(diag / 300).toBeCloseTo(a.testAccuracy, 10);
    expect(a.misclassified.index.length).toBe(Math.min(32, 300 - diag));
    for (let r = 0; r < a.misclassified.index.length; r++) expect(a.misclassified.truth[r]).not.toBe(a.misclassified.predicted[r]);
    s.dispose();
  }, 60_000);

  it('counts the labels it draws: at α = 20, bias 0.2 the favoured wrong class outnumbers the right one', async () => {
    const s = createLabelNoiseSession(cfg({ alpha: '20', bias: 0.2, batch: 512, lr: 1e-5 }), data);
    for (let i = 0; i < 4; i++) s.trainStep();
    const a = await s.analyse();
    let total = 0;
    for (const x of a.labelCounts) total += x;
    expect(total).toBe(4 * 512);
    for (let c = 0; c < 10; c++) {
      const row = a.labelCounts.subarray(c * 10, c * 10 + 10);
      const fav = (c + 1) % 10;
      expect(row[fav], `class ${c}`).toBeGreaterThan(row[c]);
    }
    s.dispose();
  }, 60_000);

  it('uses a fixed 1,000-digit test sample for the live curve', () => {
    expect(CURVE_TEST_SIZE).toBe(1000);
  });

  it('keeps the tensor count flat across steps, evaluations and analyses', async () => {
    const s = createLabelNoiseSession(cfg({ alpha: '5' }), data);
    s.trainStep();
    await s.evaluate();
    await s.analyse();
    const n = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      s.trainStep();
      await s.evaluate();
      await s.analyse();
    }
    await s.checkpoint();
    expect(tf.memory().numTensors).toBe(n);
    s.dispose();
    const base = tf.memory().numTensors;
    const s2 = createLabelNoiseSession(cfg({ model: 'conv', batch: 32 }), { train: data.train, test: synthetic(40, 6) });
    s2.trainStep();
    await s2.evaluate();
    await s2.analyse();
    s2.dispose();
    expect(tf.memory().numTensors).toBe(base);
  }, 60_000);

  it('resumes from a checkpoint to the same next step, since batches depend only on (seed, step)', async () => {
    const a = createLabelNoiseSession(cfg({ alpha: '2' }), data);
    for (let i = 0; i < 5; i++) a.trainStep();
    const c = await a.checkpoint();
    a.trainStep();
    const wa = await a.checkpoint();
    const b = createLabelNoiseSession(cfg({ alpha: '2' }), data, c);
    expect(b.step).toBe(5);
    b.trainStep();
    const wb = await b.checkpoint();
    for (const k of Object.keys(wa.tensors)) expect(Array.from(wb.tensors[k].values), k).toEqual(Array.from(wa.tensors[k].values));
    a.dispose();
    b.dispose();
  }, 60_000);

  it('changes only the learning rate live (Adam: no weight decay)', async () => {
    const s = createLabelNoiseSession(cfg({}), data);
    s.setHyper({ lr: 0, weightDecay: 5 });
    const before = await s.checkpoint();
    s.trainStep();
    const after = await s.checkpoint();
    expect(Array.from(after.tensors['fc1.W'].values)).toEqual(Array.from(before.tensors['fc1.W'].values));
    s.dispose();
  });

  it('refuses a clean-set size larger than the digits loaded, and a bad config', () => {
    const small: LabelNoiseData = { train: synthetic(100, 3), test: data.test };
    expect(() => createLabelNoiseSession(cfg({}), small)).toThrow(/100 training digits loaded, 10000 asked for/);
    expect(() => createLabelNoiseSession(cfg({ batch: 1 }), data)).toThrow(/bad config/);
  });
});
