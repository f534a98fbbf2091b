import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { AdamW } from '../../core/adamw';
import type { Checkpoint, PendingMetrics } from '../../core/experiment';
import { readMetrics } from '../../core/readback';
import { makeSplit } from '../../core/modular';
import { gradients, initStd, oneHot2 } from './model';
import { createGrokkingSession } from './session';
import { cfg, maxAbs, maxAbsDiff, plainLoss, weights } from './session.fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('hand-written backward pass', () => {
  it('equals tf.grads autodiff of the plain one-hot model', async () => {
    const p = 7;
    const N = 16;
    const s = makeSplit(p, 0.6, 0.2, 3);
    const n = s.trainA.length;
    const std = initStd(N) * 4; // larger weights: gradients well away from zero
    const W_in = tf.randomNormal([2 * p, N], 0, std, 'float32', 1) as tf.Tensor2D;
    const W_out = tf.randomNormal([N, p], 0, std, 'float32', 2) as tf.Tensor2D;

    const [lossHand, dInHand, dOutHand, lossHandMM, dInHandMM, dOutHandMM] = tf.tidy(() => {
      const a = tf.tensor1d(s.trainA, 'int32');
      const bShifted = tf.tensor1d(s.trainB.map((v) => v + p), 'int32');
      const onehot = oneHot2(a, bShifted, p);
      const Y = tf.cast(tf.oneHot(tf.tensor1d(s.trainY, 'int32'), p), 'float32') as tf.Tensor2D;
      const g = gradients(W_in, W_out, { a, bShifted }, tf.transpose(onehot), Y);
      const gm = gradients(W_in, W_out, { a, bShifted, onehot }, tf.transpose(onehot), Y);
      return [g.loss, g.dW_in, g.dW_out, gm.loss, gm.dW_in, gm.dW_out];
    });
    const [dInAuto, dOutAuto] = tf.grads((wi: tf.Tensor, wo: tf.Tensor) =>
      plainLoss(wi as tf.Tensor2D, wo as tf.Tensor2D, s.trainA, s.trainB, s.trainY, p),
    )([W_in, W_out]);
    const lossAuto = plainLoss(W_in, W_out, s.trainA, s.trainB, s.trainY, p);

    expect(dInHand.shape).toEqual([2 * p, N]);
    expect(dOutHand.shape).toEqual([N, p]);
    expect((await lossHand.data())[0]).toBeCloseTo((await lossAuto.data())[0], 6);
    const [hi, ai, ho, ao, him, hom] = await Promise.all(
      [dInHand, dInAuto, dOutHand, dOutAuto, dInHandMM, dOutHandMM].map(async (t) => new Float32Array(await t.data())),
    );
    expect(maxAbs(ai)).toBeGreaterThan(1e-4); // a real gradient, not all zeros
    expect(maxAbs(ao)).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(hi, ai)).toBeLessThan(1e-5 * maxAbs(ai));
    expect(maxAbsDiff(ho, ao)).toBeLessThan(1e-5 * maxAbs(ao));
    // The same with the hidden layer by one-hot matMul instead of gather.
    expect((await lossHandMM.data())[0]).toBeCloseTo((await lossAuto.data())[0], 6);
    expect(maxAbsDiff(him, ai)).toBeLessThan(1e-5 * maxAbs(ai));
    expect(maxAbsDiff(hom, ao)).toBeLessThan(1e-5 * maxAbs(ao));
    expect(n).toBeGreaterThan(0);
    tf.dispose([W_in, W_out, lossHand, dInHand, dOutHand, lossHandMM, dInHandMM, dOutHandMM, dInAuto, dOutAuto, lossAuto]);
  });
});

describe('GrokkingSession', () => {
  it('rejects a bad config with the reason', () => {
    expect(() => createGrokkingSession(cfg({ p: 24 }))).toThrow(/24 is not prime/);
    expect(() => createGrokkingSession(cfg({ width: 4 }))).toThrow(/width/);
  });

  it('trainStep is AdamW (0.9, 0.98) on the autodiff gradient of the plain model', async () => {
    const c = cfg({ p: 11, width: 24, frac: 0.5, lr: 0.01, wd: 5 });
    const s = createGrokkingSession(c);
    const c0 = await s.checkpoint();
    s.trainStep();
    const [wIn, wOut] = await weights(s);

    const p = c.p;
    const W_in = tf.variable(tf.tensor2d(c0.tensors.W_in.values, [2 * p, c.width]));
    const W_out = tf.variable(tf.tensor2d(c0.tensors.W_out.values, [c.width, p]));
    const opt = new AdamW([W_in, W_out], { lr: 0.01, weightDecay: 5, betas: [0.9, 0.98] });
    const sp = s.split;
    tf.tidy(() => {
      const g = tf.grads((wi: tf.Tensor, wo: tf.Tensor) => plainLoss(wi as tf.Tensor2D, wo as tf.Tensor2D, sp.trainA, sp.trainB, sp.trainY, p))([W_in, W_out]);
      opt.applyGradients(g);
    });
    expect(maxAbsDiff(wIn, new Float32Array(await W_in.data()))).toBeLessThan(1e-6);
    expect(maxAbsDiff(wOut, new Float32Array(await W_out.data()))).toBeLessThan(1e-6);
    // And the step moved the weights (the comparison is not vacuous).
    expect(maxAbsDiff(wIn, c0.tensors.W_in.values)).toBeGreaterThan(1e-3);
    tf.dispose([W_in, W_out]);
    opt.dispose();
    s.dispose();
  });

  it('initialises W_in [2p, N] and W_out [N, p] with std sqrt(0.25 / (2N)^(2/3))', async () => {
    const c = cfg({ p: 23, width: 256 });
    const s = createGrokkingSession(c);
    const ck = await s.checkpoint();
    expect(ck.step).toBe(0);
    expect(ck.tensors.W_in.shape).toEqual([46, 256]);
    expect(ck.tensors.W_out.shape).toEqual([256, 23]);
    for (const w of [ck.tensors.W_in.values, ck.tensors.W_out.values]) {
      const mean = w.reduce((t, v) => t + v, 0) / w.length;
      const sd = Math.sqrt(w.reduce((t, v) => t + (v - mean) ** 2, 0) / w.length);
      expect(Math.abs(sd / initStd(256) - 1)).toBeLessThan(0.05);
      expect(Math.abs(mean)).toBeLessThan(0.1 * initStd(256));
    }
    expect(Array.from(ck.tensors['adamw.m.W_in'].values).every((v) => v === 0)).toBe(true);
    s.dispose();
  });
  it.each(['gather', 'matmul'] as const)('embedBy %s: tf.memory().numTensors flat across steps, evaluate, analyse, checkpoint, restore; dispose frees all', async (embedBy) => {
    const before = tf.memory().numTensors;
    const s = createGrokkingSession(cfg({ p: 11, width: 16 }), undefined, { embedBy });
    expect(s.embedBy).toBe(embedBy);
    const created = tf.memory().numTensors;
    expect(created).toBeGreaterThan(before);
    await s.evaluate(); // step 0: a train forward pass of its own, nothing kept
    expect(tf.memory().numTensors).toBe(created);
    s.trainStep();
    // From the first step on the session keeps one more tensor: the last step's train metrics [2].
    const stepping = created + 1;
    expect(tf.memory().numTensors).toBe(stepping);
    for (let i = 0; i < 4; i++) s.trainStep();
    expect(tf.memory().numTensors).toBe(stepping);
    await s.evaluate();
    expect(tf.memory().numTensors).toBe(stepping);
    await s.analyse();
    expect(tf.memory().numTensors).toBe(stepping);
    const ck = await s.checkpoint();
    s.restore(ck); // drops the kept train metrics (they are not of the restored weights)
    expect(tf.memory().numTensors).toBe(created);
    await s.evaluate();
    expect(tf.memory().numTensors).toBe(created);
    s.setHyper({ lr: 0.001 });
    s.trainStep();
    expect(tf.memory().numTensors).toBe(stepping);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => s.trainStep()).toThrow(/dispose/);
  });

  it('numTensors flat over many steps with a metric point each step, read back in batches as the runtime does', async () => {
    const before = tf.memory().numTensors;
    const s = createGrokkingSession(cfg({ p: 11, width: 16 }));
    s.trainStep();
    const stepping = tf.memory().numTensors;
    let pending: PendingMetrics[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 60; i++) {
      s.trainStep();
      pending.push(s.measure());
      if (pending.length === 7) {
        const points = await readMetrics(pending);
        expect(points.map((m) => m.step)).toEqual(pending.map((m) => m.step));
        pending = [];
        counts.push(tf.memory().numTensors);
      }
    }
    await readMetrics(pending);
    counts.push(tf.memory().numTensors);
    expect(counts.length).toBe(9);
    expect(counts.every((n) => n === stepping)).toBe(true);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('embedding by gather and by one-hot matMul take the same steps and metrics', async () => {
    const c = cfg({ p: 13, width: 32, seed: 2 });
    const g = createGrokkingSession(c, undefined, { embedBy: 'gather' });
    const m = createGrokkingSession(c, undefined, { embedBy: 'matmul' });
    expect(g.embedBy).toBe('gather'); // the default on the CPU backend
    for (let i = 0; i < 3; i++) [g, m].forEach((s) => s.trainStep());
    const [wg, wm] = await Promise.all([weights(g), weights(m)]);
    expect(maxAbsDiff(wg[0], wm[0])).toBeLessThan(1e-5);
    expect(maxAbsDiff(wg[1], wm[1])).toBeLessThan(1e-5);
    const [eg, em] = await Promise.all([g.evaluate(), m.evaluate()]);
    expect(em.trainLoss).toBeCloseTo(eg.trainLoss, 7);
    expect(em.testAcc).toBeCloseTo(eg.testAcc, 6);
    [g, m].forEach((s) => s.dispose());
  });

  it('checkpoint -> restore on a fresh session gives the same next step', async () => {
    const c = cfg({ p: 11, width: 32, seed: 4 });
    const a = createGrokkingSession(c);
    for (let i = 0; i < 5; i++) a.trainStep();
    const ck: Checkpoint = await a.checkpoint();
    expect(ck.step).toBe(5);
    a.trainStep();
    const b = createGrokkingSession(c, ck);
    expect(b.step).toBe(5);
    b.trainStep();
    expect(b.step).toBe(6);
    const [wa, wb] = await Promise.all([a.checkpoint(), b.checkpoint()]);
    for (const key of Object.keys(wa.tensors)) expect(Array.from(wb.tensors[key].values)).toEqual(Array.from(wa.tensors[key].values));
    // Without the AdamW moments the next step would differ: restore them for real.
    const zeroed: Checkpoint = { step: 5, tensors: { ...ck.tensors } };
    for (const key of ['adamw.m.W_in', 'adamw.m.W_out', 'adamw.v.W_in', 'adamw.v.W_out']) {
      zeroed.tensors[key] = { shape: ck.tensors[key].shape, values: new Float32Array(ck.tensors[key].values.length) };
    }
    const z = createGrokkingSession(c, zeroed);
    z.trainStep();
    expect(maxAbsDiff((await z.checkpoint()).tensors.W_in.values, wa.tensors.W_in.values)).toBeGreaterThan(1e-4);
    // A checkpoint of another width is refused.
    expect(() => createGrokkingSession(cfg({ p: 11, width: 16 }), ck)).toThrow(/shape/);
    [a, b, z].forEach((x) => x.dispose());
  });

  it('setHyper takes effect at the next step (lr 0 and wd 0 freeze the weights)', async () => {
    const s = createGrokkingSession(cfg({ p: 11, width: 16 }));
    s.trainStep();
    const w1 = await weights(s);
    s.setHyper({ lr: 0, weightDecay: 0 });
    s.trainStep();
    const w2 = await weights(s);
    expect(Array.from(w2[0])).toEqual(Array.from(w1[0]));
    s.setHyper({ lr: 0.01 });
    s.trainStep();
    const w3 = await weights(s);
    expect(maxAbsDiff(w3[0], w2[0])).toBeGreaterThan(1e-4);
    s.dispose();
  });
  it('analyse reads the embedding of a and returns its spectrum, clock face and weight norm', async () => {
    const s = createGrokkingSession(cfg({ p: 13, width: 24 }));
    s.trainStep();
    const an = await s.analyse();
    const ck = await s.checkpoint();
    expect(an.step).toBe(1);
    expect(an.spectrum.length).toBe(6);
    expect(an.labels[0]).toBe('k=1');
    expect(an.spectrum[an.k - 1]).toBe(Math.max(...an.spectrum));
    expect(an.clockX.length).toBe(13);
    expect(an.clockY.length).toBe(13);
    const sq = [ck.tensors.W_in.values, ck.tensors.W_out.values].reduce((t, w) => t + w.reduce((u, v) => u + v * v, 0), 0);
    expect(an.weightNorm).toBeCloseTo(Math.sqrt(sq), 3);
    // Only rows 0..p-1 of W_in: the Parseval sum equals their centred sum of squares.
    const E = ck.tensors.W_in.values.subarray(0, 13 * 24);
    const mean = new Float64Array(24);
    for (let a = 0; a < 13; a++) for (let j = 0; j < 24; j++) mean[j] += E[a * 24 + j] / 13;
    let centred = 0;
    for (let a = 0; a < 13; a++) for (let j = 0; j < 24; j++) centred += (E[a * 24 + j] - mean[j]) ** 2;
    expect(an.spectrum.reduce((t, v) => t + v * v, 0)).toBeCloseTo(centred, 4);
    s.dispose();
  });

  it('groks a tiny problem: p = 23, width 128, frac 0.5 reaches test accuracy >= 0.99', async () => {
    const s = createGrokkingSession(cfg({ p: 23, width: 128, frac: 0.5 }));
    let reached: number | null = null;
    let last = null;
    while (s.step < 400 && reached === null) {
      for (let i = 0; i < 5; i++) s.trainStep();
      last = await s.evaluate();
      if (last.testAcc >= 0.99) reached = last.step;
    }
    expect(reached, `test accuracy only ${last?.testAcc} after ${s.step} steps`).not.toBeNull();
    expect(last!.trainAcc).toBe(1);
    const an = await s.analyse();
    // A grokked embedding is concentrated on few frequencies: the top one carries a clear share.
    const total = an.spectrum.reduce((t, v) => t + v * v, 0);
    expect(an.spectrum[an.k - 1] ** 2 / total).toBeGreaterThan(1 / an.spectrum.length);
    console.log(`tiny run: test acc >= 0.99 at step ${reached}; top frequency k=${an.k}`);
    s.dispose();
  });
});
