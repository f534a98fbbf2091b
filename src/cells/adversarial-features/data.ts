/**
 * The digits a run uses, as float arrays in [0, 1]: the source set (the first SOURCE_SIZE training
 * digits; the attacked ones are its first `attackSize`), the test set, and the pieces the session
 * turns into tensors (a batch of rows, one-hots).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MnistData } from '../../core/mnist/loader';
import { PIXELS } from '../../core/mnist/model';
import { SOURCE_SIZE } from './config';
import type { ModelResult } from './analysis';
import type { Classifier } from './classifier';
import { removeMeanDirection } from './pgd';
import type { AttackName, FreshName } from './pipeline';

export interface Digits {
  x: Float32Array;
  y: Uint8Array;
  count: number;
}

export interface RunData {
  source: Digits;
  test: Digits;
}

function toFloat(images: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count * PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = images[i] / 255;
  return out;
}

/** @param sourceSize the source set's size (SOURCE_SIZE; fewer in tests) */
export function runData(d: MnistData, sourceSize = SOURCE_SIZE): RunData {
  if (d.train.count < sourceSize) throw new Error(`adversarial-features: ${d.train.count} training digits loaded, ${sourceSize} needed`);
  return {
    source: { x: toFloat(d.train.images, sourceSize), y: d.train.labels.slice(0, sourceSize), count: sourceSize },
    test: { x: toFloat(d.test.images, d.test.count), y: d.test.labels.slice(0, d.test.count), count: d.test.count },
  };
}

/** Rows `idx` of x (n × 784) as one [m, 784] tensor. */
export function rowsTensor(x: Float32Array, idx: ArrayLike<number>): tf.Tensor2D {
  const m = idx.length;
  const out = new Float32Array(m * PIXELS);
  for (let i = 0; i < m; i++) out.set(x.subarray(idx[i] * PIXELS, (idx[i] + 1) * PIXELS), i * PIXELS);
  return tf.tensor2d(out, [m, PIXELS]);
}

/** Float32 one-hots of labels (built as int32 and cast: the WASM backend's oneHot ignores dtype). */
export function oneHots(labels: ArrayLike<number>, idx?: ArrayLike<number>): tf.Tensor2D {
  const pick = idx ? Int32Array.from(idx as ArrayLike<number>, (j) => labels[j]) : Int32Array.from(labels);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(pick, 'int32'), 10), 'float32') as tf.Tensor2D);
}

/** Pixels in [0, 1] to bytes (clamped). */
export function toBytes(x: Float32Array): Uint8Array {
  return Uint8Array.from(x, (v) => Math.round(255 * Math.min(1, Math.max(0, v))));
}

/** The rows and labels a model trains on: the source set, or the attacked digits as each fresh model sees them. */
export function trainingSet(
  model: 'source' | FreshName,
  src: Digits,
  n: number,
  deltas: Partial<Record<AttackName, Float32Array>>,
  targets: Record<AttackName, Uint8Array>,
  means: Float32Array,
): { X: Float32Array; Y: Uint8Array; rows: number } {
  if (model === 'source') return { X: src.x, Y: src.y, rows: src.count };
  const xa = src.x.subarray(0, n * PIXELS);
  const plus = (d: Float32Array) => Float32Array.from(xa, (v, i) => v + d[i]);
  const need = (t: AttackName) => {
    const d = deltas[t];
    if (!d) throw new Error(`adversarial-features: the ${t} attack has not run`);
    return d;
  };
  switch (model) {
    case 'rand':
      return { X: plus(need('rand')), Y: targets.rand, rows: n };
    case 'det':
      return { X: plus(need('det')), Y: targets.det, rows: n };
    case 'randPlain':
      return { X: xa, Y: targets.rand, rows: n };
    case 'detPlain':
      return { X: xa, Y: targets.det, rows: n };
    case 'randPerp':
      return { X: plus(removeMeanDirection(xa, need('rand'), src.y.subarray(0, n), targets.rand, means)), Y: targets.rand, rows: n };
  }
}

const TEST_CHUNK = 2000;

/** A model on all the clean test digits (in chunks): accuracy, and the share it calls y + 1. */
export async function testScores(net: Classifier, test: Digits): Promise<ModelResult> {
  const parts: tf.Tensor[] = [];
  for (let from = 0; from < test.count; from += TEST_CHUNK) {
    const idx = Array.from({ length: Math.min(TEST_CHUNK, test.count - from) }, (_, i) => from + i);
    parts.push(tf.tidy(() => tf.mul(net.scores(rowsTensor(test.x, idx), tf.tensor1d(Int32Array.from(idx, (i) => test.y[i]), 'int32')), idx.length)));
  }
  const sum = tf.tidy(() => tf.addN(parts));
  tf.dispose(parts);
  const v = await sum.data();
  sum.dispose();
  return { cleanTestAcc: v[0] / test.count, predYPlus1: v[1] / test.count };
}
