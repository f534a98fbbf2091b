/**
 * One MNIST classifier as the adversarial-features cell trains it (src/core/mnist/model.ts's MLP or
 * conv net, Adam as torch.optim.Adam(lr) with betas (0.9, 0.999)): logits of raw [0, 1] pixels, as the
 * reference's models take them (no mean/std normalisation: with it, seed 0 at the defaults read attack
 * success 0.68 / 0.62 and D_det 0.18 against the reference's 0.85 / 0.82 and 0.11; without it, 0.82 /
 * 0.80 and 0.11), one training step on a batch, accuracy.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { AdamW } from '../../core/adamw';
import { crossEntropy } from '../../core/loss';
import { forward, initParams, paramNames, paramShapes, type ModelKind } from '../../core/mnist/model';

export class Classifier {
  readonly names: string[];
  readonly vars: tf.Variable[];
  readonly opt: AdamW;
  private readonly P: Record<string, tf.Tensor>;

  constructor(
    readonly kind: ModelKind,
    seed: number,
    lr: number,
  ) {
    this.names = paramNames(kind);
    const init = initParams(kind, seed >>> 0);
    const shapes = paramShapes(kind);
    this.vars = this.names.map((n) => tf.tidy(() => tf.variable(tf.tensor(init[n], shapes[n], 'float32'), true)));
    this.P = Object.fromEntries(this.names.map((n, i) => [n, this.vars[i]]));
    this.opt = new AdamW(this.vars, { lr, weightDecay: 0, betas: [0.9, 0.999], eps: 1e-8, warmup: 0 });
  }

  /** Logits of pixels in [0, 1] (no tidy of its own: callers, and gradients through it, own the scope). @param x [n, 784] @returns [n, 10] */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    return forward(this.kind, this.P, x);
  }

  /** One Adam step on a batch. @returns the batch's mean cross-entropy before the step (a scalar the caller disposes) */
  train(x: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => crossEntropy(this.logits(x), Y), this.vars);
      this.opt.applyGradients(this.vars.map((v) => grads[v.name]));
      return value;
    });
  }

  /** Share of rows whose argmax is `y`, and of rows whose argmax is `(y + 1) mod 10`, as a [2] tensor. */
  scores(x: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => {
      const p = tf.argMax(this.logits(x), 1);
      const right = tf.mean(tf.cast(tf.equal(p, y), 'float32'));
      const next = tf.mean(tf.cast(tf.equal(p, tf.mod(tf.add(y, 1), 10)), 'float32'));
      return tf.stack([right, next]) as tf.Tensor1D;
    });
  }

  dispose(): void {
    this.opt.dispose();
    tf.dispose(this.vars);
  }
}
