import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { AdamW } from '../../src/core/adamw';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface RefOpts {
  lr: number | number[]; // per step when an array
  wd: number | number[];
  b1?: number;
  b2?: number;
  eps?: number;
  warmup?: number;
}

/**
 * torch.optim.AdamW's update written out in float64, from PyTorch's documented algorithm
 * (_single_tensor_adamw): param.mul_(1 - lr*wd); exp_avg.lerp_(grad, 1-b1);
 * exp_avg_sq.mul_(b2).addcmul_(grad, grad, 1-b2); denom = sqrt(v)/sqrt(1-b2^t) + eps;
 * param.addcdiv_(exp_avg, denom, -lr/(1-b1^t)).
 */
function referenceAdamW(theta0: number[], grads: number[][], o: RefOpts): number[][] {
  const b1 = o.b1 ?? 0.9;
  const b2 = o.b2 ?? 0.98;
  const eps = o.eps ?? 1e-8;
  const th = theta0.slice();
  const m = th.map(() => 0);
  const v = th.map(() => 0);
  const out: number[][] = [];
  grads.forEach((g, i) => {
    const t = i + 1;
    const base = Array.isArray(o.lr) ? o.lr[i] : o.lr;
    const wd = Array.isArray(o.wd) ? o.wd[i] : o.wd;
    const lr = o.warmup ? base * Math.min(1, t / o.warmup) : base;
    for (let j = 0; j < th.length; j++) {
      th[j] *= 1 - lr * wd;
      m[j] += (1 - b1) * (g[j] - m[j]);
      v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
      const denom = Math.sqrt(v[j]) / Math.sqrt(1 - b2 ** t) + eps;
      th[j] -= (lr / (1 - b1 ** t)) * (m[j] / denom);
    }
    out.push(th.slice());
  });
  return out;
}

const THETA0 = [0.5, -1.5, 2.0];
const GRADS = [
  [0.1, -0.2, 0.3],
  [0.05, 0.4, -0.1],
  [-0.3, 0.0, 0.2],
  [0.2, 0.1, 0.1],
];

/** Runs AdamW on one [3] variable; `each` may change the optimiser before step i. */
async function run(opts: ConstructorParameters<typeof AdamW>[1], grads: number[][], each?: (opt: AdamW, i: number) => void) {
  const x = tf.variable(tf.tensor1d(THETA0));
  const opt = new AdamW([x], opts);
  const out: number[][] = [];
  for (let i = 0; i < grads.length; i++) {
    each?.(opt, i);
    const g = tf.tensor1d(grads[i]);
    opt.applyGradients([g]);
    g.dispose();
    out.push(Array.from(await x.data()));
  }
  opt.dispose();
  x.dispose();
  return out;
}

function expectClose(got: number[][], want: number[][], tol = 2e-6) {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i][j])).toBeLessThan(tol)));
}

describe('AdamW', () => {
  it('defaults to betas (0.9, 0.98), eps 1e-8, no warm-up', () => {
    const x = tf.variable(tf.zeros([2]));
    const opt = new AdamW([x], { lr: 0.1 });
    expect([opt.beta1, opt.beta2, opt.eps, opt.warmup]).toEqual([0.9, 0.98, 1e-8, 0]);
    opt.dispose();
    x.dispose();
  });

  it('first step by hand: θ(1 - lr·wd) - lr·sign(g)', async () => {
    // At t = 1, m/(1-β1) = g and sqrt(v/(1-β2)) = |g|, so the Adam part is lr·g/(|g| + eps).
    const [first] = await run({ lr: 0.01, weightDecay: 5 }, GRADS.slice(0, 1));
    expectClose([first], [[0.475 - 0.01, -1.425 + 0.01, 1.9 - 0.01]]);
  });

  it('matches PyTorch AdamW formulas over four steps', async () => {
    const got = await run({ lr: 0.01, weightDecay: 5 }, GRADS);
    expectClose(got, referenceAdamW(THETA0, GRADS, { lr: 0.01, wd: 5 }));
    const got2 = await run({ lr: 0.05, weightDecay: 0.1, betas: [0.8, 0.999], eps: 1e-3 }, GRADS);
    expectClose(got2, referenceAdamW(THETA0, GRADS, { lr: 0.05, wd: 0.1, b1: 0.8, b2: 0.999, eps: 1e-3 }));
  });

  it('decouples weight decay: zero gradients shrink θ by exactly (1 - lr·wd) per step', async () => {
    const zeros = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const got = await run({ lr: 0.01, weightDecay: 5 }, zeros);
    expectClose(
      got,
      [1, 2, 3].map((t) => THETA0.map((v) => v * 0.95 ** t)),
    );
  });

  it('differs from Adam with L2 decay added to the gradient', async () => {
    const got = await run({ lr: 0.01, weightDecay: 5 }, GRADS.slice(0, 2));
    // Coupled (L2) variant: gradient g + wd·θ, no separate decay.
    const coupled: number[][] = [];
    let th = THETA0.slice();
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    for (let t = 1; t <= 2; t++) {
      const g = GRADS[t - 1].map((x, j) => x + 5 * th[j]);
      th = th.map((x, j) => {
        m[j] = 0.9 * m[j] + 0.1 * g[j];
        v[j] = 0.98 * v[j] + 0.02 * g[j] * g[j];
        return x - (0.01 * m[j]) / (1 - 0.9 ** t) / (Math.sqrt(v[j] / (1 - 0.98 ** t)) + 1e-8);
      });
      coupled.push(th.slice());
    }
    expect(Math.abs(got[1][0] - coupled[1][0])).toBeGreaterThan(1e-3);
  });

  it('warms up linearly: lr_t = lr·min(1, t/warmup)', async () => {
    const got = await run({ lr: 0.02, weightDecay: 2, warmup: 3 }, GRADS);
    expectClose(got, referenceAdamW(THETA0, GRADS, { lr: 0.02, wd: 2, warmup: 3 }));
    // The first step's Adam part is lr/3·sign(g), the decay (1 - lr/3·wd).
    expect(got[0][0]).toBeCloseTo(0.5 * (1 - (0.02 / 3) * 2) - 0.02 / 3, 6);
    // Different from no warm-up.
    const plain = await run({ lr: 0.02, weightDecay: 2 }, GRADS);
    expect(Math.abs(plain[0][0] - got[0][0])).toBeGreaterThan(1e-3);
  });

  it('takes a changed lr and weight decay at the next step', async () => {
    const lrs = [0.01, 0.01, 0.003, 0.003];
    const wds = [5, 5, 5, 0.5];
    const got = await run({ lr: 0.01, weightDecay: 5 }, GRADS, (opt, i) => {
      opt.lr = lrs[i];
      opt.weightDecay = wds[i];
    });
    expectClose(got, referenceAdamW(THETA0, GRADS, { lr: lrs, wd: wds }));
  });

  it('optimises several variables of different shapes, in order', async () => {
    const a = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const b = tf.variable(tf.tensor1d([-1]));
    const opt = new AdamW([a, b], { lr: 0.1, weightDecay: 0 });
    const ga = tf.tensor2d([[1, -1], [0, 2]]);
    const gb = tf.tensor1d([-3]);
    opt.applyGradients([ga, gb]);
    expect(Array.from(await a.data())).toEqual([0.9, 2.1, 3, 3.9].map((x) => Math.fround(x)));
    expect((await b.data())[0]).toBeCloseTo(-0.9, 6);
    expect(() => opt.applyGradients([ga])).toThrow();
    tf.dispose([a, b, ga, gb]);
    opt.dispose();
  });

  it('state() / loadState() resume exactly', async () => {
    const x1 = tf.variable(tf.tensor1d(THETA0));
    const opt1 = new AdamW([x1], { lr: 0.01, weightDecay: 5 });
    for (const g of GRADS.slice(0, 2)) tf.tidy(() => opt1.applyGradients([tf.tensor1d(g)]));
    const st = await opt1.state();
    expect(st.step).toBe(2);
    expect(st.m[0]).toBeInstanceOf(Float32Array);
    const x2 = tf.variable(tf.tensor1d(Array.from(await x1.data())));
    const opt2 = new AdamW([x2], { lr: 0.01, weightDecay: 5 });
    opt2.loadState(st);
    expect(opt2.step).toBe(2);
    for (const opt of [opt1, opt2]) tf.tidy(() => opt.applyGradients([tf.tensor1d(GRADS[2])]));
    expect(Array.from(await x2.data())).toEqual(Array.from(await x1.data()));
    // A fresh optimiser without the state takes a different step.
    const x3 = tf.variable(tf.tensor1d(Array.from(await x1.data())));
    const opt3 = new AdamW([x3], { lr: 0.01, weightDecay: 5 });
    tf.tidy(() => opt3.applyGradients([tf.tensor1d(GRADS[2])]));
    expect(Array.from(await x3.data())).not.toEqual(Array.from(await x1.data()));
    tf.dispose([x1, x2, x3]);
    [opt1, opt2, opt3].forEach((o) => o.dispose());
  });

  it('allocates nothing that outlives a step, and dispose() frees its moments', () => {
    const before = tf.memory().numTensors;
    const x = tf.tidy(() => tf.variable(tf.ones([4, 3])));
    const g = tf.ones([4, 3]);
    const opt = new AdamW([x], { lr: 0.01, weightDecay: 1, warmup: 2 });
    const afterCreate = tf.memory().numTensors;
    expect(afterCreate).toBe(before + 2 + 2); // x, g and the two moments
    for (let i = 0; i < 5; i++) opt.applyGradients([g]);
    expect(tf.memory().numTensors).toBe(afterCreate);
    opt.dispose();
    tf.dispose([x, g]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
