import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MnistData } from '../../core/mnist/loader';
import { createRng } from '../../core/rng';
import { ADV_DEFAULTS, SOURCE_SIZE, type AdvConfig } from './config';
import { runData } from './data';
import { definition } from './definition';
import { FRESH, plan, stageAt, totalSteps } from './pipeline';
import { AdvSession, SERIES } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Synthetic digits: class c lights a 6x6 block at its own place, plus noise (learnable in one epoch). */
function synthetic(count: number, seed: number) {
  const rng = createRng(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = rng.int(10);
    labels[i] = c;
    for (let p = 0; p < 784; p++) images[i * 784 + p] = rng.int(40);
    const r0 = 2 + 12 * (c % 2), c0 = 1 + 5 * Math.floor(c / 2);
    for (let r = 0; r < 6; r++) for (let q = 0; q < 5; q++) images[i * 784 + (r0 + r) * 28 + c0 + q] = 200 + rng.int(55);
  }
  return { images, labels, count };
}
/** A smaller source set than the page's SOURCE_SIZE, for speed. */
const SOURCE = 2000;
const DATA = runData({ train: synthetic(SOURCE, 1), test: synthetic(500, 2) } satisfies MnistData, SOURCE);
const TINY: AdvConfig = { ...ADV_DEFAULTS, ...definition.bench.tiny, epochs: 1 } as AdvConfig;

async function runTo(s: AdvSession, step: number): Promise<void> {
  while (s.step < step) {
    const r = s.trainStep();
    if (r) await r;
  }
}

describe('adversarial-features: the plan', () => {
  it('source, two attacks, five fresh models, in order, with their step counts', () => {
    const p = plan(TINY, SOURCE);
    expect(p.map((s) => (s.kind === 'attack' ? `attack-${s.target}` : s.model))).toEqual(['source', 'attack-rand', 'attack-det', ...FRESH]);
    expect(p[0].steps).toBe(Math.ceil(SOURCE / 128)); // one epoch
    expect(plan(TINY)[0].steps).toBe(Math.ceil(SOURCE_SIZE / 128));
    expect(p[1].steps).toBe(5); // one chunk of 500, 5 PGD steps
    expect(p[3].steps).toBe(Math.ceil(500 / 128));
    expect(totalSteps(plan(TINY))).toBe(definition.maxSteps(TINY));
    expect(stageAt(p, p[1].start)?.stage).toBe(p[1]);
    expect(stageAt(p, p[1].start - 1)?.stage).toBe(p[0]);
    expect(stageAt(p, totalSteps(p))).toBeNull();
  });
});

describe('adversarial-features session', () => {
  it('runs all three stages: the attack stays in the ball, every model is tested, tensors do not leak', async () => {
    const before = tf.memory().numTensors;
    const s = new AdvSession(TINY, DATA);
    const p = plan(TINY, SOURCE);
    const counts: number[] = [];
    for (const stage of p.slice(3)) {
      await runTo(s, stage.start);
      counts.push(tf.memory().numTensors);
    }
    await runTo(s, totalSteps(p));
    // Flat across the fresh models: each is disposed when tested (D_rand's is kept for the pick, from the second on).
    expect(new Set(counts.slice(1)).size).toBe(1);
    const m = await s.evaluate();
    expect(Object.keys(m).sort()).toEqual(['step', ...SERIES].sort());
    const a = await s.analyse();
    expect(a.stageIndex).toBe(p.length);
    expect(a.sourceTestAcc as number).toBeGreaterThan(0.8);
    for (const t of ['rand', 'det'] as const) {
      const at = a.attacks[t]!;
      expect(at.attacked).toBe(500);
      expect(at.meanL2).toBeLessThanOrEqual(TINY.eps + 1e-4);
      expect(at.meanL2).toBeGreaterThan(0.5 * TINY.eps);
    }
    for (const f of FRESH) expect(a.fresh[f]?.cleanTestAcc, f).toBeGreaterThanOrEqual(0);
    expect(a.galleries.map((g) => g.target)).toEqual(['rand', 'det']);
    expect(a.galleries[0].targets).toEqual(Array.from(s.targets.rand.subarray(0, 8)));
    expect(s.targets.det.every((t, i) => t === (DATA.source.y[i] + 1) % 10)).toBe(true);
    expect(a.pick?.probs?.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 4);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('checkpoints at stage boundaries and resumes there with the same perturbations', async () => {
    const s = new AdvSession(TINY, DATA);
    const p = plan(TINY, SOURCE);
    await runTo(s, p[3].start + 2); // two steps into the first fresh model
    const c = await s.checkpoint();
    expect(c.step).toBe(p[3].start); // the running stage restarts
    const r = new AdvSession(TINY, DATA);
    r.restore(c);
    expect(r.step).toBe(p[3].start);
    expect(Array.from(r.s.deltas.rand!.subarray(0, 100))).toEqual(Array.from(s.s.deltas.rand!.subarray(0, 100)));
    expect(r.s.sourceTestAcc).toBeCloseTo(s.s.sourceTestAcc as number, 6);
    await runTo(r, p[4].start); // the resumed run trains on
    expect(r.s.fresh.rand).toBeDefined();
    s.dispose();
    r.dispose();
  }, 120_000);
});
