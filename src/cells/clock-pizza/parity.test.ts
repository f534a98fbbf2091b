/**
 * The page and the Node scripts give the same run for the same config. The cell's definition and
 * session driven by the worker runtime (serveOn, as the page's worker runs them: setHyper at open,
 * metric points on the schedule read back in batches, analyses and checkpoints between steps)
 * against the session driven as scripts/clockpizza-trend.ts drives it (trainStep, evaluate every N,
 * analyse). Same backend (CPU here), so every metric and the final analysis agree bit for bit.
 * (In the page on WASM, 2 threads, against Node's 1 thread, the same held at p 59, d_model 128 over
 * 2,000 steps: see this cell's README.)
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../core/experiment';
import { DEFAULT_SCHEDULE } from '../../../workers/runtime/cadence';
import { serveOn } from '../../../workers/runtime/serve';
import type { FromWorker, ToWorker } from '../../../workers/protocol';
import { FakeHost } from '../../../tests/workers/runtime-fakes';
import { CLOCK_PIZZA_DEFAULTS, type ClockPizzaConfig } from './config';
import { definition } from './definition';
import { createClockPizzaSession, type ClockPizzaAnalysis } from './session';

const CONFIG: ClockPizzaConfig = { ...CLOCK_PIZZA_DEFAULTS, p: 13, d_model: 16, alpha: 0, lr: 5e-3, frac: 0.8, wd: 2, seed: 0, steps: 60 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Msg = FromWorker<ClockPizzaAnalysis>;

/** The run as the page's worker runs it, to the end: its metric points, last analysis and checkpoints. */
async function pageRun(config: ClockPizzaConfig) {
  const posted: Msg[] = [];
  let deliver: (m: ToWorker<ClockPizzaConfig>) => void = () => undefined;
  serveOn(definition, { create: (c, resume) => createClockPizzaSession(c, resume) }, {
    port: { post: (m) => void posted.push(m), listen: (h) => (deliver = h) },
    host: new FakeHost(),
    // Checkpoints and analyses as often as possible, so they interleave with the steps.
    schedule: { ...DEFAULT_SCHEDULE, checkpointMs: 0, analyseMs: 0, analyseShare: 1 },
  });
  deliver({ type: 'start', runId: 1, config, backend: 'cpu' });
  const t0 = performance.now();
  for (;;) {
    const err = posted.find((m) => m.type === 'error');
    if (err) throw new Error(`worker error: ${JSON.stringify(err)}`);
    const done = posted.some((m) => m.type === 'state' && m.state === 'done');
    const last = posted.filter((m) => m.type === 'analysis').at(-1);
    if (done && last?.type === 'analysis' && last.analysis.step === config.steps) break;
    if (performance.now() - t0 > 30_000) throw new Error('the worker run did not finish');
    await new Promise((r) => setTimeout(r, 20));
  }
  deliver({ type: 'stop', runId: 1 });
  const points = posted.flatMap((m) => (m.type === 'metrics' ? m.points : []));
  const analyses = posted.filter((m): m is Extract<Msg, { type: 'analysis' }> => m.type === 'analysis');
  const checkpoints = posted.filter((m) => m.type === 'checkpoint').length;
  return { points, analysis: analyses.at(-1)!.analysis, analyses: analyses.length, checkpoints };
}

/** The run as scripts/clockpizza-trend.ts runs it. */
async function scriptRun(config: ClockPizzaConfig, every: number) {
  const s = createClockPizzaSession(config);
  const points: MetricPoint[] = [await s.evaluate()];
  while (s.step < config.steps) {
    for (let i = 0; i < every && s.step < config.steps; i++) s.trainStep();
    points.push(await s.evaluate());
  }
  const analysis = await s.analyse();
  s.dispose();
  return { points, analysis };
}

describe('clock-pizza: the page\'s run == the Node script\'s run', () => {
  it('agree bit for bit (CPU backend, p 13, d_model 16, 60 steps), with analyses and checkpoints between steps', async () => {
    const page = await pageRun(CONFIG);
    const script = await scriptRun(CONFIG, 10);
    expect(page.analyses).toBeGreaterThan(3);
    expect(page.checkpoints).toBeGreaterThan(3);
    const byStep = new Map(page.points.map((p) => [p.step, p]));
    let compared = 0;
    for (const q of script.points) {
      const p = byStep.get(q.step);
      if (!p) continue;
      expect(p, `step ${q.step}`).toEqual(q);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(6);
    expect(page.analysis.step).toBe(CONFIG.steps);
    for (const k of ['circularity', 'gradSymmetricity', 'distanceIrrelevance'] as const) expect(page.analysis[k], k).toBe(script.analysis[k]);
    expect(page.analysis.keyFrequencies).toEqual(script.analysis.keyFrequencies);
    expect(Array.from(page.analysis.spectrum)).toEqual(Array.from(script.analysis.spectrum));
  });
});
