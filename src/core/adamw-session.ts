/**
 * What every session trained with our AdamW shares (grokking, clock-pizza, label-noise): the step
 * count, a guard against use after dispose, evaluate() as one readback of measure(), optimiser
 * settings, checkpoints of the named variables and their moments, and disposal. A session extends
 * it, calls `optimise(names, vars, opt)` once its variables exist, and adds its step, metrics,
 * analysis and data.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdamW } from './adamw';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { SUPERVISED_KEYS, type Checkpoint, type Hyper, type MetricPoint, type PendingMetrics, type TrainingSession } from './experiment';
import { readMetrics } from './readback';

export abstract class AdamWSession<A> implements TrainingSession<A> {
  protected steps = 0;
  private disposed = false;
  private ckptNames: readonly string[] = [];
  private ckptVars: readonly tf.Variable[] = [];
  private optimiser: AdamW | null = null;

  /**
   * @param who names the experiment in error messages
   * @param seriesKeys the metric series measure() packs, in order
   */
  protected constructor(
    private readonly who: string,
    private readonly seriesKeys: readonly string[] = SUPERVISED_KEYS,
  ) {}

  /** The trained variables, their checkpoint names, and the optimiser that owns their moments. */
  protected optimise(names: readonly string[], vars: readonly tf.Variable[], opt: AdamW): void {
    this.ckptNames = names;
    this.ckptVars = vars;
    this.optimiser = opt;
  }

  protected get opt(): AdamW {
    if (!this.optimiser) throw new Error(`${this.who}: no optimiser yet`);
    return this.optimiser;
  }

  get step(): number {
    return this.steps;
  }

  abstract trainStep(): void;
  abstract measure(): PendingMetrics;
  abstract analyse(): Promise<A>;
  /** Free what the session holds besides its variables and optimiser (data, constants). */
  protected abstract disposeData(): void;

  /** The metric series now, in one readback. */
  async evaluate(): Promise<MetricPoint> {
    return (await readMetrics([this.measure()], this.seriesKeys))[0];
  }

  setHyper(h: Partial<Hyper>): void {
    this.opt.setHyper(h);
  }

  /** Weights and AdamW moments; the AdamW step count is the checkpoint's step. */
  async checkpoint(): Promise<Checkpoint> {
    this.live();
    return saveCheckpoint(this.steps, this.ckptNames, this.ckptVars, this.opt);
  }

  restore(c: Checkpoint): void {
    this.live();
    loadCheckpoint(c, this.ckptNames, this.ckptVars, this.opt, this.who);
    this.steps = c.step;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimiser?.dispose();
    tf.dispose(this.ckptVars as tf.Variable[]);
    this.disposeData();
  }

  protected live(): void {
    if (this.disposed) throw new Error(`${this.who}: session used after dispose()`);
  }
}
