import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetProbe, recallProbe, rememberProbe } from '../../src/state/backend-memory';
import { RunController } from '../../src/state/run-controller';
import type { WorkerLike } from '../../workers/client';
import { probeText, type ToWorker } from '../../workers/protocol';

/** A Map-backed localStorage for Node. */
class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

beforeEach(() => {
  vi.stubGlobal('localStorage', new MemoryStorage());
  vi.stubGlobal('navigator', { userAgent: 'TestBrowser/1' });
});
afterEach(() => vi.unstubAllGlobals());

describe('backend memory', () => {
  it('remembers a probe and recalls it in the same browser', () => {
    expect(recallProbe()).toBeNull();
    rememberProbe({ pick: 'wasm', ms: { wasm: 12.5, webgpu: 300 } });
    const r = recallProbe();
    expect(r?.pick).toBe('wasm');
    expect(r?.ms).toEqual({ wasm: 12.5, webgpu: 300 });
    forgetProbe();
    expect(recallProbe()).toBeNull();
  });

  it('forgets a probe taken in another browser version', () => {
    rememberProbe({ pick: 'webgl', ms: { webgl: 3 } });
    vi.stubGlobal('navigator', { userAgent: 'TestBrowser/2' });
    expect(recallProbe()).toBeNull();
  });

  it('treats garbage in storage as no memory, never as a backend', () => {
    for (const raw of ['{', 'null', '42', '{"pick":"tpu","at":"x","userAgent":"TestBrowser/1","ms":{}}', '{"pick":"wasm","userAgent":"TestBrowser/1","ms":{}}']) {
      localStorage.setItem('nb.backendProbe.v1', raw);
      expect(recallProbe()).toBeNull();
    }
    localStorage.setItem('nb.backendProbe.v1', JSON.stringify({ pick: 'wasm', at: '2026-01-01', userAgent: 'TestBrowser/1', ms: { wasm: 'fast', cpu: 9, gpu: 1 } }));
    expect(recallProbe()?.ms).toEqual({ cpu: 9 });
  });

  it('survives storage that throws', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    });
    expect(() => rememberProbe({ pick: 'wasm', ms: {} })).not.toThrow();
    expect(recallProbe()).toBeNull();
  });

  it('writes probe times fastest first', () => {
    expect(probeText({ pick: 'wasm', ms: { webgpu: 312.4, wasm: 4.25, webgl: 40 } })).toBe('wasm 4.3 ms, webgl 40 ms, webgpu 312 ms');
  });
});

describe('RunController and the probe', () => {
  type Cfg = { steps: number };
  function setup() {
    const sent: ToWorker<Cfg>[] = [];
    const worker: WorkerLike = {
      postMessage: (m: unknown) => void sent.push(m as ToWorker<Cfg>),
      terminate: () => {},
      onmessage: null,
      onerror: null,
      onmessageerror: null,
    };
    const host = { addController: vi.fn(), removeController: vi.fn(), requestUpdate: vi.fn(), updateComplete: Promise.resolve(true) };
    const run = new RunController<Cfg, unknown>(host, { spawn: () => worker });
    const emit = (data: unknown) => worker.onmessage?.({ data } as MessageEvent);
    const starts = () => sent.filter((m) => m.type === 'start') as Extract<ToWorker<Cfg>, { type: 'start' }>[];
    return { run, emit, starts };
  }

  it('stores the worker\'s probe, says so, and sends the pick with the next auto run only', () => {
    const { run, emit, starts } = setup();
    run.train({ steps: 5 }, 'auto');
    expect(starts()[0].autoPick).toBeUndefined();
    emit({ type: 'backend', runId: starts()[0].runId, backend: 'wasm', notes: [], probe: { pick: 'wasm', ms: { wasm: 5, webgl: 50 } } });
    expect(run.notes[0]).toMatch(/auto: wasm was the fastest.*wasm 5\.0 ms, webgl 50 ms/);
    expect(recallProbe()?.pick).toBe('wasm');
    run.reset();
    run.train({ steps: 5 }, 'auto');
    expect(starts()[1].autoPick).toBe('wasm');
    emit({ type: 'backend', runId: starts()[1].runId, backend: 'wasm', notes: [] });
    expect(run.notes[0]).toMatch(/probe of \d{4}-\d\d-\d\d/);
    run.reset();
    run.train({ steps: 5 }, 'webgl');
    expect(starts()[2].autoPick).toBeUndefined();
  });

  it('does not remember a probe from a worker that caps WASM\'s threads (its WASM time is for that cell only)', () => {
    const { run, emit, starts } = setup();
    run.train({ steps: 5 }, 'auto');
    emit({ type: 'backend', runId: starts()[0].runId, backend: 'wasm', notes: [], probe: { pick: 'wasm', ms: { wasm: 9, webgl: 40 }, wasmThreadCap: 1 } });
    expect(run.notes[0]).toMatch(/auto: wasm was the fastest.*WASM timed on 1 thread, as this cell runs it; not remembered/);
    expect(recallProbe()).toBeNull();
    run.reset();
    run.train({ steps: 5 }, 'auto');
    expect(starts()[1].autoPick).toBeUndefined(); // the next run probes again
  });

  it('does not claim the probe\'s pick when another backend started instead', () => {
    const { run, emit, starts } = setup();
    rememberProbe({ pick: 'webgpu', ms: { webgpu: 1 } });
    run.train({ steps: 5 }, 'auto');
    emit({ type: 'backend', runId: starts()[0].runId, backend: 'wasm', notes: ['webgpu failed to start'] });
    expect(run.notes).toEqual(['webgpu failed to start']);
  });
});
