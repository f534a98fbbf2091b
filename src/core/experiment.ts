/**
 * The contract between an experiment's pure core and the worker runtime that drives it.
 * A core module implements `TrainingSession`; the runtime owns the loop, the backend,
 * the readback schedule and checkpoints. Nothing here touches the DOM or Worker APIs.
 */

import type { Tensor } from '@tensorflow/tfjs-core';

/** Thrown by a session whose weights went non-finite: the run stops with this message (no backend fallback). */
export class Diverged extends Error {
  override name = 'Diverged';
}

/**
 * A metric point computed on the backend and not yet read back: `packed` is float32 [n], one value
 * per series of the cell's definition, in its order (a supervised cell's are SUPERVISED_SERIES:
 * trainLoss, trainAcc, testLoss, testAcc). The runtime reads many at once (readMetrics), so a GPU
 * is not made to sync every step; whoever holds one disposes it.
 */
export interface PendingMetrics {
  step: number;
  packed: Tensor;
}

/** One row of the metric history: the step and one number per series key of the cell's definition. */
export type MetricPoint = { step: number } & Record<string, number>;

/** The series keys of a supervised classifier, in the order its `packed` metrics hold them. */
export const SUPERVISED_KEYS = ['trainLoss', 'trainAcc', 'testLoss', 'testAcc'] as const;

/** Weights and optimiser state on the CPU, enough to resume a run on another backend. */
export interface Checkpoint {
  step: number;
  tensors: Record<string, { shape: number[]; values: Float32Array }>;
}

/** Optimiser settings that change without restarting a run. */
export interface Hyper {
  lr: number;
  weightDecay: number;
  /** The step a decaying learning rate reaches zero at (sessions whose schedule follows the step budget). */
  horizon?: number;
}

export interface TrainingSession<A> {
  /** Optimiser steps taken so far. */
  readonly step: number;
  /**
   * One optimiser step. Allocates nothing that outlives the call. A supervised step never reads
   * back (void); a step that must (an RL update reads its policy's weights back for the next
   * rollout) returns a promise, which the runtime awaits before anything else.
   */
  trainStep(): void | Promise<void>;
  /** The definition's metric series now (asynchronous readback). */
  evaluate(): Promise<MetricPoint>;
  /** The same, computed but not read back (see PendingMetrics). */
  measure(): PendingMetrics;
  /** The experiment's analyses (Fourier spectrum, projections ...) as plain data. */
  analyse(): Promise<A>;
  /**
   * A cheaper analysis for the periodic ones while the run steps (a fixed small sample, say), where
   * the full one is too slow to repeat every few seconds. The runtime calls `analyse()` instead when
   * the run stops stepping (paused, done, a single step) and when the analyses' settings change.
   */
  analysePeriodic?(): Promise<A>;
  /** Change optimiser settings in place; takes effect at the next step. */
  setHyper(h: Partial<Hyper>): void;
  /**
   * Settings of the analyses that change without a restart (an experiment that has them);
   * throws on a bad value. The next analysis uses them.
   */
  setOptions?(options: Record<string, unknown>): void;
  checkpoint(): Promise<Checkpoint>;
  /** Replace weights and optimiser state with a checkpoint's (same config). */
  restore(c: Checkpoint): void;
  dispose(): void;
}
