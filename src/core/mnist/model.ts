/**
 * The two MNIST classifiers the label-noise and adversarial-features cells train, on 28x28 digits:
 *   - mlp:  784 → 256 → 256 → 10, ReLU (the PyTorch reference of REFERENCES.md section 5);
 *   - conv: conv 5x5, 16 channels, stride 2 → conv 5x5, 32 channels, stride 2 (both "same"
 *           padding, ReLU) → 1568 → 128 (ReLU) → 10: a small convolutional net in the spirit of
 *           Rolnick et al.'s conv nets (their exact layers are not given in REFERENCES.md).
 * The convolutions are computed as im2col by slicing plus one matMul (convStride2), not tf.conv2d:
 * the WASM backend has no Conv2DBackpropFilter kernel, and the CPU backend's is very slow; pad,
 * slice, concat and matMul have gradients on every backend.
 * Initialised as PyTorch's nn.Linear / nn.Conv2d: weights and biases uniform in ±1/sqrt(fan_in).
 * Weights are named as the layers they belong to: fc1.W, fc1.b, ..., conv1.W (HWIO), conv1.b.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mm } from '../matmul';
import { createRng } from '../rng';
import { CLASSES, IMAGE_SIDE, PIXELS } from './constants';

export type ModelKind = 'mlp' | 'conv';

export { CLASSES, IMAGE_SIDE, PIXELS };

/** Per-pixel normalisation of MNIST (the usual torchvision constants): (x/255 − mean) / std. */
export const PIXEL_MEAN = 0.1307;
export const PIXEL_STD = 0.3081;

interface Layer {
  name: string;
  shape: number[];
  fanIn: number;
}

function layers(kind: ModelKind): Layer[] {
  const dense = (name: string, i: number, o: number): Layer[] => [
    { name: `${name}.W`, shape: [i, o], fanIn: i },
    { name: `${name}.b`, shape: [o], fanIn: i },
  ];
  const conv = (name: string, k: number, i: number, o: number): Layer[] => [
    { name: `${name}.W`, shape: [k, k, i, o], fanIn: k * k * i },
    { name: `${name}.b`, shape: [o], fanIn: k * k * i },
  ];
  if (kind === 'mlp') return [...dense('fc1', PIXELS, 256), ...dense('fc2', 256, 256), ...dense('fc3', 256, CLASSES)];
  return [...conv('conv1', 5, 1, 16), ...conv('conv2', 5, 16, 32), ...dense('fc1', 7 * 7 * 32, 128), ...dense('fc2', 128, CLASSES)];
}

/** Parameter names in a fixed order (checkpoints and the optimiser use it). */
export function paramNames(kind: ModelKind): string[] {
  return layers(kind).map((l) => l.name);
}

export function paramShapes(kind: ModelKind): Record<string, number[]> {
  return Object.fromEntries(layers(kind).map((l) => [l.name, l.shape]));
}

export function paramCount(kind: ModelKind): number {
  return layers(kind).reduce((n, l) => n + l.shape.reduce((a, b) => a * b, 1), 0);
}

/** PyTorch's default initialisation, seeded: every value uniform in [−1/sqrt(fan_in), 1/sqrt(fan_in)). */
export function initParams(kind: ModelKind, seed: number): Record<string, Float32Array> {
  const rng = createRng(seed);
  const out: Record<string, Float32Array> = {};
  for (const l of layers(kind)) {
    const bound = 1 / Math.sqrt(l.fanIn);
    const v = new Float32Array(l.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < v.length; i++) v[i] = (2 * rng.next() - 1) * bound;
    out[l.name] = v;
  }
  return out;
}

/**
 * Logits of a batch. @param P the parameters by name @param x [n, 784] normalised pixels
 * @returns [n, 10]
 */
export function forward(kind: ModelKind, P: Record<string, tf.Tensor>, x: tf.Tensor2D): tf.Tensor2D {
  const dense = (h: tf.Tensor2D, name: string) => tf.add(mm(h, P[`${name}.W`] as tf.Tensor2D), P[`${name}.b`]) as tf.Tensor2D;
  if (kind === 'mlp') {
    const h1 = tf.relu(dense(x, 'fc1'));
    const h2 = tf.relu(dense(h1, 'fc2'));
    return dense(h2, 'fc3');
  }
  const n = x.shape[0];
  const img = tf.reshape(x, [n, IMAGE_SIDE, IMAGE_SIDE, 1]) as tf.Tensor4D;
  const c1 = tf.relu(convStride2(img, P['conv1.W'] as tf.Tensor4D, P['conv1.b'] as tf.Tensor1D));
  const c2 = tf.relu(convStride2(c1, P['conv2.W'] as tf.Tensor4D, P['conv2.b'] as tf.Tensor1D));
  const flat = tf.reshape(c2, [n, 7 * 7 * 32]) as tf.Tensor2D;
  return dense(tf.relu(dense(flat, 'fc1')), 'fc2');
}

/**
 * A k x k convolution with stride 2 and TensorFlow's "same" padding (output ceil(H/2)), equal to
 * tf.conv2d(x, w, 2, 'same') + b, as im2col: pad, fold rows and columns into (position, parity)
 * (four parity planes), cut the k² taps out with plain slices, concatenate them along the channels and
 * multiply by the filter reshaped to [k·k·C, O] (HWIO order, so the reshape is exact).
 * @param x [n, H, W, C] with H, W even @param w [k, k, C, O] @param b [O] @returns [n, H/2, W/2, O]
 */
export function convStride2(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D): tf.Tensor4D {
  const [n, H, W, C] = x.shape;
  const [k, , , O] = w.shape;
  if (H % 2 || W % 2) throw new Error(`convStride2: needs an even image size, got ${H}x${W}`);
  const oh = H / 2;
  const ow = W / 2;
  // "same": total padding (out − 1)·2 + k − size, the smaller half on top/left; then one more
  // row/column at the bottom/right if needed so the padded size is even (never read).
  const padRows = (oh - 1) * 2 + k - H;
  const padCols = (ow - 1) * 2 + k - W;
  const top = Math.floor(padRows / 2);
  const left = Math.floor(padCols / 2);
  const PH = H + padRows + ((H + padRows) % 2);
  const PW = W + padCols + ((W + padCols) % 2);
  const xp = tf.pad(x, [[0, 0], [top, PH - H - top], [left, PW - W - left], [0, 0]]);
  // The four parity planes plane[py][px][i, j] = xp[2i + py, 2j + px], cut with 4-D slices only
  // (tfjs-wasm slices tensors of rank > 4 about 10x slower).
  const rows = tf.reshape(xp, [n, PH / 2, 2, PW * C]);
  const planes = [0, 1].map((py) => {
    const r = tf.reshape(tf.slice(rows, [0, 0, py, 0], [n, PH / 2, 1, PW * C]), [n * (PH / 2), PW / 2, 2, C]);
    return [0, 1].map((px) => tf.reshape(tf.slice(r, [0, 0, px, 0], [n * (PH / 2), PW / 2, 1, C]), [n, PH / 2, PW / 2, C]));
  });
  const taps: tf.Tensor[] = [];
  for (let dy = 0; dy < k; dy++) {
    for (let dx = 0; dx < k; dx++) {
      const t = tf.slice(planes[dy & 1][dx & 1], [0, dy >> 1, dx >> 1, 0], [n, oh, ow, C]);
      taps.push(tf.reshape(t, [n * oh * ow, C]));
    }
  }
  const cols = taps.length === 1 ? taps[0] : tf.concat(taps, 1); // [n·oh·ow, k·k·C]
  const y = tf.add(mm(cols as tf.Tensor2D, tf.reshape(w, [k * k * C, O]) as tf.Tensor2D), b);
  return tf.reshape(y, [n, oh, ow, O]) as tf.Tensor4D;
}

/**
 * Normalised pixels of some digits, gathered on the CPU.
 * @param images count*784 uint8 pixels @param indices which digits
 * @returns [indices.length * 784] float32
 */
export function gatherPixels(images: Uint8Array, indices: ArrayLike<number>, out?: Float32Array): Float32Array {
  const x = out ?? new Float32Array(indices.length * PIXELS);
  if (x.length < indices.length * PIXELS) throw new Error(`gatherPixels: output holds ${x.length} values, needs ${indices.length * PIXELS}`);
  const scale = 1 / (255 * PIXEL_STD);
  const shift = PIXEL_MEAN / PIXEL_STD;
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r] * PIXELS;
    const dst = r * PIXELS;
    for (let j = 0; j < PIXELS; j++) x[dst + j] = images[src + j] * scale - shift;
  }
  return x;
}
