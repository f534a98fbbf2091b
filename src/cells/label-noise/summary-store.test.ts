import { describe, expect, it } from 'vitest';
import type { SummaryPoint } from './figures';
import { finishedPoint, loadSummary, parseSummary, saveSummary, SUMMARY_KEY, SUMMARY_MAX, SummaryStore, type SummaryStorage } from './summary-store';

/** An in-memory storage that records writes; `fail` makes every access throw (blocked or full). */
function fakeStorage(init: Record<string, string> = {}, fail = false) {
  const items = new Map(Object.entries(init));
  let writes = 0;
  const storage: SummaryStorage = {
    getItem: (k) => {
      if (fail) throw new Error('blocked');
      return items.get(k) ?? null;
    },
    setItem: (k, v) => {
      if (fail) throw new Error('quota');
      writes++;
      items.set(k, v);
    },
  };
  return { storage, items, writes: () => writes };
}

const point = (o: Partial<SummaryPoint> = {}): SummaryPoint => ({
  alpha: 20,
  bias: 0,
  model: 'mlp',
  cleanSize: 60000,
  batch: 512,
  lr: 1e-4,
  steps: 4000,
  testAccuracy: 0.9,
  ...o,
});

const config = { cleanSize: '60000', batch: 512, lr: 1e-4 };
const analysis = { step: 4000, alpha: 20, bias: 0, model: 'mlp', testAccuracy: 0.91 };
const done = { runId: 1, status: 'done', step: 4000 };

describe('label-noise summary store', () => {
  it('reads nothing from a missing, blocked or garbage storage', () => {
    expect(loadSummary(null)).toEqual([]);
    expect(loadSummary(fakeStorage().storage)).toEqual([]);
    expect(loadSummary(fakeStorage({}, true).storage)).toEqual([]);
    expect(loadSummary(fakeStorage({ [SUMMARY_KEY]: '{not json' }).storage)).toEqual([]);
    expect(loadSummary(fakeStorage({ [SUMMARY_KEY]: '{"alpha": 20}' }).storage)).toEqual([]);
  });

  it('drops invalid entries and keeps the valid ones in order', () => {
    const good = [point({ alpha: 5 }), point({ alpha: 50, model: 'conv' })];
    const stored = [
      good[0],
      null,
      7,
      'x',
      { ...point(), model: 'resnet' },
      { ...point(), testAccuracy: null },
      { ...point(), lr: 'fast' },
      (({ steps: _s, ...rest }) => rest)(point()),
      good[1],
    ];
    expect(parseSummary(JSON.stringify(stored))).toEqual(good);
  });

  it('keeps the last SUMMARY_MAX points', () => {
    const many = Array.from({ length: SUMMARY_MAX + 5 }, (_, i) => point({ steps: i + 1 }));
    const got = parseSummary(JSON.stringify(many));
    expect(got).toHaveLength(SUMMARY_MAX);
    expect(got[0].steps).toBe(6);
    expect(got.at(-1)?.steps).toBe(SUMMARY_MAX + 5);
  });

  it('saves as JSON under its key and ignores a failing storage', () => {
    const f = fakeStorage();
    saveSummary(f.storage, [point()]);
    expect(JSON.parse(f.items.get(SUMMARY_KEY) ?? '')).toEqual([point()]);
    expect(() => saveSummary(fakeStorage({}, true).storage, [point()])).not.toThrow();
    expect(() => saveSummary(null, [point()])).not.toThrow();
  });

  it('takes a point only from a finished run whose analysis is of its last step', () => {
    expect(finishedPoint(done, analysis, config)).toEqual(point({ testAccuracy: 0.91 }));
    expect(finishedPoint({ ...done, status: 'running' }, analysis, config)).toBeNull();
    expect(finishedPoint({ ...done, status: 'paused' }, analysis, config)).toBeNull();
    expect(finishedPoint(done, null, config)).toBeNull();
    expect(finishedPoint(done, { ...analysis, step: 3990 }, config)).toBeNull();
    expect(finishedPoint({ ...done, step: 0 }, { ...analysis, step: 0 }, config)).toBeNull();
  });

  it('a finished run joins the summary once, and the summary is saved', () => {
    const f = fakeStorage({ [SUMMARY_KEY]: JSON.stringify([point({ alpha: 5 })]) });
    const s = new SummaryStore(f.storage);
    expect(s.points).toHaveLength(1);
    const before = s.points;
    expect(s.recordRun({ ...done, status: 'running' }, analysis, config)).toBe(false);
    expect(s.recordRun(done, analysis, config)).toBe(true);
    expect(s.points).not.toBe(before);
    expect(s.recordRun(done, analysis, config)).toBe(false);
    expect(s.points).toHaveLength(2);
    expect(f.writes()).toBe(1);
    expect(new SummaryStore(f.storage).points).toEqual(s.points);
    expect(s.recordRun({ ...done, runId: 2 }, analysis, config)).toBe(true);
    expect(s.points).toHaveLength(3);
  });

  it('caps the summary at SUMMARY_MAX, dropping the oldest', () => {
    const full = Array.from({ length: SUMMARY_MAX }, (_, i) => point({ steps: i + 1 }));
    const s = new SummaryStore(fakeStorage({ [SUMMARY_KEY]: JSON.stringify(full) }).storage);
    s.recordRun(done, analysis, config);
    expect(s.points).toHaveLength(SUMMARY_MAX);
    expect(s.points[0].steps).toBe(2);
    expect(s.points.at(-1)?.testAccuracy).toBe(0.91);
  });

  it('clears the summary in the storage too, and works without a storage', () => {
    const f = fakeStorage({ [SUMMARY_KEY]: JSON.stringify([point()]) });
    const s = new SummaryStore(f.storage);
    s.clear();
    expect(s.points).toEqual([]);
    expect(f.items.get(SUMMARY_KEY)).toBe('[]');
    const page = new SummaryStore(fakeStorage({}, true).storage);
    expect(page.recordRun(done, analysis, config)).toBe(true);
    expect(page.points).toHaveLength(1);
  });
});
