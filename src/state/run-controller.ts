/**
 * A Lit reactive controller that owns one cell's training worker: it starts,
 * pauses, steps, restarts (debounced) and resets runs, applies optimiser changes
 * to the running run, keeps the metric history and the latest analysis, and
 * survives a worker that dies by restarting it from the last checkpoint.
 * Cells only render what it holds.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Checkpoint } from '../core/experiment';
import type { BackendChoice, BackendName, Fault, FromWorker } from '../../workers/protocol';
import { WorkerClient, type WorkerLike } from '../../workers/client';
import { keepProbe, recallProbe, rememberedNote, type AutoNote } from './backend-memory';
import { RunView } from './run-view';

export type { CellStatus } from './run-view';

export interface RunOptions {
  spawn: () => WorkerLike;
}

/** Restarts after a crash allowed within this window before giving up. */
const CRASH_WINDOW_MS = 60_000;
export const RESTART_DEBOUNCE_MS = 350;

export class RunController<C, A> extends RunView<A> implements ReactiveController {
  /**
   * A warm-up (see warm()): the worker has started, loaded its data and backend, and built the run
   * at step 0, paused, while the cell still reads 'idle'. Train then only resumes it.
   */
  private warmRun: { key: string; ready: boolean } | null = null;

  private readonly client: WorkerClient<C, A>;
  private checkpoint: Checkpoint | null = null;
  /** The config the current run started with (its checkpoints belong to it). */
  private runConfig: C | null = null;
  private backendChoice: BackendChoice = 'auto';
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private crashes: number[] = [];
  /** What "auto" based its choice on, for the notes. */
  private autoNote: AutoNote | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    opts: RunOptions,
  ) {
    super();
    host.addController(this);
    this.client = new WorkerClient<C, A>(opts.spawn, {
      onMessage: (m) => this.onMessage(m),
      onCrash: (reason) => this.onCrash(reason),
      expectedStepMs: () => (this.stepsPerSecond > 0 ? 1000 / this.stepsPerSecond : 0),
    });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancelRestart();
    this.client.dispose();
    this.warmRun = null;
    // The worker (a warm one too) is gone with the element; the charts stay, a new Train starts afresh.
    if (this.status === 'running' || this.status === 'paused') this.status = 'idle';
  }

  get runId(): number {
    return this.client.currentRunId;
  }

  /**
   * Get ready to train before the reader asks (the cell came near the viewport): start the worker,
   * load the data and the backend (the auto probe included) and build the run at step 0, paused.
   * The cell stays 'idle'; Train with the same settings resumes this run at once. Does nothing
   * once the cell has run, or when it is already warm with these settings.
   */
  warm(config: C, backend: BackendChoice): void {
    if (this.status !== 'idle' || this.history.length > 0) return; // charts kept from a run: not wiped
    const key = warmKey(config, backend);
    if (this.warmRun?.key === key) return;
    this.begin(config, backend, true, undefined, true);
    this.warmRun = { key, ready: false };
  }

  /** A warm-up is loading (`warming`), or ready (`warmReady`); neither when there is none. */
  get warming(): boolean {
    return this.warmRun !== null && !this.warmRun.ready;
  }
  get warmReady(): boolean {
    return this.warmRun?.ready === true;
  }

  /** Let a warm-up go (the reader scrolled far away without training): the worker is torn down. */
  cool(): void {
    if (this.warmRun === null || this.status !== 'idle') return;
    this.warmRun = null;
    this.cancelRestart();
    this.client.dispose();
    this.clear();
    this.error = null;
    this.host.requestUpdate();
  }

  /** Train: start a fresh run, or resume a paused one (a warm-up with the same settings included). */
  train(config: C, backend: BackendChoice): void {
    if (this.takeWarm(config, backend) || this.status === 'paused') {
      this.client.send({ type: 'resume' });
      this.status = 'running';
    } else {
      this.begin(config, backend, false);
    }
    this.host.requestUpdate();
  }

  pause(): void {
    if (this.status !== 'running') return;
    this.client.send({ type: 'pause' });
    this.status = 'paused';
    this.host.requestUpdate();
  }

  /** One step: on an idle or finished cell this starts a paused run first. */
  stepOnce(config: C, backend: BackendChoice): void {
    if (this.takeWarm(config, backend)) {
      this.status = 'paused';
    } else if (this.status === 'idle' || this.status === 'error' || this.status === 'done') {
      this.begin(config, backend, true);
    } else if (this.status === 'running') {
      this.pause();
    }
    this.client.send({ type: 'step', count: 1 });
    this.host.requestUpdate();
  }

  /** Stop the run and clear its charts; the worker is torn down (a stuck one too) and the next run gets a fresh one. */
  reset(): void {
    this.warmRun = null;
    this.cancelRestart();
    this.client.dispose();
    this.clear();
    this.status = 'idle';
    this.error = null;
    this.host.requestUpdate();
  }

  /**
   * The problem changed (p, seed, width ...): restart after a short quiet spell, so
   * dragging a slider starts one run, not one per pixel. An idle cell only records it.
   */
  scheduleRestart(config: C, backend: BackendChoice): void {
    this.backendChoice = backend;
    // An idle cell that is warm warms again with the new settings, once the reader stops dragging.
    const idle = this.status === 'idle';
    if (idle && this.warmRun === null) return;
    this.cancelRestart();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (idle) this.warm(config, backend);
      else this.begin(config, backend, this.status === 'paused');
      this.host.requestUpdate();
    }, RESTART_DEBOUNCE_MS);
    this.host.requestUpdate();
  }

  get restartPending(): boolean { return this.restartTimer !== null; } // prettier-ignore

  /**
   * A parameter that does not restart the run changed: the running run gets the whole config and
   * routes it by the parameter table (optimiser, step budget, analysis). The run's own config
   * follows it, so a crash restart resumes with it.
   */
  applyLive(config: C): void {
    if (this.runConfig !== null) this.runConfig = config;
    this.client.send({ type: 'config', config });
    this.host.requestUpdate();
  }

  /** Settings of the analyses that are not parameters (a query word ...): kept for later runs, sent to this one. */
  private options: Record<string, unknown> = {};

  setOptions(o: Record<string, unknown>, keep = true): void {
    if (keep) this.options = { ...this.options, ...o };
    this.client.send({ type: 'options', options: o });
  }

  /** Test hook: simulate a backend failure or a worker crash. */
  injectFault(fault: Fault): void {
    this.client.send({ type: 'fault', fault });
  }

  /** Train or Step on a warm-up with the same settings: it becomes the run. @returns false when there is none to take */
  private takeWarm(config: C, backend: BackendChoice): boolean {
    const w = this.warmRun;
    this.warmRun = null;
    if (w === null || this.status !== 'idle') return false;
    if (w.key !== warmKey(config, backend)) return false;
    this.startedAt = performance.now();
    return true;
  }

  private begin(config: C, backend: BackendChoice, paused: boolean, resume?: Checkpoint, warm = false): void {
    this.warmRun = null;
    this.cancelRestart();
    this.runConfig = config;
    this.backendChoice = backend;
    if (!resume) {
      this.clear();
      this.startedAt = performance.now();
    }
    this.error = null;
    this.status = warm ? 'idle' : paused ? 'paused' : 'running';
    // "auto" uses this browser's earlier probe when there is one (a new run, a crash restart).
    const remembered = backend === 'auto' ? recallProbe() : null;
    this.autoNote = remembered && rememberedNote(remembered);
    this.client.start(config, backend, { resume, paused, options: this.options, autoPick: remembered?.pick, warm });
  }

  private clear(): void {
    this.clearView();
    this.checkpoint = null;
  }

  private cancelRestart(): void {
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private onMessage(m: FromWorker<A>): void {
    switch (m.type) {
      case 'backend':
        this.backend = m.backend;
        this.backendDetail = m.detail ?? '';
        if (m.probe) this.autoNote = keepProbe(m.probe);
        if (m.resumedAt === undefined) this.notes = this.autoNote?.pick === m.backend ? [this.autoNote.text, ...m.notes] : m.notes;
        else {
          this.notes = [...this.notes, ...m.notes];
          this.truncate(m.resumedAt);
          this.step = m.resumedAt;
          this.analysis = null;
        }
        break;
      case 'progress':
      case 'metrics':
      case 'analysis':
        this.report(m);
        break;
      case 'checkpoint':
        this.checkpoint = m.checkpoint;
        break;
      case 'state':
        this.step = Math.max(this.step, m.step);
        if (this.warmRun !== null) this.warmRun.ready = true; // built at step 0, paused: the cell still reads 'idle'
        else if (this.status !== 'error') this.status = m.state;
        break;
      case 'bench': // only the benchmark page asks for these
      case 'heartbeat': // the client's watchdog heard it; nothing to show
        return;
      case 'error':
        this.progress = null;
        this.progressBytes = null;
        this.error = m.message;
        if (m.fatal && this.warmRun !== null) {
          // A warm-up that failed (data that would not load): said in the cell; Train tries afresh.
          this.warmRun = null;
          this.client.dispose();
        } else if (m.fatal) this.status = 'error';
        break;
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
    this.host.requestUpdate();
  }

  private onCrash(reason: string): void {
    // A warm-up's worker died: nothing was lost; the next Train starts a fresh one.
    if (this.warmRun !== null) return ((this.warmRun = null), this.clear(), this.host.requestUpdate());
    const now = performance.now();
    this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.crashes.push(now);
    const active = this.status === 'running' || this.status === 'paused';
    if (active && this.runConfig !== null && this.crashes.length <= 2) {
      const from = this.checkpoint?.step ?? 0;
      const info = [...this.info, `The training worker stopped (${reason}). Restarted it from step ${from}.`];
      this.truncate(from);
      this.step = from;
      // Resume the run that crashed, with its own config (a pending restart still follows).
      this.begin(this.runConfig, this.backendChoice, this.status === 'paused', this.checkpoint ?? undefined);
      this.info = info;
    } else {
      this.error = `The training worker stopped (${reason}). Press Train to start again.`;
      this.status = 'error';
    }
    this.host.requestUpdate();
  }
}

/** Settings a warm-up was built for: Train takes it only with the same ones. */
function warmKey(config: unknown, backend: BackendChoice): string {
  return `${backend}:${JSON.stringify(config)}`;
}
