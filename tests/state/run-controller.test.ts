import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunController, RESTART_DEBOUNCE_MS } from '../../src/state/run-controller';
import type { WorkerLike } from '../../workers/client';
import type { ToWorker } from '../../workers/protocol';

type Cfg = { p: number; steps: number };

class FakeWorker implements WorkerLike {
  sent: ToWorker<Cfg>[] = [];
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  postMessage(m: unknown): void {
    this.sent.push(m as ToWorker<Cfg>);
  }
  terminate(): void {}
  emit(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }
  starts(): Extract<ToWorker<Cfg>, { type: 'start' }>[] {
    return this.sent.filter((m) => m.type === 'start') as Extract<ToWorker<Cfg>, { type: 'start' }>[];
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const host = { addController: vi.fn(), removeController: vi.fn(), requestUpdate: vi.fn(), updateComplete: Promise.resolve(true) };
  const run = new RunController<Cfg, unknown>(host, {
    spawn: () => {
      workers.push(new FakeWorker());
      return workers.at(-1) as FakeWorker;
    },
  });
  return { run, workers, host };
}

const point = (step: number) => ({ step, trainLoss: 1, testLoss: 1, trainAcc: 0.5, testAcc: 0.5 });

describe('RunController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces restarts: many changes while running start one new run', () => {
    const { run, workers } = setup();
    run.train({ p: 5, steps: 10 }, 'cpu');
    for (const p of [7, 11, 13, 17]) {
      run.scheduleRestart({ p, steps: 10 }, 'cpu');
      vi.advanceTimersByTime(RESTART_DEBOUNCE_MS / 3);
    }
    expect(workers[0].starts()).toHaveLength(1);
    vi.advanceTimersByTime(RESTART_DEBOUNCE_MS);
    const starts = workers[0].starts();
    expect(starts).toHaveLength(2);
    expect(starts[1].config.p).toBe(17);
  });

  it('an idle cell records a change but does not start', () => {
    const { run, workers } = setup();
    run.scheduleRestart({ p: 7, steps: 10 }, 'cpu');
    vi.advanceTimersByTime(RESTART_DEBOUNCE_MS * 2);
    expect(workers).toHaveLength(0);
    expect(run.status).toBe('idle');
  });

  it('live changes send the whole config to the running run, without a restart', () => {
    const { run, workers } = setup();
    run.train({ p: 5, steps: 10 }, 'cpu');
    run.applyLive({ p: 5, steps: 20 });
    expect(workers[0].starts()).toHaveLength(1);
    expect(workers[0].sent.at(-1)).toMatchObject({ type: 'config', config: { p: 5, steps: 20 } });
  });

  it('a crash after a live change resumes with the changed config', () => {
    const { run, workers } = setup();
    run.train({ p: 5, steps: 10 }, 'cpu');
    run.applyLive({ p: 5, steps: 40 });
    workers[0].onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    const starts = workers.flatMap((w) => w.starts());
    expect(starts.at(-1)?.config).toEqual({ p: 5, steps: 40 });
  });

  it('keeps history, and restarts a crashed worker from the last checkpoint', () => {
    const { run, workers } = setup();
    const runId = run.train({ p: 5, steps: 100 }, 'cpu') as unknown as number;
    void runId;
    const id = workers[0].starts()[0].runId;
    workers[0].emit({ type: 'metrics', runId: id, points: [point(1), point(2), point(3), point(4)], stepsPerSecond: 5 });
    const checkpoint = { step: 2, tensors: { W: { shape: [1], values: new Float32Array([1]) } } };
    workers[0].emit({ type: 'checkpoint', runId: id, checkpoint });
    workers[0].onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    expect(workers).toHaveLength(2);
    const resumed = workers[1].starts()[0];
    expect(resumed.resume).toEqual(checkpoint);
    expect(run.history.map((p) => p.step)).toEqual([1, 2]);
    expect(run.info.join(' ')).toMatch(/out of memory.*step 2/);
    expect(run.status).toBe('running');
  });

  it('a crash during a pending restart resumes the crashed run with its own config', () => {
    const { run, workers } = setup();
    run.train({ p: 5, steps: 100 }, 'cpu');
    const id = workers[0].starts()[0].runId;
    const checkpoint = { step: 3, tensors: { W: { shape: [1], values: new Float32Array([1]) } } };
    workers[0].emit({ type: 'checkpoint', runId: id, checkpoint });
    run.scheduleRestart({ p: 7, steps: 100 }, 'cpu');
    workers[0].onerror?.({ message: 'gone', preventDefault() {} } as ErrorEvent);
    const resumed = workers[1].starts()[0];
    expect(resumed.config.p).toBe(5);
    expect(resumed.resume).toEqual(checkpoint);
  });

  it('gives up with an error after repeated crashes', () => {
    const { run, workers } = setup();
    run.train({ p: 5, steps: 100 }, 'cpu');
    for (let i = 0; i < 3; i++) workers.at(-1)?.onerror?.({ message: 'dead', preventDefault() {} } as ErrorEvent);
    expect(run.status).toBe('error');
    expect(run.error).toMatch(/dead/);
  });

  it('a backend fallback truncates the history to the step it resumed from', () => {
    const { run, workers } = setup();
    run.train({ p: 5, steps: 100 }, 'cpu');
    const id = workers[0].starts()[0].runId;
    workers[0].emit({ type: 'backend', runId: id, backend: 'webgpu', notes: [] });
    workers[0].emit({ type: 'metrics', runId: id, points: [point(1), point(2), point(3)], stepsPerSecond: 5 });
    workers[0].emit({ type: 'backend', runId: id, backend: 'wasm', notes: ['webgpu failed at step 3'], resumedAt: 1 });
    expect(run.backend).toBe('wasm');
    expect(run.history.map((p) => p.step)).toEqual([1]);
    expect(run.step).toBe(1);
    expect(run.notes).toContain('webgpu failed at step 3');
  });

  describe('warm-up', () => {
    const warmStart = (w: FakeWorker) => w.starts().at(-1) as Extract<ToWorker<Cfg>, { type: 'start' }>;

    it('starts the run paused at step 0 while the cell stays idle; Train with the same settings resumes it', () => {
      const { run, workers } = setup();
      run.warm({ p: 5, steps: 10 }, 'cpu');
      expect(warmStart(workers[0])).toMatchObject({ paused: true, warm: true, config: { p: 5, steps: 10 } });
      expect(run.status).toBe('idle');
      expect(run.warming).toBe(true);
      const id = warmStart(workers[0]).runId;
      workers[0].emit({ type: 'progress', runId: id, message: 'Loading MNIST: 4.1 / 11.0 MB', bytes: { done: 4.1e6, total: 11e6 } });
      expect(run.progressBytes).toEqual({ done: 4.1e6, total: 11e6 });
      workers[0].emit({ type: 'state', runId: id, state: 'paused', step: 0 });
      expect(run.status).toBe('idle');
      expect(run.warmReady).toBe(true);
      run.warm({ p: 5, steps: 10 }, 'cpu'); // already warm: nothing new
      expect(workers[0].starts()).toHaveLength(1);
      run.train({ p: 5, steps: 10 }, 'cpu');
      expect(workers[0].starts()).toHaveLength(1);
      expect(workers[0].sent.at(-1)).toEqual({ type: 'resume', runId: id });
      expect(run.status).toBe('running');
      expect(run.warmReady).toBe(false);
      workers[0].emit({ type: 'metrics', runId: id, points: [point(1)], stepsPerSecond: 3 });
      expect(run.history).toHaveLength(1);
    });

    it('Train with other settings, or another backend, starts afresh; Step on a warm cell takes one step of it', () => {
      const a = setup();
      a.run.warm({ p: 5, steps: 10 }, 'cpu');
      a.run.train({ p: 7, steps: 10 }, 'cpu');
      expect(a.workers[0].starts().map((m) => [m.config.p, Boolean(m.paused)])).toEqual([[5, true], [7, false]]);
      const b = setup();
      b.run.warm({ p: 5, steps: 10 }, 'cpu');
      b.run.train({ p: 5, steps: 10 }, 'wasm');
      expect(b.workers[0].starts()).toHaveLength(2);
      const c = setup();
      c.run.warm({ p: 5, steps: 10 }, 'cpu');
      c.run.stepOnce({ p: 5, steps: 10 }, 'cpu');
      expect(c.workers[0].starts()).toHaveLength(1);
      expect(c.workers[0].sent.at(-1)).toMatchObject({ type: 'step', count: 1 });
      expect(c.run.status).toBe('paused');
    });

    it('warms again after a change of settings (debounced), and cool() lets the worker go', () => {
      const { run, workers } = setup();
      run.warm({ p: 5, steps: 10 }, 'cpu');
      run.scheduleRestart({ p: 7, steps: 10 }, 'cpu');
      run.scheduleRestart({ p: 11, steps: 10 }, 'cpu');
      vi.advanceTimersByTime(RESTART_DEBOUNCE_MS * 2);
      expect(workers[0].starts().map((m) => m.config.p)).toEqual([5, 11]);
      expect(run.status).toBe('idle');
      const terminate = vi.spyOn(workers[0], 'terminate');
      run.cool();
      expect(terminate).toHaveBeenCalled();
      expect(run.warming).toBe(false);
      run.train({ p: 11, steps: 10 }, 'cpu');
      expect(workers).toHaveLength(2);
      expect(workers[1].starts()[0]).toMatchObject({ config: { p: 11 } });
      expect(workers[1].starts()[0].paused).toBeFalsy();
    });

    it('a warm-up that fails says why and leaves the cell idle; one whose worker dies is dropped quietly', () => {
      const { run, workers } = setup();
      run.warm({ p: 5, steps: 10 }, 'cpu');
      workers[0].emit({ type: 'error', runId: warmStart(workers[0]).runId, message: 'Could not load the MNIST digits: HTTP 404', fatal: true });
      expect(run.status).toBe('idle');
      expect(run.error).toMatch(/MNIST/);
      expect(run.warming).toBe(false);
      run.warm({ p: 5, steps: 10 }, 'cpu');
      workers[1].onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
      expect(run.status).toBe('idle');
      expect(run.error).toBeNull();
      expect(run.warming).toBe(false);
    });

    it('an element taken out of the page drops its warm-up: Train afterwards starts a fresh run', () => {
      const { run, workers } = setup();
      run.warm({ p: 5, steps: 10 }, 'cpu');
      run.hostDisconnected();
      expect(run.warming).toBe(false);
      run.train({ p: 5, steps: 10 }, 'cpu');
      expect(workers).toHaveLength(2);
      expect(workers[1].starts()[0]).toMatchObject({ config: { p: 5 } });
      expect(workers[1].starts()[0].paused).toBeFalsy();
    });
  });
});
