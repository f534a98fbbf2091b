import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../../core/rng';
import { ACTIONS, HIDDEN, PARAM_NAMES, PolicySnapshot, forward, initPolicy, sampleActions } from './policy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** initPolicy weights with a policy head large enough for non-trivial logits. */
function weights(nIn: number, seed: number): Record<string, Float32Array> {
  const p = initPolicy(nIn, createRng(seed));
  const out: Record<string, Float32Array> = {};
  for (const name of PARAM_NAMES) out[name] = p[name].values;
  const rng = createRng(seed + 1);
  out.Wpi = out.Wpi.map(() => 2 * rng.next() - 1);
  out.bpi = out.bpi.map(() => rng.next() - 0.5);
  return out;
}

function shapes(nIn: number): Record<string, number[]> {
  return { W1: [nIn, HIDDEN], b1: [HIDDEN], W2: [HIDDEN, HIDDEN], b2: [HIDDEN], Wpi: [HIDDEN, ACTIONS], bpi: [ACTIONS], Wv: [HIDDEN, 1], bv: [1] };
}

describe('initPolicy', () => {
  const nIn = 40;
  const p = initPolicy(nIn, createRng(7));

  it('has the reference layout and shapes', () => {
    expect(Object.keys(p)).toEqual([...PARAM_NAMES]);
    for (const [name, shape] of Object.entries(shapes(nIn))) {
      const w = p[name as (typeof PARAM_NAMES)[number]];
      expect(w.shape).toEqual(shape);
      expect(w.values.length).toBe(shape.reduce((a, b) => a * b, 1));
    }
  });

  it('gives the policy head orthonormal columns times 0.01 and a zero bias', () => {
    const W = p.Wpi.values;
    for (let a = 0; a < ACTIONS; a++) {
      for (let b = 0; b < ACTIONS; b++) {
        let d = 0;
        for (let i = 0; i < HIDDEN; i++) d += W[i * ACTIONS + a] * W[i * ACTIONS + b];
        expect(Math.abs(d - (a === b ? 1e-4 : 0))).toBeLessThan(1e-9);
      }
    }
    expect(Array.from(p.bpi.values)).toEqual([0, 0, 0, 0]);
  });

  it('draws the other weights uniformly within ±1/sqrt(fan_in)', () => {
    const fanIn: Record<string, number> = { W1: nIn, b1: nIn, W2: HIDDEN, b2: HIDDEN, Wv: HIDDEN, bv: HIDDEN };
    for (const [name, fan] of Object.entries(fanIn)) {
      const v = p[name as (typeof PARAM_NAMES)[number]].values;
      const bound = 1 / Math.sqrt(fan);
      const maxAbs = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      expect(maxAbs).toBeLessThanOrEqual(bound);
      if (v.length >= 64) expect(maxAbs).toBeGreaterThan(0.9 * bound);
    }
    const mean = p.W1.values.reduce((s, x) => s + x, 0) / p.W1.values.length;
    expect(Math.abs(mean)).toBeLessThan(0.1 / Math.sqrt(nIn));
  });

  it('is seeded: same seed same weights, another seed other weights', () => {
    const q = initPolicy(nIn, createRng(7));
    const r = initPolicy(nIn, createRng(8));
    for (const name of PARAM_NAMES) expect(q[name].values).toEqual(p[name].values);
    expect(r.W1.values).not.toEqual(p.W1.values);
    expect(r.Wpi.values).not.toEqual(p.Wpi.values);
  });
});

describe('PolicySnapshot', () => {
  const nIn = 50;
  const n = 24;
  const w = weights(nIn, 3);

  function compare(x: Float32Array): void {
    const logits = new Float32Array(n * ACTIONS);
    const values = new Float32Array(n);
    new PolicySnapshot(w, nIn).forward(x, n, logits, values);
    const sh = shapes(nIn);
    const P: Record<string, tf.Tensor> = {};
    for (const name of PARAM_NAMES) P[name] = tf.tensor(w[name], sh[name]);
    const out = forward(P, tf.tensor2d(x, [n, nIn]));
    const tl = out.logits.dataSync();
    const tv = out.value.dataSync();
    expect(out.logits.shape).toEqual([n, ACTIONS]);
    expect(out.value.shape).toEqual([n]);
    for (let i = 0; i < n * ACTIONS; i++) expect(Math.abs(logits[i] - tl[i])).toBeLessThan(1e-5);
    for (let i = 0; i < n; i++) expect(Math.abs(values[i] - tv[i])).toBeLessThan(1e-5);
    // the logits are not all alike (the comparison means something)
    expect(Math.max(...logits) - Math.min(...logits)).toBeGreaterThan(0.1);
    tf.dispose([...Object.values(P), out.logits, out.value]);
  }

  it('equals the tfjs forward on dense inputs', () => {
    const rng = createRng(11);
    compare(Float32Array.from({ length: n * nIn }, () => rng.normal()));
  });

  it('equals the tfjs forward on sparse inputs (mostly zeros, some ones)', () => {
    const rng = createRng(12);
    compare(Float32Array.from({ length: n * nIn }, () => (rng.next() < 0.1 ? 1 : 0)));
  });

  it('copies the weights (later changes to the source do not leak in)', () => {
    const src = weights(nIn, 5);
    const snap = new PolicySnapshot(src, nIn);
    const x = new Float32Array(nIn).fill(1);
    const a = new Float32Array(ACTIONS);
    const v = new Float32Array(1);
    snap.forward(x, 1, a, v);
    src.bpi[0] += 10;
    const b = new Float32Array(ACTIONS);
    snap.forward(x, 1, b, v);
    expect(b).toEqual(a);
  });

  it('rejects weights of the wrong size', () => {
    expect(() => new PolicySnapshot(w, nIn + 1)).toThrow(/W1/);
  });
});

describe('sampleActions', () => {
  const row = [1, 0, -1, 0.5];
  const n = 20000;
  const logits = Float32Array.from({ length: n * ACTIONS }, (_, i) => row[i % ACTIONS]);
  const z = row.reduce((s, x) => s + Math.exp(x), 0);
  const probs = row.map((x) => Math.exp(x) / z);

  it('draws with softmax frequencies (within 4 standard errors)', () => {
    const actions = new Int32Array(n);
    const logp = new Float32Array(n);
    sampleActions(logits, n, createRng(1), actions, logp);
    const counts = [0, 0, 0, 0];
    for (const a of actions) counts[a]++;
    for (let a = 0; a < ACTIONS; a++) {
      const se = Math.sqrt((probs[a] * (1 - probs[a])) / n);
      expect(Math.abs(counts[a] / n - probs[a])).toBeLessThan(4 * se);
    }
  });

  it('writes the log-softmax of the taken action', () => {
    const actions = new Int32Array(n);
    const logp = new Float32Array(n);
    sampleActions(logits, n, createRng(2), actions, logp);
    for (let i = 0; i < n; i++) expect(Math.abs(logp[i] - Math.log(probs[actions[i]]))).toBeLessThan(1e-6);
  });

  it('is seeded: same seed same draws, another seed other draws', () => {
    const draw = (seed: number): Int32Array => {
      const actions = new Int32Array(1000);
      sampleActions(logits, 1000, createRng(seed), actions, new Float32Array(1000));
      return actions;
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });

  it('stays finite for extreme logits', () => {
    const big = Float32Array.from([1000, 0, 0, -1000, -50, 2000, 1990, 0]);
    const actions = new Int32Array(2);
    const logp = new Float32Array(2);
    sampleActions(big, 2, createRng(3), actions, logp);
    expect(actions[0]).toBe(0);
    expect(logp[0]).toBe(0);
    expect([1, 2]).toContain(actions[1]);
    expect(Number.isFinite(logp[1])).toBe(true);
    expect(logp[1]).toBeLessThanOrEqual(0);
  });
});
