import { describe, expect, it, vi } from 'vitest';
import { WarmQueue } from '../../src/state/warm-queue';

describe('WarmQueue', () => {
  it('runs warm-ups one at a time, in order, and moves on past a failing or stuck one', async () => {
    vi.useFakeTimers();
    try {
      const q = new WarmQueue(1000);
      const log: string[] = [];
      const job = (name: string, ms: number, fail = false) => () =>
        new Promise<void>((resolve, reject) => {
          log.push(`start ${name}`);
          setTimeout(() => (log.push(`end ${name}`), fail ? reject(new Error(name)) : resolve()), ms);
        });
      q.add(job('a', 100));
      q.add(job('b', 50, true));
      q.add(job('stuck', 60_000));
      q.add(job('c', 10));
      expect(log).toEqual(['start a']);
      expect(q.waiting).toBe(3);
      await vi.advanceTimersByTimeAsync(100);
      expect(log).toEqual(['start a', 'end a', 'start b']);
      await vi.advanceTimersByTimeAsync(50);
      expect(log.slice(-2)).toEqual(['end b', 'start stuck']);
      await vi.advanceTimersByTimeAsync(999);
      expect(log.at(-1)).toBe('start stuck');
      await vi.advanceTimersByTimeAsync(1);
      expect(log.at(-1)).toBe('start c');
      await vi.advanceTimersByTimeAsync(10);
      expect(log.at(-1)).toBe('end c');
      expect(q.waiting).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts no warm-up while the page is busy (a cell training), and goes on when it is not', async () => {
    vi.useFakeTimers();
    try {
      let busy = true;
      const q = new WarmQueue(1000, () => busy, 100);
      const log: string[] = [];
      q.add(async () => void log.push('a'));
      await vi.advanceTimersByTimeAsync(5000);
      expect(log).toEqual([]);
      busy = false;
      await vi.advanceTimersByTimeAsync(100);
      expect(log).toEqual(['a']);
    } finally {
      vi.useRealTimers();
    }
  });
});
