/// <reference lib="webworker" />
/**
 * Worker entry of the adversarial-features cell: fetches the MNIST shards it needs (the first
 * training shard and the test set, through the loader the label-noise cell uses), then the shared
 * runtime around its session.
 */
import { serve } from '../../../workers/runtime';
import { loadOnce } from '../../../workers/runtime/load-once';
import { globalEnv } from '../../core/assets';
import { loadMnist } from '../../core/mnist/loader';
import { SOURCE_SIZE } from './config';
import { runData } from './data';
import { definition } from './definition';
import { AdvSession } from './session';
import { resumeFrom } from '../../core/checkpoint';

/** data/mnist/ beside the page (Vite's base URL, so a site served from a sub-path works). */
const BASE = new URL(`${import.meta.env.BASE_URL}data/mnist/`, self.location.origin).href;

const digits = loadOnce('the MNIST digits', async (progress) => runData(await loadMnist(BASE, SOURCE_SIZE, globalEnv(), progress)));

serve(definition, {
  prepare: (_c, progress) => digits.load(progress),
  create: (c, resume) => resumeFrom(new AdvSession(c, digits.value), resume),
  transfer: (a) => a.galleries.flatMap((g) => [g.clean.buffer, g.adversarial.buffer, g.perturbation.buffer] as ArrayBuffer[]),
});
