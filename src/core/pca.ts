/**
 * Principal components of a small matrix (an embedding W_E, [p, d]) on the CPU, in float64:
 * the cyclic Jacobi eigenvalue method on the smaller of the two Gram matrices, XᵀX [d, d] or
 * XXᵀ [n, n]. Deterministic: same input, same output, with each component's sign fixed by a rule.
 */

export interface Eigen {
  /** Eigenvalues, largest first. [n] */
  values: Float64Array;
  /** Row-major [n, n]: row j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations, until the off-diagonal
 * sum of squares is below 1e-26 of the total (or 100 sweeps).
 * @param A [n, n] row-major, symmetric (only read, not changed)
 */
export function symmetricEigen(A: Float64Array | Float32Array, n: number): Eigen {
  if (A.length !== n * n) throw new Error(`symmetricEigen: A has ${A.length} values, expected ${n * n}`);
  const a = Float64Array.from(A);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += 2 * a[i * n + j] * a[i * n + j];
    if (!(off > 1e-26 * total)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J: columns p, q, then rows p, q; V ← V J.
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p];
          const vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i] || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((col, r) => {
    values[r] = a[col * n + col];
    for (let k = 0; k < n; k++) vectors[r * n + k] = V[k * n + col];
  });
  return { values, vectors };
}

export interface Pca {
  /** Column means of X. [d] */
  mean: Float64Array;
  /** Row-major [k, d]: row j is principal direction j (unit, or all zeros past the rank of X). */
  components: Float64Array;
  /** Row-major [n, k]: (X[i] − mean) · component j. */
  scores: Float32Array;
  /** Variance of each component's scores (population, divided by n). [k] */
  variances: number[];
  /** Each component's share of the total variance (sum over all components = 1). [k] */
  shares: number[];
}

/**
 * The column means of X, its rows centred, and the smaller of their two Gram matrices: XcᵀXc [d, d] when d ≤ n, else
 * XcXcᵀ [n, n] (m = min(n, d)); both have the same non-zero eigenvalues.
 * @param X [n, d] row-major
 */
export function centredGram(X: Float32Array | Float64Array, n: number, d: number): { mean: Float64Array; Xc: Float64Array; G: Float64Array; m: number } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j] / n;
  const Xc = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc[i * d + j] = X[i * d + j] - mean[j];

  const m = Math.min(n, d);
  const G = new Float64Array(m * m);
  if (d <= n) {
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let a = 0; a < d; a++) {
        const xa = Xc[row + a];
        if (xa === 0) continue;
        for (let b = a; b < d; b++) G[a * d + b] += xa * Xc[row + b];
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let t = 0;
        for (let c = 0; c < d; c++) t += Xc[i * d + c] * Xc[j * d + c];
        G[i * n + j] = t;
      }
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) G[i * m + j] = G[j * m + i];
  return { mean, Xc, G, m };
}

/**
 * The top k principal components of the rows of X.
 *
 * Method: centre X; if d ≤ n, eigen-decompose C = XcᵀXc [d, d] (directions = its eigenvectors);
 * else G = XcXcᵀ [n, n], whose eigenvectors u give directions Xcᵀu / √λ. Directions whose
 * eigenvalue is below 1e-10 of the largest are set to zero (past the rank of Xc).
 * Sign rule: each direction's entry of largest magnitude (the first on ties) is positive.
 * @param X [n, d] row-major
 */
export function pca(X: Float32Array | Float64Array, n: number, d: number, k: number): Pca {
  if (X.length !== n * d) throw new Error(`pca: X has ${X.length} values, expected n·d = ${n * d}`);
  const { mean, Xc, G, m } = centredGram(X, n, d);
  const { values, vectors } = symmetricEigen(G, m);
  let trace = 0;
  for (let i = 0; i < m; i++) trace += G[i * m + i];

  const components = new Float64Array(k * d);
  const variances: number[] = [];
  const shares: number[] = [];
  const tol = 1e-10 * Math.max(values[0] ?? 0, 0);
  for (let j = 0; j < k; j++) {
    const lambda = j < m ? values[j] : 0;
    const keep = j < m && lambda > tol && lambda > 0;
    variances.push(keep ? lambda / n : 0);
    shares.push(keep && trace > 0 ? lambda / trace : 0);
    if (!keep) continue;
    const v = components.subarray(j * d, (j + 1) * d);
    if (d <= n) {
      for (let c = 0; c < d; c++) v[c] = vectors[j * m + c];
    } else {
      const u = vectors.subarray(j * m, (j + 1) * m);
      const norm = Math.sqrt(lambda);
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
  return { mean, components, scores, variances, shares };
}
