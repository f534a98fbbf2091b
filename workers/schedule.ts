/**
 * When the training loop does what besides stepping: metric readbacks, messages to
 * the page, analyses, checkpoints, and turns for the message queue.
 */

/**
 * Which steps get a metric point: every step early on, sparser later. The points are computed on
 * the backend at those steps and read back in batches (READ_MS), so a GPU is not synced each step.
 */
export function evalEvery(step: number): number {
  if (step < 200) return 1;
  if (step < 1000) return 2;
  if (step < 5000) return 5;
  return 10;
}

export const FLUSH_MS = 100; // metrics to the page at most ~10 times a second
export const READ_MS = 100; // metric readbacks (a GPU sync each) at most ~10 times a second
export const ANALYSE_MS = 400; // analyses at most ~2.5 times a second
export const ANALYSE_SHARE = 0.2; // ... and at most about this share of the worker's time
export const CHECKPOINT_MS = 3000;
export const YIELD_MS = 12; // give the message queue a turn this often

/** A macrotask turn, so pause/stop messages are seen between steps. */
export function turn(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

