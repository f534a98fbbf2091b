import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXPORT_WAIT_MS, VectorsExport } from './export-vectors';
import type { RelrepsAnalysis } from './analysis';

const VECTORS: NonNullable<RelrepsAnalysis['vectors']> = {
  words: [['cat', 'dog'], ['cat']],
  dim: 2,
  values: [Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6)],
};

function setup() {
  const ask = vi.fn();
  const exporter = new VectorsExport({ ask, names: () => ['word2vec', 'fastText'] });
  return { ask, exporter };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('relreps vectors export', () => {
  it('without a live run, says so and asks the worker nothing', async () => {
    for (const status of ['idle', 'error']) {
      const { ask, exporter } = setup();
      expect(await exporter.extras(status)).toEqual({ vectors: null, vectorsNote: 'no live run: train first to export the vectors' });
      expect(ask).not.toHaveBeenCalled();
    }
  });

  it('asks once, then takes the vectors of the first analysis that carries them, named by model', async () => {
    const { ask, exporter } = setup();
    const pending = exporter.extras('running');
    expect(ask).toHaveBeenCalledTimes(1);
    exporter.offer(null); // an analysis without them: still waiting
    await vi.advanceTimersByTimeAsync(EXPORT_WAIT_MS - 1);
    exporter.offer(VECTORS);
    expect(await pending).toEqual({
      vectors: {
        dim: 2,
        models: [
          { name: 'word2vec', words: ['cat', 'dog'], values: VECTORS.values[0] },
          { name: 'fastText', words: ['cat'], values: VECTORS.values[1] },
        ],
      },
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up after a minute with a note; vectors arriving later go nowhere', async () => {
    const { exporter } = setup();
    const pending = exporter.extras('paused');
    await vi.advanceTimersByTimeAsync(EXPORT_WAIT_MS);
    expect(await pending).toEqual({ vectors: null, vectorsNote: 'the worker did not send the vectors in time' });
    exporter.offer(VECTORS); // no one waits: nothing happens
    const again = exporter.extras('done');
    exporter.offer(VECTORS);
    expect(((await again).vectors as { dim: number }).dim).toBe(2);
  });

  it('offered vectors with no export waiting are not kept for a later one', async () => {
    const { exporter } = setup();
    exporter.offer(VECTORS);
    const pending = exporter.extras('running');
    await vi.advanceTimersByTimeAsync(EXPORT_WAIT_MS);
    expect((await pending).vectors).toBeNull();
  });
});
