/// <reference lib="webworker" />
/**
 * Worker entry of the relative-representations cell: fetches the Brown corpus (once per worker),
 * then the shared runtime around the two skip-gram models and their comparison.
 */
import { serve } from '../../../workers/runtime';
import { globalEnv } from '../../core/assets';
import type { Corpus } from './corpus';
import { definition } from './definition';
import { loadBrown } from './loader';
import { createRelrepsSession } from './session';

/** data/brown/ beside the page (Vite's base URL, so a site served from a sub-path works). */
const BASE = new URL(`${import.meta.env.BASE_URL}data/brown/`, self.location.origin).href;

let corpus: Corpus | null = null;

serve(definition, {
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
  transfer: (a) => {
    const t: ArrayBuffer[] = [...a.probe.abs, ...a.probe.rel].map((x) => x.buffer as ArrayBuffer);
    if (a.vectors) t.push(...a.vectors.values.map((x) => x.buffer as ArrayBuffer));
    return t;
  },
});
