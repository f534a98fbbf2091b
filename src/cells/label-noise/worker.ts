/// <reference lib="webworker" />
/**
 * Worker entry of the label-noise cell: fetches the MNIST shards a run needs (once per worker),
 * then runs the shared loop around the label-noise core.
 */
import { serve } from '../../../workers/runtime';
import { validate } from '../../core/params';
import { LABEL_NOISE_PARAMS, type LabelNoiseConfig } from './config';
import { globalEnv, loadMnist } from './loader';
import { createLabelNoiseSession, type LabelNoiseAnalysis, type LabelNoiseData } from './session';

/** data/mnist/ beside the page (Vite's base URL, so a site served from a sub-path works). */
const BASE = new URL(`${import.meta.env.BASE_URL}data/mnist/`, self.location.origin).href;

let data: { cleanSize: number; value: LabelNoiseData } | null = null;

serve<LabelNoiseConfig, LabelNoiseAnalysis>({
  validate: (c) =>
    typeof c === 'object' && c !== null ? validate(LABEL_NOISE_PARAMS, c as Record<string, unknown>) : ['the configuration is not an object'],
  async prepare(c, progress) {
    const n = Number(c.cleanSize);
    if (data && data.cleanSize >= n) return;
    try {
      data = { cleanSize: n, value: await loadMnist(BASE, n, globalEnv(), progress) };
    } catch (e) {
      throw new Error(`Could not load the MNIST digits: ${(e as Error).message}`);
    }
  },
  create: (c, resume) => {
    if (!data) throw new Error('label-noise: the MNIST digits are not loaded');
    return createLabelNoiseSession(c, data.value, resume);
  },
  maxSteps: (c) => c.steps,
  hyper: (c) => ({ lr: c.lr, weightDecay: 0 }),
  // The test sample costs about two batches' forward passes: read it every 10 steps, 25 later on.
  evalEvery: (step) => (step < 10 ? 1 : step < 1000 ? 10 : 25),
  transfer: (a) => [a.confusion.buffer as ArrayBuffer, a.labelCounts.buffer as ArrayBuffer, a.misclassified.images.buffer as ArrayBuffer],
});
