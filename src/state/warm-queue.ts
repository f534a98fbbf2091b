/**
 * Warm-ups one at a time: cells that come near the viewport together (a deep link, a fast scroll)
 * get their workers, data and backends one after the other, so that they do not share two cores
 * at once with each other and with the page, and a first visit's backend probe runs alone.
 * A job is abandoned after `limitMs` (the next starts; the slow one goes on by itself).
 */
export type WarmJob = () => Promise<void>;

export class WarmQueue {
  private jobs: WarmJob[] = [];
  private busy = false;

  constructor(private readonly limitMs = 20_000) {}

  add(job: WarmJob): void {
    this.jobs.push(job);
    if (!this.busy) void this.next();
  }

  /** Jobs waiting (not counting the one under way). */
  get waiting(): number {
    return this.jobs.length;
  }

  private async next(): Promise<void> {
    const job = this.jobs.shift();
    if (!job) {
      this.busy = false;
      return;
    }
    this.busy = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((r) => (timer = setTimeout(r, this.limitMs)));
    await Promise.race([job().catch(() => undefined), limit]);
    clearTimeout(timer);
    return this.next();
  }
}

/** The page's queue. */
export const warmQueue = new WarmQueue();
