/**
 * The relreps session on a tiny synthetic corpus: both models learn (held-out loss falls), memory
 * stays flat over steps, analyses, queries and checkpoints, a checkpoint resumes exactly, bad
 * comparison settings are refused, a step on the WASM backend (scatterND summing repeated
 * rows) matches the CPU backend's, and the periodic analysis scores a fixed sample the way the
 * full one scores its words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { RELREPS_DEFAULTS, type RelrepsConfig } from './config';
import { createRelrepsSession } from './session';
import { Diverged } from '../../core/experiment';
import { splittableCorpus, syntheticCorpus } from './synthetic.fixture';
import { compareSpaces, centred, relative } from './metrics';
import { PERIODIC_WORDS } from './config';

const corpus = syntheticCorpus(600);
// The synthetic vocabulary has 36 words: keep all of them (no top-100 drop would leave none), so
// tests use the session's helpers directly where that matters.
const cfg = (over: Partial<RelrepsConfig> = {}): RelrepsConfig => ({
  ...RELREPS_DEFAULTS,
  dim: 8,
  window: 2,
  negatives: 3,
  batch: 32,
  subsample: '0',
  steps: 200,
  lr: 0.05,
  anchors: 4,
  k: 3,
  evalWords: '1000',
  share: '100',
  ...over,
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('RelrepsSession', () => {
  it('refuses a corpus too small to compare (the 100 most frequent shared words are left out)', () => {
    expect(() => createRelrepsSession(cfg(), corpus)).toThrow(/only 0 words are shared/);
  });
});

/** The synthetic corpus has too few words for the top-100 drop: pad its vocabulary with many rare-but-frequent-enough words. */
function biggerCorpus() {
  const base = syntheticCorpus(2400, 4);
  const extra = Array.from({ length: 200 }, (_, i) => `w${i}`);
  const vocab = [...base.vocab, ...extra];
  const tokens = Array.from(base.tokens);
  const offsets = [...base.offsets];
  // 200 extra sentences, each of 10 extra words (every extra word appears 10 times).
  for (let s = 0; s < 200; s++) {
    for (let j = 0; j < 10; j++) tokens.push(base.vocab.length + ((s * 7 + j * 13) % 200));
    offsets.push(tokens.length);
  }
  const files = base.files.map((f, i) => (i === base.files.length - 1 ? { ...f, sentences: f.sentences + 200 } : f));
  return { ...base, vocab, tokens: Uint32Array.from(tokens), offsets: Uint32Array.from(offsets), files };
}

describe('RelrepsSession on a corpus with enough words', () => {
  const big = biggerCorpus();

  it('trains both models, keeps the tensor count flat, and answers queries', async () => {
    const s = createRelrepsSession(cfg({ pair: 'w2v-vs-ft' }), big);
    expect(s.shared.length).toBe(236 - 100);
    const before = await s.evaluate();
    s.trainStep();
    await s.evaluate();
    s.setOptions({ query: 'monday' });
    await s.analyse();
    await s.checkpoint();
    const n = tf.memory().numTensors;
    for (let i = 0; i < 60; i++) s.trainStep();
    const after = await s.evaluate();
    const a = await s.analyse();
    await s.checkpoint();
    s.setOptions({ query: 'mondays' }); // unseen: fastText builds it from n-grams, word2vec does not know it
    const q = (await s.analyse()).query;
    expect(tf.memory().numTensors).toBe(n);
    expect(after.trainLoss).toBeLessThan(before.trainLoss);
    expect(after.testLoss).toBeLessThan(before.testLoss);
    expect(a.names).toEqual(['word2vec', 'fastText']);
    expect(a.query?.word).toBe('monday');
    expect(a.query?.source).toEqual(['vocabulary', 'vocabulary']);
    expect(a.query?.abs[0].length).toBe(8);
    expect(q?.source).toEqual([null, 'n-grams']);
    expect(a.probe.words).toContain('monday');
    expect(a.probe.abs[0].length).toBe(2 * a.probe.words.length);
    expect(a.anchorWords.length).toBe(4);
    expect(a.epochs[0]).toBeGreaterThan(0);
    s.dispose();
  }, 60_000);

  it('resumes exactly from a checkpoint (two models of one kind side by side: the ceiling pair)', async () => {
    const a = createRelrepsSession(cfg({ pair: 'w2v-vs-w2v' }), big);
    for (let i = 0; i < 12; i++) a.trainStep();
    const c = await a.checkpoint();
    for (let i = 0; i < 5; i++) a.trainStep();
    const want = await a.checkpoint();
    const b = createRelrepsSession(cfg({ pair: 'w2v-vs-w2v' }), big, c);
    expect(b.step).toBe(12);
    for (let i = 0; i < 5; i++) b.trainStep();
    const got = await b.checkpoint();
    for (const key of Object.keys(want.tensors)) expect(Array.from(got.tensors[key].values)).toEqual(Array.from(want.tensors[key].values));
    a.dispose();
    b.dispose();
    // A checkpoint of another config is refused with a reason.
    expect(() => createRelrepsSession(cfg({ pair: 'w2v-vs-w2v', dim: 16 }), big, c)).toThrow(/shape/);
    expect(() => createRelrepsSession(cfg({ pair: 'w2v-vs-ft' }), big, c)).toThrow(/missing/);
  });

  it('refuses to analyse non-finite vectors (a diverged run) with a clear message, without leaking tensors', async () => {
    const s = createRelrepsSession(cfg(), big);
    const m = s.models[1];
    tf.tidy(() => m.wIn.assign(tf.fill(m.wIn.shape, NaN)));
    const n = tf.memory().numTensors;
    await expect(s.analyse()).rejects.toThrow(/Training diverged by step 0: fastText holds non-finite vectors/);
    await expect(s.analyse()).rejects.toBeInstanceOf(Diverged);
    expect(tf.memory().numTensors).toBe(n);
    s.dispose();
  });

  it('refuses bad comparison settings and keeps the old ones', async () => {
    const s = createRelrepsSession(cfg(), big);
    expect(() => s.setOptions({ k: 0 })).toThrow(/neighbours k/);
    expect(() => s.setOptions({ centre: 'maybe' })).toThrow(/mean-centre/);
    const a = await s.analyse();
    expect(a.k).toBe(3);
    s.setOptions({ anchors: 10, anchorChoice: 'frequent', centre: 'off' });
    const b = await s.analyse();
    expect(b.anchorWords.length).toBe(10);
    expect(b.centre).toBe(false);
    s.dispose();
  });

  it('a step on WASM (rows repeated within a batch summed by scatterND) matches the CPU backend', async () => {
    const weights = async (backend: string) => {
      expect(await tf.setBackend(backend)).toBe(true);
      const s = createRelrepsSession(cfg({ pair: 'w2v-vs-ft' }), big);
      s.trainStep();
      s.trainStep();
      const c = await s.checkpoint();
      s.dispose();
      return c;
    };
    const cpu = await weights('cpu');
    const wasm = await weights('wasm');
    for (const key of Object.keys(cpu.tensors)) {
      const [x, y] = [cpu.tensors[key].values, wasm.tensors[key].values];
      let worst = 0;
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
      expect(worst, key).toBeLessThan(1e-5);
    }
  }, 60_000);
});

describe('RelrepsSession: the periodic analysis (a fixed sample, while the run steps)', () => {
  const corpus = splittableCorpus(); // over 1,100 shared words: the sample is a part of the full scoring's words
  const config = cfg({ dim: 12, window: 3, batch: 128, anchors: 40, k: 5, evalWords: '1000', pair: 'w2v-vs-ft' });

  /** The scores of both directions the old way (compareSpaces one direction at a time) over `rows`. */
  async function reference(s: ReturnType<typeof createRelrepsSession>, rows: Int32Array) {
    const spaces = [0, 1].map((i) => s.vectorsOf(i, s.shared));
    const prepared = spaces.map((x) => centred(x));
    const rel = spaces.map((x) => relative(x, s.anchorRows(), true));
    try {
      return {
        abs: { ab: await compareSpaces(prepared[0], prepared[1], 5, rows), ba: await compareSpaces(prepared[1], prepared[0], 5, rows) },
        rel: { ab: await compareSpaces(rel[0], rel[1], 5, rows), ba: await compareSpaces(rel[1], rel[0], 5, rows) },
      };
    } finally {
      tf.dispose([...spaces, ...prepared, ...rel]);
    }
  }

  it('scores the same words every time, whatever the settings, all of them among the full scoring\'s', async () => {
    const s = createRelrepsSession(config, corpus);
    const rows = Array.from(s.periodicRows());
    expect(rows.length).toBe(PERIODIC_WORDS);
    expect(new Set(rows).size).toBe(PERIODIC_WORDS);
    const full = new Set(s.evalRows());
    expect(full.size).toBe(1000);
    expect(rows.every((r) => full.has(r))).toBe(true);
    for (let i = 0; i < 5; i++) s.trainStep();
    s.setOptions({ k: 3, anchors: 20, anchorChoice: 'frequent', centre: 'off', evalWords: 'all' });
    expect(Array.from(s.periodicRows())).toEqual(rows);
    expect(s.evalRows().length).toBe(s.shared.length);
    // Another session of the same config draws the same sample; the fixed rows and anchors are computed once.
    const t = createRelrepsSession(config, corpus);
    expect(Array.from(t.periodicRows())).toEqual(rows);
    expect(t.anchorRows()).toBe(t.anchorRows());
    expect(t.evalRows()).toBe(t.evalRows());
    s.dispose();
    t.dispose();
  }, 60_000);

  it('equals the full scoring restricted to its words, says which it is, and repeats exactly', async () => {
    const s = createRelrepsSession(config, corpus);
    for (let i = 0; i < 40; i++) s.trainStep();
    const p = await s.analysePeriodic();
    const again = await s.analysePeriodic();
    const f = await s.analyse();
    expect(p).toMatchObject({ sample: 'periodic', evalWords: PERIODIC_WORDS, fullWords: 1000, step: 40 });
    expect(f).toMatchObject({ sample: 'full', evalWords: 1000, fullWords: 1000, step: 40 });
    expect(again.scores).toEqual(p.scores);
    expect(p.anchorWords).toEqual(f.anchorWords);
    expect(p.probe).toEqual(f.probe); // the pictures do not depend on the words scored
    expect(p.scores).toEqual(await reference(s, s.periodicRows()));
    // The full analysis scores as before: the evalWords setting's sample, each direction as compareSpaces scores it.
    expect(f.scores).toEqual(await reference(s, s.evalRows()));
    expect(f.scores.rel.ab.jaccard).not.toBe(p.scores.rel.ab.jaccard); // (another sample of words, other numbers)
    s.dispose();
  }, 60_000);

  it('keeps the tensor count flat, and refuses non-finite vectors as the full one does', async () => {
    const s = createRelrepsSession(config, corpus);
    s.setOptions({ query: 'monday' });
    await s.analysePeriodic();
    const n = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      s.trainStep();
      expect((await s.analysePeriodic()).query?.word).toBe('monday');
      await s.analyse();
    }
    expect(tf.memory().numTensors).toBe(n);
    tf.tidy(() => s.models[0].wIn.assign(tf.fill(s.models[0].wIn.shape, NaN)));
    await expect(s.analysePeriodic()).rejects.toBeInstanceOf(Diverged);
    expect(tf.memory().numTensors).toBe(n);
    s.dispose();
  }, 60_000);
});

