/**
 * Zhong et al.'s measures that tell a clock from a pizza, as pure functions on plain arrays
 * (so they can be checked on hand-made inputs), following pizza_metrics in
 * shared/reference/modadd.py:
 * - gradient symmetricity s_g: for random triples (a, b, c), the cosine between dQ/dE_a and
 *   dQ/dE_b, Q the logit of c. A pizza's logit depends on E_a + E_b, so s_g ≈ 1.
 * - distance irrelevance q: how little the correct logit depends on the distance a − b.
 *   A clock's logit depends on a + b only, so q ≈ 1; a pizza's on |cos(w(a − b)/2)| too, so q is low.
 * - circularity: how much each of W_E's top principal components lies on one Fourier frequency.
 * and the pictures: key frequencies, the midpoints (E_a + E_b)/2 of the pairs with one sum.
 */
import { createRng } from '../../core/rng';
import { pca, type Pca } from '../../core/pca';

/**
 * Mean over rows of cos(gA_i, gB_i) = gA_i·gB_i / (max(|gA_i|, 1e-8) · max(|gB_i|, 1e-8)), as torch's
 * F.cosine_similarity (a zero row gives 0).
 * @param gA [m, d] row-major @param gB [m, d]
 */
export function gradientSymmetricity(gA: Float32Array | Float64Array, gB: Float32Array | Float64Array, d: number): number {
  if (gA.length !== gB.length || gA.length % d !== 0 || gA.length === 0) {
    throw new Error(`gradientSymmetricity: shapes ${gA.length} and ${gB.length} are not [m, ${d}]`);
  }
  const m = gA.length / d;
  let total = 0;
  for (let i = 0; i < m; i++) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let j = i * d; j < (i + 1) * d; j++) {
      ab += gA[j] * gB[j];
      aa += gA[j] * gA[j];
      bb += gB[j] * gB[j];
    }
    total += ab / (Math.max(Math.sqrt(aa), 1e-8) * Math.max(Math.sqrt(bb), 1e-8));
  }
  return total / m;
}

/** 100 (by default) random triples (a, b, c) in 0..p-1 from createRng(seed), drawn a, b, c per triple. */
export function triplesForSymmetricity(p: number, seed: number, count = 100): { a: Int32Array; b: Int32Array; c: Int32Array } {
  const rng = createRng(seed);
  const a = new Int32Array(count);
  const b = new Int32Array(count);
  const c = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    a[i] = rng.int(p);
    b[i] = rng.int(p);
    c[i] = rng.int(p);
  }
  return { a, b, c };
}

/**
 * The logit table L[s, d] = value of the row with (a + b) mod p = s, (a − b) mod p = d.
 * For odd p each (s, d) comes from exactly one pair (a, b), so rows covering all p² pairs fill L.
 * @param values [n] (e.g. the correct-answer logit of each row) @param a [n] @param b [n]
 * @returns L [p, p] row-major (row s, column d)
 */
export function logitTable(values: Float32Array, a: Int32Array, b: Int32Array, p: number): Float32Array {
  if (values.length !== a.length || a.length !== b.length) throw new Error('logitTable: values, a and b differ in length');
  const L = new Float32Array(p * p);
  for (let i = 0; i < values.length; i++) {
    const s = (a[i] + b[i]) % p;
    const d = (((a[i] - b[i]) % p) + p) % p;
    L[s * p + d] = values[i];
  }
  return L;
}

/**
 * q = mean over d of std over s of L[s, d], divided by the std of all of L (population stds, as
 * modadd.py). 1 when L ignores d (= a − b), 0 when L depends on d only; NaN when L is constant.
 * @param L [p, p] row-major, row s
 */
export function distanceIrrelevance(L: Float32Array | Float64Array, p: number): number {
  if (L.length !== p * p) throw new Error(`distanceIrrelevance: L has ${L.length} values, expected ${p * p}`);
  let sum = 0;
  for (let i = 0; i < L.length; i++) sum += L[i];
  const mean = sum / L.length;
  let all = 0;
  for (let i = 0; i < L.length; i++) all += (L[i] - mean) ** 2;
  const stdAll = Math.sqrt(all / L.length);
  let sumStd = 0;
  for (let d = 0; d < p; d++) {
    let m = 0;
    for (let s = 0; s < p; s++) m += L[s * p + d];
    m /= p;
    let v = 0;
    for (let s = 0; s < p; s++) v += (L[s * p + d] - m) ** 2;
    sumStd += Math.sqrt(v / p);
  }
  return stdAll > 1e-12 * Math.abs(mean) ? sumStd / p / stdAll : NaN;
}

/**
 * Largest share of a signal's Fourier energy on one frequency: u is a function of the residue
 * (u[a], a = 0..p-1); energy at k = 1..(p-1)/2 is (Σ_a cos(2πka/p) u[a])² + (Σ_a sin(2πka/p) u[a])²
 * (cos and sin together, so a shift of phase keeps the energy; the constant, k = 0, is excluded).
 * @param u [p] @returns max_k E_k / Σ_k E_k, or 0 when u is constant (up to rounding)
 */
export function maxFrequencyShare(u: ArrayLike<number>, p: number): number {
  let squares = 0;
  for (let a = 0; a < p; a++) squares += u[a] * u[a];
  let total = 0;
  let best = 0;
  for (let k = 1; k <= (p - 1) / 2; k++) {
    let c = 0;
    let s = 0;
    for (let a = 0; a < p; a++) {
      const angle = (2 * Math.PI * ((k * a) % p)) / p;
      c += Math.cos(angle) * u[a];
      s += Math.sin(angle) * u[a];
    }
    const e = c * c + s * s;
    total += e;
    best = Math.max(best, e);
  }
  // Parseval: Σ_k E_k = (p/2) Σ_a (u[a] − mean)²; below 1e-20 of (p/2) Σ u² it is rounding noise.
  return total > 1e-20 * (p / 2) * squares ? best / total : 0;
}

/**
 * Circularity (Zhong et al.): for each of the top `count` (4) principal components of W_E, the
 * scores of the p residues on it, u[a] = (E_a − mean) · v_j, and their maxFrequencyShare; the mean
 * over the components. 1 when every component is a pure cos/sin wave of one frequency.
 * @param W_E [p, d] @param pc a pca(W_E, p, d, ≥ count) to reuse (computed when absent)
 */
export function circularity(W_E: Float32Array, p: number, d: number, pc?: Pca, count = 4): number {
  const P = pc ?? pca(W_E, p, d, count);
  const k = P.scores.length / p;
  if (k < count) throw new Error(`circularity: needs ${count} components, got ${k}`);
  const u = new Float64Array(p);
  let total = 0;
  for (let j = 0; j < count; j++) {
    for (let a = 0; a < p; a++) u[a] = P.scores[a * k + j];
    total += maxFrequencyShare(u, p);
  }
  return total / count;
}

/**
 * The frequencies that hold most of the embedding's Fourier power: those whose share of the total
 * power (values²) is at least max(1.5 / K, 0.05), K = values.length, strongest first, at most
 * maxCount; the strongest alone when none passes.
 * @param values [(p-1)/2] fourierNorms (entry k-1 is frequency k) @returns frequencies k
 */
export function keyFrequencies(values: Float32Array, maxCount = 6): number[] {
  const K = values.length;
  let total = 0;
  for (let i = 0; i < K; i++) total += values[i] * values[i];
  if (!(total > 0)) return [];
  const order = Array.from({ length: K }, (_, i) => i).sort((i, j) => values[j] - values[i] || i - j);
  const threshold = Math.max(1.5 / K, 0.05);
  const out = order.filter((i) => (values[i] * values[i]) / total >= threshold).slice(0, maxCount);
  return (out.length ? out : order.slice(0, 1)).map((i) => i + 1);
}

export interface Midpoints {
  /** The sum: all pairs (a, b) with (a + b) mod p = s. */
  s: number;
  /** [p] a = 0..p-1 and b = (s − a) mod p */
  a: Int32Array;
  b: Int32Array;
  /** [p] the midpoint (E_a + E_b)/2 (centred) on PC1 and PC2 */
  x: Float32Array;
  y: Float32Array;
  /** [p] the same on PC3 and PC4 */
  x2: Float32Array;
  y2: Float32Array;
  /** [p] 1 when E_a and E_b are (nearly) antipodal on the first circle (PC1-2): angle > π − 2π/p. */
  antipodal: Uint8Array;
}

/**
 * The pizza picture: the midpoints of the pairs with one sum s, projected on PC1-2 and PC3-4.
 * On an ideal circle of frequency k the angle between a and b is 2πk(a − b)/p, never exactly π
 * for odd p; the nearest pairs are at π ± π/p, which the threshold π − 2π/p keeps.
 * @param pc pca of W_E with ≥ 4 components (scores [p, k])
 */
export function midpoints(pc: Pca, p: number, s: number): Midpoints {
  const k = pc.scores.length / p;
  if (k < 4) throw new Error(`midpoints: needs 4 components, got ${k}`);
  const S = pc.scores;
  const sum = ((s % p) + p) % p;
  const out: Midpoints = {
    s: sum,
    a: new Int32Array(p),
    b: new Int32Array(p),
    x: new Float32Array(p),
    y: new Float32Array(p),
    x2: new Float32Array(p),
    y2: new Float32Array(p),
    antipodal: new Uint8Array(p),
  };
  const cosLimit = -Math.cos((2 * Math.PI) / p);
  for (let a = 0; a < p; a++) {
    const b = (((sum - a) % p) + p) % p;
    const [ia, ib] = [a * k, b * k];
    out.a[a] = a;
    out.b[a] = b;
    out.x[a] = (S[ia] + S[ib]) / 2;
    out.y[a] = (S[ia + 1] + S[ib + 1]) / 2;
    out.x2[a] = (S[ia + 2] + S[ib + 2]) / 2;
    out.y2[a] = (S[ia + 3] + S[ib + 3]) / 2;
    const dot = S[ia] * S[ib] + S[ia + 1] * S[ib + 1];
    const na = Math.hypot(S[ia], S[ia + 1]);
    const nb = Math.hypot(S[ib], S[ib + 1]);
    out.antipodal[a] = na > 0 && nb > 0 && dot / (na * nb) < cosLimit ? 1 : 0;
  }
  return out;
}
