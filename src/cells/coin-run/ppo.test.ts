import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../../core/rng';
import { ACTIONS, HIDDEN, PARAM_NAMES, forward } from './policy';
import { PPO_DEFAULTS, clipGradNorm, gae, ppoGrads, ppoLoss, type PpoBatch, type PpoConfig } from './ppo';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('gae', () => {
  // T = 3, N = 1, γ = λ = 0.5; the episode ends at t = 1.
  // rew = [1, 2, 3], done = [0, 1, 0], V = [0.5, 1, 1.5], V_T = 2.
  //   t = 2: δ = 3 + 0.5·2 − 1.5 = 2.5;            A = 2.5;                ret = 2.5 + 1.5 = 4
  //   t = 1: δ = 2 + 0 (done) − 1 = 1;              A = 1 + 0 (done) = 1;   ret = 1 + 1 = 2
  //   t = 0: δ = 1 + 0.5·1 − 0.5 = 1;               A = 1 + 0.25·1 = 1.25;  ret = 1.25 + 0.5 = 1.75
  const one = {
    rew: [1, 2, 3], done: [0, 1, 0], values: [0.5, 1, 1.5], last: [2], adv: [1.25, 1, 2.5], ret: [1.75, 2, 4],
  };
  // A second column without a done: rew = [0, 0, 1], V = [0, 0, 0], V_T = 4, γ = λ = 0.5:
  //   t = 2: δ = 1 + 2 = 3, A = 3;   t = 1: δ = 0, A = 0.25·3 = 0.75;   t = 0: δ = 0, A = 0.25·0.75 = 0.1875
  const two = { rew: [0, 0, 1], done: [0, 0, 0], values: [0, 0, 0], last: [4], adv: [0.1875, 0.75, 3], ret: [0.1875, 0.75, 3] };
  const f32 = (a: number[]): Float32Array => Float32Array.from(a);

  it('matches a hand-computed trajectory with a done in the middle', () => {
    const { adv, ret } = gae(f32(one.rew), f32(one.done), f32(one.values), f32(one.last), 3, 1, 0.5, 0.5);
    expect(Array.from(adv)).toEqual(one.adv);
    expect(Array.from(ret)).toEqual(one.ret);
  });

  it('treats the N columns of a time-major rollout independently', () => {
    const inter = (a: number[], b: number[]): Float32Array => f32(a.flatMap((x, t) => [x, b[t]]));
    const { adv, ret } = gae(
      inter(one.rew, two.rew), inter(one.done, two.done), inter(one.values, two.values), f32([2, 4]), 3, 2, 0.5, 0.5,
    );
    expect(Array.from(adv)).toEqual(Array.from(inter(one.adv, two.adv)));
    expect(Array.from(ret)).toEqual(Array.from(inter(one.ret, two.ret)));
  });

  it('does not bootstrap from lastValues when the last step is a done', () => {
    // T = 1: δ = r − V = 1 − 0.25 regardless of V_T
    const a = gae(f32([1]), f32([1]), f32([0.25]), f32([100]), 1, 1, 0.9, 0.9);
    expect(a.adv[0]).toBeCloseTo(0.75, 7);
    expect(() => gae(f32([1, 2]), f32([0]), f32([0]), f32([0]), 1, 1, 0.9, 0.9)).toThrow();
  });
});

// ---- a tiny batch, and the loss recomputed independently in float64 plain JS ----
const nIn = 4;
const n = 4;
const SHAPES: Record<string, number[]> = {
  W1: [nIn, HIDDEN], b1: [HIDDEN], W2: [HIDDEN, HIDDEN], b2: [HIDDEN], Wpi: [HIDDEN, ACTIONS], bpi: [ACTIONS], Wv: [HIDDEN, 1], bv: [1],
};
/** Row r of obs has only input r set, so dL/dW1[r, :] comes from row r alone. */
const OBS = [0.9, 0, 0, 0, 0, -0.7, 0, 0, 0, 0, 1.1, 0, 0, 0, 0, 0.6];
const ACT = [2, 0, 3, 1];
const ADV = [2, 1, 0.5, -3]; // normalised: + + + −
const RET = [0.3, -0.2, 1, 0.5];
/** Wanted ratios: 1.5 with Â > 0 (clipped side), 0.5 with Â > 0 (unclipped), 1.1 (inside), 0.6 with Â < 0 (clipped side). */
const RATIOS = [1.5, 0.5, 1.1, 0.6];

function makeWeights(): Record<string, Float64Array> {
  const rng = createRng(21);
  const W: Record<string, Float64Array> = {};
  for (const name of PARAM_NAMES) {
    const size = SHAPES[name].reduce((a, b) => a * b, 1);
    const scale = name === 'Wpi' || name === 'Wv' ? 0.4 : 0.3;
    W[name] = Float64Array.from({ length: size }, () => Math.fround((2 * rng.next() - 1) * scale));
  }
  return W;
}

/** Plain float64 forward: logits [n][4], values [n]. */
function jsForward(W: Record<string, Float64Array>): { logits: number[][]; values: number[] } {
  const logits: number[][] = [];
  const values: number[] = [];
  const layer = (x: number[], w: Float64Array, b: Float64Array, nOut: number): number[] =>
    Array.from({ length: nOut }, (_, j) => x.reduce((s, xi, i) => s + xi * w[i * nOut + j], b[j]));
  for (let r = 0; r < n; r++) {
    const x = OBS.slice(r * nIn, (r + 1) * nIn);
    const h1 = layer(x, W.W1, W.b1, HIDDEN).map(Math.tanh);
    const h2 = layer(h1, W.W2, W.b2, HIDDEN).map(Math.tanh);
    logits.push(layer(h2, W.Wpi, W.bpi, ACTIONS));
    values.push(layer(h2, W.Wv, W.bv, 1)[0]);
  }
  return { logits, values };
}

function logSoftmax(z: number[]): number[] {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, x) => s + Math.exp(x - m), 0));
  return z.map((x) => x - lse);
}

function jsLoss(W: Record<string, Float64Array>, logpOld: number[], c: PpoConfig) {
  const { logits, values } = jsForward(W);
  const mean = ADV.reduce((s, a) => s + a, 0) / n;
  const std = Math.sqrt(ADV.reduce((s, a) => s + (a - mean) ** 2, 0) / (n - 1));
  let pg = 0, v = 0, entropy = 0;
  const ratios: number[] = [];
  for (let r = 0; r < n; r++) {
    const lp = logSoftmax(logits[r]);
    const a = (ADV[r] - mean) / (std + 1e-8);
    const ratio = Math.exp(lp[ACT[r]] - logpOld[r]);
    ratios.push(ratio);
    const clipped = Math.min(Math.max(ratio, 1 - c.clip), 1 + c.clip);
    pg -= Math.min(ratio * a, clipped * a) / n;
    v += (values[r] - RET[r]) ** 2 / n;
    entropy -= lp.reduce((s, l) => s + Math.exp(l) * l, 0) / n;
  }
  return { loss: pg + c.vf * v - c.ent * entropy, pg, v, entropy, ratios };
}

const W0 = makeWeights();
/** logpOld set so that the current policy's ratios are RATIOS. */
const LOGP_OLD = jsForward(W0).logits.map((z, r) => Math.fround(logSoftmax(z)[ACT[r]] - Math.log(RATIOS[r])));

function makeBatch(): PpoBatch {
  return {
    obs: tf.tensor2d(OBS, [n, nIn]),
    act: tf.tensor1d(ACT, 'int32'),
    logpOld: tf.tensor1d(LOGP_OLD),
    adv: tf.tensor1d(ADV),
    ret: tf.tensor1d(RET),
  };
}
const makeVars = (W: Record<string, Float64Array>): tf.Variable[] =>
  PARAM_NAMES.map((name) => tf.variable(tf.tensor(Float32Array.from(W[name]), SHAPES[name])));
const disposeBatch = (b: PpoBatch): void => tf.dispose([b.obs, b.act, b.logpOld, b.adv, b.ret]);
const close = (a: number, b: number, tol: number): void => expect(Math.abs(a - b)).toBeLessThan(tol * (1 + Math.abs(b)));

describe('ppoLoss', () => {
  it('equals the plain-JS loss and its parts (clipped and unclipped rows present)', () => {
    const c = PPO_DEFAULTS;
    const ref = jsLoss(W0, LOGP_OLD, c);
    RATIOS.forEach((r, i) => close(ref.ratios[i], r, 1e-5));
    const vars = makeVars(W0);
    const P = Object.fromEntries(PARAM_NAMES.map((name, i) => [name, vars[i]]));
    const batch = makeBatch();
    const out = ppoLoss(P, batch, c);
    close(out.pg.dataSync()[0], ref.pg, 1e-5);
    close(out.v.dataSync()[0], ref.v, 1e-5);
    close(out.entropy.dataSync()[0], ref.entropy, 1e-5);
    close(out.loss.dataSync()[0], ref.loss, 1e-5);
    expect(ref.entropy).toBeGreaterThan(0.5); // a non-degenerate policy
    tf.dispose([...vars, out.loss, out.pg, out.v, out.entropy]);
    disposeBatch(batch);
  });

  it('gives zero policy gradient to rows whose ratio is outside the clip range on the clipped side', () => {
    const c: PpoConfig = { ...PPO_DEFAULTS, vf: 0, ent: 0, maxGradNorm: 1e9 };
    const vars = makeVars(W0);
    const batch = makeBatch();
    const { grads, loss, entropy } = ppoGrads(vars, PARAM_NAMES, batch, c);
    const gW1 = grads[0].arraySync() as number[][];
    const rowNorm = (r: number): number => Math.hypot(...gW1[r]);
    expect(rowNorm(0)).toBe(0); // ratio 1.5, Â > 0: clipped at 1.2
    expect(rowNorm(3)).toBe(0); // ratio 0.6, Â < 0: clipped at 0.8
    expect(rowNorm(1)).toBeGreaterThan(1e-4); // ratio 0.5, Â > 0: min picks the unclipped ρÂ
    expect(rowNorm(2)).toBeGreaterThan(1e-4); // ratio 1.1: inside
    tf.dispose([...vars, ...grads, loss, entropy]);
    disposeBatch(batch);
  });

  it('has gradients equal to central finite differences of the plain-JS loss', () => {
    const c: PpoConfig = { ...PPO_DEFAULTS, maxGradNorm: 1e9 };
    const vars = makeVars(W0);
    const batch = makeBatch();
    const { grads, loss, entropy } = ppoGrads(vars, PARAM_NAMES, batch, c);
    const h = 1e-5;
    const rng = createRng(4);
    let checked = 0;
    PARAM_NAMES.forEach((name, p) => {
      const g = grads[p].dataSync();
      const size = g.length;
      const picks = size <= 8 ? Array.from({ length: size }, (_, i) => i) : Array.from({ length: 6 }, () => rng.int(size));
      if (name === 'W1') picks.push(0, HIDDEN + 3, 2 * HIDDEN + 5); // rows 0 (clipped), 1, 2
      for (const k of picks) {
        const Wp = { ...W0, [name]: Float64Array.from(W0[name]) };
        const Wm = { ...W0, [name]: Float64Array.from(W0[name]) };
        Wp[name][k] += h;
        Wm[name][k] -= h;
        const fd = (jsLoss(Wp, LOGP_OLD, c).loss - jsLoss(Wm, LOGP_OLD, c).loss) / (2 * h);
        expect(Math.abs(g[k] - fd)).toBeLessThan(1e-2 * Math.abs(fd) + 2e-5);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(40);
    tf.dispose([...vars, ...grads, loss, entropy]);
    disposeBatch(batch);
  });
});

describe('gradient-norm clipping', () => {
  const globalNorm = (gs: tf.Tensor[]): number => Math.hypot(...gs.flatMap((g) => Array.from(g.dataSync())));

  it('scales to maxGradNorm when the norm is larger, keeps the direction', () => {
    const raw = [tf.tensor1d([3, 4]), tf.tensor2d([[0, 12]])]; // norm 13
    const out = clipGradNorm(raw, 0.5);
    expect(globalNorm(out)).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(globalNorm(out)).toBeGreaterThan(0.5 - 1e-5);
    const s = 0.5 / 13;
    const o = out[0].dataSync();
    [3 * s, 4 * s].forEach((x, i) => expect(Math.abs(o[i] - x)).toBeLessThan(1e-6));
    expect(out[1].shape).toEqual([1, 2]);
    tf.dispose([...raw, ...out]);
  });

  it('leaves gradients unchanged when the norm is smaller', () => {
    const raw = [tf.tensor1d([0.03, 0.04]), tf.tensor1d([0.12])]; // norm 0.13
    const out = clipGradNorm(raw, 0.5);
    expect(Array.from(out[0].dataSync())).toEqual(Array.from(raw[0].dataSync()));
    expect(Array.from(out[1].dataSync())).toEqual(Array.from(raw[1].dataSync()));
    tf.dispose([...raw, ...out]);
  });

  it('ppoGrads clips the global norm to maxGradNorm, as a scaled copy of the raw gradient', () => {
    const vars = makeVars(W0);
    const batch = makeBatch();
    const full = ppoGrads(vars, PARAM_NAMES, batch, { ...PPO_DEFAULTS, maxGradNorm: 1e9 });
    const rawNorm = globalNorm(full.grads);
    const max = rawNorm / 10;
    const cut = ppoGrads(vars, PARAM_NAMES, batch, { ...PPO_DEFAULTS, maxGradNorm: max });
    expect(globalNorm(cut.grads)).toBeLessThanOrEqual(max * (1 + 1e-5));
    expect(globalNorm(cut.grads)).toBeGreaterThan(max * (1 - 1e-4));
    const a = full.grads[2].dataSync();
    const b = cut.grads[2].dataSync();
    for (let i = 0; i < a.length; i += 97) expect(Math.abs(b[i] - a[i] / 10)).toBeLessThan(1e-6 + 1e-4 * Math.abs(a[i]));
    const kept = ppoGrads(vars, PARAM_NAMES, batch, { ...PPO_DEFAULTS, maxGradNorm: rawNorm * 2 });
    expect(Array.from(kept.grads[0].dataSync())).toEqual(Array.from(full.grads[0].dataSync()));
    for (const r of [full, cut, kept]) tf.dispose([...r.grads, r.loss, r.entropy]);
    tf.dispose(vars);
    disposeBatch(batch);
  });
});

describe('tensor bookkeeping', () => {
  it('keeps the tensor count flat around forward, ppoLoss and ppoGrads', () => {
    const vars = makeVars(W0);
    const batch = makeBatch();
    const P = Object.fromEntries(PARAM_NAMES.map((name, i) => [name, vars[i]]));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      forward(P, batch.obs);
      ppoLoss(P, batch, PPO_DEFAULTS);
      ppoGrads(vars, PARAM_NAMES, batch, PPO_DEFAULTS);
    });
    expect(tf.memory().numTensors).toBe(before);
    const f = forward(P, batch.obs);
    const l = ppoLoss(P, batch, PPO_DEFAULTS);
    const g = ppoGrads(vars, PARAM_NAMES, batch, PPO_DEFAULTS);
    expect(g.grads.length).toBe(PARAM_NAMES.length);
    g.grads.forEach((t, i) => expect(t.shape).toEqual(vars[i].shape));
    tf.dispose([f.logits, f.value, l.loss, l.pg, l.v, l.entropy, ...g.grads, g.loss, g.entropy]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(vars);
    disposeBatch(batch);
  });
});
