/**
 * The training loop every cell's worker shares. An experiment supplies how to
 * validate a config and build a session; this file owns the rest: the backend and
 * its fallbacks, the step loop, pausing, asynchronous metric readback on a
 * schedule, analyses at a bounded rate, checkpoints to the page, and stale-run
 * cancellation (a new `start` ends the old loop at its next turn).
 */
import { Diverged, type Checkpoint, type Hyper, type MetricPoint, type PendingMetrics, type TrainingSession } from '../src/core/experiment';
import { dropMetrics, readMetrics } from '../src/core/readback';
import { backendOrder, candidates, capWasmThreads, dropBackend, errorText, startBackend, tensorCount, webgpuDevice } from './backends';
import { timeSteps } from './bench-mode';
import { ANALYSE_MS, ANALYSE_SHARE, CHECKPOINT_MS, evalEvery, FLUSH_MS, READ_MS, turn, YIELD_MS } from './schedule';
import { checkpointTransfer, type BackendName, type BenchSpec, type FromWorker, type ProbeResult, type RunState, type ToWorker } from './protocol';

export interface WorkerExperiment<C, A> {
  /** Messages for every bad field; empty when the config is usable. */
  validate(config: unknown): string[];
  create(config: C, resume?: Checkpoint): TrainingSession<A>;
  maxSteps(config: C): number;
  hyper(config: C): Hyper;
  /** Typed-array buffers inside an analysis, to transfer instead of copy. */
  transfer(a: A): Transferable[];
  /**
   * Work before the first session of a run (fetching a dataset), with progress lines for the page.
   * A failure ends the run with its message. Called again for every run: cache inside.
   */
  prepare?(config: C, progress: (message: string) => void): Promise<void>;
  /** Steps between metric readbacks at a given step (default: schedule.ts's evalEvery). */
  evalEvery?(step: number): number;
  /** Milliseconds between checkpoints (default: schedule.ts's CHECKPOINT_MS); longer for big models. */
  checkpointMs?: number;
  /**
   * At most this many WASM threads (default: all the backend starts). For a model whose step is
   * not matrix products, a second thread adds nothing but takes the core the page draws on.
   */
  wasmThreads?: number;
}

type Post<A> = (m: FromWorker<A>, transfer?: Transferable[]) => void;

const broken = new Map<BackendName, string>();

class Run<C, A> {
  readonly id: number;
  private readonly startedAt = performance.now();
  private session: TrainingSession<A> | null = null;
  private backend: BackendName | null = null;
  private detail = '';
  /** The probe "auto" ran for this run, sent with the first 'backend' message. */
  private probe: ProbeResult | undefined;
  private cancelled = false;
  private paused: boolean;
  private pendingSteps = 0;
  private maxSteps: number;
  private wake: (() => void) | null = null;
  /** Set by every message and by cancel(), so a message that lands while the loop awaits is not lost. */
  private kicked = false;
  private lastState: RunState | null = null;
  private buffer: MetricPoint[] = [];
  /** Metric points computed but not read back yet. */
  private pending: PendingMetrics[] = [];
  private lastCheckpoint: Checkpoint | undefined;
  private injectFault = false;
  private deviceLost: string | null = null;
  private hyper: Hyper;
  private rate = { steps: 0, since: 0, value: 0 };
  /** The analyses' settings so far (start message, then 'options' messages). */
  private options: Record<string, unknown>;
  /** Options changed: analyse at the next chance even if no step was taken. */
  private analysisDue = false;

  constructor(
    private readonly exp: WorkerExperiment<C, A>,
    private readonly msg: Extract<ToWorker<C>, { type: 'start' }>,
    private readonly post: Post<A>,
  ) {
    this.id = msg.runId;
    this.paused = Boolean(msg.paused);
    this.maxSteps = exp.maxSteps(msg.config);
    this.hyper = exp.hyper(msg.config);
    this.lastCheckpoint = msg.resume;
    this.options = { ...msg.options };
  }

  handle(m: ToWorker<C>): void {
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
      case 'hyper':
        this.hyper = { ...this.hyper, ...m.hyper };
        this.session?.setHyper(m.hyper);
        break;
      case 'max-steps':
        this.maxSteps = m.steps;
        break;
      case 'options':
        this.options = { ...this.options, ...m.options };
        try {
          this.session?.setOptions?.(m.options);
          this.analysisDue = true;
        } catch (e) {
          this.post({ type: 'error', runId: this.id, message: errorText(e), fatal: false });
        }
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

  cancel(): void {
    this.cancelled = true;
    this.kick();
  }

  private kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async go(): Promise<void> {
    const errors = this.exp.validate(this.msg.config);
    if (errors.length) {
      this.post({ type: 'error', runId: this.id, message: `Bad configuration: ${errors.join('; ')}`, fatal: true });
      return;
    }
    if (this.exp.prepare) {
      try {
        await this.exp.prepare(this.msg.config, (message) => {
          if (!this.cancelled) this.post({ type: 'progress', runId: this.id, message });
        });
      } catch (e) {
        if (!this.cancelled) this.post({ type: 'error', runId: this.id, message: errorText(e), fatal: true });
        return;
      }
      if (this.cancelled) return;
      this.post({ type: 'progress', runId: this.id, message: null });
    }
    try {
      const { order, auto, notes, probe } = await backendOrder(this.msg.backend, this.msg.autoPick, (message) =>
        this.post({ type: 'progress', runId: this.id, message }),
      );
      if (this.cancelled) return;
      this.probe = probe;
      await this.open(order, auto, undefined, notes);
    } catch (e) {
      this.post({ type: 'error', runId: this.id, message: errorText(e), fatal: true });
      return;
    }
    try {
      if (this.msg.bench) await this.bench(this.msg.bench);
      else await this.loop();
    } finally {
      dropMetrics(this.pending.splice(0));
      this.session?.dispose();
      this.session = null;
    }
  }

  /**
   * Start a backend from `order` and a session on it, from the last checkpoint if any.
   * A backend that starts but cannot build the model (a missing kernel, say) is passed over too.
   */
  private async open(order: BackendName[], auto: boolean, resumedAt: number | undefined, notes: string[]): Promise<void> {
    let rest = order.filter((b) => {
      const why = broken.get(b);
      if (why) notes.push(`${b} not used: it failed earlier in this page (${why})`);
      return !why;
    });
    for (;;) {
      const started = await startBackend(rest, auto);
      notes.push(...started.notes);
      try {
        this.session = this.exp.create(this.msg.config, this.lastCheckpoint);
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
    const device = webgpuDevice();
    device?.lost.then((info) => {
      // Only the device the run is on now counts (an old one may be lost after a fallback).
      if (this.backend === 'webgpu' && webgpuDevice() === device) {
        this.deviceLost = `WebGPU device lost (${info.reason || 'unknown'}${info.message ? `: ${info.message}` : ''})`;
      }
    });
    this.post({ type: 'backend', runId: this.id, backend: this.backend, detail: this.detail, notes, resumedAt, probe: this.probe });
    this.probe = undefined;
    this.sendState(true);
  }

  /** The backend failed mid-run: tell the page, move to the next one, resume from the checkpoint. */
  private async fallback(reason: string): Promise<void> {
    const failed = this.backend as BackendName;
    broken.set(failed, reason);
    dropMetrics(this.pending.splice(0));
    try {
      this.session?.dispose();
    } catch {
      /* the failed backend may not free its tensors; it is dropped below */
    }
    this.session = null;
    dropBackend(failed);
    const at = this.lastCheckpoint?.step ?? 0;
    const note = `${failed} failed at step ${this.buffer.at(-1)?.step ?? at}: ${reason}. Continuing from step ${at}.`;
    this.buffer = this.buffer.filter((p) => p.step <= at);
    await this.open(candidates(this.msg.backend, failed), this.msg.backend === 'auto', at, [note]);
  }

  /** Tell the page the run's state when it changed (or when `force`). */
  private sendState(force = false): void {
    if (!this.session) return;
    const step = this.session.step;
    const state: RunState = step >= this.maxSteps ? 'done' : this.paused && this.pendingSteps === 0 ? 'paused' : 'running';
    if (!force && state === this.lastState) return;
    this.lastState = state;
    this.post({ type: 'state', runId: this.id, state, step });
  }

  private async loop(): Promise<void> {
    let lastFlush = 0;
    let lastRead = 0;
    let lastAnalyse = -Infinity;
    let lastCheckpointAt = performance.now();
    let lastYield = performance.now();
    let analysedStep = -1;
    let analyseCost = 0;
    this.rate.since = performance.now();
    while (!this.cancelled) {
      const s = this.session as TrainingSession<A>;
      const canStep = s.step < this.maxSteps && (!this.paused || this.pendingSteps > 0);
      if (!canStep) {
        this.kicked = false;
        try {
          if (!(await this.readPending(s))) return;
          await this.flush(s, analysedStep !== s.step || this.analysisDue);
          analysedStep = s.step;
        } catch (e) {
          if (this.cancelled) return;
          if (e instanceof Diverged) return this.diverged(e);
          await this.fallback(errorText(e));
          continue;
        }
        this.sendState(true);
        if (!this.kicked && !this.cancelled) await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
        this.rate = { steps: 0, since: performance.now(), value: 0 };
        continue;
      }
      this.sendState();
      try {
        if (this.deviceLost) throw new Error(this.deviceLost);
        if (this.injectFault) {
          this.injectFault = false;
          throw new Error('simulated backend failure (test hook)');
        }
        s.trainStep();
        if (this.pendingSteps > 0) this.pendingSteps--;
        this.rate.steps++;
        const now = performance.now();
        // Metrics are computed on the schedule's steps but read back together, at most every READ_MS
        // (and at once when the run stops, pauses or single-steps): no GPU sync every step.
        const urgent = s.step >= this.maxSteps || this.pendingSteps > 0 || this.paused;
        if (urgent || s.step % (this.exp.evalEvery ?? evalEvery)(s.step) === 0) this.pending.push(s.measure());
        if (this.pending.length && (urgent || now - lastRead >= READ_MS)) {
          lastRead = now;
          if (!(await this.readPending(s))) return;
        }
        if (now - lastFlush > FLUSH_MS) {
          const elapsed = (now - this.rate.since) / 1000;
          if (elapsed > 0.5) this.rate = { steps: 0, since: now, value: this.rate.steps / elapsed };
          else if (this.rate.value === 0 && elapsed > 0) this.rate.value = this.rate.steps / elapsed;
          // A slow analysis (a software GPU, a big model) waits longer, so training keeps most of the time.
          const analyse = this.analysisDue || now - lastAnalyse > Math.max(ANALYSE_MS, analyseCost / ANALYSE_SHARE);
          await this.flush(s, analyse);
          if (analyse) {
            lastAnalyse = performance.now();
            analyseCost = lastAnalyse - now;
            analysedStep = s.step;
          }
          lastFlush = now;
        }
        if (now - lastCheckpointAt > (this.exp.checkpointMs ?? CHECKPOINT_MS)) {
          await this.saveCheckpoint(s);
          lastCheckpointAt = performance.now();
        }
      } catch (e) {
        if (this.cancelled) return;
        if (e instanceof Diverged) return this.diverged(e);
        await this.fallback(errorText(e));
        lastCheckpointAt = performance.now();
        continue;
      }
      if (performance.now() - lastYield > YIELD_MS) {
        await turn();
        lastYield = performance.now();
      }
    }
  }

  /** The benchmark mode (bench-mode.ts): steps only, timed, then one 'bench' message. */
  private async bench(spec: BenchSpec): Promise<void> {
    const startMs = performance.now() - this.startedAt;
    try {
      const times = await timeSteps(this.session as TrainingSession<unknown>, spec, () => this.deviceLost ?? this.cancelled);
      if (times) this.post({ type: 'bench', runId: this.id, result: { backend: this.backend as BackendName, detail: this.detail, startMs, ...times } });
    } catch (e) {
      if (!this.cancelled) this.post({ type: 'error', runId: this.id, message: errorText(e), fatal: true });
    }
  }

  /**
   * Read the pending metric points into the buffer. A non-finite loss ends the run with a message
   * (after sending what came before it): returns false then.
   */
  private async readPending(s: TrainingSession<A>): Promise<boolean> {
    if (!this.pending.length) return true;
    const points = await readMetrics(this.pending.splice(0));
    if (this.deviceLost) throw new Error(this.deviceLost);
    const bad = points.findIndex((m) => ![m.trainLoss, m.testLoss].every(Number.isFinite));
    if (bad < 0) {
      this.buffer.push(...points);
      return true;
    }
    const m = points[bad];
    this.buffer.push(...points.slice(0, bad + 1));
    await this.flush(s, true).catch(() => undefined); // the analysis of non-finite weights may refuse
    this.post({
      type: 'error',
      runId: this.id,
      message: `Training diverged at step ${m.step} (loss is ${m.trainLoss}). Lower the learning rate and press Train.`,
      fatal: true,
    });
    return false;
  }

  private async saveCheckpoint(s: TrainingSession<A>): Promise<void> {
    const c = await s.checkpoint();
    // A lost device may read back zeros: never keep such a checkpoint.
    if (this.deviceLost) throw new Error(this.deviceLost);
    this.lastCheckpoint = c;
    // The worker keeps its own copy for fallbacks; the page gets one to survive a worker crash.
    const copy: Checkpoint = {
      step: c.step,
      tensors: Object.fromEntries(
        Object.entries(c.tensors).map(([k, t]) => [k, { shape: [...t.shape], values: t.values.slice() }]),
      ),
    };
    this.post({ type: 'checkpoint', runId: this.id, checkpoint: copy }, checkpointTransfer(copy));
  }

  /** A session found non-finite weights: stop, with its message, rather than retry on another backend. */
  private diverged(e: Diverged): void {
    if (this.buffer.length) this.post({ type: 'metrics', runId: this.id, points: this.buffer, stepsPerSecond: this.rate.value });
    this.buffer = [];
    this.post({ type: 'error', runId: this.id, message: e.message, fatal: true });
  }

  private async flush(s: TrainingSession<A>, analyse: boolean): Promise<void> {
    if (this.cancelled) return;
    if (this.buffer.length) {
      // Not counting metric points computed but not read yet (one tensor each): those come and go.
      const tensors = tensorCount() - this.pending.length;
      this.post({ type: 'metrics', runId: this.id, points: this.buffer, stepsPerSecond: this.rate.value, tensors });
      this.buffer = [];
    }
    if (analyse) {
      this.analysisDue = false;
      const a = await s.analyse();
      if (!this.cancelled) this.post({ type: 'analysis', runId: this.id, analysis: a }, this.exp.transfer(a));
    }
  }
}

/** Attach the runtime to this worker's message port. */
export function serve<C, A>(exp: WorkerExperiment<C, A>): void {
  if (exp.wasmThreads) capWasmThreads(exp.wasmThreads);
  let current: Run<C, A> | null = null;
  let chain: Promise<void> = Promise.resolve();
  const post: Post<A> = (m, transfer = []) => {
    if (current && m.runId === current.id) self.postMessage(m, { transfer });
  };
  self.onmessage = (ev: MessageEvent<ToWorker<C>>) => {
    const m = ev.data;
    if (m.type === 'start') {
      current?.cancel();
      const run = new Run(exp, m, post);
      current = run;
      // Runs go one after another: the old one disposes its tensors before the new one builds.
      chain = chain.then(() => (run === current ? run.go() : undefined)).catch((e) => {
        self.postMessage({ type: 'error', runId: run.id, message: errorText(e), fatal: true } satisfies FromWorker<A>);
      });
      return;
    }
    if (current && m.runId === current.id) current.handle(m);
  };
}
