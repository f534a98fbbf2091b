/**
 * What word2vec needs on the CPU side to train on a text (corpus.ts): its subsampling of frequent
 * words, the unigram^0.75 noise table, and the batches of (centre, context, negatives) the GPU
 * trains on. Pure JavaScript on typed arrays.
 */
import { createRng, type Rng } from '../../core/rng';
import type { Text } from './corpus';

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
