/**
 * Shared helpers of the grokking session tests (session.test.ts, session-metrics.test.ts): the model
 * written the plain way, [loss, accuracy] of a checkpoint by plain gathers, and weight comparisons.
 */
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint } from '../../core/experiment';
import { GROKKING_DEFAULTS, type GrokkingConfig } from './config';
import type { GrokkingSession } from './session';

export const cfg = (over: Partial<GrokkingConfig>): GrokkingConfig => ({ ...GROKKING_DEFAULTS, ...over });

/** The model written the plain way: one-hot concat (2p) @ W_in, x², @ W_out, MSE. @returns scalar loss */
export function plainLoss(W_in: tf.Tensor2D, W_out: tf.Tensor2D, a: Int32Array, b: Int32Array, y: Int32Array, p: number): tf.Scalar {
  const X = tf.cast(tf.concat([tf.oneHot(tf.tensor1d(a, 'int32'), p), tf.oneHot(tf.tensor1d(b, 'int32'), p)], 1), 'float32');
  const out = tf.matMul(tf.square(tf.matMul(X, W_in)), W_out);
  const Y = tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), p), 'float32');
  return tf.mean(tf.square(tf.sub(out, Y)));
}

export function maxAbs(x: Float32Array): number {
  return x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

export function maxAbsDiff(x: Float32Array, y: Float32Array): number {
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** [loss, accuracy] of a checkpoint's weights on the given rows, by plain gathers (not the session's code). */
export function lossAcc(ck: Checkpoint, p: number, A: Int32Array, B: Int32Array, Y: Int32Array): [number, number] {
  const v = tf.tidy(() => {
    const W_in = tf.tensor2d(ck.tensors.W_in.values, ck.tensors.W_in.shape as [number, number]);
    const W_out = tf.tensor2d(ck.tensors.W_out.values, ck.tensors.W_out.shape as [number, number]);
    const out = tf.matMul(tf.square(tf.add(tf.gather(W_in, A), tf.gather(W_in, B.map((x) => x + p)))), W_out);
    const loss = tf.mean(tf.square(tf.sub(out, tf.cast(tf.oneHot(tf.tensor1d(Y, 'int32'), p), 'float32'))));
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(out, 1), tf.tensor1d(Y, 'int32')), 'float32'));
    return tf.stack([loss, accuracy]);
  });
  const d = v.dataSync();
  v.dispose();
  return [d[0], d[1]];
}

/** W_in and W_out of a session, read back through its checkpoint. */
export async function weights(s: GrokkingSession): Promise<Float32Array[]> {
  const c = await s.checkpoint();
  return [c.tensors.W_in.values, c.tensors.W_out.values];
}
