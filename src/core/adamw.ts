/**
 * AdamW with exactly the update of PyTorch's torch.optim.AdamW (amsgrad off, maximize off),
 * over a list of tf.Variables. tfjs 4.22 has no AdamW; its Adam adds weight decay to the
 * gradient (L2), which is a different optimiser.
 *
 * One step t (counting from 1), for each variable θ with gradient g:
 *   lr_t  = lr · min(1, t / warmup)          (lr_t = lr when warmup = 0)
 *   θ    ← θ · (1 - lr_t · weightDecay)      (decoupled weight decay, first)
 *   m    ← m + (1 - β1) (g - m)              (torch: exp_avg.lerp_(grad, 1 - β1))
 *   v    ← β2 v + (1 - β2) g²
 *   denom = sqrt(v) / sqrt(1 - β2^t) + eps
 *   θ    ← θ - (lr_t / (1 - β1^t)) · m / denom
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamWOptions {
  lr: number;
  weightDecay?: number;
  /** (β1, β2); default (0.9, 0.98), the grokking papers' choice (PyTorch's default is 0.999). */
  betas?: [number, number];
  eps?: number;
  /** Linear warm-up over this many steps; 0 = none. */
  warmup?: number;
}

/** The optimiser's state on the CPU: the step count and each variable's moments, in variable order. */
export interface AdamWState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

/** A non-trainable float32 variable of zeros; the temporary zeros tensor is freed. */
function zerosVariable(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape, 'float32'), false));
}

export class AdamW {
  /** Learning rate; may be changed at any time (takes effect at the next step). */
  lr: number;
  /** Decoupled weight decay coefficient; may be changed at any time. */
  weightDecay: number;
  /** Warm-up length in steps; 0 = none. */
  warmup: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;

  private readonly vars: tf.Variable[];
  /** First moments, one per variable, same shapes; created eagerly so tensor counts are flat. */
  private readonly m: tf.Variable[];
  /** Second moments. */
  private readonly v: tf.Variable[];
  private t = 0;
  private disposed = false;

  constructor(vars: tf.Variable[], opts: AdamWOptions) {
    this.vars = vars.slice();
    this.lr = opts.lr;
    this.weightDecay = opts.weightDecay ?? 0.01;
    this.warmup = opts.warmup ?? 0;
    [this.beta1, this.beta2] = opts.betas ?? [0.9, 0.98];
    this.eps = opts.eps ?? 1e-8;
    this.m = this.vars.map((x) => zerosVariable(x.shape));
    this.v = this.vars.map((x) => zerosVariable(x.shape));
  }

  /** Steps taken so far (the t of the last step). */
  get step(): number {
    return this.t;
  }

  /** The learning rate the next step will use (after warm-up). */
  currentLr(): number {
    const t = this.t + 1;
    return this.warmup > 0 ? this.lr * Math.min(1, t / this.warmup) : this.lr;
  }

  /**
   * One step. Gradients are in variable order, same shapes; they are not disposed.
   * Allocates nothing that outlives the call.
   */
  applyGradients(grads: tf.Tensor[]): void {
    if (this.disposed) throw new Error('AdamW: used after dispose()');
    if (grads.length !== this.vars.length) {
      throw new Error(`AdamW: ${grads.length} gradients for ${this.vars.length} variables`);
    }
    const lrT = this.currentLr();
    this.t += 1;
    const t = this.t;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const bc1 = 1 - Math.pow(b1, t);
    const bc2 = 1 - Math.pow(b2, t);
    tf.tidy(() => {
      const decay = tf.scalar(1 - lrT * this.weightDecay);
      const oneMinusB1 = tf.scalar(1 - b1);
      const sB2 = tf.scalar(b2);
      const oneMinusB2 = tf.scalar(1 - b2);
      const sqrtBc2 = tf.scalar(Math.sqrt(bc2));
      const eps = tf.scalar(this.eps);
      const negStep = tf.scalar(-lrT / bc1);
      for (let i = 0; i < this.vars.length; i++) {
        const x = this.vars[i];
        const g = grads[i];
        const m = this.m[i];
        const v = this.v[i];
        const m1 = tf.add(m, tf.mul(oneMinusB1, tf.sub(g, m)));
        const v1 = tf.add(tf.mul(v, sB2), tf.mul(oneMinusB2, tf.mul(g, g)));
        const denom = tf.add(tf.div(tf.sqrt(v1), sqrtBc2), eps);
        const x1 = tf.add(tf.mul(x, decay), tf.mul(negStep, tf.div(m1, denom)));
        m.assign(m1);
        v.assign(v1);
        x.assign(x1);
      }
    });
  }

  /** The state, read back asynchronously (never synchronously: that breaks on WebGPU). */
  /** Change the learning rate and weight decay in place (live tweaking); applies from the next step. */
  setHyper(h: { lr?: number; weightDecay?: number }): void {
    if (h.lr !== undefined) this.lr = h.lr;
    if (h.weightDecay !== undefined) this.weightDecay = h.weightDecay;
  }

  async state(): Promise<AdamWState> {
    const step = this.t;
    const read = (xs: tf.Variable[]) => Promise.all(xs.map(async (x) => new Float32Array(await x.data<'float32'>())));
    const [m, v] = await Promise.all([read(this.m), read(this.v)]);
    return { step, m, v };
  }

  /** Replace the moments and the step count (same variables, same shapes). */
  loadState(s: AdamWState): void {
    const n = this.vars.length;
    if (s.m.length !== n || s.v.length !== n) throw new Error(`AdamW.loadState: state has ${s.m.length}/${s.v.length} moments for ${n} variables`);
    for (let i = 0; i < n; i++) {
      const size = this.vars[i].size;
      if (s.m[i].length !== size || s.v[i].length !== size) throw new Error(`AdamW.loadState: moment ${i} has the wrong size`);
    }
    tf.tidy(() => {
      for (let i = 0; i < n; i++) {
        this.m[i].assign(tf.tensor(s.m[i].slice(), this.vars[i].shape, 'float32'));
        this.v[i].assign(tf.tensor(s.v[i].slice(), this.vars[i].shape, 'float32'));
      }
    });
    this.t = s.step;
  }

  /** Free the moments (not the variables being optimised, which the caller owns). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const x of this.m) x.dispose();
    for (const x of this.v) x.dispose();
  }
}
