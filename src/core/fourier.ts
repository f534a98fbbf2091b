/**
 * Discrete Fourier analysis of an embedding over the residues mod p, the picture of
 * "grokking" (Nanda et al. 2023; Gromov 2023): a network that generalises puts its
 * embedding on a few frequencies k, and residue a sits at angle 2πka/p on a circle.
 *
 * E is a Float32Array, row-major [p, d]; row a is the embedding of residue a. p is odd
 * (a prime >= 3 in practice), so the non-constant frequencies are k = 1..(p-1)/2: the
 * frequency p-k is the complex conjugate of k and carries the same information.
 */

/** The cosine and sine components of frequency k, each a vector in R^d. */
export interface FourierPair {
  /** C_k = Σ_a cos(2πka/p) E[a,:]  @returns [d] */
  c: Float64Array;
  /** S_k = Σ_a sin(2πka/p) E[a,:]  @returns [d] */
  s: Float64Array;
}

function checkShape(E: Float32Array, p: number, d: number): void {
  if (!Number.isInteger(p) || p < 3 || p % 2 === 0) throw new Error(`fourier: p must be an odd integer >= 3, got ${p}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`fourier: d must be a positive integer, got ${d}`);
  if (E.length !== p * d) throw new Error(`fourier: E has ${E.length} values, expected p·d = ${p * d}`);
}

/**
 * The raw components of one frequency. Angles use (k·a mod p) so that they are exact.
 * @param E [p, d]
 * @returns C_k [d] and S_k [d]
 */
export function fourierPair(E: Float32Array, p: number, d: number, k: number): FourierPair {
  checkShape(E, p, d);
  const c = new Float64Array(d);
  const s = new Float64Array(d);
  for (let a = 0; a < p; a++) {
    const angle = (2 * Math.PI * ((k * a) % p)) / p;
    const ca = Math.cos(angle);
    const sa = Math.sin(angle);
    const row = a * d;
    for (let j = 0; j < d; j++) {
      const e = E[row + j];
      c[j] += ca * e;
      s[j] += sa * e;
    }
  }
  return { c, s };
}

/**
 * The norm of each non-constant frequency of E.
 *
 * Normalisation: values[k-1] = sqrt(2/p) · sqrt(|C_k|² + |S_k|²). By Parseval, for odd p
 * Σ_k values[k-1]² = Σ_a |E[a,:] - mean_a E|², the squared Frobenius norm of the
 * non-constant (centred) part of E; so values² is "how much of the embedding lives at k".
 *
 * @param E [p, d]
 * @returns values [(p-1)/2] with entry k-1 the norm of frequency k; labels 'k=1', 'k=2', ...
 */
export function fourierNorms(E: Float32Array, p: number, d: number): { values: Float32Array; labels: string[] } {
  checkShape(E, p, d);
  const K = (p - 1) / 2;
  const values = new Float32Array(K);
  const labels: string[] = [];
  // Tables of cos/sin(2π m/p) for m = 0..p-1; the angle of (k, a) is m = k·a mod p.
  const cosT = new Float64Array(p);
  const sinT = new Float64Array(p);
  for (let m = 0; m < p; m++) {
    cosT[m] = Math.cos((2 * Math.PI * m) / p);
    sinT[m] = Math.sin((2 * Math.PI * m) / p);
  }
  const c = new Float64Array(d);
  const s = new Float64Array(d);
  for (let k = 1; k <= K; k++) {
    c.fill(0);
    s.fill(0);
    for (let a = 0; a < p; a++) {
      const m = (k * a) % p;
      const ca = cosT[m];
      const sa = sinT[m];
      const row = a * d;
      for (let j = 0; j < d; j++) {
        const e = E[row + j];
        c[j] += ca * e;
        s[j] += sa * e;
      }
    }
    let sq = 0;
    for (let j = 0; j < d; j++) sq += c[j] * c[j] + s[j] * s[j];
    values[k - 1] = Math.sqrt((2 / p) * sq);
    labels.push(`k=${k}`);
  }
  return { values, labels };
}

/**
 * The frequency with the largest norm.
 * @param values [(p-1)/2] as returned by fourierNorms (entry k-1 is frequency k)
 * @returns k in 1..values.length (the first on ties), or 0 when values is empty
 */
export function strongestFrequency(values: Float32Array): number {
  let best = -Infinity;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > best) {
      best = values[i];
      k = i + 1;
    }
  }
  return k;
}

function dot(u: Float64Array, v: Float64Array): number {
  let t = 0;
  for (let j = 0; j < u.length; j++) t += u[j] * v[j];
  return t;
}

function unit(v: Float64Array): Float64Array | null {
  const n = Math.sqrt(dot(v, v));
  if (!(n > 0)) return null;
  const out = new Float64Array(v.length);
  for (let j = 0; j < v.length; j++) out[j] = v[j] / n;
  return out;
}

/**
 * The "clock face" of frequency k: each residue's centred embedding E[a,:] - mean_a E
 * projected on two orthonormal directions of R^d, u = C_k/|C_k| and w = the part of S_k
 * orthogonal to u (Gram–Schmidt), normalised. When E is exactly cos/sin of frequency k,
 * residue a lands at angle 2πka/p on a circle.
 *
 * Degenerate cases: if C_k is zero, u is taken from S_k and y is all zeros; if S_k lies
 * along C_k (or is zero), y is all zeros; if both are zero, x and y are all zeros.
 *
 * @param E [p, d]
 * @returns x [p], y [p]: coordinates of residues 0..p-1
 */
export function clockFace(E: Float32Array, p: number, d: number, k: number): { x: Float32Array; y: Float32Array } {
  checkShape(E, p, d);
  const { c, s } = fourierPair(E, p, d, k);
  const mean = new Float64Array(d);
  for (let a = 0; a < p; a++) for (let j = 0; j < d; j++) mean[j] += E[a * d + j] / p;

  const scale = Math.sqrt(Math.max(dot(c, c), dot(s, s)));
  const tiny = 1e-9 * scale;
  let u = Math.sqrt(dot(c, c)) > tiny ? unit(c) : null;
  let w: Float64Array | null = null;
  if (u === null) {
    u = Math.sqrt(dot(s, s)) > tiny ? unit(s) : null;
  } else {
    const proj = dot(s, u);
    const r = new Float64Array(d);
    for (let j = 0; j < d; j++) r[j] = s[j] - proj * u[j];
    w = Math.sqrt(dot(r, r)) > tiny ? unit(r) : null;
  }

  const x = new Float32Array(p);
  const y = new Float32Array(p);
  const row = new Float64Array(d);
  for (let a = 0; a < p; a++) {
    for (let j = 0; j < d; j++) row[j] = E[a * d + j] - mean[j];
    if (u) x[a] = dot(row, u);
    if (w) y[a] = dot(row, w);
  }
  return { x, y };
}
