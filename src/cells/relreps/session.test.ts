/**
 * The relreps session on a tiny synthetic corpus: both models learn (held-out loss falls), memory
 * stays flat over steps, analyses, queries and checkpoints, a checkpoint resumes exactly, bad
 * comparison settings are refused, and a step on the WASM backend (scatterND summing repeated
 * rows) matches the CPU backend's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { RELREPS_DEFAULTS, type RelrepsConfig } from './config';
import { createRelrepsSession } from './session';
import { Diverged } from '../../core/experiment';
import { syntheticCorpus } from './synthetic.fixture';

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
