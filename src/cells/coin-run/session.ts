/**
 * A training run of the coin cell: an MLP policy (243-64-64, policy and value heads) trained with
 * PPO on ENVS CoinRun-lite levels, as goalmisgen.py. One trainStep is one PPO update: a rollout in
 * plain JS on the policy's weight snapshot, GAE, then EPOCHS × 4 minibatches of tfjs autodiff with
 * Adam (lr decaying linearly to 0 over the budget), and the new weights read back for the next
 * rollout. Analyses run the policy on the fixed test levels. Implements the runtime's TrainingSession.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { AdamW } from '../../core/adamw';
import { AdamWSession } from '../../core/adamw-session';
import { resumeFrom } from '../../core/checkpoint';
import type { Checkpoint, Hyper, PendingMetrics } from '../../core/experiment';
import { validate } from '../../core/params';
import { createRng, type Rng } from '../../core/rng';
import { COIN_RUN_PARAMS, ENVS, EPOCHS, MINIBATCH, ROLLOUT, STEPS_PER_UPDATE, updates, type CoinRunConfig } from './config';
import { Levels, OBS_SIZE } from './env';
import { evaluatePolicy, makeTestSet, type EvalRates, type TestSet, type WatchedLevel } from './evaluate';
import { initPolicy, PARAM_NAMES, PolicySnapshot } from './policy';
import { gae, ppoGrads, PPO_DEFAULTS } from './ppo';
import { collectRollout, rolloutBuffers, type RolloutBuffers } from './rollout';

export interface EvalPoint {
  step: number;
  envSteps: number;
  /** On the distinguishing test levels (where running right misses the coin). */
  distinguishing: EvalRates;
  /** On all test levels. */
  all: EvalRates;
}

export interface CoinRunAnalysis {
  step: number;
  envSteps: number;
  randomPercent: number;
  /** Every evaluation of this session so far, oldest first (the latest is the last). */
  evals: EvalPoint[];
  /** The same test levels with the coin at the end (in distribution): how often the coin is collected. */
  inDistributionCoin: number;
  testLevels: number;
  distinguishingLevels: number;
  proxy: { all: EvalRates; distinguishing: EvalRates; watch: WatchedLevel[] };
  /** The watched test levels with the agent's paths (the same levels as the proxy's). */
  watch: WatchedLevel[];
}

/** The test set is the same for every run: built once per worker (or test process). */
let testSet: TestSet | null = null;
function sharedTestSet(): TestSet {
  testSet ??= makeTestSet();
  return testSet;
}

/** Adam as the reference's torch.optim.Adam(lr, eps=1e-5): betas (0.9, 0.999), no weight decay. */
const ADAM = { weightDecay: 0, betas: [0.9, 0.999] as [number, number], eps: 1e-5, warmup: 0 };

export class CoinRunSession extends AdamWSession<CoinRunAnalysis> {
  readonly config: CoinRunConfig;
  private readonly vars: tf.Variable[];
  private snapshot: PolicySnapshot;
  private readonly levels: Levels;
  private readonly rng: { env: Rng; act: Rng; batch: Rng };
  private readonly buf: RolloutBuffers;
  private lr: number;
  private horizon: number;
  /** The last update's numbers: coin share and mean length of the episodes that ended, mean loss, entropy. */
  private last = { coinRate: NaN, length: NaN, loss: NaN, entropy: NaN };
  private readonly evals: EvalPoint[] = [];

  constructor(config: CoinRunConfig) {
    super('coin-run', ['trainCoinRate', 'episodeLength', 'loss', 'entropy']);
    const errors = validate(COIN_RUN_PARAMS, config);
    if (errors.length) throw new Error(`coin-run: bad config: ${errors.join('; ')}`);
    this.config = { ...config };
    const seed = config.seed >>> 0;
    this.rng = { env: createRng(seed), act: createRng((seed ^ 0x9e3779b9) >>> 0), batch: createRng((seed ^ 0x7f4a7c15) >>> 0) };
    const init = initPolicy(OBS_SIZE, createRng((seed ^ 0x5bd1e995) >>> 0));
    this.vars = PARAM_NAMES.map((name) => tf.tidy(() => tf.variable(tf.tensor(init[name].values, init[name].shape, 'float32'), true)));
    this.snapshot = new PolicySnapshot(Object.fromEntries(PARAM_NAMES.map((n) => [n, init[n].values])), OBS_SIZE);
    this.lr = config.lr;
    this.horizon = updates(config.steps);
    this.optimise(PARAM_NAMES, this.vars, new AdamW(this.vars, { lr: config.lr, ...ADAM }));
    this.levels = new Levels(ENVS, this.rng.env, config.randomPercent);
    this.buf = rolloutBuffers(ROLLOUT, ENVS);
  }

  /** One PPO update; resolves once the new weights are read back for the next rollout. */
  async trainStep(): Promise<void> {
    this.live();
    const stats = collectRollout(this.levels, this.snapshot, this.rng.act, this.buf);
    const { T, N } = this.buf;
    const { adv, ret } = gae(this.buf.rew, this.buf.done, this.buf.val, this.buf.lastVal, T, N, PPO_DEFAULTS.gamma, PPO_DEFAULTS.lam);
    // The reference sets lr · (1 − u / n_updates) at the start of update u.
    this.opt.setHyper({ lr: this.lr * Math.max(0, 1 - this.steps / this.horizon) });
    const sums = tf.tidy(() => {
      let loss: tf.Tensor = tf.scalar(0);
      let entropy: tf.Tensor = tf.scalar(0);
      for (let e = 0; e < EPOCHS; e++) {
        const perm = this.rng.batch.permutation(T * N);
        for (let k = 0; k < T * N; k += MINIBATCH) {
          const idx = perm.subarray(k, Math.min(k + MINIBATCH, T * N));
          const r = tf.tidy(() => {
            const batch = this.minibatch(idx, adv, ret);
            const g = ppoGrads(this.vars, PARAM_NAMES, batch, PPO_DEFAULTS);
            this.opt.applyGradients(g.grads);
            return [g.loss, g.entropy];
          });
          loss = tf.add(loss, r[0]);
          entropy = tf.add(entropy, r[1]);
        }
      }
      const n = EPOCHS * Math.ceil((T * N) / MINIBATCH);
      return tf.stack([tf.div(loss, n), tf.div(entropy, n)]);
    });
    this.steps += 1;
    const [weights, means] = await Promise.all([Promise.all(this.vars.map((v) => v.data<'float32'>())), sums.data<'float32'>()]).finally(() => sums.dispose());
    this.snapshot = new PolicySnapshot(Object.fromEntries(PARAM_NAMES.map((n, i) => [n, weights[i] as Float32Array])), OBS_SIZE);
    this.last = {
      coinRate: stats.episodes ? stats.coins / stats.episodes : NaN,
      length: stats.episodes ? stats.steps / stats.episodes : NaN,
      loss: means[0],
      entropy: means[1],
    };
  }

  /** Rows `idx` of the rollout as one minibatch of tensors. */
  private minibatch(idx: Int32Array, adv: Float32Array, ret: Float32Array) {
    const m = idx.length;
    const obs = new Float32Array(m * OBS_SIZE);
    const take = <A extends Float32Array | Int32Array>(src: A, out: A) => {
      idx.forEach((j, i) => (out[i] = src[j]));
      return out;
    };
    idx.forEach((j, i) => obs.set(this.buf.obs.subarray(j * OBS_SIZE, (j + 1) * OBS_SIZE), i * OBS_SIZE));
    return {
      obs: tf.tensor2d(obs, [m, OBS_SIZE]),
      act: tf.tensor1d(take(this.buf.act, new Int32Array(m)), 'int32'),
      logpOld: tf.tensor1d(take(this.buf.logp, new Float32Array(m))),
      adv: tf.tensor1d(take(adv, new Float32Array(m))),
      ret: tf.tensor1d(take(ret, new Float32Array(m))),
    };
  }

  /** The last update's numbers (computed in JS: nothing to wait for on the backend). */
  measure(): PendingMetrics {
    const l = this.last;
    return { step: this.steps, packed: tf.tensor1d([l.coinRate, l.length, l.loss, l.entropy]) };
  }

  async analyse(): Promise<CoinRunAnalysis> {
    this.live();
    const set = sharedTestSet();
    const test = evaluatePolicy(this.snapshot, set, true);
    const inDist = evaluatePolicy(this.snapshot, set, false);
    const point: EvalPoint = { step: this.steps, envSteps: this.steps * STEPS_PER_UPDATE, distinguishing: test.distinguishing, all: test.all };
    if (this.evals.at(-1)?.step === point.step) this.evals.pop();
    this.evals.push(point);
    return {
      step: this.steps,
      envSteps: point.envSteps,
      randomPercent: this.config.randomPercent,
      evals: this.evals.slice(),
      inDistributionCoin: inDist.all.coin,
      testLevels: set.count,
      distinguishingLevels: set.distinguishing.reduce((a, b) => a + b, 0),
      proxy: set.proxy,
      watch: test.watch,
    };
  }

  override setHyper(h: Partial<Hyper>): void {
    if (h.lr !== undefined) this.lr = h.lr;
    if (h.horizon !== undefined) this.horizon = Math.max(1, h.horizon);
  }

  /** Weights and Adam moments; the training levels and random streams start afresh after a restore. */
  override restore(c: Checkpoint): void {
    super.restore(c);
    this.snapshot = new PolicySnapshot(Object.fromEntries(PARAM_NAMES.map((n) => [n, c.tensors[n].values])), OBS_SIZE);
  }

  protected disposeData(): void {
    /* everything else is plain arrays */
  }
}

/** A new session; with a checkpoint (of the same config), resumed from it. */
export function createCoinRunSession(config: CoinRunConfig, checkpoint?: Checkpoint): CoinRunSession {
  return resumeFrom(new CoinRunSession(config), checkpoint);
}
