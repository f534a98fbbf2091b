/**
 * A run of the relative-representations cell: two skip-gram models (word2vec and/or
 * fastText-style, ./model.ts) trained side by side on the Brown corpus, one batch each per step,
 * and the comparison of Moschella et al. (./metrics.ts) between them as they train.
 * Implements the runtime's TrainingSession contract, plus setOptions() for the comparison's
 * settings (anchors, k, centring, the query word), which change without a restart, and
 * analysePeriodic(): while the run steps, the runtime's periodic analyses score a fixed sample of
 * PERIODIC_WORDS shared words (the same ones each time: the first of the seeded order the full
 * scoring's sample is drawn from, so always among its words; ./rows.ts), in the same way as the full
 * analysis, which scores the configured `evalWords` when stepping stops and on demand.
 *
 * Metric points: the runtime's four numbers carry both models: trainLoss / trainAcc are the
 * first model's, testLoss / testAcc the second's, each the skip-gram loss per (word, context)
 * pair on a fixed held-out batch and the share of its targets (contexts and noise words) scored
 * on the right side.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Diverged, type Checkpoint, type Hyper, type MetricPoint, type PendingMetrics, type TrainingSession } from '../../core/experiment';
import { readMetrics } from '../../core/readback';
import { validate } from '../../core/params';
import { resumeFrom } from '../../core/checkpoint';
import { ANALYSIS_KEYS, MIN_COUNT, PAIRS, RELREPS_PARAMS, type PairName, type RelrepsConfig } from './config';
import { pickOptions, type RelrepsAnalysis, type RelrepsOptions } from './analysis';
import { BatchSource } from './batches';
import { assignModelTensors, modelTensors } from './checkpoint';
import { buildText, sentencesFor, SPLITS, type Corpus, type Split, type Text } from './corpus';
import { ngramTable, type NgramTable } from './ngrams';
import { compareBoth, relative, centred } from './metrics';
import { batchTensors, SgnsModel, type BatchTensors, type EmbeddingKind } from './model';
import { probeCoords } from './probe';
import { queryWord } from './query';
import { readVectors } from './read-vectors';
import { SharedRows, sharedWords } from './rows';

export type { Neighbour, Probe, QueryResult, RelrepsAnalysis, RelrepsOptions } from './analysis';
export { PROBE_GROUPS } from './probe';
export { sharedWords } from './rows';

export const KIND_NAMES: Record<EmbeddingKind, string> = { word2vec: 'word2vec', fasttext: 'fastText' };

const EVAL_SEED = 0xe7a1;

export class RelrepsSession implements TrainingSession<RelrepsAnalysis> {
  readonly config: RelrepsConfig;
  readonly kinds: [EmbeddingKind, EmbeddingKind];
  readonly texts: [Text, Text];
  readonly models: [SgnsModel, SgnsModel];
  private readonly sources: [BatchSource, BatchSource];
  readonly ngrams: [NgramTable | null, NgramTable | null];
  private readonly evalBatches: [BatchTensors, BatchTensors];
  /** Shared words: global ids, most frequent (in both texts together) first, the top DROP_TOP left out. */
  readonly shared: Int32Array;
  /** Global id of each corpus word (read, with `ngrams` and `vectorsOf`, by the probe and the query: ./probe.ts, ./query.ts). */
  readonly wordId: Map<string, number>;
  private lr: number;
  private steps = 0;
  private lastEpochs: [number, number] = [0, 0];
  private options: RelrepsOptions;
  private disposed = false;
  /** The anchor and scored rows of `shared` (./rows.ts). */
  private readonly sharedRows: SharedRows;

  constructor(
    config: RelrepsConfig,
    readonly corpus: Corpus,
  ) {
    const errors = validate(RELREPS_PARAMS, config);
    if (errors.length) throw new Error(`relreps: bad config: ${errors.join('; ')}`);
    this.config = { ...config };
    this.lr = config.lr;
    this.options = { ...pickOptions(config), query: '', exportVectors: false };
    this.kinds = [...PAIRS[config.pair as PairName]];
    const split = config.split as Split;
    const share = Number(config.share) / 100;
    this.texts = [0, 1].map((side) => buildText(corpus, sentencesFor(corpus, split, side as 0 | 1, share), MIN_COUNT)) as [Text, Text];
    this.wordId = new Map(corpus.vocab.map((w, i) => [w, i]));
    this.shared = sharedWords(this.texts);
    if (this.shared.length < Math.max(config.anchors, 50)) {
      throw new Error(`relreps: only ${this.shared.length} words are shared by the two texts, too few for ${config.anchors} anchors (use more of the corpus or fewer anchors)`);
    }
    this.sharedRows = new SharedRows(this.shared.length, config.seed ^ 0xa5c4, EVAL_SEED);
    const spec = { centres: config.batch, window: config.window, negatives: config.negatives, subsample: Number(config.subsample) };
    this.ngrams = this.kinds.map((k, i) => (k === 'fasttext' ? ngramTable(Array.from(this.texts[i].words, (g) => corpus.vocab[g])) : null)) as [
      NgramTable | null,
      NgramTable | null,
    ];
    this.sources = [0, 1].map((i) => new BatchSource(this.texts[i], spec, config.seed + i)) as [BatchSource, BatchSource];
    const created: SgnsModel[] = [];
    try {
      for (let i = 0; i < 2; i++) created.push(new SgnsModel(this.kinds[i], this.texts[i].words.length, config.dim, (config.seed + i) * 7919 + 17, this.ngrams[i]));
      // A fixed held-out batch per model for the loss curve (its own seed: not a batch it trains on).
      this.evalBatches = [0, 1].map((i) => batchTensors(new BatchSource(this.texts[i], spec, EVAL_SEED + i).next(), this.ngrams[i])) as [BatchTensors, BatchTensors];
    } catch (e) {
      created.forEach((m) => m.dispose());
      throw e;
    }
    this.models = created as [SgnsModel, SgnsModel];
  }

  get step(): number {
    return this.steps;
  }

  private live(): void {
    if (this.disposed) throw new Error('relreps: session used after dispose()');
  }

  /** word2vec.c's schedule: the rate falls linearly to 1e-4 of itself over the step budget. */
  private rateNow(): number {
    return this.lr * Math.max(1e-4, 1 - this.steps / this.config.steps);
  }

  trainStep(): void {
    this.live();
    const lr = this.rateNow();
    for (let i = 0; i < 2; i++) {
      const b = this.sources[i].next();
      this.lastEpochs[i] = b.tokensRead / this.sources[i].tokensPerEpoch;
      tf.tidy(() => this.models[i].step(batchTensors(b, this.ngrams[i]), lr));
    }
    this.steps += 1;
  }

  async evaluate(): Promise<MetricPoint> {
    return (await readMetrics([this.measure()]))[0];
  }

  measure(): PendingMetrics {
    this.live();
    const packed = tf.tidy(() => {
      const [a, b] = [0, 1].map((i) => this.models[i].lossAndAccuracy(this.evalBatches[i]));
      return tf.stack([a.loss, a.acc, b.loss, b.acc]);
    });
    return { step: this.steps, packed };
  }

  /** Change the comparison's settings, or ask for a query word or the vectors; applies at the next analysis. */
  setOptions(o: Partial<RelrepsOptions> | Record<string, unknown>): void {
    const next = { ...this.options, ...(o as Partial<RelrepsOptions>) };
    const errors = validate(
      Object.fromEntries(ANALYSIS_KEYS.map((k) => [k, RELREPS_PARAMS[k]])),
      next as unknown as Record<string, unknown>,
    );
    if (errors.length) throw new Error(`relreps: bad comparison settings: ${errors.join('; ')}`);
    next.query = String(next.query ?? '').trim().toLowerCase().slice(0, 40);
    next.exportVectors = Boolean(next.exportVectors);
    this.options = next;
  }

  /** Anchor rows (indices into `shared`); computed once per anchor settings. */
  anchorRows(): Int32Array {
    return this.sharedRows.anchors(this.options.anchors, this.options.anchorChoice);
  }

  /** Rows of `shared` the full scoring averages over (`evalWords` of them; all in order for 'all'). */
  evalRows(): Int32Array {
    return this.sharedRows.full(this.options.evalWords);
  }

  /**
   * Rows of `shared` the periodic analysis scores: the first PERIODIC_WORDS of the same seeded order,
   * so the same words at every analysis of the session, whatever the settings, and always among the
   * words the full scoring scores.
   */
  periodicRows(): Int32Array {
    return this.sharedRows.periodic();
  }

  /** Input vectors of some global word ids in model i (all must be in its vocabulary). */
  vectorsOf(i: number, globalIds: ArrayLike<number>): tf.Tensor2D {
    const local = Int32Array.from(globalIds, (g) => this.texts[i].local[g]);
    return tf.tidy(() => this.models[i].input(tf.tensor1d(local, 'int32')));
  }

  /** The full analysis: the configured `evalWords` scored (when stepping stops, and on demand). */
  async analyse(): Promise<RelrepsAnalysis> {
    return this.analyseRows('full');
  }

  /**
   * The periodic analysis while the run steps: the same as analyse() but scoring the fixed sample
   * of periodicRows() (neighbours still among all shared words). An Export's request for the
   * vectors gets the full analysis: an export's numbers are the full scoring's.
   */
  async analysePeriodic(): Promise<RelrepsAnalysis> {
    return this.analyseRows(this.options.exportVectors ? 'full' : 'periodic');
  }

  private async analyseRows(sample: 'periodic' | 'full'): Promise<RelrepsAnalysis> {
    this.live();
    const o = this.options;
    const step = this.steps;
    const k = o.k;
    const centre = o.centre === 'on';
    const anchors = this.anchorRows();
    const fullRows = this.evalRows();
    const rows = sample === 'full' ? fullRows : this.periodicRows();
    const spaces = [0, 1].map((i) => this.vectorsOf(i, this.shared));
    const bad = tf.tidy(() => tf.stack(spaces.map((x) => tf.any(tf.logicalNot(tf.isFinite(x))))));
    const badFlags = await bad.data();
    bad.dispose();
    if (badFlags.some(Boolean)) {
      tf.dispose(spaces);
      const which = this.names().filter((_, i) => badFlags[i]).join(' and ');
      throw new Diverged(`Training diverged by step ${step}: ${which} holds non-finite vectors. Lower the learning rate and press Train.`);
    }
    const prepared = spaces.map((x) => (centre ? centred(x) : tf.clone(x)));
    const rel = spaces.map((x) => relative(x, anchors, centre));
    try {
      // Both directions at once (compareBoth: compareSpaces' numbers, each space normalised once).
      const [absScores, relScores] = await Promise.all([compareBoth(prepared[0], prepared[1], k, rows), compareBoth(rel[0], rel[1], k, rows)]);
      const probe = await probeCoords(this, spaces, anchors, centre);
      const query = o.query ? await queryWord(this, o.query, spaces, rel, anchors, centre) : null;
      // For Export: what these metrics read, and the settings they used (./read-vectors.ts).
      const vectors = o.exportVectors ? await readVectors(this, this.config.dim, anchors, rows, { ...this.config, lr: this.lr, ...pickOptions(o) }) : null;
      if (o.exportVectors) this.options = { ...this.options, exportVectors: false };
      const vocab = this.corpus.vocab;
      const names = this.names();
      return {
        step,
        names,
        kinds: [...this.kinds],
        texts: SPLITS[this.config.split as Split],
        epochs: [...this.lastEpochs],
        tokens: [this.sources[0].tokensPerEpoch, this.sources[1].tokensPerEpoch],
        vocab: [this.texts[0].words.length, this.texts[1].words.length],
        lr: this.rateNow(),
        sharedVocab: this.shared.length,
        anchorWords: Array.from(anchors, (r) => vocab[this.shared[r]]),
        k,
        centre,
        sample,
        evalWords: rows.length,
        fullWords: fullRows.length,
        scores: { abs: absScores, rel: relScores },
        probe,
        query,
        vectors,
      };
    } finally {
      tf.dispose([...spaces, ...prepared, ...rel]);
    }
  }

  names(): [string, string] {
    const [a, b] = this.kinds;
    if (a === b) return [`${KIND_NAMES[a]} (seed ${this.config.seed})`, `${KIND_NAMES[b]} (seed ${this.config.seed + 1})`];
    return [KIND_NAMES[a], KIND_NAMES[b]];
  }

  setHyper(h: Partial<Hyper>): void {
    if (h.lr !== undefined) this.lr = h.lr;
  }

  /** Both models' variables (./checkpoint.ts). */
  async checkpoint(): Promise<Checkpoint> {
    this.live();
    const tensors = await modelTensors(this.models);
    return { step: this.steps, tensors };
  }

  restore(c: Checkpoint): void {
    this.live();
    assignModelTensors(this.models, c);
    this.steps = c.step;
    this.sources.forEach((s) => s.skipTo(c.step));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.models.forEach((m) => m.dispose());
    this.evalBatches.forEach((b) => tf.dispose(Object.values(b)));
  }
}

export function createRelrepsSession(config: RelrepsConfig, corpus: Corpus, checkpoint?: Checkpoint): RelrepsSession {
  return resumeFrom(new RelrepsSession(config, corpus), checkpoint);
}
