/**
 * Reading metric points back from the backend: many pending points in one readback (one GPU sync
 * for all of them), then every pending tensor disposed, whatever happens.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MetricPoint, PendingMetrics } from './experiment';

export async function readMetrics(pending: readonly PendingMetrics[]): Promise<MetricPoint[]> {
  if (!pending.length) return [];
  try {
    const all = tf.tidy(() => tf.stack(pending.map((p) => p.packed)));
    try {
      const v = await all.data();
      return pending.map((p, i) => ({ step: p.step, trainLoss: v[4 * i], trainAcc: v[4 * i + 1], testLoss: v[4 * i + 2], testAcc: v[4 * i + 3] }));
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
