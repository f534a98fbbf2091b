/// <reference lib="webworker" />
/**
 * Worker entry of the label-noise cell: fetches the MNIST shards a run needs (once per worker),
 * then the shared runtime around its session.
 */
import { serve } from '../../../workers/runtime';
import { definition } from './definition';
import { globalEnv, loadMnist } from '../../core/mnist/loader';
import { createLabelNoiseSession, type LabelNoiseData } from './session';

/** data/mnist/ beside the page (Vite's base URL, so a site served from a sub-path works). */
const BASE = new URL(`${import.meta.env.BASE_URL}data/mnist/`, self.location.origin).href;

let data: { cleanSize: number; value: LabelNoiseData } | null = null;

serve(definition, {
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
  transfer: (a) => [a.confusion.buffer as ArrayBuffer, a.labelCounts.buffer as ArrayBuffer, a.misclassified.images.buffer as ArrayBuffer],
});
