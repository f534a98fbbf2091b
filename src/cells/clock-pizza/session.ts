/**
 * A training run of the clock-pizza cell: Zhong et al.'s one-layer transformer with attention
 * rate alpha on (a + b) mod p, full batch, cross-entropy, AdamW (betas 0.9, 0.98, 10-step
 * warm-up). Implements the runtime's TrainingSession contract.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Checkpoint, PendingMetrics } from '../../core/experiment';
import { AdamWSession } from '../../core/adamw-session';
import { validate } from '../../core/params';
import { AdamW } from '../../core/adamw';
import { resumeFrom } from '../../core/checkpoint';
import { fourierNorms } from '../../core/fourier';
import { makeSplit, type Split } from '../../core/modular';
import { oneHotF32 } from '../../core/modular';
import { BETAS, CLOCK_PIZZA_PARAMS, WARMUP, type ClockPizzaConfig } from './config';
import { dims, disposeOneHots, embeddingGradients, initParams, logits, logitsFromEmbeddings, makeOneHots, PARAM_NAMES, paramShapes, type Dims, type OneHots, type Params } from './model';
import { correct, crossEntropy, rowCrossEntropy } from '../../core/loss';
import { pca } from '../../core/pca';
import { circularity, distanceIrrelevance, gradientSymmetricity, keyFrequencies, logitTable, midpoints, triplesForSymmetricity, type Midpoints } from './metrics';

export interface ClockPizzaAnalysis {
  step: number;
  alpha: number;
  /** fourierNorms of W_E, [(p-1)/2]; entry k-1 is frequency k. */
  spectrum: Float32Array;
  /** Frequencies holding most of W_E's Fourier power, strongest first, at most 6 (see keyFrequencies). */
  keyFrequencies: number[];
  /** [p, 6] row-major: W_E (mean-centred) on its top 6 principal components. */
  pcs: Float32Array;
  /** [6] explained-variance shares of those components. */
  pcVariance: number[];
  circularity: number;
  gradSymmetricity: number;
  distanceIrrelevance: number;
  /** [p, p] row-major: L[s, d], the correct logit of the pair with s = (a+b) mod p, d = (a−b) mod p. */
  logitTable: Float32Array;
  midpoints: Midpoints;
}

export interface AnalyseOptions {
  /** The sum whose pairs' midpoints are drawn; default 0. */
  s?: number;
}

/** Seed of the s_g triples: fixed, as modadd.py's random.Random(42), so s_g is comparable across runs. */
const TRIPLES_SEED = 42;
const PCS = 6;

/** Tensors in PARAM_NAMES order -> Params. */
function asParams(ws: tf.Tensor[]): Params {
  const P: Partial<Params> = {};
  PARAM_NAMES.forEach((name, i) => (P[name] = ws[i]));
  return P as Params;
}


export class ClockPizzaSession extends AdamWSession<ClockPizzaAnalysis> {
  readonly config: ClockPizzaConfig;
  readonly split: Split;
  readonly dims: Dims;
  readonly alpha: number;
  private readonly vars: tf.Variable[];
  private readonly P: Params;
  /** Training rows: one-hots with transposes, [nTrain, p] one-hot targets (labels as given). */
  private readonly train: { oh: OneHots; Y: tf.Tensor2D };
  /** All p² rows, training rows first: one-hots, given and clean targets, labels. */
  private readonly all: { oh: OneHots; Y: tf.Tensor2D; Yclean: tf.Tensor2D; y: tf.Tensor1D; a: Int32Array; b: Int32Array };
  /** The s_g triples: one-hots of a, b, c, [100, p] each. */
  private readonly trip: { A: tf.Tensor2D; B: tf.Tensor2D; C: tf.Tensor2D };

  constructor(config: ClockPizzaConfig) {
    super('clock-pizza');
    const errors = validate(CLOCK_PIZZA_PARAMS, config);
    if (errors.length) throw new Error(`clock-pizza: bad config: ${errors.join('; ')}`);
    this.config = { ...config };
    const { p, d_model, frac, noise, seed, alpha } = config;
    this.alpha = alpha;
    this.dims = dims(p, d_model);
    this.split = makeSplit(p, frac, noise, seed);
    const s = this.split;

    const init = initParams(this.dims, (seed ^ 0x5bd1e995) >>> 0);
    const shapes = paramShapes(this.dims);
    this.vars = PARAM_NAMES.map((name) => tf.tidy(() => tf.variable(tf.tensor(init[name], shapes[name], 'float32'), true)));
    this.P = asParams(this.vars);
    this.optimise(PARAM_NAMES, this.vars, new AdamW(this.vars, { lr: config.lr, weightDecay: config.wd, betas: BETAS, eps: 1e-8, warmup: WARMUP }));

    const cat = (x: Int32Array, y: Int32Array) => {
      const out = new Int32Array(x.length + y.length);
      out.set(x);
      out.set(y, x.length);
      return out;
    };
    const allA = cat(s.trainA, s.testA);
    const allB = cat(s.trainB, s.testB);
    const allY = cat(s.trainY, s.testY);
    const allYClean = cat(s.trainYClean, s.testY);
    const trip = triplesForSymmetricity(p, TRIPLES_SEED);
    const hot = (v: Int32Array) => oneHotF32(tf.tensor1d(v, 'int32'), p);
    this.train = { oh: makeOneHots(s.trainA, s.trainB, p, true), Y: tf.tidy(() => hot(s.trainY)) };
    const Y = tf.tidy(() => hot(allY));
    const Yclean = s.noisyCount > 0 ? tf.tidy(() => hot(allYClean)) : Y;
    this.all = { oh: makeOneHots(allA, allB, p, false), Y, Yclean, y: tf.tensor1d(allY, 'int32'), a: allA, b: allB };
    this.trip = tf.tidy(() => ({ A: hot(trip.a), B: hot(trip.b), C: hot(trip.c) }));
  }

  trainStep(): void {
    this.live();
    tf.tidy(() => {
      const f = (...ws: tf.Tensor[]) => {
        return crossEntropy(logits(asParams(ws), this.train.oh, this.alpha), this.train.Y);
      };
      this.opt.applyGradients(tf.grads(f)(this.vars));
    });
    this.steps += 1;
  }

  /** Train metrics against the labels as given (noisy rows included), test against clean labels. One readback. */

  measure(): PendingMetrics {
    this.live();
    const nTrain = this.split.trainA.length;
    const nTest = this.split.testA.length;
    const packed = tf.tidy(() => {
      const z = logits(this.P, this.all.oh, this.alpha);
      const both = tf.stack([rowCrossEntropy(z, this.all.Y), correct(z, this.all.y)]); // [2, p²]
      const tr = tf.div(tf.sum(tf.slice(both, [0, 0], [2, nTrain]), 1), nTrain);
      const te = tf.div(tf.sum(tf.slice(both, [0, nTrain], [2, nTest]), 1), nTest);
      return tf.concat([tr, te]);
    });
    return { step: this.steps, packed };
  }

  /**
   * W_E's spectrum and principal components, s_g (100 gradients in one tf.grads call), q (the
   * correct logit of all p² pairs, against the clean label), circularity and the midpoints of the
   * pairs with sum opts.s. One readback; the rest is CPU work on [p, d] and [p, p] arrays.
   */
  async analyse(opts: AnalyseOptions = {}): Promise<ClockPizzaAnalysis> {
    this.live();
    const { p, d_model: d } = this.dims;
    const step = this.steps;
    const nTrip = this.trip.A.shape[0];
    const packed = tf.tidy(() => {
      const z = logits(this.P, this.all.oh, this.alpha);
      const right = tf.sum(tf.mul(z, this.all.Yclean), 1);
      const W_E = this.P.W_E as tf.Tensor2D;
      const f = (ea: tf.Tensor2D, eb: tf.Tensor2D) => logitsFromEmbeddings(this.P, ea, eb, this.alpha);
      const [gA, gB] = embeddingGradients(f, tf.matMul(this.trip.A, W_E), tf.matMul(this.trip.B, W_E), this.trip.C);
      return tf.concat([tf.reshape(W_E, [-1]), right, tf.reshape(gA, [-1]), tf.reshape(gB, [-1])]);
    });
    let data: Float32Array;
    try {
      data = new Float32Array(await packed.data<'float32'>());
    } finally {
      packed.dispose();
    }
    const E = data.subarray(0, p * d);
    const right = data.subarray(p * d, p * d + p * p);
    const gA = data.subarray(p * d + p * p, p * d + p * p + nTrip * d);
    const gB = data.subarray(p * d + p * p + nTrip * d);
    const spectrum = fourierNorms(E, p, d).values;
    const pc = pca(E, p, d, PCS);
    const L = logitTable(right, this.all.a, this.all.b, p);
    return {
      step,
      alpha: this.alpha,
      spectrum,
      keyFrequencies: keyFrequencies(spectrum),
      pcs: pc.scores,
      pcVariance: pc.shares,
      circularity: circularity(E, p, d, pc),
      gradSymmetricity: gradientSymmetricity(gA, gB, d),
      distanceIrrelevance: distanceIrrelevance(L, p),
      logitTable: L,
      midpoints: midpoints(pc, p, opts.s ?? 0),
    };
  }

  protected disposeData(): void {
    disposeOneHots(this.train.oh);
    disposeOneHots(this.all.oh);
    const Ys = this.all.Yclean === this.all.Y ? [this.all.Y] : [this.all.Y, this.all.Yclean];
    tf.dispose([this.train.Y, ...Ys, this.all.y, this.trip.A, this.trip.B, this.trip.C]);
  }

}

/** A new session; with a checkpoint (of the same config), resumed from it. */
export function createClockPizzaSession(config: ClockPizzaConfig, checkpoint?: Checkpoint): ClockPizzaSession {
  return resumeFrom(new ClockPizzaSession(config), checkpoint);
}
