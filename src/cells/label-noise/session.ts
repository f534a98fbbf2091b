/**
 * A training run of the label-noise cell (Rolnick et al. 2017): an MLP or a small conv net on
 * MNIST, each clean digit joined by alpha noisy ones (./noise.ts), minibatches drawn afresh each
 * step, Adam (AdamW with no weight decay), cross-entropy with a max-subtracted log-sum-exp.
 * Implements the runtime's TrainingSession contract.
 *
 * Metrics: `trainLoss` is the loss of the latest batch and `trainAcc` its agreement with the
 * labels it was trained on (noisy ones included: at α = 20 a network that learned the digits
 * agrees with about 1 label in 7); `testLoss` / `testAcc` are on a fixed 1,000-digit sample of
 * the official test set, cheap enough to read every few steps. The analysis scores all 10,000
 * test digits.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Checkpoint, Hyper, PendingMetrics } from '../../core/experiment';
import { AdamWSession } from '../../core/adamw-session';
import { validate } from '../../core/params';
import { AdamW } from '../../core/adamw';
import { resumeFrom } from '../../core/checkpoint';
import { correct, crossEntropy, rowCrossEntropy } from '../../core/loss';
import { createRng } from '../../core/rng';
import { LABEL_NOISE_PARAMS, type LabelNoiseConfig } from './config';
import type { DigitSet, MnistData } from '../../core/mnist/loader';
import { CLASSES, forward, gatherPixels, initParams, paramNames, paramShapes, PIXELS, type ModelKind } from '../../core/mnist/model';
import { noiseSpec, sampleBatch, type NoiseSpec } from './noise';

export type { DigitSet };
/** The digits a run trains and tests on (src/core/mnist/loader.ts). */
export type LabelNoiseData = MnistData;

export interface LabelNoiseAnalysis {
  step: number;
  alpha: number;
  bias: number;
  model: ModelKind;
  /** Accuracy on every test digit. */
  testAccuracy: number;
  testCount: number;
  /** [10 * 10] row-major: confusion[true * 10 + predicted], counts over the test set. */
  confusion: Int32Array;
  /** [10 * 10] row-major: labels drawn so far for training images of each true class: counts[true * 10 + label]. */
  labelCounts: Float64Array;
  /** Up to MISCLASSIFIED test digits the model gets wrong, in test-set order. */
  misclassified: { index: Int32Array; truth: Uint8Array; predicted: Uint8Array; images: Uint8Array };
}

/** How many test digits the live curve is measured on, and which (a fixed seeded sample). */
export const CURVE_TEST_SIZE = 1000;
const CURVE_SAMPLE_SEED = 2017;
const MISCLASSIFIED = 32;
/** Rows per forward pass when scoring the whole test set. */
const CHUNK = 2000;
export const ADAM_BETAS: [number, number] = [0.9, 0.999];

function toNoise(c: LabelNoiseConfig): NoiseSpec {
  return noiseSpec(Number(c.alpha), c.bias);
}

/** The rng of one step's batch: a function of (seed, step) only, so a resumed run draws the same batches. */
function batchRng(seed: number, step: number) {
  return createRng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0);
}

export class LabelNoiseSession extends AdamWSession<LabelNoiseAnalysis> {
  readonly config: LabelNoiseConfig;
  readonly kind: ModelKind;
  readonly spec: NoiseSpec;
  private readonly names: string[];
  private readonly vars: tf.Variable[];
  private readonly P: Record<string, tf.Variable>;
  private readonly clean: DigitSet;
  private readonly test: DigitSet;
  private readonly batchSize: number;
  /** The fixed test sample of the live curve, [CURVE_TEST_SIZE, 784] and its labels. */
  private readonly curve: { x: tf.Tensor2D; y: tf.Tensor1D; Y: tf.Tensor2D };
  /** The latest batch (inputs and the labels it trained on) and its loss, kept for evaluate(). */
  private last: { x: tf.Tensor2D; y: tf.Tensor1D; loss: tf.Scalar } | null = null;
  /** All test digits, [T, 784], uploaded once at the first analysis (not per analysis). */
  private testX: tf.Tensor2D | null = null;
  private readonly pixels: Float32Array;
  private readonly counts = new Float64Array(CLASSES * CLASSES);

  constructor(config: LabelNoiseConfig, data: LabelNoiseData) {
    super('label-noise');
    const errors = validate(LABEL_NOISE_PARAMS, config);
    if (errors.length) throw new Error(`label-noise: bad config: ${errors.join('; ')}`);
    this.config = { ...config };
    this.kind = config.model as ModelKind;
    this.spec = toNoise(config);
    const n = Number(config.cleanSize);
    if (data.train.count < n) throw new Error(`label-noise: ${data.train.count} training digits loaded, ${n} asked for`);
    this.clean = { images: data.train.images.subarray(0, n * PIXELS), labels: data.train.labels.subarray(0, n), count: n };
    this.test = data.test;
    this.batchSize = config.batch;
    this.pixels = new Float32Array(this.batchSize * PIXELS);

    this.names = paramNames(this.kind);
    const init = initParams(this.kind, (config.seed ^ 0x2545f491) >>> 0);
    const shapes = paramShapes(this.kind);
    this.vars = this.names.map((name) => tf.tidy(() => tf.variable(tf.tensor(init[name], shapes[name], 'float32'), true)));
    this.P = Object.fromEntries(this.names.map((name, i) => [name, this.vars[i]]));
    this.optimise(this.names, this.vars, new AdamW(this.vars, { lr: config.lr, weightDecay: 0, betas: ADAM_BETAS, eps: 1e-8, warmup: 0 }));

    const m = Math.min(CURVE_TEST_SIZE, this.test.count);
    const pick = createRng(CURVE_SAMPLE_SEED).permutation(this.test.count).subarray(0, m);
    const labels = Int32Array.from(pick, (i) => this.test.labels[i]);
    this.curve = tf.tidy(() => {
      const y = tf.tensor1d(labels, 'int32');
      return { x: tf.tensor2d(gatherPixels(this.test.images, pick), [m, PIXELS]), y, Y: tf.cast(tf.oneHot(y, CLASSES), 'float32') as tf.Tensor2D };
    });
  }

  trainStep(): void {
    this.live();
    const B = this.batchSize;
    const batch = sampleBatch(batchRng(this.config.seed, this.steps), this.clean, this.spec, B);
    for (let r = 0; r < B; r++) this.counts[this.clean.labels[batch.indices[r]] * CLASSES + batch.labels[r]] += 1;
    gatherPixels(this.clean.images, batch.indices, this.pixels);
    const previous = this.last;
    this.last = tf.tidy(() => {
      const x = tf.tensor2d(this.pixels, [B, PIXELS]);
      const y = tf.tensor1d(Int32Array.from(batch.labels), 'int32');
      // one-hot built as int32 and cast: tfjs-wasm's oneHot ignores a float32 dtype
      const Y = tf.cast(tf.oneHot(y, CLASSES), 'float32') as tf.Tensor2D;
      const f = (...ws: tf.Tensor[]) => crossEntropy(forward(this.kind, this.named(ws), x), Y);
      const { value, grads } = tf.valueAndGrads(f)(this.vars);
      this.opt.applyGradients(grads);
      return { x, y, loss: value as tf.Scalar };
    });
    if (previous) tf.dispose([previous.x, previous.y, previous.loss]);
    this.steps += 1;
  }

  measure(): PendingMetrics {
    this.live();
    const last = this.last;
    const packed = tf.tidy(() => {
      const zt = forward(this.kind, this.P, this.curve.x);
      const test = [tf.mean(rowCrossEntropy(zt, this.curve.Y)), tf.mean(correct(zt, this.curve.y))];
      // Before the first step there is no batch: the test loss stands in (finite, so no divergence alarm).
      const train = last ? [last.loss, tf.mean(correct(forward(this.kind, this.P, last.x), last.y))] : [test[0], tf.scalar(0)];
      return tf.stack([...train, ...test]);
    });
    return { step: this.steps, packed };
  }

  /** Predictions on every test digit (in chunks, one readback), the confusion matrix, the label counts and the misses. */
  async analyse(): Promise<LabelNoiseAnalysis> {
    this.live();
    const step = this.steps;
    const T = this.test.count;
    if (!this.testX) {
      const all = Int32Array.from({ length: T }, (_, i) => i);
      this.testX = tf.tensor2d(gatherPixels(this.test.images, all), [T, PIXELS]);
    }
    const testX = this.testX;
    const predicted = tf.tidy(() => {
      const parts: tf.Tensor[] = [];
      for (let start = 0; start < T; start += CHUNK) {
        const n = Math.min(CHUNK, T - start);
        parts.push(tf.argMax(forward(this.kind, this.P, tf.slice(testX, [start, 0], [n, PIXELS])), 1));
      }
      return tf.concat(parts);
    });
    let pred: Int32Array;
    try {
      pred = new Int32Array(await predicted.data<'int32'>());
    } finally {
      predicted.dispose();
    }
    const confusion = new Int32Array(CLASSES * CLASSES);
    const wrong: number[] = [];
    let right = 0;
    for (let i = 0; i < T; i++) {
      const t = this.test.labels[i];
      confusion[t * CLASSES + pred[i]] += 1;
      if (pred[i] === t) right += 1;
      else if (wrong.length < MISCLASSIFIED) wrong.push(i);
    }
    const images = new Uint8Array(wrong.length * PIXELS);
    wrong.forEach((i, r) => images.set(this.test.images.subarray(i * PIXELS, (i + 1) * PIXELS), r * PIXELS));
    return {
      step,
      alpha: this.spec.alpha,
      bias: this.spec.bias,
      model: this.kind,
      testAccuracy: T ? right / T : 0,
      testCount: T,
      confusion,
      labelCounts: this.counts.slice(),
      misclassified: {
        index: Int32Array.from(wrong),
        truth: Uint8Array.from(wrong, (i) => this.test.labels[i]),
        predicted: Uint8Array.from(wrong, (i) => pred[i]),
        images,
      },
    };
  }

  override setHyper(h: Partial<Hyper>): void {
    // Adam without weight decay: only the learning rate is live.
    if (h.lr !== undefined) this.opt.setHyper({ lr: h.lr });
  }

  /** The label counts restart from zero on a restore: they describe this session's draws. */
  protected disposeData(): void {
    tf.dispose([this.curve.x, this.curve.y, this.curve.Y]);
    if (this.last) tf.dispose([this.last.x, this.last.y, this.last.loss]);
    this.last = null;
    this.testX?.dispose();
    this.testX = null;
  }

  private named(ws: tf.Tensor[]): Record<string, tf.Tensor> {
    return Object.fromEntries(this.names.map((name, i) => [name, ws[i]]));
  }

}

/** A new session on loaded data; with a checkpoint (of the same config), resumed from it. */
export function createLabelNoiseSession(config: LabelNoiseConfig, data: LabelNoiseData, checkpoint?: Checkpoint): LabelNoiseSession {
  return resumeFrom(new LabelNoiseSession(config, data), checkpoint);
}
