/**
 * The loop's bookkeeping: when to read metrics back, flush them to the page, analyse, checkpoint
 * and give the message queue a turn, and the steps-per-second rate. Times come from `now()` so a
 * test can drive it; the intervals from a Schedule (workers/schedule.ts's by default).
 */
import * as schedule from '../schedule';

export interface Schedule {
  flushMs: number;
  readMs: number;
  analyseMs: number;
  /** Analyses take at most about this share of the worker's time. */
  analyseShare: number;
  checkpointMs: number;
  yieldMs: number;
  /** Steps between metric points at a step. */
  evalEvery(step: number): number;
  /** A macrotask turn, so messages are seen between steps. */
  turn(): Promise<void>;
  now(): number;
}

export const DEFAULT_SCHEDULE: Schedule = {
  flushMs: schedule.FLUSH_MS,
  readMs: schedule.READ_MS,
  analyseMs: schedule.ANALYSE_MS,
  analyseShare: schedule.ANALYSE_SHARE,
  checkpointMs: schedule.CHECKPOINT_MS,
  yieldMs: schedule.YIELD_MS,
  evalEvery: schedule.evalEvery,
  turn: schedule.turn,
  now: () => performance.now(),
};

export class Cadence {
  private lastFlush = 0;
  private lastRead = 0;
  private lastAnalyse = -Infinity;
  private lastCheckpoint: number;
  private lastYield: number;
  private analyseCost = 0;
  private rate = { steps: 0, since: 0, value: 0 };

  constructor(readonly s: Schedule) {
    this.lastCheckpoint = s.now();
    this.lastYield = s.now();
    this.rate.since = s.now();
  }

  /** Steps per second over the last half second or more. */
  get stepsPerSecond(): number {
    return this.rate.value;
  }

  stepped(): void {
    this.rate.steps++;
  }

  /** The run waited (paused, done): the rate starts afresh. */
  restartRate(): void {
    this.rate = { steps: 0, since: this.s.now(), value: 0 };
  }

  /** Whether this step gets a metric point. */
  measureDue(step: number, urgent: boolean): boolean {
    return urgent || step % this.s.evalEvery(step) === 0;
  }

  /** Read pending points back now? At once when urgent, else at most every readMs. */
  readDue(now: number, urgent: boolean): boolean {
    if (!urgent && now - this.lastRead < this.s.readMs) return false;
    this.lastRead = now;
    return true;
  }

  /** Flush to the page now? Updates the rate when it does. */
  flushDue(now: number): boolean {
    if (now - this.lastFlush <= this.s.flushMs) return false;
    this.lastFlush = now;
    const elapsed = (now - this.rate.since) / 1000;
    if (elapsed > 0.5) this.rate = { steps: 0, since: now, value: this.rate.steps / elapsed };
    else if (this.rate.value === 0 && elapsed > 0) this.rate.value = this.rate.steps / elapsed;
    return true;
  }

  /** Analyse with this flush? A slow analysis waits longer, so training keeps most of the time. */
  analyseDue(now: number, forced: boolean): boolean {
    return forced || now - this.lastAnalyse > Math.max(this.s.analyseMs, this.analyseCost / this.s.analyseShare);
  }

  /** An analysis that began at `started` just ended. */
  analysed(started: number): void {
    this.lastAnalyse = this.s.now();
    this.analyseCost = this.lastAnalyse - started;
  }

  checkpointDue(now: number, everyMs: number | undefined): boolean {
    return now - this.lastCheckpoint > (everyMs ?? this.s.checkpointMs);
  }

  checkpointed(): void {
    this.lastCheckpoint = this.s.now();
  }

  /** Give the message queue a turn if it is due. */
  async maybeYield(): Promise<void> {
    if (this.s.now() - this.lastYield <= this.s.yieldMs) return;
    await this.s.turn();
    this.lastYield = this.s.now();
  }
}
