/**
 * The worker runtime (workers/runtime/) driven through `serveOn` with a fake port, backend host and
 * session (runtime-fakes.ts): the message state machine, stale runs, live config, checkpoints and
 * backend fallback, divergence, batched readback, analysis spacing and tensor hygiene.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { config, definition, harness, STEP_MS, tick, until, type FakeAnalysis } from './runtime-fakes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Each test's harness: its run is stopped and its sessions disposed before the next test. */
let current: { h: ReturnType<typeof harness>; runId: number } | null = null;
function setup(...args: Parameters<typeof harness>) {
  const h = harness(...args);
  current = { h, runId: 1 };
  return h;
}
afterEach(async () => {
  if (!current) return;
  const { h, runId } = current;
  current = null;
  h.port.send({ type: 'stop', runId });
  await until('every session to be disposed', () => h.factory.sessions.every((s) => s.disposed));
});

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await tick();
};

describe('worker runtime: messages', () => {
  it('pause stops stepping, step 3 takes exactly 3 steps, resume runs on to maxSteps and done', async () => {
    const h = setup();
    h.factory.onStep = (s) => {
      if (s.step === 5) h.port.send({ type: 'pause', runId: 1 });
    };
    h.start(1, { steps: 20 });
    expect(await h.settled(1)).toMatchObject({ type: 'state', state: 'paused', step: 5 });
    await turns(20);
    expect(h.factory.trainSteps).toBe(5);

    let mark = h.port.sent.length;
    h.port.send({ type: 'step', runId: 1, count: 3 });
    expect(await h.settled(1, mark)).toMatchObject({ type: 'state', state: 'paused', step: 8 });
    await turns(20);
    expect(h.factory.trainSteps).toBe(8);

    mark = h.port.sent.length;
    h.port.send({ type: 'resume', runId: 1 });
    expect(await h.settled(1, mark)).toMatchObject({ type: 'state', state: 'done', step: 20 });
    await turns(20);
    expect(h.factory.trainSteps).toBe(20);
    expect(h.of('state', 1).at(-1)).toMatchObject({ state: 'done', step: 20 });
  });

  it('a new start cancels the old run, and messages with the old run id are not applied', async () => {
    // A checkpoint falls due at run 1's step 3 (30 fake ms > 25), just after the new start.
    const h = setup({}, { checkpointMs: 25 });
    let secondStartedAt = -1;
    h.factory.onStep = (s) => {
      if (s.index === 0 && s.step === 3) {
        secondStartedAt = h.port.sent.length;
        current = { h, runId: 2 };
        h.start(2, { steps: 20 });
      }
      // A stale pause, for run 1, lands while run 2 steps: it must not pause run 2.
      if (s.index === 1 && s.step === 4) h.port.send({ type: 'pause', runId: 1 });
    };
    h.start(1, { steps: 20 });
    expect(await h.settled(2)).toMatchObject({ type: 'state', state: 'done', step: 20 });
    const [old, fresh] = h.factory.sessions;
    expect(fresh.step).toBe(20);
    expect(old.step).toBe(3);
    // The old run's session is disposed before the new one is built.
    expect(h.factory.events).toEqual(['create 0', 'dispose 0', 'create 1']);
    expect(h.port.sent.slice(secondStartedAt).filter((m) => m.runId === 1)).toEqual([]);
    expect(h.of('backend', 2)).toHaveLength(1);
  });

  it("a live 'config' changes the budget and the optimiser settings without a restart", async () => {
    const h = setup();
    const changed = config({ steps: 30, lr: 0.5 });
    h.factory.onStep = (s) => {
      if (s.step === 5) h.port.send({ type: 'config', runId: 1, config: changed });
    };
    h.start(1, { steps: 20 });
    expect(await h.settled(1)).toMatchObject({ type: 'state', state: 'done', step: 30 });
    expect(h.factory.creates).toHaveLength(1);
    expect(h.factory.trainSteps).toBe(30);
    expect(h.factory.sessions[0].hypers).toEqual([definition.hyper(config({ steps: 20 })), definition.hyper(changed)]);
    expect(h.of('backend', 1)).toHaveLength(1);
  });
});

describe('worker runtime: failures', () => {
  it('a backend failure resumes on the next backend from the last checkpoint', async () => {
    // Checkpoints every 45 fake ms at 10 ms a step: at steps 5 and 10; the step to 14 throws.
    const h = setup({ failOnceAt: 14 }, { checkpointMs: 45 });
    h.start(1, { steps: 20 });
    expect(await h.settled(1)).toMatchObject({ type: 'state', state: 'done', step: 20 });
    const [s0, s1] = h.factory.sessions;
    const last = s0.checkpoints.at(-1)!;
    expect(last.step).toBe(10);

    const [first, second] = h.of('backend', 1);
    expect(first).toMatchObject({ backend: 'cpu', resumedAt: undefined });
    expect(second).toMatchObject({ backend: 'wasm', resumedAt: last.step });
    expect(second.notes[0]).toMatch(/^cpu failed at step \d+: fake backend lost\. Continuing from step 10\.$/);
    // The page got that checkpoint too, before the fallback.
    const before = h.port.sent.slice(0, h.port.sent.indexOf(second));
    const posted = before.filter((m) => m.type === 'checkpoint');
    expect(posted.at(-1)).toMatchObject({ checkpoint: { step: last.step } });

    expect(h.factory.creates).toHaveLength(2);
    expect(h.factory.creates[1].resume).toBe(last);
    expect(s0.disposed).toBe(true);
    expect(h.host.dropped).toEqual(['cpu']);
    expect(s1.step).toBe(20);
    expect(h.factory.trainSteps).toBe(13 + (20 - last.step));
  });

  it('a NaN in a divergence series stops the run with a fatal error, after the points before it', async () => {
    const h = setup({ nanAt: 12 });
    h.start(1, { steps: 40 });
    const end = await h.settled(1);
    expect(end).toMatchObject({ type: 'error', fatal: true });
    expect(end.type === 'error' && end.message).toMatch(/diverged at step 12 \(loss is NaN\)/);
    const points = h.of('metrics', 1).flatMap((m) => m.points);
    expect(points.map((p) => p.step)).toEqual(range(1, 12));
    expect(points.slice(0, 11).every((p) => Number.isFinite(p.loss))).toBe(true);
    expect(points[11].loss).toBeNaN();
    expect(h.of('state', 1).some((m) => m.state === 'done')).toBe(false);
    await until('the session to be disposed', () => h.factory.sessions[0].disposed);
    await turns(10);
    expect(h.factory.trainSteps).toBeLessThan(40);
  });
});

describe('worker runtime: schedule', () => {
  it("reads metric points back in batches, each point with the definition's series", async () => {
    const data = vi.spyOn(tf.Tensor.prototype, 'data');
    try {
      // A readback at most every 35 fake ms at 10 ms a step: about one per 4 points.
      const h = setup({}, { readMs: 35, flushMs: 35 });
      h.start(1, { steps: 40 });
      expect(await h.settled(1)).toMatchObject({ type: 'state', state: 'done', step: 40 });
      const msgs = h.of('metrics', 1);
      const points = msgs.flatMap((m) => m.points);
      expect(points.map((p) => p.step)).toEqual(range(1, 40));
      for (const p of points) {
        expect(Object.keys(p).sort()).toEqual(['coinRate', 'loss', 'step']);
        expect(p.coinRate).toBeCloseTo(p.step / 100, 6);
        expect(p.loss).toBeCloseTo(1 / p.step, 6);
      }
      expect(data.mock.calls.length).toBeGreaterThan(0);
      expect(data.mock.calls.length).toBeLessThanOrEqual(points.length / 3);
      expect(msgs.length).toBeLessThanOrEqual(points.length / 3);
      expect(msgs.every((m) => m.points.length > 1)).toBe(true);
    } finally {
      data.mockRestore();
    }
  });

  /** The analyses' start times while stepping are more than `gap` fake ms apart; their count is bounded. */
  function expectSpaced(analyses: FakeAnalysis[], maxSteps: number, elapsed: number, gap: number): void {
    expect(analyses.length).toBeGreaterThanOrEqual(3);
    expect(analyses.length).toBeLessThanOrEqual(Math.floor(elapsed / gap) + 2);
    const during = analyses.filter((a) => a.step < maxSteps);
    for (let i = 1; i < during.length; i++) expect(during[i].t - during[i - 1].t).toBeGreaterThan(gap);
  }

  it('posts analyses no more often than analyseMs', async () => {
    const h = setup({}, { analyseMs: 100, flushMs: 15 });
    h.start(1, { steps: 60 });
    expect(await h.settled(1)).toMatchObject({ type: 'state', state: 'done', step: 60 });
    const posted = h.of('analysis', 1).map((m) => m.analysis);
    expect(posted).toEqual(h.factory.analyses);
    expect(h.clock.t).toBe(60 * STEP_MS);
    expectSpaced(posted, 60, h.clock.t, 100);
  });

  it('spaces slow analyses so that they take at most analyseShare of the time', async () => {
    // Each analysis takes 40 fake ms; at a share of 0.2 they come at most every 200 ms.
    const h = setup({ analyseCostMs: 40 }, { analyseMs: 50, analyseShare: 0.2, flushMs: 15 });
    h.start(1, { steps: 60 });
    expect(await h.settled(1)).toMatchObject({ type: 'state', state: 'done', step: 60 });
    const posted = h.of('analysis', 1).map((m) => m.analysis);
    expect(posted).toEqual(h.factory.analyses);
    expectSpaced(posted, 60, h.clock.t, 200);
  });

  it('uses the cheaper periodic analysis while stepping and the full one when the run stops or its settings change', async () => {
    const h = setup({ periodic: true }, { analyseMs: 50, flushMs: 15 });
    h.factory.onStep = (s) => {
      if (s.step === 30) h.port.send({ type: 'options', runId: 1, options: { anchors: 10 } });
    };
    h.start(1, { steps: 60 });
    expect(await h.settled(1)).toMatchObject({ type: 'state', state: 'done', step: 60 });
    const posted = h.of('analysis', 1).map((m) => m.analysis);
    const during = posted.filter((a) => a.step < 60);
    expect(during.filter((a) => a.kind === 'periodic').length).toBeGreaterThanOrEqual(2);
    // The analysis after the settings changed is a full one; so is the last, at the end of the run.
    expect(during.find((a) => a.step >= 30)).toMatchObject({ kind: 'full' });
    expect(posted.at(-1)).toMatchObject({ step: 60, kind: 'full' });
  });

  it('leaves no tensors behind: the count is flat during the run and back to the start after it', async () => {
    const start = tf.memory().numTensors;
    const h = setup();
    h.start(1, { steps: 30 });
    expect(await h.settled(1)).toMatchObject({ type: 'state', state: 'done', step: 30 });
    const counts = h.of('metrics', 1).map((m) => m.tensors);
    expect(counts.length).toBeGreaterThan(1);
    expect(new Set(counts)).toEqual(new Set([start + 1])); // the fake's one weight tensor
    h.port.send({ type: 'stop', runId: 1 });
    await until('the session to be disposed', () => h.factory.sessions[0].disposed);
    expect(tf.memory().numTensors).toBe(start);
  });
});
