import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeVectors, EXPORT_WAIT_MS, vectorsBlock, VectorsExport, VECTORS_FORMAT, type VectorsBlock } from './export-vectors';
import type { RelrepsAnalysis } from './analysis';

const S = { jaccard: 0.5, mrr: 0.25, cosine: 0.125 };
const VECTORS: NonNullable<RelrepsAnalysis['vectors']> = {
  words: [['cat', 'dog', 'eel'], ['dog', 'cat']],
  counts: [Float64Array.of(9, 7, 5), Float64Array.of(8, 6)],
  dim: 2,
  values: [Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(0.1, 0.2, 0.3, 0.4)],
  shared: [Int32Array.of(1, 0), Int32Array.of(0, 1)],
  anchors: Int32Array.of(0),
  evalRows: Int32Array.of(1, 0),
  settings: { k: 1, seed: 0 },
};
const analysis = (vectors: RelrepsAnalysis['vectors']) =>
  ({
    step: 7,
    names: ['word2vec', 'fastText'],
    kinds: ['word2vec', 'fasttext'],
    texts: ['a', 'b'],
    k: 1,
    centre: true,
    scores: { abs: { ab: S, ba: S }, rel: { ab: S, ba: S } },
    vectors,
  }) as unknown as RelrepsAnalysis;
const A = analysis(VECTORS);

function setup() {
  const ask = vi.fn();
  return { ask, exporter: new VectorsExport({ ask }) };
}

describe('relreps vectors block', () => {
  it('carries the vocabularies, counts, shared words, anchors, sample, settings and scores; vectors as base64 float32', () => {
    const b = vectorsBlock(A);
    expect(b).toMatchObject({ format: VECTORS_FORMAT, step: 7, k: 1, centre: true, dim: 2, settings: { k: 1, seed: 0 }, anchors: [0], evalRows: [1, 0] });
    expect(b.shared).toEqual({ words: ['dog', 'cat'], index: [[1, 0], [0, 1]] });
    expect(b.models[1]).toMatchObject({ name: 'fastText', kind: 'fasttext', text: 'b', words: ['dog', 'cat'], counts: [8, 6] });
    expect(typeof b.models[0].values).toBe('string');
    expect(b.scores.rel.ab).toEqual(S);
  });

  it('reads back each model’s shared-word rows, in the shared order', () => {
    const d = decodeVectors(JSON.parse(JSON.stringify(vectorsBlock(A))) as VectorsBlock);
    expect(Array.from(d.shared[0])).toEqual([3, 4, 1, 2]);
    expect(Array.from(d.shared[1])).toEqual([0.1, 0.2, 0.3, 0.4].map(Math.fround));
    expect(Array.from(d.evalRows)).toEqual([1, 0]);
  });

  it('refuses a block whose parts do not fit, naming what is wrong', () => {
    const b = vectorsBlock(A);
    expect(() => decodeVectors({ ...b, format: 'x' })).toThrow(/format/);
    expect(() => decodeVectors({ ...b, dim: 3 })).toThrow(/model 1 has 6 values for 3 words of 3/);
    expect(() => decodeVectors({ ...b, shared: { words: ['cat', 'dog'], index: b.shared.index } })).toThrow(/shared word 0 is cat/);
    expect(() => decodeVectors({ ...b, anchors: [2] })).toThrow(/anchors outside the 2 shared words/);
  });
});

describe('relreps vectors export', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('without a live run, says so and asks the worker nothing', async () => {
    for (const status of ['idle', 'error']) {
      const { ask, exporter } = setup();
      expect(await exporter.extras(status)).toEqual({ vectors: null, vectorsNote: 'no live run: train first to export the vectors' });
      expect(ask).not.toHaveBeenCalled();
    }
  });

  it('asks once, then takes the first analysis that carries vectors', async () => {
    const { ask, exporter } = setup();
    const pending = exporter.extras('running');
    expect(ask).toHaveBeenCalledTimes(1);
    exporter.offer(analysis(null)); // an analysis without them: still waiting
    await vi.advanceTimersByTimeAsync(EXPORT_WAIT_MS - 1);
    exporter.offer(A);
    expect(await pending).toEqual({ vectors: vectorsBlock(A) });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up after a minute with a note; vectors arriving later go nowhere', async () => {
    const { exporter } = setup();
    const pending = exporter.extras('paused');
    await vi.advanceTimersByTimeAsync(EXPORT_WAIT_MS);
    expect(await pending).toEqual({ vectors: null, vectorsNote: 'the worker did not send the vectors in time' });
    exporter.offer(A); // no one waits: nothing happens
    const again = exporter.extras('done');
    exporter.offer(A);
    expect(((await again).vectors as VectorsBlock).dim).toBe(2);
  });

  it('offered vectors with no export waiting are not kept for a later one', async () => {
    const { exporter } = setup();
    exporter.offer(A);
    const pending = exporter.extras('running');
    await vi.advanceTimersByTimeAsync(EXPORT_WAIT_MS);
    expect((await pending).vectors).toBeNull();
  });
});
