import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acceptMessage, WATCHDOG_MS, WorkerClient, type WorkerLike } from '../../workers/client';
import type { FromWorker } from '../../workers/protocol';

class FakeWorker implements WorkerLike {
  sent: unknown[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  postMessage(m: unknown): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }
}

const metrics = (runId: number): FromWorker<unknown> => ({ type: 'metrics', runId, points: [], stepsPerSecond: 1 });

/** A client on fake workers, recording the crashes it reports. */
function setup(stepMs = 0) {
  const workers: FakeWorker[] = [];
  const crashes: string[] = [];
  const c = new WorkerClient<object, unknown>(
    () => {
      workers.push(new FakeWorker());
      return workers.at(-1) as FakeWorker;
    },
    { onMessage: () => {}, onCrash: (r) => crashes.push(r), expectedStepMs: () => stepMs },
  );
  return { c, workers, crashes };
}

describe('worker protocol: stale runs', () => {
  it('acceptMessage takes only the current run and well-formed messages', () => {
    expect(acceptMessage(3, metrics(3))).toBe(true);
    expect(acceptMessage(3, metrics(2))).toBe(false);
    expect(acceptMessage(0, metrics(0))).toBe(false);
    expect(acceptMessage(3, { type: 'bogus', runId: 3 })).toBe(false);
    expect(acceptMessage(3, null)).toBe(false);
    expect(acceptMessage(3, { type: 'metrics' })).toBe(false);
  });

  it('the client drops messages of an older run after a restart', () => {
    const w = new FakeWorker();
    const got: FromWorker<unknown>[] = [];
    const c = new WorkerClient<{ p: number }, unknown>(() => w, { onMessage: (m) => got.push(m), onCrash: () => {} });
    const first = c.start({ p: 5 }, 'cpu');
    w.emit(metrics(first));
    const second = c.start({ p: 7 }, 'cpu');
    expect(second).toBeGreaterThan(first);
    w.emit(metrics(first)); // late message of the old run
    w.emit(metrics(second));
    expect(got.map((m) => m.runId)).toEqual([first, second]);
    c.send({ type: 'pause' });
    expect(w.sent.at(-1)).toEqual({ type: 'pause', runId: second });
    c.stop();
    w.emit(metrics(second));
    expect(got).toHaveLength(2);
  });

  it('reports a crash, lets the worker go, and spawns a new one on the next start', () => {
    const { c, workers, crashes } = setup();
    c.start({}, 'auto');
    workers[0].onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    expect(crashes).toEqual(['boom']);
    expect(workers[0].terminated).toBe(true);
    c.start({}, 'auto');
    expect(workers).toHaveLength(2);
  });
});

describe('the watchdog: a worker that goes quiet', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const beat = (w: FakeWorker, runId: number) => w.emit({ type: 'heartbeat', runId });

  it('a worker that keeps its heartbeat is left alone', () => {
    const { c, workers, crashes } = setup();
    const id = c.start({}, 'auto');
    for (let s = 0; s < 30; s++) {
      vi.advanceTimersByTime(1000);
      beat(workers[0], id);
    }
    expect(crashes).toEqual([]);
    expect(workers[0].terminated).toBe(false);
  });

  it('silence past the limit (a closed or hung worker) terminates it and reports a crash', () => {
    const { c, workers, crashes } = setup();
    const id = c.start({}, 'auto');
    beat(workers[0], id);
    vi.advanceTimersByTime(WATCHDOG_MS - 1000);
    expect(crashes).toEqual([]);
    vi.advanceTimersByTime(2000);
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatch(/stopped answering: nothing for \d+ s/);
    expect(workers[0].terminated).toBe(true);
    c.start({}, 'auto'); // the next run gets a fresh worker
    expect(workers).toHaveLength(2);
  });

  it('a stale run\'s messages do not count as signs of life, and a slow model gets ten step times', () => {
    const { c, workers, crashes } = setup(2000);
    const old = c.start({}, 'auto');
    const id = c.start({}, 'auto');
    for (let s = 0; s < 15; s++) {
      vi.advanceTimersByTime(1000);
      beat(workers[0], old);
    }
    expect(crashes).toEqual([]); // 15 s < 10 × 2 s
    vi.advanceTimersByTime(6000);
    expect(crashes).toHaveLength(1);
    void id;
  });

  it('no run, no watchdog: a stopped or disposed client never reports', () => {
    const { c, crashes } = setup();
    c.start({}, 'auto');
    c.stop();
    vi.advanceTimersByTime(60_000);
    c.start({}, 'auto');
    c.dispose();
    vi.advanceTimersByTime(60_000);
    expect(crashes).toEqual([]);
  });
});

