/// <reference lib="webworker" />
/**
 * Worker entry of the relative-representations cell: fetches the Brown corpus (once per worker),
 * then the shared runtime around the two skip-gram models and their comparison.
 */
import { serve } from '../../../workers/runtime';
import { loadOnce } from '../../../workers/runtime/load-once';
import { globalEnv } from '../../core/assets';
import { definition } from './definition';
import { loadBrown } from './loader';
import { createRelrepsSession } from './session';

/** data/brown/ beside the page (Vite's base URL, so a site served from a sub-path works). */
const BASE = new URL(`${import.meta.env.BASE_URL}data/brown/`, self.location.origin).href;

const corpus = loadOnce('the Brown corpus', (progress) => loadBrown(BASE, globalEnv(), progress));

serve(definition, {
  prepare: (_c, progress) => corpus.load(progress),
  create: (c, resume) => createRelrepsSession(c, corpus.value, resume),
  transfer: (a) => {
    const t: ArrayBuffer[] = [...a.probe.abs, ...a.probe.rel].map((x) => x.buffer as ArrayBuffer);
    if (a.vectors) t.push(...a.vectors.values.map((x) => x.buffer as ArrayBuffer));
    return t;
  },
});
