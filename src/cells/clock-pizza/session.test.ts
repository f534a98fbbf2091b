import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { AdamW } from '../../core/adamw';
import type { Checkpoint } from '../../core/experiment';
import { fourierNorms } from '../../core/fourier';
import { CLOCK_PIZZA_DEFAULTS, type ClockPizzaConfig } from './config';
import { PARAM_NAMES, type Params } from './model';
import { distanceIrrelevance, gradientSymmetricity, triplesForSymmetricity } from './metrics';
import { createClockPizzaSession, type ClockPizzaSession } from './session';
import { hot, maxAbs, maxAbsDiff, plainCrossEntropy, plainLogits } from './reference.fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cfg = (over: Partial<ClockPizzaConfig>): ClockPizzaConfig => ({ ...CLOCK_PIZZA_DEFAULTS, p: 11, d_model: 16, ...over });

/** The checkpoint's weights as tensors (caller disposes). */
function paramsOf(c: Checkpoint): Params {
  const P: Partial<Params> = {};
  for (const name of PARAM_NAMES) P[name] = tf.tensor(c.tensors[name].values, c.tensors[name].shape);
  return P as Params;
}

async function weights(s: ClockPizzaSession): Promise<Float32Array[]> {
  const c = await s.checkpoint();
  return PARAM_NAMES.map((n) => c.tensors[n].values);
}

describe('ClockPizzaSession', () => {
  it('rejects a bad config with the reason', () => {
    expect(() => createClockPizzaSession(cfg({ p: 24 }))).toThrow(/24 is not prime/);
    expect(() => createClockPizzaSession(cfg({ d_model: 30 }))).toThrow(/divisible by 4/);
    expect(() => createClockPizzaSession(cfg({ alpha: 1.5 }))).toThrow(/attention rate/);
  });

  it('trainStep is AdamW (0.9, 0.98, 10-step warm-up) on the autodiff gradient of modadd.py written plainly', async () => {
    const c = cfg({ alpha: 0.5, lr: 3e-3, wd: 2 });
    const s = createClockPizzaSession(c);
    const c0 = await s.checkpoint();
    s.trainStep();
    s.trainStep();
    const got = await weights(s);

    const P0 = paramsOf(c0);
    const vars = PARAM_NAMES.map((n) => tf.variable(P0[n]));
    const opt = new AdamW(vars, { lr: 3e-3, weightDecay: 2, betas: [0.9, 0.98], warmup: 10 });
    const sp = s.split;
    for (let i = 0; i < 2; i++) {
      tf.tidy(() => {
        const asP = (ws: tf.Tensor[]) => Object.fromEntries(PARAM_NAMES.map((n, j) => [n, ws[j]])) as unknown as Params;
        const g = tf.grads((...ws: tf.Tensor[]) => plainCrossEntropy(plainLogits(asP(ws), sp.trainA, sp.trainB, 0.5), sp.trainY))(vars);
        opt.applyGradients(g);
      });
    }
    for (let i = 0; i < vars.length; i++) {
      const want = new Float32Array(await vars[i].data());
      expect(maxAbsDiff(got[i], want), PARAM_NAMES[i]).toBeLessThan(2e-6);
      // Warm-up: steps at lr/10 and 2lr/10 move a weight w by at most about 9e-4 (1 + wd |w|).
      const w0 = c0.tensors[PARAM_NAMES[i]].values;
      const moved = maxAbsDiff(got[i], w0);
      expect(moved, PARAM_NAMES[i]).toBeGreaterThan(1e-4);
      expect(moved, PARAM_NAMES[i]).toBeLessThan(9.1e-4 * (1 + 2 * maxAbs(w0)));
    }
    tf.dispose([...vars, ...Object.values(P0)]);
    opt.dispose();
    s.dispose();
  });

  it('one training step lowers the training loss; the first loss is about ln p', async () => {
    const s = createClockPizzaSession(cfg({ p: 23, d_model: 32, lr: 1e-2 }));
    const m0 = await s.evaluate();
    s.trainStep();
    const m1 = await s.evaluate();
    expect(m0.step).toBe(0);
    expect(m1.step).toBe(1);
    expect(Math.abs(m0.trainLoss - Math.log(23))).toBeLessThan(1);
    expect(m1.trainLoss).toBeLessThan(m0.trainLoss);
    s.dispose();
  });

  it('tf.memory().numTensors is flat across trainStep, evaluate, analyse, checkpoint, restore; dispose frees all', async () => {
    const before = tf.memory().numTensors;
    const s = createClockPizzaSession(cfg({ noise: 0.2 }));
    const created = tf.memory().numTensors;
    expect(created).toBeGreaterThan(before);
    s.trainStep();
    expect(tf.memory().numTensors).toBe(created);
    for (let i = 0; i < 3; i++) s.trainStep();
    await s.evaluate();
    expect(tf.memory().numTensors).toBe(created);
    await s.analyse({ s: 3 });
    expect(tf.memory().numTensors).toBe(created);
    const ck = await s.checkpoint();
    s.restore(ck);
    s.setHyper({ lr: 1e-4 });
    s.trainStep();
    expect(tf.memory().numTensors).toBe(created);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => s.trainStep()).toThrow(/dispose/);
  });

  it('checkpoint -> restore on a fresh session gives the same next step', async () => {
    const c = cfg({ seed: 4 });
    const a = createClockPizzaSession(c);
    for (let i = 0; i < 3; i++) a.trainStep();
    const ck = await a.checkpoint();
    expect(ck.step).toBe(3);
    expect(Object.keys(ck.tensors)).toHaveLength(3 * PARAM_NAMES.length);
    a.trainStep();
    const b = createClockPizzaSession(c, ck);
    expect(b.step).toBe(3);
    b.trainStep();
    const [wa, wb] = await Promise.all([a.checkpoint(), b.checkpoint()]);
    for (const key of Object.keys(wa.tensors)) expect(Array.from(wb.tensors[key].values), key).toEqual(Array.from(wa.tensors[key].values));
    // Without the AdamW moments the next step would differ: they are restored for real.
    const zeroed: Checkpoint = { step: 3, tensors: { ...ck.tensors } };
    for (const name of PARAM_NAMES) zeroed.tensors[`adamw.m.${name}`] = { shape: ck.tensors[name].shape, values: new Float32Array(ck.tensors[name].values.length) };
    const z = createClockPizzaSession(c, zeroed);
    z.trainStep();
    expect(maxAbsDiff((await z.checkpoint()).tensors.W_E.values, wa.tensors.W_E.values)).toBeGreaterThan(1e-5);
    expect(() => createClockPizzaSession(cfg({ d_model: 32 }), ck)).toThrow(/shape/);
    [a, b, z].forEach((x) => x.dispose());
  });

  it('setHyper takes effect at the next step (lr 0 and wd 0 freeze the weights)', async () => {
    const s = createClockPizzaSession(cfg({}));
    s.trainStep();
    const w1 = await weights(s);
    s.setHyper({ lr: 0, weightDecay: 0 });
    s.trainStep();
    expect(Array.from((await weights(s))[0])).toEqual(Array.from(w1[0]));
    s.setHyper({ lr: 1e-2 });
    s.trainStep();
    expect(maxAbsDiff((await weights(s))[0], w1[0])).toBeGreaterThan(1e-4);
    s.dispose();
  });

  it('evaluate: train metrics against the labels as given (noisy included), test against clean labels', async () => {
    const s = createClockPizzaSession(cfg({ noise: 0.4, alpha: 0.7 }));
    for (let i = 0; i < 5; i++) s.trainStep();
    const m = await s.evaluate();
    const P = paramsOf(await s.checkpoint());
    const sp = s.split;
    expect(sp.noisyCount).toBeGreaterThan(0);
    const ref = (A: Int32Array, B: Int32Array, Y: Int32Array) =>
      tf.tidy(() => {
        const z = plainLogits(P, A, B, 0.7);
        const acc = tf.mean(tf.cast(tf.equal(tf.argMax(z, 1), tf.tensor1d(Y, 'int32')), 'float32'));
        return [plainCrossEntropy(z, Y).dataSync()[0], acc.dataSync()[0]];
      });
    const [trL, trA] = ref(sp.trainA, sp.trainB, sp.trainY);
    const [teL, teA] = ref(sp.testA, sp.testB, sp.testY);
    expect(m.trainLoss).toBeCloseTo(trL, 5);
    expect(m.trainAcc).toBeCloseTo(trA, 6);
    expect(m.testLoss).toBeCloseTo(teL, 5);
    expect(m.testAcc).toBeCloseTo(teA, 6);
    tf.dispose(Object.values(P));
    s.dispose();
  });

  it('analyse: spectrum, PCs, q from the clean correct logits, s_g from 100 per-triple gradients, midpoints', async () => {
    const p = 11;
    const s = createClockPizzaSession(cfg({ alpha: 0.5, noise: 0.3 }));
    for (let i = 0; i < 3; i++) s.trainStep();
    const an = await s.analyse({ s: 4 });
    const ck = await s.checkpoint();
    const E = ck.tensors.W_E.values;
    expect(an.step).toBe(3);
    expect(an.alpha).toBe(0.5);
    expect(maxAbsDiff(an.spectrum, fourierNorms(E, p, 16).values)).toBeLessThan(1e-6);
    expect(an.keyFrequencies.length).toBeGreaterThan(0);
    expect(an.keyFrequencies.length).toBeLessThanOrEqual(6);
    expect(an.pcs.length).toBe(p * 6);
    expect(an.pcVariance).toHaveLength(6);
    expect(an.pcVariance[0]).toBeGreaterThanOrEqual(an.pcVariance[1]);
    expect(an.pcVariance.reduce((t, v) => t + v, 0)).toBeLessThanOrEqual(1 + 1e-9);
    expect(an.circularity).toBeGreaterThan(0);
    expect(an.circularity).toBeLessThanOrEqual(1);

    const P = paramsOf(ck);
    // The logit table holds the correct (clean-label) logit of every pair.
    const all = { a: [] as number[], b: [] as number[] };
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) all.a.push(a), all.b.push(b);
    const z = tf.tidy(() => plainLogits(P, all.a, all.b, 0.5).dataSync());
    for (let i = 0; i < p * p; i++) {
      const [a, b] = [all.a[i], all.b[i]];
      expect(an.logitTable[((a + b) % p) * p + ((a - b + p) % p)]).toBeCloseTo(z[i * p + ((a + b) % p)], 4);
    }
    expect(an.distanceIrrelevance).toBeCloseTo(distanceIrrelevance(an.logitTable, p), 9);

    // s_g: the triples one at a time, through the plain model, with gradients w.r.t. E_a and E_b.
    const t = triplesForSymmetricity(p, 42);
    const gA: number[] = [];
    const gB: number[] = [];
    tf.tidy(() => {
      for (let i = 0; i < 100; i++) {
        const Ea = tf.slice(P.W_E, [t.a[i], 0], [1, 16]);
        const Eb = tf.slice(P.W_E, [t.b[i], 0], [1, 16]);
        const f = (ea: tf.Tensor, eb: tf.Tensor) => {
          const W = tf.concat([ea, eb, tf.zeros([p - 2, 16])]); // tokens 0 and 1 are a and b
          const logits = plainLogits({ ...P, W_E: W }, [0], [1], 0.5);
          return tf.sum(tf.mul(logits, hot([t.c[i]], p)));
        };
        const [ga, gb] = tf.grads(f)([Ea, Eb]);
        gA.push(...ga.dataSync());
        gB.push(...gb.dataSync());
      }
    });
    expect(maxAbs(gA)).toBeGreaterThan(1e-3);
    expect(an.gradSymmetricity).toBeCloseTo(gradientSymmetricity(Float64Array.from(gA), Float64Array.from(gB), 16), 4);

    const m = an.midpoints;
    expect(m.s).toBe(4);
    expect(m.x.length).toBe(p);
    for (let i = 0; i < p; i++) {
      expect((m.a[i] + m.b[i]) % p).toBe(4);
      expect(m.x[i]).toBeCloseTo((an.pcs[m.a[i] * 6] + an.pcs[m.b[i] * 6]) / 2, 5);
      expect(m.y2[i]).toBeCloseTo((an.pcs[m.a[i] * 6 + 3] + an.pcs[m.b[i] * 6 + 3]) / 2, 5);
    }
    expect((await s.analyse()).midpoints.s).toBe(0);
    tf.dispose(Object.values(P));
    s.dispose();
  });
});
