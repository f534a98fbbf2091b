/**
 * The relreps Export can be re-checked: an export built the way the page builds it (a real session
 * on a synthetic corpus split by genre, its analysis's vectors turned into the export's `vectors`
 * block, the whole through buildExport and JSON) holds what the metrics read, and recomputing
 * Jaccard@k, MRR@k and the cosine (absolute and relative, both directions) from the file alone with
 * ./metrics.ts gives the page's numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildExport } from '../../state/export';
import { RELREPS_DEFAULTS, type RelrepsConfig } from './config';
import { VectorsExport, type VectorsBlock } from './export-vectors';
import { recheckScores } from './recheck';
import { createRelrepsSession, type RelrepsSession } from './session';
import { splittableCorpus } from './synthetic.fixture';

const cfg = (over: Partial<RelrepsConfig>): RelrepsConfig => ({
  ...RELREPS_DEFAULTS,
  share: '100',
  dim: 12,
  window: 3,
  negatives: 3,
  batch: 128,
  subsample: '0',
  steps: 150,
  lr: 0.1,
  anchors: 40,
  k: 5,
  ...over,
});

/** Train, then export as the page does: ask for the vectors, take the analysis that carries them, buildExport, JSON. */
async function exportOf(s: RelrepsSession, steps: number, analyse = () => s.analyse()) {
  for (let i = 0; i < steps; i++) s.trainStep();
  const vectors = new VectorsExport({ ask: () => s.setOptions({ exportVectors: true }) });
  const extras = vectors.extras('done');
  const a = await analyse();
  vectors.offer(a);
  const data = buildExport({
    cell: 'relreps',
    link: '',
    config: s.config,
    backend: { chosen: 'cpu', used: 'cpu', notes: [] },
    results: { scores: a.scores },
    history: [],
    analysis: a,
    extras: await extras,
  });
  const text = JSON.stringify(data, null, 1);
  return { a, text, file: JSON.parse(text) as { analysis: Record<string, unknown>; vectors: VectorsBlock; results: { scores: unknown } } };
}

/** The four directions' Jaccard, MRR and cosine, side by side. */
function expectClose(got: Awaited<ReturnType<typeof recheckScores>>, want: Awaited<ReturnType<typeof recheckScores>>) {
  for (const space of ['abs', 'rel'] as const)
    for (const dir of ['ab', 'ba'] as const)
      for (const key of ['jaccard', 'mrr', 'cosine'] as const) expect(got[space][dir][key], `${space} ${dir} ${key}`).toBeCloseTo(want[space][dir][key], 6);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('relreps export, re-checked from the file alone', () => {
  const corpus = splittableCorpus();

  it('split by genre, a sample of 1,000 scored words: Jaccard@k and MRR@k recomputed from the export match the page', async () => {
    const s = createRelrepsSession(cfg({ pair: 'w2v-vs-ft', split: 'genre', evalWords: '1000', centre: 'on' }), corpus);
    const { a, file, text } = await exportOf(s, 120);
    s.dispose();
    const v = file.vectors;
    // What the metrics need is in the file, once.
    expect(file.analysis.vectors).toBeUndefined();
    expect(text.split('"values"').length - 1).toBe(2);
    expect(v.step).toBe(120);
    expect(v.models.map((m) => m.text)).toEqual(a.texts);
    expect(v.models.map((m) => m.words.length)).toEqual(a.vocab);
    expect(v.models[0].counts.every((c) => Number.isInteger(c) && c >= 5)).toBe(true);
    expect(v.shared.words.length).toBe(a.sharedVocab);
    expect(a.sharedVocab).toBeGreaterThan(1000);
    expect(v.shared.index[1].map((j) => v.models[1].words[j])).toEqual(v.shared.words);
    expect(v.anchors.map((r) => v.shared.words[r])).toEqual(a.anchorWords);
    expect(v.evalRows.length).toBe(1000);
    expect(new Set(v.evalRows).size).toBe(1000);
    expect(v.settings).toMatchObject({ split: 'genre', evalWords: '1000', anchors: 40, anchorChoice: 'random', k: 5, centre: 'on', seed: 0 });
    expect(file.results.scores).toEqual(v.scores);
    expectClose(await recheckScores(v), a.scores);
    // The check reads the file's indices: other anchors or another sample give other numbers.
    const shifted = await recheckScores({ ...v, anchors: v.anchors.map((r) => (r + 1) % a.sharedVocab) });
    expect(shifted.rel.ab.jaccard).not.toBeCloseTo(a.scores.rel.ab.jaccard, 6);
    const first = await recheckScores({ ...v, evalRows: Array.from({ length: 1000 }, (_, i) => i) });
    expect(first.abs.ab.cosine).not.toBeCloseTo(a.scores.abs.ab.cosine, 6);
  }, 120_000);

  it('split by files, every shared word scored, not centred, frequent anchors: the same check', async () => {
    const s = createRelrepsSession(cfg({ pair: 'w2v-vs-w2v', split: 'files', evalWords: 'all', centre: 'off', anchorChoice: 'frequent', k: 10 }), corpus);
    const { a, file } = await exportOf(s, 60);
    s.dispose();
    expect(file.vectors.evalRows).toEqual(Array.from({ length: a.sharedVocab }, (_, i) => i));
    expect(file.vectors.anchors).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(file.vectors).toMatchObject({ k: 10, centre: false });
    expectClose(await recheckScores(file.vectors), a.scores);
  }, 120_000);

  it('asked while the run steps (its periodic analyses score a sample), the export still carries the full scoring', async () => {
    const s = createRelrepsSession(cfg({ pair: 'w2v-vs-ft', split: 'whole', evalWords: '1000' }), corpus);
    for (let i = 0; i < 30; i++) s.trainStep();
    const periodic = await s.analysePeriodic();
    expect(periodic).toMatchObject({ sample: 'periodic', evalWords: 300, fullWords: 1000, vectors: null });
    const { a, file } = await exportOf(s, 0, () => s.analysePeriodic());
    expect(a).toMatchObject({ sample: 'full', evalWords: 1000, fullWords: 1000 });
    expect(file.analysis).toMatchObject({ sample: 'full', evalWords: 1000 });
    expect(file.vectors.evalRows.length).toBe(1000);
    expectClose(await recheckScores(file.vectors), a.scores);
    // And the periodic sample's numbers are the full scoring's restricted to its words, from the file alone.
    expect(periodic.step).toBe(a.step);
    expectClose(await recheckScores({ ...file.vectors, evalRows: Array.from(s.periodicRows()) }), periodic.scores);
    expect((await s.analysePeriodic()).sample).toBe('periodic'); // the request is spent
    s.dispose();
  }, 120_000);
});

