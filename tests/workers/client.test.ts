import { describe, expect, it } from 'vitest';
import { acceptMessage, WorkerClient, type WorkerLike } from '../../workers/client';
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
    const workers: FakeWorker[] = [];
    const crashes: string[] = [];
    const c = new WorkerClient<object, unknown>(
      () => {
        workers.push(new FakeWorker());
        return workers.at(-1) as FakeWorker;
      },
      { onMessage: () => {}, onCrash: (r) => crashes.push(r) },
    );
    c.start({}, 'auto');
    workers[0].onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    expect(crashes).toEqual(['boom']);
    expect(workers[0].terminated).toBe(true);
    c.start({}, 'auto');
    expect(workers).toHaveLength(2);
  });
});
