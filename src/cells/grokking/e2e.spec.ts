import { expect, test } from '@playwright/test';
import { cell, results, waitForResults, watchErrors } from '../../../e2e/util';

const TINY = 'grokking.p=23&grokking.width=128';

for (const backend of ['webgpu', 'webgl', 'wasm'] as const) {
  test(`grokking trains to 99% test accuracy on ${backend}`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`./?${TINY}&grokking.steps=600&backend=${backend}`);
    await cell(page).getByRole('button', { name: 'Train', exact: true }).click();
    const r = await waitForResults(page, (x) => (x.testAcc ?? 0) >= 0.99);
    expect(r.backend).toBe(backend);
    expect(r.test99Step).not.toBeNull();
    test.info().annotations.push({ type: 'result', description: `${backend}: test 99% at step ${r.test99Step}, ${r.stepsPerSecond} steps/s` });
    // Every chart drew something, and the clock face has one labelled point per residue.
    await expect(cell(page).locator('nb-plot .main-svg').first()).toBeVisible();
    await expect.poll(() => cell(page).locator('nb-plot .main-svg').count()).toBeGreaterThanOrEqual(4);
    // The clock face holds one point per residue (23).
    await expect.poll(() => cell(page).locator('nb-plot[filename="grokking-clock"] .point').count()).toBe(23);
    await expect(cell(page).locator('.nb-phase')).toHaveText(/generalis/);
    expect(errors).toEqual([]);
  });
}

test('a link with garbage values shows messages and still trains', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./?grokking.p=24&grokking.seed=banana&grokking.lr=1e9&grokking.width=128&grokking.frac=%3Cscript%3E&backend=quantum&zzz=1');
  const c = cell(page);
  await expect(c.locator('.nb-msg-warn')).toHaveCount(5);
  await expect(c).toContainText('grokking.p: 24 is not prime');
  await expect(c).toContainText('grokking.seed: "banana" is not a number; using 0');
  await expect(c).toContainText('backend: must be one of');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => x.step >= 3);
  expect(r.p).toBe(97);
  expect(errors).toEqual([]);
});

test('a bad typed value is refused inline and the run goes on; lr applies live', async ({ page }) => {
  await page.goto(`./?${TINY}&grokking.steps=100000&backend=wasm`);
  const c = cell(page);
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForResults(page, (x) => x.step >= 20);
  const runBefore = await page.evaluate(() => (document.querySelector('nb-grokking-cell') as unknown as { run: { runId: number } }).run.runId);
  const pBox = c.getByRole('textbox', { name: 'modulus p value' });
  await pBox.fill('24');
  await pBox.press('Enter');
  await expect(c.locator('.nb-param-problem')).toContainText('24 is not prime');
  const lrBox = c.getByRole('textbox', { name: 'learning rate value' });
  await lrBox.fill('0.003');
  await lrBox.press('Enter');
  const stepNow = (await results(page)).step;
  await waitForResults(page, (x) => x.step > stepNow + 10);
  const runAfter = await page.evaluate(() => (document.querySelector('nb-grokking-cell') as unknown as { run: { runId: number } }).run.runId);
  expect(runAfter).toBe(runBefore); // neither the refused p nor the live lr restarted the run
  expect(page.url()).toContain('grokking.lr=0.003');
  expect(page.url()).not.toContain('grokking.p=24');
  // A valid p restarts the run (debounced) and lands in the URL.
  await pBox.fill('29');
  await pBox.press('Enter');
  await expect.poll(() => page.evaluate(() => (document.querySelector('nb-grokking-cell') as unknown as { run: { runId: number } }).run.runId)).toBeGreaterThan(runBefore);
  expect(page.url()).toContain('grokking.p=29');
  expect((await results(page)).p).toBe(29);
});

test('a backend failure mid-run falls back and keeps the charts; a dead worker is restarted', async ({ page }) => {
  await page.goto(`./?${TINY}&grokking.steps=600&backend=webgl`);
  const c = cell(page);
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForResults(page, (x) => x.backend === 'webgl' && x.step >= 30);
  await page.evaluate(() => (document.querySelector('nb-grokking-cell') as unknown as { injectFault(f: string): void }).injectFault('backend'));
  const r = await waitForResults(page, (x) => x.backend !== 'webgl' && x.backend !== null && x.step >= 40);
  expect(['wasm', 'cpu']).toContain(r.backend);
  await expect(c.locator('.nb-msg-note')).toContainText(/webgl failed at step \d+: simulated backend failure/);
  await waitForResults(page, (x) => x.step >= 60);
  await page.evaluate(() => (document.querySelector('nb-grokking-cell') as unknown as { injectFault(f: string): void }).injectFault('crash'));
  await expect(c.locator('.nb-msg-warn')).toContainText(/training worker stopped .*Restarted it from step \d+/);
  await waitForResults(page, (x) => (x.testAcc ?? 0) >= 0.99);
});

for (const fault of ['close', 'hang'] as const) {
  test(`a worker that ${fault === 'close' ? 'closes without an error' : 'hangs in a loop'} is noticed, replaced and resumed from its checkpoint`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`./?${TINY}&grokking.steps=100000&backend=wasm`);
    const c = cell(page);
    await c.getByRole('button', { name: 'Train', exact: true }).click();
    // Past the first checkpoint (every 3 s), so the restart resumes rather than starts over.
    await waitForResults(page, (x) => x.step >= 30);
    await page.waitForTimeout(3500);
    const before = (await results(page)).step;
    await page.evaluate((f) => (document.querySelector('nb-grokking-cell') as unknown as { injectFault(f: string): void }).injectFault(f), fault);
    await expect(c.locator('.nb-msg-warn')).toContainText(/training worker stopped \(it stopped answering: nothing for \d+ s\)\. Restarted it from step \d+/, { timeout: 30_000 });
    const r = await waitForResults(page, (x) => x.status === 'running' && x.step > before + 20, 60_000);
    expect(r.status).toBe('running');
  });
}

test('Reset tears a stuck worker down: Train afterwards runs on a fresh one', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./?${TINY}&grokking.steps=100000&backend=wasm`);
  const c = cell(page);
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForResults(page, (x) => x.step >= 10);
  await page.evaluate(() => (document.querySelector('nb-grokking-cell') as unknown as { injectFault(f: string): void }).injectFault('hang'));
  await c.getByRole('button', { name: 'Reset', exact: true }).click();
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForResults(page, (x) => x.status === 'running' && x.step >= 20, 60_000);
});

// The 50 ms target is a benchmark figure (npm run bench: long tasks while each cell trains); on a
// shared 2-core machine a timed bound is noise. This guards against a frozen page: training on the
// main thread, or a chart redraw that blocks for the length of a run.
test('the main thread stays responsive while training (no task over 500 ms)', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.goto(`./?${TINY}&grokking.steps=100000&backend=wasm`);
  // The page's own load (the chart library is fetched and compiled on idle) is not under test.
  await expect(page.locator('html')).toHaveAttribute('data-plotly', 'ready');
  await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
  await cell(page).getByRole('button', { name: 'Train', exact: true }).click();
  await waitForResults(page, (x) => x.step >= 300);
  await page.waitForTimeout(3000);
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  test.info().annotations.push({ type: 'longtasks', description: JSON.stringify(tasks.map(Math.round)) });
  expect(Math.max(0, ...tasks)).toBeLessThan(500);
});

test('the same link and backend give the same run', async ({ page }) => {
  await page.goto(`./?${TINY}&grokking.steps=40&grokking.seed=7&backend=wasm`);
  const c = cell(page);
  const losses = async () =>
    page.evaluate(() => (document.querySelector('nb-grokking-cell') as unknown as { run: { history: { trainLoss: number }[] } }).run.history.map((p) => p.trainLoss));
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForResults(page, (x) => x.status === 'done');
  const first = await losses();
  await c.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(c).toHaveAttribute('data-status', 'idle');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForResults(page, (x) => x.status === 'done');
  const second = await losses();
  expect(first.length).toBe(40);
  expect(second).toEqual(first);
});

test('Step on a paused run takes exactly the steps asked for, also on a GPU backend', async ({ page }) => {
  await page.goto(`./?${TINY}&grokking.steps=1000&backend=webgl`);
  const c = cell(page);
  const step = c.getByRole('button', { name: 'Step', exact: true });
  await step.click();
  await waitForResults(page, (x) => x.step === 1 && x.status === 'paused');
  // Two quick clicks: the second lands while the worker is still busy with the first.
  await step.click();
  await step.click();
  const r = await waitForResults(page, (x) => x.step === 3 && x.status === 'paused');
  expect(r.backend).toBe('webgl');
  await c.getByRole('button', { name: 'Resume' }).click();
  await waitForResults(page, (x) => x.step > 20 && x.status === 'running');
});
