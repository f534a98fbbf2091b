/**
 * The page's side of a training worker: spawns it, numbers runs, drops messages
 * from stale runs, and reports a worker that dies.
 */
import type { BackendChoice, FromWorker, ToWorker } from './protocol';
import { isFromWorker } from './protocol';

type Command<C> = ToWorker<C> extends infer M ? (M extends { runId: number } ? Omit<M, 'runId'> : never) : never;

/** Worker-like: what the client needs of a Worker (a fake one in tests). */
export interface WorkerLike {
  postMessage(m: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  onmessageerror: ((ev: MessageEvent) => void) | null;
}

let lastRunId = 0;

/** Run ids are unique in the page, so a message can never be taken for another cell's or run's. */
export function nextRunId(): number {
  lastRunId += 1;
  return lastRunId;
}

/** True when a message belongs to the run that is current; everything else is stale. */
export function acceptMessage(currentRunId: number, m: unknown): m is FromWorker<unknown> {
  return isFromWorker(m) && currentRunId > 0 && m.runId === currentRunId;
}

export interface ClientHandlers<A> {
  onMessage(m: FromWorker<A>): void;
  /** The worker died, or stopped answering; the client has already let it go. */
  onCrash(reason: string): void;
  /** Milliseconds a step takes, as last reported (0 when unknown): a slow model gets a longer watchdog. */
  expectedStepMs?(): number;
}

/**
 * The watchdog: a worker with a run sends a heartbeat every second (workers/runtime/index.ts); one
 * that closed without an error, or is stuck in a loop, goes quiet. Silence longer than this, or than
 * ten reported step times, and it is terminated and reported as a crash (restarted from its checkpoint).
 */
export const WATCHDOG_MS = 8000;
const WATCH_EVERY_MS = 1000;

export class WorkerClient<C, A> {
  private worker: WorkerLike | null = null;
  private runId = 0;
  /** When the current run's worker last said anything (Date.now()). */
  private lastHeard = 0;
  private watch: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly handlers: ClientHandlers<A>,
  ) {}

  get currentRunId(): number {
    return this.runId;
  }

  /** Start a new run; every message of older runs is dropped from now on. */
  start(config: C, backend: BackendChoice, opts: Pick<Extract<ToWorker<C>, { type: 'start' }>, 'resume' | 'paused' | 'options' | 'autoPick' | 'warm'> = {}): number {
    const w = this.ensure();
    this.runId = nextRunId();
    const msg: ToWorker<C> = { type: 'start', runId: this.runId, config, backend, ...opts };
    w.postMessage(msg);
    this.lastHeard = Date.now();
    this.watch ??= setInterval(() => this.check(), WATCH_EVERY_MS);
    return this.runId;
  }

  /** Silence past the limit while a run exists: the worker closed or hangs. */
  private check(): void {
    if (this.runId === 0 || this.worker === null) return;
    const quiet = Date.now() - this.lastHeard;
    const limit = Math.max(WATCHDOG_MS, 10 * (this.handlers.expectedStepMs?.() ?? 0));
    if (quiet > limit) this.crashed(`it stopped answering: nothing for ${Math.round(quiet / 1000)} s`);
  }

  send(cmd: Command<C>): void {
    if (!this.worker || this.runId === 0) return;
    this.worker.postMessage({ ...cmd, runId: this.runId } as ToWorker<C>);
  }

  /** Forget the current run (its messages are dropped) and stop it. */
  stop(): void {
    this.send({ type: 'stop' } as Command<C>);
    this.runId = 0;
  }

  /** Terminate the worker (a fresh one is spawned for the next run). */
  dispose(): void {
    this.runId = 0;
    this.worker?.terminate();
    this.worker = null;
    if (this.watch !== null) clearInterval(this.watch);
    this.watch = null;
  }

  private ensure(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.onmessage = (ev) => {
      if (!acceptMessage(this.runId, ev.data)) return;
      this.lastHeard = Date.now();
      this.handlers.onMessage(ev.data as FromWorker<A>);
    };
    w.onerror = (ev) => {
      ev.preventDefault?.();
      this.crashed(ev.message || 'the training worker stopped unexpectedly');
    };
    w.onmessageerror = () => this.crashed('a message from the training worker could not be read');
    this.worker = w;
    return w;
  }

  private crashed(reason: string): void {
    if (this.worker !== null) {
      this.worker.terminate();
      this.worker = null;
    }
    this.handlers.onCrash(reason);
  }
}
