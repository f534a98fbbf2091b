/**
 * The modular-addition data set: all p² pairs (a, b) with label (a + b) mod p, split at
 * random into train and test as in the PyTorch reference (modadd.py `data`), then an exact
 * number of training labels corrupted (label noise).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from './rng';

export interface Split {
  p: number;
  trainA: Int32Array;
  trainB: Int32Array;
  /** Training labels as given to the model (noisy rows included). */
  trainY: Int32Array;
  /** Training labels before corruption: (a + b) mod p. */
  trainYClean: Int32Array;
  testA: Int32Array;
  testB: Int32Array;
  /** Test labels; never corrupted. */
  testY: Int32Array;
  /** Number of training rows whose label was replaced (exactly round(noise · nTrain)). */
  noisyCount: number;
}

/**
 * Pairs are enumerated a-major (index i ↔ a = floor(i / p), b = i mod p), permuted with
 * createRng(seed).permutation(p²); the first floor(frac · p · p) indices are the training rows
 * in permutation order, the rest the test rows. Then round(noise · nTrain) training rows
 * (Math.round: halves round up), chosen uniformly without replacement from the same
 * generator, get a label drawn uniformly from the p - 1 wrong labels. The split itself does
 * not depend on noise. (The permutation is ours, not torch.randperm's: same procedure,
 * different random stream.)
 */
export function makeSplit(p: number, frac: number, noise: number, seed: number): Split {
  if (!Number.isInteger(p) || p < 2) throw new Error(`makeSplit: p must be an integer >= 2, got ${p}`);
  if (!(frac > 0 && frac < 1)) throw new Error(`makeSplit: frac must be in (0, 1), got ${frac}`);
  if (!(noise >= 0 && noise <= 1)) throw new Error(`makeSplit: noise must be in [0, 1], got ${noise}`);
  const rng = createRng(seed);
  const total = p * p;
  const perm = rng.permutation(total);
  const nTrain = Math.floor(frac * p * p);
  const nTest = total - nTrain;

  const trainA = new Int32Array(nTrain);
  const trainB = new Int32Array(nTrain);
  const trainYClean = new Int32Array(nTrain);
  for (let i = 0; i < nTrain; i++) {
    const idx = perm[i];
    const a = Math.floor(idx / p);
    const b = idx % p;
    trainA[i] = a;
    trainB[i] = b;
    trainYClean[i] = (a + b) % p;
  }
  const testA = new Int32Array(nTest);
  const testB = new Int32Array(nTest);
  const testY = new Int32Array(nTest);
  for (let i = 0; i < nTest; i++) {
    const idx = perm[nTrain + i];
    const a = Math.floor(idx / p);
    const b = idx % p;
    testA[i] = a;
    testB[i] = b;
    testY[i] = (a + b) % p;
  }

  const trainY = trainYClean.slice();
  const noisyCount = Math.min(nTrain, Math.round(noise * nTrain));
  if (noisyCount > 0) {
    const rows = rng.permutation(nTrain);
    for (let i = 0; i < noisyCount; i++) {
      const r = rows[i];
      // Uniform over the p - 1 labels other than the true one.
      trainY[r] = (trainYClean[r] + 1 + rng.int(p - 1)) % p;
    }
  }
  return { p, trainA, trainB, trainY, trainYClean, testA, testB, testY, noisyCount };
}

/**
 * A float32 one-hot that is correct on every backend (tfjs-backend-wasm 4.22's OneHot ignores its dtype and writes int32 bits into a float32 tensor, so build as int32 and cast).
 * @param idx [n] int32
 * @returns [n, depth] float32
 */
export function oneHotF32(idx: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(idx, depth), 'float32') as tf.Tensor2D);
}
