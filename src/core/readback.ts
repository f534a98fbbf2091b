/**
 * Reading metric points back from the backend: many pending points in one readback (one GPU sync
 * for all of them), then every pending tensor disposed, whatever happens.
 */
import * as tf from '@tensorflow/tfjs-core';
import { SUPERVISED_KEYS, type MetricPoint, type PendingMetrics } from './experiment';

/** `keys`: the series each packed point holds, in order (a cell definition's `series` keys). */
export async function readMetrics(pending: readonly PendingMetrics[], keys: readonly string[] = SUPERVISED_KEYS): Promise<MetricPoint[]> {
  if (!pending.length) return [];
  try {
    const all = tf.tidy(() => tf.stack(pending.map((p) => p.packed)));
    try {
      const v = await all.data();
      const n = keys.length;
      if (v.length !== n * pending.length) throw new Error(`metric points hold ${v.length / pending.length} values, the definition names ${n}`);
      return pending.map((p, i) => {
        const point: MetricPoint = { step: p.step };
        keys.forEach((k, j) => (point[k] = v[n * i + j]));
        return point;
      });
    } finally {
      all.dispose();
    }
  } finally {
    for (const p of pending) p.packed.dispose();
  }
}

/** Let pending points go unread (a run stopped or its backend failed). */
export function dropMetrics(pending: readonly PendingMetrics[]): void {
  for (const p of pending) {
    try {
      p.packed.dispose();
    } catch {
      /* a broken backend may not free it */
    }
  }
}
