/**
 * What a run's numbers say, by the bands of REFERENCES.md section 2: a pizza has
 * symmetric gradients (s_g near 0.99) and a logit that depends on a − b (q below 0.4);
 * a clock has asymmetric gradients and a logit that depends on a + b alone (q near 0.85).
 * q is noisy at small width, so s_g alone decides the "-like" readings.
 */
export function verdict(sg: number, q: number): string {
  if (!Number.isFinite(sg) || !Number.isFinite(q)) return 'not measured yet';
  if (sg >= 0.98 && q < 0.4) return 'a pizza';
  if (sg < 0.9 && q > 0.6) return 'a clock';
  if (sg >= 0.98) return 'pizza-like (symmetric gradients)';
  if (sg < 0.9) return 'clock-like (asymmetric gradients)';
  return 'in between';
}
