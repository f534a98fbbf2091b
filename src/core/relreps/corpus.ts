/**
 * The Brown corpus as scripts/prepare-brown.mjs writes it, and everything word2vec needs on the
 * CPU side: which sentences a model reads (the whole corpus, or one side of a split), its
 * vocabulary (count >= minCount in its own text), word2vec's subsampling of frequent words, the
 * unigram^0.75 noise table, and the batches of (centre, context, negatives) the GPU trains on.
 *
 * Pure JavaScript on typed arrays: no tfjs, no DOM, so it runs in a worker and in vitest alike.
 */
import { createRng, type Rng } from '../rng';

export const CORPUS_MAGIC = 'BRN1';

export interface CorpusFile {
  name: string;
  genre: string;
  firstSentence: number;
  sentences: number;
}

export interface Corpus {
  /** Every word type, most frequent first; a token is an index into it. */
  vocab: string[];
  tokens: Uint32Array;
  /** Sentence i is tokens[offsets[i], offsets[i + 1]). */
  offsets: Uint32Array;
  files: CorpusFile[];
}

/**
 * Decode corpus.bin (after gunzip) with its vocabulary and file table.
 * @throws naming what is wrong (magic, truncation, ids out of range, offsets out of order)
 */
export function decodeCorpus(bytes: Uint8Array, vocab: string[], files: CorpusFile[]): Corpus {
  if (bytes.length < 16) throw new Error(`corpus.bin: ${bytes.length} bytes, too short for a header`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== CORPUS_MAGIC) {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (still gzip-compressed)' : '';
    throw new Error(`corpus.bin: magic "${magic}", expected "${CORPUS_MAGIC}"${gz}`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const T = dv.getUint32(4, true);
  const S = dv.getUint32(8, true);
  const V = dv.getUint32(12, true);
  const expected = 16 + 4 * T + 4 * (S + 1);
  if (bytes.length !== expected) throw new Error(`corpus.bin: ${bytes.length} bytes, the header implies ${expected}`);
  if (V !== vocab.length) throw new Error(`corpus.bin counts ${V} word types, vocab.txt has ${vocab.length}`);
  // Copy into aligned arrays (the input may sit at any byte offset).
  const words = new Uint32Array(T);
  const offsets = new Uint32Array(S + 1);
  for (let i = 0; i < T; i++) {
    const id = dv.getUint32(16 + 4 * i, true);
    if (id >= V) throw new Error(`corpus.bin: token ${i} has id ${id}, beyond the ${V} word types`);
    words[i] = id;
  }
  for (let i = 0; i <= S; i++) offsets[i] = dv.getUint32(16 + 4 * T + 4 * i, true);
  if (offsets[0] !== 0 || offsets[S] !== T) throw new Error('corpus.bin: sentence offsets do not cover the tokens');
  for (let i = 0; i < S; i++) if (offsets[i + 1] < offsets[i]) throw new Error(`corpus.bin: sentence offsets out of order at ${i}`);
  for (const f of files) {
    if (f.firstSentence < 0 || f.firstSentence + f.sentences > S) throw new Error(`corpus manifest: file ${f.name} lies outside the sentences`);
  }
  return { vocab, tokens: words, offsets, files };
}

/** The Brown corpus's own division: informative prose (press, learned, lore ...) and imaginative prose (fiction). */
export const IMAGINATIVE = new Set(['fiction', 'mystery', 'science_fiction', 'adventure', 'romance', 'humor']);

export type Split = 'whole' | 'genre' | 'files';
export const SPLITS: Record<Split, [string, string]> = {
  whole: ['the whole corpus', 'the whole corpus'],
  genre: ['informative prose (press, learned, lore ...)', 'imaginative prose (fiction)'],
  files: ['the even-numbered files', 'the odd-numbered files'],
};

/**
 * The sentences model `side` (0 or 1) reads, as indices into corpus.offsets.
 * @param share keep one file in round(1 / share), spread over the genres (a smaller, faster corpus)
 */
export function sentencesFor(corpus: Corpus, split: Split, side: 0 | 1, share = 1): Int32Array {
  const every = Math.max(1, Math.round(1 / share));
  const out: number[] = [];
  corpus.files.forEach((f, i) => {
    if (i % every !== 0) return;
    const j = i / every;
    const mine = split === 'whole' || (split === 'genre' ? IMAGINATIVE.has(f.genre) === (side === 1) : j % 2 === side);
    if (!mine) return;
    for (let s = 0; s < f.sentences; s++) out.push(f.firstSentence + s);
  });
  return Int32Array.from(out);
}

/** One model's text: its vocabulary and its sentences in that vocabulary's ids. */
export interface Text {
  /** Local id -> global (corpus) id, most frequent first. */
  words: Int32Array;
  /** Global id -> local id, -1 when the word is not in this vocabulary. */
  local: Int32Array;
  /** Count of each local word in this text. */
  counts: Float64Array;
  /** Tokens kept (in the vocabulary), local ids, sentence after sentence. */
  stream: Int32Array;
  /** Sentence i of the text is stream[starts[i], starts[i + 1]). */
  starts: Int32Array;
  /** Tokens read, before the count threshold. */
  rawTokens: number;
}

/** word2vec's vocabulary: the words seen at least `minCount` times in these sentences. */
export function buildText(corpus: Corpus, sentences: Int32Array, minCount: number): Text {
  const V = corpus.vocab.length;
  const global = new Float64Array(V);
  let rawTokens = 0;
  for (const s of sentences) {
    for (let t = corpus.offsets[s]; t < corpus.offsets[s + 1]; t++) global[corpus.tokens[t]]++;
    rawTokens += corpus.offsets[s + 1] - corpus.offsets[s];
  }
  const kept: number[] = [];
  for (let g = 0; g < V; g++) if (global[g] >= minCount) kept.push(g);
  kept.sort((a, b) => global[b] - global[a] || a - b);
  const words = Int32Array.from(kept);
  const local = new Int32Array(V).fill(-1);
  words.forEach((g, i) => (local[g] = i));
  const counts = Float64Array.from(words, (g) => global[g]);
  const stream: number[] = [];
  const starts: number[] = [0];
  for (const s of sentences) {
    for (let t = corpus.offsets[s]; t < corpus.offsets[s + 1]; t++) {
      const l = local[corpus.tokens[t]];
      if (l >= 0) stream.push(l);
    }
    if (stream.length > starts[starts.length - 1]) starts.push(stream.length);
  }
  return { words, local, counts, stream: Int32Array.from(stream), starts: Int32Array.from(starts), rawTokens };
}

/** word2vec.c's probability of keeping a word of frequency f = count / total: (sqrt(f / t) + 1) * t / f, at most 1. */
export function keepProbability(count: number, total: number, t: number): number {
  if (t <= 0) return 1;
  const f = count / total;
  return Math.min(1, (Math.sqrt(f / t) + 1) * (t / f));
}

/**
 * Negative samples drawn with probability proportional to count^0.75, by Walker's alias
 * method: one uniform index and one uniform number per draw, exact probabilities.
 */
export class NoiseTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  /** The exact distribution the table draws from (for tests and figures). */
  readonly p: Float64Array;

  constructor(counts: ArrayLike<number>, power = 0.75) {
    const n = counts.length;
    if (n === 0) throw new Error('noise table: empty vocabulary');
    const w = Float64Array.from(counts, (c) => Math.pow(c, power));
    const sum = w.reduce((a, b) => a + b, 0);
    this.p = w.map((x) => x / sum);
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = this.p.map((x) => x * n);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((x, i) => (x < 1 ? small : large).push(i));
    while (small.length && large.length) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) {
      this.prob[i] = 1;
      this.alias[i] = i;
    }
  }

  sample(rng: Rng): number {
    const i = rng.int(this.prob.length);
    return rng.next() < this.prob[i] ? i : this.alias[i];
  }
}

/** Settings of the pair generator. */
export interface BatchSpec {
  /** Centre words per batch. */
  centres: number;
  /** Context words each side of the centre. */
  window: number;
  /** Negative samples per (centre, context) pair. */
  negatives: number;
  /** Subsampling threshold t (0: keep every word). */
  subsample: number;
}

/**
 * One training batch, flat and fixed-size so the GPU sees the same shapes every step.
 * A centre has 2*window context slots (offsets -window..-1, 1..window); slot weights carry
 * word2vec's random window shrink in expectation (a context d words away counts
 * (window - d + 1) / window) and are 0 past a sentence's end. Each slot has `negatives` noise
 * words, with weight 0 where a noise word equals the context word (word2vec skips those).
 */
export interface Batch {
  /** [C] local ids of the centre words. */
  centres: Int32Array;
  /** [C, S] with S = 2W(1 + K): per centre, the 2W context ids, then 2W*K negatives. */
  targets: Int32Array;
  /** [C, S] 1 for the contexts, 0 for the negatives. */
  labels: Float32Array;
  /** [C, S] the weight of each target in the loss. */
  weights: Float32Array;
  /** Sum of the context weights: the number of (centre, context) pairs the batch counts. */
  pairs: number;
  /** Running tokens read (before subsampling) when this batch ends: epochs = tokensRead / rawTokens. */
  tokensRead: number;
  epoch: number;
}

/** Slot weights for offsets -W..-1, 1..W. */
export function slotWeights(window: number): Float32Array {
  const w = new Float32Array(2 * window);
  for (let j = 0; j < window; j++) {
    const d = window - j; // offsets -W .. -1
    w[j] = (window - d + 1) / window;
    w[window + j] = (window - (j + 1) + 1) / window;
  }
  return w;
}

/**
 * The stream of batches of one model. Deterministic from its seed: epoch e subsamples the text
 * with rng(seed, e); batch b draws its negatives with rng(seed, b). `skipTo(step)` rebuilds the
 * position of any step, so a resumed run reads what it would have read.
 */
export class BatchSource {
  private readonly keep: Float64Array;
  private readonly noise: NoiseTable;
  private readonly slotW: Float32Array;
  private epochStream = new Int32Array(0);
  /** Sentence id of each position of epochStream. */
  private epochSentence = new Int32Array(0);
  private pos = 0;
  private rawBefore = 0;
  epoch = 0;
  step = 0;

  constructor(
    readonly text: Text,
    readonly spec: BatchSpec,
    private readonly seed: number,
  ) {
    if (text.stream.length === 0) throw new Error('the text has no word seen often enough to train on');
    const total = text.counts.reduce((a, b) => a + b, 0);
    this.keep = Float64Array.from(text.counts, (c) => keepProbability(c, total, spec.subsample));
    this.noise = new NoiseTable(text.counts);
    this.slotW = slotWeights(spec.window);
    this.startEpoch(0);
  }

  get slots(): number {
    return 2 * this.spec.window * (1 + this.spec.negatives);
  }

  /** Tokens each epoch reads: the text's tokens in the vocabulary. */
  get tokensPerEpoch(): number {
    return this.text.stream.length;
  }

  private startEpoch(e: number): void {
    this.epoch = e;
    const rng = createRng(mix(this.seed, 0x51ed27 + e));
    const { stream, starts } = this.text;
    const out = new Int32Array(stream.length);
    const sent = new Int32Array(stream.length);
    let n = 0;
    for (let s = 0; s + 1 < starts.length; s++) {
      for (let t = starts[s]; t < starts[s + 1]; t++) {
        const w = stream[t];
        if (this.keep[w] >= 1 || rng.next() < this.keep[w]) {
          out[n] = w;
          sent[n] = s;
          n++;
        }
      }
    }
    if (n === 0) {
      // Subsampling dropped everything (a tiny text of frequent words): read it whole.
      out.set(stream);
      for (let s = 0; s + 1 < starts.length; s++) sent.fill(s, starts[s], starts[s + 1]);
      n = stream.length;
    }
    this.epochStream = out.subarray(0, n);
    this.epochSentence = sent.subarray(0, n);
    this.pos = 0;
  }

  /** Fast-forward a fresh source to just before batch `step` (resume): the same positions next() would take. */
  skipTo(step: number): void {
    for (; this.step < step; this.step++) {
      let c = this.spec.centres;
      while (c > 0) {
        if (this.pos >= this.epochStream.length) this.nextEpoch();
        const take = Math.min(c, this.epochStream.length - this.pos);
        this.pos += take;
        c -= take;
      }
    }
  }

  private nextEpoch(): void {
    this.rawBefore += this.tokensPerEpoch;
    this.startEpoch(this.epoch + 1);
  }

  next(): Batch {
    const { centres: C, window: W, negatives: K } = this.spec;
    const S = 2 * W * (1 + K);
    const centres = new Int32Array(C);
    const targets = new Int32Array(C * S);
    const labels = new Float32Array(C * S);
    const weights = new Float32Array(C * S);
    const rng = createRng(mix(this.seed, this.step + 1));
    let pairs = 0;
    for (let c = 0; c < C; c++) {
      if (this.pos >= this.epochStream.length) this.nextEpoch();
      const p = this.pos++;
      const stream = this.epochStream;
      const sentence = this.epochSentence[p];
      centres[c] = stream[p];
      const row = c * S;
      for (let j = 0; j < 2 * W; j++) {
        const q = j < W ? p - (W - j) : p + (j - W + 1);
        const ok = q >= 0 && q < stream.length && this.epochSentence[q] === sentence;
        const ctx = ok ? stream[q] : 0;
        const w = ok ? this.slotW[j] : 0;
        targets[row + j] = ctx;
        labels[row + j] = 1;
        weights[row + j] = w;
        pairs += w;
        for (let k = 0; k < K; k++) {
          const at = row + 2 * W + j * K + k;
          const neg = this.noise.sample(rng);
          targets[at] = neg;
          weights[at] = w > 0 && neg !== ctx ? w : 0;
        }
      }
    }
    this.step++;
    const tokensRead = this.rawBefore + Math.round((this.pos / Math.max(1, this.epochStream.length)) * this.tokensPerEpoch);
    return { centres, targets, labels, weights, pairs, tokensRead, epoch: this.epoch };
  }
}

function mix(seed: number, n: number): number {
  return (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(n + 1, 0x85ebca6b)) >>> 0;
}

/** 32-bit FNV-1a over the UTF-8 bytes of a string, as fastText hashes its n-grams. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** fastText's character n-grams of a word: the substrings of "<word>" of n = minN..maxN characters. */
export function charNgrams(word: string, minN = 3, maxN = 6): string[] {
  const w = `<${word}>`;
  const chars = Array.from(w);
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** fastText's default bucket count: n-grams hash into this many rows (only the rows a word uses are stored). */
export const FASTTEXT_BUCKETS = 2_000_000;

/**
 * The n-gram rows of a vocabulary: each word's n-grams hashed (FNV-1a mod `buckets`), and the
 * buckets that some word uses numbered 0..rows-1 (a table of 2M rows, most never used, is not
 * stored). `ids` is [V, maxNgrams], padded with `rows` (one extra all-zero row); `counts` the
 * number of n-grams of each word.
 */
export function ngramTable(words: readonly string[], buckets = FASTTEXT_BUCKETS, minN = 3, maxN = 6) {
  const rowOf = new Map<number, number>();
  const lists = words.map((w) =>
    charNgrams(w, minN, maxN).map((g) => {
      const b = fnv1a(g) % buckets;
      let r = rowOf.get(b);
      if (r === undefined) {
        r = rowOf.size;
        rowOf.set(b, r);
      }
      return r;
    }),
  );
  const width = Math.max(1, ...lists.map((l) => l.length));
  const rows = rowOf.size;
  const ids = new Int32Array(words.length * width).fill(rows);
  const counts = new Int32Array(words.length);
  lists.forEach((l, i) => {
    ids.set(l, i * width);
    counts[i] = l.length;
  });
  return { ids, counts, width, rows, rowOf, buckets, minN, maxN };
}
export type NgramTable = ReturnType<typeof ngramTable>;
