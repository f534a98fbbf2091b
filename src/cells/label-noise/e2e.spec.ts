import { expect, test } from '@playwright/test';
import { cell, waitForResults, watchErrors } from '../../../e2e/util';

const SHORT = 'label-noise.cleanSize=10000&label-noise.alpha=1&label-noise.batch=64&label-noise.steps=20';

test('label-noise: a short run on WebGPU loads MNIST, streams its charts and beats chance clearly', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`./?${SHORT}&backend=webgpu`);
  const c = cell(page, 'label-noise');
  // Nothing is fetched before the cell runs.
  expect(requests.filter((p) => p.includes('/data/mnist/'))).toEqual([]);
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => x.status === 'done' && x.testAccuracyStep === 20, 280_000, 'label-noise');
  expect(r.backend).toBe('webgpu');
  expect(r.alpha).toBe(1);
  expect(r.model).toBe('mlp');
  expect(r.testAccuracy as number).toBeGreaterThan(0.3); // chance is 0.1
  test.info().annotations.push({ type: 'result', description: JSON.stringify(r) });
  // Only the shard a 10k clean set needs, and the test set.
  const shards = [...new Set(requests.filter((p) => p.endsWith('.bin.gz')).map((p) => p.split('/').pop()))].sort();
  expect(shards).toEqual(['test.bin.gz', 'train-0.bin.gz']);
  await expect.poll(() => c.locator('nb-plot .main-svg').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
  await expect(c.locator('canvas.nb-digits')).toBeVisible();
  // The finished run joined the summary chart.
  await expect.poll(() => c.locator('nb-plot[filename="labelnoise-summary"] .point').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('label-noise: aiming the noise says the wrong label wins, before any training', async ({ page }) => {
  await page.goto('./');
  const c = cell(page, 'label-noise');
  await expect(c.locator('.nb-cell-lede')).toContainText('the right label is still the most common');
  await c.getByRole('button', { name: /Aimed noise/ }).click();
  await expect(c.locator('.nb-cell-lede')).toContainText('a wrong label outnumbers the right one');
  await expect.poll(() => page.url()).toContain('label-noise.bias=0.1');
});

test('label-noise: a missing data file gives a clear message in the cell, and the page keeps working', async ({ page }) => {
  await page.route('**/data/mnist/test.bin.gz', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(`./?${SHORT}&backend=wasm`);
  const c = cell(page, 'label-noise');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(c.locator('.nb-msg-error')).toContainText(/Could not load the MNIST digits: could not fetch .*test\.bin\.gz \(HTTP 404\)/, { timeout: 60_000 });
  await expect(c).toHaveAttribute('data-status', 'error');
  // Another cell still trains.
  const g = cell(page, 'grokking');
  await expect(g.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
});
