/// <reference lib="webworker" />
/**
 * Worker entry of the relative-representations cell: fetches the Brown corpus (once per
 * worker), then runs the shared loop around the two skip-gram models and their comparison.
 */
import { serve } from '../../../workers/runtime';
import { validate } from '../../core/params';
import { globalEnv } from '../../core/assets';
import { RELREPS_PARAMS, type RelrepsConfig } from './config';
import type { Corpus } from './corpus';
import { loadBrown } from './loader';
import { createRelrepsSession, type RelrepsAnalysis } from './session';

/** data/brown/ beside the page (Vite's base URL, so a site served from a sub-path works). */
const BASE = new URL(`${import.meta.env.BASE_URL}data/brown/`, self.location.origin).href;

let corpus: Corpus | null = null;

serve<RelrepsConfig, RelrepsAnalysis>({
  validate: (c) =>
    typeof c === 'object' && c !== null ? validate(RELREPS_PARAMS, c as Record<string, unknown>) : ['the configuration is not an object'],
  async prepare(_c, progress) {
    if (corpus) return;
    try {
      corpus = await loadBrown(BASE, globalEnv(), progress);
    } catch (e) {
      throw new Error(`Could not load the Brown corpus: ${(e as Error).message}`);
    }
  },
  create: (c, resume) => {
    if (!corpus) throw new Error('relreps: the corpus is not loaded');
    return createRelrepsSession(c, corpus, resume);
  },
  maxSteps: (c) => c.steps,
  hyper: (c) => ({ lr: c.lr, weightDecay: 0 }),
  // The held-out loss is two forward passes: cheap, but no need for every step.
  evalEvery: (step) => (step < 20 ? 1 : step < 500 ? 10 : 25),
  // The fastText n-gram table is ~85,000 x 100 floats: checkpoint it every 20 s, not every 3 s.
  checkpointMs: 20000,
  // Gathers, scatters and element-wise products, not matrix products: XNNPACK's second thread gains
  // nothing (`node scripts/bench.mjs --cells relreps --backends wasm --skip page,success,tensors,torch`,
  // runs minutes apart: 37.8 ms/step on 1 thread, 39.6 on 2) and, on a 2-core machine, takes the core
  // the page draws this cell's six charts on.
  wasmThreads: 1,
  transfer: (a) => {
    const t: ArrayBuffer[] = [...a.probe.abs, ...a.probe.rel].map((x) => x.buffer as ArrayBuffer);
    if (a.vectors) t.push(...a.vectors.values.map((x) => x.buffer as ArrayBuffer));
    return t;
  },
});
