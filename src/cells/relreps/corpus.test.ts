/** The CPU side of the relreps cell: corpus decoding and splits, vocabularies, subsampling, batches, noise table, n-grams. */
import { describe, expect, it } from 'vitest';
import { BatchSource, keepProbability, NoiseTable, slotWeights } from './batches';
import { buildText, decodeCorpus, sentencesFor } from './corpus';
import { charNgrams, fnv1a, ngramTable } from './ngrams';
import { createRng } from '../../core/rng';
import { syntheticCorpus } from './synthetic.fixture';

function encode(tokens: number[], offsets: number[], V: number, magic = 'BRN1'): Uint8Array {
  const b = new Uint8Array(16 + 4 * tokens.length + 4 * offsets.length);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < 4; i++) b[i] = magic.charCodeAt(i);
  dv.setUint32(4, tokens.length, true);
  dv.setUint32(8, offsets.length - 1, true);
  dv.setUint32(12, V, true);
  tokens.forEach((t, i) => dv.setUint32(16 + 4 * i, t, true));
  offsets.forEach((o, i) => dv.setUint32(16 + 4 * tokens.length + 4 * i, o, true));
  return b;
}

describe('decodeCorpus', () => {
  const files = [{ name: 'ca01', genre: 'news', firstSentence: 0, sentences: 2 }];
  it('decodes tokens and sentence offsets', () => {
    const c = decodeCorpus(encode([0, 1, 2, 1], [0, 3, 4], 3), ['a', 'b', 'c'], files);
    expect(Array.from(c.tokens)).toEqual([0, 1, 2, 1]);
    expect(Array.from(c.offsets)).toEqual([0, 3, 4]);
  });
  it('names what is wrong with a bad file', () => {
    expect(() => decodeCorpus(encode([0], [0, 1], 1, 'XXXX'), ['a'], files)).toThrow(/magic "XXXX"/);
    expect(() => decodeCorpus(encode([0, 1, 2, 1], [0, 3, 4], 3).subarray(0, 30), ['a', 'b', 'c'], files)).toThrow(/bytes, the header implies/);
    expect(() => decodeCorpus(encode([0, 5], [0, 1, 2], 3), ['a', 'b', 'c'], files)).toThrow(/id 5/);
    expect(() => decodeCorpus(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), [], files)).toThrow(/gzip/);
  });
});

describe('splits and vocabularies', () => {
  const corpus = syntheticCorpus();
  it('the genre and file splits are disjoint and cover the corpus; whole gives both everything', () => {
    for (const split of ['genre', 'files'] as const) {
      const [a, b] = [sentencesFor(corpus, split, 0), sentencesFor(corpus, split, 1)];
      expect(a.length + b.length).toBe(corpus.offsets.length - 1);
      const sa = new Set(a);
      expect(Array.from(b).some((s) => sa.has(s))).toBe(false);
    }
    expect(sentencesFor(corpus, 'whole', 1).length).toBe(corpus.offsets.length - 1);
    // a share of 1/5 keeps every fifth file
    expect(sentencesFor(corpus, 'whole', 0, 0.2).length).toBe(2 * 60);
  });
  it('keeps words seen at least minCount times, most frequent first, with a consistent stream', () => {
    const t = buildText(corpus, sentencesFor(corpus, 'whole', 0), 5);
    for (let i = 1; i < t.counts.length; i++) expect(t.counts[i]).toBeLessThanOrEqual(t.counts[i - 1]);
    expect(t.counts.every((c) => c >= 5)).toBe(true);
    expect(t.stream.length).toBe(t.counts.reduce((a, b) => a + b, 0));
    expect(t.words.every((g, i) => t.local[g] === i)).toBe(true);
    const rare = buildText(corpus, sentencesFor(corpus, 'whole', 0), 1e9);
    expect(rare.words.length).toBe(0);
  });
});

describe('word2vec sampling', () => {
  it("keepProbability is word2vec.c's formula", () => {
    expect(keepProbability(10, 1000, 1e-3)).toBeCloseTo((Math.sqrt(10) + 1) * 0.1, 12);
    expect(keepProbability(1, 1e6, 1e-3)).toBe(1);
    expect(keepProbability(500, 1000, 0)).toBe(1);
  });
  it('the noise table draws in proportion to count^0.75', () => {
    const counts = [1000, 100, 10, 1];
    const table = new NoiseTable(counts);
    const w = counts.map((c) => c ** 0.75);
    const sum = w.reduce((a, b) => a + b, 0);
    const rng = createRng(3);
    const hits = [0, 0, 0, 0];
    const n = 200000;
    for (let i = 0; i < n; i++) hits[table.sample(rng)]++;
    hits.forEach((h, i) => expect(h / n).toBeCloseTo(w[i] / sum, 2));
  });
  it('slot weights follow the expected window shrink', () => {
    expect(Array.from(slotWeights(3))).toEqual([1 / 3, 2 / 3, 1, 1, 2 / 3, 1 / 3].map(Math.fround));
  });
  it('batches: contexts stay in the sentence, noise equal to the context is dropped, and skipTo resumes exactly', () => {
    const corpus = syntheticCorpus();
    const text = buildText(corpus, sentencesFor(corpus, 'whole', 0), 1);
    const spec = { centres: 64, window: 2, negatives: 3, subsample: 1e-3 };
    const src = new BatchSource(text, spec, 7);
    const b = src.next();
    const S = 2 * 2 * 4;
    expect(b.targets.length).toBe(64 * S);
    // Without subsampling the first centre is the text's first word: no left context.
    const plain = new BatchSource(text, { ...spec, subsample: 0 }, 7).next();
    expect(plain.centres[0]).toBe(text.stream[0]);
    expect([plain.weights[0], plain.weights[1]]).toEqual([0, 0]);
    expect(plain.targets[2]).toBe(text.stream[1]);
    for (let c = 0; c < 64; c++) {
      for (let j = 0; j < 4; j++) {
        const ctxW = b.weights[c * S + j];
        for (let k = 0; k < 3; k++) {
          const at = c * S + 4 + j * 3 + k;
          expect(b.labels[at]).toBe(0);
          if (b.targets[at] === b.targets[c * S + j] || ctxW === 0) expect(b.weights[at]).toBe(0);
          else expect(b.weights[at]).toBe(ctxW);
        }
      }
    }
    const a = new BatchSource(text, spec, 7);
    for (let i = 0; i < 30; i++) a.next();
    const want = a.next();
    const r = new BatchSource(text, spec, 7);
    r.skipTo(30);
    const got = r.next();
    expect(Array.from(got.centres)).toEqual(Array.from(want.centres));
    expect(Array.from(got.targets)).toEqual(Array.from(want.targets));
    expect(got.epoch).toBeGreaterThan(0);
  });
});

describe('fastText n-grams', () => {
  it('FNV-1a 32 matches the published test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
  it('n-grams of "<word>" for n = 3..6', () => {
    expect(charNgrams('the')).toEqual(['<th', 'the', 'he>', '<the', 'the>', '<the>']);
    expect(charNgrams('a')).toEqual(['<a>']);
  });
  it('the table numbers used buckets densely and pads with the zero row', () => {
    const t = ngramTable(['the', 'then', 'a']);
    expect(t.counts[0]).toBe(6);
    expect(t.width).toBe(Math.max(...t.counts));
    expect(t.rows).toBe(new Set(['the', 'then', 'a'].flatMap((w) => charNgrams(w).map((g) => fnv1a(g) % t.buckets))).size);
    // "the" and "then" share "<th", "the", "<the"
    const rowsOf = (i: number) => new Set(Array.from(t.ids.subarray(i * t.width, i * t.width + t.counts[i])));
    const shared = [...rowsOf(0)].filter((r) => rowsOf(1).has(r));
    expect(shared.length).toBe(3);
    expect(t.ids[2 * t.width + 1]).toBe(t.rows);
  });
});
