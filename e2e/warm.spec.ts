/**
 * Warm-up before Train (issue 19): a cell the reader scrolls to gets its worker, data and backend
 * ready, showing the download with a progress bar; Train then resumes that run on that worker.
 * A cell far from the viewport does nothing.
 */
import { expect, test } from '@playwright/test';
import { cell, waitForResults, watchErrors } from './util';

const SHORT = 'label-noise.cleanSize=10000&label-noise.alpha=1&label-noise.batch=64&label-noise.steps=20&backend=wasm';

test('a cell scrolled to gets ready with a progress bar; Train then uses that worker and data', async ({ page }) => {
  const errors = watchErrors(page);
  // Every loading line the cells show, as the reader would have seen it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seenProgress: string[] }).seenProgress = seen;
    new MutationObserver(() => {
      for (const li of document.querySelectorAll('.nb-msg-progress')) {
        const bar = li.querySelector('progress');
        const line = `${li.textContent?.trim()}${bar ? ` [bar ${bar.value}/${bar.max}]` : ''}`;
        if (seen.at(-1) !== line) seen.push(line);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`./?${SHORT}`);
  const c = cell(page, 'label-noise');
  await expect(c).toHaveAttribute('data-status', 'idle');
  // Far below the first screen: nothing of this cell is loaded yet.
  expect(fetched.filter((p) => p.includes('/data/mnist/'))).toEqual([]);

  await c.scrollIntoViewIfNeeded();
  await expect.poll(() => page.evaluate(() => (document.querySelector('[data-experiment="label-noise"]') as unknown as { warmState: string | null }).warmState), { timeout: 120_000 }).toBe('ready');
  await expect(c).toHaveAttribute('data-status', 'idle');
  expect(fetched.filter((p) => p.endsWith('.bin.gz')).map((p) => p.split('/').pop()).sort()).toEqual(['test.bin.gz', 'train-0.bin.gz']);
  const seen = await page.evaluate(() => (window as unknown as { seenProgress: string[] }).seenProgress);
  expect(seen.some((l) => /Loading MNIST: \d+\.\d \/ \d+\.\d MB \[bar \d+\/\d+\]/.test(l))).toBe(true);

  const runId = () => page.evaluate(() => (document.querySelector('[data-experiment="label-noise"]') as unknown as { run: { runId: number } }).run.runId);
  // Workers by script: another cell's warm-up may start workers of its own meanwhile, but none of
  // the scripts already running gets a second worker.
  const byScript = () => workers.reduce((m, u) => m.set(u, (m.get(u) ?? 0) + 1), new Map<string, number>());
  const before = { workers: byScript(), run: await runId() };
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => x.status === 'done', 180_000, 'label-noise');
  expect(r.step).toBe(20);
  // The run was the warm one (the same run resumed), on the worker that got ready: no new one for it.
  // (Another cell's warm-up may start its own worker and fetch its data meanwhile.)
  expect(await runId()).toBe(before.run);
  const after = byScript();
  for (const [url, n] of before.workers) expect(after.get(url), url).toBe(n);
  expect(errors).toEqual([]);
});
