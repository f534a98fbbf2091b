/**
 * Warm-ups one at a time: cells that come near the viewport together (a deep link, a fast scroll)
 * get their workers, data and backends one after the other, so that they do not share two cores
 * at once with each other and with the page, and a first visit's backend probe runs alone.
 * A job is abandoned after `limitMs` (the next starts; the slow one goes on by itself). While `busy()`
 * (the page's: a cell is training on a machine of four cores or fewer) no new warm-up starts: it
 * would take CPU from the run the reader is watching.
 */
export type WarmJob = () => Promise<void>;

export class WarmQueue {
  private jobs: WarmJob[] = [];
  private running = false;

  constructor(
    private readonly limitMs = 20_000,
    private readonly busy: () => boolean = () => false,
    private readonly busyPollMs = 500,
  ) {}

  add(job: WarmJob): void {
    this.jobs.push(job);
    if (!this.running) void this.next();
  }

  /** Jobs waiting (not counting the one under way). */
  get waiting(): number {
    return this.jobs.length;
  }

  private async next(): Promise<void> {
    const job = this.jobs.shift();
    if (!job) {
      this.running = false;
      return;
    }
    this.running = true;
    while (this.busy()) await new Promise((r) => setTimeout(r, this.busyPollMs));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((r) => (timer = setTimeout(r, this.limitMs)));
    await Promise.race([job().catch(() => undefined), limit]);
    clearTimeout(timer);
    return this.next();
  }
}

/** A cell of the page is training, and the machine has few cores to share with a warm-up. */
function pageBusy(): boolean {
  if (typeof document === 'undefined') return false;
  const cores = typeof navigator === 'undefined' ? 2 : (navigator.hardwareConcurrency ?? 2);
  return cores <= 4 && document.querySelector('[data-status="running"]') !== null;
}

/** The page's queue. */
export const warmQueue = new WarmQueue(20_000, pageBusy);
