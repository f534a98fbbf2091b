/**
 * The probe pictures of the relative-representations cell: a few groups of words (numbers, days,
 * ...) placed in 2-D in both models, by their own vectors (absolute) and by their cosines to the
 * anchors (relative), each row's two models on the same axes (a PCA of both together).
 */
import * as tf from '@tensorflow/tfjs-core';
import { mmT } from '../../core/matmul';
import { centredGram, pca } from '../../core/pca';
import { createRng } from '../../core/rng';
import type { Probe } from './analysis';
import type { Text } from './corpus';
import { unitRows } from './metrics';

/** Words drawn in the pictures, by group (only those both models know are drawn). */
export const PROBE_GROUPS: Record<string, string[]> = {
  numbers: ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twenty'],
  days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  months: ['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  family: ['father', 'mother', 'brother', 'sister', 'son', 'daughter', 'husband', 'wife', 'uncle', 'aunt'],
  colours: ['red', 'blue', 'green', 'yellow', 'white', 'black', 'brown', 'gray'],
  'verbs of speech': ['said', 'asked', 'told', 'replied', 'answered', 'whispered', 'shouted', 'cried'],
  body: ['head', 'hand', 'eyes', 'face', 'arm', 'feet', 'hair', 'mouth', 'shoulder'],
};

/** What the probe reads of a session: the two models' vocabularies and their input vectors. */
export interface ProbeSource {
  /** Global word id of each corpus word. */
  wordId: ReadonlyMap<string, number>;
  texts: readonly [Text, Text];
  /** `dim`: the models' vector size. */
  config: { readonly dim: number };
  /** Input vectors of some global word ids in model i (all must be in its vocabulary). */
  vectorsOf(i: number, globalIds: ArrayLike<number>): tf.Tensor2D;
}

/** The probe words in 2-D: absolute and relative coordinates, each row's two models on the same axes (a PCA of both together). */
export async function probeCoords(src: ProbeSource, spaces: tf.Tensor2D[], anchors: Int32Array, centre: boolean): Promise<Probe> {
  const words: string[] = [];
  const groups: string[] = [];
  const ids: number[] = [];
  for (const [group, list] of Object.entries(PROBE_GROUPS)) {
    for (const w of list) {
      const g = src.wordId.get(w);
      if (g !== undefined && src.texts[0].local[g] >= 0 && src.texts[1].local[g] >= 0) {
        words.push(w);
        groups.push(group);
        ids.push(g);
      }
    }
  }
  const n = words.length;
  if (n < 3) return { words, groups, abs: [new Float32Array(2 * n), new Float32Array(2 * n)], rel: [new Float32Array(2 * n), new Float32Array(2 * n)], absShare: 0, relShare: 0 };
  const means = spaces.map((x) => tf.mean(x, 0, true));
  const [absA, absB, relA, relB] = tf.tidy(() => {
    const v = [0, 1].map((i) => {
      const x = src.vectorsOf(i, ids);
      return centre ? tf.sub(x, means[i]) : x;
    });
    const r = [0, 1].map((i) => {
      const base = centre ? tf.sub(spaces[i], means[i]) : spaces[i];
      const a = tf.gather(base, tf.tensor1d(anchors, 'int32')) as tf.Tensor2D;
      return mmT(unitRows(v[i] as tf.Tensor2D), unitRows(a));
    });
    return [...v, ...r];
  });
  tf.dispose(means);
  try {
    const [a0, a1, r0, r1] = await Promise.all([absA, absB, relA, relB].map((t) => t.data<'float32'>()));
    const joint = (x: Float32Array, y: Float32Array, d: number) => {
      const X = new Float32Array(2 * n * d);
      X.set(x);
      X.set(y, n * d);
      const p = pcaTwo(X, 2 * n, d);
      return { first: p.scores.slice(0, 2 * n), second: p.scores.slice(2 * n), share: p.shares[0] + p.shares[1] };
    };
    const abs = joint(a0, a1, src.config.dim);
    const rel = joint(r0, r1, anchors.length);
    return { words, groups, abs: [abs.first, abs.second], rel: [rel.first, rel.second], absShare: abs.share, relShare: rel.share };
  } finally {
    tf.dispose([absA, absB, relA, relB]);
  }
}

/**
 * The top two principal components of the rows of X, as src/core/pca.ts's pca(X, n, d, 2) gives
 * them (its Gram matrix, its sign rule, its scores and shares), found by subspace iteration on the
 * Gram matrix rather than its full eigen-decomposition (Jacobi sweeps): the probe's two PCAs
 * (126 × 100 and 126 × 300) take 10 and 17 ms in Node rather than 43 and 88 ms (medians of 11), a
 * part of every analysis, periodic ones included. Falls back to pca() when the iteration does not
 * settle (two eigenvalues too close) or degenerates (no variance, a vanishing direction).
 * @param X [n, d] row-major
 */
export function pcaTwo(X: Float32Array, n: number, d: number): { scores: Float32Array; shares: [number, number] } {
  const k = 2;
  const m = Math.min(n, d);
  const fallback = () => {
    const p = pca(X, n, d, k);
    return { scores: p.scores, shares: [p.shares[0], p.shares[1]] as [number, number] };
  };
  if (m < 3) return fallback();
  // The smaller Gram matrix, as pca() builds it: XcᵀXc [d, d] when d ≤ n, else XcXcᵀ [n, n].
  const { Xc, G } = centredGram(X, n, d);
  let trace = 0;
  for (let i = 0; i < m; i++) trace += G[i * m + i];
  if (!(trace > 0)) return fallback();

  // Subspace iteration with a Rayleigh-Ritz step: V [m, 2] (column j at V[j*m …]) → G·V, orthonormalised.
  const rng = createRng(0x9ca2);
  let V: Float64Array = Float64Array.from({ length: k * m }, () => rng.normal());
  const GV = new Float64Array(k * m);
  const lambda = [0, 0];
  let settled = false;
  for (let it = 0; it < 5000 && !settled; it++) {
    if (!orthonormalise(V, m)) return fallback();
    GV.fill(0);
    for (let j = 0; j < k; j++) {
      const v = V.subarray(j * m, (j + 1) * m);
      const out = GV.subarray(j * m, (j + 1) * m);
      for (let r = 0; r < m; r++) {
        let t = 0;
        const row = r * m;
        for (let c = 0; c < m; c++) t += G[row + c] * v[c];
        out[r] = t;
      }
    }
    // H = Vᵀ G V (2 × 2), its eigenvectors rotate V and G·V to the Ritz vectors.
    const dot = (x: Float64Array, y: Float64Array) => {
      let t = 0;
      for (let r = 0; r < m; r++) t += x[r] * y[r];
      return t;
    };
    const [v0, v1, g0, g1] = [V.subarray(0, m), V.subarray(m), GV.subarray(0, m), GV.subarray(m)];
    const h00 = dot(v0, g0);
    const h11 = dot(v1, g1);
    const h01 = (dot(v0, g1) + dot(v1, g0)) / 2;
    const half = (h00 - h11) / 2;
    const root = Math.hypot(half, h01);
    lambda[0] = (h00 + h11) / 2 + root;
    lambda[1] = (h00 + h11) / 2 - root;
    // Eigenvector of the larger: (cos θ, sin θ) with tan 2θ = 2 h01 / (h00 − h11).
    const theta = 0.5 * Math.atan2(h01, half);
    const [c, s] = [Math.cos(theta), Math.sin(theta)];
    for (let r = 0; r < m; r++) {
      const [a, b] = [V[r], V[m + r]];
      V[r] = c * a + s * b;
      V[m + r] = -s * a + c * b;
      const [ga, gb] = [GV[r], GV[m + r]];
      GV[r] = c * ga + s * gb;
      GV[m + r] = -s * ga + c * gb;
    }
    // Settled when G v − λ v is tiny beside the largest eigenvalue, for both.
    let worst = 0;
    for (let j = 0; j < k; j++) {
      let e = 0;
      for (let r = 0; r < m; r++) e += (GV[j * m + r] - lambda[j] * V[j * m + r]) ** 2;
      worst = Math.max(worst, Math.sqrt(e));
    }
    settled = worst <= 1e-10 * Math.max(lambda[0], 1e-300);
    if (!settled) V = Float64Array.from(GV);
  }
  if (!settled || !(lambda[0] >= lambda[1])) return fallback();

  // Directions, as pca(): dropped past the rank (below 1e-10 of the largest eigenvalue), and each one's
  // entry of largest magnitude (the first on ties) positive.
  const components = new Float64Array(k * d);
  const shares: [number, number] = [0, 0];
  const tol = 1e-10 * Math.max(lambda[0], 0);
  for (let j = 0; j < k; j++) {
    if (!(lambda[j] > tol && lambda[j] > 0)) continue;
    shares[j] = lambda[j] / trace;
    const v = components.subarray(j * d, (j + 1) * d);
    const u = V.subarray(j * m, (j + 1) * m);
    if (d <= n) v.set(u);
    else {
      const norm = Math.sqrt(lambda[j]);
      for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) v[c] += (Xc[i * d + c] * u[i]) / norm;
    }
    let big = 0;
    for (let c = 1; c < d; c++) if (Math.abs(v[c]) > Math.abs(v[big])) big = c;
    if (v[big] < 0) for (let c = 0; c < d; c++) v[c] = -v[c];
  }
  const scores = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += Xc[i * d + c] * components[j * d + c];
      scores[i * k + j] = t;
    }
  }
  return { scores, shares };
}

/** Gram-Schmidt on the two columns of V [m, 2] in place; false when they are (nearly) dependent. */
function orthonormalise(V: Float64Array, m: number): boolean {
  const [a, b] = [V.subarray(0, m), V.subarray(m)];
  let na = 0;
  for (let r = 0; r < m; r++) na += a[r] * a[r];
  na = Math.sqrt(na);
  if (!(na > 0)) return false;
  for (let r = 0; r < m; r++) a[r] /= na;
  let p = 0;
  for (let r = 0; r < m; r++) p += a[r] * b[r];
  let nb = 0;
  for (let r = 0; r < m; r++) {
    b[r] -= p * a[r];
    nb += b[r] * b[r];
  }
  nb = Math.sqrt(nb);
  if (!(nb > 1e-150)) return false;
  for (let r = 0; r < m; r++) b[r] /= nb;
  return true;
}
