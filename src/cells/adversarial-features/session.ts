/**
 * A run of the adversarial-features cell (Ilyas et al. 2019 at MNIST scale, as
 * ../shared/reference/advfeat_mnist.py): train a source model, attack the first `attackSize` training
 * digits with targeted PGD toward random targets (D_rand) and toward y + 1 (D_det) and relabel them,
 * then train a fresh model on each relabelled set and on the controls, and test each on the clean test
 * digits. One runtime step is one training batch or one PGD step on a chunk (pipeline.ts); the steps
 * that end a stage read back (the test, the finished perturbations) and return a promise.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Checkpoint, Hyper, MetricPoint, PendingMetrics, TrainingSession } from '../../core/experiment';
import { crossEntropy } from '../../core/loss';
import type { ModelKind } from '../../core/mnist/model';
import { PIXELS } from '../../core/mnist/model';
import { validate } from '../../core/params';
import { readMetrics } from '../../core/readback';
import { createRng, type Rng } from '../../core/rng';
import type { AdvAnalysis, AttackResult, ModelResult } from './analysis';
import { Classifier } from './classifier';
import { ADV_PARAMS, ATTACK_CHUNK, BATCH, CURVE_TEST, type AdvConfig } from './config';
import { oneHots, rowsTensor, testScores, trainingSet, type RunData } from './data';
import { galleries, pickResult, restoreState, saveState } from './session-state';
import { classMeans, defaultStepSize, perturbationStats, pgdStep, randomTargets, shiftedTargets } from './pgd';
import { FRESH, plan, stageAt, type AttackName, type FreshName, type Stage } from './pipeline';

/** The metric series, in the order measure() packs them (the definition's). */
export const SERIES = ['loss', 'sourceAcc', 'randSuccess', 'detSuccess', 'randAcc', 'detAcc', 'randPlainAcc', 'randPerpAcc', 'detPlainAcc'] as const;

interface Training {
  model: 'source' | FreshName;
  net: Classifier;
  X: Float32Array;
  Y: Uint8Array;
  rows: number;
  perm: Int32Array;
  cursor: number;
  rng: Rng;
}

interface Attacking {
  target: AttackName;
  chunk: number;
  iter: number;
  from: number;
  x: tf.Tensor2D;
  delta: tf.Tensor2D;
  T: tf.Tensor2D;
}

export class AdvSession implements TrainingSession<AdvAnalysis> {
  readonly config: AdvConfig;
  readonly stages: Stage[];
  /** State kept across stages (saved by checkpoints at stage boundaries: session-state.ts). */
  s: {
    steps: number;
    source: Classifier | null;
    randModel: Classifier | null;
    deltas: Partial<Record<AttackName, Float32Array>>;
    attacks: Partial<Record<AttackName, AttackResult>>;
    fresh: Partial<Record<FreshName, ModelResult>>;
    sourceTestAcc: number | null;
  };
  readonly data: RunData;
  readonly n: number;
  readonly targets: Record<AttackName, Uint8Array>;
  private readonly means: Float32Array;
  private readonly curve: { x: tf.Tensor2D; y: tf.Tensor1D };
  private training: Training | null = null;
  private attacking: Attacking | null = null;
  private lastLoss: tf.Scalar | null = null;
  /** The last chunk's attack numbers, for the metric points of the steps that end a chunk. */
  private lastAttack = { loss: NaN, success: NaN };
  private lr: number;
  private pickIndex = 0;
  private disposed = false;

  constructor(config: AdvConfig, data: RunData) {
    const errors = validate(ADV_PARAMS, config);
    if (errors.length) throw new Error(`adversarial-features: bad config: ${errors.join('; ')}`);
    this.config = { ...config };
    this.data = data;
    this.stages = plan(config, data.source.count);
    this.n = Number(config.attackSize);
    if (this.n > data.source.count) throw new Error(`adversarial-features: ${this.n} digits to attack, ${data.source.count} loaded`);
    this.lr = config.lr;
    const ya = data.source.y.subarray(0, this.n);
    this.targets = { rand: randomTargets(this.n, createRng((config.seed ^ 0x27d4eb2f) >>> 0)), det: shiftedTargets(ya) };
    this.means = classMeans(data.source.x, data.source.y);
    const idx = Array.from({ length: Math.min(CURVE_TEST, data.test.count) }, (_, i) => i);
    this.curve = { x: rowsTensor(data.test.x, idx), y: tf.tensor1d(Int32Array.from(idx, (i) => data.test.y[i]), 'int32') };
    this.s = { steps: 0, source: null, randModel: null, deltas: {}, attacks: {}, fresh: {}, sourceTestAcc: null };
  }

  get step(): number {
    return this.s.steps;
  }

  trainStep(): void | Promise<void> {
    this.live();
    const at = stageAt(this.stages, this.s.steps);
    if (!at) return;
    const { stage, offset } = at;
    this.s.steps += 1;
    const last = offset === stage.steps - 1;
    if (stage.kind === 'train') {
      this.trainBatch(stage.model);
      return last ? this.endTraining() : undefined;
    }
    this.attackStep(stage.target, Math.floor(offset / stage.pgdSteps));
    return this.attacking && this.attacking.iter === stage.pgdSteps ? this.endChunk() : undefined;
  }

  private net(model: 'source' | FreshName): Classifier {
    const k = model === 'source' ? 0 : FRESH.indexOf(model) + 1;
    return new Classifier(this.config.model as ModelKind, (this.config.seed * 100 + k) >>> 0, this.lr);
  }

  private trainBatch(model: 'source' | FreshName): void {
    if (this.training?.model !== model) {
      const set = trainingSet(model, this.data.source, this.n, this.s.deltas, this.targets, this.means);
      const rng = createRng((this.config.seed * 100 + 7 + FRESH.indexOf(model as FreshName)) >>> 0);
      this.training = { model, net: this.net(model), ...set, perm: rng.permutation(set.rows), cursor: 0, rng };
    }
    const t = this.training;
    if (t.cursor >= t.rows) {
      t.perm = t.rng.permutation(t.rows);
      t.cursor = 0;
    }
    const idx = t.perm.subarray(t.cursor, Math.min(t.cursor + BATCH, t.rows));
    t.cursor += BATCH;
    const loss = tf.tidy(() => t.net.train(rowsTensor(t.X, idx), oneHots(t.Y, idx)));
    this.lastLoss?.dispose();
    this.lastLoss = loss;
  }

  /** A finished model on all the clean test digits; the source and D_rand models are kept. */
  private async endTraining(): Promise<void> {
    const t = this.training as Training;
    this.training = null;
    const r = await testScores(t.net, this.data.test);
    if (t.model === 'source') {
      this.s.sourceTestAcc = r.cleanTestAcc;
      this.s.source = t.net;
      return;
    }
    this.s.fresh[t.model] = r;
    if (t.model === 'rand') this.s.randModel = t.net;
    else t.net.dispose();
  }

  private attackStep(target: AttackName, chunk: number): void {
    const src = this.s.source;
    if (!src) throw new Error('adversarial-features: no source model to attack');
    if (!this.attacking || this.attacking.target !== target || this.attacking.chunk !== chunk) {
      const from = chunk * ATTACK_CHUNK;
      const idx = Array.from({ length: Math.min(ATTACK_CHUNK, this.n - from) }, (_, i) => from + i);
      const x = rowsTensor(this.data.source.x, idx);
      this.attacking = { target, chunk, iter: 0, from, x, delta: tf.zerosLike(x), T: oneHots(this.targets[target], idx) };
    }
    const a = this.attacking;
    const spec = { norm: this.config.norm as 'l2' | 'linf', eps: this.config.eps, stepSize: defaultStepSize(this.config.eps, this.config.pgdSteps) };
    const next = pgdStep((x) => src.logits(x), a.x, a.delta, a.T, spec);
    a.delta.dispose();
    a.delta = next;
    a.iter += 1;
  }

  /** A chunk's perturbations read back; at the attack's last chunk, its statistics. */
  private async endChunk(): Promise<void> {
    const a = this.attacking as Attacking;
    const src = this.s.source as Classifier;
    this.attacking = null;
    const packed = tf.tidy(() => {
      const z = src.logits(tf.add(a.x, a.delta) as tf.Tensor2D);
      const hit = tf.cast(tf.equal(tf.argMax(z, 1), tf.argMax(a.T, 1)), 'float32');
      return tf.concat([tf.reshape(a.delta, [-1]), tf.stack([tf.sum(hit), crossEntropy(z, a.T)])]);
    });
    const v = await packed.data<'float32'>();
    tf.dispose([packed, a.x, a.delta, a.T]);
    const m = a.x.shape[0];
    const deltas = (this.s.deltas[a.target] ??= new Float32Array(this.n * PIXELS));
    deltas.set(v.subarray(0, m * PIXELS), a.from * PIXELS);
    const prev = this.s.attacks[a.target];
    const hits = (prev ? prev.success * prev.attacked : 0) + v[m * PIXELS];
    const attacked = a.from + m;
    this.lastAttack = { loss: v[m * PIXELS + 1], success: v[m * PIXELS] / m };
    const stats = perturbationStats(deltas.subarray(0, attacked * PIXELS), this.data.source.y.subarray(0, attacked), this.targets[a.target].subarray(0, attacked), this.means);
    this.s.attacks[a.target] = { attacked, total: this.n, success: hits / attacked, ...stats };
  }

  measure(): PendingMetrics {
    this.live();
    const at = stageAt(this.stages, this.s.steps - 1);
    const values: (tf.Tensor | number)[] = SERIES.map(() => NaN);
    const packed = tf.tidy(() => {
      if (at?.stage.kind === 'train' && this.training) {
        values[0] = this.lastLoss ?? NaN;
        values[SERIES.indexOf(`${this.training.model}Acc` as (typeof SERIES)[number])] = tf.gather(this.training.net.scores(this.curve.x, this.curve.y), 0);
      } else if (at?.stage.kind === 'attack') {
        const key = SERIES.indexOf(`${at.stage.target}Success`);
        const a = this.attacking;
        if (a && this.s.source) {
          const z = this.s.source.logits(tf.add(a.x, a.delta) as tf.Tensor2D);
          values[0] = crossEntropy(z, a.T);
          values[key] = tf.mean(tf.cast(tf.equal(tf.argMax(z, 1), tf.argMax(a.T, 1)), 'float32'));
        } else {
          values[0] = this.lastAttack.loss;
          values[key] = this.lastAttack.success;
        }
      } else if (at?.stage.kind === 'train') {
        // The step that ended a training stage: its model was tested on all 10,000 digits.
        values[0] = this.lastLoss ?? NaN;
        const r = at.stage.model === 'source' ? this.s.sourceTestAcc : this.s.fresh[at.stage.model]?.cleanTestAcc;
        values[SERIES.indexOf(`${at.stage.model}Acc` as (typeof SERIES)[number])] = r ?? NaN;
      }
      return tf.stack(values.map((v) => (typeof v === 'number' ? tf.scalar(v) : tf.reshape(v, []))));
    });
    return { step: this.s.steps, packed };
  }

  async evaluate(): Promise<MetricPoint> {
    return (await readMetrics([this.measure()], SERIES))[0];
  }

  async analyse(): Promise<AdvAnalysis> {
    this.live();
    const at = stageAt(this.stages, this.s.steps);
    return {
      step: this.s.steps,
      stageIndex: at ? at.index : this.stages.length,
      stageOffset: at ? at.offset : 0,
      sourceTestAcc: this.s.sourceTestAcc,
      attacks: { ...this.s.attacks },
      fresh: { ...this.s.fresh },
      galleries: galleries(this),
      pick: await pickResult(this, this.pickIndex),
    };
  }

  setHyper(h: Partial<Hyper>): void {
    if (h.lr === undefined) return;
    this.lr = h.lr;
    this.training?.net.opt.setHyper({ lr: h.lr });
  }

  /** `pick`: the test digit whose D_rand prediction is shown. */
  setOptions(o: Record<string, unknown>): void {
    if (!('pick' in o)) return;
    const i = Number(o.pick);
    if (!Number.isInteger(i) || i < 0 || i >= this.data.test.count) throw new Error(`pick: a test digit from 0 to ${this.data.test.count - 1}`);
    this.pickIndex = i;
  }

  /** The state at the start of the running stage (a stage is not resumed midway). */
  async checkpoint(): Promise<Checkpoint> {
    this.live();
    return saveState(this);
  }

  restore(c: Checkpoint): void {
    this.live();
    restoreState(this, c);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.training?.net.dispose();
    this.s.source?.dispose();
    this.s.randModel?.dispose();
    if (this.attacking) tf.dispose([this.attacking.x, this.attacking.delta, this.attacking.T]);
    this.lastLoss?.dispose();
    tf.dispose([this.curve.x, this.curve.y]);
  }

  private live(): void {
    if (this.disposed) throw new Error('adversarial-features: session used after dispose()');
  }
}
