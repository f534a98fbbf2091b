/**
 * A training run of the grokking cell: Gromov's x² network on (a + b) mod p, full batch,
 * MSE, AdamW (betas 0.9, 0.98). Implements the runtime's TrainingSession contract: the
 * runtime owns the loop, the backend and the readback schedule.
 *
 * What a metric point at step s means (measure(), evaluate()):
 * - trainLoss, trainAcc: those of the forward pass of the s-th step, i.e. of the weights after
 *   s - 1 updates (before the s-th), as a PyTorch training loop logs the loss of its step. The step
 *   computes them anyway for its gradient, so a metric point costs one forward pass (the test rows)
 *   instead of two. Where no step has run on the current weights (step 0, or right after a restore
 *   from a checkpoint) they come from a forward pass of the current weights, the ones the next
 *   step's forward pass will see.
 * - testLoss, testAcc: of the weights after s updates (a forward pass over the test rows).
 * Train metrics are against the labels as given (noisy rows included); test labels are clean.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint, PendingMetrics } from '../../core/experiment';
import { AdamWSession } from '../../core/adamw-session';
import { validate } from '../../core/params';
import { createRng } from '../../core/rng';
import { AdamW } from '../../core/adamw';
import { resumeFrom } from '../../core/checkpoint';
import { clockFace, fourierNorms, strongestFrequency } from '../../core/fourier';
import { GROKKING_PARAMS, type GrokkingConfig } from './config';
import { makeSplit, type Split } from '../../core/modular';
import { accuracy, forward, gradients, initStd, lossAndAccuracy, oneHot2, oneHotF32, type Inputs } from './model';

export interface GrokkingAnalysis {
  step: number;
  /** Fourier norms of the embedding of a (W_in rows 0..p-1), [(p-1)/2]; entry k-1 is frequency k. */
  spectrum: Float32Array;
  /** 'k=1', 'k=2', ... */
  labels: string[];
  /** The strongest frequency, 1..(p-1)/2. */
  k: number;
  /** Clock face of frequency k: residue a at (clockX[a], clockY[a]), [p] each. */
  clockX: Float32Array;
  clockY: Float32Array;
  /** sqrt(|W_in|² + |W_out|²), Frobenius norms. */
  weightNorm: number;
}

/** The device-side tensors of one set of rows. */
interface Rows extends Inputs {
  /** [n] int32 labels */
  y: tf.Tensor1D;
  /** [n, p] one-hot float32 targets */
  Y: tf.Tensor2D;
}

function makeRows(a: Int32Array, b: Int32Array, y: Int32Array, p: number, withOneHot: boolean): Rows {
  return tf.tidy(() => {
    const yt = tf.tensor1d(y, 'int32');
    const at = tf.tensor1d(a, 'int32');
    const bt = tf.tensor1d(b.map((v) => v + p), 'int32');
    return { a: at, bShifted: bt, y: yt, Y: oneHotF32(yt, p), onehot: withOneHot ? oneHot2(at, bt, p) : undefined };
  });
}

function disposeRows(r: Rows): void {
  tf.dispose([r.a, r.bShifted, r.y, r.Y]);
  if (r.onehot) r.onehot.dispose();
}

/**
 * How the hidden layer reads the embedding: 'matmul' (one-hot [n, 2p] @ W_in) or 'gather'.
 * Default: 'matmul' on the WASM backend, where gather is ~5x slower; 'gather' elsewhere.
 */
export type EmbedBy = 'gather' | 'matmul';

export interface SessionOptions {
  embedBy?: EmbedBy;
}

/** A float32 variable filled with N(0, std²) draws from rng. @returns [rows, cols] */
function normalVariable(rng: ReturnType<typeof createRng>, rows: number, cols: number, std: number): tf.Variable<tf.Rank.R2> {
  const v = new Float32Array(rows * cols);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal() * std;
  return tf.tidy(() => tf.variable(tf.tensor2d(v, [rows, cols], 'float32'), true));
}

const CKPT_NAMES = ['W_in', 'W_out'] as const;

export class GrokkingSession extends AdamWSession<GrokkingAnalysis> {
  readonly config: GrokkingConfig;
  readonly split: Split;
  readonly p: number;
  readonly N: number;
  readonly embedBy: EmbedBy;
  /** [2p, N]: rows 0..p-1 embed a, rows p..2p-1 embed b. */
  private readonly W_in: tf.Variable<tf.Rank.R2>;
  /** [N, p] */
  private readonly W_out: tf.Variable<tf.Rank.R2>;
  private readonly train: Rows;
  private readonly test: Rows;
  /** [2p, n_train] constant, for dW_in. */
  private readonly onehotT: tf.Tensor2D;
  /**
   * [2] train loss and accuracy of the last step's forward pass (of the weights before its update);
   * null where no step has run on the current weights (none yet, or restored from a checkpoint).
   */
  private stepTrain: tf.Tensor1D | null = null;

  constructor(config: GrokkingConfig, options: SessionOptions = {}) {
    super('grokking');
    const errors = validate(GROKKING_PARAMS, config);
    if (errors.length) throw new Error(`grokking: bad config: ${errors.join('; ')}`);
    this.config = { ...config };
    const { p, width: N, frac, noise, seed } = config;
    this.p = p;
    this.N = N;
    this.split = makeSplit(p, frac, noise, seed);
    const s = this.split;
    this.embedBy = options.embedBy ?? (tf.getBackend() === 'wasm' ? 'matmul' : 'gather');
    const byMatMul = this.embedBy === 'matmul';
    this.train = makeRows(s.trainA, s.trainB, s.trainY, p, byMatMul);
    this.test = makeRows(s.testA, s.testB, s.testY, p, byMatMul);
    this.onehotT = tf.tidy(() => tf.transpose(this.train.onehot ?? oneHot2(this.train.a, this.train.bShifted, p)));

    // The initial weights use their own stream (the split uses createRng(seed)).
    const rng = createRng((seed ^ 0x5bd1e995) >>> 0);
    const std = initStd(N);
    this.W_in = normalVariable(rng, 2 * p, N, std);
    this.W_out = normalVariable(rng, N, p, std);
    const opt = new AdamW([this.W_in, this.W_out], { lr: config.lr, weightDecay: config.wd, betas: [0.9, 0.98], eps: 1e-8 });
    this.optimise(CKPT_NAMES, [this.W_in, this.W_out], opt);
  }

  /** One AdamW step; keeps its forward pass's train loss and accuracy (no readback). */
  trainStep(): void {
    this.live();
    const tr = this.train;
    const train = tf.tidy(() => {
      const g = gradients(this.W_in, this.W_out, tr, this.onehotT, tr.Y);
      const metrics = tf.stack([g.loss, accuracy(g.out, tr.y)]) as tf.Tensor1D;
      this.opt.applyGradients([g.dW_in, g.dW_out]);
      return metrics;
    });
    this.stepTrain?.dispose();
    this.stepTrain = train;
    this.steps += 1;
  }

  /**
   * [trainLoss, trainAcc, testLoss, testAcc] at this step (see the file's comment for what each
   * means): the test rows' forward pass, and the train rows' only where no step has run on these weights.
   */
  measure(): PendingMetrics {
    this.live();
    const packed = tf.tidy(() => {
      const tr = this.train;
      const te = this.test;
      const train = this.stepTrain ?? lossAndAccuracy(forward(this.W_in, this.W_out, tr), tr.Y, tr.y);
      return tf.concat([train, lossAndAccuracy(forward(this.W_in, this.W_out, te), te.Y, te.y)]);
    });
    return { step: this.steps, packed };
  }

  /** As AdamWSession's; the last step's train metrics are not of the restored weights, so they go. */
  override restore(c: Checkpoint): void {
    try {
      super.restore(c);
    } finally {
      this.dropStepTrain();
    }
  }

  private dropStepTrain(): void {
    this.stepTrain?.dispose();
    this.stepTrain = null;
  }

  /** Fourier analysis of the embedding of a (W_in rows 0..p-1). One readback. */
  async analyse(): Promise<GrokkingAnalysis> {
    this.live();
    const { p, N } = this;
    const step = this.steps;
    const packed = tf.tidy(() => {
      const E = tf.reshape(tf.slice(this.W_in, [0, 0], [p, N]), [p * N]);
      const sq = tf.add(tf.sum(tf.square(this.W_in)), tf.sum(tf.square(this.W_out)));
      return tf.concat([E, tf.reshape(tf.sqrt(sq), [1])]);
    });
    let data: Float32Array;
    try {
      data = new Float32Array(await packed.data<'float32'>());
    } finally {
      packed.dispose();
    }
    const E = data.subarray(0, p * N);
    const { values, labels } = fourierNorms(E, p, N);
    const k = strongestFrequency(values);
    const { x, y } = clockFace(E, p, N, k);
    return { step, spectrum: values, labels, k, clockX: x, clockY: y, weightNorm: data[p * N] };
  }

  protected disposeData(): void {
    this.dropStepTrain();
    this.onehotT.dispose();
    disposeRows(this.train);
    disposeRows(this.test);
  }
}

/** A new session; with a checkpoint (of the same config), resumed from it. */
export function createGrokkingSession(config: GrokkingConfig, checkpoint?: Checkpoint, options?: SessionOptions): GrokkingSession {
  return resumeFrom(new GrokkingSession(config, options), checkpoint);
}
