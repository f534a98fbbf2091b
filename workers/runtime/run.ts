/**
 * One run in a worker: the message state machine (pause, step, resume, live config, stop), the
 * backend and its fallbacks, and what the loop (loop.ts) reports to the page. A new `start`
 * cancels the old run; every message carries its run id, and serve.ts drops stale ones.
 */
import type { CellDefinition } from '../../src/core/cell';
import { analysisKeys } from '../../src/core/cell';
import type { Checkpoint, Hyper, TrainingSession } from '../../src/core/experiment';
import { validate, type ParamTable, type ParamValues } from '../../src/core/params';
import { checkpointTransfer, type BackendName, type FromWorker, type ProbeResult, type RunState, type ToWorker } from '../protocol';
import { offlineNote, type Progress } from '../../src/core/assets';
import { errorText, type BackendHost } from './host';
import { MetricStream } from './metrics';
import type { Schedule } from './cadence';
import { benchLoop, trainLoop } from './loop';

/** What a cell's worker entry gives serve(): how to build its session. */
export interface SessionFactory<C, A> {
  /**
   * Work before the first session of a run (fetching a dataset), with progress lines for the page.
   * A failure ends the run with its message. Called for every run: cache inside.
   */
  prepare?(config: C, progress: Progress): Promise<void>;
  create(config: C, resume?: Checkpoint): TrainingSession<A>;
  /** Typed-array buffers inside an analysis, to transfer instead of copy. */
  transfer?(a: A): Transferable[];
}

export type Post<A> = (m: FromWorker<A>, transfer?: Transferable[]) => void;

export interface RunDeps<T extends ParamTable, A> {
  def: CellDefinition<T>;
  factory: SessionFactory<ParamValues<T>, A>;
  host: BackendHost;
  schedule: Schedule;
  /** Backends that failed earlier in this worker, with why (shared by its runs). */
  broken: Map<BackendName, string>;
  /** Close this worker (the 'close' test hook); absent where there is none to close. */
  close?: () => void;
}

export class Run<T extends ParamTable, A> {
  readonly id: number;
  readonly startedAt: number;
  session: TrainingSession<A> | null = null;
  backend: BackendName | null = null;
  detail = '';
  cancelled = false;
  paused: boolean;
  readonly warm: boolean; // a warm-up (see the start message): no analysis before the first step
  pendingSteps = 0;
  maxSteps: number;
  /** Set by every message and by cancel(), so a message that lands while the loop awaits is not lost. */
  kicked = false;
  wake: (() => void) | null = null;
  lastCheckpoint: Checkpoint | undefined;
  injectFault = false;
  deviceLost: string | null = null;
  /** Settings of the analyses changed: analyse at the next chance even if no step was taken. */
  analysisDue = false;
  readonly metrics: MetricStream;
  private config: ParamValues<T>;
  private hyper: Hyper;
  /** The analyses' settings so far (start message, 'options' and analysis parameters). */
  private options: Record<string, unknown>;
  private probe: ProbeResult | undefined;
  private lastState: RunState | null = null;

  constructor(
    readonly deps: RunDeps<T, A>,
    private readonly msg: Extract<ToWorker<ParamValues<T>>, { type: 'start' }>,
    readonly post: Post<A>,
  ) {
    this.id = msg.runId;
    this.startedAt = deps.schedule.now();
    this.paused = Boolean(msg.paused);
    this.warm = Boolean(msg.warm);
    this.config = msg.config;
    this.maxSteps = deps.def.maxSteps(msg.config);
    this.hyper = deps.def.hyper(msg.config);
    this.lastCheckpoint = msg.resume;
    this.options = { ...msg.options };
    this.metrics = new MetricStream(
      deps.def.series.map((s) => s.key),
      deps.def.divergence,
    );
  }

  handle(m: ToWorker<ParamValues<T>>): void {
    switch (m.type) {
      case 'start':
        return;
      case 'pause':
        this.paused = true;
        this.pendingSteps = 0;
        this.sendState();
        break;
      case 'resume':
        this.paused = false;
        break;
      case 'step':
        this.pendingSteps += Math.max(1, Math.floor(m.count));
        break;
      case 'config':
        this.applyConfig(m.config);
        break;
      case 'options':
        this.setOptions(m.options);
        break;
      case 'stop':
        this.cancel();
        break;
      case 'fault':
        if (m.fault === 'crash') {
          // Simulates a worker that dies: an error escapes to the worker's global scope.
          setTimeout(() => {
            throw new Error('simulated worker crash (test hook)');
          });
          this.cancel();
        } else if (m.fault === 'close') {
          // Simulates a browser closing the worker: no error, no message, nothing more.
          this.deps.close?.();
        } else if (m.fault === 'hang') {
          // Simulates a worker stuck in a loop: nothing else runs until it is terminated (10 minutes at most).
          const end = Date.now() + 600_000;
          while (Date.now() < end) {
            /* spin */
          }
        } else {
          this.injectFault = true;
        }
        break;
      default: {
        const never: never = m;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
    this.sendState();
    this.kick();
  }

  /** A live change, routed by the parameter table: optimiser settings, the step budget, analysis settings. */
  private applyConfig(config: ParamValues<T>): void {
    const errors = validate(this.deps.def.params, config as Record<string, unknown>);
    if (errors.length) {
      this.post({ type: 'error', runId: this.id, message: `Bad configuration: ${errors.join('; ')}`, fatal: false });
      return;
    }
    const before = this.config;
    this.config = config;
    this.hyper = this.deps.def.hyper(config);
    this.session?.setHyper(this.hyper);
    this.maxSteps = this.deps.def.maxSteps(config);
    const changed = analysisKeys(this.deps.def.params).filter((k) => before[k] !== config[k]);
    if (changed.length) this.setOptions(Object.fromEntries(changed.map((k) => [k, config[k]])));
  }

  private setOptions(options: Record<string, unknown>): void {
    this.options = { ...this.options, ...options };
    try {
      this.session?.setOptions?.(options);
      this.analysisDue = true;
    } catch (e) {
      this.post({ type: 'error', runId: this.id, message: errorText(e), fatal: false });
    }
  }

  cancel(): void {
    this.cancelled = true;
    this.kick();
  }

  private kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async go(): Promise<void> {
    const { def, factory, host } = this.deps;
    const errors = validate(def.params, this.config as Record<string, unknown>);
    if (errors.length) return this.fail(`Bad configuration: ${errors.join('; ')}`);
    if (factory.prepare) {
      try {
        await factory.prepare(this.config, (message, bytes) => {
          if (!this.cancelled) this.post({ type: 'progress', runId: this.id, message, bytes });
        });
      } catch (e) {
        if (!this.cancelled) this.fail(errorText(e));
        return;
      }
      if (this.cancelled) return;
      this.post({ type: 'progress', runId: this.id, message: null });
    }
    try {
      const { order, auto, notes, probe } = await host.order(this.msg.backend, this.msg.autoPick, (message) =>
        this.post({ type: 'progress', runId: this.id, message }),
      );
      if (this.cancelled) return;
      this.probe = probe;
      await this.open(order, auto, undefined, [offlineNote(), ...notes].filter((n): n is string => n !== null));
    } catch (e) {
      return this.fail(errorText(e));
    }
    try {
      if (this.msg.bench) await benchLoop(this, this.msg.bench);
      else await trainLoop(this);
    } finally {
      this.metrics.drop();
      this.session?.dispose();
      this.session = null;
    }
  }

  fail(message: string): void {
    this.post({ type: 'error', runId: this.id, message, fatal: true });
  }

  /**
   * Start a backend from `order` and a session on it, from the last checkpoint if any.
   * A backend that starts but cannot build the model (a missing kernel, say) is passed over too.
   */
  private async open(order: BackendName[], auto: boolean, resumedAt: number | undefined, notes: string[]): Promise<void> {
    const { host, broken, factory } = this.deps;
    let rest = order.filter((b) => {
      const why = broken.get(b);
      if (why) notes.push(`${b} not used: it failed earlier in this page (${why})`);
      return !why;
    });
    for (;;) {
      const started = await host.start(rest, auto);
      notes.push(...started.notes);
      try {
        this.session = factory.create(this.config, this.lastCheckpoint);
        this.session.setHyper(this.hyper);
        if (Object.keys(this.options).length) this.session.setOptions?.(this.options);
      } catch (e) {
        // Not marked broken for later runs: the cause may be this run's config or checkpoint.
        notes.push(`${started.backend} could not build the model: ${errorText(e)}`);
        rest = rest.slice(rest.indexOf(started.backend) + 1);
        continue;
      }
      this.backend = started.backend;
      this.detail = started.detail;
      break;
    }
    this.deviceLost = null;
    const device = host.device();
    device?.lost.then((info) => {
      // Only the device the run is on now counts (an old one may be lost after a fallback).
      if (this.backend === 'webgpu' && host.device() === device) {
        this.deviceLost = `WebGPU device lost (${info.reason || 'unknown'}${info.message ? `: ${info.message}` : ''})`;
      }
    });
    this.post({ type: 'backend', runId: this.id, backend: this.backend as BackendName, detail: this.detail, notes, resumedAt, probe: this.probe });
    this.probe = undefined;
    this.sendState(true);
  }

  /** The backend failed mid-run: tell the page, move to the next one, resume from the checkpoint. */
  async fallback(reason: string): Promise<void> {
    const { host, broken } = this.deps;
    const failed = this.backend as BackendName;
    broken.set(failed, reason);
    this.metrics.drop();
    try {
      this.session?.dispose();
    } catch {
      /* the failed backend may not free its tensors; it is dropped below */
    }
    this.session = null;
    host.drop(failed);
    const at = this.lastCheckpoint?.step ?? 0;
    const note = `${failed} failed at step ${this.metrics.lastStep ?? at}: ${reason}. Continuing from step ${at}.`;
    this.metrics.keepUpTo(at);
    await this.open(host.candidates(this.msg.backend, failed), this.msg.backend === 'auto', at, [note]);
  }

  /** Tell the page the run's state when it changed (or when `force`). */
  sendState(force = false): void {
    if (!this.session) return;
    const step = this.session.step;
    const state: RunState = step >= this.maxSteps ? 'done' : this.paused && this.pendingSteps === 0 ? 'paused' : 'running';
    if (!force && state === this.lastState) return;
    this.lastState = state;
    this.post({ type: 'state', runId: this.id, state, step });
  }

  async saveCheckpoint(s: TrainingSession<A>): Promise<void> {
    const c = await s.checkpoint();
    // A lost device may read back zeros: never keep such a checkpoint.
    if (this.deviceLost) throw new Error(this.deviceLost);
    this.lastCheckpoint = c;
    // The worker keeps its own copy for fallbacks; the page gets one to survive a worker crash.
    const copy: Checkpoint = {
      step: c.step,
      tensors: Object.fromEntries(Object.entries(c.tensors).map(([k, t]) => [k, { shape: [...t.shape], values: t.values.slice() }])),
    };
    this.post({ type: 'checkpoint', runId: this.id, checkpoint: copy }, checkpointTransfer(copy));
  }
}
