/**
 * Metric points between the session and the page: computed on the backend (pending), read back in
 * batches into a buffer, checked for divergence on the definition's series, flushed to the page.
 */
import type { MetricPoint, PendingMetrics } from '../../src/core/experiment';
import { dropMetrics, readMetrics } from '../../src/core/readback';

export class MetricStream {
  private pending: PendingMetrics[] = [];
  private buffer: MetricPoint[] = [];

  constructor(
    private readonly keys: readonly string[],
    private readonly divergence: readonly string[],
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  get lastStep(): number | undefined {
    return this.buffer.at(-1)?.step;
  }

  add(p: PendingMetrics): void {
    this.pending.push(p);
  }

  /**
   * Read every pending point into the buffer, in one readback. A point with a non-finite value in
   * a divergence series stops the reading there: it is buffered and returned (with that series).
   */
  async read(): Promise<{ point: MetricPoint; key: string } | null> {
    if (!this.pending.length) return null;
    const points = await readMetrics(this.pending.splice(0), this.keys);
    for (let i = 0; i < points.length; i++) {
      const key = this.divergence.find((k) => !Number.isFinite(points[i][k]));
      if (key !== undefined) {
        this.buffer.push(...points.slice(0, i + 1));
        return { point: points[i], key };
      }
    }
    this.buffer.push(...points);
    return null;
  }

  /** Let pending points go unread (the run stopped or its backend failed). */
  drop(): void {
    dropMetrics(this.pending.splice(0));
  }

  /** The buffered points, handed over (the buffer empties). */
  take(): MetricPoint[] {
    const b = this.buffer;
    this.buffer = [];
    return b;
  }

  /** Forget buffered points after `step` (a fallback resumes from a checkpoint there). */
  keepUpTo(step: number): void {
    this.buffer = this.buffer.filter((p) => p.step <= step);
  }
}
