/**
 * Fakes for driving the worker runtime (workers/runtime/serve.ts's `serveOn`) in Node: a message
 * port that records what the run posts, a backend host on tfjs-core's CPU backend, a session that
 * counts its calls, and a schedule on a fake clock that moves STEP_MS per training step.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { defineCell } from '../../src/core/cell';
import type { Checkpoint, Hyper, PendingMetrics, TrainingSession } from '../../src/core/experiment';
import type { ParamValues } from '../../src/core/params';
import { readMetrics } from '../../src/core/readback';
import type { Schedule } from '../../workers/runtime/cadence';
import type { BackendHost, Port } from '../../workers/runtime/host';
import { serveOn, type SessionFactory } from '../../workers/runtime/serve';
import type { BackendName, FromWorker, ToWorker } from '../../workers/protocol';

/** Fake milliseconds per training step. */
export const STEP_MS = 10;

const params = {
  steps: { kind: 'int', label: 'steps', min: 1, max: 10000, default: 40, change: 'budget' },
  lr: { kind: 'float', label: 'lr', min: 1e-4, max: 1, default: 0.1, step: 0.01, change: 'optimiser' },
} as const;

/** A two-parameter cell with one loss and one non-standard series (coinRate: any kind of metric). */
export const definition = defineCell({
  id: 'fake',
  title: 'Fake cell',
  tag: 'nb-fake',
  paper: 'none',
  params,
  presets: {},
  series: [
    { key: 'loss', label: 'loss', kind: 'loss', format: 'exp' },
    { key: 'coinRate', label: 'coins', kind: 'rate', format: 'percent' },
  ],
  divergence: ['loss'],
  charts: [],
  success: null,
  published: {},
  hyper: (c) => ({ lr: c.lr, weightDecay: 0.01 }),
  maxSteps: (c) => c.steps,
  bench: { tiny: {}, flops: () => null },
  assets: [],
});

export type Config = ParamValues<typeof params>;
export const config = (c: Partial<Config> = {}): Config => ({ steps: 40, lr: 0.1, ...c });

export interface FakeAnalysis {
  step: number;
  /** Fake time when the analysis began. */
  t: number;
  /** Which analysis made it (the session's periodic one only where `periodic` is on). */
  kind?: 'full' | 'periodic';
}

export class FakePort implements Port<Config, FakeAnalysis> {
  sent: FromWorker<FakeAnalysis>[] = [];
  private handler: ((m: ToWorker<Config>) => void) | null = null;
  post(m: FromWorker<FakeAnalysis>): void {
    this.sent.push(m);
  }
  listen(handler: (m: ToWorker<Config>) => void): void {
    this.handler = handler;
  }
  /** Deliver a message to the worker, as the page would. */
  send(m: ToWorker<Config>): void {
    this.handler?.(m);
  }
}

export class FakeHost implements BackendHost {
  dropped: BackendName[] = [];
  async order(): Promise<{ order: BackendName[]; auto: boolean; notes: string[] }> {
    return { order: ['cpu'], auto: false, notes: [] };
  }
  async start(order: BackendName[]): Promise<{ backend: BackendName; notes: string[]; detail: string }> {
    if (!order.length) throw new Error('no backend left');
    await tf.setBackend('cpu'); // whatever the name, the fake runs on tfjs-core's CPU backend
    return { backend: order[0], notes: [], detail: 'fake' };
  }
  candidates(_choice: unknown, failed: BackendName): BackendName[] {
    return (['wasm', 'cpu'] as const).filter((b) => b !== failed);
  }
  drop(name: BackendName): void {
    this.dropped.push(name);
  }
  device(): GPUDevice | null {
    return null;
  }
  settle(): Promise<void> {
    return Promise.resolve();
  }
  tensorCount(): number {
    return tf.memory().numTensors;
  }
  capWasmThreads(): void {}
}

export interface FakeOptions {
  /** The step whose metric point has a NaN loss. */
  nanAt?: number;
  /** Throw from the trainStep call that would make this step (once: a backend failure). */
  failOnceAt?: number;
  /** Fake milliseconds each analysis takes. */
  analyseCostMs?: number;
  /** Sessions have a cheaper periodic analysis (analysePeriodic). */
  periodic?: boolean;
}

export class FakeFactory implements SessionFactory<Config, FakeAnalysis> {
  sessions: FakeSession[] = [];
  creates: { config: Config; resume?: Checkpoint }[] = [];
  /** 'create 0', 'dispose 0' ... in order. */
  events: string[] = [];
  trainSteps = 0;
  analyses: FakeAnalysis[] = [];
  failed = false;
  /** Called after each step (messages "arrive between steps" from here). */
  onStep: ((s: FakeSession) => void) | null = null;
  constructor(
    readonly clock: { t: number },
    readonly opts: FakeOptions,
  ) {}
  create(config: Config, resume?: Checkpoint): FakeSession {
    this.creates.push({ config, resume });
    const s = new FakeSession(this, this.sessions.length, resume);
    this.events.push(`create ${s.index}`);
    this.sessions.push(s);
    return s;
  }
}

export class FakeSession implements TrainingSession<FakeAnalysis> {
  step: number;
  disposed = false;
  hypers: Partial<Hyper>[] = [];
  options: Record<string, unknown>[] = [];
  checkpoints: Checkpoint[] = [];
  private w: tf.Tensor;
  constructor(
    private readonly f: FakeFactory,
    readonly index: number,
    resume?: Checkpoint,
  ) {
    this.step = resume?.step ?? 0;
    if (f.opts.periodic) this.analysePeriodic = () => this.analyse('periodic');
    this.w = resume ? tf.tensor1d(resume.tensors.w.values) : tf.zeros([4]);
  }
  trainStep(): void {
    if (this.f.opts.failOnceAt === this.step + 1 && !this.f.failed) {
      this.f.failed = true;
      throw new Error('fake backend lost');
    }
    const next = tf.tidy(() => tf.add(this.w, 1));
    this.w.dispose();
    this.w = next;
    this.step++;
    this.f.trainSteps++;
    this.f.clock.t += STEP_MS;
    this.f.onStep?.(this);
  }
  measure(): PendingMetrics {
    const loss = this.step === this.f.opts.nanAt ? NaN : 1 / this.step;
    return { step: this.step, packed: tf.tensor1d([loss, this.step / 100]) };
  }
  async evaluate() {
    const [p] = await readMetrics([this.measure()], ['loss', 'coinRate']);
    return p;
  }
  analysePeriodic?: () => Promise<FakeAnalysis>;
  async analyse(kind: 'full' | 'periodic' = 'full'): Promise<FakeAnalysis> {
    const a: FakeAnalysis = { step: this.step, t: this.f.clock.t, ...(this.f.opts.periodic ? { kind } : {}) };
    this.f.analyses.push(a);
    this.f.clock.t += this.f.opts.analyseCostMs ?? 0;
    return a;
  }
  setHyper(h: Partial<Hyper>): void {
    this.hypers.push(h);
  }
  setOptions(o: Record<string, unknown>): void {
    this.options.push(o);
  }
  async checkpoint(): Promise<Checkpoint> {
    const c = { step: this.step, tensors: { w: { shape: [4], values: Float32Array.from(this.w.dataSync()) } } };
    this.checkpoints.push(c);
    return c;
  }
  restore(c: Checkpoint): void {
    this.w.dispose();
    this.w = tf.tensor1d(c.tensors.w.values);
    this.step = c.step;
  }
  dispose(): void {
    this.w.dispose();
    this.disposed = true;
    this.f.events.push(`dispose ${this.index}`);
  }
}

/** A fast schedule on the fake clock: every step measured, a turn (setTimeout 0) after every step. */
export function fastSchedule(clock: { t: number }, o: Partial<Schedule> = {}): Schedule {
  return {
    flushMs: 25,
    readMs: 25,
    analyseMs: 100,
    analyseShare: 1,
    checkpointMs: 1e9,
    yieldMs: 0,
    evalEvery: () => 1,
    turn: () => new Promise((r) => setTimeout(r, 0)),
    now: () => clock.t,
    ...o,
  };
}

export const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Wait (in macrotask turns) until `pred` holds; fails the test with `what` if it never does. */
export async function until(what: string, pred: () => boolean, turns = 3000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (pred()) return;
    await tick();
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** serveOn with all the fakes, and helpers to read what it posted. */
export function harness(opts: FakeOptions = {}, schedule: Partial<Schedule> = {}) {
  const clock = { t: 0 };
  const port = new FakePort();
  const host = new FakeHost();
  const factory = new FakeFactory(clock, opts);
  serveOn(definition, factory, { port, host, schedule: fastSchedule(clock, schedule) });
  const of = <K extends FromWorker<FakeAnalysis>['type']>(type: K, runId?: number) =>
    port.sent.filter((m): m is Extract<FromWorker<FakeAnalysis>, { type: K }> => m.type === type && (runId === undefined || m.runId === runId));
  return {
    clock,
    port,
    host,
    factory,
    of,
    start: (runId: number, c: Partial<Config> = {}) => port.send({ type: 'start', runId, config: config(c), backend: 'cpu' }),
    /** Wait until the run posts a 'paused' or 'done' state (or a fatal error); returns that message. */
    async settled(runId: number, after = 0): Promise<FromWorker<FakeAnalysis>> {
      const hit = (m: FromWorker<FakeAnalysis>) =>
        m.runId === runId && ((m.type === 'state' && m.state !== 'running') || (m.type === 'error' && m.fatal));
      await until(`run ${runId} to pause, finish or fail`, () => port.sent.slice(after).some(hit));
      return port.sent.slice(after).find(hit) as FromWorker<FakeAnalysis>;
    },
  };
}
